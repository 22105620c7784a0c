"""PLOVER event typing of a sentence or statement: which of the 16 PLOVER event types it reports.

Rule-based and fast: one Aho-Corasick pass finds the cue patterns of ``data/lexicons/events.yaml``, then
a few linguistic rules pick the main event and read its modality:

1. Cues inside background material (a sentence-opening adjunct up to its comma, an appositive or
   relative clause between commas, a parenthesis) are passed over while a main-clause cue exists, and
   so are gerund subjects ("lifting the sanctions is out of the question") and plural agent nouns
   ("the mediators withdrew") while a later cue can carry the verb.
2. The first remaining cue is the main event. If it is a *frame* (a verb taking a complement: "agreed
   to", "threatened to", "refused to", "demanded that", "ordered"), the first event cue in its
   complement decides with it: an intent frame over a cooperative act is AGREE ("offered to withdraw"),
   over force it is THREATEN ("vowed to attack"); a refusal is REJECT; a demand is REQUEST; an order to
   use force is that force ("ordered patrols" is MOBILIZE), any other order a REQUEST.
3. Modality before the cue, inside its clause: negation turns a cooperative event into REJECT and
   removes a conflict event; an obligation ("must", "should") makes a REQUEST; a future turns a
   cooperative event into AGREE and a material-conflict event into THREATEN (the per-type
   ``when_future`` / ``when_negated`` fields of the lexicon).
4. Exercises and patrols are MOBILIZE for one party and COOPERATE when joint.
5. With no cue at all, an obligation modal in the sentence is a REQUEST ("X must ensure ...").

Where the gold-standard records (PLOVER 0.6) and the 0.8 manual differ, the lexicon says which it follows
(see the header of ``events.yaml``).

Evidence is returned for the cue(s) that decided, with document offsets (``offset`` added).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from pathlib import Path

from amity.coding.commitment import classify_commitment
from amity.coding.cuepatterns import CueMatch
from amity.coding.event_lexicon import Cue, EventLexicon
from amity.model import Evidence

__all__ = ["EventClassifier", "classify_commitment", "classify_event"]

_WORD_RE = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?|n['’]t")
_CLAUSE_BREAK_RE = re.compile(r"[,;:()\[\]—–]|\s-\s|[.!?](?=\s|$)")
_SENTENCE_END_RE = re.compile(r"[;!?]|\.(?=\s|$)")
_COMMA_RE = re.compile(r",")
_LEAD_WORD_RE = re.compile(r"[\s\"'“‘{(\[]*([A-Za-z]+)")
_BRACKETED_RE = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
_AFTER_COMMA_RE = re.compile(r",\s*([A-Za-z]+)")
# Words that end a frame's complement: what follows is another clause ("agreed ... after weeks of protests").
_SUBORDINATORS = frozenset({
    "after", "before", "as", "because", "since", "while", "when", "whereas", "although", "though", "despite",
    "following", "amid", "amidst", "during", "until", "unless", "if", "which", "who", "whom", "whose",
})
_RELATIVE_OPENERS = frozenset({"which", "who", "whom", "whose", "where"})
_APPOSITIVE_OPENERS = frozenset({"a", "an", "the"})
_FUTURE_AFTER_RE = re.compile(
    r"\s+(?:will|shall|would|(?:is|are)\s+(?:to|expected\s+to|scheduled\s+to|set\s+to|due\s+to))\b",
    re.IGNORECASE,
)
_POLITE_WOULD_RE = re.compile(r"\bwould (?:like|love|prefer|rather|wish)\b")
_MODAL_WINDOW = 5  # words before a cue searched for modality
_NEGATION_WINDOW = 3
_COMPLEMENT_WINDOW = 14  # words after a frame searched for its content
_JOINT_WINDOW = 8
_MATERIAL_CONFLICT = frozenset({"PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"})
_FORCE = frozenset({"MOBILIZE", "COERCE", "ASSAULT", "SANCTION"})
_VERBAL_CONFLICT_KEEP = frozenset({"REJECT", "ACCUSE", "REQUEST", "THREATEN"})
_COOPERATIVE = frozenset({"AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"})


@dataclass(frozen=True, slots=True)
class _Reading:
    type: str
    evidence: tuple[tuple[CueMatch[Cue], str], ...]  # (match, note) pairs


class EventClassifier:
    """Classifies text into a PLOVER event type; build once (``EventClassifier.default()``) and reuse."""

    def __init__(self, lexicon: EventLexicon) -> None:
        self.lexicon = lexicon
        self._modifiers = {kind: _PhraseSet(phrases) for kind, phrases in lexicon.modifiers.items()}
        self._obligation_re = re.compile(
            "|".join(r"\b" + r"\s+".join(re.escape(w) for w in phrase) + r"\b"
                     for phrase in lexicon.modifiers["obligation"]),
            re.IGNORECASE,
        )

    @classmethod
    @functools.cache
    def default(cls) -> EventClassifier:
        return cls(EventLexicon.load())

    @classmethod
    def from_file(cls, path: Path) -> EventClassifier:
        return cls(EventLexicon.load(path))

    # --- public ---------------------------------------------------------------------------------

    def classify(self, text: str, offset: int = 0) -> tuple[str | None, list[Evidence]]:
        """The PLOVER type of the main event ``text`` reports, or None, and the evidence for it."""
        matches = [m for m in self.lexicon.cues.find(text) if m.value.kind != "discard"]
        background = self._background_spans(text)
        foreground = [m for m in matches if not _inside(m, background)]
        # A gerund opening a clause is its subject ("that lifting the sanctions is out of the question"):
        # the clause's own verb comes later and is the main event.
        subjects = [m for m in foreground if _is_gerund_subject(text, m) or _is_agent_noun(m)]
        if subjects and len(subjects) < len(foreground):
            foreground = [m for m in foreground if m not in subjects] + subjects
        ordered = foreground + [m for m in matches if _inside(m, background)]
        for match in ordered:
            reading = self._read(text, match, matches)
            if reading is not None:
                return reading.type, _evidence(reading, offset)
        fallback = self._modal_request(text, background)
        if fallback is not None:
            start, end = fallback
            cue = text[start:end]
            return "REQUEST", [Evidence("event_type", "REQUEST", offset + start, offset + end, cue,
                                        f"obligation: {cue.lower()}")]
        return None, []

    # --- reading one cue --------------------------------------------------------------------------

    def _read(self, text: str, match: CueMatch[Cue], matches: list[CueMatch[Cue]]) -> _Reading | None:
        cue = match.value
        mods = self._modality(text, match.start, match.end)
        if cue.kind == "frame":
            return self._read_frame(text, match, matches, mods)
        if cue.kind == "joint":
            joint = self._is_joint(text, match)
            kind = self.lexicon.joint_type if joint else self.lexicon.joint_alone
            return self._apply_modality(kind, match, mods, "joint" if joint else "")
        assert cue.type is not None
        return self._apply_modality(cue.type, match, mods, "")

    def _apply_modality(self, type_: str, match: CueMatch[Cue], mods: set[str], note: str) -> _Reading | None:
        spec = self.lexicon.types[type_]
        notes = [note] if note else []
        if "negation" in mods:
            if spec.when_negated is None:
                return None
            notes.append("negated")
            return _Reading(spec.when_negated, ((match, ", ".join(notes)),))
        if "obligation" in mods:
            notes.append("obligation")
            return _Reading("REQUEST", ((match, ", ".join(notes)),))
        if "future" in mods:
            notes.append("future")
            return _Reading(spec.when_future, ((match, ", ".join(notes)),))
        return _Reading(type_, ((match, ", ".join(notes)),))

    def _read_frame(self, text: str, frame: CueMatch[Cue], matches: list[CueMatch[Cue]],
                    mods: set[str]) -> _Reading | None:
        cls = frame.value.frame
        alone = frame.value.type
        assert cls is not None and alone is not None
        content = self._complement(text, frame, matches)
        content_type: str | None = None
        if content is not None:
            # The complement's own modality belongs to the frame ("agreed that they should cooperate").
            if content.value.kind == "joint" and self._is_joint(text, content):
                content_type = self.lexicon.joint_type
            else:
                content_type = content.value.type
            if (content_type is not None and content.value.kind == "event"
                    and self._negated_between(text, frame.end, content.start)):
                content_type = self.lexicon.types[content_type].when_negated
        if "negation" in mods:
            if cls in ("intent", "preparation"):
                return _Reading("REJECT", ((frame, "negated frame"),))
            return None
        composed = _compose(cls, alone, content_type)
        if composed is None:
            return None
        if "obligation" in mods and cls != "demand":
            composed = "REQUEST"
        evidence: tuple[tuple[CueMatch[Cue], str], ...] = ((frame, f"frame: {cls}"),)
        if content is not None and content_type is not None:
            evidence += ((content, f"complement of {cls} frame"),)
        return _Reading(composed, evidence)

    def _complement(self, text: str, frame: CueMatch[Cue],
                    matches: list[CueMatch[Cue]]) -> CueMatch[Cue] | None:
        for m in matches:
            if m.start < frame.end or _is_agent_noun(m):
                continue
            between = text[frame.end:m.start]
            words = _WORD_RE.findall(between)
            if (_SENTENCE_END_RE.search(between) or len(words) > _COMPLEMENT_WINDOW
                    or any(w.lower() in _SUBORDINATORS for w in words)):
                return None
            return m
        return None

    def _negated_between(self, text: str, start: int, end: int) -> bool:
        words = [w.lower() for w in _WORD_RE.findall(text[start:end])]
        return self._modifiers["negation"].found_in(words) and "only" not in words

    # --- modality ----------------------------------------------------------------------------------

    def _window(self, text: str, start: int, size: int) -> list[str]:
        """Up to ``size`` words before ``start``, back to the nearest clause break."""
        head = text[max(0, start - 200):start]
        breaks = list(_CLAUSE_BREAK_RE.finditer(head))
        if breaks:
            head = head[breaks[-1].end():]
        return [w.lower() for w in _WORD_RE.findall(head)][-size:]

    def _modality(self, text: str, start: int, end: int | None = None) -> set[str]:
        words = self._window(text, start, _MODAL_WINDOW)
        found: set[str] = set()
        if end is not None and _FUTURE_AFTER_RE.match(text, end):
            found.add("future")  # a noun cue as subject: "talks will be held", "the aid is to arrive"
        near = words[-_NEGATION_WINDOW:]
        if self._modifiers["negation"].found_in(near) and "only" not in words:
            found.add("negation")
        for kind in ("obligation", "future"):
            if self._modifiers[kind].found_in(words):
                found.add(kind)
        if "future" in found and _POLITE_WOULD_RE.search(" ".join(words)):
            found.discard("future")  # "would like to commend" is a courtesy, not a promise
        return found

    def _modal_request(self, text: str, background: list[tuple[int, int]] | None = None) -> tuple[int, int] | None:
        """Span of the first obligation modal outside background (``_background_spans``), if any."""
        if background is None:
            background = self._background_spans(text)
        for m in self._obligation_re.finditer(text):
            if not any(s <= m.start() < e for s, e in background):
                return m.start(), m.end()
        return None

    def _is_joint(self, text: str, match: CueMatch[Cue]) -> bool:
        before = self._window(text, match.start, _JOINT_WINDOW)
        after = [w.lower() for w in _WORD_RE.findall(text[match.start:match.end + 120])][:_JOINT_WINDOW]
        markers = self.lexicon.joint_markers
        if any(w in markers for w in before) or any(w in markers for w in after):
            return True
        subject = text[:match.start]
        cut = _CLAUSE_BREAK_RE.search(subject[::-1])  # the subject is the last clause before the cue
        if cut is not None:
            subject = subject[len(subject) - cut.start():]
        return re.search(r"\band\b", subject) is not None

    # --- background ----------------------------------------------------------------------------------

    def _background_spans(self, text: str) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        lead = _LEAD_WORD_RE.match(text)
        lead_end = -1
        if lead is not None and lead.group(1).lower() in self.lexicon.background_openers:
            comma = text.find(",", lead.end())
            if comma != -1 and len(_WORD_RE.findall(text[:comma])) <= 25:
                spans.append((0, comma))
                lead_end = comma
        for m in _BRACKETED_RE.finditer(text):
            spans.append((m.start(), m.end()))
        commas = [m.start() for m in _COMMA_RE.finditer(text)]
        for i, c in enumerate(commas):
            if c == lead_end:
                continue
            nxt = _AFTER_COMMA_RE.match(text, c)  # at the comma: the same as matching text[c:]
            if nxt is None:
                continue
            word = nxt.group(1).lower()
            close = commas[i + 1] if i + 1 < len(commas) else None
            if word in _RELATIVE_OPENERS:
                spans.append((c, close if close is not None else len(text)))
            elif word in _APPOSITIVE_OPENERS and close is not None and len(
                    _WORD_RE.findall(text[c:close])) <= 15:
                spans.append((c, close))
        return spans


def _compose(cls: str, alone: str, content: str | None) -> str | None:
    """The type of a frame given the type of the first event in its complement."""
    if cls == "intent":
        if content is None or content in _COOPERATIVE:
            return "AGREE"
        if content in _MATERIAL_CONFLICT or content == "THREATEN":
            return "THREATEN"
        return content  # "vowed to reject", "agreed to demand": the verbal act itself
    if cls == "preparation":
        if content is None:
            return None
        if content in _MATERIAL_CONFLICT:
            return "MOBILIZE"
        return "AGREE" if content in _COOPERATIVE else None
    if cls == "order":
        return content if content in _FORCE else "REQUEST"
    return alone  # threat, refusal, demand


class _PhraseSet:
    """Modifier phrases looked up in a short word window: single words by set, clitics by suffix."""

    def __init__(self, phrases: tuple[tuple[str, ...], ...]) -> None:
        self.words = frozenset(p[0] for p in phrases if len(p) == 1 and not p[0].startswith(("'", "n'")))
        clitics = [p[0] for p in phrases if len(p) == 1 and p[0].startswith(("'", "n'"))]
        self.suffixes = tuple(clitics + [c.replace("'", "’") for c in clitics])
        self.multi = tuple(p for p in phrases if len(p) > 1)

    def found_in(self, words: list[str]) -> bool:
        if not self.words.isdisjoint(words):
            return True
        if self.suffixes and any(w.endswith(self.suffixes) for w in words):
            return True
        n_words = len(words)
        for phrase in self.multi:
            n = len(phrase)
            for i in range(n_words - n + 1):
                if words[i] == phrase[0] and tuple(words[i:i + n]) == phrase:
                    return True
        return False


_GERUND_SUBJECT_BEFORE = re.compile(r"(?:^|\b(?:that|said|says))\s*$", re.IGNORECASE)


def _is_gerund_subject(text: str, match: CueMatch[Cue]) -> bool:
    first = match.text.split()[0].lower()
    return first.endswith("ing") and _GERUND_SUBJECT_BEFORE.search(text[:match.start]) is not None


def _is_agent_noun(match: CueMatch[Cue]) -> bool:
    """Plural nouns naming participants ("mediators", "peacekeepers") say who, not what happened.

    Protesters are the exception: their protest is the event, and what they demand is its topic
    (PLOVER PROTEST: the topic of a protest is not coded separately).
    """
    word = match.text.lower()
    return (match.value.type != "PROTEST" and " " not in word and len(word) > 5
            and word.endswith(("ers", "ors", "men")))


def _inside(match: CueMatch[Cue], spans: list[tuple[int, int]]) -> bool:
    return any(s <= match.start < e for s, e in spans)


def _evidence(reading: _Reading, offset: int) -> list[Evidence]:
    out = []
    for match, note in reading.evidence:
        cue = match.pattern + (f" [{note}]" if note else "")
        out.append(Evidence("event_type", reading.type, offset + match.start, offset + match.end, match.text, cue))
    return out


def classify_event(text: str, offset: int = 0) -> tuple[str | None, list[Evidence]]:
    """The PLOVER event type ``text`` reports (or None) with evidence spans shifted by ``offset``."""
    return EventClassifier.default().classify(text, offset)
