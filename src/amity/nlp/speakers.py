"""Speaker resolution: from the span that refers to a source ("he", "the diplomat", "Soken",
"a Cambodian diplomat", "the ministry", "Beijing") to an actor.

A small salience model written for news style rather than a general coreference system (those need
parsers and would break the speed budget): names are read with their titles (``amity.nlp.persons``) and
merged by surname; pronouns go to the person who spoke last (or was named last); nominals go to the latest
person with that role (a deputy's for "the vice president"), or forward to the person the article introduces
next when the lede refers to someone before naming them ("a Cambodian diplomat has said ..."); "we" goes to
the country a speech speaks for rather than to an organisation it merely quotes. Byline authors and editors
are never speakers unless the text names them as a source. A name in a title-case line (a headline: "Tim
Kaine Fully Embraced ...") is read against the names the rest of the text gives, as case does not tell where
it ends.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable
from dataclasses import dataclass

from amity.coding.relevance import gazetteer
from amity.model import Actor, Analysis, Document, Mention, Sentence, Statement
from amity.nlp.cues import AttributionLexicon
from amity.nlp.persons import (
    CALENDAR_WORDS,
    LINKED_NAME,
    ORG_JOINERS,
    POSTING_BEFORE,
    PersonDescription,
    PersonReader,
    PersonRegistry,
    is_member_noun,
    is_place_name,
    slug,
)
from amity.nlp.rules import STOP_WORDS, Candidate

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his"})
GROUP_PRONOUNS = frozenset({"they", "it", "we", "its", "their"})
_DETERMINERS = ("the ", "a ", "an ", "this ", "that ", "another ")
# Words before which an organisation's own words cannot reach ("a statement from | the | Thai navy").
_NP_OPENERS = frozenset({"the", "a", "an", "this", "that", "its", "their", "from", "by", "of", "to", "at", "in",
                         "with", "for", "on", "according"})
# A name after a title, with its initials ("Joseph R. Biden"), at most four words.
# A particle is a word of its own before another name word ("Mrs. Clinton | delivered", "Bill de Blasio").
_CAP_NAME = re.compile(r"\b([A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|[A-Z]\.|(?:de|van|von|bin|al)(?=\s+[A-Z]))){0,3})")
# How far after a title its name is looked for: room for a long complement ("High Representative | for
# Foreign Affairs and Security Policy Josep Borrell").
_NAME_WINDOW = 120
# Sources named together: "Xi Jinping and Hun Manet", "Mr. Grassley, Mr. Leahy and Mr. Cornyn".
_CONJUNCTION = re.compile(r",\s+(?:and\s+)?|\s+and\s+")
_AND = re.compile(r"\s+and\s+")
_LINE_WORD = re.compile(r"[^\W\d_][\w'’-]*")
_ARTICLE_SURNAME = re.compile(r"[Tt]he\s+([A-Z][\w'’-]+)")
# Capitalised words right before a title: its owner or adjective ("Cambodian | Minister"), with the
# complement of an earlier title among them ("Chinese Defence Attache in Bangkok | Senior Colonel").
_OWNER_BEFORE_TITLE = re.compile(r"((?:[A-Z][\w'’.-]*\s+(?:(?:in|to)\s+(?=[A-Z]))?){0,6})$")
# Plural nouns for a government's people: with a country's adjective they speak for it ("Chinese officials").
_OFFICIAL_GROUPS = frozenset({"officials", "diplomats", "authorities", "negotiators", "ministers", "envoys",
                              "delegates", "spokespeople", "spokespersons"})
# Words of a group that does not speak for its country's state, whatever its nationality.
_NOT_THE_STATE = frozenset({
    "former", "ex", "exiled", "retired", "opposition", "dissident", "dissidents", "protesters", "protestors",
    "activists", "netizens", "students", "residents", "villagers", "workers", "fishermen", "farmers",
    "experts", "analysts", "scholars", "academics", "investors", "businesses", "companies", "tourists",
    "lawmakers", "legislators", "senators", "rebels", "critics", "voters", "citizens", "nationals",
})
# A name opening a sentence as its subject, before a lower-case verb: "Ms. Brainard | joined ...".
_SUBJECT_NAME = re.compile(r"(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}(?=\s+[a-z])")
# Words that make a longer place's name of a place's ("Northern Iowa", "New Hampshire"), not a given name.
_PLACE_QUALIFIERS = frozenset({
    "north", "south", "east", "west", "northern", "southern", "eastern", "western", "central", "upper", "lower",
    "new", "old", "greater", "great", "little", "saint", "san", "santa", "fort", "port", "mount", "lake", "cape",
    "inner", "outer", "coastal", "rural", "downtown", "metro", "the", "this", "that", "his", "her", "their", "its",
    "our", "my", "your", "every", "all", "many", "most", "some",
})
_PLACE_PREPOSITION = re.compile(r"\b(?:of|in|from|to|at)\s+$")  # "the University of | Northern Iowa"
# An adverbial before a sentence's subject: "In 1986,", "On Monday,", "Last week,", "Earlier this year,".
_SENTENCE_OPENER = re.compile(r"(?:In|On|At|Last|Earlier|Later|During|After|Before|Since|By)\b[^,.;:\n]{0,40},\s+")
_HEADLINE_CHARS = 300  # a longer line is a paragraph, not a headline
# The owner before a name: "Schlafly’s | Final Column".
_OWNER = re.compile(r"([A-Z][\w-]*)[’']s?\s+$")


def _is_title_case(line: str) -> bool:
    """Is every word of four letters or more in ``line`` capitalised, with four or more such words?"""
    long_words = 0
    for word in _LINE_WORD.finditer(line):
        if len(word.group()) > 3:
            if not word.group()[0].isupper():
                return False
            long_words += 1
    return long_words >= 4


def _organisation_name(phrase: str, head: str, country_of: Callable[[str], str | None]) -> str:
    """"a statement issued by the Thai Foreign Ministry" -> "Foreign Ministry": the capitalised run that
    ends with the head noun, without a leading country adjective; else the phrase without its article."""
    words = phrase.split()
    heads = [i for i, w in enumerate(words) if re.sub(r"[^\w-]", "", re.sub(r"[’']s\W*$", "", w)) == head]
    if heads and words[heads[-1]].endswith(",") and not words[heads[-1]][:1].isupper():
        # "The agency, Xinhua,": the proper name in apposition names the organisation.
        apposed: list[str] = []
        for w in words[heads[-1] + 1:]:
            if not w[:1].isupper():
                break
            apposed.append(w)
            if w.endswith(","):
                break
        if apposed:
            return " ".join(apposed).strip(",:;")
    if heads and words[heads[-1]][:1].isupper():
        idx = heads[-1]
        start = idx
        while start > 0 and words[start - 1][:1].isupper() and not words[start - 1].endswith((",", ":")):
            start -= 1
        while start < idx and (
            words[start].lower() in ("the", "a", "an") or country_of(re.sub(r"[’']s$", "", words[start]))
        ):
            start += 1
        end = idx + 1
        if not re.search(r"[’']s$", words[idx]):
            # The head's capitalised complement belongs to the name ("Ministry of Education, Youth and Sport").
            while end < len(words) and (words[end][:1].isupper() or words[end].lower() in ORG_JOINERS):
                end += 1
            while end > idx + 1 and words[end - 1].strip(",").lower() in ORG_JOINERS:
                end -= 1
        return re.sub(r"[’']s$", "", " ".join(words[start:end]).strip(",:;"))
    if heads:
        # "a statement from the Indonesian foreign ministry" -> "Indonesian foreign ministry": the words
        # that modify the head, after the last article or preposition before it.
        idx = heads[-1]
        start = idx
        while start > 0 and words[start - 1].lower() not in _NP_OPENERS and not words[start - 1].endswith((",", ":")):
            start -= 1
        return re.sub(r"[’']s$", "", " ".join(words[start:idx + 1]).strip(",:;"))
    return re.sub(r"^(?:the|a|an)\s+", "", phrase, flags=re.I)


_DEPUTIES = frozenset({"vice", "deputy", "assistant", "under"})
_SUBORDINATE = _DEPUTIES | {"former"}


def _has_role(actor: Actor, role: str, deputy: str | None = None) -> bool:
    """Is ``actor`` "the <role>" ("the president"): the role read, or a title ending in it, and not a deputy's
    or a former holder's title ("Vice President" is not "the president")? With ``deputy`` ("the vice
    president", "the deputy secretary-general"), the deputy of that kind is: the role read with that word, or
    a title with that word and the role."""
    title = (actor.title or "").lower()
    title_words = set(title.replace("-", " ").split())
    if deputy is not None:
        return actor.role == f"{deputy} {role}" or (deputy in title_words and role in title)
    if title_words & _SUBORDINATE:
        return False
    return actor.role == role or title.endswith(role)


_READERS: list[tuple[AttributionLexicon, Callable[[str], str | None], PersonReader]] = []


def person_reader(lexicon: AttributionLexicon, country_of: Callable[[str], str | None]) -> PersonReader:
    """One reader per lexicon, shared by the documents: it remembers the phrases it has read."""
    for known, known_country_of, reader in _READERS:
        if known is lexicon and known_country_of is country_of:
            return reader
    reader = PersonReader(lexicon, country_of)
    _READERS.append((lexicon, country_of, reader))
    if len(_READERS) > 4:
        _READERS.pop(0)
    return reader


@dataclass(slots=True)
class _Seen:
    position: int
    actor: Actor
    speaker: bool


def _is_international(actor: Actor) -> bool:
    """Is ``actor`` an organisation of no one country (the United Nations, ASEAN, the ICC)?"""
    return actor.type == "organisation" and actor.iso3 is None


class SpeakerResolver:
    """Resolve the sources of one document's attributions, in text order."""

    def __init__(
        self,
        lexicon: AttributionLexicon,
        document: Document,
        sentences: list[Sentence],
        mentions: list[Mention],
        actors: dict[str, Actor],
    ) -> None:
        from amity.nlp.actors import country_of

        self.lexicon = lexicon
        self.text = document.text
        self.sentences = sentences
        self.sentence_starts = [sentence.start for sentence in sentences]
        self.mentions = sorted(mentions, key=lambda m: m.start)
        self.mention_starts = [m.start for m in self.mentions]
        self.actors = actors
        self.reader = person_reader(lexicon, country_of)
        self.country_of = country_of
        excluded = [a for a in document.authors if a] + ([document.editor] if document.editor else [])
        self.registry = PersonRegistry(
            excluded=frozenset(e.lower() for e in excluded), not_given=self.reader.not_given
        )
        self.seen: list[_Seen] = []  # persons and groups by position of mention
        self.first_mention: dict[str, int] = {}
        self._organisations: dict[str, Actor] = {}
        self._named_groups: dict[tuple[int, int], Actor | None] = {}  # source span -> the group it names
        self._country_sources: dict[str, int] = {}  # how often each country is a source by its name
        self._mention_counts: dict[str, int] | None = None  # how often each country is named, counted when asked
        self._titled: dict[int, tuple[int, Actor]] = {}  # end of a titled name -> (start of its phrase, person)
        self._title_case_lines: list[tuple[int, int]] | None = None  # (start, end), read when first asked

    # ------------------------------------------------------------------ pre-pass
    def prepare(self, candidates: list[Candidate]) -> None:
        """Register every person the document names (as a source or with a title) before resolving.

        A country read with a title wins: the whole title phrase ("U.S. Consul General in Da Nang Robert
        Ellery") tells more than a source span that starts inside it ("Da Nang Robert Ellery").
        """
        headlines: list[tuple[int, int]] = []
        for cand in candidates:
            if cand.source is None:
                continue
            s, e = cand.source
            self._count_country_source(s, e)
            if self._in_title_case_line(s):
                headlines.append((s, e))  # read against the names the body gives
                continue
            self._register_person(s, e, speaker=True)
        for m in self.lexicon.title_matcher.find(self.text):
            after = self.text[m.end:m.end + _NAME_WINDOW]
            if m.end + _NAME_WINDOW < len(self.text) and self.text[m.end + _NAME_WINDOW].isalnum():
                after = after[: max(after.rfind(" "), 0)]  # no name cut inside a word ("Prak Sokho")
            name = _CAP_NAME.match(after.lstrip()) or LINKED_NAME.match(after.lstrip())
            if name is None or not m.text[:1].isupper():
                continue
            name_end = self._name_end(after.lstrip(), name)
            if name_end is None:
                continue
            start = m.start
            # The sentence's start, not the last ". ": "U.S. Consul General" keeps its "U.S.".
            at = bisect.bisect_right(self.sentence_starts, start) - 1
            line_start = max(self.text.rfind("\n", 0, start) + 1, self.sentence_starts[at] if at >= 0 else 0)
            # Include a possessive owner or adjective right before the title ("Cambodian ... Minister").
            head = self.text[line_start:start]
            # ... and a title with its posting before that ("Chinese Defence Attache in Bangkok | Senior Colonel
            # Huang Rui" is Chinese, not Thai).
            owner = _OWNER_BEFORE_TITLE.search(head)
            if owner and owner.group(1):
                start -= len(owner.group(1))
            end = m.end + (len(after) - len(after.lstrip())) + name_end
            titled = self._register_person(start, end, speaker=False, titled=True)
            if titled is not None:
                self._titled[end] = (start, titled)
        for s, e in headlines:
            desc = self.reader.read(self.text[s:e])
            known = self._known_in_headline(self.text[s:e], desc) if desc is not None else None
            if known is not None:
                self.first_mention[known.id] = min(self.first_mention.get(known.id, s), s)
            else:
                self._register_person(s, e, speaker=True)

    def _in_title_case_line(self, position: int) -> bool:
        """Is the line at ``position`` written in title case, as headlines are ("Tim Kaine Fully Embraced
        Abortion When ...")? Every word of four letters or more is capitalised, and there are four or more."""
        if self._title_case_lines is None:
            self._title_case_lines = []
            start = 0
            for line in self.text.split("\n"):
                if len(line) <= _HEADLINE_CHARS and _is_title_case(line):
                    self._title_case_lines.append((start, start + len(line)))
                start += len(line) + 1
        lines = self._title_case_lines
        at = bisect.bisect_right(lines, (position, len(self.text))) - 1
        return at >= 0 and lines[at][0] <= position < lines[at][1]

    def _known_in_headline(self, phrase: str, desc: PersonDescription) -> Actor | None:
        """The person a name in a title-case line refers to, told by the names the rest of the text gives:
        case does not tell where a headline's name ends ("Tim Kaine Fully", "Billionaire Donald Trump"), so
        the longest run of its words the text names a person by. The possessive owner of a name without a
        title counts ("Schlafly’s Final Column"). A run inside the name read keeps the name's words before
        it ("Tim Kaine Fully" and "Kaine" give "Tim Kaine"); a run the reading ends with is read as usual
        ("Rush Limbaugh" and "Limbaugh"); a run before an office word is an owner ("Former Clinton Pollster").
        None when the text names no such person."""
        names = desc.name.split()
        words = list(names)
        offset = 0
        owner = _OWNER.search(phrase[: desc.name_offset])
        if owner is not None and desc.title is None and desc.role is None:
            words.insert(0, owner.group(1))
            offset = 1
        persons = list(self.registry.persons.values())
        for size in range(len(words), 0, -1):
            for i in range(len(words) - size + 1):
                key = " ".join(words[i:i + size]).lower()
                for actor in persons:
                    if actor.name.lower() == key or key in (a.lower() for a in actor.aliases) or (
                        size == 1 and actor.name.lower().split()[-1] == key
                    ):
                        if i + size == len(words):  # a full name known stays; a surname known gets the first name
                            return actor if len(actor.name.split()) > 1 else self.registry.add(desc)
                        if self.reader.is_office_word(words[i + size]):
                            continue
                        if i >= offset:
                            found = desc.copy()
                            found.name = " ".join(names[: i - offset + size])
                            return self.registry.add(found)
                        return actor
        return None

    def _name_end(self, after: str, name: re.Match[str]) -> int | None:
        """Where the name after a title ends in ``after``: before a reporting verb in title case ("Speaker
        Paul Ryan | Says ..."), else where the match ends. None when a run of capitalised words goes on past
        the longest name: title-case text (a headline, "Speaker Paul Ryan Joins Growing List of ...") does
        not tell where the name ends."""
        if name.re is not _CAP_NAME:
            return name.end()
        for word in re.finditer(r"\S+", name.group()):
            if word.start() > 0 and self.reader.is_headline_verb(word.group().rstrip(".,:;")):
                return name.start() + len(name.group()[: word.start()].rstrip())
        if re.match(r"[ \t]+[A-Z]", after[name.end():]):
            return None
        return name.end()

    def _names_place(self, desc: PersonDescription) -> bool:
        """Does the name read as a person's name a place or a date rather than a person? A place ("Iowa",
        "New Hampshire said"), a month or a weekday ("figures released in May"), or one word owned by a place
        that is no country's own name ("South China’s Wenchang": a place in that place; not "Singapore’s
        Lee"). Not when the text names a person so too ("Kerry" after "John Kerry", "May" after "Theresa
        May"): some places share their name with people; nor for a leader the gazetteer lists by one word."""
        name = desc.name
        if not is_place_name(name):
            if desc.title is not None or " " in name.strip():
                return False
            owned = desc.role is None and desc.owner is not None and self._owned_by_region(desc.owner)
            if name.lower() not in CALENDAR_WORDS and (not owned or name in gazetteer().leaders):
                return False
        known = self.registry.find(name) or self._named_in_full(name)
        return known is None or known.name.lower() == name.lower()

    def _named_in_full(self, name: str) -> Actor | None:
        """The person the text names with a given name and this place's name as the surname ("Komeito's Natsuo
        Yamaguchi met ...", then "Yamaguchi said"), registered; None when there is none. Not a country's name,
        and not a place's own longer name ("New Hampshire", "Northern Iowa", "Western Cape")."""
        if " " in name.strip() or self.country_of(name) is not None:
            return None
        for m in re.finditer(r"(?<![\w.’'-])([A-Z][a-z]+)\s+" + re.escape(name.strip()) + r"\b(?![’'-]|\s+[A-Z])",
                             self.text):
            given = m.group(1).lower()
            if given in self.reader.not_given or given in _PLACE_QUALIFIERS or given in STOP_WORDS or (
                is_place_name(m.group()) or is_place_name(given) or self.country_of(m.group(1)) is not None
                or _PLACE_PREPOSITION.search(self.text, max(0, m.start() - 8), m.start())
            ):
                continue
            desc = self.reader.read(m.group())
            if desc is not None and desc.name == m.group():
                return self.registry.add(desc)
        return None

    def _owned_by_region(self, owner: str) -> bool:
        """Is ``owner`` a place within a country or a region ("South China", "Iowa"), not a country by its
        own name ("Singapore", "China")?"""
        iso3 = self.country_of(owner)
        if iso3 is None:
            return is_place_name(owner)
        country = self.actors.get(iso3)  # a country named by its own name is among the text's actors
        return country is None or owner.lower() not in {a.lower() for a in (country.name, *country.aliases)}

    def _register_person(self, start: int, end: int, *, speaker: bool, titled: bool = False) -> Actor | None:
        phrase = self.text[start:end]
        if speaker and self._named_group(start, end) is not None:
            return None
        joint = self._joint_persons(phrase) if speaker else None
        if joint is not None:  # every person of a joint source is known, the first speaks
            for offset, part in reversed(joint):
                actor = self._register_person(start + offset, start + offset + len(part), speaker=True)
            return actor
        desc = self.reader.read(phrase)
        if desc is None or self._names_place(desc):
            return None
        if self.registry.is_excluded(desc.name) and not speaker:
            return None
        actor = self.registry.add(desc)
        if titled and desc.title is not None and desc.iso3 is not None:
            actor.iso3 = desc.iso3  # the title phrase's country ("U.S. Consul General in Da Nang ...")
        self.first_mention[actor.id] = min(self.first_mention.get(actor.id, start), start)
        return actor

    # ------------------------------------------------------------------ resolution
    def _note(self, position: int, actor: Actor, *, speaker: bool) -> None:
        self.seen.append(_Seen(position, actor, speaker))

    def resolve(self, cand: Candidate) -> tuple[Actor | None, list[Actor]]:
        """The speaker of a candidate, and the other persons of a joint source ("Xi Jinping and [Hun Manet]
        said"), who speak with the first."""
        if cand.source is None:
            return None, []
        s, e = cand.source
        phrase = self.text[s:e].strip()
        joint = self._joint_persons(phrase) or []
        actor = self._resolve_span(s, e, phrase, joint[0][1] if joint else None, cand.contents)
        if actor is not None and phrase.lower() != "we":  # "we" is no antecedent for "it" or "they"
            self._note(s, actor, speaker=True)
        others = [
            self._person_actor(desc) for _, part in joint[1:]
            if (desc := self.reader.read(part)) is not None and not self._names_place(desc)
        ]
        return actor, others

    def _person_actor(self, desc: PersonDescription) -> Actor:
        """The registry's actor for a person read in the text, registered if new."""
        known = self.registry.find(desc.name)
        if known is None:
            return self.registry.add(desc)
        self.registry.learn_sex(known, desc)
        return known

    def _resolve_span(self, start: int, end: int, phrase: str, first_person: str | None,
                      contents: list[tuple[int, int]]) -> Actor | None:
        """The actor ``phrase`` (the text from ``start`` to ``end``) refers to; ``first_person`` is the first part
        of a joint source; ``contents`` are what the source says."""
        low = phrase.lower()
        if low in PERSON_PRONOUNS:
            return self._subject_before(start, low, contents) or self._latest_person(start, low)
        if low in GROUP_PRONOUNS:
            return self._our_group(start) if low == "we" else self._latest_group(start)
        named = self._named_group(start, end)
        if named is not None:
            return named
        if first_person is None and self._titled:
            titled = self._titled.get(start + len(self.text[start:end].rstrip(" ,")))
            if titled is not None and titled[0] < start:
                # A source span that starts inside a title phrase ("China's Permanent Representative to | the
                # UN Fu Cong"): the person the whole phrase names.
                return titled[1]
        desc = self.reader.read(first_person or phrase)
        if desc is not None and not self._names_place(desc):
            if self._in_title_case_line(start):
                known = self._known_in_headline(first_person or phrase, desc)
                if known is not None:
                    return known
            return self._person_actor(desc)
        actor = self._group_actor(start, end, phrase)
        if actor is not None:
            return actor
        bare = _ARTICLE_SURNAME.fullmatch(phrase)
        if bare is not None:  # "the Sanders (claim)": a person's surname as a modifier, not a name with an article
            persons = [a for a in self.registry.persons.values() if a.name.split()[-1] == bare.group(1)]
            if persons:
                return persons[0]
        return self._nominal(start, phrase)

    def _joint_persons(self, phrase: str) -> list[tuple[int, str]] | None:
        """The persons of a joint source, as (offset, phrase), when every part names one ("Xi Jinping and Hun
        Manet", "Mr. Grassley and Mr. Leahy"); None for one person or for parts that are not persons ("Minister of
        Education, Youth and Sport Hang Chuon Naron", "Developers and supporters in Congress")."""
        if _AND.search(phrase) is None:
            return None  # "The minister of the economy, Mr. Guajardo Villarreal": one person, apposed
        parts: list[tuple[int, str]] = []
        at = 0
        for sep in _CONJUNCTION.finditer(phrase):
            parts.append((at, phrase[at:sep.start()]))
            at = sep.end()
        parts.append((at, phrase[at:]))
        if len(parts) < 2:
            return None
        for _, part in parts:
            desc = self.reader.read(part)
            # A plural title read as a name ("Foreign Ministers Wang Yi") is no clean reading of the part.
            if desc is None or self.reader.is_office_word(desc.name.split()[0]) or self._names_place(desc):
                return None  # nor is a place ("Iowa and New Hampshire said")
        return parts

    def _subject_before(self, position: int, pronoun: str, contents: list[tuple[int, int]]) -> Actor | None:
        """A person the text knows who opens the pronoun's own sentence as its subject ("Ms. Brainard joined
        the Fed in 2014, but she said ..."), unless the text gives them the other sex."""
        at = bisect.bisect_right(self.sentence_starts, position) - 1
        if at < 0 or self.sentence_starts[at] >= position:
            return None
        begin = self.sentence_starts[at]
        opener = _SENTENCE_OPENER.match(self.text, begin, position)  # "In 1986, | President Corazon Aquino ..."
        name = _SUBJECT_NAME.match(self.text, opener.end() if opener else begin, position)
        if name is None or any(a <= name.start() < b for a, b in contents):
            return None  # "Xi had promised restraint, he said": the name is in what is said, not the sayer
        desc = self.reader.read(name.group())
        actor = self.registry.find(desc.name) if desc is not None else None
        return actor if actor is not None and self.registry.agrees(actor, pronoun) else None

    def _latest_person(self, position: int, pronoun: str) -> Actor | None:
        """The person ``pronoun`` at ``position`` refers to: the last speaker, else the last person named, of
        whom the text says nothing that the pronoun contradicts ("she" is not "Mr. Chipok")."""
        for lenient in (False, True):  # a "spokesman" may be "she" when no one else may
            agrees = self.registry.agrees
            speakers = [x for x in self.seen if x.position < position and x.actor.type == "person" and x.speaker
                        and agrees(x.actor, pronoun, lenient=lenient)]
            if speakers:
                return speakers[-1].actor
            named = [
                (first, self.registry.persons[pid]) for pid, first in self.first_mention.items()
                if first < position and agrees(self.registry.persons[pid], pronoun, lenient=lenient)
            ]
            if named:
                return max(named, key=lambda x: x[0])[1]
        return None

    def _latest_group(self, position: int) -> Actor | None:
        groups = [x for x in self.seen if x.position < position and x.actor.type != "person"]
        return groups[-1].actor if groups else None

    def _our_group(self, position: int) -> Actor | None:
        """The group "we" at ``position`` speaks for. An international organisation that is itself the
        established speaker (it spoke at least twice, no less often than any other group); else the country
        the text speaks for (``_main_country``), or its government or ministry when that spoke last, rather
        than another country or an organisation merely quoted ("all ASEAN member States agreed ... We
        expect"); else the last country or national body that spoke, else the last group."""
        groups = [x.actor for x in self.seen if x.position < position and x.actor.type != "person"]
        counts: dict[str, int] = {}
        for actor in groups:
            counts[actor.id] = counts.get(actor.id, 0) + 1
        if groups and _is_international(groups[-1]) and counts[groups[-1].id] >= 2 and all(
            counts[groups[-1].id] >= n for n in counts.values()
        ):
            return groups[-1]
        national = [a for a in groups if not _is_international(a)]
        # A text in which persons speak more than groups is a report of what they say, not a country's own
        # speech: its most named country is what it is about, not who "we" are.
        persons = sum(1 for x in self.seen if x.position < position and x.actor.type == "person")
        reported = persons > len(groups)
        main = self._main_country(by_mentions=not reported)
        if main is not None:
            return next((a for a in reversed(national) if a.iso3 == main.iso3), main)
        return national[-1] if national else (groups[-1] if groups else None)

    def _named_group(self, start: int, end: int) -> Actor | None:
        """The country or organisation a source span is the name of, as a whole but for an article ("the Lao
        People’s Democratic Republic", "the Philippines"): no person's name, whatever its words look like."""
        key = (start, end)
        if key not in self._named_groups:
            self._named_groups[key] = self._find_named_group(start, end)
        return self._named_groups[key]

    def _find_named_group(self, start: int, end: int) -> Actor | None:
        i = bisect.bisect_left(self.mention_starts, start)
        if i == len(self.mentions) or self.mentions[i].start >= end:
            return None  # no country or organisation named in the span
        raw = self.text[start:end]
        start += len(raw) - len(raw.lstrip())
        if self.text.startswith(("the ", "The "), start):
            start += 4
        end = start + len(self.text[start:end].rstrip(" ,"))
        i = bisect.bisect_left(self.mention_starts, start)
        if i < len(self.mentions) and self.mentions[i].start == start and self.mentions[i].end == end:
            actor = self.actors.get(self.mentions[i].actor_id)
            if actor is not None and actor.type != "person":
                return actor
        return None

    def _count_country_source(self, start: int, end: int) -> None:
        """Count a source span that is a country's name ("Cambodia", "the Philippines", "Viet Nam")."""
        actor = self._named_group(start, end)
        if actor is not None and actor.type == "country":
            self._country_sources[actor.id] = self._country_sources.get(actor.id, 0) + 1

    def _main_country(self, *, by_mentions: bool) -> Actor | None:
        """The country a text speaks for, as a speech does: the country that is most often a source by its
        name ("Cambodia is committed to ..."), else (``by_mentions``) the country the text names most often,
        at least three times. None when two countries tie."""
        tallies = [(self._country_sources, 1)] + ([(self._country_mentions(), 3)] if by_mentions else [])
        for counts, least in tallies:
            ranked = sorted(counts.items(), key=lambda x: -x[1])
            if ranked and ranked[0][1] >= least and (len(ranked) == 1 or ranked[1][1] < ranked[0][1]):
                return self.actors[ranked[0][0]]
        return None

    def _country_mentions(self) -> dict[str, int]:
        """How often the text names each country: counted once per document, not once per "we"."""
        if self._mention_counts is None:
            counts: dict[str, int] = {}
            for m in self.mentions:
                actor = self.actors.get(m.actor_id)
                if actor is not None and actor.type == "country":
                    counts[actor.id] = counts.get(actor.id, 0) + 1
            self._mention_counts = counts
        return self._mention_counts

    def _nominal(self, position: int, phrase: str) -> Actor | None:
        """"the diplomat", "a Cambodian diplomat": the person with that role, before or after."""
        low = phrase.lower()
        words = re.findall(r"[\w-]+", low)
        role = next((w for w in reversed(words) if w in self.lexicon.role_nouns), None)
        if role is None and words and is_member_noun(words[-1]) and low.startswith("the "):
            role = words[-1]  # "the Wisconsin Republican": a person the text has named; not "Republican voters"
        if role is None or (role.endswith("s") and role not in ("witness", "boss")):
            return None  # plural or unknown heads ("sources", "officials") name no single person
        # "the vice president" is a vice president, "the president" is not.
        deputy = next((w for w in re.findall(r"[a-z]+", low[: low.rfind(role)]) if w in _DEPUTIES), None)
        iso3 = None
        for w in phrase.split():
            iso3 = iso3 or self.country_of(w)
        indefinite = low.startswith(("a ", "an ", "one "))
        candidates = [
            (first, self.registry.persons[pid]) for pid, first in self.first_mention.items()
            if not self.registry.is_excluded(self.registry.persons[pid].name)
        ]
        compatible = [(f, a) for f, a in candidates if iso3 is None or a.iso3 in (None, iso3)]
        before = sorted([x for x in compatible if x[0] < position], key=lambda x: x[0])
        after = sorted([x for x in compatible if x[0] > position], key=lambda x: x[0])
        chosen: Actor | None = None
        if not indefinite:
            with_role = [a for _, a in before if _has_role(a, role, deputy)]
            speakers = [
                x.actor for x in self.seen if x.position < position and x.actor.type == "person" and x.speaker
            ]
            if with_role:
                chosen = with_role[-1]
            elif speakers:
                chosen = speakers[-1]
            elif before:
                chosen = before[-1][1]
        if chosen is None and after:
            chosen = after[0][1]
        if chosen is None and indefinite is False and before:
            chosen = before[-1][1]
        if chosen is not None:
            if chosen.role is None:
                chosen.role = role
            if chosen.iso3 is None and iso3 is not None:
                chosen.iso3 = iso3
        return chosen

    def _group_actor(self, start: int, end: int, phrase: str) -> Actor | None:
        """A country, capital or organisation named in the source span, or an organisation by its head."""
        i = bisect.bisect_left(self.mention_starts, start)
        inside = []
        while i < len(self.mentions) and self.mentions[i].start < end:
            if self.mentions[i].end <= end:
                inside.append(self.mentions[i])
            i += 1
        heads = [h.lower() for h in self.lexicon.organisation_heads]
        words = re.findall(r"[\w-]+", phrase)
        org_head = next((w for w in reversed(words) if w.lower() in heads), None)
        if org_head is not None:
            for m in inside:
                actor = self.actors.get(m.actor_id)
                if actor is not None and actor.type == "organisation":
                    return actor
            # "the U.S. Embassy in Hanoi": the country a body is posted in is not its country
            own = [m for m in inside if not POSTING_BEFORE.search(self.text, max(start, m.start - 12), m.start)]
            iso3 = next(
                (self.actors[m.actor_id].iso3 for m in own if m.actor_id in self.actors), None
            )
            if iso3 is None and phrase.lower().startswith("the "):
                prior = [x.actor for x in self.seen if x.actor.type == "organisation" and x.position < start
                         and org_head.lower() in x.actor.name.lower()]
                if prior:
                    return prior[-1]
            name = _organisation_name(phrase, org_head, self.country_of)
            if iso3 is None:
                home = re.split(r"\s+(?:in|at|to)\s+", phrase, maxsplit=1)[0]  # not where it is posted
                iso3 = next((c for c in map(self.country_of, home.split()) if c), None)
            return self._organisation(name, iso3)
        lowered = {w.lower() for w in words}
        group = re.split(r"\s+(?:in|at)\s+", phrase, maxsplit=1)[0]  # "Chinese officials | in Vientiane"
        for m in inside:
            actor = self.actors.get(m.actor_id)
            if actor is None:
                continue
            if m.kind != "adjective" and POSTING_BEFORE.search(self.text, max(start, m.start - 12), m.start) and any(
                x.kind == "adjective" for x in inside
            ):
                continue  # "a Japanese diplomat in Phnom Penh": where they serve ("officials in Beijing" are Chinese)
            if m.kind in ("name", "capital", "alias", "acronym") or actor.type == "organisation":
                return actor
            if m.kind == "adjective" and lowered & _NOT_THE_STATE:
                return None  # "Thai protesters", "exiled Cambodian opposition politicians", "former officials"
            if m.kind == "adjective" and not any(w.lower() in self.lexicon.role_nouns for w in words):
                return actor
            if m.kind == "adjective" and actor.type == "country" and group.split()[-1].lower() in _OFFICIAL_GROUPS:
                # "Cambodian officials", "Vietnamese trade officials": unnamed officials of a country speak for
                # its government (an institution's voice, weighted as other officials are).
                name = re.sub(r"^(?:the|some|several|two|three|senior)\s+", "", " ".join(group.split()), flags=re.I)
                return self._organisation(name, actor.iso3 or actor.id)
        return None

    def _organisation(self, name: str, iso3: str | None) -> Actor:
        """The document's organisation actor of that name and country, made once."""
        key = f"organisation:{slug(name)}{'-' + iso3.lower() if iso3 else ''}"
        actor = self._organisations.get(key)
        if actor is None:
            actor = Actor(id=key, name=name, type="organisation", iso3=iso3)
            self._organisations[key] = actor
        return actor


