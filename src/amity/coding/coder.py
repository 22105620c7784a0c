"""The statement coder: relevance, pillars, sub-areas, mechanisms, tone, dyads, event type and commitment.

By default everything is rules over lexicons (fast: thousands of short texts a second). Given a model file
trained with ``amity train pillars``, relevance and pillars come from the learned classifier instead.
Every code carries evidence: the span and the cue term that fired, with offsets into the coded text
(``code_text``) or into the document (``code_statement``).
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter
from collections.abc import Callable
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from amity.coding.framework import Framework
from amity.coding.mechanisms import registry
from amity.coding.pillars import PillarScorer, decide_pillars, pillar_evidence
from amity.coding.relevance import find_countries, find_leaders, mask_courtesy, score_relevance
from amity.coding.tone import score_tone
from amity.model import Analysis, Coding, Evidence, Mention, Span, Statement
from amity.nlp.acts import host_countries, is_venue, names_a_place

if TYPE_CHECKING:
    from amity.coding.pillar_model import PillarModel

logger = logging.getLogger(__name__)

# References that stand for the two parties of the document rather than naming them.
_BOTH_PARTIES = re.compile(
    r"\b(both|the two|two|each) (countries|country's|states|sides|nations|governments|peoples|parties|"
    r"neighbou?rs)\b|\bbilateral\b|\beach country\b|\bboth\b|\b(our|we|us)\b|\btogether\b|\bmutual\b",
    re.IGNORECASE,
)
_WARM_UP_TEXT = "Cambodia and China will sign an agreement on trade, the minister said, but did not attack."
_FUTURE_MARKERS = frozenset({"to", "will", "would", "shall", "plans", "set"})  # "Canada to provide", "will sign"
MAX_DYAD_COUNTRIES = 4  # beyond this a statement lists countries rather than relating two of them
EventClassifier = Callable[..., tuple[str | None, list[Evidence]]]


def _events_module() -> ModuleType | None:
    """``amity.coding.events`` if it is installed (it is written separately); None until then."""
    try:
        from amity.coding import events
    except ImportError:
        return None
    return events


# What may stand between a reporting verb and the content it opens: "criticized | Japan's ties", "warned
# that | ...", "accused Manila of | ...".
_CUE_GAP = re.compile(r"[\s,:]*(?:that\s+)?$")


def _with_cue(doc_text: str, statement: Statement, start: int, end: int) -> tuple[str, int] | None:
    """The content with the reporting verb right before it, as (text, start), for reading stance; None when the
    verb is elsewhere (after the content, or far from it) or is the content's own first word."""
    cue = statement.cue
    if cue is None or statement.kind == "act" or not (0 <= start - cue.end <= 12):
        return None
    if _CUE_GAP.match(doc_text, cue.end, start) is None:
        return None
    verb = score_tone(cue.text, cue.start)
    if not (verb.cooperative or verb.conflictual):
        return None  # a verb of no stance ("said", "told"): the content alone, as before
    return mask_courtesy(doc_text[cue.start:end]), cue.start


def _pairs(codes: list[str]) -> list[tuple[str, str]]:
    return [tuple(sorted(p)) for p in itertools.combinations(sorted(set(codes)), 2)]  # type: ignore[misc]  # sorted() of a 2-tuple is a 2-list


