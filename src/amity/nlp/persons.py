"""Persons: names with their titles, organisations and countries, read off noun phrases.

"Cambodian Foreign Ministry's Under-Secretary of State Sok Soken" -> name "Sok Soken", title
"Under-Secretary of State", organisation "Foreign Ministry", country KHM (from the adjective).
"Wang Yi, China's foreign minister" and "Foreign Minister Wang Yi" are read the same way.

Rule-based over capitalisation, the title lexicon and the country gazetteer, because a statistical NER
model would break the speed budget of the default pipeline.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pycountry

from amity.coding.relevance import find_countries, gazetteer
from amity.model import Actor
from amity.nlp.actors import country_spans
from amity.nlp.cues import AttributionLexicon
from amity.nlp.rules import MONTHS, WEEKDAYS

CountryOf = Callable[[str], "str | None"]

_NAME_TOKEN = re.compile(r"^(?:[A-Z][\w'’.-]*|[A-Z]\.|(?:de|van|von|bin|al|da|di|la|le)$)$")
_TO_COMPLEMENT = re.compile(r"\s+(?:to|for)\s+(?:the\s+)?(?=[A-Z])")
# The word that links a title to its complement: "Consul General in Da Nang", "Minister of Trade".
_LINK = r"(?:to|for|in|at|of)\s+(?:the\s+)?"
# A title's complement before the name: "Consul General in Da Nang ...", "Minister of Trade ...".
_TITLE_LINK = re.compile(r"\s+" + _LINK + r"(?=[A-Z])")
# A title's complement and the name after it, as one run of capitalised words joined by "and", "of" ...:
# "(Consul General) in Da Nang City John Perry", "(Minister) of Foreign Affairs and Trade Jane Doe".
LINKED_NAME = re.compile(_LINK + r"[A-Z][\w'’-]*(?:(?:,?\s+(?:and|&|of|the)\s+|,?\s+)[A-Z][\w'’-]*)*")
# A portfolio complement after a title: "(Minister) of Foreign Affairs and International Cooperation",
# "(Envoy) for Climate Change": capitalised words joined by "and", "&", "of", "on", "the" or commas.
_PORTFOLIO_LINK = re.compile(r"\s+(of|for)\s+(?:the\s+)?(?=[A-Z])")
_PORTFOLIO_STEP = re.compile(r"(,?)((?:\s+(?:and|&|of|on|the))*\s+)([A-Z][\w'’.-]*)")
# What may stand between such a link and the name: more capitalised words of the complement.
_COMPLEMENT_WORDS = re.compile(r"^(?:(?:[A-Z][\w'’.-]*|and|&|of|the|for|on),?\s+)*$")
_POSTING_AFTER = re.compile(r"\s+to\s+(?:the\s+)?[A-Z].*$")
# A posting inside that complement: "Ambassador of Japan | to Cambodia | Atsushi Ueno".
_POSTED_TO = re.compile(r"\bto\s+(?:the\s+)?([A-Z][\w'’.-]*(?:\s+(?:of\s+(?:the\s+)?)?[A-Z][\w'’.-]*){0,3})\s+$")
# "Consul General in Ho Chi Minh City": the place a title's holder serves in, not the holder's country.
_IN_COMPLEMENT = re.compile(r"\s+in\s+(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:(?:of|and|the)\s+)*[A-Z][\w'’.-]*)*")
# "... Somchai Rattanakul of the Royal Thai Navy": an organisation after the name.
_ORG_AFTER_NAME = re.compile(r"\s+(?:of|at|from)\s+(?:the\s+)?(?=[A-Z])")
# "(Sen. Chuck Grassley) of Iowa", "(Bruce Hough) from Utah": a place after a name says where the person is from.
_PLACE_LINK = re.compile(r"\s+(?:of|from|in)\s+(?:the\s+)?$")
_MAX_NAME_WORDS = 4
_RUN_WORDS = 10  # capitalised words looked at before a name ("Ho Chi Minh City Karen Holloway")
_NAME_SUFFIXES = frozenset({"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"})
# Nouns that make a longer place name of the place before them ("Da Nang City", "Cebu Province").
_PLACE_HEADS = frozenset({"city", "province", "prefecture", "district", "region", "state", "county"})
# Words that join the parts of an organisation's name ("Ministry of Education, Youth and Sport").
ORG_JOINERS = frozenset({"of", "for", "and", "&", "on", "the"})
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})
# Nouns for members of a party or a political camp ("Republicans", "the Wisconsin Republican"): a name that
# ends in one names a group, or a person by description, never by name; one before a name qualifies it
# ("Republican Paul Ryan"). Read with their plurals (``is_member_noun``).
MEMBER_NOUNS = frozenset({
    "republican", "democrat", "conservative", "liberal", "progressive", "socialist", "communist",
    "libertarian", "independent", "tory", "nationalist", "separatist", "loyalist", "unionist", "royalist",
    "populist", "leftist", "evangelical", "dem",
})
# Words that make a person's name the name of what belongs to the person ("Hillary Clinton Campaign",
# "the Trump Team said") or of a news outlet ("BuzzFeed News"): the name of a group, not of a person.
_OWNED_HEADS = frozenset({
    "campaign", "team", "family", "aides", "allies", "supporters", "backers", "spokesman", "news", "media", "tv",
    "radio", "magazine", "journal", "gazette", "tribune", "newspaper",
})
# Descriptions news writes before a name ("Billionaire Donald Trump", "Former Gov. ..."): no part of the name.
_NAME_QUALIFIERS = frozenset({
    "billionaire", "millionaire", "tycoon", "mogul", "magnate", "former", "ex", "presumptive", "frontrunner",
    "front-runner", "hopeful", "challenger", "incumbent", "outgoing", "incoming", "embattled", "longtime",
})
# A possessive ("Post’s", "News’"): the owner before a name, no part of it ("The Huffington Post’s Scott Conroy").
_POSSESSIVE = re.compile(r"(?:[’']s|s[’'])$")
# A parenthesis, closed or cut off by the span's end: no part of a name ("Rep. Michael McCaul (R-TX), chair ...").
_PARENTHESIS = re.compile(r"\([^()]*(?:\)|$)")
_OWNER_FORM = re.compile(r"(?<=\w)[’']s?$")
# An abbreviated title the title lexicon may not list, written with its period ("the Rev. | Federico Lombardi").
_ABBREVIATED_TITLE = re.compile(r"[A-Z][a-z]{1,4}\.")
_ACRONYM = re.compile(r"[A-Z]{2,3}")
# Abbreviations that begin the names of places and dates, not titles ("St. Louis", "Sept. Trump" cannot be).
_NOT_TITLES = frozenset({
    "st", "ste", "mt", "ft", "pt", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
# The possessive owner right before a name: "South China’s | Wenchang", "The Daily Ledger’s | Anna Petrov".
_OWNER_BEFORE_NAME = re.compile(r"([A-Z][\w.-]*(?:\s+[A-Z][\w.-]*)*)(?:[’']s|(?<=s)[’'])\s+$")
_ABBREVIATED_TITLE_END = re.compile(r"(?<![\w.])[A-Z][a-z]{1,4}\.\s+$")
_DEPUTY_WORDS = frozenset({"vice", "deputy", "assistant", "under"})
# Names of months and weekdays: a date, never a person's whole name ("figures released in May"); a person
# named so is read with a first name or a title ("Theresa May", "Prime Minister May").
CALENDAR_WORDS = MONTHS | WEEKDAYS
_NOT_NAMES = frozenset({
    "The", "A", "An", "He", "She", "They", "It", "We", "I", "His", "Her", "Their", "Its", "But", "And",
    "In", "On", "At", "For", "Of", "By", "To", "As", "This", "That", "Meanwhile", "However", "Also",
}) | {word.capitalize() for word in CALENDAR_WORDS - {"may"}}  # "May" may be a name ("Theresa May")
_SURNAME_LOOKALIKES = frozenset({"He", "To"})
_SENT_TO = re.compile(r"\bto\s+(?:the\s+)?$")
_RELATIVE = re.compile(r"\b(?:who|whose|which|that)\b")
_TOPIC_BEFORE = re.compile(r"\b(?:critics?|experts?|analysts?|observers?|scholars?|commentators?|opponents?|"
                           r"supporters?|historians?|watchers?|specialists?)\s+(?:of|on|about)\s+(?:the\s+)?$", re.I)
# Nouns after a country's name that make it a subject, not a nationality ("China Studies", "Asia hands").
_TOPIC_AFTER = re.compile(r"\s+(?:studies|affairs|relations|program|programme|desk|experts?|analysts?|"
                          r"watchers?|scholars?|specialists?|hands?|initiative|"
                          # "the Japan Research Institute" is Japanese
                          r"(?:policy|research)(?!\s+(?:institute|center|centre|council|foundation)))\b", re.I)
# The end of the words before a place that make it a posting, not a nationality: "Consul General in | Da Nang".
POSTING_BEFORE = re.compile(r"\b(?:in|at|to)\s+(?:the\s+)?$")
# Heads of a country's services that a title's "for" complement may name besides organisations ("Coast Guard").
_FORCE_HEADS = frozenset({"guard", "forces", "military", "service", "services", "administration"})


@dataclass(slots=True)
class PersonDescription:
    name: str
    title: str | None = None
    role: str | None = None
    organisation: str | None = None
    iso3: str | None = None
    name_offset: int = 0  # where the name starts inside the phrase
    owner: str | None = None  # the possessive owner right before the name ("South China" of "South China's X")

    def copy(self) -> PersonDescription:
        return PersonDescription(
            self.name, self.title, self.role, self.organisation, self.iso3, self.name_offset, self.owner
        )


_FORMER = re.compile(r"\b(?:former|ex)\b", re.I)
_HONORIFICS = frozenset({
    "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "dr", "dr.", "madam", "sir", "h.e.", "his excellency",
    "her excellency",
})


def is_member_noun(word: str) -> bool:
    """Is ``word`` a noun for a party's members, singular or plural ("Republican", "Democrats", "Tories")?"""
    low = word.lower().strip(".,;:")
    return low in MEMBER_NOUNS or (low.endswith("s") and low[:-1] in MEMBER_NOUNS) or low == "tories"


