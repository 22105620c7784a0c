"""Compact cue patterns for lexicons: inflected verbs, alternatives, short gaps, and fast lookup.

A pattern is a string of space-separated tokens:

* ``talks`` a literal word (any casing);
* ``agree+`` the word with its regular and irregular inflections (agree, agrees, agreed, agreeing);
* ``aid|assistance|relief+`` alternatives, each of which may carry ``+``;
* ``to?`` an optional token;
* ``*3`` a gap of zero to three words (never across punctuation);
* ``!that|its`` the next word must not be one of these (a look-ahead; consumes nothing).

The first token must be a word (or alternatives). Those first words go into an Aho-Corasick
``PhraseMatcher``; only patterns whose first word occurs are tried as regular expressions, anchored
at the occurrence. Hand-written because no library offers inflection-aware gapped phrase patterns
over an Aho-Corasick pre-filter, and a single regex alternation of a thousand patterns would be tried
at every character of every sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from amity.nlp.matcher import PhraseMatcher

T = TypeVar("T")

# Irregular verbs: base -> (3rd person, past, past participle, -ing). Only forms news language uses.
_IRREGULAR: dict[str, tuple[str, ...]] = {
    "meet": ("met",), "hold": ("held",), "give": ("gave", "given"), "send": ("sent",),
    "shoot": ("shot",), "fight": ("fought",), "take": ("took", "taken"), "make": ("made",),
    "draw": ("drew", "drawn"), "lay": ("laid",), "sell": ("sold",), "buy": ("bought",),
    "blow": ("blew", "blown"), "break": ("broke", "broken"), "beat": ("beaten",),
    "fly": ("flew", "flown"), "lead": ("led",), "leave": ("left",), "keep": ("kept",),
    "bring": ("brought",), "throw": ("threw", "thrown"), "speak": ("spoke", "spoken"),
    "say": ("said",), "tell": ("told",), "swear": ("swore", "sworn"), "strike": ("struck", "stricken"),
    "set": (), "put": (), "cut": (), "shut": (), "let": (), "hit": (), "quit": (), "cast": (),
    "forgive": ("forgave", "forgiven"), "forsake": ("forsook", "forsaken"), "run": ("ran",),
    "rise": ("rose", "risen"), "begin": ("began", "begun"), "win": ("won",), "lose": ("lost",),
    "seek": ("sought",), "stand": ("stood",), "bear": ("bore", "borne"), "tear": ("tore", "torn"),
    "drive": ("drove", "driven"), "ride": ("rode", "ridden"), "slay": ("slew", "slain"),
    "steal": ("stole", "stolen"), "hide": ("hid", "hidden"), "bid": (), "sit": ("sat",),
    "teach": ("taught",), "catch": ("caught",), "feed": ("fed",), "deal": ("dealt",),
    "mean": ("meant",), "bind": ("bound",), "forbid": ("forbade", "forbidden"),
    "freeze": ("froze", "frozen"), "shake": ("shook", "shaken"), "lend": ("lent",),
    "spend": ("spent",), "build": ("built",), "go": ("went", "gone"), "come": ("came",),
    "do": ("did", "done"), "have": ("had",), "see": ("saw", "seen"), "get": ("got", "gotten"),
    "find": ("found",), "know": ("knew", "known"), "hang": ("hung",), "flee": ("fled",),
    "stick": ("stuck",), "spread": (), "sweep": ("swept",), "shed": (), "split": (),
    "undergo": ("underwent", "undergone"), "withhold": ("withheld",), "uphold": ("upheld",),
    "overthrow": ("overthrew", "overthrown"), "mislead": ("misled",), "arise": ("arose", "arisen"),
    "write": ("wrote", "written"), "choose": ("chose", "chosen"), "wake": ("woke", "woken"),
    "sink": ("sank", "sunk"), "shrink": ("shrank", "shrunk"), "light": ("lit",), "fall": ("fell", "fallen"),
    "eat": ("ate", "eaten"), "hear": ("heard",), "pay": ("paid",), "feel": ("felt",), "think": ("thought",),
}
# Verbs stressed on the last syllable double their final consonant (committed, expelled, patrolled).
_DOUBLING = frozenset((
    "commit", "admit", "permit", "submit", "omit", "transmit", "acquit", "emit", "remit", "expel",
    "compel", "propel", "repel", "dispel", "control", "patrol", "regret", "occur", "recur", "prefer",
    "refer", "confer", "transfer", "deter", "incur", "equip", "kidnap", "worship", "begin", "forbid",
    "rebel", "abet", "embed", "annul", "excel", "extol", "instil", "enrol", "enthral", "upset",
    "outstrip",
))
_PREFIXES = ("re", "over", "under", "with", "out", "up", "for", "be", "mis", "fore")
_VOWELS = "aeiou"


def _double_final(word: str) -> bool:
    if word in _DOUBLING:
        return True
    if len(word) < 3 or word[-1] in "wxy" + _VOWELS:
        return False
    syllables = len(re.findall(r"[aeiouy]+", word))
    return syllables == 1 and word[-2] in _VOWELS and word[-3] not in _VOWELS


def inflect(word: str) -> list[str]:
    """The word and its inflected forms (verb forms; plural for nouns falls out of the -s form)."""
    w = word.lower()
    forms = {w}
    # -s
    if re.search(r"(s|x|z|ch|sh|o)$", w):
        forms.add(w + "es")
    elif re.search(r"[^aeiou]y$", w):
        forms.add(w[:-1] + "ies")
    else:
        forms.add(w + "s")
    # -ed and -ing
    if w.endswith("ie"):
        forms.update({w + "d", w[:-2] + "ying"})
    elif w.endswith("e"):
        forms.add(w + "d")
        forms.add(w + "ing" if w.endswith(("ee", "ye", "oe")) else w[:-1] + "ing")
    elif re.search(r"[^aeiou]y$", w):
        forms.update({w[:-1] + "ied", w + "ing"})
    elif _double_final(w):
        forms.update({w + w[-1] + "ed", w + w[-1] + "ing"})
    elif w.endswith("c"):  # panic -> panicked
        forms.update({w + "ked", w + "king"})
    else:
        forms.update({w + "ed", w + "ing"})
    irregular = _irregular_forms(w)
    if irregular is not None:
        forms = {f for f in forms if not f.endswith("ed") or f in irregular}
        forms.update(irregular)
    return sorted(forms)


def _irregular_forms(word: str) -> set[str] | None:
    if word in _IRREGULAR:
        return set(_IRREGULAR[word])
    for prefix in _PREFIXES:
        rest = word[len(prefix):]
        if word.startswith(prefix) and rest in _IRREGULAR:
            return {prefix + form for form in _IRREGULAR[rest]}
    return None


_WORD = r"[^\s,;:.!?()\[\]\"“”]+"


@dataclass(frozen=True, slots=True)
class _Token:
    kind: str  # "word", "gap", "optional", "not"
    forms: tuple[str, ...] = ()
    gap: int = 0


def _parse_alternatives(text: str) -> tuple[str, ...]:
    forms: list[str] = []
    for alt in text.split("|"):
        if not alt:
            raise ValueError(f"empty alternative in {text!r}")
        if alt.endswith("+"):
            forms.extend(inflect(alt[:-1]))
        else:
            forms.append(alt.lower())
    return tuple(dict.fromkeys(forms))


def parse_pattern(pattern: str) -> list[_Token]:
    """Parse a pattern into tokens; raises ValueError naming the problem."""
    raw = pattern.split()
    if not raw:
        raise ValueError("empty pattern")
    tokens: list[_Token] = []
    for item in raw:
        if re.fullmatch(r"\*\d", item):
            tokens.append(_Token("gap", gap=int(item[1:])))
        elif item.startswith("!"):
            tokens.append(_Token("not", _parse_alternatives(item[1:])))
        elif item.endswith("?") and len(item) > 1:
            tokens.append(_Token("optional", _parse_alternatives(item[:-1])))
        else:
            tokens.append(_Token("word", _parse_alternatives(item)))
    if tokens[0].kind != "word":
        raise ValueError(f"pattern must start with a word, not {raw[0]!r}")
    return tokens


def _alt_regex(forms: Sequence[str]) -> str:
    return "(?:" + "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True)) + ")"


def compile_pattern(tokens: Sequence[_Token]) -> re.Pattern[str]:
    parts = [_alt_regex(tokens[0].forms)]
    for tok in tokens[1:]:
        if tok.kind == "gap":
            parts.append(rf"(?:\s+{_WORD}){{0,{tok.gap}}}")
        elif tok.kind == "optional":
            parts.append(rf"(?:\s+{_alt_regex(tok.forms)}(?![\w-]))?")
        elif tok.kind == "not":
            parts.append(rf"(?!\s+{_alt_regex(tok.forms)}(?![\w-]))")
        else:
            parts.append(rf"\s+{_alt_regex(tok.forms)}")
    return re.compile("".join(parts) + r"(?![\w-])", re.IGNORECASE)


# Not frozen (a frozen dataclass's __init__ costs about seven times more, and matches are made by the
# thousand per article); hashable like a frozen one. Treat as immutable.
@dataclass(slots=True, unsafe_hash=True)
class CueMatch(Generic[T]):
    start: int
    end: int
    text: str
    pattern: str
    value: T


@dataclass(frozen=True, slots=True)
class _Compiled(Generic[T]):
    pattern: str
    regex: re.Pattern[str]
    literals: int  # how many literal tokens: more literal = more specific
    value: T


class CuePatternSet(Generic[T]):
    """Many cue patterns, matched longest-first at each position through an Aho-Corasick pre-filter."""

    def __init__(self) -> None:
        self._anchors: PhraseMatcher[int] = PhraseMatcher()
        self._compiled: list[_Compiled[T]] = []

    def add(self, pattern: str, value: T) -> None:
        tokens = parse_pattern(pattern)
        index = len(self._compiled)
        literals = sum(1 for t in tokens if t.kind == "word")
        self._compiled.append(_Compiled(pattern, compile_pattern(tokens), literals, value))
        for form in tokens[0].forms:
            self._anchors.add(form, index)

    def add_many(self, items: Iterable[tuple[str, T]]) -> None:
        for pattern, value in items:
            self.add(pattern, value)

    def __len__(self) -> int:
        return len(self._compiled)

    def find(self, text: str) -> list[CueMatch[T]]:
        """Non-overlapping matches, left to right; at one start the longest, then most specific, wins."""
        best: dict[int, tuple[int, int, _Compiled[T]]] = {}
        for anchor_start, _, index in self._anchors.spans(text):
            if anchor_start > 1 and text[anchor_start - 1] == "-" and text[anchor_start - 2].isalnum():
                continue  # the tail of a compound ("long-threatened") is not a cue on its own
            cand = self._compiled[index]
            m = cand.regex.match(text, anchor_start)
            if m is None:
                continue
            key = (m.end(), cand.literals)
            current = best.get(anchor_start)
            if current is None or key > current[:2]:
                best[anchor_start] = (m.end(), cand.literals, cand)
        out: list[CueMatch[T]] = []
        last_end = -1
        for start in sorted(best):
            end, _, cand = best[start]
            if start >= last_end:
                out.append(CueMatch(start, end, text[start:end], cand.pattern, cand.value))
                last_end = end
        return out
