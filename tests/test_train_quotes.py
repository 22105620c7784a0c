"""`amity train quotes`: train a small attribution model on PolNeAR train, load it, use it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from _polnear import polnear_subset, train_with_cli
from amity.cli import app
from amity.errors import ModelError
from amity.evaluate.quotes import evaluate_quotes
from amity.nlp.attribution import Attributor
from amity.nlp.quote_model import QuoteModel
from amity.nlp.rules import Candidate

N_TRAIN = 60
N_DEV = 12


@pytest.fixture(scope="module")
def trained(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("quotes")
    options = ("--epochs", "3", "--attribution", "rules")
    out, _ = train_with_cli(shared / "corpus/polnear/data/train", root, N_TRAIN, *options)
    return out


@pytest.fixture(scope="module")
def dev(shared: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return polnear_subset(shared / "corpus/polnear/data/dev", tmp_path_factory.mktemp("dev"), N_DEV)


def test_model_file_is_json_with_version_and_kind(trained: Path) -> None:
    payload = json.loads(trained.read_text(encoding="utf-8"))
    assert payload["kind"] == "quotes" and payload["format_version"] == 1
    assert payload["meta"]["documents"] == payload["meta"]["annotations"] == N_TRAIN
    # Cue probabilities learned from the annotations travel with the model.
    cue_prob = payload["meta"]["cue_prob"]
    assert cue_prob.get("said", 0.0) > 0.2 and all(0.0 < p <= 1.0 for p in cue_prob.values())


def _link_tagged(text: str, cue: list[str], source: str | None = None) -> list[Candidate]:
    """``link`` over hand-made tags: ``cue`` words (in a row), an optional one-word ``source``, and the
    content from the word after the cue to the sentence's final stop."""
    from amity.nlp.cues import default_lexicon
    from amity.nlp.quote_model import TAGS, _Featurizer, link
    from amity.nlp.rules import RuleExtractor
    from amity.nlp.sentences import split_sentences

    rules = RuleExtractor(default_lexicon())
    prepared = _Featurizer(rules).prepare(text, split_sentences(text))
    words = [t.text for t in prepared.tokens]
    tags = [TAGS.index("O")] * len(words)
    if source is not None:
        tags[words.index(source)] = TAGS.index("B-SRC")
    first = words.index(cue[0])
    for k, _ in enumerate(cue):
        tags[first + k] = TAGS.index("B-CUE" if k == 0 else "I-CUE")
    content = first + len(cue)
    tags[content] = TAGS.index("B-CON")
    for k in range(content + 1, len(words) - 1):
        tags[k] = TAGS.index("I-CON")
    return link(prepared, tags, rules, rules.prepare(text))


def test_coordinated_cue_takes_the_clause_subject_as_source() -> None:
    text = "Mira Kessel moved to Lisbon in 1990 and refused to return to the army."
    found = _link_tagged(text, ["refused"])
    assert len(found) == 1 and found[0].source is not None
    assert text[found[0].source[0]:found[0].source[1]] == "Mira Kessel"


def test_trained_model_is_competitive_with_the_rules(trained: Path, dev: Path) -> None:
    rules = evaluate_quotes(dev, Attributor())
    model = evaluate_quotes(dev, Attributor(model=trained))
    # Trained on only a few dozen articles, the model must already find most of what the rules find.
    assert model["attribution"]["overlap"]["f1"] >= 0.8 * rules["attribution"]["overlap"]["f1"]
    assert model["content"]["overlap"]["recall"] >= rules["content"]["overlap"]["recall"] - 0.1


def test_cli_evaluates_with_a_model(trained: Path, dev: Path) -> None:
    result = CliRunner().invoke(
        app, ["evaluate", "quotes", "--gold", str(dev), "--model", str(trained), "--json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["documents"] == N_DEV


def test_model_statements_have_speakers(trained: Path) -> None:
    from amity.model import Document
    from amity.nlp.actors import ActorTagger
    from amity.nlp.sentences import split_sentences

    text = "“We will build the bridge together,” the minister said.\n\nHe said work would start in May."
    mentions, actors = ActorTagger.default().tag(text)
    statements = Attributor(model=trained).attribute(Document(text=text), split_sentences(text), mentions, actors)
    assert any("bridge" in s.content.text for s in statements)


@pytest.mark.parametrize(
    "payload, message",
    [
        ({"kind": "pillars", "format_version": 1}, "not a quote model"),
        ({"kind": "quotes", "format_version": 99}, "format_version"),
        ({"kind": "quotes", "format_version": 1, "tags": ["O"], "weights": {}}, "malformed"),
    ],
)
def test_bad_model_files_raise_model_error(tmp_path: Path, payload: dict[str, object], message: str) -> None:
    path = tmp_path / "model.json"
    path.write_text(json.dumps(payload), encoding="utf-8")
    with pytest.raises(ModelError, match=message):
        QuoteModel.load(path)


def test_missing_or_pickled_model_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelError):
        Attributor(model=tmp_path / "nope.json")
    binary = tmp_path / "model.pkl"
    binary.write_bytes(b"\x80\x04\x95")
    with pytest.raises(ModelError, match="not a JSON model"):
        QuoteModel.load(binary)


def test_passive_cue_gets_no_source_before_it() -> None:
    found = _link_tagged("The veto is expected to be overridden next week.", ["is", "expected"], source="veto")
    # What is expected is reported on, not reporting: PolNeAR leaves such attributions without a source.
    assert len(found) == 1 and found[0].source is None


def test_training_can_read_every_annotator(shared: Path, tmp_path: Path) -> None:
    from amity.nlp.quote_model import train_quote_model

    train = polnear_subset(shared / "corpus/polnear/data/train", tmp_path / "train", N_TRAIN)
    model = train_quote_model(train, epochs=1, syntax=False, all_annotators=True)
    # Articles annotated twice are learnt from both annotations; they still count once as articles.
    assert model.meta["documents"] == N_TRAIN < model.meta["annotations"]
