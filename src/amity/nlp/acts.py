"""Reported acts: what a state did, as the writer reports it, made into statements of kind ``act``.

Quotes and reported speech say what leaders *say*; news also reports what states *do*: "Cambodia and
China signed 12 agreements on Monday", "Chinese, Pakistani foreign ministers hold video meeting",
"Canada to provide further military aid for Ukraine". Such a sentence becomes a statement whose speaker
is the acting country, so that indicators count acts next to words.

The reading is deliberately narrow, because a wrong act is worse than a missed one: the sentence is not
part of an attributed statement; its main event cue (the event lexicon's) follows a short subject that
opens the sentence and names a country; and the sentence names a second country that is a party, not
the place ("talks in Vienna"). The bounds are data (``data/lexicons/acts.yaml``). Hand-written because
it works on the pipeline's own mentions and event cues; no library reads acts from them.
"""

from __future__ import annotations

import functools
import logging
import re
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from amity.coding.datafile import data_path, load_yaml_mapping, string_list
from amity.errors import DataFileError
from amity.model import Actor, Evidence, Mention, Sentence, Span, Statement
from amity.nlp.actors import Leader, leader_pattern
from amity.nlp.dateline import match_dateline
from amity.nlp.persons import PersonDescription, slug
from amity.nlp.rules import MONTHS, WEEKDAYS

logger = logging.getLogger(__name__)

EventCue = Callable[[str, int], tuple[str | None, list[Evidence]]]
"""``classify_event``'s shape: (text, offset) -> (PLOVER type or None, evidence with document offsets)."""
PersonRead = Callable[[str], "PersonDescription | None"]
"""``PersonReader.read``'s shape: a phrase ("Chinese President Xi Jinping") -> who it names, or None."""

ACT_CONFIDENCE = 0.6
_WORD = re.compile(r"\w[\w'’.-]*")
# What joins an act to the speech after it: "... in Beijing | and", "... on Monday, | while".
_CLAUSE_LINK = re.compile(r"[\s,;:–—-]*(?:\b(?:and|but|while|where|as|after|before|when|with)\b[\s,]*)?"
                          r"(?:\b(?:the|a|an|both|its|their|his|her)\s*)?$")
_TRAILING_TIME = re.compile(
    r"(?:,?\s+(?:on|last|this|early|late)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month)"
    r"|,?\s+(?:today|yesterday|tonight|also|again|jointly|recently|formally|officially))+$")
_LABEL = re.compile(r"([A-Za-z][A-Za-z ]{0,28}):\s+")  # "Roundup: ", "Xi Focus: "
_BREAKS = frozenset(',;:"“”()[]')  # a subject that needs these is more than a subject
_LEADER_KEY = "leader:"  # actor keys of the leaders read for one document
_JOINERS = frozenset({"and", "&", ",", "-", "–"})
# A titled person between two countries of one subject: "Chinese [President Xi Jinping and] Cambodian ...".
_PERSON_JOIN = re.compile(r"\s+((?:(?:[A-Z][\w.'’-]*|of|for)\s+){0,7}[A-Z][\w.'’-]*)(\s*,\s*|\s+and\s+)$")
# An office between two countries of one subject: "Ukrainian [president, ]British PM discuss ...".
_ROLE_JOIN = re.compile(r"\s+([\w.'’-]+(?:\s+[\w.'’-]+){0,3})(\s*,\s*|\s+and\s+)$")
_TITLE_LINKS = frozenset({"of", "for"})  # lower-case words inside a title ("Secretary of State")


