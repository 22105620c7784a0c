"""Weighted cue matching: many phrases, each pointing at one or more targets with a weight.

Built on :class:`amity.nlp.matcher.PhraseMatcher`; the only additions are grouping several targets under
one phrase (so longest-leftmost resolution never drops a target) and generating simple plural forms so
that cue lists can stay short.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, TypeVar

from amity.nlp.matcher import PhraseMatcher

T = TypeVar("T")

_VOWELS = frozenset("aeiou")
# Regular plurals whose meaning drifts from the singular's ("regional developments" are events, "major
# powers" are states): not generated; a cue list that wants them lists them itself.
_DRIFTING_PLURALS = frozenset({"developments", "powers", "forces", "securities", "grounds", "interests",
                               "relations", "arms", "goods", "means"})


def plural_forms(phrase: str) -> list[str]:
    """The phrase plus a regular plural of its last word, unless it already looks plural or is an acronym."""
    words = phrase.split(" ")
    last = words[-1]
    if len(last) < 3 or not last.isalpha() or last.isupper() or last.endswith("s"):
        return [phrase]
    lower = last.lower()
    if lower.endswith("y") and lower[-2] not in _VOWELS:
        plural = last[:-1] + "ies"
    elif lower.endswith(("x", "ch", "sh", "z")):
        plural = last + "es"
    else:
        plural = last + "s"
    if plural.lower() in _DRIFTING_PLURALS:
        return [phrase]
    return [phrase, " ".join([*words[:-1], plural])]


# Not frozen (a frozen dataclass's __init__ costs about seven times more, and matches are made by the
# thousand per article); hashable like a frozen one. Treat as immutable.
@dataclass(slots=True, unsafe_hash=True)
class Hit(Generic[T]):
    start: int
    end: int
    text: str
    cue: str
    targets: tuple[tuple[T, float], ...]


class CueMatcher(Generic[T]):
    """Phrases -> (target, weight) pairs, matched whole-word and longest-leftmost."""

    def __init__(self) -> None:
        self._targets: dict[tuple[str, bool], dict[T, float]] = {}
        self._cue_of: dict[tuple[str, bool], str] = {}
        self._matcher: PhraseMatcher[tuple[str, bool]] | None = None
        self._hit_parts: dict[tuple[str, bool], tuple[str, tuple[tuple[T, float], ...]]] = {}

    def add(self, phrase: str, target: T, weight: float = 1.0, *, case_sensitive: bool = False,
            inflect: bool = True) -> None:
        phrase = " ".join(phrase.split())
        if not phrase:
            return
        forms = plural_forms(phrase) if inflect and not case_sensitive else [phrase]
        for form in forms:
            key = (form if case_sensitive else form.lower(), case_sensitive)
            bucket = self._targets.setdefault(key, {})
            # A phrase listed under the same target twice keeps its larger weight.
            bucket[target] = max(weight, bucket.get(target, 0.0))
            self._cue_of.setdefault(key, phrase)
        self._matcher = None

    def add_masks(self, phrases: Iterable[str]) -> None:
        """Phrases that hide the cues inside them ("in a row" hides "row"): matched like cues, longest first,
        and then left out of what ``find`` returns."""
        for phrase in phrases:
            phrase = " ".join(phrase.split())
            if phrase:
                key = (phrase.lower(), False)
                self._targets.setdefault(key, {})
                self._cue_of.setdefault(key, phrase)
        self._matcher = None

    def add_many(self, phrases: Iterable[str], target: T, weight: float = 1.0, **kwargs: bool) -> None:
        for phrase in phrases:
            self.add(phrase, target, weight, **kwargs)

    def _build(self) -> PhraseMatcher[tuple[str, bool]]:
        matcher: PhraseMatcher[tuple[str, bool]] = PhraseMatcher()
        for key in self._targets:
            matcher.add(key[0], key, case_sensitive=key[1])
        # Each phrase's cue and targets, made once rather than per hit.
        self._hit_parts = {key: (self._cue_of[key], tuple(targets.items())) for key, targets in self._targets.items()}
        self._matcher = matcher
        return matcher

    def find(self, text: str, offset: int = 0) -> list[Hit[T]]:
        matcher = self._matcher or self._build()
        parts = self._hit_parts
        hits: list[Hit[T]] = []
        for start, end, surface, key in matcher.find_spans(text):
            cue, targets = parts[key]
            if targets:  # none: a mask
                hits.append(Hit(start + offset, end + offset, surface, cue, targets))
        return hits
