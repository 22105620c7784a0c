"""The core data model: typed records with character offsets into the document text.

Every span is ``[start, end)`` in ``Document.text``. Records are plain dataclasses (fast to build by the
hundred thousand, easy to serialise); the store and the JSON output are derived from them.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any, Literal

ActorType = Literal["country", "person", "organisation", "mechanism"]
StatementKind = Literal["direct", "indirect", "mixed", "according-to", "act"]  # act: reported, not said
Tone = Literal["cooperative", "neutral", "conflictual"]
MentionKind = Literal["name", "alias", "adjective", "capital", "pronoun", "nominal", "acronym"]

PLOVER_TYPES: tuple[str, ...] = (
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
    "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
    "COERCE", "ASSAULT",
)


def normalise_for_hash(text: str) -> str:
    """NFC, collapse white space and lower-case: what counts as 'the same content'."""
    return " ".join(unicodedata.normalize("NFC", text).split()).lower()


def content_id(text: str) -> str:
    """A document's id: the first 16 hex digits of the SHA-256 of its normalised text."""
    return hashlib.sha256(normalise_for_hash(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the document text, ``text == document.text[start:end]``."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"start": self.start, "end": self.end, "text": self.text}


@dataclass(slots=True)
class Provenance:
    """Where a document came from and what made it."""

    source: str  # path, URL or "<text>"
    reader: str  # "wire", "html", "jsonl", ...
    record: str | None = None  # line number or record id inside a multi-document source
    fetched_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "reader": self.reader,
            "record": self.record,
            "fetched_at": self.fetched_at.isoformat() if self.fetched_at else None,
        }


@dataclass(slots=True)
class Document:
    text: str
    title: str | None = None
    source: str | None = None  # the outlet, e.g. "Xinhua"
    url: str | None = None
    path: str | None = None
    published: datetime | None = None
    authors: list[str] = field(default_factory=list)
    editor: str | None = None
    dateline: str | None = None
    language: str | None = "en"
    boilerplate_removed: list[str] = field(default_factory=list)
    provenance: Provenance | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    id: str = ""

    def __post_init__(self) -> None:
        if not self.id:
            self.id = content_id(self.text)

    def span(self, start: int, end: int) -> Span:
        return Span(start, end, self.text[start:end])

    def published_day(self) -> date | None:
        """The day of publication in UTC (as stored), which decides who was in office."""
        if self.published is None:
            return None
        if self.published.tzinfo is not None:
            return self.published.astimezone(UTC).date()
        return self.published.date()

    def metadata(self) -> dict[str, Any]:
        return {
            "title": self.title,
            "source": self.source,
            "url": self.url,
            "path": self.path,
            "published": self.published.isoformat() if self.published else None,
            "editor": self.editor,
            "authors": list(self.authors),
            "dateline": self.dateline,
            "language": self.language,
            "boilerplate_removed": list(self.boilerplate_removed),
        }


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    paragraph: int = 0


@dataclass(slots=True)
class Actor:
    """A canonical actor. Countries have ``id == iso3``; persons have a slug id."""

    id: str
    name: str
    type: ActorType
    iso3: str | None = None  # for countries, or the country a person/organisation belongs to
    title: str | None = None  # "Under-Secretary of State"
    role: str | None = None  # "diplomat", "foreign minister"
    organisation: str | None = None  # "Ministry of Foreign Affairs"
    aliases: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "type": self.type,
            "iso3": self.iso3,
            "title": self.title,
            "role": self.role,
            "organisation": self.organisation,
        }


@dataclass(frozen=True, slots=True)
class Mention:
    """An occurrence of an actor in the text."""

    actor_id: str
    start: int
    end: int
    text: str
    kind: MentionKind = "name"


@dataclass(frozen=True, slots=True)
class Evidence:
    """Why a code was given: the field it supports, the value, the span and the cue term that fired."""

    field: str  # "pillar", "sub_area", "mechanism", "event_type", "tone", "dyad", "relevance"
    value: str
    start: int
    end: int
    text: str
    cue: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "field": self.field, "value": self.value, "start": self.start, "end": self.end,
            "text": self.text, "cue": self.cue,
        }


@dataclass(slots=True)
class Coding:
    """What a statement is about, in one framework, with the evidence for every code."""

    framework: str
    relevant: bool = True
    pillars: list[str] = field(default_factory=list)
    primary_pillar: str | None = None
    sub_areas: list[str] = field(default_factory=list)
    mechanisms: list[str] = field(default_factory=list)
    dyads: list[tuple[str, str]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    event_type: str | None = None
    tone: Tone | None = None
    commitment: str | None = None  # "act", "pledge", "aspiration"
    evidence: list[Evidence] = field(default_factory=list)
    confidence: float = 0.0
    scores: dict[str, float] = field(default_factory=dict)


@dataclass(slots=True)
class Statement:
    """Who said what: a content span attributed to a speaker through a cue."""

    content: Span
    kind: StatementKind
    speaker: Actor | None = None
    speaker_span: Span | None = None  # how the text refers to the speaker here ("he", "the diplomat")
    cue: Span | None = None
    confidence: float = 0.0
    coding: Coding | None = None
    index: int = 0
    # The other persons of a joint source ("Xi Jinping and [Hun Manet] said"): their countries are parties.
    co_speakers: list[Actor] = field(default_factory=list)

    @property
    def start(self) -> int:
        return self.content.start

    @property
    def end(self) -> int:
        return self.content.end


@dataclass(slots=True)
class Analysis:
    """A document after annotation and coding."""

    document: Document
    framework: str
    sentences: list[Sentence] = field(default_factory=list)
    actors: dict[str, Actor] = field(default_factory=dict)
    mentions: list[Mention] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    dyads: list[tuple[str, str]] = field(default_factory=list)
    mechanisms: list[str] = field(default_factory=list)
    # The annotation options when they are not the defaults ("noacts", "parse"...): statements made with
    # other options are stored apart (their ids carry the tag), so a coding never lands on another
    # annotation's statement. Empty for the default pipeline.
    annotation: str = ""


@dataclass(slots=True)
class Quarantined:
    """An input that could not become a document, and why."""

    input: str
    reason: str
    code: str = "E100"
