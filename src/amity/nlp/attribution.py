"""Quote and reported-speech attribution: who said (thought, wants, found) what.

``Attributor.attribute(document, sentences, mentions, actors)`` returns one ``Statement`` per reported
clause or quote, each with its content span, cue span, kind, the span that refers to the speaker at that
point ("he", "the diplomat") and the speaker resolved to an actor.

The default path is rules over tokens (``amity.nlp.rules``): cue verbs and phrases from the attribution
lexicon, their frames ("X said that ...", "..., he added", "according to X, ...", "X said: ...",
"..., saying that ...", "“...,” said X"), direct quotes in every mark style, including quotes carried over
paragraphs. Speakers are resolved by ``amity.nlp.speakers``. With ``model=`` a file written by
``amity train quotes``, a learned tagger (``amity.nlp.quote_model``) replaces the rules' spans. With
``mode="parse"`` (the ``nlp`` extra), a spaCy dependency parse finds them instead (``amity.nlp.dependency``):
slower, see docs/accuracy.md for both modes' scores and speed.
"""

from __future__ import annotations

import logging
from pathlib import Path

from amity.errors import ConfigError
from amity.model import Actor, Document, Mention, Sentence, Span, Statement
from amity.nlp.cues import AttributionLexicon, load_lexicon
from amity.nlp.persons import place_names
from amity.nlp.rules import Candidate, RuleExtractor
from amity.nlp.speakers import SpeakerResolver

logger = logging.getLogger(__name__)

ATTRIBUTION_MODES: tuple[str, ...] = ("rules", "parse")


class Attributor:
    """Find attributions in a document and resolve their speakers.

    Build once and reuse: building loads the lexicon and any trained model.
    """

    def __init__(
        self, model: str | Path | None = None, *, lexicon: str | Path | None = None, mode: str = "rules"
    ) -> None:
        if mode not in ATTRIBUTION_MODES:
            raise ConfigError(f"unknown attribution mode {mode!r}", hint="use 'rules' or 'parse'")
        if mode == "parse" and model is not None:
            raise ConfigError("a trained quote model and the parse mode are two alternatives",
                              hint="use one of --quote-model/--model and --attribution parse")
        self.mode = mode
        self.lexicon: AttributionLexicon = load_lexicon(lexicon)
        self.rules = RuleExtractor(self.lexicon)
        place_names()  # read now (pycountry's subdivisions: 0.1 s), not while the first document waits
        self.parser = None
        if mode == "parse":
            from amity.nlp.dependency import DependencyExtractor

            self.parser = DependencyExtractor(self.lexicon, rules=self.rules)
        self.model = None
        if model is not None:
            from amity.nlp.quote_model import QuoteModel

            self.model = QuoteModel.load(model)
            # A model trained on a dependency parse needs spaCy: say so now, not at the first document.
            self.model.syntax_features(self.rules)

    def candidates(self, text: str, sentences: list[Sentence]) -> list[Candidate]:
        """Attributions as character spans (no speaker resolution): what the evaluation scores."""
        if self.model is not None:
            return self.model.predict(text, sentences, self.rules)
        if self.parser is not None:
            return self.parser.extract(text, sentences)
        return self.rules.extract(text, sentences)

    def attribute(
        self,
        document: Document,
        sentences: list[Sentence],
        mentions: list[Mention],
        actors: dict[str, Actor],
    ) -> list[Statement]:
        text = document.text
        found = self.candidates(text, sentences)
        if not found:
            return []  # most headlines: nothing to resolve, so no person registry to build
        resolver = SpeakerResolver(self.lexicon, document, sentences, mentions, actors)
        resolver.prepare(found)
        statements: list[Statement] = []
        for cand in found:
            speaker, co_speakers = resolver.resolve(cand)
            speaker_span = document.span(*cand.source) if cand.source else None
            cue = document.span(*cand.cue) if cand.cue else None
            for start, end in cand.contents:
                statements.append(Statement(
                    content=Span(start, end, text[start:end]),
                    kind=cand.kind_of(start, end, text),
                    speaker=speaker,
                    speaker_span=speaker_span,
                    cue=cue,
                    confidence=cand.confidence,
                    co_speakers=list(co_speakers),
                ))
        statements.sort(key=lambda s: (s.content.start, s.content.end))
        for i, st in enumerate(statements):
            st.index = i
        logger.debug("%d statements in document %s", len(statements), document.id)
        return statements


def unnest_sourcing(statements: list[Statement]) -> list[Statement]:
    """An "according to" whose content holds another attribution whole ("Ishiba told the summit that ...,
    according to a Japanese official") is the source of a report, not a second statement: the inner one
    stands, counted once, and takes the outer source when it has no subject of its own ("... is expected to
    ..., according to the sources"). The pipeline applies it; the evaluation scores both attributions, as annotated.
    Statements keep their order."""
    outer = [s for s in statements if s.kind == "according-to"]
    if not outer:
        return statements
    dropped: set[int] = set()
    for sourcing in outer:
        start, end = sourcing.content.start, sourcing.content.end
        inner = [s for s in statements if s is not sourcing and s.cue is not None
                 and start <= s.cue.start < end and start <= s.content.start < end]
        if not inner:
            continue
        dropped.add(id(sourcing))
        for statement in inner:
            if statement.content.end > end:  # "... that Japan would expand ties | , according to an official"
                kept = statement.content.text[: end - statement.content.start].rstrip(" ,;")
                statement.content = Span(statement.content.start, statement.content.start + len(kept), kept)
            if statement.speaker_span is None and sourcing.speaker is not None:  # no subject of its own
                statement.speaker, statement.speaker_span = sourcing.speaker, sourcing.speaker_span
    return [s for s in statements if id(s) not in dropped]