class Coder:
    """Codes texts and statements under one framework; build once, reuse."""

    def __init__(self, framework: Framework, model: str | Path | None = None) -> None:
        self.framework = framework
        self.scorer = PillarScorer(framework)
        self._mechanism_kinds = {m.id: m.kind for m in registry().mechanisms.values()}
        self.model: PillarModel | None = None
        if model is not None:
            from amity.coding.pillar_model import PillarModel

            self.model = PillarModel.load(model, framework)
        self._context_key: tuple[str, int] | None = None
        self._context: tuple[list[str], bool] = ([], False)
        events = _events_module()
        self._classify_event: EventClassifier | None = getattr(events, "classify_event", None)
        self._classify_commitment: EventClassifier | None = getattr(events, "classify_commitment", None)
        # Load every lexicon and build every matcher now, with the rest of the pipeline, rather than at the
        # first statement coded (a second or so): coding one short text reaches them all.
        self.code_text(_WARM_UP_TEXT)
        for classify in (self._classify_event, self._classify_commitment):
            if classify is not None:
                classify(_WARM_UP_TEXT, 0)

    # -- public API -------------------------------------------------------------------------------
    def code_text(self, text: str) -> Coding:
        """Code one standalone text (a headline or a paragraph); evidence offsets are into ``text``."""
        coding = self._code(text, 0, context_relevant=False)
        countries = coding.countries
        if coding.relevant and 2 <= len(countries) <= MAX_DYAD_COUNTRIES:
            coding.dyads = _pairs(countries)
        return coding

    def code_statement(self, statement: Statement, analysis: Analysis) -> Coding:
        """Code a statement's content in its document; evidence offsets are into the document text."""
        doc_text = analysis.document.text
        start, end = statement.content.start, statement.content.end
        text = doc_text[start:end]
        doc_countries, doc_has_mechanism = self._document_context(analysis)
        # Statements in a document about relations between states (two countries, or a country and an
        # international organisation or mechanism) are relevant when they have any substance of their own.
        context_relevant = len(doc_countries) >= 2 or (len(doc_countries) == 1 and doc_has_mechanism)
        # The day of publication decides who is in office ("Biden" stands for the US until 2025).
        day = analysis.document.published_day()
        # The verb that reports a statement often carries its stance ("Beijing criticized | Japan's ties with
        # Manila", "condemned | the visit"): tone and event read it with the content it opens.
        stance = _with_cue(doc_text, statement, start, end)
        coding = self._code(text, start, context_relevant=context_relevant, day=day, stance=stance)
        self._code_dyads(coding, statement, analysis, text, start, doc_countries, day, stance)
        return coding

    # -- internals --------------------------------------------------------------------------------
    def _code(self, text: str, offset: int, *, context_relevant: bool, day: date | None = None,
              stance: tuple[str, int] | None = None) -> Coding:
        fw = self.framework
        # Courtesies to the Assembly's President are blanked (offsets kept): they carry no pillar or tone.
        text = mask_courtesy(text)
        result = self.scorer.score(text, offset)
        relevance = score_relevance(text, offset, result.mechanisms, self._mechanism_kinds, day)
        tone = score_tone(text, offset)
        # Substance (for relevance) is the content's own; the tone label also reads the reporting verb.
        label = score_tone(*stance) if stance is not None else tone
        coding = Coding(framework=fw.id, countries=relevance.country_codes())
        coding.mechanisms = list(dict.fromkeys(mid for mid, _ in result.mechanisms))
        coding.evidence.extend(
            Evidence("mechanism", mid, span.start, span.end, span.text, span.text)
            for mid, span in result.mechanisms
        )
        coding.scores = {"relevance": round(relevance.score, 3)}
        coding.scores.update({p: round(s, 3) for p, s in result.scores.items()})

        if self.model is not None:
            probs = self.model.predict_proba(text, result.scores, relevance.score)
            coding.scores.update({f"p_{k}": round(v, 4) for k, v in probs.items()})
            pillar_probs = {p: probs.get(p, 0.0) for p in fw.pillar_ids}
            relevant = probs.get(self.model.NONE, 0.0) < max(pillar_probs.values())
            relevant = relevant or (context_relevant and self._has_substance(result.total, tone.cooperative))
            best = max(pillar_probs.values())
            primary = next(p for p in fw.pillar_ids if pillar_probs[p] == best)
            pillars = [p for p in fw.pillar_ids if p == primary or pillar_probs[p] >= 0.5 * best]
            confidence = best / max(1e-9, sum(pillar_probs.values()))
        else:
            relevant = relevance.relevant or (
                context_relevant and self._has_substance(result.total, tone.cooperative)
            )
            pillars, primary_or_none = decide_pillars(result.scores, fw.pillar_ids)
            if primary_or_none is None:
                # A relevant text with no area-specific cue is about ties in general: the first pillar,
                # which every bundled framework makes the political one.
                pillars, primary = [fw.pillar_ids[0]], fw.pillar_ids[0]
                confidence = 0.3
            else:
                primary = primary_or_none
                confidence = result.scores[primary] / max(1e-9, result.total)
        coding.relevant = relevant
        if not relevant:
            coding.confidence = round(min(1.0, max(0.0, 1.0 - relevance.score / 3.0)), 3)
            return coding
        coding.pillars = pillars
        coding.primary_pillar = primary
        chosen = set(pillars)
        subs = sorted(
            (s for s, p in result.sub_area_pillar.items() if p in chosen),
            key=lambda s: -result.sub_area_scores[s],
        )
        coding.sub_areas = subs
        coding.evidence.extend(pillar_evidence(result, pillars, subs))
        coding.tone = label.tone
        coding.evidence.extend(label.evidence)
        coding.evidence.extend(relevance.evidence)
        coding.confidence = round(confidence, 3)
        return coding

    def document_countries(self, analysis: Analysis) -> list[str]:
        """The document's countries, most mentioned first: the first two are its main pair."""
        return self._document_context(analysis)[0]

    @staticmethod
    def _has_substance(pillar_total: float, cooperative: float) -> bool:
        return pillar_total >= 1.0 or cooperative >= 1.0

    def _document_context(self, analysis: Analysis) -> tuple[list[str], bool]:
        """The document's countries (most mentioned first) and whether it names a mechanism; cached."""
        key = (analysis.document.id, len(analysis.mentions))
        if self._context_key != key:
            countries = self._document_countries(analysis)
            has_mechanism = registry().mentions_any(analysis.document.text)
            self._context_key, self._context = key, (countries, has_mechanism)
        return self._context

    def _document_countries(self, analysis: Analysis) -> list[str]:
        """Countries of the document, most mentioned first (the first two are the dominant pair)."""
        counts: Counter[str] = Counter()
        for mention in analysis.mentions:
            actor = analysis.actors.get(mention.actor_id)
            if actor is not None and actor.type == "country":
                counts[actor.iso3 or actor.id] += 1
        if not counts:
            counts.update(code for code, _ in find_countries(analysis.document.text, 0,
                                                             analysis.document.published_day()))
        return [code for code, _ in counts.most_common()]

    @staticmethod
    def _first_mention(analysis: Analysis, code: str) -> Mention | None:
        """The document's first mention of country ``code``, or None (the gazetteer found it)."""
        for mention in analysis.mentions:
            actor = analysis.actors.get(mention.actor_id)
            if actor is not None and actor.type == "country" and (actor.iso3 or actor.id) == code:
                return mention
        return None

    def _content_countries(self, analysis: Analysis, start: int, end: int, text: str,
                           speaker: str | None, day: date | None) -> list[tuple[str, Span]]:
        found: list[tuple[str, Span]] = []
        hosts: list[tuple[str, Span]] = []  # country names where it happened: "talks in Singapore"
        doc_text = analysis.document.text
        inside = [m for m in analysis.mentions if m.start >= start and m.end <= end]
        host_starts = host_countries(doc_text, inside)
        for mention in inside:
            if not names_a_place(doc_text, mention):
                actor = analysis.actors.get(mention.actor_id)
                if actor is not None and actor.type == "country":
                    item = (actor.iso3 or actor.id, Span(mention.start, mention.end, mention.text))
                    (hosts if mention.start in host_starts else found).append(item)
        if not analysis.mentions:
            # The tagger knows every country's name, so what the gazetteer finds here are cities and leaders:
            # the place rule applies to all of them ("Biden, Putin hold talks in Geneva" is no Swiss affair).
            return [(code, span) for code, span in find_countries(text, start, day)
                    if not is_venue(doc_text, span.start)]
        # Leaders named in the content stand for their country ("Xi met Hun Manet"); the tagger knows no persons.
        taken = [span for _, span in found]
        found += [(code, span) for code, span in find_leaders(text, start, day)
                  if not any(t.start < span.end and span.start < t.end for t in taken)]
        # A host country is a party only when the statement has no two parties without it: "Chinese and U.S.
        # ministers held talks in Singapore" is CHN-USA, while "China held talks in Vietnam" keeps Vietnam.
        parties = {code for code, _ in found} | ({speaker} if speaker else set())
        found += [(code, span) for code, span in hosts if code in parties or len(parties) < 2]
        return found

    def _code_dyads(self, coding: Coding, statement: Statement, analysis: Analysis, text: str, start: int,
                    doc_countries: list[str], day: date | None, stance: tuple[str, int] | None = None) -> None:
        end = start + len(text)
        speaker = statement.speaker.iso3 if statement.speaker is not None else None
        mentioned = self._content_countries(analysis, start, end, text, speaker, day)
        # A joint source ("Xi Jinping and Hun Manet said ...") speaks for each of its persons' countries.
        joint = [c.iso3 for c in statement.co_speakers if c.iso3]
        codes = list(dict.fromkeys(([speaker] if speaker else []) + joint + [c for c, _ in mentioned]))
        dominant = doc_countries[:2]
        dyads: list[tuple[str, str]] = []
        if 2 <= len(codes) <= MAX_DYAD_COUNTRIES:
            dyads = _pairs(codes)
        elif len(codes) > MAX_DYAD_COUNTRIES and speaker:
            dyads = [tuple(sorted((speaker, c))) for c in codes if c != speaker]  # type: ignore[misc]  # a sorted pair
        elif len(dominant) == 2 and set(codes) <= set(dominant):
            both = _BOTH_PARTIES.search(text)
            if both or coding.relevant:
                dyads = _pairs(dominant)
                if both:
                    coding.evidence.append(
                        Evidence("dyad", "-".join(dyads[0]), start + both.start(), start + both.end(),
                                 both.group(0), both.group(0))
                    )
                # What the statement does not name comes from the document: its first mention is the evidence.
                named = set(codes)
                coding.evidence.extend(
                    Evidence("dyad", code, m.start, m.end, m.text, "the document's main pair")
                    for code in dominant
                    if coding.relevant and code not in named and (m := self._first_mention(analysis, code))
                )
        for code, span in mentioned:
            coding.evidence.append(Evidence("dyad", code, span.start, span.end, span.text, span.text))
        source = statement.speaker_span
        if source is not None:
            coding.evidence.extend(Evidence("dyad", code, source.start, source.end, source.text, "joint source")
                                   for code in dict.fromkeys(joint) if code != speaker)
        coding.dyads = dyads if coding.relevant else []
        coding.countries = list(dict.fromkeys(codes + [c for d in coding.dyads for c in d]))
        if self._classify_event is not None:
            coding.event_type, ev = self._classify_event(*(stance or (text, start)))
            coding.evidence.extend(ev)
        if self._classify_commitment is not None:
            coding.commitment, ev = self._classify_commitment(text, start)
            coding.evidence.extend(ev)
        if statement.kind == "act" and coding.commitment is None and statement.cue is not None:
            self._act_commitment(coding, statement, statement.cue, analysis.document.text)

    @staticmethod
    def _act_commitment(coding: Coding, statement: Statement, cue: Span, doc_text: str) -> None:
        """A reported act with no commitment cue: done ("sign", "met"), or announced ("to provide", "will")."""
        head = statement.speaker_span.end if statement.speaker_span is not None else statement.content.start
        words = doc_text[head:cue.start].lower().split()
        coding.commitment = "pledge" if any(w in _FUTURE_MARKERS for w in words) else "act"
        coding.evidence.append(Evidence("commitment", coding.commitment, cue.start, cue.end, cue.text,
                                        "reported act" + (", announced" if coding.commitment == "pledge" else "")))
