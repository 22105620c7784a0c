"""The actor gazetteer: countries and international organisations found in text in one Aho-Corasick pass.

Country codes and official names come from ``pycountry`` (ISO 3166); the common names, adjectives,
demonyms, capitals and acronyms that news actually uses come from our own ``data/actors/countries.yaml``;
organisations from ``data/actors/organisations.yaml``; and ``data/actors/blockers.yaml`` lists phrases
that contain a country name but do not refer to the country (outlets such as "China Daily", seas such as
"South China Sea", US states such as "New Mexico"). Blockers take part in the longest-leftmost match and
then yield nothing, which is how they win over the shorter country name inside them.

Filters applied after matching, because news text needs them:

* a name, adjective or capital written all in lower case is a common word ("china", "turkey", "chad");
* a name flagged ``first_name_risk`` next to another capitalised name is a person ("Jordan Henderson",
  "Michael Jordan"), unless that word is a title or a government noun ("Jordan's King", "Jordan Army");
* a capital followed by a word such as "Agreement" or "Statute" names a treaty ("Paris Agreement");
* acronyms are matched case-sensitively ("US" but not "us"), and not before "$" ("US$50 million").
"""

from __future__ import annotations

import dataclasses
import functools
import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

import pycountry
import yaml

from amity.errors import DataFileError
from amity.model import Actor, Mention, MentionKind
from amity.nlp.matcher import PhraseMatcher