def _is_honorific(title: str | None) -> bool:
    """Is ``title`` only forms of address ("Mr.", "H.E. Mr.", "His Excellency")?"""
    if title is None:
        return False
    words = re.sub(r"\b(?:his|her) excellency\b", " ", title.lower()).split()
    return title.lower() in _HONORIFICS or (bool(words) and all(w in _HONORIFICS for w in words))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _words(text: str) -> list[tuple[int, int, str]]:
    return [(m.start(), m.end(), m.group()) for m in re.finditer(r"[\w'’.-]+", text)]


def _strip_possessive(word: str) -> str:
    return re.sub(r"[’']s$", "", word)


def _name_run(
    text: str, limit: int, stop: Callable[[str], bool] | None = None, *, after_title: bool = False
) -> list[tuple[int, int, str]]:
    """The run of capitalised words (and name particles) at the end of ``text``, at most ``limit``; a word
    for which ``stop`` holds ends it ("Paul Ryan Says | Trump"). ``after_title``: a title ends right before
    ``text``, or ``text`` opens a speaker's noun phrase."""
    run: list[tuple[int, int, str]] = []
    words = _words(text)
    for i in range(len(words) - 1, -1, -1):
        w = words[i]
        token = w[2].rstrip(".") if not re.fullmatch(r"[A-Z]\.", w[2]) else w[2]
        if stop is not None and stop(token):
            break
        if run and (_POSSESSIVE.search(w[2]) or "\n\n" in text[w[1]:run[-1][0]]):
            break  # an owner ("Post’s | Ishaan Tharoor") or a paragraph ("Plan B.\n\n | Sanders") before the name
        named = token not in _NOT_NAMES or _surname(words, i, run, after_title)
        if _NAME_TOKEN.match(token) and named and len(run) < limit:
            run.append(w)
        else:
            break
    run.reverse()
    while run and run[0][2].islower():  # a name does not start with a particle
        run.pop(0)
    while run and run[-1][2].islower():  # nor end with one ("Mrs. Clinton de-")
        run.pop()
    return run


