"""Wire datelines: "PHNOM PENH, April 19 (Xinhua) -- ", "WASHINGTON, Oct 5 (Reuters) - ", "Hanoi (VNA) – ".

One reading for every stage that meets them: the wire and HTML readers take the place as the document's
dateline, the JSONL reader records it, and the attribution rules skip it before reading a sentence's
subject. Hand-written: no library parses news datelines, and the forms are few.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_DASH = r"\s*(?:--|—|–|-(?=\s))\s*"
_DATE = r"(?:,\s+(?P<date>[A-Z][a-z]{2,8}\.?\s+\d{1,2}),?)"  # ", April 19" / ", Jan. 5"
_AGENCY = r"\s*\((?P<agency>[^)]{1,40})\)"  # " (Xinhua)"
# A place in capitals ("PHNOM PENH", "UNITED NATIONS, N.Y."), then a date, an agency or both (checked below).
_CAPITALS = re.compile(rf"(?P<place>[A-Z][A-Z .'’-]*[A-Z](?:,\s*[A-Z][A-Za-z.]+)?){_DATE}?(?:{_AGENCY})?{_DASH}")
# A place in ordinary case ("Hanoi", "Ho Chi Minh City") only with an agency: "Trade – a key pillar –" is none.
_TITLED = re.compile(rf"(?P<place>[A-Z][a-z]+(?: [A-Z][a-z]+){{0,3}}){_DATE}?{_AGENCY}{_DASH}")


@dataclass(frozen=True, slots=True)
class Dateline:
    place: str
    date: str | None
    agency: str | None
    end: int  # where the text after the dateline begins


def match_dateline(text: str, pos: int = 0, endpos: int | None = None) -> Dateline | None:
    """The dateline that opens ``text`` at ``pos`` (before ``endpos``), or None."""
    end = len(text) if endpos is None else endpos
    for pattern in (_CAPITALS, _TITLED):
        m = pattern.match(text, pos, end)
        # "US - China ties" is no dateline: a place alone needs its date or its agency
        if m is not None and (m.group("date") or m.group("agency")):
            return Dateline(m.group("place").strip(), m.group("date"), m.group("agency"), m.end())
    return None


def dateline_of(text: str) -> str | None:
    """The place of a dateline opening ``text``, or None."""
    found = match_dateline(text.lstrip())
    return found.place if found is not None else None