@dataclass(frozen=True, slots=True)
class ActLexicon:
    """The bounds of an act's subject (``data/lexicons/acts.yaml``)."""

    version: int
    openers: frozenset[str]
    headline_labels: frozenset[str]
    max_lead_in_words: int
    max_subject_words: int
    clause_words: frozenset[str]
    place_prepositions: frozenset[str]
    venue_words: frozenset[str]
    state_heads: frozenset[str]
    passive_auxiliaries: frozenset[str]
    passive_participles: frozenset[str]
    passive_followers: frozenset[str]
    topic_words: frozenset[str]
    non_state_words: frozenset[str]
    source_tag_max_words: int

    @classmethod
    def load(cls, path: Path | None = None) -> ActLexicon:
        path = path or data_path("lexicons", "acts.yaml")
        raw = load_yaml_mapping(path)
        numbers = {}
        for key in ("max_lead_in_words", "max_subject_words", "source_tag_max_words"):
            value = raw.get(key)
            if not isinstance(value, int) or isinstance(value, bool) or value < 0:
                raise DataFileError(f"field '{key}' must be a whole number >= 0", input=str(path),
                                    hint=f"write '{key}: 4'")
            numbers[key] = value
        version = raw["version"]
        if not isinstance(version, int):
            raise DataFileError("field 'version' must be an integer", input=str(path), hint="write 'version: 1'")

        def words(key: str) -> frozenset[str]:
            return frozenset(w.lower() for w in string_list(raw.get(key), path, key, allow_empty=False))

        return cls(
            version=version, openers=words("openers"), headline_labels=words("headline_labels"),
            clause_words=words("clause_words"),
            place_prepositions=words("place_prepositions"), venue_words=words("venue_words"),
            state_heads=words("state_heads"),
            passive_auxiliaries=words("passive_auxiliaries"), passive_participles=words("passive_participles"),
            passive_followers=words("passive_followers"), topic_words=words("topic_words"),
            non_state_words=words("non_state_words"),
            max_lead_in_words=numbers["max_lead_in_words"], max_subject_words=numbers["max_subject_words"],
            source_tag_max_words=numbers["source_tag_max_words"],
        )


@functools.cache
def default_lexicon() -> ActLexicon:
    return ActLexicon.load()