def _surname(words: list[tuple[int, int, str]], i: int, run: list[tuple[int, int, str]], after_title: bool) -> bool:
    """Is the word at ``words[i]`` a surname spelled like an English function word, opening a name: Chinese
    He (何: "Vice Premier He | Lifeng") or Vietnamese To (Tô: "General Secretary To | Lam")? So when a name
    follows it and a title, or a capitalised word without a full stop, precedes it: the pronoun and the
    preposition open their clause. ``after_title``: a title, or the start of a speaker's noun phrase, ends
    right before the text (a subject does not begin "He Lifeng" or "To Lam" otherwise)."""
    if words[i][2] not in _SURNAME_LOOKALIKES or not run:
        return False
    if " ".join([words[i][2]] + [w[2] for w in reversed(run)]).lower() in _leader_names():
        return True  # "Party chief To Lam": a leader the gazetteer lists
    if i == 0:
        return after_title
    before = words[i - 1][2]
    return before[:1].isupper() and not before.endswith((".", ",", ":", ";")) and before not in _NOT_NAMES


def trailing_name(text: str) -> tuple[int, str] | None:
    """The run of capitalised words at the end of ``text`` (at most 4), as (offset, name)."""
    run = _name_run(text, _MAX_NAME_WORDS)
    if not run:
        return None
    return run[0][0], text[run[0][0]:run[-1][1]].rstrip(".,")


@functools.cache
def _named_in_gazetteer() -> dict[str, str]:
    """Lower-cased names the relevance gazetteer knows (``data/lexicons/places.yaml``) to their country:
    places, cities and provinces as well as countries ("Ho Chi Minh City", "Davao", "Chiang Mai"), and the
    leaders it lists ("Hun Manet", "Xi Jinping"), who give a speaker named so a country when the words
    around the name give none."""
    return {n.lower(): code for code, names in gazetteer().countries.items() for n in names}


@functools.cache
def _leader_names() -> frozenset[str]:
    return frozenset(name.lower() for name in gazetteer().leaders)


@functools.cache
def place_names() -> frozenset[str]:
    """Lower-cased names of places: every name ``data/lexicons/places.yaml`` gives a country except its
    leaders' (countries, demonyms, capitals, cities, provinces) and the ISO 3166-2 subdivisions pycountry
    knows (US states, provinces, counties: "Iowa", "New Hampshire", "Liverpool"), without the qualifier
    of "Madrid, Comunidad de" or "Sofia (stolitsa)"."""
    names = {n.lower() for names in gazetteer().countries.values() for n in names} - _leader_names()
    for sub in pycountry.subdivisions:
        name = re.sub(r"\s*\(.*\)$", "", sub.name.split(",")[0]).strip()
        if name:
            names.add(name.lower())
    return frozenset(names)


