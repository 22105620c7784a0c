"""Quote models that read a dependency parse (`amity train quotes --attribution parse`): the syntax features on
invented sentences, training and using such a model, and the missing-extra error when it is loaded without
spaCy."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from _polnear import polnear_subset, train_with_cli
from amity.errors import MissingExtraError
from amity.evaluate.quotes import evaluate_quotes
from amity.nlp.attribution import Attributor
from amity.nlp.quotation import tokenize
from amity.nlp.sentences import split_sentences

if TYPE_CHECKING:
    from amity.nlp.quote_syntax import SyntaxFeatures

pytest.importorskip("spacy", reason="the nlp extra is not installed")

N_TRAIN = 40
N_DEV = 10


@pytest.fixture(scope="module")
def syntax() -> SyntaxFeatures:
    from amity.nlp.cues import default_lexicon
    from amity.nlp.quote_syntax import SyntaxFeatures

    return SyntaxFeatures(default_lexicon())


def _features(syntax: SyntaxFeatures, text: str) -> dict[str, list[str]]:
    tokens = tokenize(text)
    feats = syntax.features(text, split_sentences(text), tokens, {"found": 0.6, "said": 0.9, "fail": 0.0})
    assert len(feats) == len(tokens)
    return {t.text: f for t, f in zip(tokens, feats, strict=True)}


def test_tokens_know_the_clause_and_verb_they_belong_to(syntax: SyntaxFeatures) -> None:
    by_word = _features(syntax, "The audit found that the new bridge had failed twice.")
    # Deep inside the complement of "found": a likely cue governs it.
    assert "incw=found" in by_word["bridge"] and any(f.startswith("inc=ccomp|") for f in by_word["bridge"])
    # The subject of the cue verb.
    assert "gov=S|found" in by_word["audit"]
    # The cue verb governs a clause and has a subject.
    assert any(f.startswith("kids=") and "C" in f and "S" in f for f in by_word["found"])
    # The parse-mode attribution marks the cue.
    assert "pr=CUE" in by_word["found"]


def test_sentences_without_attribution_get_no_parse_roles(syntax: SyntaxFeatures) -> None:
    by_word = _features(syntax, "The river rose after three days of rain.")
    assert all("pr=O" in f for f in by_word.values())


@pytest.fixture(scope="module")
def trained(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out, output = train_with_cli(shared / "corpus/polnear/data/train", tmp_path_factory.mktemp("syntax"), N_TRAIN,
                                 "--epochs", "2")
    # With the nlp extra installed, the model reads the parse by default.
    assert "dependency parse" in " ".join(output.split())
    return out


def test_model_records_that_it_reads_the_parse(trained: Path) -> None:
    payload = json.loads(trained.read_text(encoding="utf-8"))
    assert payload["meta"]["syntax"] is True
    assert any(f.startswith(("gov=", "inc=", "pos=")) for f in payload["weights"])


def test_syntax_model_scores_on_dev(trained: Path, shared: Path, tmp_path: Path) -> None:
    dev = polnear_subset(shared / "corpus/polnear/data/dev", tmp_path / "dev", N_DEV)
    rules = evaluate_quotes(dev, Attributor())
    model = evaluate_quotes(dev, Attributor(model=trained))
    # Forty training articles and two epochs already find most of what the rules find.
    assert model["attribution"]["overlap"]["f1"] >= 0.8 * rules["attribution"]["overlap"]["f1"]


def test_syntax_model_without_spacy_is_a_coded_error(trained: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from amity.nlp import dependency

    dependency.load_parser.cache_clear()
    monkeypatch.setitem(sys.modules, "spacy", None)  # import spacy now raises ImportError
    # Refused when the model is loaded, before any document is read.
    with pytest.raises(MissingExtraError) as info:
        Attributor(model=trained)
    assert info.value.code == "E600" and "amity[nlp]" in info.value.one_line()
    dependency.load_parser.cache_clear()
