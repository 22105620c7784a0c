"""Wire datelines: "PHNOM PENH, April 19 (Xinhua) -- ", "WASHINGTON, Oct 5 (Reuters) - ", "Hanoi (VNA) – ",
and undated ones of known places: "VIENTIANE -- ", "KUALA LUMPUR: ".

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


# An undated dateline, a place in capitals then a dash or a colon and a sentence ("VIENTIANE -- The ...",
# "KUALA LUMPUR: Malaysia ..."): only for a place the gazetteers know, since a place alone is otherwise no
# dateline ("US - China ties", "SIHANOUKVILLE - the port grew").
_UNDATED = re.compile(r"(?P<place>[A-Z][A-Z .'’]*[A-Z])(?:\s*(?:--|—|–|-(?=\s))\s*|:\s+)(?=[A-Z\"“‘'])")


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
    m = _UNDATED.match(text, pos, end)
    if m is not None and len(m.group("place").replace(" ", "")) >= 4 and _known_place(m.group("place")):
        return Dateline(m.group("place").strip(), None, None, m.end())
    return None


def _known_place(place: str) -> bool:
    from amity.nlp.persons import place_names  # here: persons reads datelines too

    return " ".join(place.split()).lower() in place_names()


def dateline_of(text: str) -> str | None:
    """The place of a dateline opening ``text``, or None."""
    found = match_dateline(text.lstrip())
    return found.place if found is not None else None