class ActReader:
    """Finds reported acts in an annotated document; build once and reuse."""

    def __init__(self, classify: EventCue, lexicon: ActLexicon | None = None,
                 read_person: PersonRead | None = None, leaders: dict[str, Leader] | None = None) -> None:
        """``leaders``: names that stand for a country's leader while in office ("Xi": China's President), so
        that "Xi meets Cambodian PM" is an act of Xi's."""
        self.classify = classify
        self.lexicon = lexicon or default_lexicon()
        self.read_person = read_person
        self.leaders = dict(leaders or {})
        self._leader_re = leader_pattern(self.leaders)

    def find(self, text: str, sentences: Sequence[Sentence], mentions: Sequence[Mention],
             actors: dict[str, Actor], covered: Sequence[tuple[int, int]], day: date | None = None) -> list[Statement]:
        """The act statements of a document published on ``day``; ``covered`` are the spans of its attributed
        statements (their content, cue and speaker), which an act's subject and cue must stay out of."""
        actors = dict(actors)  # leaders join as actors of their own, for this reading only
        found = [m for m in mentions if _country(actors.get(m.actor_id))]
        countries = sorted(found + self._leader_mentions(text, actors, mentions, day), key=lambda m: m.start)
        if len({actors[m.actor_id].iso3 for m in countries}) < 2:
            return []  # the common case for a single-country story: nothing to read
        starts = [m.start for m in countries]
        acts: list[Statement] = []
        for sentence in sentences:
            first, last = bisect_left(starts, sentence.start), bisect_left(starts, sentence.end)
            inside = [m for m in countries[first:last] if m.end <= sentence.end]
            if len({actors[m.actor_id].iso3 for m in inside}) < 2:
                continue
            act = self._read(text, sentence, inside, actors, covered)
            if act is not None:
                acts.append(act)
        return acts

    def _leader_mentions(self, text: str, actors: dict[str, Actor], mentions: Sequence[Mention],
                         day: date | None) -> list[Mention]:
        """Leaders in office on ``day`` named in ``text`` (not inside another mention), added to ``actors`` as
        persons with the title they held then."""
        if self._leader_re is None:
            return []
        out = []
        for match in self._leader_re.finditer(text):
            if any(m.start < match.end() and match.start() < m.end for m in mentions):
                continue
            name = match.group()
            leader = self.leaders[name]
            title = leader.title_on(day)
            if title is None:
                continue  # out of office then: "Biden met Xi" in 2026 is no act of the United States
            key = f"{_LEADER_KEY}{name}"
            actors.setdefault(key, Actor(id=f"person:{slug(name)}", name=name, type="person", iso3=leader.iso3,
                                         title=title))
            out.append(Mention(key, match.start(), match.end(), name, "name"))
        return out

    def _read(self, text: str, sentence: Sentence, inside: list[Mention], actors: dict[str, Actor],
              covered: Sequence[tuple[int, int]]) -> Statement | None:
        opening = self._opening(text, sentence, inside, actors)
        if not opening:
            return None  # checked first: most sentences fail here, before the event lexicon is run
        event, evidence = self.classify(text[sentence.start:sentence.end], sentence.start)
        if event is None or not evidence or _is_modal(evidence[0].cue):
            return None  # no event, or a modal ("must", "need to", "have to"): a demand, not an act
        cue = evidence[0]
        subject = self._subject(text, opening, cue.start)
        if not subject or self._acted_upon(text, cue, sentence.end) or self._source_tag(text, cue.end, sentence.end):
            return None
        # Speech in the same sentence is its own statement; the act stands if its subject and cue are not
        # part of it ("Britain mobilised reservists on Tuesday while inspectors said they needed time").
        if any(a < cue.end and subject[0].start < b for a, b in covered):
            return None
        parties = {actors[m.actor_id].iso3 for m in subject}
        later = [m for m in inside if m.start > subject[-1].end and not names_a_place(text, m, self.lexicon)]
        hosts = host_countries(text, later, self.lexicon)
        parties.update(actors[m.actor_id].iso3 for m in later if m.start not in hosts)
        if len(parties) < 2:  # a host country is a party only when it is needed as one ("China held talks in Vietnam")
            parties.update(actors[m.actor_id].iso3 for m in later)
        if len(parties) < 2:
            return None
        first = subject[0]
        speaker, speaker_span = actors[first.actor_id], Span(first.start, first.end, first.text)
        found = self._first_person(text, subject, cue.start) if speaker.type == "country" else None
        if found is not None:
            if not self._holds_state_office(text, first, found[1]):
                return None  # a company's chairman or president acts for the company, not the state
            person = self._person(found, first, speaker)
            if person is not None:
                speaker, speaker_span = person
        dateline = match_dateline(text, sentence.start, sentence.end)  # what was done, not where it was filed
        start = dateline.end if dateline is not None else sentence.start
        # Speech later in the sentence is its own statement, not part of the act: "Xi met Hun Manet in Beijing
        # | and the two sides pledged to ..." (counted twice otherwise).
        end = min((a for a, _ in covered if cue.end <= a < sentence.end), default=sentence.end)
        if end < sentence.end:
            end = start + len(_CLAUSE_LINK.sub("", text[start:end]))
        return Statement(
            content=Span(start, end, text[start:end]),
            kind="act",
            speaker=speaker,
            speaker_span=speaker_span,
            cue=Span(cue.start, cue.end, cue.text),
            confidence=ACT_CONFIDENCE,
        )

    @staticmethod
    def _person(found: tuple[str, PersonDescription], first: Mention, country: Actor) -> tuple[Actor, Span] | None:
        """The titled person a subject names first ("Chinese President Xi Jinping met ...", "Chinese President
        Xi Jinping and Cambodian Prime Minister Hun Manet held ..."), who then acts rather than the country, so
        that indicators weigh the act by the person's rank; ``found`` is :meth:`_first_person`'s reading."""
        phrase, desc = found
        if desc.iso3 not in (None, country.iso3):
            return None
        person = Actor(id=f"person:{slug(desc.name)}", name=desc.name, type="person", iso3=country.iso3,
                       title=desc.title, role=desc.role, organisation=desc.organisation)
        return person, Span(first.start, first.start + len(phrase), phrase)

    def _first_person(self, text: str, subject: list[Mention],
                      cue_start: int) -> tuple[str, PersonDescription] | None:
        """The phrase from the subject's first country to its person's name, read, when it names a titled person."""
        if self.read_person is None:
            return None
        start = subject[0].start
        end = cue_start
        if len(subject) > 1:  # "Chinese President Xi Jinping and Cambodian Prime Minister Hun Manet held talks"
            cut = self._person_joined(text, subject[0], text[subject[0].end:subject[1].start])
            if cut is None:
                return None
            end = subject[0].end + cut
        phrase = _TRAILING_TIME.sub("", text[start:end].rstrip())  # "... Joe Biden on Monday"
        desc = self.read_person(phrase)
        if desc is None or desc.title is None:
            return None
        return phrase, desc

    def _holds_state_office(self, text: str, country: Mention, desc: PersonDescription) -> bool:
        """Is the person of "<country> <title> <name>" an official of the state: a title from ``state_heads``,
        in no private organisation, and no other name before the person's ("Chinese Huawei President Ren
        Zhengfei" is a company's president)?"""
        heads = self.lexicon.state_heads
        organisation = (desc.organisation or "").split()
        if organisation and not any(w.lower() in heads for w in organisation):
            return False
        title = (desc.title or "").split()
        if not any(w.lower() in heads for w in title + organisation):
            return False
        explained = {w.lower() for w in title + organisation}
        between = text[country.end:country.start + desc.name_offset].split()
        # A capitalised word the title does not explain names something else ("Huawei", "Toyota"); lower-case
        # ones qualify the office ("junior foreign minister").
        return all(w.lower() in explained or not w[:1].isupper() for w in between)

    def _opening(self, text: str, sentence: Sentence, inside: list[Mention],
                 actors: dict[str, Actor]) -> list[Mention]:
        """The countries that open the sentence, joined ("Cambodia and China", "Chinese, Pakistani"), after
        any dateline, headline label ("Roundup:"), short lead-in ("On Monday,") and article, or a leader's
        title ("President Xi"); [] if the sentence opens otherwise."""
        start = sentence.start
        dateline = match_dateline(text, start, sentence.end)
        if dateline is not None:
            start = dateline.end
        label = _LABEL.match(text, start, sentence.end)
        if label and " ".join(label.group(1).lower().split()) in self.lexicon.headline_labels:
            start = label.end()
        after = [m for m in inside if m.start >= start]
        if not after:
            return []
        lead = text[start:after[0].start]
        if "," in lead:  # "On Monday, China and Laos signed": a short lead-in without a country
            head, _, lead = lead.rpartition(",")
            if len(_WORD.findall(head)) > self.lexicon.max_lead_in_words:
                return []
        lead_words = [w.lower() for w in _WORD.findall(lead)]
        if (len(lead_words) > 1 or (lead_words and lead_words[0] not in self.lexicon.openers)) and not (
                self._leader_title(lead, after[0], actors) or self._offices_of(lead_words)):
            return []
        opening = [after[0]]
        for mention in after[1:]:
            if self._titled_leader_of(text, opening[-1], mention):
                continue  # "Chinese President [Xi Jinping]": the country's own person, read with it
            between = text[opening[-1].end:mention.start]
            if not (_joins(between) or self._role_joined(opening[-1], between)
                    or self._person_joined(text, opening[-1], between) is not None):
                break
            opening.append(mention)
        return opening

    def _leader_title(self, lead: str, first: Mention, actors: dict[str, Actor]) -> bool:
        """Is ``lead`` the title of the leader named right after it ("President Xi", "Prime Minister Hun
        Manet", "PM Modi")? Words of the title the leader held that day, or of ``state_heads``, capitalised."""
        actor = actors.get(first.actor_id) if first.actor_id.startswith(_LEADER_KEY) else None
        if actor is None:
            return False
        words = _WORD.findall(lead)
        if words and words[0].lower() in self.lexicon.openers:
            words = words[1:]
        title = {w.lower() for w in (actor.title or "").split()}
        return 0 < len(words) <= 4 and all(
            w[:1].isupper() and (w.lower() in title or w.lower() in self.lexicon.state_heads) for w in words)

    def _offices_of(self, lead_words: list[str]) -> bool:
        """Is the lead an office of the countries that follow ("Leaders of Egypt, Bahrain, Jordan discuss ...",
        "Foreign ministers of China, Laos meet ...")?"""
        return 2 <= len(lead_words) <= 3 and lead_words[-1] == "of" and lead_words[-2] in self.lexicon.state_heads

    def _titled_leader_of(self, text: str, country: Mention, mention: Mention) -> bool:
        """Is ``mention`` a leader of ``country`` named after it with only a title between ("Chinese President Xi")?"""
        leader = self.leaders.get(mention.text) if mention.actor_id.startswith(_LEADER_KEY) else None
        if leader is None or leader.iso3 != country.actor_id:
            return False
        between = text[country.end:mention.start].split()
        return 0 < len(between) <= 6 and all(w[:1].isupper() or w in _TITLE_LINKS for w in between)

    def _role_joined(self, country: Mention, between: str) -> bool:
        """Does ``between`` hold an office of ``country`` and then join the next country ("Ukrainian| president,
        |British PM discuss ...", "Chinese| foreign minister and |Cambodian ...")?"""
        match = _ROLE_JOIN.match(between)
        if match is None or country.kind not in ("adjective", "acronym"):
            return False
        words = [w.lower() for w in match.group(1).split()]
        return words[-1] in self.lexicon.state_heads and not _ends_subject(words, self.lexicon)

    def _person_joined(self, text: str, country: Mention, between: str) -> int | None:
        """Where the joiner starts in ``between`` when it holds a titled person of ``country`` and then joins
        the next country ("Chinese| President Xi Jinping and |Cambodian Prime Minister Hun Manet held talks");
        None otherwise."""
        match = _PERSON_JOIN.match(between)
        if match is None or self.read_person is None or country.kind not in ("adjective", "acronym"):
            return None
        desc = self.read_person(text[country.start:country.end + match.end(1)])
        if desc is None or desc.title is None or not self._holds_state_office(text, country, desc):
            return None
        return match.start(2)

    def _subject(self, text: str, opening: list[Mention], cue_start: int) -> list[Mention]:
        """The opening countries before the cue, if only a few words of one clause separate them from it."""
        subject = [m for m in opening if m.end <= cue_start]
        if not subject:
            return []
        tail = text[subject[-1].end:cue_start]
        tail_words = [w.lower() for w in _WORD.findall(tail)]
        if len(tail_words) > self.lexicon.max_subject_words or any(c in _BREAKS for c in tail):
            return []
        lex = self.lexicon
        if _ends_subject(tail_words, lex):
            return []
        if tail_words and tail_words[-1] in lex.passive_auxiliaries and _participle(text, cue_start):
            return []  # "Ukraine was attacked by Russia": the subject is acted upon
        if all(m.kind == "adjective" for m in subject) and not any(w in lex.state_heads for w in tail_words):
            return []  # "Chinese tourists visit Thailand": people of a country, not its state
        return subject

    def _acted_upon(self, text: str, cue: Evidence, end: int) -> bool:
        """A headline passive: "U.S. urged to stop ...", "Japan warned of ...", "... attacked by Russia"."""
        after = _WORD.findall(text[cue.end:min(end, cue.end + 40)])
        if after and after[0].lower() == "by":
            return True
        first = _WORD.match(text, cue.start)
        if first is None or first.group().lower() not in self.lexicon.passive_participles:
            return False
        following = _WORD.findall(text[first.end():min(end, first.end() + 40)])
        return bool(following) and following[0].lower() in self.lexicon.passive_followers

    def _source_tag(self, text: str, cue_end: int, end: int) -> bool:
        """A headline that ends with its source ("...: Chinese FM") reports a claim, not an act."""
        colon = text.rfind(":", cue_end, end)
        return colon >= 0 and len(_WORD.findall(text[colon + 1:end])) <= self.lexicon.source_tag_max_words