# Offices a country's own officials hold at home, and of which wire copy seldom names the holder's nationality
# ("SIHANOUKVILLE -- Lou Kimsan, Director General of the port"); ministers, envoys and executives are left out,
# as visitors hold those too.
_LOCAL_OFFICE = re.compile(
    r"\b(?:director(?:[- ]general)?|deputy director|governor|vice governor|mayor|deputy mayor|spokes(?:person|man|"
    r"woman)|colonel|police|provincial|district)\b", re.I)
# ... but not of a foreign or international body: an embassy, a company, a university, a bank, a UN agency.
_FOREIGN_BODY = re.compile(
    r"\b(?:embassy|consulate|mission|delegation|company|corporation|group|university|college|institute|bank|"
    r"fund|programme|program|commission|council|organi[sz]ation|union|international|world|foundation|"
    r"association|agency|ngo|visiting)\b", re.I)
_FOREIGN_ACRONYM = re.compile(r"\b(?:UN|EU|ASEAN|NATO|IMF|ADB|AIIB|WHO|WFP|UNDP|UNICEF|UNESCO|FAO|ILO|WTO|IAEA|"
                              r"UNHCR|OCHA|ICRC|UNFPA|UNODC|IOM)\b")
# Datelines of international venues, where officials of every country speak.
_INTERNATIONAL_DATELINES = frozenset({"new york", "united nations", "geneva", "brussels", "vienna", "boao", "davos",
                                      "the hague"})


