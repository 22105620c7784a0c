"""Tone of a statement about relations: cooperative, conflictual or neutral, from a weighted lexicon.

A negator shortly before a cooperative cue ("refused to cooperate", "will not support") turns it into
conflictual evidence. Topics of conflict ("war", "terrorism") are weak conflictual evidence in a headline
and none in a paragraph, where they are the problem a speaker takes a stance on. With no cue either way,
reports of meetings, market moves and figures are neutral, a paragraph describing a situation is neutral,
and anything else between states (a joint project, a delivery, an exchange) is cooperative, as the
guidelines have it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from amity.coding.cues import CueMatcher
from amity.coding.datafile import data_path, load_yaml_mapping, not_cue_phrases, string_list, weighted_terms
from amity.model import Evidence, Tone

NEGATION_WINDOW = 3  # words before a cue in which a negator flips it
MIN_TONE = 1.0  # below this much evidence either way, a statement is neutral
# Topics of conflict ("war", "terrorism") count as conflictual evidence in short texts only: a paragraph names
# them as the problem it takes a stance on.
TOPIC_MAX_CHARS = 200
# A paragraph with no word of stance describes a situation: neutral. A short report of something done
# between states with no such word (a delivery, a project, an exchange) is cooperative.
DEFAULT_NEUTRAL_CHARS = 200
_WORD = re.compile(r"[\w'’-]+")
# A figure (an amount, a share, a count of tonnes or people) reported without a word of stance is a report of
# facts: neutral, as the guidelines have it.
_FIGURE = re.compile(
    r"(?:[$€£¥]\s?\d[\d,.]*|\b\d[\d,.]*\s?(?:%|pct\b|percent\b|per cent\b|bln\b|mln\b|billion\b|million\b|"
    r"trillion\b|tonnes?\b|tons?\b|kWh\b|[MG]W\b|yuan\b|baht\b|dollars?\b|visitors\b|tourists\b|arrivals\b))",
    re.IGNORECASE,
)


@dataclass(slots=True)
class ToneResult:
    tone: Tone
    cooperative: float
    conflictual: float
    evidence: list[Evidence] = field(default_factory=list)


@functools.lru_cache(maxsize=1)
def _lexicon() -> tuple[CueMatcher[str], CueMatcher[str], frozenset[str]]:
    path = data_path("lexicons", "tone.yaml")
    raw = load_yaml_mapping(path)
    exact = set(string_list(raw.get("exact_case"), path, "exact_case"))
    matcher: CueMatcher[str] = CueMatcher()
    for key in ("cooperative", "conflictual", "conflict_topics"):
        for term, weight in weighted_terms(raw.get(key), path, key).items():
            matcher.add(term, key, weight, inflect=False, case_sensitive=term in exact)
    matcher.add_masks(not_cue_phrases())
    neutral: CueMatcher[str] = CueMatcher()
    neutral.add_many(string_list(raw.get("neutral"), path, "neutral"), "neutral", inflect=False)
    negators = frozenset(n.lower() for n in string_list(raw.get("negators"), path, "negators"))
    return matcher, neutral, negators


@functools.lru_cache(maxsize=8)
def _multiword(negators: frozenset[str]) -> tuple[str, ...]:
    return tuple(n for n in negators if " " in n)


def _negated(text: str, start: int, negators: frozenset[str]) -> bool:
    before = _WORD.findall(text[max(0, start - 40):start].lower())[-NEGATION_WINDOW:]
    if any(w in negators for w in before):
        return True
    joined = " ".join(before)
    return any(n in joined for n in _multiword(negators))


def score_tone(text: str, offset: int = 0) -> ToneResult:
    matcher, neutral_matcher, negators = _lexicon()
    coop = conf = 0.0
    coop_ev: list[Evidence] = []
    conf_ev: list[Evidence] = []
    seen: set[str] = set()
    short = len(text) <= TOPIC_MAX_CHARS
    for hit in matcher.find(text, offset):
        label, weight = hit.targets[0]
        if label == "conflict_topics":
            if not short:
                continue
            label = "conflictual"
        if hit.cue.lower() in seen:
            weight *= 0.5
        seen.add(hit.cue.lower())
        if label == "cooperative" and _negated(text, hit.start - offset, negators):
            label = "conflictual"
        ev = Evidence("tone", label, hit.start, hit.end, hit.text, hit.cue)
        if label == "cooperative":
            coop += weight
            coop_ev.append(ev)
        else:
            conf += weight
            conf_ev.append(ev)
    tone: Tone
    if conf >= MIN_TONE and conf > coop:
        tone, evidence = "conflictual", conf_ev
    elif coop >= MIN_TONE:
        tone, evidence = "cooperative", coop_ev
    else:
        neutral = neutral_matcher.find(text, offset)
        figure = _FIGURE.search(text)
        if neutral:
            tone = "neutral"
            evidence = [Evidence("tone", "neutral", h.start, h.end, h.text, h.cue) for h in neutral]
        elif figure:
            tone = "neutral"
            evidence = [Evidence("tone", "neutral", offset + figure.start(), offset + figure.end(),
                                 figure.group(0), "figure")]
        elif len(text) > DEFAULT_NEUTRAL_CHARS:
            tone, evidence = "neutral", []
        else:
            tone, evidence = "cooperative", []
    return ToneResult(tone, coop, conf, evidence)