def names_a_place(text: str, mention: Mention, lexicon: ActLexicon | None = None) -> bool:
    """A capital after "in", shortly after a venue word, names where something happened, not a party ("talks
    in Jakarta", "met in Beijing on Monday").

    Country names are left alone ("invest in Vietnam" makes Vietnam a party), and so is a capital with no
    venue word before it ("concern in Washington" is the US government's).
    """
    return mention.kind == "capital" and is_venue(text, mention.start, lexicon)


def is_venue(text: str, start: int, lexicon: ActLexicon | None = None) -> bool:
    """Does a place named at ``start`` follow "in" shortly after a venue word ("talks in ___")?"""
    lex = lexicon or default_lexicon()
    words = [w.lower() for w in _WORD.findall(text[max(0, start - 80):start])]
    if not words or words[-1] not in lex.place_prepositions:
        return False
    return any(w in lex.venue_words for w in words[-6:-1])


_HOST_PREPOSITIONS = frozenset({"in", "inside"})
# Words that open another phrase between a venue word and "in": "talks on the war in Ukraine", "summit to
# invest in Laos" name the topic or the target, not the place.
_PHRASE_OPENERS = frozenset({"to", "of", "for", "about", "over", "against", "into", "on", "with", "at", "from", "by",
                             "after", "before", "amid", "toward", "towards", "and", "or", "that", "which", "who"})
