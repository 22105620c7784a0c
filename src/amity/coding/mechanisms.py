"""The registry of cooperation mechanisms (BRI, LMC, ASEAN, RCEP, ...) and finding them in text.

Aliases match in any casing; acronyms ("AEC", "UN") only in the casing given, so that ordinary words are not
mistaken for them. Longest-leftmost matching makes "ASEAN Economic Community" AEC rather than ASEAN.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

from amity.coding.datafile import data_path, load_yaml_mapping, string_list
from amity.errors import DataFileError
from amity.model import Span
from amity.nlp.matcher import PhraseMatcher


@dataclass(frozen=True, slots=True)
class Mechanism:
    id: str
    name: str
    kind: str
    aliases: tuple[str, ...]
    acronyms: tuple[str, ...]
    pillars: tuple[str, ...]  # pillar hints in the default framework, strongest first


@dataclass(frozen=True, slots=True)
class MechanismRegistry:
    version: str
    mechanisms: dict[str, Mechanism]
    matcher: PhraseMatcher[str]

    def find(self, text: str, offset: int = 0) -> list[tuple[str, Span]]:
        return [
            (m.value, Span(m.start + offset, m.end + offset, m.text)) for m in self.matcher.find(text)
        ]

    def mentions_any(self, text: str) -> bool:
        """Does ``text`` name any mechanism? (``bool(find(text))`` without building the matches.)"""
        return bool(self.matcher.spans(text))


@functools.lru_cache(maxsize=1)
def registry() -> MechanismRegistry:
    """The bundled registry, loaded once."""
    path = data_path("mechanisms.yaml")
    raw = load_yaml_mapping(path)
    items = raw.get("mechanisms")
    if not isinstance(items, list) or not items:
        raise DataFileError("field 'mechanisms' must be a non-empty list", input=str(path),
                            hint="list entries with id, name, aliases, acronyms, pillars")
    matcher: PhraseMatcher[str] = PhraseMatcher()
    mechanisms: dict[str, Mechanism] = {}
    for i, entry in enumerate(items):
        where = f"mechanisms[{i}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("id"), str) or not entry["id"]:
            raise DataFileError(f"field '{where}.id' is missing", input=str(path), hint="give each entry an id")
        mid = entry["id"]
        if mid in mechanisms:
            raise DataFileError(f"field '{where}.id' repeats '{mid}'", input=str(path), hint="ids must be unique")
        mech = Mechanism(
            id=mid,
            name=str(entry.get("name") or mid),
            kind=str(entry.get("kind") or "mechanism"),
            aliases=tuple(string_list(entry.get("aliases"), path, f"{where}.aliases")),
            acronyms=tuple(string_list(entry.get("acronyms"), path, f"{where}.acronyms")),
            pillars=tuple(string_list(entry.get("pillars"), path, f"{where}.pillars")),
        )
        if not mech.aliases and not mech.acronyms:
            raise DataFileError(f"entry '{where}' ({mid}) has neither aliases nor acronyms", input=str(path),
                                hint="add at least one alias or acronym")
        mechanisms[mid] = mech
        for alias in mech.aliases:
            matcher.add(alias, mid)
        for acronym in mech.acronyms:
            matcher.add(acronym, mid, case_sensitive=True)
    return MechanismRegistry(str(raw["version"]), mechanisms, matcher)


def find_mechanisms(text: str, offset: int = 0) -> list[tuple[str, Span]]:
    """Every mechanism mentioned in ``text`` as ``(id, span)``, spans shifted by ``offset``."""
    return registry().find(text, offset)