def is_place_name(name: str) -> bool:
    """Is ``name`` as a whole the name of a place ("Iowa", "New Hampshire", "Jerusalem")? Some places share
    their name with people ("Kerry", "Georgia"): the caller decides with what else the text says."""
    low = re.sub(r"[’']s$", "", name.strip(" .,")).lower()
    if low in place_names():
        return True
    head = low.rsplit(" ", 1)  # "New York City", "Cook County": a place and its kind
    return len(head) == 2 and head[1] in _PLACE_HEADS and head[0] in place_names()


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
        # Words of titles, role nouns and organisation heads: a name does not start with one or have one
        # inside it ("Foreign Affairs Undersecretary Antonio Lacson", "National Defense Park Ji-hoon").
        # The portfolio words of a title's complement ("Minister of Foreign Affairs and International
        # Cooperation Prak Sokhonn") and the qualifiers before a title count too.
        self._office_words = frozenset(
            w.lower()
            for phrase in (*lexicon.titles, *lexicon.role_nouns, *lexicon.organisation_heads)
            for w in phrase.split()
            if w.lower() not in ORG_JOINERS and w not in _NOT_NAMES
        ) | lexicon.portfolio_words | lexicon.title_qualifiers | MEMBER_NOUNS | _OWNED_HEADS | _NAME_QUALIFIERS
        self._memo: dict[str, PersonDescription | None] = {}
        # Words that are no first names, with any period dropped ("Rep McCaul", "Sen Warren").
        self.not_given = frozenset(w.rstrip(".") for w in self._office_words) | frozenset(
            w.lower().rstrip(".") for t in lexicon.titles for w in t.split()
        )

    def _country(self, phrase: str) -> str | None:
        # Not from a relative clause: "Xie Feng, who arrived in Washington" is not American.
        phrase = _RELATIVE.split(phrase, maxsplit=1)[0]
        # Whole names ("North Korean" is not "Korean", "Papua New Guinea" not "Guinea"), as the tagger reads them.
        for start, end, iso3, kind in country_spans(phrase):
            if kind != "adjective" and _TOPIC_AFTER.match(phrase, end):
                continue  # "Institute of China Studies", "a China analyst": a subject ("a Chinese analyst" is Chinese)
            if _SENT_TO.search(phrase, 0, start):  # "Head of the EU Delegation to Cambodia": a posting
                continue
            if _TOPIC_BEFORE.search(phrase, 0, start):  # "a critic of the Hong Kong government": a subject
                continue
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

    def _is_place(self, words: list[str]) -> bool:
        """Do ``words`` name a place, all of them ("South Korea", "Chiang Mai"; not "Laos Guo")?"""
        text = " ".join(words)
        if text.lower() in _named_in_gazetteer():
            return True
        if len(words) == 1:
            return self.country_of(text) is not None
        # The country_of gazetteer finds a country anywhere in the text: the first and last words must count.
        return (self.country_of(text) is not None and self.country_of(words[0]) is None
                and self.country_of(" ".join(words[:-1])) is None)

    def _name_start(self, words: list[str], *, linked: bool) -> int:
        """Where the name begins in a run of capitalised ``words`` that ends with it: after the last word of
        a title, role or organisation ("Affairs Undersecretary | Antonio Lacson"), after a place the
        gazetteers know ("Ho Chi Minh City | Karen Holloway"), and after the first word of a title's
        "of"/"in" complement when nothing else tells (``linked``: "Minister of Hydrocarbons | Xu Dongliang").
        Portfolio words count as a title's words ("for Climate Change | John Kerry"); a run that ends in one
        names no one. A name keeps at least two words when it loses a place ("Xi Jinping" stays whole)."""
        n = len(words)
        if words[-1].lower().strip(",") in self.lexicon.portfolio_words:
            return n  # the run ends in a portfolio: "Minister of ... International Cooperation" names no one
        start = 0
        for i in range(n - 2, -1, -1):
            if words[i].lower().strip(",") in self._office_words and words[i + 1].lower() not in _NAME_SUFFIXES:
                start = i + 1
                break
        for size in range(min(4, n - start - 2), 0, -1):
            if self._is_place(words[start:start + size]):
                start += size
                if n - start > 2 and words[start].lower() in _PLACE_HEADS:
                    start += 1
                break
        else:
            if linked and start == 0:
                start = 1  # the complement has at least one word: "Minister of Investment" names no one
        return max(start, n - _MAX_NAME_WORDS)

    def _name_after_titles(self, phrase: str) -> tuple[int, str] | None:
        """The name at the end of ``phrase``, after any title ("Foreign Minister Wang Yi") and the title's
        complement ("Ambassador to Laos Guo Lanfang", "Consul General in Da Nang Mai Anh")."""
        matches = self.lexicon.title_matcher.find(phrase)
        region_start = matches[-1].end if matches else 0
        link = _TITLE_LINK.match(phrase, region_start) if matches else None
        if link is not None:
            region_start = link.end()
        region = phrase[region_start:]
        # A phrase with no title may open with the name: "He Lifeng", a speaker's noun phrase ("He" alone
        # would be the pronoun).
        opens = not region[:1].strip() if matches else region_start == 0
        run = _name_run(region, _RUN_WORDS, self.is_headline_verb, after_title=opens and link is None)
        if not run:
            return None
        first = self._name_start([w[2] for w in run], linked=link is not None)
        while first < len(run) - 1 and _ABBREVIATED_TITLE.fullmatch(run[first][2]) and (
            run[first][2][:-1].lower() not in _NOT_TITLES
        ):
            first += 1  # an abbreviated title the lexicon does not list: "Fr. | Frank Pavone", "Pres. | Obama"
        if first >= len(run):
            return None
        between = region[: run[first][0]]
        if matches and between.strip() and not (link is not None and self._complement_words(between)):
            return None  # words between the title and the name: not "Title Name"
        # A possessive is the name's owner form, not part of it ("Mr. Trump’s | plane", "Barack Obama's").
        name = _OWNER_FORM.sub("", region[run[first][0]:run[-1][1]].rstrip(".,"))
        return region_start + run[first][0], name

    def _complement_words(self, between: str) -> bool:
        """Are the words between a title's link and a name all the complement's: capitalised words and their
        joiners ("of | Foreign Affairs and Trade | Jane Doe"), ending at most in the country the holder is
        posted to ("of | Japan to Cambodia | Atsushi Ueno"; not "of Foreign Affairs to Meet | Hun Sen")?"""
        posted = _POSTED_TO.search(between)
        if posted is not None:
            if not self._is_place(posted.group(1).split()):
                return False
            between = between[:posted.start()]
        return _COMPLEMENT_WORDS.match(between) is not None

    def is_headline_verb(self, word: str) -> bool:
        """Is ``word`` a reporting verb in the present tense ("Says", "Slams", "Warns")? Headlines write
        it in title case right after the name, where it would otherwise read as part of the name."""
        low = word.lower()
        return low.endswith("s") and self.lexicon.forms.get(low, low) != low

    def is_office_word(self, word: str) -> bool:
        """Is ``word``, or its singular, a word of a title, role or organisation ("Ministers", "spokesman")?"""
        low = word.lower()
        return low in self._office_words or (low.endswith("s") and low[:-1] in self._office_words)

    def read(self, phrase: str) -> PersonDescription | None:
        """A person named in ``phrase``, or None when the phrase names no person."""
        try:
            found = self._memo[phrase]
        except KeyError:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            found = self._memo[phrase] = self._read(phrase)
            if found is not None:
                if found.iso3 is None:
                    found.iso3 = _named_in_gazetteer().get(found.name.lower())
                owner = _OWNER_BEFORE_NAME.search(phrase.strip().strip(",").strip()[: found.name_offset])
                found.owner = owner.group(1) if owner is not None else None
        return None if found is None else found.copy()

    def _read(self, phrase: str) -> PersonDescription | None:
        phrase = phrase.strip().strip(",").strip()
        if "(" in phrase:  # blanked, so that offsets into the phrase hold
            phrase = _PARENTHESIS.sub(lambda m: " " * len(m.group()), phrase).rstrip()
        if not phrase:
            return None
        comma = self._split_at(phrase) if "," in phrase else -1
        if comma >= 0:
            head, rest = phrase[:comma], phrase[comma + 1:]
            if self._is_organisation(head):
                return None  # "Ministry of Education, Youth and Sport"
            head_name = self._name_after_titles(head.strip())
            if head_name is not None:
                lead = head.strip()[: head_name[0]]
                if lead.strip().lower() in _DETERMINERS:
                    return None  # "The Associated Press, which ...": not a person's name
                # "Commodore Ana Cruz, a spokesperson for ...": the title before the name is hers as written,
                # unless it is only a form of address ("H.E. Sok Chenda Sophea, Minister of Foreign Affairs").
                lead_title = self._describe(lead).title if lead.strip() else None
                addressed = _is_honorific(lead_title) and self._describe(rest).title is not None
                desc = self._describe(rest if addressed else lead + " " + rest)
                if _is_honorific(desc.title):
                    desc.title = None  # another's: "Nina Turner, a surrogate for Mr. Sanders"
                if lead_title is not None and not addressed:
                    desc.title = lead_title
                desc.name, desc.name_offset = head_name[1], head_name[0]
                return desc if self._plausible(desc.name) else None
            apposed = self._apposed_name(head, rest)
            if apposed is not None:
                desc = self._describe(head)
                desc.name, desc.name_offset = apposed[1], comma + 1 + apposed[0]
                return desc
            phrase = head.strip()
        place = trailing_name(phrase)
        # Only a place within a country: "the Republic | of Turkey" and "the Workers | of America" name no one.
        if place is not None and is_place_name(place[1]) and self.country_of(place[1]) is None:
            link = _PLACE_LINK.search(phrase[: place[0]])
            if link is not None and link.start() > 0:
                return self._read(phrase[: link.start()])  # "Sen. Chuck Grassley | of Iowa"
        found = self._name_after_titles(phrase)
        if found is None:
            return self._read_with_organisation_after(phrase)
        offset, name = found
        if self._is_organisation(phrase):
            return None
        lead = phrase[:offset]
        if lead.strip().lower() in _DETERMINERS:
            return None  # "the Associated Press": English puts no article before a person's bare name
        joined = lead.rfind(" and ")
        if joined >= 0 and self._name_after_titles(lead[:joined].strip()) is not None:
            # "President Joko Widodo and Chinese President Xi Jinping": two people; the name read is the last
            # one's, and so are only the words after "and" (the title "and Minister of ..." joins is kept).
            lead = lead[joined + len(" and "):]
        desc = self._describe(lead)
        desc.name, desc.name_offset = name, offset
        abbreviated = _ABBREVIATED_TITLE_END.search(lead)
        if desc.title is None and abbreviated is not None:
            desc.title = abbreviated.group().strip()
        return desc if self._plausible(name) else None

    def _apposed_name(self, head: str, rest: str) -> tuple[int, str] | None:
        """"The Cambodian foreign minister, Prak Sokhonn": a description with a title or a role noun, then
        a comma and nothing but a name. The name's offset in ``rest`` and the name, or None."""
        found = self._name_after_titles(rest.strip())
        if found is None or found[0] != 0:
            return None
        name = found[1]
        if name != rest.strip().rstrip(".,") or not self._plausible(name) or self._is_organisation(name):
            return None
        words = {w.lower() for w in re.findall(r"[\w-]+", head)}
        if not (self.lexicon.title_matcher.find(head) or words & self.lexicon.role_nouns):
            return None
        return rest.index(name), name

    def _read_with_organisation_after(self, phrase: str) -> PersonDescription | None:
        """"Rear Admiral Somchai Rattanakul of the Royal Thai Navy": the name before an organisation."""
        for link in reversed(list(_ORG_AFTER_NAME.finditer(phrase))):
            head, org = phrase[: link.start()], phrase[link.end():]
            if not self._is_organisation(org):
                continue
            found = self._name_after_titles(head)
            if found is None or "," in head:
                return None
            offset, name = found
            desc = self._describe(head[:offset] + phrase[link.start():])
            desc.name, desc.name_offset = name, offset
            return desc if self._plausible(name) else None
        return None

    def _plausible(self, name: str) -> bool:
        words = name.split()
        if not words:
            return False
        if len(words) == 1 and _ACRONYM.fullmatch(name):
            return False  # "CNN", "PAC", "FBI": an organisation's initials, not a person's name
        if any(ch.isdigit() for ch in name):
            return False  # "COVID-19", "G20", "Agenda 2030": no person's name holds a digit
        # "U.S" is "U.S." without its period, a country and no name.
        if any(self.country_of(w) or (w[-1:].isalpha() and "." in w and self.country_of(w + ".")) for w in words):
            return False
        if len(words) > 1 and self.country_of(name):
            return False  # a capital or a country of several words ("Phnom Penh", "Kuala Lumpur")
        if name.lower() in self._titles_lower:
            return False
        last = words[-1].lower()
        plural_role = last.endswith("s") and (
            last[:-1] in self.lexicon.role_nouns or (last.endswith("es") and last[:-2] in self.lexicon.role_nouns)
        )
        if is_member_noun(last) or last in _OWNED_HEADS or plural_role:
            return False  # "Wyoming Republicans", "Hillary Clinton Campaign", "Analysts": a group, not a person
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
        if rest[0].lower() not in ORG_JOINERS:
            return False
        if not all(w[:1].isupper() or w.lower() in ORG_JOINERS for w in rest):
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
        # An ambassador to Laos is not Lao, a consul general in Da Nang is not Vietnamese: the country of a
        # "to" or "in" complement is where the person serves; a country word before the title is theirs.
        country_text = text
        if matches:
            portfolio = self._portfolio(own, matches[-1].end)
            if portfolio is not None:
                title_end = portfolio[1]
                if self._employer(own[portfolio[0]:title_end], own[title_end:]):
                    title_end = matches[-1].end  # "spokesperson | for the Philippine Coast Guard": hers
                elif portfolio[2] == "for":  # "Envoy for Myanmar": the remit, not the envoy's country
                    country_text = text.replace(own[portfolio[0]:title_end], " ")
            else:
                title_end = self._complement_end(own, matches[-1].end, name_follows=False)
                if self._employer(own[matches[-1].end:title_end], own[title_end:]):
                    title_end = matches[-1].end  # "spokesperson | for the Philippine Department of ..."
                elif title_end > matches[-1].end:
                    country_text = text.replace(own[matches[-1].end:title_end], " ")
            posted = _IN_COMPLEMENT.match(own, title_end)
            if posted is not None:
                country_text = country_text.replace(posted.group(), " ")
            title_start = self._qualified_start(own, matches[0].start)
            desc.title = own[title_start:title_end].strip()
            if _FORMER.search(own, 0, title_start) and not _FORMER.search(desc.title):
                desc.title = f"former {desc.title}"  # "Former US President Joe Biden": no president now
            before, after = own[:title_start], own[title_end:]
            desc.organisation = (
                self._organisation(owner) or self._organisation(after) or self._organisation(before)
            )
        else:
            desc.organisation = self._organisation(owner) or self._organisation(own)
        # Else a city or province of one country in a title's words ("Deputy Director of the Lang Son
        # Department ..."): Vietnamese. Not a posting ("Consul General in Ho Chi Minh City"), not without a title
        # ("a critic of the Hong Kong government"), not a leader ("adviser to Xi Jinping").
        desc.iso3 = self._country(country_text)
        if matches and desc.iso3 is not None:
            # Of the country words before the title, the one next to it is the person's: "(Speaking in) Hanoi
            # Chinese Premier Li Qiang" is Chinese; the place before it is where they are.
            before = own[:title_start]
            lead = [iso3 for start, _, iso3, _ in country_spans(before)  # not a posting: "Attache in | Bangkok |"
                    if not POSTING_BEFORE.search(before, 0, start)]
            desc.iso3 = lead[-1] if lead else desc.iso3
        if desc.iso3 is None and matches:
            desc.iso3 = next((code for code, span in find_countries(country_text)
                              if span.text.lower() in place_names()
                              and not POSTING_BEFORE.search(country_text, 0, span.start)
                              and not _TOPIC_AFTER.match(country_text, span.end)), None)
        lowered = [w.lower().strip(",.") for w in text.split()]
        at = next((i for i in range(len(lowered) - 1, -1, -1) if lowered[i] in self.lexicon.role_nouns), None)
        if at is not None:
            # A vice president is no "president": a deputy's role keeps its qualifier.
            deputy = at > 0 and lowered[at - 1] in _DEPUTY_WORDS
            desc.role = f"{lowered[at - 1]} {lowered[at]}" if deputy else lowered[at]
        return desc

    def _employer(self, complement: str, after: str) -> bool:
        """Does a title's "for" complement name the person's employer, an organisation of a country ("for the
        Philippine Coast Guard", "for the Philippine | Department of Foreign Affairs"), rather than a remit or a
        posting ("Envoy for Myanmar", "Ambassador to Laos")?"""
        words = [w.strip(",") for w in complement.split()]
        if not words or words[0].lower() != "for":
            return False
        words = [w for w in words[1:] if w.lower() != "the"]
        if len(words) < 1 or self.country_of(words[0]) is None:
            return False
        # The organisation follows a lone country word: "the Chinese | Foreign Ministry", "the Philippine |
        # Department of Foreign Affairs".
        heads = words[-1:] if len(words) > 1 else re.split(r"[,;]", after, maxsplit=1)[0].split()[:3]
        return any(h.lower() in self._org_heads or h.lower() in _FORCE_HEADS for h in heads)

    def _portfolio(self, text: str, title_end: int) -> tuple[int, int, str] | None:
        """The "of"/"for" complement that names a title's portfolio, ending where its capitalised words end
        ("Minister | of Foreign Affairs and International Cooperation", "Envoy | for Climate Change"), as
        (start, end, link word). None when there is none or when it names an organisation ("Vice Minister
        | of the National Tourism Commission" is the minister's organisation, not his title)."""
        link = _PORTFOLIO_LINK.match(text, title_end)
        if link is None:
            return None
        first = re.match(r"[A-Z][\w'’.-]*", text[link.end():])
        assert first is not None  # the link's lookahead saw a capital letter
        end = link.end() + first.end()
        while step := _PORTFOLIO_STEP.match(text, end):
            # A comma goes on only to another portfolio ("of Higher Education, Science, Research and
            # Innovation"), not to an appositive name ("the Minister of Finance, Jane Doe, said").
            if step.group(1) and step.group(3).lower().rstrip(".") not in self.lexicon.portfolio_words:
                break
            if "of" in step.group(2).split() and self.country_of(_strip_possessive(step.group(3))):
                break  # "Minister of Commerce | of Thailand": whose minister, not the portfolio
            end = step.end()
        complement = text[title_end:end]
        if self._org_head_re.search(complement.lower()):
            return None
        return (title_end, end, link.group(1))

    def _split_at(self, phrase: str) -> int:
        """Where ``phrase`` splits at a comma into a name and what describes it: the first comma that is not
        inside a title's portfolio complement ("Minister of Investment, Trade and Industry ..."); -1
        when there is none."""
        inside = [
            span[:2] for m in self.lexicon.title_matcher.find(phrase)
            if (span := self._portfolio(phrase, m.end)) is not None
        ]
        for comma in re.finditer(",", phrase):
            if not any(start <= comma.start() < end for start, end in inside):
                return comma.start()
        return -1

    def _qualified_start(self, text: str, title_start: int) -> int:
        """Where a title starts with the qualifiers before it ("Special Presidential | Envoy")."""
        start = title_start
        for word in reversed(list(re.finditer(r"[\w'’.-]+", text[:title_start]))):
            if text[word.end():start].strip() or not word.group()[:1].isupper():
                break
            if word.group().lower() not in self.lexicon.title_qualifiers:
                break
            start = word.start()
        return start

    def _organisation(self, text: str) -> str | None:
        text = re.sub(r"^(?:of|at|for|in|with|from)\s+", "", text.strip(), flags=re.I).strip(" ,")
        if not text:
            return None
        words = text.split()
        while words and (words[0].lower() in _DETERMINERS or self.country_of(_strip_possessive(words[0]))):
            words.pop(0)
        if not words:
            return None
        org = _POSTING_AFTER.sub("", " ".join(words))  # "European Union | to Cambodia": where it serves
        low = org.lower()
        if self._org_head_re.search(low):
            return org
        return None


