"""The annotation and coding pipeline: Document -> Analysis.

Stages, each a module named after it:
  nlp.sentences  split_sentences(text) -> list[Sentence]
  nlp.actors     ActorTagger.tag(text) -> (list[Mention], dict[str, Actor])    countries, capitals, IOs
  nlp.attribution  Attributor.attribute(document, sentences, mentions, actors) -> list[Statement]
                 (persons, quotes, reported speech, speaker resolution)
  nlp.acts       ActReader.find(...) -> list[Statement]       what states did, as the writer reports it
  coding.coder   Coder.code_statement(statement, analysis) -> Coding              pillars, mechanisms,
                                                                                   dyads, event, tone
"""

from __future__ import annotations

import dataclasses
import hashlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING

from amity.model import Actor, Analysis, Document, Sentence, Span, Statement

if TYPE_CHECKING:
    from amity.nlp.acts import ActReader

logger = logging.getLogger(__name__)

# Sources that in a speech are its speaker's own voice ("I believe", "let us", "my delegation welcomes").
_FIRST_PERSON = frozenset({"i", "i myself", "let me", "we", "let us", "my delegation", "my country",
                           "my government", "our delegation", "our country", "our government"})


def annotation_tag(*, acts: bool = True, attribution: str = "rules", quote_model: str | Path | None = None) -> str:
    """A short tag naming the annotation options that differ from the defaults ("" for the defaults):
    "noacts", "parse", and "qm" with a digest of a trained quote model's file."""
    parts = []
    if not acts:
        parts.append("noacts")
    if attribution != "rules":
        parts.append(attribution)
    if quote_model is not None:
        path = Path(quote_model)
        data = path.read_bytes() if path.is_file() else str(quote_model).encode("utf-8")
        parts.append("qm" + hashlib.sha256(data).hexdigest()[:6])
    return ".".join(parts)