log = logging.getLogger(__name__)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# libyaml's loader is ~10x faster than the pure-Python one; both are the safe variant.
_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
SUPPORTED_VERSION = 1
_COUNTRY_FIELDS = _words("name names aliases adjectives demonyms capitals acronyms first_name_risk non_iso")
_ORG_FIELDS = _words("name names acronyms parent iso3")
_ORG_ID = re.compile(r"^ORG:[A-Z0-9][A-Z0-9_-]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
# After a risky first-name-like country, these capitalised words still mean the country ("Jordan's King").
_COUNTRY_HEAD_WORDS = _words(
    """
    President Prime Premier King Queen Emir Foreign Defence Defense Government Ministry Minister Army
    Embassy Ambassador Parliament National State Armed Armies Police Navy Air Trade Finance Health
    Interior Central Republic Kingdom Authorities Crown People Capital Cabinet Senate Council Border
    On In At And Or But For With The To From As By Of Is Was Has Had Will Would
    """
)
_CAPITALISED_WORD = re.compile(r"[ \t]+([A-Z][a-z]+)")
# A capitalised word just before, itself preceded by a lower-case word (so not a sentence opener).
_CAPITALISED_WORD_BEFORE = re.compile(r"[a-z,;]\s+([A-Z][a-z]+)[ \t]+$")
_NEXT_WORD = re.compile(r"[ \t]+([A-Za-zé]+)")
# A capital followed by one of these names a treaty, meeting or process held there ("Paris Agreement",
# "Rome Statute", "Doha Round") or a city institution ("Peking University"), not the state.
_INSTRUMENT_WORDS = _words(
    """
    agreement agreements accord accords declaration protocol convention statute consensus principles
    plan agenda action programme program process round framework platform vision charter treaty
    concord communiqué communique document amendment memorandum peace climate proclamation rules
    mandate roadmap commitment commitments initiative outcome pact code guidelines strategy appeal
    university opera duck zoo marathon
    """
)
# A country word between an amount and one of these names a currency ("50 million U.S. dollars", "5 billion
# Hong Kong dollars"): the country is no party to what is paid. Without the amount it is kept ("the Russian
# ruble fell", "a South Korean won the medal").
_CURRENCY_WORDS = _words(
    """
    dollar dollars yuan renminbi yen baht riel riels kip dong ringgit rupiah peso pesos won kyat kyats rupee
    rupees pound pounds franc francs ruble rubles rouble roubles lira euro euros
    """
)
_AMOUNT_BEFORE = re.compile(r"(?:\d[\d,.]*|million|billion|trillion|thousand|hundred|bn|mln|mn)\s+$", re.IGNORECASE)
# Line breaks and exotic spaces inside a name ("Phnom\nPenh", no-break spaces) become plain spaces for
# matching; one character for one keeps the offsets.
_ODD_SPACE = re.compile("[\n\r\t\f\v\u00a0\u2002\u2003\u2009\u202f\u3000]")  # re.sub beats str.translate
_SPELLING_VARIANTS = (
    ("Organization", "Organisation"),
    ("Programme", "Program"),
    ("Centre", "Center"),
    ("Defence", "Defense"),
)


@dataclass(frozen=True, slots=True)
class _Entry:
    """What a matched phrase means. ``actor_id`` None marks a blocker."""

    actor_id: str | None
    kind: MentionKind
    first_name_risk: bool = False


class ActorTagger:
    """Finds country and organisation mentions; build once (``ActorTagger.default()``) and reuse."""

    def __init__(self, actors: dict[str, Actor], phrases: Iterable[tuple[str, _Entry, bool]]) -> None:
        self.actors = actors
        self._matcher: PhraseMatcher[_Entry] = PhraseMatcher()
        for phrase, entry, case_sensitive in phrases:
            self._matcher.add(phrase, entry, case_sensitive=case_sensitive)

    @classmethod
    @functools.cache
    def default(cls) -> ActorTagger:
        """The tagger built from the bundled YAML files (cached: loading and building take ~0.1 s)."""
        return cls.from_files(
            _bundled("countries.yaml"), _bundled("organisations.yaml"), _bundled("blockers.yaml")
        )

    @classmethod
    def from_files(cls, countries: Path, organisations: Path, blockers: Path | None = None) -> ActorTagger:
        actors: dict[str, Actor] = {}
        phrases: list[tuple[str, _Entry, bool]] = []
        _load_countries(countries, actors, phrases)
        _load_organisations(organisations, actors, phrases)
        if blockers is not None:
            _load_blockers(blockers, phrases)
        _check_conflicts(phrases, f"{countries} + {organisations}")
        log.debug("actor gazetteer: %d actors, %d phrases", len(actors), len(phrases))
        return cls(actors, phrases)

    def tag(self, text: str) -> tuple[list[Mention], dict[str, Actor]]:
        """Mentions in text order and the actors they refer to (keyed by actor id)."""
        mentions: list[Mention] = []
        found: dict[str, Actor] = {}
        for match in self._matcher.find(_ODD_SPACE.sub(" ", text)):
            entry = match.value
            if entry.actor_id is None:
                continue
            if entry.kind != "acronym" and match.text.islower():
                continue
            if entry.first_name_risk and _part_of_person_name(text, match.start, match.end):
                continue
            if entry.kind == "capital" and _names_an_instrument(text, match.end):
                continue
            if entry.kind == "acronym" and text.startswith("$", match.end):  # "US$50 million" is money
                continue
            if names_an_amount(text, match.start, match.end):
                continue
            surface = text[match.start:match.end]
            mentions.append(Mention(entry.actor_id, match.start, match.end, surface, entry.kind))
            if entry.actor_id not in found:  # a copy: callers may enrich actors without touching ours
                actor = self.actors[entry.actor_id]
                found[entry.actor_id] = dataclasses.replace(actor, aliases=list(actor.aliases))
        return mentions, found

    def country(self, iso3: str) -> Actor | None:
        actor = self.actors.get(iso3)
        return actor if actor is not None and actor.type == "country" else None


@functools.lru_cache(maxsize=65536)  # the person reader asks it of every description
def country_spans(text: str) -> tuple[tuple[int, int, str, MentionKind], ...]:
    """Each country named in a short phrase as (start, end, iso3, kind of mention), longest names first at
    one place ("North Korean" is PRK, not "Korean"), in text order."""
    mentions, actors = ActorTagger.default().tag(text)
    return tuple((m.start, m.end, actors[m.actor_id].iso3 or m.actor_id, m.kind) for m in mentions
                 if actors[m.actor_id].type == "country")


@functools.lru_cache(maxsize=65536)  # speaker and person readers call it word by word
def country_of(text: str) -> str | None:
    """ISO3 of the first country mentioned in a short phrase ("Cambodian Foreign Ministry" -> KHM)."""
    tagger = ActorTagger.default()
    mentions, actors = tagger.tag(text)
    for mention in mentions:
        actor = actors[mention.actor_id]
        if actor.type == "country":
            return actor.iso3
    return None


def countries_in(mentions: list[Mention], actors: dict[str, Actor], start: int, end: int) -> list[str]:
    """Distinct ISO3 codes of country mentions inside ``[start, end)``, in order of first appearance."""
    codes: list[str] = []
    for mention in mentions:
        if mention.start < start or mention.end > end:
            continue
        actor = actors.get(mention.actor_id)
        if actor is None or actor.type != "country" or actor.iso3 is None:
            continue
        if actor.iso3 not in codes:
            codes.append(actor.iso3)
    return codes


# --- filters ----------------------------------------------------------------------------------------


def _part_of_person_name(text: str, start: int, end: int) -> bool:
    """True for "Jordan Henderson" or "Michael Jordan"; False for "Jordan's King" or "Syria and Jordan"."""
    after = _CAPITALISED_WORD.match(text, end)
    if after is not None and after.group(1) not in _COUNTRY_HEAD_WORDS:
        return True
    before = _CAPITALISED_WORD_BEFORE.search(text, max(0, start - 40), start)
    return before is not None and before.group(1) not in _COUNTRY_HEAD_WORDS


@dataclass(frozen=True, slots=True)
class Tenure:
    """A title held from ``start`` (the first day in office) until ``end`` (the first day out of it)."""

    title: str
    start: date | None = None
    end: date | None = None


@dataclass(frozen=True, slots=True)
class Leader:
    """A name that stands for its country while the person is in office ("Xi" is China's President)."""

    iso3: str
    tenures: tuple[Tenure, ...]  # by start

    def title_on(self, day: date | None) -> str | None:
        """The title held on ``day``, or None out of office. A text with no date gets the latest title."""
        if day is None:
            return self.tenures[-1].title
        for tenure in self.tenures:
            if (tenure.start is None or tenure.start <= day) and (tenure.end is None or day < tenure.end):
                return tenure.title
        return None


def leader_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    """A pattern for leaders' names ("Xi Jinping", "Xi"), longest first, whole words, not possessive."""
    ordered = sorted(names, key=len, reverse=True)
    if not ordered:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, ordered)) + r")\b(?![-’'])")


