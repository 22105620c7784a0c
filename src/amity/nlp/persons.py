"""Persons: names with their titles, organisations and countries, read off noun phrases.

"Cambodian Foreign Ministry's Under-Secretary of State Sok Soken" -> name "Sok Soken", title
"Under-Secretary of State", organisation "Foreign Ministry", country KHM (from the adjective).
"Wang Yi, China's foreign minister" and "Foreign Minister Wang Yi" are read the same way.

Rule-based over capitalisation, the title lexicon and the country gazetteer, because a statistical NER
model would break the speed budget of the default pipeline.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from amity.model import Actor
from amity.nlp.cues import AttributionLexicon

CountryOf = Callable[[str], "str | None"]

_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|(?:de|van|von|bin|al|da|di|la|le)$)$")
_TO_COMPLEMENT = re.compile(r"\s+(?:to|for)\s+(?:the\s+)?(?=[A-Z])")
# Words that join the parts of an organisation's name ("Ministry of Education, Youth and Sport").
_ORG_JOINERS = frozenset({"of", "for", "and", "&", "on", "the"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
_NOT_NAMES = frozenset({
    "The", "A", "An", "He", "She", "They", "It", "We", "I", "His", "Her", "Their", "Its", "But", "And",
    "In", "On", "At", "For", "Of", "By", "To", "As", "This", "That", "Meanwhile", "However", "Also",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
    "March", "April", "June", "July", "August", "September", "October", "November", "December",
})


@dataclass(slots=True)
class PersonDescription:
    name: str
    title: str | None = None
    role: str | None = None
    organisation: str | None = None
    iso3: str | None = None
    name_offset: int = 0  # where the name starts inside the phrase

    def copy(self) -> PersonDescription:
        return PersonDescription(self.name, self.title, self.role, self.organisation, self.iso3, self.name_offset)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"[\w'’.-]+", text)]


def _strip_possessive(word: str) -> str:
    return re.sub(r"[’']s$", "", word)


def trailing_name(text: str) -> tuple[int, str] | None:
    """The run of capitalised words at the end of ``text`` (at most 4), as (offset, name)."""
    words = _words(text)
    run: list[tuple[int, int, str]] = []
    for w in reversed(words):
        token = w[2].rstrip(".") if not re.fullmatch(r"[A-Z]\.", w[2]) else w[2]
        if _NAME_TOKEN.match(token) and token not in _NOT_NAMES and len(run) < 4:
            run.append(w)
        else:
            break
    if not run:
        return None
    run.reverse()
    while run and run[0][2].islower():  # a name does not start with a particle
        run.pop(0)
    if not run:
        return None
    return run[0][0], text[run[0][0]:run[-1][1]].rstrip(".,")


_MEMO_SIZE = 20_000  # phrases remembered per reader (a document names its people several times)


class PersonReader:
    """Read person descriptions out of noun phrases.

    A reading depends only on the phrase (the lexicon and the gazetteer are fixed), so readings are
    remembered: a reader shared by many documents reads each phrase once.
    """

    def __init__(self, lexicon: AttributionLexicon, country_of: CountryOf) -> None:
        self.lexicon = lexicon
        self.country_of = country_of
        self._titles_lower = sorted({t.lower() for t in lexicon.titles}, key=len, reverse=True)
        self._org_heads = tuple(h.lower() for h in lexicon.organisation_heads)
        self._org_head_re = re.compile(
            r"\b(?:" + "|".join(re.escape(h) for h in sorted(self._org_heads, key=len, reverse=True)) + r")\b"
        )
        self._memo: dict[str, PersonDescription | None] = {}

    def _country(self, phrase: str) -> str | None:
        for word in phrase.split():
            iso3 = self.country_of(_strip_possessive(word.strip(",")))
            if iso3:
                return iso3
        return None

    def _complement_end(self, phrase: str, title_end: int, *, name_follows: bool = True) -> int:
        """Where a title's "to" complement ends ("Ambassador to Laos Guo Lanfang" -> after "Laos"): the
        shortest country name (up to three words) after "to", else one capitalised word when a name of at
        least two words still follows. ``title_end`` when the title has no such complement."""
        found = _TO_COMPLEMENT.match(phrase, title_end)
        if found is None:
            return title_end
        words = list(re.finditer(r"[A-Z][\w'’.-]*", phrase[found.end():]))
        run: list[re.Match[str]] = []
        for w in words:
            gap = phrase[found.end() + (run[-1].end() if run else 0):found.end() + w.start()]
            if run and gap.strip():
                break
            run.append(w)
        # The shortest prefix that names a country: the gazetteer also finds "Laos" inside "Laos Guo".
        for n in (1, 2, 3):
            if len(run) >= n + int(name_follows):
                candidate = phrase[found.end() + run[0].start():found.end() + run[n - 1].end()]
                if self.country_of(candidate):
                    return found.end() + run[n - 1].end()
        if len(run) >= (3 if name_follows else 1):
            return found.end() + run[0 if name_follows else -1].end()
        return title_end

    def _name_after_titles(self, phrase: str) -> tuple[int, str] | None:
        """The name at the end of ``phrase``, after any title ("Foreign Minister Wang Yi")."""
        matches = self.lexicon.title_matcher.find(phrase)
        region_start = self._complement_end(phrase, matches[-1].end) if matches else 0
        found = trailing_name(phrase[region_start:])
        if found is None:
            return None
        offset, name = found
        if matches and phrase[region_start:region_start + offset].strip():
            return None  # words between the title and the name: not "Title Name"
        return region_start + offset, name

    def read(self, phrase: str) -> PersonDescription | None:
        """A person named in ``phrase``, or None when the phrase names no person."""
        try:
            found = self._memo[phrase]
        except KeyError:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            found = self._memo[phrase] = self._read(phrase)
        return None if found is None else found.copy()

    def _read(self, phrase: str) -> PersonDescription | None:
        phrase = phrase.strip().strip(",").strip()
        if not phrase:
            return None
        if "," in phrase:
            head, _, rest = phrase.partition(",")
            if self._is_organisation(head):
                return None  # "Ministry of Education, Youth and Sport"
            head_name = self._name_after_titles(head.strip())
            if head_name is not None:
                lead = head.strip()[: head_name[0]]
                desc = self._describe(lead + " " + rest)
                desc.name, desc.name_offset = head_name[1], head_name[0]
                return desc if self._plausible(desc.name) else None
            phrase = head.strip()
        found = self._name_after_titles(phrase)
        if found is None:
            return None
        offset, name = found
        if self._is_organisation(phrase):
            return None
        desc = self._describe(phrase[:offset])
        desc.name, desc.name_offset = name, offset
        return desc if self._plausible(name) else None

    def _plausible(self, name: str) -> bool:
        words = name.split()
        if not words:
            return False
        if any(self.country_of(w) for w in words):
            return False
        if name.lower() in self._titles_lower:
            return False
        return not any(w.lower() in self._org_heads for w in words)

    def _is_organisation(self, phrase: str) -> bool:
        """Does ``phrase`` end in an organisation's name: a capitalised head noun, alone or with its
        capitalised "of" complement ("Ministry of National Defence"), and no title after the head?"""
        words = [w.strip(",") for w in phrase.split()]
        heads = [i for i, w in enumerate(words) if w[:1].isupper() and _strip_possessive(w).lower() in self._org_heads]
        if not heads:
            return False
        rest = words[heads[-1] + 1:]
        if not rest:
            return True
        if rest[0].lower() not in _ORG_JOINERS:
            return False
        if not all(w[:1].isupper() or w.lower() in _ORG_JOINERS for w in rest):
            return False
        after_head = " ".join(rest)
        return not self.lexicon.title_matcher.find(after_head)

    def _describe(self, text: str) -> PersonDescription:
        """Title, organisation, role and country from the words around a name."""
        desc = PersonDescription(name="")
        text = text.strip().strip(",").strip()
        words = text.split()
        if words and words[0].lower() in _DETERMINERS:
            text = " ".join(words[1:])
        if not text:
            return desc
        possessive = re.search(r"[’']s\b", text)
        owner, own = (text[: possessive.start()], text[possessive.end():]) if possessive else ("", text)
        matches = self.lexicon.title_matcher.find(own)
        # An ambassador to Laos is not Lao: the country of a "to" complement is not the person's.
        country_text = text
        if matches:
            title_end = self._complement_end(own, matches[-1].end, name_follows=False)
            if title_end > matches[-1].end:
                country_text = text.replace(own[matches[-1].end:title_end], " ")
            desc.title = own[matches[0].start:title_end].strip()
            before, after = own[: matches[0].start], own[title_end:]
            desc.organisation = (
                self._organisation(owner) or self._organisation(after) or self._organisation(before)
            )
        else:
            desc.organisation = self._organisation(owner) or self._organisation(own)
        desc.iso3 = self._country(country_text)
        lowered = [w.lower().strip(",.") for w in text.split()]
        desc.role = next((w for w in reversed(lowered) if w in self.lexicon.role_nouns), None)
        return desc

    def _organisation(self, text: str) -> str | None:
        text = re.sub(r"^(?:of|at|for|in|with|from)\s+", "", text.strip(), flags=re.I).strip(" ,")
        if not text:
            return None
        words = text.split()
        while words and (words[0].lower() in _DETERMINERS or self.country_of(_strip_possessive(words[0]))):
            words.pop(0)
        if not words:
            return None
        org = " ".join(words)
        low = org.lower()
        if self._org_head_re.search(low):
            return org
        return None


@dataclass(slots=True)
class PersonRegistry:
    """The persons of one document, merged by name ("Sok Soken", later "Soken")."""

    persons: dict[str, Actor] = field(default_factory=dict)
    excluded: frozenset[str] = frozenset()  # lower-cased names of byline authors and editors

    def find(self, name: str) -> Actor | None:
        low = name.lower()
        for actor in self.persons.values():
            if actor.name.lower() == low or low in (a.lower() for a in actor.aliases):
                return actor
        parts = low.split()
        for actor in self.persons.values():
            names = actor.name.lower().split()
            if parts and (parts[-1] == names[-1] or (len(parts) == 1 and parts[0] in names)):
                return actor
            # "Nurul Aina" after "Nurul Aina Hashim": a leading part of the full name.
            if 1 < len(parts) < len(names) and names[: len(parts)] == parts:
                return actor
        return None

    def is_excluded(self, name: str) -> bool:
        low = name.lower()
        return any(low == e or low in e.split() or e.endswith(" " + low) for e in self.excluded)

    def add(self, desc: PersonDescription) -> Actor:
        actor = self.find(desc.name)
        if actor is None:
            base = f"person:{slug(desc.name)}"
            actor = Actor(id=base, name=desc.name, type="person")
            self.persons[actor.id] = actor
        elif len(desc.name) > len(actor.name) and actor.name.lower() in desc.name.lower():
            actor.aliases.append(actor.name)
            actor.name = desc.name
        for key in ("title", "role", "organisation", "iso3"):
            if getattr(actor, key) is None and getattr(desc, key) is not None:
                setattr(actor, key, getattr(desc, key))
        last = desc.name.split()[-1]
        if last != actor.name and last not in actor.aliases:
            actor.aliases.append(last)
        return actor
