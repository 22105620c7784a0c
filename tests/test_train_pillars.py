"""`amity train pillars`: a JSON (never pickle) linear model, its checks on load, and cross-validation."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amity.cli import app
from amity.coding.coder import Coder
from amity.coding.framework import load_framework
from amity.coding.pillar_model import PillarModel, cross_validate, train_pillar_model
from amity.errors import ModelError
from amity.evaluate.pillars import evaluate_pillars, load_gold


@pytest.fixture(scope="session")
def model_path(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("model") / "pillars.json"
    result = CliRunner().invoke(app, ["train", "pillars", "--gold", str(shared / "gold" / "speeches-dev.jsonl"),
                                      "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_model_file_is_json_with_header(model_path: Path) -> None:
    raw = json.loads(model_path.read_text("utf-8"))
    assert raw["kind"] == "pillars" and raw["format_version"] == 1 and raw["framework"] == "three-pillars"
    assert raw["classes"] == ["none", "P1", "P2", "P3"]
    assert len(raw["weights"]) == len(raw["vocab"]) + 4


def test_trained_model_codes_and_fits_its_training_data(model_path: Path, shared: Path) -> None:
    coder = Coder(load_framework("three-pillars"), model=model_path)
    c = coder.code_text("China and Laos sign a deal to build a railway and expand trade and investment")
    assert c.relevant and c.primary_pillar == "P2" and "p_P2" in c.scores
    # Training-set fit only shows that learning works; honest figures come from cross-validation below.
    scores = evaluate_pillars(shared / "gold" / "speeches-dev.jsonl", coder)
    assert scores["primary"]["accuracy"] > 0.85


def test_load_checks_framework_kind_and_version(model_path: Path, tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="framework 'three-pillars', not 'lmc'"):
        Coder(load_framework("lmc"), model=model_path)
    raw = json.loads(model_path.read_text("utf-8"))
    for key, value, message in (("kind", "quotes", "kind"), ("format_version", 99, "format_version")):
        bad = tmp_path / f"bad-{key}.json"
        bad.write_text(json.dumps({**raw, key: value}), encoding="utf-8")
        with pytest.raises(ModelError, match=message):
            PillarModel.load(bad, load_framework("three-pillars"))
    with pytest.raises(ModelError, match="not found"):
        PillarModel.load(tmp_path / "none.json", load_framework("three-pillars"))
    garbage = tmp_path / "garbage.json"
    garbage.write_bytes(b"\x80\x04not json")
    with pytest.raises(ModelError):
        PillarModel.load(garbage, load_framework("three-pillars"))


def test_labels_must_fit_the_framework(shared: Path) -> None:
    with pytest.raises(ModelError, match="lacks"):
        train_pillar_model(load_gold(shared / "gold" / "speeches-dev.jsonl"), load_framework("asean"))


def test_cross_validation_never_tests_on_training_items(shared: Path) -> None:
    items = load_gold(shared / "gold" / "speeches-dev.jsonl")
    scores = cross_validate(items, load_framework("three-pillars"), k=4)
    assert scores["cv_folds"] == 4 and scores["n"] == len(items)
    # held-out predictions are clearly worse than the fit on the training data but far above chance
    assert 0.5 < scores["primary"]["accuracy"] < 0.99
    with pytest.raises(ModelError):
        cross_validate(items, load_framework("three-pillars"), k=1)


def test_cli_cv_option(shared: Path, tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["train", "pillars", "--gold", str(shared / "gold" / "speeches-dev.jsonl"),
                                      "--out", str(tmp_path / "m.json"), "--cv", "3"])
    assert result.exit_code == 0, result.output
    assert "3-fold cross-validation" in result.stdout and (tmp_path / "m.json").is_file()


def test_labels_of_one_kind_teach_nothing() -> None:
    from amity.evaluate.pillars import GoldItem

    items = [GoldItem(str(i), f"Story {i} about the weather and football results.", False, (), None, None)
             for i in range(3)]
    with pytest.raises(ModelError, match="at least two labels"):
        train_pillar_model(items, load_framework("three-pillars"))
