"""Tokens and quotation marks: the low-level layer under attribution.

Direct quotes are found with a small hand-written scanner rather than a regex because quotes may span
sentences and paragraphs: in news style a quote that runs over several paragraphs omits the closing mark
at the end of each paragraph and opens the next one with a quote mark again. Every mark style is handled:
straight "...", curly “...”, single ‘...’ (telling a closing ’ from an apostrophe), and guillemets «...».
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

_TOKEN_RE = re.compile(r"\w+(?:[-'’.&]\w+)*|''|[^\w\s]")

_BLANK_LINE_RE = re.compile(r"\n\s*\n")
_NEWLINE_RE = re.compile(r"\n")
_MARK_RE = re.compile(r"''|[“”«»‘’\"„‹›]")
OPENING = {"“": "”", "«": "»", "‘": "’", '"': '"', "„": "“", "‹": "›"}
QUOTE_CHARS = frozenset([*"“”«»‘’\"„‹›", "''"])  # '' is a double quote in some newspapers' text


def is_quote_at(text: str, i: int) -> bool:
    """Does a quotation mark start at ``i``?"""
    return 0 <= i < len(text) and (text[i] in QUOTE_CHARS or text.startswith("''", i))


class Token(NamedTuple):
    """A token with its offsets (a named tuple: built by the thousand per article, so cheap to make)."""

    start: int
    end: int
    text: str
    lower: str


_new_tuple = tuple.__new__  # builds a Token without the named tuple's Python-level ``__new__``


def tokenize(text: str) -> list[Token]:
    """Words (keeping hyphens, apostrophes and inner dots) and single punctuation marks."""
    return [
        _new_tuple(Token, (m.start(), m.end(), w, w.lower())) for m in _TOKEN_RE.finditer(text) for w in (m.group(),)
    ]


@dataclass(frozen=True, slots=True)
class Quote:
    """One paragraph's piece of a direct quote. Pieces of one multi-paragraph quote share ``group``."""

    start: int  # at the opening mark
    end: int  # after the closing mark (or at the end of the paragraph when it is left open)
    group: int
    closed: bool

    @property
    def inner(self) -> tuple[int, int]:
        return self.start + 1, (self.end - 1 if self.closed else self.end)


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """Paragraphs as ``[start, end)``, split on blank lines (or single newlines when there are none)."""
    sep = _BLANK_LINE_RE if _BLANK_LINE_RE.search(text) else _NEWLINE_RE
    out: list[tuple[int, int]] = []
    pos = 0
    for m in sep.finditer(text):
        if text[pos:m.start()].strip():
            out.append(_trim(text, pos, m.start()))
        pos = m.end()
    if text[pos:].strip():
        out.append(_trim(text, pos, len(text)))
    return out


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _opens(text: str, i: int, start: int, ch: str, width: int) -> bool:
    """Can the mark at ``i`` open a quote? It must not follow a letter and must precede a non-space."""
    if ch not in OPENING:
        return False
    prev = text[i - 1] if i > start else " "
    nxt = text[i + width] if i + width < len(text) else " "
    if nxt.isspace():
        return False
    if ch in "‘'\"" and prev.isalnum():
        return False
    return not (ch == "‘" and nxt.isdigit())  # ‘90s


def _closes(text: str, i: int, closer: str, end: int, ch: str, width: int) -> bool:
    if ch != closer and not (closer == "”" and ch == '"') and not (closer == '"' and ch == "”"):
        return False
    if closer == "’":
        nxt = text[i + width] if i + width < end else " "
        return not nxt.isalpha()  # don’t, Clinton’s
    return True


def find_quotes(text: str, paragraphs: list[tuple[int, int]] | None = None) -> list[Quote]:
    """Direct quotes, one piece per paragraph; nested inner quotes are part of the outer one."""
    paragraphs = paragraphs if paragraphs is not None else paragraph_bounds(text)
    quotes: list[Quote] = []
    group = -1
    carry: str | None = None  # closer of a quote left open at the end of the previous paragraph
    for p_index, (p_start, p_end) in enumerate(paragraphs):
        i = p_start
        closer: str | None = None
        q_start = -1
        if carry is not None and p_start < p_end and text[p_start] in OPENING:
            # A continued quote re-opens with a mark; it is a piece of the same group.
            closer = carry
            q_start = p_start
            i = p_start + (2 if text.startswith("''", p_start) else 1)
        carry = None
        for m in _MARK_RE.finditer(text, i, p_end):
            i = m.start()
            ch, width = (m.group(), 1) if m.group() != "''" else ('"', 2)  # '' stands for a double mark
            if closer is None:
                if _opens(text, i, p_start, ch, width):
                    group += 1
                    closer = OPENING[ch]
                    q_start = i
            elif _closes(text, i, closer, p_end, ch, width):
                quotes.append(Quote(q_start, i + width, group, True))
                closer = None
        if closer is not None:
            nxt_opens = (
                p_index + 1 < len(paragraphs)
                and text[paragraphs[p_index + 1][0]] in OPENING
            )
            end = p_end
            quotes.append(Quote(q_start, end, group, False))
            if nxt_opens:
                carry = closer
    return quotes
