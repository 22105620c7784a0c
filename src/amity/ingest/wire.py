"""Plain-text wire copy: a title line, a "Source: X| date| Editor: Y" line, a byline, a dateline.

Hand-written because wire copy saved as text has no markup for trafilatura to use; the layout is a
convention of news agencies (Xinhua, and the demo corpus) that a few line patterns recognise.
"""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from importlib import resources
from pathlib import Path

import yaml

from amity.errors import DataFileError
from amity.model import Document, Provenance
from amity.nlp.dateline import match_dateline

_SOURCE_LINE = re.compile(r"^\s*Source\s*:\s*(?P<rest>.+)$", re.IGNORECASE)
_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})(?:[ T](\d{1,2}:\d{2}(?::\d{2})?))?")
_BYLINE = re.compile(r"^\s*by\s+(?P<names>[A-Z][\w.'’-]*(?:[ ,]+(?:and\s+)?[A-Z][\w.'’-]*)*)\s*$")
@lru_cache(maxsize=1)
def _boilerplate() -> tuple[frozenset[str], tuple[re.Pattern[str], ...]]:
    name = "data/lexicons/boilerplate.yaml"
    raw = yaml.safe_load(resources.files("amity").joinpath(name).read_text("utf-8"))
    if not isinstance(raw, dict) or not isinstance(raw.get("lines"), list):
        raise DataFileError("field 'lines' must be a list of strings", input=name)
    lines = frozenset(str(x).strip().lower() for x in raw["lines"])
    patterns = tuple(re.compile(p, re.IGNORECASE) for p in raw.get("patterns") or [])
    return lines, patterns


def is_boilerplate(line: str) -> bool:
    lines, patterns = _boilerplate()
    stripped = line.strip()
    return stripped.lower() in lines or any(p.match(stripped) for p in patterns)


def looks_like_wire(text: str) -> bool:
    head = text.lstrip()[:2000].splitlines()[:12]
    return any(_SOURCE_LINE.match(x) for x in head) or any(match_dateline(x.strip()) for x in head)


def _parse_source_line(rest: str) -> tuple[str | None, datetime | None, str | None]:
    source: str | None = None
    published: datetime | None = None
    editor: str | None = None
    for part in (p.strip() for p in rest.split("|")):
        if not part:
            continue
        key, sep, value = part.partition(":")
        if sep and key.strip().lower() == "editor":
            editor = value.strip() or None
            continue
        m = _DATE.search(part)
        if m and published is None:
            stamp = m.group(1) + ("T" + m.group(2) if m.group(2) else "")
            try:
                published = datetime.fromisoformat(stamp)
            except ValueError:
                published = None
            continue
        if source is None:
            source = part
    return source, published, editor


def _split_names(names: str) -> list[str]:
    parts = re.split(r"\s*,\s*|\s+and\s+", names.strip())
    return [p.strip() for p in parts if p.strip()]


def parse_wire(raw: str, *, source_name: str = "<text>") -> Document:
    """Parse wire copy into a Document whose text starts after the dateline."""
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    title: str | None = None
    source = editor = dateline = None
    published: datetime | None = None
    authors: list[str] = []
    removed: list[str] = []
    body_start: int | None = None
    i = 0
    while i < len(lines) and not lines[i].strip():
        i += 1
    # Header: everything up to the dateline paragraph (or the first long paragraph).
    for j in range(i, min(len(lines), i + 20)):
        line = lines[j].strip()
        if not line:
            continue
        if m := _SOURCE_LINE.match(line):
            source, published, editor = _parse_source_line(m.group("rest"))
        elif is_boilerplate(line):
            removed.append(line)
        elif (m := _BYLINE.match(line)) and len(line) < 120:
            authors = _split_names(m.group("names"))
        elif found := match_dateline(line):
            dateline = found.place
            lines[j] = line[found.end :]
            body_start = j
            break
        elif title is None and j == i:
            title = line
        elif len(line) > 150:  # the body began without a dateline
            body_start = j
            break
    if body_start is None:
        body_start = i + 1 if title is not None else i
    body: list[str] = []
    for line in lines[body_start:]:
        if line.strip() and is_boilerplate(line):
            removed.append(line.strip())
            continue
        body.append(line.rstrip())
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(body)).strip()
    return Document(
        text=text, title=title, source=source, published=published, authors=authors, editor=editor,
        dateline=dateline, boilerplate_removed=removed,
        path=source_name if source_name != "<text>" else None,
        provenance=Provenance(source=source_name, reader="wire"),
    )


# The UN General Debate corpus names each speech ISO3_session_year.txt; the speaker is the state.
_UNGDC_NAME = re.compile(r"^(?P<iso3>[A-Z]{3})_(?P<session>\d{1,3})_(?P<year>\d{4})$")


def parse_plain(raw: str, *, source_name: str = "<text>") -> Document:
    """Plain text with no wire layout: the whole text is the body."""
    text = "\n".join(line.rstrip() for line in raw.replace("\r\n", "\n").split("\n")).strip()
    name = source_name[:-3] if source_name.lower().endswith(".gz") else source_name  # a.txt.gz is "a"
    stem = Path(name).stem if source_name != "<text>" else None
    doc = Document(
        text=text, title=stem, path=source_name if source_name != "<text>" else None,
        provenance=Provenance(source=source_name, reader="text"),
    )
    if stem and (m := _UNGDC_NAME.match(stem)):
        doc.source = "UN General Debate"
        doc.published = datetime(int(m.group("year")), 9, 15)
        doc.extra["speaker"] = {"type": "country", "iso3": m.group("iso3")}
        doc.title = f"{m.group('iso3')} at the UN General Debate, session {m.group('session')}, {m.group('year')}"
    return doc