def locate_by_dateline(analysis: Analysis) -> None:
    """A speaker with a local office and no country, in a story datelined in one country's city, is an official
    of that country ("SIHANOUKVILLE -- Lou Kimsan, Director General of the port, said"; "BEIJING -- Spokesperson
    Mao Ning said"): wire copy names the nationality of the foreigners it quotes. Only offices held at home
    (directors, governors, mayors, spokespersons, police and military officers; not a secretary of state, as
    the US has one), not of a foreign or international body, nor anyone the text calls visiting, nor at an
    international venue."""
    from amity.coding.relevance import find_countries

    dateline = (analysis.document.dateline or "").strip()
    if not dateline or dateline.lower().split(",")[0].strip() in _INTERNATIONAL_DATELINES:
        return
    codes = {code for code, _ in find_countries(dateline)}
    if len(codes) != 1:
        return
    [iso3] = codes
    # How the text names each speaker where they speak: "Liu Pengyu, spokesperson for the embassy," tells
    # more than the title read from it.
    spans: dict[str, list[str]] = {}
    for statement in analysis.statements:
        if statement.speaker is not None and statement.speaker_span is not None:
            spans.setdefault(statement.speaker.id, []).append(statement.speaker_span.text)
    for statement in analysis.statements:
        speaker = statement.speaker
        if speaker is None or speaker.type != "person" or speaker.iso3 is not None or not speaker.title:
            continue
        described = " ".join([x for x in (speaker.title, speaker.role, speaker.organisation) if x]
                             + spans.get(speaker.id, []))
        if _LOCAL_OFFICE.search(described) and not (
            _FOREIGN_BODY.search(described) or _FOREIGN_ACRONYM.search(described)
        ):
            speaker.iso3 = iso3


