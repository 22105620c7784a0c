"""`amity evaluate quotes`: brat reading, scoring, and the default rules' figures on PolNeAR dev."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amity.cli import app
from amity.errors import DataFileError, NotFoundError
from amity.evaluate.quotes import GoldAttribution, load_gold, parse_ann, score_documents

TEXT = "Alpha said the plan works.\nIt was, he added, \"a fine\nplan\" overall."


def _ann() -> str:
    # Offsets computed from TEXT so the test says what it checks.
    s1, c1 = TEXT.index("Alpha"), TEXT.index("said")
    t1 = TEXT.index("the plan works")
    he, added = TEXT.index("he added"), TEXT.index("added")
    frag1 = (TEXT.index("It was"), TEXT.index("It was") + len("It was"))
    frag2 = (TEXT.index('"a fine'), TEXT.index("overall") - 1)
    return "\n".join([
        f"T1\tSource {s1} {s1 + 5}\tAlpha",
        f"T2\tCue {c1} {c1 + 4}\tsaid",
        f"T3\tContent {t1} {t1 + len('the plan works')}\tthe plan works",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        f"T5\tSource {he} {he + 2}\the",
        f"T6\tCue {added} {added + 5}\tadded",
        f"T7\tContent {frag1[0]} {frag1[1]};{frag2[0]} {frag2[1]}\tIt was \"a fine",
        "plan\"",  # a span text with a line break continues on the next line
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
        f"T9\tCue {c1} {c1 + 4}\tsaid",
        f"T10\tContent {t1} {t1 + 3}\tthe",
        "E3\tAttribution-no-source:T11 Content:T10 Cue:T9",
        "T12\tDiscard 0 5\tAlpha",
    ])


def test_parse_ann_reads_discontinuous_spans_and_missing_sources() -> None:
    atts = parse_ann(_ann(), TEXT)
    assert len(atts) == 3
    first, second, third = atts
    assert TEXT[first.source[0][0]:first.source[0][1]] == "Alpha"  # type: ignore[index]
    assert len(second.content) == 2
    assert third.source is None


def test_parse_ann_rejects_bad_offsets() -> None:
    with pytest.raises(DataFileError, match="bad offsets"):
        parse_ann("T1\tSource x y\tAlpha", TEXT)


def test_scores_perfect_and_partial() -> None:
    gold = parse_ann(_ann(), TEXT)
    perfect = score_documents(iter([(gold, gold)]))
    assert perfect["attribution"]["exact"]["f1"] == 1.0
    shifted = [GoldAttribution(g.source, g.cue, ((g.content[0][0], g.content[0][1] - 1),)) for g in gold]
    partial = score_documents(iter([(shifted, gold)]))
    assert partial["content"]["exact"]["f1"] < 1.0
    assert partial["content"]["overlap"]["f1"] == 1.0
    no_source = [GoldAttribution(None, g.cue, g.content) for g in gold]
    scored = score_documents(iter([(no_source, gold)]))
    assert scored["attribution"]["overlap"]["recall"] == pytest.approx(1 / 3, abs=1e-3)


def test_load_gold_uses_the_first_annotator(tmp_path: Path) -> None:
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "doc.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "attributions" / "doc_b2.ann").write_text("", encoding="utf-8")
    (tmp_path / "attributions" / "doc_a1.ann").write_text(_ann(), encoding="utf-8")
    docs = load_gold(tmp_path)
    assert len(docs) == 1 and docs[0].annotator == "a1" and len(docs[0].attributions) == 3
    with pytest.raises(NotFoundError):
        load_gold(tmp_path / "missing")
    # For training, every annotation of the article, first annotator first.
    both = load_gold(tmp_path, all_annotators=True)
    assert [(d.name, d.annotator, len(d.attributions)) for d in both] == [("doc", "a1", 3), ("doc", "b2", 0)]


@pytest.fixture(scope="module")
def dev_scores(shared: Path) -> dict[str, object]:
    result = CliRunner().invoke(
        app, ["evaluate", "quotes", "--gold", str(shared / "corpus/polnear/data/dev"), "--json"]
    )
    assert result.exit_code == 0, result.output
    scores: dict[str, object] = json.loads(result.output)
    return scores


def test_cli_json_keys(dev_scores: dict[str, object]) -> None:
    assert dev_scores["documents"] == 84
    for role in ("source", "cue", "content", "attribution"):
        block = dev_scores[role]
        assert isinstance(block, dict)
        for mode in ("exact", "overlap"):
            assert set(block[mode]) == {"precision", "recall", "f1"}


def test_default_rules_reach_the_targets_on_polnear_dev(dev_scores: dict[str, object]) -> None:
    attribution = dev_scores["attribution"]
    source = dev_scores["source"]
    assert isinstance(attribution, dict) and isinstance(source, dict)
    assert attribution["overlap"]["f1"] >= 0.60
    assert source["exact"]["f1"] >= 0.60


def test_cli_reports_missing_directory(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["evaluate", "quotes", "--gold", str(tmp_path)])
    assert result.exit_code == 2
    assert "E107" in result.output