class Pipeline:
    """Annotate and code documents under one framework.

    Build it once and reuse it: building loads the gazetteer, lexicons and any model.
    """

    def __init__(
        self,
        framework: str | Path = "three-pillars",
        *,
        pillar_model: str | Path | None = None,
        quote_model: str | Path | None = None,
        attribution: str = "rules",
        acts: bool = True,
    ) -> None:
        """``attribution``: "rules" (the default, fast) or "parse" (a spaCy dependency parse; slower, needs
        ``pip install 'amity[nlp]'``; see docs/accuracy.md). ``acts``: also make statements of the acts
        the writer reports ("Cambodia and China signed 12 agreements"; kind ``act``, see docs/acts.md)."""
        from amity.coding.coder import Coder
        from amity.coding.framework import load_framework
        from amity.coding.relevance import gazetteer
        from amity.nlp.actors import ActorTagger
        from amity.nlp.attribution import Attributor
        from amity.nlp.speakers import locate_by_dateline, speak_for_both_parties

        self.framework = load_framework(framework)
        self.leaders = gazetteer().leaders
        self.tagger = ActorTagger.default()
        self.attributor = Attributor(model=quote_model, mode=attribution)
        self.annotation = annotation_tag(acts=acts, attribution=attribution, quote_model=quote_model)
        self.coder = Coder(self.framework, model=pillar_model)
        self._locate_by_dateline = locate_by_dateline
        self._both_parties = speak_for_both_parties
        self.acts: ActReader | None = None
        if acts:
            from amity.coding.events import classify_event
            from amity.nlp.actors import country_of
            from amity.nlp.acts import ActReader
            from amity.nlp.speakers import person_reader

            # The speakers' reader: one memo of the phrases read, shared with attribution.
            reader = person_reader(self.attributor.lexicon, country_of)
            self.acts = ActReader(classify_event, read_person=reader.read, leaders=self.leaders)

    @property
    def framework_id(self) -> str:
        return self.framework.id

    def analyze(self, document: Document) -> Analysis:
        from amity.nlp.attribution import unnest_sourcing
        from amity.nlp.sentences import split_sentences

        text = document.text
        analysis = Analysis(document=document, framework=self.framework.id, annotation=self.annotation)
        analysis.sentences = split_sentences(text)
        analysis.mentions, analysis.actors = self.tagger.tag(text)
        analysis.statements = unnest_sourcing(self.attributor.attribute(
            document, analysis.sentences, analysis.mentions, analysis.actors
        ))
        if document.extra.get("speaker"):
            analysis.statements = self._add_own_statements(analysis)
        if self.acts is not None:
            analysis.statements = self._add_acts(analysis, self.acts)
        self._title_leaders(analysis)
        self._locate_by_dateline(analysis)
        self._speak_for_both_parties(analysis)
        for i, statement in enumerate(analysis.statements):
            statement.index = i
            statement.coding = self.coder.code_statement(statement, analysis)
            if statement.speaker is not None:
                analysis.actors.setdefault(statement.speaker.id, statement.speaker)
            for person in statement.co_speakers:
                analysis.actors.setdefault(person.id, person)
        dyads: dict[tuple[str, str], None] = {}
        mechanisms: dict[str, None] = {}
        for statement in analysis.statements:
            if statement.coding is None:
                continue
            for d in statement.coding.dyads:
                dyads[d] = None
            for m in statement.coding.mechanisms:
                mechanisms[m] = None
        analysis.dyads = list(dyads)
        analysis.mechanisms = list(mechanisms)
        return analysis

    def _add_own_statements(self, analysis: Analysis) -> list[Statement]:
        """A document spoken by a known speaker (a speech, a communique): each paragraph is a statement.

        Paragraphs that already hold an attributed quote keep that attribution instead.
        """
        spec = analysis.document.extra["speaker"]
        speaker = self._speaker_actor(spec)
        if speaker is None:
            return analysis.statements
        for statement in analysis.statements:
            # "I believe that ...", "we must": in a speech, the first person is the speaker, whatever the
            # resolver made of it without knowing who speaks.
            if statement.speaker_span is not None and statement.speaker_span.text.strip().lower() in _FIRST_PERSON:
                statement.speaker = speaker
        covered = [(s.start, s.end) for s in analysis.statements]
        own: list[Statement] = []
        by_paragraph: dict[int, list[Sentence]] = {}
        for sentence in analysis.sentences:
            by_paragraph.setdefault(sentence.paragraph, []).append(sentence)
        text = analysis.document.text
        for sentences in by_paragraph.values():
            start, end = sentences[0].start, sentences[-1].end
            if any(a < end and start < b for a, b in covered):
                continue
            own.append(Statement(content=Span(start, end, text[start:end]), kind="direct", speaker=speaker,
                                 confidence=1.0))
        return sorted(analysis.statements + own, key=lambda s: s.start)

    @staticmethod
    def _add_acts(analysis: Analysis, reader: ActReader) -> list[Statement]:
        """The reported acts of sentences that no attributed statement holds, in text order."""
        from amity.nlp.persons import PersonRegistry

        statements = analysis.statements
        covered = [(s.start, s.end) for s in statements]
        covered += [(span.start, span.end) for s in statements for span in (s.cue, s.speaker_span) if span]
        acts = reader.find(analysis.document.text, analysis.sentences, analysis.mentions, analysis.actors, covered,
                           analysis.document.published_day())
        if not acts:
            return statements
        # A person who acts and is also quoted is one actor: "Xi" quoted, "President Xi Jinping" acting.
        people = PersonRegistry(persons={s.speaker.id: s.speaker for s in statements
                                         if s.speaker is not None and s.speaker.type == "person"})
        for act in acts:
            if act.speaker is not None and act.speaker.type == "person":
                known = people.find(act.speaker.name)
                if known is None:
                    people.persons[act.speaker.id] = act.speaker
                else:
                    act.speaker = known
        return sorted(statements + acts, key=lambda s: (s.start, s.end))

    def _speak_for_both_parties(self, analysis: Analysis) -> None:
        """"The two sides pledged ...": the document's two main countries speak, counting the leaders it names
        ("Xi Jinping met Hun Manet ... and the two sides pledged")."""
        from amity.nlp.speakers import names_both_parties

        if not any(names_both_parties(s) for s in analysis.statements):
            return  # the common case: no leader search, no country count
        from amity.coding.relevance import find_leaders

        leaders = [(code, span.start) for code, span in
                   find_leaders(analysis.document.text, 0, analysis.document.published_day())]
        pair = list(dict.fromkeys(self.coder.document_countries(analysis) + [code for code, _ in leaders]))[:2]
        self._both_parties(analysis, pair, self.tagger.country, leaders)

    def _title_leaders(self, analysis: Analysis) -> None:
        """A speaker known only by a leader's name ("..., Xi said") gets the title and country the leader had
        when the document was published, so that indicators weigh the statement by rank; out of office then
        ("Biden said" in 2026), no country: the leader speaks for no state."""
        day = analysis.document.published_day()
        titled: dict[str, Actor] = {}
        for statement in analysis.statements:
            speaker = statement.speaker
            if speaker is None or speaker.type != "person" or speaker.title is not None:
                continue
            leader = self.leaders.get(speaker.name)
            if leader is None or speaker.iso3 not in (None, leader.iso3):
                continue
            title = leader.title_on(day)
            if title is None and (speaker.role or speaker.organisation or speaker.iso3 is None):
                continue  # out of office, and described ("the former president"): as the text says
            if speaker.id not in titled:
                # Out of office and named alone ("Biden said", in 2026): a private person, of no state.
                titled[speaker.id] = dataclasses.replace(speaker, title=title, iso3=leader.iso3 if title else None)
            statement.speaker = titled[speaker.id]

    def _speaker_actor(self, spec: dict[str, str]) -> Actor | None:
        iso3 = spec.get("iso3")
        if spec.get("type", "country") == "country" and iso3:
            known = self.tagger.country(iso3)
            return Actor(id=iso3, name=spec.get("name") or (known.name if known else iso3), type="country",
                         iso3=iso3)
        if spec.get("name"):
            name = spec["name"]
            return Actor(id="person:" + "-".join(name.lower().split()), name=name, type="person", iso3=iso3,
                         title=spec.get("title"), organisation=spec.get("organisation"))
        return None

