"""Rule-based pillar and sub-area scoring from a framework's own cue terms.

Every pillar and sub-area in a framework lists cue terms; a text scores for a pillar by the cues of the
pillar and its sub-areas that occur in it, plus weaker hints from the cooperation mechanisms it names
(BRI hints at the economic pillar, ASEAN at the political one) when the framework uses the same pillar ids
as the mechanism registry. Multi-word cues weigh more than single words: they are more specific.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from amity.coding.cues import CueMatcher, Hit
from amity.coding.datafile import not_cue_phrases
from amity.coding.framework import Framework
from amity.coding.mechanisms import registry
from amity.model import Evidence, Span

# Target of a cue: (pillar id, sub-area id or "" for the pillar itself).
Target = tuple[str, str]

MECHANISM_HINT_WEIGHTS = (1.0, 0.4, 0.2)  # the first pillar hint of a mechanism counts most
REPEAT_WEIGHT = 0.25  # a cue seen again adds a little: repetition is weak evidence of centrality
SECONDARY_RATIO = 0.6  # another pillar is coded too when it scores this share of the best one
MIN_SECONDARY = 1.5
# Pillar-level cues are the generic words of a pillar ("economic", "relations"); sub-area cues are specific.
GENERIC_WEIGHT = 0.6
LEAD_BONUS = 0.5  # a cue at the very start of a text weighs this much more than one at its end
PARAGRAPH_PRIOR = 1.0  # added to the first (general relations) pillar for paragraph-length texts
QUALIFIER_WEIGHT = 1.5  # a cue that qualifies "cooperation": "agricultural cooperation", "cooperation on health"
_ADJACENT = re.compile(r"[\s()\-–]{0,3}")
_QUALIFIES = re.compile(r"\s+(?:cooperation|collaboration|ties|links|partnership|exchanges?)\b", re.IGNORECASE)
_QUALIFIED = re.compile(r"\b(?:cooperation|collaboration|partnership|exchanges?)\s+(?:on|in)\s+(?:the\s+)?$",
                        re.IGNORECASE)


def is_acronym(cue: str) -> bool:
    """Upper-case cues ("WHO", "FM", "SMEs") must match in that casing or they hit ordinary words."""
    letters = [c for c in cue if c.isalpha()]
    if not 2 <= len(letters) <= 5 or not cue[0].isupper() or "COVID" in cue:  # news writes Covid too
        return False
    return sum(c.isupper() for c in letters) >= len(letters) - 1  # allow a plural "s": "SMEs", "FMs"


def cue_weight(cue: str) -> float:
    """Longer phrases are more specific: 1.0 for a word, +0.5 for each further word, at most 2.0."""
    return min(2.0, 1.0 + 0.5 * (len(cue.split()) - 1))


@dataclass(slots=True)
class PillarScores:
    scores: dict[str, float]
    sub_area_scores: dict[str, float]
    sub_area_pillar: dict[str, str]
    hits: list[Hit[Target]] = field(default_factory=list)
    mechanisms: list[tuple[str, Span]] = field(default_factory=list)

    @property
    def total(self) -> float:
        return sum(self.scores.values())

    def best(self) -> float:
        return max(self.scores.values(), default=0.0)


class PillarScorer:
    """Scores text against one framework's pillars and sub-areas."""

    def __init__(self, framework: Framework) -> None:
        self.framework = framework
        self.matcher: CueMatcher[Target] = CueMatcher()
        for pillar in framework.pillars:
            for cue in pillar.cues:
                self.matcher.add(cue, (pillar.id, ""), GENERIC_WEIGHT * cue_weight(cue),
                                 case_sensitive=is_acronym(cue))
            for sub in pillar.sub_areas:
                for cue in sub.cues:
                    self.matcher.add(cue, (pillar.id, sub.id), cue_weight(cue), case_sensitive=is_acronym(cue))
        self.matcher.add_masks(not_cue_phrases())
        self._mechanism_hints: dict[str, tuple[tuple[str, float], ...]] = {}
        ids = set(framework.pillar_ids)
        for mech in registry().mechanisms.values():
            hints = [p for p in mech.pillars if p in ids]
            self._mechanism_hints[mech.id] = tuple(zip(hints, MECHANISM_HINT_WEIGHTS, strict=False))

    def score(self, text: str, offset: int = 0) -> PillarScores:
        fw = self.framework
        scores = dict.fromkeys(fw.pillar_ids, 0.0)
        sub_scores: dict[str, float] = {}
        sub_pillar: dict[str, str] = {}
        hits = self.matcher.find(text, offset)
        mechanisms = registry().find(text, offset)
        seen: set[tuple[str, Target]] = set()
        last_end: dict[Target, int] = {}  # where the previous cue of each target ended
        n = max(1, len(text))
        for hit in hits:
            # The topic of a paragraph is usually set at its start: earlier cues weigh up to LEAD_BONUS more.
            lead = 1.0 + LEAD_BONUS * (1.0 - (hit.start - offset) / n)
            # "agricultural cooperation", "cooperation on education": the area that qualifies the
            # cooperation is the topic, more than a visit or meeting around it.
            local = hit.start - offset
            if _QUALIFIES.match(text, local + len(hit.text)) or _QUALIFIED.search(text[max(0, local - 20):local]):
                lead *= QUALIFIER_WEIGHT
            # Several names of one mechanism ("WTO", "World Trade Organization") are one concept.
            concept = next((mid for mid, span in mechanisms if span.start < hit.end and hit.start < span.end),
                           hit.cue.lower())
            for (pid, sid), weight in hit.targets:
                key = (concept, (pid, sid))
                # Cues of one area side by side name one thing ("coronavirus disease (COVID-19) pandemic").
                previous = last_end.get((pid, sid))
                adjacent = previous is not None and _ADJACENT.fullmatch(text, previous - offset, local) is not None
                last_end[(pid, sid)] = hit.end
                w = lead * (weight * REPEAT_WEIGHT if key in seen or (sid and adjacent) else weight)
                seen.add(key)
                scores[pid] += w
                if sid:
                    sub_scores[sid] = sub_scores.get(sid, 0.0) + w
                    sub_pillar[sid] = pid
        hinted: set[str] = set()
        for mid, span in mechanisms:
            # A mechanism whose name is itself a cue ("Belt and Road") already counted through the cue.
            if mid in hinted or any(h.start < span.end and span.start < h.end for h in hits):
                continue
            hinted.add(mid)
            for pid, weight in self._mechanism_hints.get(mid, ()):
                scores[pid] += weight
        # A paragraph of a speech or an article is framed as relations between states: unless one area
        # clearly dominates it, it is about relations in general, which every bundled framework puts first.
        scores[fw.pillar_ids[0]] += PARAGRAPH_PRIOR * min(1.0, max(0.0, (len(text) - 120) / 200))
        return PillarScores(scores, sub_scores, sub_pillar, hits, mechanisms)


def decide_pillars(scores: dict[str, float], order: tuple[str, ...]) -> tuple[list[str], str | None]:
    """The coded pillars (framework order) and the primary one; ties go to the earlier pillar."""
    best = max(scores.values(), default=0.0)
    if best <= 0:
        return [], None
    primary = next(p for p in order if scores.get(p, 0.0) == best)
    threshold = max(MIN_SECONDARY, SECONDARY_RATIO * best)
    pillars = [p for p in order if p == primary or scores.get(p, 0.0) >= threshold]
    return pillars, primary


def pillar_evidence(result: PillarScores, pillars: list[str], sub_areas: list[str]) -> list[Evidence]:
    """Evidence for each coded pillar and sub-area: the cue terms that fired for it."""
    out: list[Evidence] = []
    wanted = set(pillars)
    subs = set(sub_areas)
    for hit in result.hits:
        for (pid, sid), _w in hit.targets:
            if pid in wanted:
                out.append(Evidence("pillar", pid, hit.start, hit.end, hit.text, hit.cue))
            if sid and sid in subs:
                out.append(Evidence("sub_area", sid, hit.start, hit.end, hit.text, hit.cue))
    return out