def _without_suffix(words: list[str]) -> list[str]:
    """A name's words without "Jr", "III" ...: the surname is the word before ("John G. Roberts | Jr")."""
    while len(words) > 1 and words[-1].lower() in _NAME_SUFFIXES:
        words = words[:-1]
    return words


def _other_given_name(parts: list[str], names: list[str], not_given: frozenset[str]) -> bool:
    """Do two full names with one surname give different first names ("Arun Okonjo", "Chen Okonjo")? Not an
    initial ("J. Smith"), a short form of the other ("Rob", "Robert"), a title written without its period
    ("Rep McCaul") nor a surname of two words ("Wasserman Schultz", "Debbie Wasserman Schultz")."""
    if len(parts) < 2 or len(names) < 2:
        return False
    shorter, longer = sorted((parts, names), key=len)
    if longer[-len(shorter):] == shorter:
        return False
    first, other = parts[0].rstrip("."), names[0].rstrip(".")
    if first in not_given or other in not_given:
        return False
    return len(first) > 1 and len(other) > 1 and not (first.startswith(other) or other.startswith(first))


# Forms of address and nouns that tell a person's sex, so that "she" skips "Mr. Chipok" ("chairman", said of
# women too, tells nothing).
_ADDRESS_SEX = {
    **dict.fromkeys(("mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "dame", "lady"), "f"),
    **dict.fromkeys(("mr", "mr.", "sir", "lord"), "m"),
}
# "Spokesman" is now and then said of a woman (a Chinese ministry's spokesperson), but in the news far more
# often of a man: it tells only weakly, so "she" goes to another woman first, and to "a spokesman" only when
# the text names no one else it may be.
_WEAK_NOUNS = frozenset({"spokesman"})
_NOUN_SEX = {
    **dict.fromkeys(("spokeswoman", "chairwoman", "congresswoman", "businesswoman", "queen", "princess"), "f"),
    **dict.fromkeys(("spokesman", "congressman", "businessman", "king", "prince"), "m"),
}
_PRONOUN_SEX = {"she": "f", "her": "f", "hers": "f", "he": "m", "him": "m", "his": "m"}


def _sex_of(desc: PersonDescription) -> str | None:
    """"f" or "m" when the description says so: a form of address opening the title ("Ms.", not the "Mr." of
    "a surrogate for Mr. Sanders") or a noun of the title or role ("spokeswoman"); "m~" when only a noun that
    tells weakly says so ("spokesman"); else None."""
    title = (desc.title or "").lower().split()
    found = {_ADDRESS_SEX[title[0]]} if title and title[0] in _ADDRESS_SEX else set()
    nouns = [w for w in (*title, *(desc.role or "").lower().split()) if w in _NOUN_SEX]
    found |= {_NOUN_SEX[w] for w in nouns}
    if len(found) != 1:
        return None
    sex = found.pop()
    return sex + "~" if not (title and title[0] in _ADDRESS_SEX) and all(w in _WEAK_NOUNS for w in nouns) else sex


@dataclass(slots=True)
class PersonRegistry:
    """The persons of one document, merged by name ("Sok Soken", later "Soken")."""

    persons: dict[str, Actor] = field(default_factory=dict)
    excluded: frozenset[str] = frozenset()  # lower-cased names of byline authors and editors
    not_given: frozenset[str] = frozenset()  # lower-cased words that are no first names ("rep", "sen")
    # actor id -> "f" or "m" where a description tells, "m~" where it tells only weakly ("spokesman")
    sexes: dict[str, str] = field(default_factory=dict)

    def learn_sex(self, actor: Actor, desc: PersonDescription) -> None:
        """Keep what a description of ``actor`` says of their sex, if it says anything and nothing (or only
        something weak) was known."""
        sex = _sex_of(desc)
        known = self.sexes.get(actor.id)
        if sex is not None and (known is None or (known.endswith("~") and not sex.endswith("~"))):
            self.sexes[actor.id] = sex

    def agrees(self, actor: Actor, pronoun: str, *, lenient: bool = False) -> bool:
        """May ``pronoun`` ("she", "his") refer to ``actor``? Unless the text said the other ("Mr.", "spokeswoman");
        ``lenient``: unless it said so other than weakly ("spokesman")."""
        sex = self.sexes.get(actor.id)
        if sex is None or (lenient and sex.endswith("~")):
            return True
        return sex[0] == _PRONOUN_SEX.get(pronoun.lower(), sex[0])

    def find(self, name: str) -> Actor | None:
        low = name.lower()
        for actor in self.persons.values():
            if actor.name.lower() == low or low in (a.lower() for a in actor.aliases):
                return actor
        parts = _without_suffix(low.split())
        for actor in self.persons.values():
            names = _without_suffix(actor.name.lower().split())
            if parts and parts[-1] == names[-1] and _other_given_name(parts, names, self.not_given):
                continue  # "Arun Okonjo" is not "Chen Okonjo", nor "Bill Clinton" "Hillary Clinton"
            if parts and (parts[-1] == names[-1] or (len(parts) == 1 and parts[0] in names)):
                return actor
            # "Nurul Aina" after "Nurul Aina Hashim": a leading part of the full name.
            if 1 < len(parts) < len(names) and names[: len(parts)] == parts:
                return actor
            # "Wang Yi" after "Mr Wang" (the source spans are registered before the titled names): the full
            # name of one known by its first part, as Chinese, Khmer and Vietnamese names put the family first.
            if len(names) < len(parts) and parts[: len(names)] == names:
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
        if _is_honorific(actor.title) and desc.title is not None and not _is_honorific(desc.title):
            actor.title = desc.title  # "Foreign Minister" tells more than the "Mr" read first
        self.learn_sex(actor, desc)
        last = _without_suffix(desc.name.split())[-1]
        if last != actor.name and last not in actor.aliases:
            actor.aliases.append(last)
        return actor
