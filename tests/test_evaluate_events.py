"""`amity evaluate events` on the real PLOVER gold-standard dev records."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from amity.cli import app
from amity.errors import DataFileError, NotFoundError
from amity.evaluate.events import evaluate_events, load_gold, score_events, source_target
from amity.nlp.actors import ActorTagger

COOPERATIVE = ("AGREE", "CONSULT", "SUPPORT", "COOPERATE", "AID", "CONCEDE", "RETREAT")


@pytest.fixture(scope="session")
def gold_path(shared: Path) -> Path:
    return shared / "corpus" / "plover" / "plover-gsr-dev.json"


@pytest.fixture(scope="session")
def scores(gold_path: Path) -> dict[str, Any]:
    return evaluate_events(gold_path)


def test_gold_skips_documentation_and_maps_legacy_names(gold_path: Path) -> None:
    items = load_gold(gold_path)
    assert len(items) == 161
    events = {i.event for i in items}
    assert "DOCUMENT" not in events
    assert not events & {"DEMAND", "DISAPPROVE", "INVESTIGATE", "FIGHT"}
    assert {"REQUEST", "ACCUSE", "ASSAULT"} <= events


def test_dev_scores_meet_the_floor(scores: dict[str, Any]) -> None:
    assert scores["n"] == 161
    assert scores["event"]["accuracy"] >= 0.70
    assert scores["event"]["macro_f1"] >= 0.60
    per_type = scores["event"]["per_type"]
    for name in COOPERATIVE:
        assert per_type[name]["recall"] > 0, name
        assert set(per_type[name]) == {"precision", "recall", "f1", "support"}
    assert scores["source_country_accuracy"] >= 0.60
    assert scores["target_country_accuracy"] >= 0.50
    acts = scores["acts"]
    assert acts["state_act_records"] == 67 and acts["found"] >= 10  # a state acting on another country
    assert acts["source_accuracy"] >= 0.9 and acts["event_accuracy"] >= 0.9


def test_scoring_arithmetic() -> None:
    result = score_events(["AGREE", "AGREE", "REJECT", "ASSAULT"], ["AGREE", "REJECT", "REJECT", "none"])
    assert result["accuracy"] == 0.5
    assert result["per_type"]["AGREE"] == {"precision": 1.0, "recall": 0.5, "f1": 0.6667, "support": 2}
    assert result["per_type"]["REJECT"]["precision"] == 0.5
    assert result["per_type"]["ASSAULT"]["recall"] == 0.0
    assert result["macro_f1"] == round((0.6667 + 0.6667 + 0.0) / 3, 4)


def test_source_and_target_heuristic() -> None:
    from amity.coding.events import classify_event

    tagger = ActorTagger.default()
    text = "Thailand extradited a British fugitive to the United Kingdom."
    assert source_target(text, classify_event(text)[1], tagger) == ("THA", "GBR")
    passive = "A Laotian village was attacked by Burmese militiamen on Sunday."
    assert source_target(passive, classify_event(passive)[1], tagger) == ("MMR", "LAO")
    domestic = "Cambodian police arrested 40 opposition activists."
    assert source_target(domestic, classify_event(domestic)[1], tagger) == ("KHM", "KHM")


def test_bad_gold_files(tmp_path: Path) -> None:
    with pytest.raises(NotFoundError):
        load_gold(tmp_path / "missing.json")
    bad = tmp_path / "bad.json"
    bad.write_text('[{"event": "AGREE"}]', encoding="utf-8")
    with pytest.raises(DataFileError, match="text"):
        load_gold(bad)
    bad.write_text('{"event": "AGREE"}', encoding="utf-8")
    with pytest.raises(DataFileError, match="array"):
        load_gold(bad)


def test_cli_prints_json(gold_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", "events", "--gold", str(gold_path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert {"n", "event", "source_country_accuracy", "target_country_accuracy"} <= set(data)
    assert {"accuracy", "macro_f1", "per_type"} <= set(data["event"])
    assert "errors" not in data


def test_cli_table_and_missing_file(gold_path: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(app, ["evaluate", "events", "--gold", str(gold_path)])
    assert result.exit_code == 0 and "event type accuracy" in result.output and "reported acts" in result.output
    missing = runner.invoke(app, ["evaluate", "events", "--gold", str(tmp_path / "none.json")])
    assert missing.exit_code == 2
