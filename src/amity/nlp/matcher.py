"""Fast multi-pattern phrase matching over whole words (Aho-Corasick through pyahocorasick).

Hand-written glue because no library offers word-boundary, longest-leftmost, case-policy-per-pattern
matching over pyahocorasick's automaton; the automaton itself is the library's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from operator import itemgetter
from typing import Generic, TypeVar

import ahocorasick

T = TypeVar("T")


# Not frozen (a frozen dataclass's __init__ costs about seven times more, and matches are made by the
# thousand per article); hashable like a frozen one. Treat as immutable.
@dataclass(slots=True, unsafe_hash=True)
class Match(Generic[T]):
    start: int
    end: int
    text: str
    value: T


class PhraseMatcher(Generic[T]):
    """Match many phrases at once.

    Patterns are matched on word boundaries. A pattern added with ``case_sensitive=False`` matches any
    casing; with ``True`` (for acronyms like "AEC" or "US") only the exact casing. Overlapping matches
    are resolved longest-leftmost, so "ASEAN Economic Community" wins over "ASEAN".
    """

    def __init__(self) -> None:
        self._auto: ahocorasick.Automaton = ahocorasick.Automaton()
        self._built = False
        self._entries: dict[str, list[tuple[str, bool, T]]] = {}

    def add(self, phrase: str, value: T, *, case_sensitive: bool = False) -> None:
        phrase = " ".join(phrase.split())
        if not phrase:
            return
        key = phrase.lower()
        self._entries.setdefault(key, []).append((phrase, case_sensitive, value))
        self._built = False

    def add_many(self, items: Iterable[tuple[str, T]], *, case_sensitive: bool = False) -> None:
        for phrase, value in items:
            self.add(phrase, value, case_sensitive=case_sensitive)

    def __len__(self) -> int:
        return len(self._entries)

    def _build(self) -> None:
        self._auto = ahocorasick.Automaton()
        for key, entries in self._entries.items():
            self._auto.add_word(key, (len(key), entries))
        if self._entries:
            self._auto.make_automaton()
        self._built = True

    def _hits(self, text: str) -> list[tuple[int, int, int, list[tuple[str, bool, T]]]]:
        """Every phrase found on word boundaries as (start, start - end, end, entries), in the automaton's
        order (by end offset). The second item sorts the longest first at one start."""
        if not self._built:
            self._build()
        if not self._entries:
            return []
        lowered = text.lower()
        if len(lowered) != len(text):  # rare Unicode case changes length; keep offsets right
            lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
        n = len(text)
        out: list[tuple[int, int, int, list[tuple[str, bool, T]]]] = []
        append = out.append
        # Hot loop: boundary tests are inlined (a function call per hit doubled the cost).
        for end_idx, (length, entries) in self._auto.iter(lowered):
            start = end_idx - length + 1
            end = end_idx + 1
            if start > 0:
                before = text[start - 1]
                if (before.isalnum() or before == "_") and (text[start].isalnum() or text[start] == "_"):
                    continue
            if end < n:
                after = text[end]
                if (after.isalnum() or after == "_") and (text[end_idx].isalnum() or text[end_idx] == "_"):
                    continue
            append((start, -length, end, entries))
        return out

    def spans(self, text: str) -> list[tuple[int, int, T]]:
        """Every match as (start, end, value), overlapping ones included, in ``iter_all``'s order."""
        return [
            (start, end, value) for start, _, end, entries in self._hits(text)
            for phrase, case_sensitive, value in entries if not case_sensitive or text[start:end] == phrase
        ]

    def iter_all(self, text: str) -> Iterator[Match[T]]:
        """Every match on word boundaries, overlapping ones included."""
        for start, end, value in self.spans(text):
            yield Match(start, end, text[start:end], value)

    def find(self, text: str) -> list[Match[T]]:
        """Non-overlapping matches, longest-leftmost."""
        return [Match(start, end, surface, value) for start, end, surface, value in self.find_spans(text)]

    def find_spans(self, text: str) -> list[tuple[int, int, str, T]]:
        """``find`` as (start, end, text, value) tuples, for callers that build their own objects."""
        hits = self._hits(text)
        if not hits:
            return []
        # On (start, longest first); the sort is stable, so the entries of one phrase keep their order.
        hits.sort(key=_START_LONGEST)
        out: list[tuple[int, int, str, T]] = []
        last_end = -1
        for start, _, end, entries in hits:
            if start < last_end:
                continue
            surface = text[start:end]
            for phrase, case_sensitive, value in entries:
                if not case_sensitive or surface == phrase:
                    out.append((start, end, surface, value))  # the first entry that fits wins
                    last_end = end
                    break
        return out


_START_LONGEST = itemgetter(0, 1)
