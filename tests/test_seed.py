"""Acceptance of the whole pipeline on the seed article, against ../shared/gold/seed.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from amity.cli import app


@pytest.fixture(scope="session")
def gold(shared: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((shared / "gold" / "seed.json").read_text("utf-8"))
    return data


@pytest.fixture(scope="session")
def output(shared: Path) -> dict[str, Any]:
    seed = sorted((shared / "corpus" / "seed").glob("*.txt"))
    result = CliRunner().invoke(app, ["analyze", *map(str, seed), "--format", "json"])
    assert result.exit_code == 0, result.output
    data: dict[str, Any] = json.loads(result.stdout)
    return data


@pytest.fixture(scope="session")
def doc(output: dict[str, Any]) -> dict[str, Any]:
    assert len(output["documents"]) == 1
    document: dict[str, Any] = output["documents"][0]
    return document


def _match(doc: dict[str, Any], anchor: str) -> dict[str, Any] | None:
    return next((s for s in doc["statements"] if anchor in s["text"]), None)


def test_json_shape(doc: dict[str, Any]) -> None:
    assert set(doc) >= {"metadata", "text", "statements", "quarantined"}
    assert set(doc["metadata"]) >= {"title", "source", "published", "editor", "authors", "dateline"}
    assert doc["quarantined"] == ""
    for st in doc["statements"]:
        assert set(st) >= {"text", "speaker", "kind", "pillars", "primary_pillar", "sub_areas", "mechanisms",
                           "dyads", "event_type", "tone", "evidence"}
        assert set(st["speaker"]) >= {"name", "title", "organisation", "country"}
        assert st["kind"] in {"direct", "indirect", "mixed", "according-to"}
        for ev in st["evidence"]:
            assert doc["text"][ev["start"]:ev["end"]] == ev["text"]


def test_metadata_equals_gold(doc: dict[str, Any], gold: dict[str, Any]) -> None:
    for key in ("title", "source", "published", "editor", "authors", "dateline"):
        assert doc["metadata"][key] == gold["metadata"][key], key
    assert "Video PlayerClose" not in doc["text"]


def test_all_gold_statements_found_and_attributed(doc: dict[str, Any], gold: dict[str, Any]) -> None:
    missing = [g["anchor"] for g in gold["statements"] if _match(doc, g["anchor"]) is None]
    assert not missing
    for g in gold["statements"]:
        st = _match(doc, g["anchor"])
        assert st is not None
        assert st["speaker"]["name"] == "Sok Soken", g["anchor"]
        assert st["speaker"]["title"] == "Under-Secretary of State", g["anchor"]
        assert st["speaker"]["country"] == "KHM", g["anchor"]


def test_primary_pillar(doc: dict[str, Any], gold: dict[str, Any]) -> None:
    right = 0
    for g in gold["statements"]:
        st = _match(doc, g["anchor"])
        right += st is not None and st["primary_pillar"] == g["primary"]
    assert right >= 14


def test_no_statement_by_authors_or_editor(doc: dict[str, Any], gold: dict[str, Any]) -> None:
    speakers = {s["speaker"]["name"] for s in doc["statements"]}
    assert not speakers & set(gold["not_speakers"])


def test_mechanisms_and_dyad(doc: dict[str, Any], gold: dict[str, Any]) -> None:
    found = {m for s in doc["statements"] for m in s["mechanisms"]} | set(doc.get("mechanisms", []))
    assert set(gold["mechanisms"]) <= found
    dyads = {tuple(sorted(d)) for s in doc["statements"] for d in s["dyads"]}
    assert ("CHN", "KHM") in dyads
