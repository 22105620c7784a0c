"""Tone of a statement about relations: cooperative, conflictual or neutral, from a weighted lexicon.

A negator shortly before a cooperative cue ("refused to cooperate", "will not support") turns it into
conflictual evidence. With no cue either way, reports of meetings and figures are neutral and anything
else between states (a joint project, a delivery, an exchange) is cooperative, as the guidelines have it.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from amity.coding.cues import CueMatcher
from amity.coding.datafile import data_path, load_yaml_mapping, string_list, weighted_terms
from amity.model import Evidence, Tone

NEGATION_WINDOW = 3  # words before a cue in which a negator flips it
MIN_TONE = 1.0  # below this much evidence either way, a statement is neutral
_WORD = re.compile(r"[\w'’-]+")


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
    matcher: CueMatcher[str] = CueMatcher()
    for key in ("cooperative", "conflictual"):
        for term, weight in weighted_terms(raw.get(key), path, key).items():
            matcher.add(term, key, weight, inflect=False)
    neutral: CueMatcher[str] = CueMatcher()
    neutral.add_many(string_list(raw.get("neutral"), path, "neutral"), "neutral", inflect=False)
    negators = frozenset(n.lower() for n in string_list(raw.get("negators"), path, "negators"))
    return matcher, neutral, negators


def _negated(text: str, start: int, negators: frozenset[str]) -> bool:
    before = _WORD.findall(text[max(0, start - 40):start].lower())[-NEGATION_WINDOW:]
    joined = " ".join(before)
    return any(w in negators for w in before) or any(" " in n and n in joined for n in negators)


def score_tone(text: str, offset: int = 0) -> ToneResult:
    matcher, neutral_matcher, negators = _lexicon()
    coop = conf = 0.0
    coop_ev: list[Evidence] = []
    conf_ev: list[Evidence] = []
    seen: set[str] = set()
    for hit in matcher.find(text, offset):
        label, weight = hit.targets[0]
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
        if neutral:
            tone = "neutral"
            evidence = [Evidence("tone", "neutral", h.start, h.end, h.text, h.cue) for h in neutral]
        else:
            tone, evidence = "cooperative", []
    return ToneResult(tone, coop, conf, evidence)
