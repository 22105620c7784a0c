"""`amity evaluate pillars`: scoring logic and the acceptance figures on the dev sets."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from amity.cli import app
from amity.coding.coder import Coder
from amity.coding.framework import load_framework
from amity.errors import DataFileError
from amity.evaluate.pillars import GoldItem, evaluate_pillars, load_gold, score_predictions


@pytest.fixture(scope="session")
def coder() -> Coder:
    return Coder(load_framework("three-pillars"))


@pytest.fixture(scope="session")
def dev_scores(shared: Path, coder: Coder) -> dict[str, dict[str, Any]]:
    return {name: evaluate_pillars(shared / "gold" / f"{name}-dev.jsonl", coder) for name in ("headlines", "speeches")}


@pytest.mark.parametrize("name", ["headlines", "speeches"])
def test_dev_acceptance(dev_scores: dict[str, dict[str, Any]], name: str) -> None:
    scores = dev_scores[name]
    assert scores["relevance"]["f1"] >= 0.85, scores["relevance"]
    assert scores["primary"]["macro_f1"] >= 0.80, scores["primary"]


def test_json_keys(dev_scores: dict[str, dict[str, Any]]) -> None:
    scores = dev_scores["headlines"]
    assert scores["n"] == 200
    assert set(scores["relevance"]) == {"precision", "recall", "f1"}
    assert {"accuracy", "macro_f1"} <= set(scores["primary"])
    assert set(scores["pillars"]["per_pillar"]) == {"P1", "P2", "P3"}
    assert set(scores["pillars"]["per_pillar"]["P1"]) == {"precision", "recall", "f1"}
    assert "accuracy" in scores["tone"]
    for err in scores["errors"]:
        assert {"id", "text", "gold", "predicted"} <= set(err)
        assert set(err["gold"]) == set(err["predicted"]) == {"relevant", "pillars", "primary", "tone"}


def _item(i: int, relevant: bool, primary: str | None, tone: str | None = None) -> GoldItem:
    return GoldItem(str(i), "x", relevant, (primary,) if primary else (), primary, tone)


def _pred(relevant: bool, primary: str | None, tone: str | None = None) -> dict[str, Any]:
    return {"relevant": relevant, "pillars": [primary] if primary else [], "primary": primary, "tone": tone}


def test_scoring_by_hand() -> None:
    gold = [_item(1, True, "P1", "cooperative"), _item(2, True, "P2", "neutral"), _item(3, False, None),
            _item(4, True, "P3", "cooperative")]
    pred = [_pred(True, "P1", "cooperative"), _pred(False, None), _pred(True, "P1", "neutral"),
            _pred(True, "P1", "cooperative")]
    s = score_predictions(gold, pred, ("P1", "P2", "P3"))
    # relevance: tp 2 (items 1, 4), fp 1 (item 3), fn 1 (item 2)
    assert s["relevance"] == {"precision": 0.6667, "recall": 0.6667, "f1": 0.6667}
    # primary over gold-relevant items 1, 2, 4: only item 1 right; "not relevant" counts as wrong
    assert s["primary"]["accuracy"] == pytest.approx(1 / 3, abs=1e-3)
    # P1: p=1/2, r=1 -> 0.667; P2: 0; P3: 0 -> macro 0.222
    assert s["primary"]["macro_f1"] == pytest.approx(0.2222, abs=1e-3)
    assert s["tone"]["accuracy"] == pytest.approx(2 / 3, abs=1e-3)
    assert [e["id"] for e in s["errors"]] == ["2", "3", "4"]


def test_bad_gold_file_names_line(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    path.write_text('{"id": "a", "text": "China and Laos sign a deal", "relevant": true, "primary": "P2"}\n'
                    '{"id": "b", "relevant": true}\n', encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_gold(path)
    assert f"{path}:2" in str(info.value) and "'text'" in str(info.value)


def test_cli_json(shared: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", "pillars", "--gold", str(shared / "gold" / "headlines-dev.jsonl"),
                                      "--json"])
    assert result.exit_code == 0, result.output
    scores = json.loads(result.stdout)
    assert {"n", "relevance", "primary", "pillars", "tone", "errors"} <= set(scores)
    table = CliRunner().invoke(app, ["evaluate", "pillars", "--gold",
                                     str(shared / "gold" / "speeches-dev.jsonl"), "--errors", "2"])
    assert table.exit_code == 0 and "macro-F1" in table.stdout


def test_gold_for_another_framework_is_refused(shared: Path) -> None:
    with pytest.raises(DataFileError, match="does not have"):
        evaluate_pillars(shared / "gold" / "headlines-dev.jsonl", Coder(load_framework("asean")))


def test_cli_unknown_framework_fails_cleanly(shared: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", "pillars", "--gold", str(shared / "gold" / "headlines-dev.jsonl"),
                                      "--framework", "three-pilars"])
    assert result.exit_code == 2
    assert "E201" in result.output and "three-pillars" in result.output
