"""Attributions marked by layout rather than by a verb: speaker labels and dash bylines.

* **Speaker labels.** A paragraph (or headline) that opens with a name and a colon: transcripts
  (``WALLACE: Let's start with ...``, ``Q: ...``) and headlines (``Sanders: Brexit's message could ...``).
  The name is the source, the colon the cue, the rest of the paragraph the content.
* **Dash bylines.** A quote followed by a dash and a name, on the same line (``“...” ― Sonya Herridge``)
  or on the next (``"..."`` then ``- Bernie Sanders``). The name is the source, the dash the cue.

The trained quote model adds these where neither its tagger nor the rules found anything; they are
character spans like the rules' ``Candidate``s.
"""

from __future__ import annotations

import functools
import re

from amity.nlp.cues import default_lexicon
from amity.nlp.rules import Candidate

_NAME_WORD = r"(?:[A-Z][\w.'’&()@-]*|of|the|de|van|von|al|bin)"
_NAME = rf"[A-Z][\w.'’&()@-]*(?:[^\S\n]+{_NAME_WORD}){{0,5}}"
_LABEL = re.compile(
    rf"^[^\S\n]*[\"“]?(?P<src>{_NAME})[^\S\n]*(?P<cue>:)[^\S\n]+(?P<con>\S[^\n]*?)[^\S\n]*$", re.MULTILINE
)
_DASH = r"(?:[―—–]|-{1,2})"
_INLINE = re.compile(
    rf"^[^\S\n]*(?P<con>[“”\"].{{10,}}?[”\"])[^\S\n]*(?P<cue>{_DASH})[^\S\n]*"
    rf"(?P<src>[A-Z][^\n,]{{1,80}}?)(?:[^\S\n]|\.)*(?:,[^\n]*)?$",
    re.MULTILINE,
)
_NEXT_LINE = re.compile(
    rf"^[^\S\n]*(?P<con>[“”\"][^\n]{{10,}}?)[^\S\n]*\n(?:[^\S\n]*\n)*[^\S\n]*(?P<cue>{_DASH})[^\S\n]*"
    rf"(?P<src>[A-Z][^\n,]{{1,80}}?)(?:[^\S\n]|\.)*(?:,[^\n]*)?$",
    re.MULTILINE,
)
# Labels that open a paragraph with a colon without reporting anyone's words.
_NOT_SPEAKERS = frozenset({
    "update", "updated", "note", "editor's note", "editor’s note", "related", "photo", "photos", "video",
    "watch", "read more", "read", "source", "sources", "via", "image", "caption", "credit", "correction",
    "clarification", "advertisement", "tags", "topics", "share", "follow", "subscribe", "contact", "email",
    "http", "https", "listen", "more", "see also", "also", "disclosure", "full disclosure", "warning", "ps",
    "p.s", "the bottom line", "bottom line", "the takeaway", "takeaway", "why", "what", "how", "who", "when",
    "where", "today", "yesterday", "tomorrow", "background", "context", "analysis", "opinion", "editorial",
    # headline kickers
    "the latest", "latest", "revealed", "bombshell", "just leaked", "leaked", "breaking", "breaking news",
    "exclusive", "report", "so", "first on cnn", "fact check", "live", "live updates", "q",
    # wire-service kickers ("Roundup: Syria, Lebanon discuss ...", "Xi Focus: Xi holds talks ...")
    "roundup", "xi focus", "china focus", "feature", "interview", "commentary", "spotlight", "backgrounder",
    "factbox", "profile", "news analysis", "economic watch", "world insights", "across china", "in pics",
})
_MIN_CONTENT_WORDS = 3


@functools.cache
def _office_words() -> frozenset[str]:
    lexicon = default_lexicon()
    phrases = (*lexicon.titles, *lexicon.organisation_heads, *lexicon.role_nouns)
    return frozenset(word.lower() for phrase in phrases for word in phrase.split())


def _office_word(word: str) -> bool:
    """Is ``word`` part of a title, an organisation's head or a role ("Secretary", "Ministry", "Bank")?"""
    return word.lower().rstrip(".") in _office_words()


def _words(text: str) -> int:
    return len(text.split())


def format_attributions(text: str) -> list[Candidate]:
    """Speaker-label and dash-byline attributions of ``text`` (see the module doc)."""
    found: list[Candidate] = []
    for m in _LABEL.finditer(text):
        label = m.group("src").strip()
        if label.lower().rstrip(".") in _NOT_SPEAKERS or _words(m.group("con")) < _MIN_CONTENT_WORDS:
            continue
        if any(ch.isdigit() for ch in label):
            continue  # a time or a date ("10:30", "Sept. 12:")
        if " of " in label and not _office_word(label.split()[0]):
            continue  # a heading ("Reform of the UN: ..."), not "Secretary of State: ..." or "Bank of Thailand: ..."
        if m.group("con").count(",") >= 3 and _words(m.group("con")) <= 3 * m.group("con").count(","):
            continue  # a list of names ("Nevada: Adam Khan, Andres Ramirez, ...")
        found.append(Candidate(m.span("cue"), m.span("src"), [m.span("con")], ":", "label", 0.6))
    for pattern in (_INLINE, _NEXT_LINE):
        for m in pattern.finditer(text):
            if _words(m.group("con")) < _MIN_CONTENT_WORDS or _words(m.group("src")) > 6:
                continue
            found.append(Candidate(m.span("cue"), m.span("src"), [m.span("con")], "dash", "byline", 0.6))
    return found