_TIME_WORDS = WEEKDAYS | MONTHS | frozenset({
    "today", "yesterday", "week", "weekend", "month", "year", "morning", "afternoon", "evening", "night", "this",
    "last", "next", "earlier", "later",
})


def host_countries(text: str, mentions: Sequence[Mention], lexicon: ActLexicon | None = None) -> set[int]:
    """The starts of the country *names* that say where something happened: right after "in", with only a
    time between it and a venue word ("held talks in Singapore", "met on Monday in Singapore", and the
    places listed after one: "in Singapore and Malaysia"). Not "talks on the war in Ukraine" nor "a summit
    to invest in Laos", whose country is the topic or the target."""
    lex = lexicon or default_lexicon()
    hosts: set[int] = set()
    previous: Mention | None = None
    for mention in sorted(mentions, key=lambda m: m.start):
        if mention.kind in ("name", "alias", "acronym"):
            between = text[previous.end:mention.start].strip(" ,").lower() if previous is not None else None
            if previous is not None and previous.start in hosts and between in ("", "and"):
                hosts.add(mention.start)  # "in Singapore and Malaysia"
            elif _after_venue(text, mention.start, lex):
                hosts.add(mention.start)
        previous = mention
    return hosts


def _after_venue(text: str, start: int, lex: ActLexicon) -> bool:
    words = [w.lower() for w in _WORD.findall(text[max(0, start - 80):start])]
    if not words or words[-1] not in _HOST_PREPOSITIONS:
        return False
    for i in range(len(words) - 2, max(-1, len(words) - 8), -1):
        word = words[i]
        if word in lex.venue_words:
            return True
        if word in _TIME_WORDS or word.isdigit():
            continue
        if word == "on" and i + 1 < len(words) - 1 and (words[i + 1] in _TIME_WORDS or words[i + 1].isdigit()):
            continue  # "met on Monday in Singapore"
        if word in _PHRASE_OPENERS:
            return False
    return False


def _ends_subject(words: list[str], lex: ActLexicon) -> bool:
    """Does one of ``words`` (lower-case) take them out of a subject: a clause word ("said", "that"), a topic
    ("position", "plan") or people who are not the state ("tourists", "company")?"""
    return any(w in lex.clause_words or w in lex.topic_words or w in lex.non_state_words for w in words)


def _participle(text: str, start: int) -> bool:
    word = _WORD.match(text, start)
    return word is not None and word.group().lower().endswith(("ed", "en", "wn", "ung", "ought"))


def _is_modal(cue: str) -> bool:
    """The event lexicon's notes: "obligation: must" (a bare modal), "hold+ talks [obligation]" (need to...)."""
    return cue.startswith("obligation") or "[obligation" in cue


def _country(actor: Actor | None) -> bool:
    return actor is not None and actor.type == "country" and bool(actor.iso3)


def _joins(between: str) -> bool:
    """Two countries of one subject: "China and Laos", "China, Laos", "Chinese, Pakistani"."""
    if not between.strip():
        return True
    words = between.replace(",", " , ").split()
    return all(w.lower() in _JOINERS for w in words)