def names_an_amount(text: str, start: int, end: int) -> bool:
    """Is the country word at ``[start, end)`` part of an amount in its currency ("50 million U.S. dollars")?"""
    after = _NEXT_WORD.match(text, end)
    if after is None or after.group(1).lower() not in _CURRENCY_WORDS:
        return False
    return _AMOUNT_BEFORE.search(text, max(0, start - 30), start) is not None


def _names_an_instrument(text: str, end: int) -> bool:
    match = _NEXT_WORD.match(text, end)
    return match is not None and match.group(1).lower() in _INSTRUMENT_WORDS


# --- loading ----------------------------------------------------------------------------------------


@functools.cache
def country_adjectives() -> dict[str, list[str]]:
    """Each country's adjectives in the bundled ``countries.yaml`` ("ALB": ["Albanian"]), so that other
    stages name countries as the tagger does."""
    path = _bundled("countries.yaml")
    body = _read_yaml(path, "countries")["countries"]
    return {code: _string_list(spec.get("adjectives"), path, f"countries.{code}.adjectives")
            for code, spec in body.items() if isinstance(spec, dict) and spec.get("adjectives")}


def _bundled(name: str) -> Path:
    return Path(str(resources.files("amity").joinpath("data", "actors", name)))


def _read_yaml(path: Path, section: str) -> dict[str, Any]:
    try:
        stat = path.stat()
    except FileNotFoundError as exc:
        raise DataFileError("file not found", input=str(path),
                            hint="reinstall amity or fix the path") from exc
    # The tagger and country_adjectives() both read countries.yaml; parsing it once per process saves
    # about 10 ms of start-up. Keyed by modification time, so an edited file is read again.
    return _parse_yaml(path, stat.st_mtime_ns, stat.st_size, section)


