"""Does a text concern relations between countries, or a country and an international organisation?

A transparent additive score: named countries (two or more is strong evidence, one is weak), international
organisations and cooperation mechanisms, and words that say the subject crosses borders ("bilateral",
"embassy", "exports") push it up; marks of domestic news, accidents and procedural courtesies pull it down.
Country names come from pycountry plus the project's own list of short forms, demonyms, capitals, major
cities and leaders (``data/lexicons/places.yaml``), matched with the shared Aho-Corasick phrase matcher.
Sentences that are procedural courtesies to the UN General Assembly are blanked out first
(:func:`mask_courtesy`), so a paragraph is judged by what its other sentences say.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pycountry

from amity.coding.cues import CueMatcher, Hit
from amity.coding.datafile import data_path, load_yaml_mapping, string_list, weighted_terms
from amity.errors import DataFileError
from amity.model import Evidence, Span
from amity.nlp.actors import Leader, Tenure, blocker_phrases, country_adjectives, leader_pattern, names_an_amount

# Territories that news treats as part of another state for the purpose of counting parties.
_PART_OF = {"HKG": "CHN", "MAC": "CHN"}
# pycountry names that are usually something else in English news.
_BLOCKED = "blocked"  # the target of a phrase that hides the country name inside it
_JOINT = "joint:"  # the target prefix of a name that stands for two countries
_AMBIGUOUS_NAMES = frozenset({"Georgia", "Jersey", "Guernsey", "Chad", "Niger", "Jordan", "Turkey", "Guinea"})

COUNTRY_ONE = 0.5  # a single named country: weak, most domestic news names its country
COUNTRY_TWO = 2.0  # two or more distinct countries
REGION = 0.5
ORGANISATION = 1.5  # an international organisation or mechanism acting or named
CONCEPT = 1.0  # a cooperation concept ("community with a shared future")
CUE_CAP = 3.0
NEGATIVE_CAP = 3.0
THRESHOLD = 1.5
SPORTS_MAX_CHARS = 200
# A text naming two or more parties (states, or a state and an international organisation) is about them:
# marks of domestic news ("election", "killed") then describe what one does to the other and weigh this share.
DOMESTIC_WITH_PARTIES = 0.5
# A named country with a foreign region ("exports to Europe", "aid for Africa") is a cross-border subject.
COUNTRY_AND_REGION = 0.5
# A long paragraph that opens with courtesies usually moves on to substance: courtesies take off less.
LONG_PARAGRAPH_CHARS = 400
COURTESY_CAP_LONG = 2.0


@dataclass(slots=True)
class RelevanceResult:
    score: float
    countries: list[tuple[str, Span]] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)

    @property
    def relevant(self) -> bool:
        return self.score >= THRESHOLD

    def country_codes(self) -> list[str]:
        return list(dict.fromkeys(code for code, _ in self.countries))


@dataclass(frozen=True, slots=True)
class Gazetteer:
    """``data/lexicons/places.yaml``, validated: each country's names (demonyms, capitals, cities, leaders),
    the names matched only in their exact casing, and the regions."""

    countries: dict[str, list[str]]
    acronyms: frozenset[str]
    regions: list[str]
    joint: dict[str, list[str]] = field(default_factory=dict)  # "inter-Korean" -> [KOR, PRK]
    leaders: dict[str, Leader] = field(default_factory=dict)  # "Xi" -> CHN, President since 2013-03-14
    not_countries: frozenset[str] = frozenset()  # the tagger's adjectives that name a region here too


@functools.cache
def gazetteer() -> Gazetteer:
    """The places file, read and validated once per process."""
    path = data_path("lexicons", "places.yaml")
    raw = load_yaml_mapping(path)
    countries = raw.get("countries")
    if not isinstance(countries, dict):
        raise DataFileError("field 'countries' must map ISO3 codes to lists of names", input=str(path),
                            hint="write e.g. 'KHM: [Cambodian, Phnom Penh]'")
    acronyms = frozenset(string_list(raw.get("acronyms"), path, "acronyms"))
    names: dict[str, list[str]] = {}
    for code, values in countries.items():
        if not isinstance(code, str) or len(code) != 3 or not code.isupper():
            raise DataFileError(f"field 'countries.{code}' is not an ISO 3166-1 alpha-3 code", input=str(path),
                                hint="use upper-case three-letter codes such as KHM")
        names[code] = string_list(values, path, f"countries.{code}")
    leaders: dict[str, Leader] = {}
    for code, entries in (raw.get("leaders") or {}).items():
        if code not in names or not isinstance(entries, dict):
            raise DataFileError(f"field 'leaders.{code}' must map names to titles under a country listed in "
                                "'countries'", input=str(path), hint="write e.g. 'CHN: {Xi Jinping: President}'")
        for name, value in entries.items():
            if not isinstance(name, str) or not name.strip():
                raise DataFileError(f"field 'leaders.{code}' has an empty name", input=str(path))
            leaders[name] = Leader(code, _tenures(value, path, f"leaders.{code}.{name}"))
            names[code].append(name)  # a leader's name stands for the country when counting parties
    joint_raw = raw.get("joint") or {}
    if not isinstance(joint_raw, dict):
        raise DataFileError("field 'joint' must map a name to the ISO3 codes it stands for", input=str(path),
                            hint="write e.g. 'inter-Korean: [KOR, PRK]'")
    joint = {str(name): string_list(codes, path, f"joint.{name}", allow_empty=False)
             for name, codes in joint_raw.items()}
    return Gazetteer(names, acronyms, string_list(raw.get("regions"), path, "regions"), joint, leaders,
                     frozenset(string_list(raw.get("not_countries"), path, "not_countries")))


@functools.lru_cache(maxsize=1)
def place_matcher() -> CueMatcher[str]:
    """Countries (ISO3) and regions ("region:...") by name, demonym, short form and capital."""
    places = gazetteer()
    matcher: CueMatcher[str] = CueMatcher()
    for country in pycountry.countries:
        code = _PART_OF.get(country.alpha_3, country.alpha_3)
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, None)
            if name and "," not in name and "(" not in name and name not in _AMBIGUOUS_NAMES:
                matcher.add(name, code, inflect=False)
    for code, names in places.countries.items():
        for name in names:
            matcher.add(name, code, case_sensitive=name in places.acronyms, inflect=False)
    # The tagger's adjectives too ("Albanian", "Guyanese"), so that a country the statement's mentions name
    # is a party in its dyads; capitalised only ("Georgian", not "georgian"), and not those also said of
    # a region ("Central African countries").
    listed = {n.lower() for names in places.countries.values() for n in names}
    for code, adjectives in country_adjectives().items():
        for adjective in adjectives:
            if adjective.lower() not in listed and adjective not in places.not_countries:
                matcher.add(adjective, _PART_OF.get(code, code), case_sensitive=True, inflect=False)
    for region in places.regions:
        matcher.add(region, f"region:{region.lower()}", inflect=False)
    for name in places.joint:
        matcher.add(name, _JOINT + name, inflect=False)
    # The actor tagger's blockers: "US$", "South China Sea" and "China Daily" name no country here either, so
    # relevance and the dyads agree with the tagger's mentions; a name this file gives a country wins.
    known = {n.lower() for names in places.countries.values() for n in names} | {n.lower() for n in places.joint}
    for phrase, case_sensitive in blocker_phrases():
        if phrase.lower() not in known:
            matcher.add(phrase, _BLOCKED, case_sensitive=case_sensitive, inflect=False)
    return matcher


def _place_hits(text: str, offset: int, day: date | None = None) -> list[tuple[str, Hit[str]]]:
    """Each place named in ``text`` as (code, hit): countries, regions ("region:..."), both countries of a
    joint name, leaders in office on ``day``; not blocked phrases or amounts in a currency ("50 million U.S.
    dollars")."""
    out: list[tuple[str, Hit[str]]] = []
    leaders = _leaders_by_lower_name()
    for hit in place_matcher().find(text, offset):
        code = hit.targets[0][0]
        if code == _BLOCKED or names_an_amount(text, hit.start - offset, hit.end - offset):
            continue
        leader = leaders.get(hit.text.lower())
        if leader is not None and leader.title_on(day) is None:
            continue  # "Biden" in 2026 no longer speaks for the United States
        if code.startswith(_JOINT):
            out.extend((c, hit) for c in gazetteer().joint[code[len(_JOINT):]])
        else:
            out.append((code, hit))
    return out


# A sentence ends at . ! or ? (and any closing quote) followed by space and a capital; "Mr." and the like do not
# end one. Hand-written rather than the pipeline's sentence splitter: it must run per text at headline speed.
_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+(?=[\"“‘(]?[A-Z0-9])")
_ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|No|Excellency|H\.E|U\.S|U\.N|a\.m|p\.m|e\.g|i\.e|etc)\.$")


@functools.lru_cache(maxsize=1)
def _courtesy_sentence_matcher() -> CueMatcher[str]:
    path = data_path("lexicons", "relevance.yaml")
    matcher: CueMatcher[str] = CueMatcher()
    for term in string_list(load_yaml_mapping(path).get("courtesy_sentence"), path, "courtesy_sentence"):
        matcher.add(term, "courtesy", case_sensitive=term[0].isupper() and term.startswith(("Mr", "Madam")))
    return matcher


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text`` (the whole text when it has one sentence)."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _SENTENCE_END.finditer(text):
        if _ABBREVIATION.search(text, max(start, m.start() - 12), m.start() + 1):
            continue
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def mask_courtesy(text: str) -> str:
    """``text`` with its procedural-courtesy sentences blanked out (same length, so offsets still hold).

    A sentence congratulating the President of the Assembly, thanking a predecessor or wishing the session
    success says nothing about relations between states; what the rest of the paragraph says is coded.
    """
    hits = _courtesy_sentence_matcher().find(text)
    if not hits:
        return text
    parts: list[str] = []
    last = 0
    for start, end in sentence_spans(text):
        inside = [h for h in hits if start <= h.start < end]
        if inside and not _election_between_states(text[start:end], inside):
            parts.append(text[last:start])
            parts.append(" " * (end - start))
            last = end
    parts.append(text[last:])
    return "".join(parts)


# "On behalf of Mongolia, I congratulate ... on his election": a speaker at the Assembly, not a report. Case
# as written, because "US" is a country.
_FIRST_OR_SECOND_PERSON = re.compile(r"\b(?:I|we|We|you|You|my|My|our|Our|your|Your|us)\b")


def _election_between_states(sentence: str, hits: list[Hit[str]]) -> bool:
    """Is a congratulation on an election the sentence's only courtesy, between two named countries ("Xi
    congratulated Hun Manet on his election as Cambodia's prime minister")? That is a message between states,
    not the Assembly's procedure."""
    return all("election" in h.cue.lower() for h in hits) and _FIRST_OR_SECOND_PERSON.search(sentence) is None and len(
        {code for code, _ in find_countries(sentence)}) >= 2


_TENURE_KEYS = frozenset({"title", "from", "until"})


def _tenures(value: object, path: Path, field_name: str) -> tuple[Tenure, ...]:
    """A leader's titles: one title held throughout ("President"), or periods in office, each a mapping
    with ``title`` and any of ``from`` (the first day in office) and ``until`` (the first day out of it)."""
    hint = "write e.g. 'Hun Sen: [{title: Prime Minister, until: 2023-08-22}]' or 'Xi: President'"
    if isinstance(value, str) and value.strip():
        return (Tenure(value),)
    if not isinstance(value, list) or not value:
        raise DataFileError(f"field '{field_name}' must be a title or a list of periods in office",
                            input=str(path), hint=hint)
    tenures = []
    for item in value:
        if not isinstance(item, dict) or not set(item) <= _TENURE_KEYS or not isinstance(item.get("title"), str) \
                or not item["title"].strip():
            raise DataFileError(f"field '{field_name}': each period needs a title and may have 'from' and 'until' "
                                f"dates, not {item!r}", input=str(path), hint=hint)
        start, end = _day(item.get("from"), path, field_name), _day(item.get("until"), path, field_name)
        if start is not None and end is not None and end <= start:
            raise DataFileError(f"field '{field_name}': period '{item['title']}' ends ({end}) before it begins "
                                f"({start})", input=str(path), hint=hint)
        tenures.append(Tenure(item["title"], start, end))
    return tuple(sorted(tenures, key=lambda t: t.start or date.min))


def _day(value: object, path: Path, field_name: str) -> date | None:
    if value is None or (isinstance(value, date) and not isinstance(value, datetime)):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise DataFileError(f"field '{field_name}': '{value}' is not a date as YYYY-MM-DD", input=str(path)) from None


@functools.lru_cache(maxsize=1)
def _cue_matcher() -> CueMatcher[str]:
    """International cues (label "international") and domestic, courtesy and sports cues, in one pass."""
    path = data_path("lexicons", "relevance.yaml")
    raw = load_yaml_mapping(path)
    exact = set(string_list(raw.get("exact_case"), path, "exact_case"))
    matcher: CueMatcher[str] = CueMatcher()
    for key in ("international", "domestic", "courtesy", "sports"):
        for term, weight in weighted_terms(raw.get(key), path, key).items():
            matcher.add(term, key, weight, case_sensitive=term.isupper() or term in exact)
    return matcher


@functools.cache
def _leaders_by_lower_name() -> dict[str, Leader]:
    return {name.lower(): leader for name, leader in gazetteer().leaders.items()}


@functools.cache
def _leaders() -> re.Pattern[str] | None:
    return leader_pattern(gazetteer().leaders)


def find_leaders(text: str, offset: int = 0, day: date | None = None) -> list[tuple[str, Span]]:
    """Leaders in office on ``day`` named in the text ("Xi", "Hun Manet") as ``(iso3, span)``: they stand for
    their country."""
    pattern = _leaders()
    if pattern is None:
        return []
    leaders = gazetteer().leaders
    return [(leader.iso3, Span(offset + m.start(), offset + m.end(), m.group()))
            for m in pattern.finditer(text) for leader in (leaders[m.group()],) if leader.title_on(day) is not None]


def find_countries(text: str, offset: int = 0, day: date | None = None) -> list[tuple[str, Span]]:
    """Countries named in the text as ``(iso3, span)`` (leaders in office on ``day`` among them); regions
    are left out."""
    return [(code, Span(hit.start, hit.end, hit.text)) for code, hit in _place_hits(text, offset, day)
            if not code.startswith("region:")]


def score_relevance(text: str, offset: int = 0, mechanisms: list[tuple[str, Span]] | None = None,
                    mechanism_kinds: dict[str, str] | None = None, day: date | None = None) -> RelevanceResult:
    """Score how clearly ``text`` is about relations between countries (``relevant`` at >= THRESHOLD)."""
    evidence: list[Evidence] = []
    countries: list[tuple[str, Span]] = []
    regions: set[str] = set()
    for code, hit in _place_hits(text, offset, day):
        if code.startswith("region:"):
            regions.add(code)
        else:
            countries.append((code, Span(hit.start, hit.end, hit.text)))
        evidence.append(Evidence("relevance", code, hit.start, hit.end, hit.text, hit.cue))
    distinct = {code for code, _ in countries}
    score = COUNTRY_TWO if len(distinct) >= 2 else COUNTRY_ONE * len(distinct)
    score += REGION * min(len(regions), 2)
    if len(distinct) == 1 and regions:
        score += COUNTRY_AND_REGION
    kinds = mechanism_kinds or {}
    mech_score = 0.0
    for mid, span in mechanisms or []:
        mech_score = max(mech_score, CONCEPT if kinds.get(mid) == "concept" else ORGANISATION)
        evidence.append(Evidence("relevance", mid, span.start, span.end, span.text, span.text))
    score += mech_score
    cue_score = neg_score = courtesy_score = 0.0
    seen: set[str] = set()
    parties = len(distinct) + (1 if mech_score >= ORGANISATION else 0)
    domestic_share = DOMESTIC_WITH_PARTIES if parties >= 2 else 1.0
    for hit in _cue_matcher().find(text, offset):
        kind, weight = hit.targets[0]
        if kind == "international":
            # "nations" inside "United Nations" is the organisation, already counted above.
            if hit.cue.lower() in seen or any(s.start <= hit.start and hit.end <= s.end for _, s in mechanisms or []):
                continue
            seen.add(hit.cue.lower())
            cue_score += weight
            evidence.append(Evidence("relevance", kind, hit.start, hit.end, hit.text, hit.cue))
        elif kind == "courtesy":
            if parties >= 2 and "election" in hit.cue.lower():
                continue  # a leader congratulating another on an election: a message between states
            courtesy_score += weight
        elif kind == "domestic":
            neg_score += weight * domestic_share
        elif len(text) <= SPORTS_MAX_CHARS:
            # A sports result is a short news item; in a paragraph a sport is mentioned in passing.
            neg_score += weight
    courtesy_cap = COURTESY_CAP_LONG if len(text) > LONG_PARAGRAPH_CHARS else NEGATIVE_CAP
    score += min(cue_score, CUE_CAP)
    score -= min(neg_score + min(courtesy_score, courtesy_cap), NEGATIVE_CAP)
    return RelevanceResult(score, countries, evidence)