# A subject that names both parties of the story: "the two sides pledged ...", "Both leaders agreed ...".
_BOTH_PARTIES = re.compile(
    r"(?:the\s+)?(?:two|both)\s+(?:sides|leaders|countries|nations|governments|ministers|foreign\s+ministers|"
    r"prime\s+ministers|presidents|heads\s+of\s+state|delegations|parties|neighbou?rs)", re.I)


def names_both_parties(statement: Statement) -> bool:
    """Does the statement have no speaker and a subject that names both parties ("the two sides")?"""
    span = statement.speaker_span
    return statement.speaker is None and span is not None and _BOTH_PARTIES.fullmatch(span.text.strip()) is not None


def speak_for_both_parties(analysis: Analysis, pair: list[str], country: Callable[[str], Actor | None],
                           leaders: list[tuple[str, int]]) -> None:
    """A statement whose subject names both parties ("the two sides pledged to ...") and that has no speaker
    is spoken jointly by the document's two main countries ``pair``, when its paragraph or the one before
    names both: by the last actor of either country in an act of its paragraph ("Xi Jinping met Hun Manet ...
    and the two sides pledged") with the other country, else by the two countries. ``country`` gives a
    country's actor by its code. (In a story about one country's politics, "both sides" are its parties.)"""
    if len(pair) != 2:
        return
    countries = {code: actor for code in pair if (actor := analysis.actors.get(code) or country(code))}
    if len(countries) != 2:
        return
    starts = [s.start for s in analysis.sentences]

    def paragraph(position: int) -> int:
        at = bisect.bisect_right(starts, position) - 1
        return analysis.sentences[at].paragraph if at >= 0 else 0

    named: dict[int, set[str]] = {}  # paragraph -> the pair's countries it names
    for mention in analysis.mentions:
        actor = analysis.actors.get(mention.actor_id)
        if actor is not None and actor.iso3 in countries:
            named.setdefault(paragraph(mention.start), set()).add(actor.iso3)
    for code, position in leaders:
        if code in countries:
            named.setdefault(paragraph(position), set()).add(code)
    previous: tuple[int, Actor] | None = None  # (paragraph, speaker)
    for statement in sorted(analysis.statements, key=lambda s: s.start):
        here = paragraph(statement.start)
        if names_both_parties(statement):
            if len(named.get(here, set()) | named.get(here - 1, set())) < 2:
                continue
            first = previous[1] if previous is not None and previous[0] == here else countries[pair[0]]
            statement.speaker = first
            statement.co_speakers = [countries[code] for code in pair if code != first.iso3]
        elif statement.kind == "act" and statement.speaker is not None and statement.speaker.iso3 in countries:
            previous = (here, statement.speaker)