@functools.cache
def _parse_yaml(path: Path, mtime_ns: int, size: int, section: str) -> dict[str, Any]:
    try:
        raw = yaml.load(path.read_text(encoding="utf-8"), Loader=_SAFE_LOADER)
    except FileNotFoundError as exc:
        raise DataFileError("file not found", input=str(path),
                            hint="reinstall amity or fix the path") from exc
    except yaml.YAMLError as exc:
        raise DataFileError(f"not valid YAML: {exc}", input=str(path), hint="fix the YAML syntax") from exc
    if not isinstance(raw, dict):
        raise DataFileError("top level must be a mapping", input=str(path),
                            hint=f"write 'version: {SUPPORTED_VERSION}' and '{section}:' at the top level")
    version = raw.get("version")
    if version != SUPPORTED_VERSION:
        raise DataFileError(f"field 'version' is {version!r}, expected {SUPPORTED_VERSION}", input=str(path),
                            hint=f"set 'version: {SUPPORTED_VERSION}'")
    body = raw.get(section)
    if not isinstance(body, dict | list):
        raise DataFileError(f"field '{section}' is missing or not a mapping/list", input=str(path),
                            hint=f"add a '{section}:' section")
    return raw


def _string_list(value: Any, path: Path, where: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise DataFileError(f"field '{where}' must be a list of non-empty strings", input=str(path),
                            hint="write it as [\"First\", \"Second\"]")
    return [" ".join(v.split()) for v in value]


def _variants(phrase: str) -> set[str]:
    """Spelling variants news writes for the same phrase: ASCII-folded, straight or curly apostrophes."""
    out = {phrase}
    folded = "".join(c for c in unicodedata.normalize("NFKD", phrase) if not unicodedata.combining(c))
    out.add(folded)
    for p in list(out):
        if "'" in p:
            out.add(p.replace("'", "’"))
        if "’" in p:
            out.add(p.replace("’", "'"))
    return out


def _plural(word: str, *, demonym: bool) -> str | None:
    """The -s plural of a demonym ("Cambodians", "Israelis", "Filipinos"; not "Chinese", "Swiss").

    Adjectives take one only when they end in -an or -i, the endings English uses as nouns for people.
    """
    last = word.rsplit(" ", 1)[-1]
    if not last[-1].isalpha() or last.endswith(("ese", "s", "sh", "ch", "x", "z")) or last == "Lao":
        return None
    if not demonym and not last.endswith(("an", "i")):
        return None
    return word + "s"


def _plurals(adjectives: list[str], demonyms: list[str]) -> list[str]:
    out = [p for a in adjectives if (p := _plural(a, demonym=False))]
    return out + [p for d in demonyms if (p := _plural(d, demonym=True))]


def _pycountry_names(iso3: str) -> list[str]:
    record = pycountry.countries.get(alpha_3=iso3)
    if record is None:
        return []
    names = [record.name]
    for attr in ("official_name", "common_name"):
        value = getattr(record, attr, None)
        if value:
            names.append(value)
    return names


def _load_countries(path: Path, actors: dict[str, Actor], phrases: list[tuple[str, _Entry, bool]]) -> None:
    raw = _read_yaml(path, "countries")
    body = raw["countries"]
    if not isinstance(body, dict):
        raise DataFileError("field 'countries' must map ISO3 codes to entries", input=str(path),
                            hint="write 'KHM: {adjectives: [Cambodian]}'")
    seen: set[str] = set()
    for code, spec in body.items():
        where = f"countries.{code}"
        if not isinstance(code, str) or not _ISO3.match(code):
            raise DataFileError(f"key '{where}' is not an ISO 3166 alpha-3 code", input=str(path),
                                hint="use three upper-case letters such as KHM")
        spec = spec or {}
        if not isinstance(spec, dict):
            raise DataFileError(f"field '{where}' must be a mapping", input=str(path),
                                hint="write '{code}: {{names: [...], adjectives: [...]}}'")
        unknown = set(spec) - _COUNTRY_FIELDS
        if unknown:
            raise DataFileError(f"field '{where}' has unknown keys {sorted(unknown)}", input=str(path),
                                hint=f"allowed keys: {', '.join(sorted(_COUNTRY_FIELDS))}")
        official = _pycountry_names(code)
        if not official and not spec.get("non_iso"):
            raise DataFileError(f"key '{where}' is not a code pycountry knows", input=str(path),
                                hint="fix the code, or add 'non_iso: true' and a 'name' for a non-ISO entity")
        name = spec.get("name")
        if name is not None and not (isinstance(name, str) and name.strip()):
            raise DataFileError(f"field '{where}.name' must be a non-empty string", input=str(path),
                                hint="give the common English name")
        if name is None:
            if not official:
                raise DataFileError(f"field '{where}.name' is required for a non-ISO entity",
                                    input=str(path), hint="add 'name: ...'")
            record = pycountry.countries.get(alpha_3=code)
            name = getattr(record, "common_name", None) or official[0]
        risk = spec.get("first_name_risk", False)
        if not isinstance(risk, bool):
            raise DataFileError(f"field '{where}.first_name_risk' must be true or false", input=str(path),
                                hint="write 'first_name_risk: true'")
        seen.add(code)
        _add_country(code, name, spec, official, risk, path, actors, phrases)
    # Every ISO country is known, even those the YAML says nothing more about.
    for record in pycountry.countries:
        if record.alpha_3 not in seen:
            name = getattr(record, "common_name", None) or record.name
            _add_country(record.alpha_3, name, {}, _pycountry_names(record.alpha_3), False, path, actors,
                         phrases)


def _add_country(code: str, name: str, spec: dict[str, Any], official: list[str], risk: bool, path: Path,
                 actors: dict[str, Actor], phrases: list[tuple[str, _Entry, bool]]) -> None:
    where = f"countries.{code}"
    names = [name, *official, *_string_list(spec.get("names"), path, f"{where}.names")]
    aliases = _string_list(spec.get("aliases"), path, f"{where}.aliases")
    adjectives = _string_list(spec.get("adjectives"), path, f"{where}.adjectives")
    demonyms = _string_list(spec.get("demonyms"), path, f"{where}.demonyms")
    capitals = _string_list(spec.get("capitals"), path, f"{where}.capitals")
    acronyms = _string_list(spec.get("acronyms"), path, f"{where}.acronyms")
    actors[code] = Actor(id=code, name=name, type="country", iso3=code, aliases=sorted(set(names + aliases)))
    groups: list[tuple[list[str], MentionKind, bool]] = [
        (names, "name", False),
        (aliases, "alias", False),
        (adjectives + demonyms + _plurals(adjectives, demonyms), "adjective", False),
        (capitals, "capital", False),
        (acronyms, "acronym", True),
    ]
    done: set[tuple[str, bool]] = set()
    for words, kind, case_sensitive in groups:
        entry = _Entry(code, kind, risk and kind == "name")
        for word in words:
            for variant in _variants(word):
                key = (variant if case_sensitive else variant.lower(), case_sensitive)
                if key in done:
                    continue
                done.add(key)
                phrases.append((variant, entry, case_sensitive))


def _load_organisations(
    path: Path, actors: dict[str, Actor], phrases: list[tuple[str, _Entry, bool]]
) -> None:
    raw = _read_yaml(path, "organisations")
    body = raw["organisations"]
    if not isinstance(body, dict):
        raise DataFileError("field 'organisations' must map ids to entries", input=str(path),
                            hint="write 'ORG:ASEAN: {name: ..., acronyms: [ASEAN]}'")
    for org_id, spec in body.items():
        where = f"organisations.{org_id}"
        if not isinstance(org_id, str) or not _ORG_ID.match(org_id):
            raise DataFileError(f"key '{where}' is not a valid organisation id", input=str(path),
                                hint="use 'ORG:' and upper-case letters or digits, e.g. ORG:ASEAN")
        if not isinstance(spec, dict):
            raise DataFileError(f"field '{where}' must be a mapping", input=str(path),
                                hint="write '{name: ..., names: [...], acronyms: [...]}'")
        unknown = set(spec) - _ORG_FIELDS
        if unknown:
            raise DataFileError(f"field '{where}' has unknown keys {sorted(unknown)}", input=str(path),
                                hint=f"allowed keys: {', '.join(sorted(_ORG_FIELDS))}")
        name = spec.get("name")
        if not isinstance(name, str) or not name.strip():
            raise DataFileError(f"field '{where}.name' is required", input=str(path),
                                hint="give the organisation's full English name")
        parent = spec.get("parent")
        if parent is not None and (not isinstance(parent, str) or parent not in body):
            raise DataFileError(f"field '{where}.parent' is {parent!r}, not an organisation id in this file",
                                input=str(path), hint="name an id defined in the same file")
        iso3 = spec.get("iso3")
        if iso3 is not None and (not isinstance(iso3, str) or pycountry.countries.get(alpha_3=iso3) is None):
            raise DataFileError(f"field '{where}.iso3' is {iso3!r}, not an ISO 3166 alpha-3 code",
                                input=str(path), hint="use a code such as CHN, or drop the field")
        names = [name, *_string_list(spec.get("names"), path, f"{where}.names")]
        acronyms = _string_list(spec.get("acronyms"), path, f"{where}.acronyms")
        names = sorted({v for n in names for v in _org_name_variants(n)})
        actors[org_id] = Actor(id=org_id, name=name, type="organisation", iso3=iso3,
                               organisation=str(body[parent]["name"]) if parent else None,
                               aliases=names + acronyms)
        for phrase in names:
            for variant in _variants(phrase):
                phrases.append((variant, _Entry(org_id, "name"), False))
        for acronym in acronyms:
            phrases.append((acronym, _Entry(org_id, "acronym"), True))


def _org_name_variants(name: str) -> set[str]:
    out = {name}
    for a, b in _SPELLING_VARIANTS:
        for n in list(out):
            out.add(n.replace(a, b))
            out.add(n.replace(b, a))
    for n in list(out):
        if n.startswith("United Nations "):
            rest = n[len("United Nations "):]
            out.update({f"UN {rest}", f"U.N. {rest}"})
    return out


def blocker_phrases(path: Path | None = None) -> list[tuple[str, bool]]:
    """The blockers file's phrases as (phrase, case_sensitive), every spelling variant included.

    They name no actor, and win longest-leftmost over the names inside them ("U.S. dollars" hides "U.S.").
    The bundled file by default; read once per call, so callers that match often keep the result.
    """
    path = path or _bundled("blockers.yaml")
    raw = _read_yaml(path, "blockers")
    body = raw["blockers"]
    if not isinstance(body, dict):
        raise DataFileError("field 'blockers' must map a reason to a list of phrases", input=str(path),
                            hint="write 'outlets: [China Daily, ...]'")
    out: list[tuple[str, bool]] = []
    for reason, items in body.items():
        any_case = False
        if isinstance(items, dict):
            unknown = set(items) - {"any_case", "phrases"}
            if unknown or not isinstance(items.get("any_case", False), bool):
                raise DataFileError(f"field 'blockers.{reason}' has unknown keys or a bad 'any_case'",
                                    input=str(path), hint="use a list, or {any_case: true, phrases: [...]}")
            any_case = bool(items.get("any_case", False))
            items = items.get("phrases")
        for phrase in _string_list(items, path, f"blockers.{reason}"):
            for variant in _variants(phrase):
                if any_case:
                    out.append((variant, False))
                    continue
                # Case-sensitive so that "Russia Today" (the outlet) does not swallow "visited Russia today".
                out.extend((cased, True) for cased in {variant, variant.upper(), _title(variant)})
    return out


def _load_blockers(path: Path, phrases: list[tuple[str, _Entry, bool]]) -> None:
    phrases.extend((phrase, _Entry(None, "name"), case_sensitive) for phrase, case_sensitive in blocker_phrases(path))


def _title(phrase: str) -> str:
    return " ".join(w[:1].upper() + w[1:] for w in phrase.split())


def _check_conflicts(phrases: list[tuple[str, _Entry, bool]], source: str) -> None:
    """One phrase must not mean two actors; a blocker may shadow nothing of the same length."""
    owner: dict[tuple[str, bool], str | None] = {}
    for phrase, entry, case_sensitive in phrases:
        key = (phrase if case_sensitive else phrase.lower(), case_sensitive)
        if key in owner and owner[key] != entry.actor_id:
            raise DataFileError(
                f"phrase {phrase!r} is given to both {owner[key]} and {entry.actor_id}",
                input=source, hint="keep the phrase under one actor only (or in blockers.yaml)",
            )
        owner[key] = entry.actor_id
