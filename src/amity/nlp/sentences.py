"""Rule-based sentence and paragraph segmentation with offsets into the original text.

Hand-written rather than taken from a library because the default pipeline must stay pure Python and
regex (spaCy's sentencizer or pySBD are slower by orders of magnitude or pull in models), and because
the news and UN texts we read need paragraph-aware splitting with exact character offsets.

Paragraphs are blocks separated by blank lines. A text without any blank line is read as one paragraph
per line (the UN General Debate files), except that a line which visibly continues on the next one (the
next line starts in lower case, or the line ends in a function word or a hyphen) is joined to it, and a
hard-wrapped text (most lines about the same length) is read as one paragraph. Inside a blank-line
paragraph a single line break that does not continue the sentence (a byline, a dateline block, a
heading) ends the sentence. Sentences never cross a paragraph.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from amity.model import Sentence


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Abbreviations after which a period never ends a sentence (titles, "No. 5", "vs.").
_NEVER_FINAL = _words(
    """
    mr mrs ms mssrs messrs dr prof gen lt col capt cpt maj sgt cmdr adm brig gov sen rep rev hon
    pres amb st fr sr jr sra srta mme mlle no nos vol vols art arts fig figs pp vs v e.g i.e cf viz
    approx dept est ft mt sec univ assn bros ave blvd rd hwy
    """
)
# Abbreviations that usually sit before a number ("Jan. 5", "Sept. 11", "p. 4"): final unless a digit follows.
_BEFORE_NUMBER = _words(
    "jan feb mar apr jun jul aug sep sept oct nov dec p para paras ch chap sec no nos art"
)
# After these, a capitalised next word is most often a new sentence only if it is a typical opener.
_SENTENCE_OPENERS = _words(
    """
    a an the this that these those he she it they we i you his her its their our my there here
    but and or so yet however meanwhile moreover also in on at for from with after before during
    when while if as since although though because what who why how where which
    """
)
# A line ending in one of these continues on the next line.
_CONTINUING_WORDS = _words(
    """
    a an the of and or to in on at for with by from as that which who whose than into onto upon
    its their our his her this these those is are was were be been has have had will would shall
    should can could may might must not nor but between among through over under about against
    """
)

# A candidate boundary: terminal punctuation, optional closing quotes/brackets, then white space.
_BOUNDARY = re.compile(r"(\.{3}|…|[.!?]+)([\"'”’»)\]]*)(?=\s)")
_TOKEN_BEFORE = re.compile(r"([\w.'’-]*)$")
_NEXT_START = re.compile(r"\s+[\"'“‘«(\[]*(\S)")
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")
_ENUMERATOR = re.compile(r"\s*[(\[]?(?:\d{1,3}|[a-z]|[ivxlcIVXLC]{1,5})[.)\]]")
# After a closing quote: a short capitalised name and a speech verb continue the sentence.
_ATTRIBUTION_AFTER = re.compile(
    r"\s+(?!(?:The|This|That|These|Those|He|She|It|They|We|I|You|But|And|In|On|At|A|An)\b)"
    r"(?:[A-Z][\w.'’-]*\s+){1,4}(?:said|says|asked|asks|added|adds|told|stated|noted|replied|wrote|"
    r"declared|insisted|explained|stressed|warned|urged)\b"
)
_TERMINAL_END = re.compile(r"[.!?…:;][\"'”’»)\]]*$")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences; offsets index into ``text`` and spans carry no outer white space."""
    sentences: list[Sentence] = []
    for paragraph, (p_start, p_end, line_breaks_end_sentences) in enumerate(_paragraphs(text)):
        for start, end in _sentences_in(text, p_start, p_end, line_breaks_end_sentences):
            sentences.append(Sentence(len(sentences), start, end, paragraph))
    return sentences


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """The ``[start, end)`` span of each paragraph, white space stripped."""
    return [(s, e) for s, e, _ in _paragraphs(text)]


# --- paragraphs -------------------------------------------------------------------------------------


def _paragraphs(text: str) -> Iterator[tuple[int, int, bool]]:
    """Paragraph spans, each with whether its inner line breaks may end sentences."""
    if _BLANK_LINE.search(text):
        wrapped = _looks_hard_wrapped(text)
        pos = 0
        for match in _BLANK_LINE.finditer(text):
            # A block that runs on into the next (PDF extraction leaves such gaps) is not a paragraph end.
            following = text[match.end():match.end() + 200].split("\n", 1)[0]
            if _continues(text[pos:match.start()].rsplit("\n", 1)[-1], following):
                continue
            yield from _strip_span(text, pos, match.start(), not wrapped)
            pos = match.end()
        yield from _strip_span(text, pos, len(text), not wrapped)
        return
    if _looks_hard_wrapped(text):
        yield from _strip_span(text, 0, len(text), False)
        return
    # One paragraph a line; a line that visibly continues is joined to the next.
    lines = _line_spans(text)
    block_start: int | None = None
    block_end = 0
    for i, (ls, le) in enumerate(lines):
        if not text[ls:le].strip():
            continue
        if block_start is None:
            block_start = ls
        block_end = le
        nxt = _next_nonblank(text, lines, i + 1)
        if nxt is None or not _continues(text[ls:le], text[nxt[0]:nxt[1]]):
            yield from _strip_span(text, block_start, block_end, False)
            block_start = None
    if block_start is not None:
        yield from _strip_span(text, block_start, block_end, False)


def _strip_span(text: str, start: int, end: int, flag: bool) -> Iterator[tuple[int, int, bool]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end, flag


def _line_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = 0
    for line in text.split("\n"):
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return spans


def _next_nonblank(text: str, lines: list[tuple[int, int]], i: int) -> tuple[int, int] | None:
    for span in lines[i:]:
        if text[span[0]:span[1]].strip():
            return span
    return None


def _continues(line: str, next_line: str) -> bool:
    """Whether ``line`` runs on into ``next_line`` (the break inside it is only a wrap)."""
    stripped = line.rstrip()
    following = next_line.lstrip()
    if not stripped or not following:
        return False
    last_word = stripped.rsplit(None, 1)[-1]
    if last_word.endswith(".") and _is_abbreviation(last_word[:-1]):
        return True
    if _TERMINAL_END.search(stripped):
        return False
    if following[0].islower():
        return True
    if stripped[-1] in "-–—(/&":
        return True
    return last_word.lower() in _CONTINUING_WORDS


def _is_abbreviation(word: str) -> bool:
    """A title, an initial or "No" before which a period does not end the sentence ("Mr", "P")."""
    return word.lower() in _NEVER_FINAL or (len(word) == 1 and word.isupper())


def _looks_hard_wrapped(text: str) -> bool:
    """True when most lines that are followed by another line have nearly the same length."""
    lines = text.split("\n")
    lengths = [
        len(a.rstrip()) for a, b in itertools.pairwise(lines) if a.strip() and b.strip()
    ]
    if len(lengths) < 4:
        return False
    widest = max(lengths)
    if widest > 120 or widest < 30:
        return False
    near = sum(1 for n in lengths if n >= widest - 20)
    # Wrapping breaks sentences anywhere, so many lines go on in lower case; a list of headlines does not.
    runs_on = sum(1 for a, b in itertools.pairwise(lines) if a.strip() and b.strip()[:1].islower())
    return near >= 0.7 * len(lengths) and runs_on >= 0.25 * len(lengths)


# --- sentences --------------------------------------------------------------------------------------


def _sentences_in(text: str, start: int, end: int, line_breaks_end: bool) -> Iterator[tuple[int, int]]:
    chunk = text[start:end]
    cuts = _boundaries(chunk)
    if line_breaks_end:
        cuts = sorted(set(cuts) | set(_line_break_cuts(chunk)))
    pos = 0
    for cut in [*cuts, len(chunk)]:
        s, e = pos, cut
        while s < e and chunk[s].isspace():
            s += 1
        while e > s and chunk[e - 1].isspace():
            e -= 1
        if s < e:
            yield start + s, start + e
        pos = cut


def _line_break_cuts(chunk: str) -> list[int]:
    cuts: list[int] = []
    pos = 0
    lines = chunk.split("\n")
    for line, following in itertools.pairwise(lines):
        pos += len(line) + 1
        if line.strip() and following.strip() and not _continues(line, following):
            cuts.append(pos - 1)
    return cuts


def _boundaries(chunk: str) -> list[int]:
    """Offsets in ``chunk`` just after each sentence-final punctuation (and its closing quotes)."""
    cuts: list[int] = []
    sentence_start = 0
    for match in _BOUNDARY.finditer(chunk):
        if _ENUMERATOR.fullmatch(chunk, sentence_start, match.start() + 1):  # "52. Text", "b) Text"
            continue
        nxt = _NEXT_START.match(chunk, match.end())
        if nxt is None:
            continue
        next_char = nxt.group(1)
        if next_char.islower() or next_char in ",;:)]":
            continue
        punct = match.group(1)
        if punct[0] == "." and punct != "..." and not _period_ends(chunk, match.start(), nxt.end(1) - 1):
            continue
        if match.group(2) and _ATTRIBUTION_AFTER.match(chunk, match.end()):  # '"Why?" Smith asked.'
            continue
        cuts.append(match.end())
        sentence_start = match.end()
    return cuts


def _period_ends(chunk: str, dot: int, next_at: int) -> bool:
    """Whether the period at ``dot`` ends a sentence, given the next word starts at ``next_at``."""
    token = _TOKEN_BEFORE.search(chunk, max(0, dot - 40), dot)  # a bounded window keeps this O(1)
    word = token.group(1) if token else ""
    word = word.lstrip("'’-")
    if not word:
        return True
    lowered = word.lower()
    next_char = chunk[next_at]
    if lowered in _NEVER_FINAL or (len(word) == 1 and word.isupper()):  # a title or an initial, "A. B. Smith"
        return False
    if lowered in _BEFORE_NUMBER:
        return not next_char.isdigit()
    if "." in word:  # dotted acronym "U.S." or "a.m.": final only before a typical sentence opener
        next_word = re.match(r"[\w']+", chunk[next_at:])
        return next_word is not None and next_word.group(0).lower() in _SENTENCE_OPENERS
    return True
