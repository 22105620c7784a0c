"""Rule-based attribution: cue, source and content spans from the lexicon's cues and their frames.

Hand-written because the default pipeline must stay parser-free (pure Python, regex and Aho-Corasick).
The rules follow the usual structure of attribution in news writing:

* ``SOURCE CUE [that|:] CONTENT``              Soken said the pillars include ...
* ``CONTENT, SOURCE CUE``                      ..., he added.
* ``CONTENT, CUE SOURCE``                      "...," said the diplomat.
* ``according to SOURCE, CONTENT`` and ``CONTENT, according to SOURCE``
* ``..., CUE-ing (that) CONTENT``              ..., saying that ...  (source: the clause's subject)
* ``SOURCE: “QUOTE”``                          Her advice: “Don't panic.”
* ``SUBJECT VERB ... and CUE CONTENT``         Rubio thanked Miami and said ... (verbs of saying only)
* ``SUBJECT be CUE-ed to ...``                  Obama is expected to join ... (passive: no source; the
                                               subject is content)
* ``Asked whether ..., ...``                   the question is content; who asked is unsaid
* speaker labels and dash bylines (``amity.nlp.quote_formats``): ``Sanders: ...``, ``“...” ― Name``
* a quote that opens a sentence holding no attribution's cue continues the previous speaker's quote (same
  cue); after a quote that opens its sentence, whatever follows ``SOURCE CUE`` is an adjunct.

Cue verbs must agree with their subject ("his tax plan", "the primary state" are nouns), contents are cut
conservatively (a contrastive ", but ..." clause is the author's), and a time adjunct or an appositive
("Soken, a diplomat, said") may sit between source and cue.

Only the outermost attribution is kept where one sits inside another's content (as in PolNeAR).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from operator import itemgetter

from amity.model import Sentence, StatementKind
from amity.nlp.cues import AttributionLexicon, inflect_base_and_s
from amity.nlp.dateline import match_dateline
from amity.nlp.quotation import (
    QUOTE_CHARS,
    Quote,
    Token,
    find_quotes,
    is_quote_at,
    paragraph_bounds,
    tokenize,
)

AUX = frozenset({
    "has", "have", "had", "is", "was", "were", "are", "be", "been", "being", "am", "do", "does", "did",
    "will", "would", "could", "should", "may", "might", "can", "must", "shall", "'s", "’s",
})
NEG = frozenset({"not", "n't", "never", "no", "didn’t", "didn't", "doesn't", "doesn’t", "don't", "don’t",
                 "won't", "won’t", "hasn't", "hasn’t", "haven't", "haven’t", "wasn't", "wasn’t", "isn't",
                 "isn’t", "wouldn't", "wouldn’t", "couldn't", "couldn’t", "cannot"})
ADVERBS = frozenset({
    "also", "still", "previously", "already", "later", "again", "recently", "often", "further", "once",
    "then", "now", "even", "just", "first", "last", "long", "reportedly", "publicly", "privately",
    "repeatedly", "earlier", "always", "initially", "originally", "since", "ever", "too",
})
# Irregular past tenses of common verbs: "went" ends a noun phrase as "agreed" does ("the talks went well").
IRREGULAR_PAST = frozenset({
    "went", "came", "became", "began", "took", "gave", "got", "grew", "fell", "rose", "saw", "held", "kept",
    "left", "met", "ran", "sent", "stood", "won", "led", "built", "brought", "bought", "thought", "felt",
    "found", "knew", "spoke", "wrote", "drew", "broke", "chose", "drove", "flew", "lost", "paid", "sold",
    "spent", "struck", "threw", "understood", "wore", "sought", "fought", "caught", "taught", "meant",
    "made", "heard", "stuck", "swept", "shook", "forgot", "forgave", "withdrew", "overtook", "undertook",
})
# Nouns and adjectives in "-ly", which are no adverbs ("the family said", "early results").
LY_NOUNS = frozenset({
    "family", "ally", "assembly", "rally", "supply", "early", "daily", "weekly", "monthly", "quarterly",
    "yearly", "elderly", "likely", "friendly", "costly", "deadly", "lonely", "monopoly", "anomaly", "bully",
})
SUBJECT_PRONOUNS = frozenset({"he", "she", "they", "we", "i", "you", "it", "who", "which", "one"})
OBJECT_PRONOUNS = frozenset({"him", "her", "them", "us", "me", "you", "it"})
PRONOUNS = (SUBJECT_PRONOUNS | OBJECT_PRONOUNS) - {"one"}
DETERMINERS = frozenset({
    "the", "a", "an", "this", "these", "those", "some", "many", "most", "several", "all", "both", "other",
    "another", "his", "her", "their", "its", "our", "my", "your", "two", "three", "four", "five", "few",
    "more", "top", "senior", "former", "one", "each", "every", "no", "any", "such",
})
NP_PREPOSITIONS = frozenset({"of", "for", "at", "from"})
STOP_WORDS = frozenset({
    "and", "or", "but", "that", "which", "who", "whom", "whose", "when", "where", "while", "if", "because",
    "as", "after", "before", "since", "so", "than", "though", "although", "until", "unless", "whether",
    "in", "on", "to", "by", "with", "about", "into", "over", "under", "against", "between", "through",
    "during", "without", "within", "upon", "like", "there", "here", "what", "how", "why", "not", "also",
    "yet", "then", "just", "only", "even", "very", "too", "said", "says", "say", "told", "according",
    "later", "earlier", "meanwhile", "however", "now", "finally", "still", "instead", "moreover", "thus",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    *AUX,
})
_QUESTION_LABELS = frozenset({"q", "question", "questions", "reporter", "journalist"})
# Bodies a country keeps abroad: the place after "in" is where they serve ("the Chinese Embassy in Manila").
_POSTED_BODIES = frozenset({"embassy", "embassies", "consulate", "consulate-general", "mission", "delegation",
                            "office", "bureau", "attache", "attaché"})
RECIPIENT_LEMMAS = frozenset({
    "tell", "inform", "assure", "reassure", "warn", "remind", "brief", "notify", "urge", "ask", "advise",
    "caution", "promise", "thank", "instruct", "order", "invite", "call on", "press", "push",
})
PARTICIPLE_LEMMAS = frozenset({
    "say", "add", "note", "argue", "warn", "insist", "explain", "stress", "claim", "call", "urge", "tell",
    "suggest", "describe", "accuse", "emphasize", "emphasise", "point out", "express", "vow", "pledge",
    "promise", "ask", "reiterate", "cite", "predict", "acknowledge", "declare", "announce", "write",
    "calling", "recall", "contend", "assert", "maintain", "deny", "reject", "conclude",
})
ADJUNCT_OPENERS = frozenset({
    "in", "at", "on", "during", "after", "before", "speaking", "writing", "when", "while", "for", "with",
    "from", "like", "as", "however", "too", "though", "meanwhile", "also", "then", "earlier", "later",
})
PARTICIPLE_FORMS = frozenset({"adding", "saying", "noting", "arguing", "explaining", "stressing", "telling",
                              "calling", "urging", "warning", "insisting", "claiming", "citing"})
CONJUNCTIONS = frozenset({"and", "but", "or", "while", "because", "as", "which", "who", "although", "though",
                          "so", "whereas", "when", "where", "after", "before", "since"})
POSSESSIVE_DETERMINERS = frozenset({"his", "her", "their", "its", "our", "my", "your", "whose"})
PLURAL_SUBJECTS = frozenset({
    "i", "we", "you", "they", "people", "police", "staff", "public", "majority", "most", "many", "some",
    "others", "both", "all", "few", "media", "who", "which", "that", "children", "men", "women", "data",
})
SUBORDINATORS = frozenset({"when", "after", "before", "while", "because", "as", "since", "although", "though",
                           "during", "following", "until", "once"})
# Cues whose source may be the subject of an earlier, coordinated verb ("Rubio thanked Miami and said ...");
# verbs of saying only, so that "X defended ... and insisted ..." keeps its first verb as X's act.
COORDINATED_CUES = frozenset({"say", "add", "tell", "write", "note", "explain", "tweet", "announce", "declare",
                              "state", "ask", "reply", "respond", "answer"})
PARTICIPLE_OPENERS = frozenset({"by", "while", "after", "before"})
QUESTION_OPENERS = frozenset({"about", "whether", "if", "what", "how", "why", "who", "when", "where", "which",
                              "on", "for"})
_CONTRACTED = re.compile(r"(he|she|they|we|i|you|it|who)['’](?:s|re|ve|d|ll|m)")
BE_FORMS = frozenset({"is", "are", "was", "were", "be", "been", "being"})  # not "’s": "he’s said" is "has"
# Cues whose passive is an adjective of the subject's own stance ("China is firmly opposed to ...", "Cambodia
# is determined to ..."): the subject is the source, unlike "Obama is expected to ..." (someone expects it).
ADJECTIVAL_PASSIVES = frozenset({
    "oppose", "determine", "worry", "resolve", "concern", "commit", "convince", "prepare", "dedicate",
    "disappoint", "encourage", "please", "satisfy", "delight", "alarm", "trouble", "disturb", "frustrate",
})
WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"})
MONTHS = frozenset({
    "january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
    "november", "december",
})
# Words after "in" / "at" that date a source rather than place it ("a poll released in May").
DATE_WORDS = WEEKDAYS | MONTHS | frozenset({
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
})
# "one in five say", "47 percent say": a share of people agrees with a plural verb.
_MANY = frozenset({"two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "hundreds", "thousands",
                   "millions"})
NUMBER_WORDS = _MANY | {"dozen", "percent", "%", "majority", "minority", "half", "third", "thirds", "quarter", "fifth"}
# Counts of more than one, which open a plural noun phrase ("five nuclear-weapon states").
CARDINALS = _MANY | {"dozens", "several", "many", "both"}
CONTRAST = frozenset({"but", "though", "although", "while", "whereas", "yet"})
ADJUNCT_PREPOSITIONS = frozenset({"on", "in", "at", "during", "after", "before", "while", "from", "to", "via",
                                  "through", "outside", "inside", "near", "following", "ahead"})
# Prepositions that open the complement of a cue adjunct ("in a speech to ...", "in an interview with ...").
ADJUNCT_COMPLEMENTS = frozenset({"to", "with", "before", "at", "for", "on", "in", "from", "by", "of"})
TIME_WORDS = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today",
    "tonight", "earlier", "later", "recently", "week", "month", "year", "morning", "afternoon", "evening",
    "night", "weekend", "last", "this", "late", "early", "on", "in", "at", "the", "a", "past", "next",
})
# A question opening with an auxiliary ("Do Americans say ...?", "Will Beijing agree?").
_QUESTION_AUXILIARIES = frozenset({"do", "does", "did", "is", "are", "was", "were", "will", "would", "can", "could",
                                   "should", "has", "have", "had"})
CLOSING_PUNCT = frozenset({".", "!", "?", ";"})
_QUOTE_MARKS = frozenset(ch for ch in QUOTE_CHARS if len(ch) == 1)  # single characters that are quote marks
_DOUBLE_MARKS = frozenset("“”«»\"")
DASHES = frozenset({"—", "–", "--", "-"})


@dataclass(slots=True)
class Candidate:
    """One attribution: a cue, an optional source and one or more content pieces (character spans)."""

    cue: tuple[int, int] | None
    source: tuple[int, int] | None
    contents: list[tuple[int, int]]
    lemma: str = ""
    frame: str = ""  # "right", "left", "inverted", "according", "participle", "continuation"
    confidence: float = 0.5
    subject_source: bool = False  # the source was taken from the clause subject, not next to the cue

    def spans(self) -> list[tuple[int, int]]:
        """The character spans this attribution claims: its contents, then its cue."""
        return [*self.contents, *([self.cue] if self.cue else [])]

    def kind_of(self, start: int, end: int, text: str) -> StatementKind:
        if self.frame == "according":
            return "according-to"
        piece = text[start:end].strip()
        if not piece:
            return "indirect"
        if is_quote_at(piece, 0) and (piece[-1] in QUOTE_CHARS or piece.endswith("''")
                                      or self.frame == "continuation"):
            inner = piece[1:-1]
            if _QUOTE_MARKS.isdisjoint(inner.replace("’", "").replace("‘", "")):
                return "direct"
        if not _DOUBLE_MARKS.isdisjoint(piece):
            return "mixed"
        return "indirect"


def fill_in(found: list[Candidate], extra: Iterable[Candidate]) -> list[Candidate]:
    """``found`` plus each of ``extra`` that claims no span ``found`` (or an earlier addition) claims,
    sorted by first content: how the rules' precise attributions fill the gaps another extractor
    (a parse, a trained tagger) left."""
    out = list(found)
    taken = [span for cand in out for span in cand.spans()]
    for cand in extra:
        mine = cand.spans()
        if not any(s1 < e2 and s2 < e1 for s1, e1 in mine for s2, e2 in taken):
            out.append(cand)
            taken.extend(mine)
    out.sort(key=lambda c: min(s for s, _ in c.contents))
    return out


CONTINUATION_GAP = 600  # characters: a quote further from the previous attribution is not its continuation


def preceding_candidate(by_start: list[Candidate], start: int) -> Candidate | None:
    """The last attribution (of ``by_start``, sorted by first content) whose contents all end by
    ``start``, if it ends within ``CONTINUATION_GAP`` characters of it: the one a following quote
    may continue."""
    prev = [c for c in by_start if max(e for _, e in c.contents) <= start]
    if not prev:
        return None
    last = prev[-1]
    return last if start - max(e for _, e in last.contents) <= CONTINUATION_GAP else None


def role_tags(candidates: Iterable[Candidate], starts: list[int]) -> list[str]:
    """The role ("SRC", "CUE", "CON" or "O") each token plays in ``candidates``, given the tokens' start
    offsets (sorted); a token in two spans takes the later role (content, then cue, then source)."""
    tags = ["O"] * len(starts)
    for cand in candidates:
        spans: list[tuple[str, tuple[int, int]]] = [("CON", c) for c in cand.contents]
        if cand.cue:
            spans.append(("CUE", cand.cue))
        if cand.source:
            spans.append(("SRC", cand.source))
        for role, (s, e) in spans:
            for i in range(bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)):
                tags[i] = role
    return tags


@dataclass(slots=True)
class TextView:
    text: str
    tokens: list[Token]
    starts: list[int]
    quotes: list[Quote]
    quote_starts: list[int]
    paragraphs: list[tuple[int, int]]
    sent_of_token: list[int] = field(default_factory=list)
    according_openers: list[int] = field(default_factory=list)  # tokens that may open "according to"
    cues: list[tuple[int, int, str]] | None = None  # cue verbs of the whole text (see RuleExtractor.cue_matches)
    cue_firsts: list[int] = field(default_factory=list)  # their first tokens, for bisection

    def token_at(self, offset: int) -> int:
        """Index of the first token starting at or after ``offset``."""
        return bisect.bisect_left(self.starts, offset)

    def quote_containing(self, offset: int) -> Quote | None:
        i = bisect.bisect_right(self.quote_starts, offset) - 1
        if i >= 0 and self.quotes[i].start <= offset < self.quotes[i].end:
            return self.quotes[i]
        return None


_token_start = itemgetter(0)  # Token.start, read in C


_TIME_WORDS = WEEKDAYS | {"yesterday", "today", "earlier", "later", "recently"}


def _before_time_adjunct(toks: list[Token], j: int, a: int) -> int:
    """The last token before the time adjuncts that end at token ``j`` ("on Tuesday", "on March 10"), not
    before ``a``; ``j`` when there is none."""
    while j - 1 >= a:
        if toks[j].lower in _TIME_WORDS:
            j -= 2 if toks[j - 1].lower in ("on", "late", "early", "last") else 1
        elif j - 2 > a and toks[j].text.isdigit() and toks[j - 1].lower in MONTHS and toks[j - 2].lower == "on":
            j -= 3
        else:
            break
    return j


def _two_words(toks: list[Token], a: int, b: int) -> bool:
    """Do tokens ``[a, b)`` hold at least two words (tokens opening with a letter or digit)?"""
    seen = 0
    for i in range(a, b):
        if toks[i].text[:1].isalnum():
            seen += 1
            if seen == 2:
                return True
    return False


_INITIALISM = re.compile(r"[A-Z](?:\.[A-Z])+")


def _is_initialism(tok: Token, dot: Token) -> bool:
    """"U.S" before its own period: the period ends the abbreviation, not the noun phrase ("the U.S. embassy")."""
    return tok.end == dot.start and _INITIALISM.fullmatch(tok.text) is not None


def _opens_relative_clause(toks: list[Token], k: int) -> bool:
    """Does a non-restrictive relative clause open at token ``k`` (", who ..." / ", which ...")?"""
    return toks[k].text == "," and k + 1 < len(toks) and toks[k + 1].lower in ("who", "which")


def _is_lower_word(text: str) -> bool:
    """A lower-case word, hyphenated ones ("front-runner", "anti-war") and possessives ("the agency’s spokesman")
    included; not a contraction ("it’s", "that’s")."""
    if text.endswith(("'s", "’s")) and len(text) > 3:
        text = text[:-2]
        if text in SUBJECT_PRONOUNS or text in STOP_WORDS or text == "let":
            return False
    return text.islower() and (text.isalpha() or ("-" in text and text.replace("-", "").isalpha()))


def _opens_noun_phrase(tok: Token) -> bool:
    """Can ``tok`` open a noun phrase ("the", "Congress", "workers"), as a bare verb ("end") cannot?"""
    low = tok.lower
    return low in DETERMINERS or _is_cap(tok) or (
        low.endswith("s") and not low.endswith("ss") and low.isalpha() and low not in STOP_WORDS
    )


def _is_number(tok: Token) -> bool:
    return tok.text[:1].isdigit() or tok.lower in NUMBER_WORDS or tok.lower == "one"


def _is_cap(tok: Token) -> bool:
    return tok.text[:1].isupper() or (tok.text[:1].isdigit() and len(tok.text) < 5)


class RuleExtractor:
    """Attribution candidates from lexicon cues and their syntactic frames."""

    def __init__(self, lexicon: AttributionLexicon) -> None:
        self.lex = lexicon
        # Phrases indexed by their first word, so that most tokens are rejected by one dictionary look-up.
        self._adjuncts: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted((tuple(a.split()) for a in lexicon.cue_adjuncts), key=len, reverse=True):
            self._adjuncts.setdefault(phrase[0], []).append(phrase)
        self._according_phrases: dict[str, list[tuple[str, ...]]] = {}
        for phrase in sorted((tuple(p.split()) for p in lexicon.source_after_phrases), key=len, reverse=True):
            self._according_phrases.setdefault(phrase[0], []).append(phrase)
        # "Ambassador to Laos", "Envoy to ASEAN": title heads that take a "to" complement inside the NP.
        self._title_heads = frozenset(t.split()[-1].lower() for t in lexicon.titles)
        self._org_heads = frozenset(h.lower() for h in lexicon.organisation_heads if " " not in h)

    # ------------------------------------------------------------------ document preparation
    def prepare(self, text: str) -> TextView:
        tokens = tokenize(text)
        paragraphs = paragraph_bounds(text)
        quotes = find_quotes(text, paragraphs)
        according = self._according_phrases
        return TextView(
            text=text,
            tokens=tokens,
            starts=list(map(_token_start, tokens)),
            quotes=quotes,
            quote_starts=[q.start for q in quotes],
            paragraphs=paragraphs,
            according_openers=[i for i, t in enumerate(tokens) if t.lower in according],
        )

    def sentence_ranges(self, doc: TextView, sentences: list[Sentence]) -> list[tuple[int, int]]:
        """Sentences as token index ranges."""
        out = []
        for s in sentences:
            a = doc.token_at(s.start)
            b = doc.token_at(s.end)
            if b > a:
                out.append((a, b))
        return out

    # ------------------------------------------------------------------ extraction
    def extract(self, text: str, sentences: list[Sentence]) -> list[Candidate]:
        doc = self.prepare(text)
        ranges = self.sentence_ranges(doc, sentences)
        found: list[Candidate] = []
        for a, b in ranges:
            found.extend(self._sentence(doc, a, b))
        found = _outermost(found)
        if ":" in text or "—" in text or "―" in text or "-" in text:
            # Speaker labels and dash bylines ("WALLACE: ...", "“...” ― Name"), marked by the layout rather
            # than a verb: they take precedence over the verb frames on their spans. Not a label in the
            # first paragraph: a headline's "Roundup: Syria, Lebanon discuss ..." or "Xi Focus: Xi holds
            # talks ..." is a kicker, and the act it reports is no one's statement.
            from amity.nlp.quote_formats import format_attributions  # imports this module

            headline_end = doc.paragraphs[0][1] if doc.paragraphs else 0
            layout = [c for c in format_attributions(text) if c.lemma != ":" or (c.cue or (0, 0))[0] >= headline_end
                      or self._headline_speaker(doc, c, found)]
            if layout:
                marked = [span for c in layout for span in c.spans()]
                found = [c for c in found if not any(
                    s1 < e2 and s2 < e1 for s1, e1 in c.spans() for s2, e2 in marked)]
                found.extend(layout)
        found.sort(key=lambda c: min(s for s, _ in c.contents))
        return self._continuations(doc, ranges, found)

    def _headline_speaker(self, doc: TextView, label: Candidate, found: list[Candidate]) -> bool:
        """Is a headline's label a speaker ("Wang Yi: China to continue ...", "Premier Li: ...", "China: ...",
        "Expert: ...") rather than a kicker or a column's name ("Xi Focus-Closeup: ...", "Building Lives: ...",
        "China Weekly News Quiz: ...")? So when the label is a leader's name, holds an office word, or is a
        country or an organisation as a whole; and no attribution inside says more ("Lavrov: Putin says ...")."""
        from amity.coding.relevance import gazetteer
        from amity.nlp.actors import ActorTagger

        if label.source is None or any(
            c.cue is not None and label.contents[0][0] <= c.cue[0] < label.contents[0][1] for c in found
        ):
            return False
        name = doc.text[label.source[0]:label.source[1]].strip()
        words = [w.lower().strip(".,") for w in name.split()]
        if not words or len(words) > 5:
            return False
        if name in gazetteer().leaders or any(
            w in self._title_heads or w in self.lex.role_nouns or w in self._org_heads for w in words
        ):
            return True
        whole = re.sub(r"^(?:the|The)\s+", "", name)
        mentions, _ = ActorTagger.default().tag(whole)
        return len(mentions) == 1 and mentions[0].start == 0 and mentions[0].end == len(whole)

    def cue_matches(self, doc: TextView, a: int, b: int) -> list[tuple[int, int, str]]:
        """Cue verb occurrences in tokens ``[a, b)`` as (first token, end token, lemma)."""
        if a >= b:
            return []
        if doc.cues is None:
            # One pass of the matcher over the whole text (phrases hold no sentence-ending punctuation, so
            # none spans two sentences), then a bisection per sentence.
            starts = doc.starts
            found = []
            for start, end, _surface, lemma in self.lex.verb_matcher.find_spans(doc.text):
                i = bisect.bisect_left(starts, start)
                j = bisect.bisect_left(starts, end)
                if i < j:
                    found.append((i, j, lemma))
            doc.cues = found
            doc.cue_firsts = [c[0] for c in found]
        cues, firsts = doc.cues, doc.cue_firsts
        lo = bisect.bisect_left(firsts, a)
        hi = bisect.bisect_left(firsts, b, lo)
        return [c for c in cues[lo:hi] if c[1] <= b]

    def _sentence(self, doc: TextView, a: int, b: int) -> list[Candidate]:
        out: list[Candidate] = []
        toks = doc.tokens
        # A wire dateline ("NEW YORK, Sept. 23 (Xinhua) -- ") is no part of the sentence's grammar: the subject
        # after it opens the clause.
        dateline = match_dateline(doc.text, toks[a].start, toks[b - 1].end) if a < b else None
        if dateline is not None:
            a = bisect.bisect_left(doc.starts, dateline.end)
        # "QUESTION: Does ...?": a question marked as one; "SANDERS: Do we ...?" is a speaker's own words
        first = a + 2 if b - a > 2 and toks[a + 1].text == ":" and toks[a].lower in _QUESTION_LABELS else a
        if first < b and toks[first].lower in _QUESTION_AUXILIARIES and toks[b - 1].text == "?":
            return out  # "Do Americans think China is a threat?": a question attributes nothing
        colon = self._colon_quote(doc, a, b)
        if colon is not None:
            out.append(colon)
        openers = doc.according_openers
        for x in range(bisect.bisect_left(openers, a), bisect.bisect_left(openers, b)):
            i = openers[x]
            phrase = self._according_at(doc, i, b)
            if phrase:
                cand = self._according(doc, a, b, i, i + phrase)
                if cand:
                    out.append(cand)
        headline: bool | None = None  # decided at the first capitalised cue that needs it
        for i, j, lemma in self.cue_matches(doc, a, b):
            if doc.quote_containing(toks[i].start) is not None:
                continue  # a cue inside a quote belongs to the quoted speech
            if i > a and toks[i].text[:1].isupper() and headline is None:
                # A title-case headline ("Minister Says Talks Went Well") capitalises its verbs too.
                words = [t for t in toks[a:b] if t.text[:1].isalpha()]
                headline = len(words) >= 4 and sum(t.text[:1].isupper() for t in words) >= 0.8 * len(words)
            if i > a and ((toks[i].text[:1].isupper() and not headline) or (
                toks[i - 1].lower in DETERMINERS and not (i - 2 > a and toks[i - 2].lower == "in")  # "one in five say"
            )):
                continue  # "the Secretary of State", "the report": a name or a noun, not a verb
            cand = self._verb(doc, a, b, i, j, lemma)
            if cand:
                if cand.frame == "participle" and cand.source is None and cand.cue is not None:
                    # "“...,” he said, adding ...": with no clause subject (the sentence opens with a quote),
                    # the participle's source is the source of the cue before it.
                    prev = [c for c in out if c.source and c.cue and c.cue[1] <= cand.cue[0]]
                    if prev:
                        cand.source = prev[-1].source
                out.append(cand)
        return out

    def _colon_quote(self, doc: TextView, a: int, b: int) -> Candidate | None:
        """``Romeo: “Is the day so young?”``: a short noun phrase, a colon, then a quote."""
        toks = doc.tokens
        for c in range(a + 1, min(b - 1, a + 10)):
            if toks[c].text != ":":
                continue
            if toks[c + 1].text not in QUOTE_CHARS or self.np_left(doc, c, a) != a:
                return None
            if self.lex.forms.get(toks[c - 1].lower):
                return None  # "he said: ..." is the verb's
            q = doc.quote_containing(toks[c + 1].start)
            if q is None:
                return None
            end = self._sentence_end(doc, b, c + 1)
            return Candidate((toks[c].start, toks[c].end), (toks[a].start, toks[c - 1].end),
                             [(q.start, max(end, q.end))], ":", "colon", 0.6)
        return None

    def _according_at(self, doc: TextView, i: int, b: int) -> int:
        for phrase in self._according_phrases.get(doc.tokens[i].lower, ()):
            n = len(phrase)
            if i + n <= b and all(doc.tokens[i + k].lower == phrase[k] for k in range(n)):
                return n
        return 0

    # ------------------------------------------------------------------ noun phrases
    def np_left(self, doc: TextView, end: int, a: int, limit: int = 12) -> int | None:
        """Start token of the noun phrase ending just before token ``end`` (exclusive), or None."""
        toks = doc.tokens
        j = end - 1
        j = _before_time_adjunct(toks, j, a)  # "Trump on Tuesday said", "... on March 10 agreed"
        if j < a:
            return None
        end = j + 1
        first = toks[j]
        if first.lower in SUBJECT_PRONOUNS or _CONTRACTED.fullmatch(first.lower):
            return j
        if first.text == ")":
            # "Sen. Rand Paul (R-Ky.) said": a short parenthesis after the name belongs to the noun phrase.
            k = j - 1
            while k > a and j - k < 8 and toks[k].text not in ("(", ")"):
                k -= 1
            if k <= a or toks[k].text != "(" or not _is_cap(toks[k - 1]):
                return None
            j = k - 1
            limit += end - j
        start = None
        k = j
        while k >= a and end - k <= limit:
            t = toks[k]
            low = t.lower
            if t.text in QUOTE_CHARS:
                break
            abbreviation = t.text == "." and k > a and _is_cap(toks[k - 1]) and (
                len(toks[k - 1].text) <= 4 or "." in toks[k - 1].text or "-" in toks[k - 1].text  # "R-S.C.", "D-Ore."
            )
            percent = t.text == "%" and k > a and toks[k - 1].text[:1].isdigit()  # "47% say"
            if (_is_cap(t) and low not in STOP_WORDS) or abbreviation or percent or (
                t.text in ("&", "-") and start is not None
            ):
                start = k
            elif low in DETERMINERS:
                start = k
                if k - 1 >= a and toks[k - 1].lower not in NP_PREPOSITIONS and not _is_cap(toks[k - 1]) and not (
                    toks[k - 1].lower == "in" and k - 2 >= a and _is_number(toks[k - 2])  # "one in five"
                ) and not (toks[k - 1].lower == "to" and k - 2 > a and self._titled_posting(toks, k - 1, a)):
                    break  # a determiner opens its noun phrase
            elif (low in NP_PREPOSITIONS and start is not None and k > a and (
                _is_cap(toks[k - 1]) or toks[k - 1].lower.isalpha()
            ) and toks[k - 1].lower not in STOP_WORDS) or (
                low == "to" and start is not None and k > a and _is_cap(toks[k - 1])
                and self._titled_posting(toks, k, a)
            ) or (
                low == "and" and start is not None and k > a and _is_cap(toks[k + 1]) and _is_cap(toks[k - 1])
            ) or (
                # "one in five", "six in 10": a share of people
                low == "in" and start is not None and k > a and _is_number(toks[k + 1]) and _is_number(toks[k - 1])
            ) or (
                # "a Japanese diplomat in Phnom Penh said", "officials in Beijing said": where the speaker serves
                low == "in" and start is not None and k > a and _is_cap(toks[k + 1]) and (
                    (_is_lower_word(toks[k - 1].text)
                     and (toks[k - 1].lower in self.lex.role_nouns or toks[k - 1].lower in self._title_heads))
                    or toks[k - 1].lower in _POSTED_BODIES  # "the U.S. Embassy in Hanoi said"
                )
            ) or (
                # "(Party chief) To Lam said", "Do Van Khoa, deputy head ..., said": the Vietnamese surnames To (Tô)
                # and Do (Đỗ) open the name right before the verb; the preposition and the auxiliary open no subject
                # (and "Do" asks a question of a single word: "Do Americans say ...?")
                t.text in ("To", "Do") and start == k + 1 and (t.text == "To" or end - start >= 2) and (
                    (end - start <= 3 and all(_is_cap(x) for x in toks[start:end]))
                    # the first of a joint subject: "To Lam and Indonesian President Prabowo Subianto agreed"
                    or (k + 2 < end and toks[k + 2].lower in ("and", ",") and _is_cap(toks[k + 1]))
                )
            ) or (_is_lower_word(t.text) and low not in STOP_WORDS and not self._verbish(low)):
                start = k
            else:
                break
            k -= 1
        if start is None:
            return None
        while start < end and toks[start].lower in (NP_PREPOSITIONS | {"and", "-", "&", "."}):
            start += 1
        if start >= end:
            return None
        return self._organisation_list_start(doc, start, end, a)

    def _titled_posting(self, toks: list[Token], to: int, a: int) -> bool:
        """Does the "to" at ``to`` name where a title's holder is posted: "Ambassador | to | Laos", "Ambassador
        of Japan | to | Cambodia", "Ambassador of the European Union | to | Cambodia"?"""
        if toks[to - 1].lower in self._title_heads:
            return True
        for k in range(to - 2, max(a, to - 6) - 1, -1):
            if toks[k].lower == "of":
                return k > a and _is_cap(toks[k - 1]) and toks[k - 1].lower in self._title_heads
            if not (_is_cap(toks[k]) or toks[k].lower == "the"):
                return False
        return False

    def _organisation_list_start(self, doc: TextView, start: int, end: int, a: int) -> int:
        """"the Ministry of Education, Youth and Sport": when the noun phrase found is the tail of a
        comma-separated list of capitalised names ("Youth and Sport") that completes an organisation head's
        "of" complement, the noun phrase starts where the organisation's does."""
        toks = doc.tokens
        segment = toks[start:end]
        if not any(t.lower == "and" for t in segment) or not all(_is_cap(t) or t.lower == "and" for t in segment):
            return start
        if start - 1 <= a or toks[start - 1].text != ",":
            return start
        k = start - 1
        while k > a and (toks[k].text == "," or (_is_cap(toks[k]) and toks[k].lower not in STOP_WORDS)):
            if toks[k].text == "," and toks[k - 1].text == ",":
                return start
            k -= 1
        if toks[k].lower != "of" or k - 1 < a or toks[k - 1].lower not in self._org_heads or toks[k + 1].text == ",":
            return start
        head = self.np_left(doc, k + 2, a)
        return head if head is not None and head <= k - 1 else start

    def _np_left_end(self, doc: TextView, end: int, a: int) -> int:
        """Where the subject noun phrase ends when a time adjunct sits before the verb."""
        return _before_time_adjunct(doc.tokens, end - 1, a) + 1

    def _verb_agrees(self, toks: list[Token], subject: list[Token], word: str, lemma: str, aux: bool) -> bool:
        """Is the cue word a verb with this subject? A possessive or a bare noun before a base or -s form
        makes it a noun ("his tax plan", "campaign finance reports")."""
        if aux or word not in inflect_base_and_s(lemma):
            return True
        first, last = subject[0].lower, subject[-1].lower
        if first in POSSESSIVE_DETERMINERS or last.endswith(("'s", "’s")):
            return False
        if word == lemma.split()[0]:  # base form: a plural or first/second person subject
            return last in PLURAL_SUBJECTS or (last.endswith("s") and not last.endswith("ss")) or (
                last in ("who", "which", "that")
            ) or last in NUMBER_WORDS or last[:1].isdigit() or (
                len(subject) > 2 and any(t.lower == "and" for t in subject[1:-1])  # "Autor and Hanson emphasize"
            )
        # -s form: a singular subject
        plural = last.endswith("s") and not last.endswith(("ss", "us", "is")) and last not in SUBJECT_PRONOUNS
        # "five nuclear-weapon | states ...": a count of more than one opens a plural noun phrase.
        plural = plural or subject[0].lower in CARDINALS
        return not plural or subject[-1].text[:1].isupper()  # "Sanders says"

    def _verbish(self, low: str) -> bool:
        lemma = self.lex.forms.get(low)
        if lemma is not None and low not in inflect_base_and_s(lemma):
            return True  # "said", "reported"; base and -s forms may be nouns ("the records", "a report")
        return (low.endswith(("ed", "ing", "ly")) and len(low) > 4 and low not in LY_NOUNS) or low in IRREGULAR_PAST

    def np_right(self, doc: TextView, begin: int, b: int, limit: int = 14) -> int:
        """End token (exclusive) of the noun phrase starting at ``begin``; ``begin`` if there is none."""
        toks = doc.tokens
        k = begin
        seen_noun = False
        while k < b and k - begin < limit:
            t = toks[k]
            low = t.lower
            if t.text in QUOTE_CHARS or (t.text in CLOSING_PUNCT and not (
                t.text == "." and k > begin and _is_cap(toks[k - 1]) and len(toks[k - 1].text) <= 4
                and k + 1 < b and (_is_cap(toks[k + 1]) or _is_initialism(toks[k - 1], t))
            )):
                break
            if t.text == "," :
                break
            if t.text == "(" and k > begin and _is_cap(toks[k - 1]):
                # "said Sen. Rand Paul (R-Ky.)": a short parenthesis after the name belongs to it.
                close = next((x for x in range(k + 1, min(b, k + 8)) if toks[x].text in ("(", ")")), None)
                if close is None or toks[close].text != ")":
                    break
                k = close + 1
                continue
            if k == begin and low in PRONOUNS:  # not "one": "said one senior source"
                return k + 1
            if (_is_cap(t) and low not in STOP_WORDS) or low in DETERMINERS or t.text in ("&", "-", "."):
                seen_noun = seen_noun or _is_cap(t)
            elif low in NP_PREPOSITIONS and k > begin:
                pass
            elif _is_lower_word(t.text) and low not in STOP_WORDS and not self._verbish(low):
                seen_noun = True
            elif low == "and" and k > begin and k + 1 < b and _is_cap(toks[k + 1]):
                pass
            else:
                break
            k += 1
        while k > begin and toks[k - 1].lower in NP_PREPOSITIONS | {"and", "&", "-"}:
            k -= 1
        return k if seen_noun or k > begin else begin

    # ------------------------------------------------------------------ frames
    def _cue_group_left(self, doc: TextView, i: int, a: int) -> int:
        """Extend a cue leftwards over its verb group (auxiliaries, negation, adverbs)."""
        toks = doc.tokens
        while i - 1 >= a:
            low = toks[i - 1].lower
            # A capitalised "-ly" word is a name ("James Cleverly said"), unless it is a known adverb.
            if low in AUX or low in NEG or low in ADVERBS or (
                low.endswith("ly") and len(low) > 4 and not toks[i - 1].text[0].isupper()
            ):
                i -= 1
            else:
                break
        return i

    def _skip_adjuncts(self, doc: TextView, k: int, b: int) -> int:
        toks = doc.tokens
        moved = True
        while moved and k < b:
            moved = False
            for phrase in self._adjuncts.get(toks[k].lower, ()):
                n = len(phrase)
                if k + n <= b and all(toks[k + x].lower == phrase[x] for x in range(n)):
                    k += n
                    moved = True
                    break
            if not moved and toks[k].lower in ("on", "late", "early", "last") and k + 1 < b and (
                toks[k + 1].lower in TIME_WORDS
            ):
                k += 2
                moved = True
            elif not moved and toks[k].lower in TIME_WORDS - {"on", "in", "at", "the", "a", "this", "last"}:
                k += 1
                moved = True
        return k

    def _sentence_end(self, doc: TextView, b: int, start: int) -> int:
        """Character end of content running to the sentence end: drop the final stop outside quotes."""
        toks = doc.tokens
        k = b - 1
        while k >= start and toks[k].text in CLOSING_PUNCT | {",", ":"}:
            k -= 1
        if k < start:
            return toks[start].end
        end = toks[k].end
        q = doc.quote_containing(toks[k].start)
        if q is not None and q.end > end:
            end = q.end
        return end

    def _content_right(self, doc: TextView, k: int, b: int, lemma: str) -> tuple[int, int, bool] | None:
        """Content starting at token ``k``: (start char, end char, had_colon)."""
        toks = doc.tokens
        colon = False
        after = self._skip_adjuncts(doc, k, b)
        if k < after < b - 1 and toks[after].lower in ADJUNCT_COMPLEMENTS and (
            toks[after].lower != "to" or _opens_noun_phrase(toks[after + 1])  # not "vowed on Monday to end ..."
        ):
            # "said in a speech to farmers in Lagos that ...": a preposition after a cue adjunct
            # opens the adjunct's complement; the content opens at the next "that" (or infinitive "to": "promised
            # Sunday at a rally to reopen ..."), and there is none without it.
            verb = self.lex.verbs.get(lemma)
            infinitive = verb is not None and "infinitive" in verb.frames
            x = after + 1
            while x < min(b - 1, after + 16) and toks[x].text not in QUOTE_CHARS and (
                toks[x].text not in CLOSING_PUNCT | {",", ":"}
            ):
                if toks[x].lower == "that" or (
                    infinitive and toks[x].lower == "to" and not _opens_noun_phrase(toks[x + 1])
                ):
                    break
                x += 1
            if x >= b - 1 or toks[x].lower not in ("that", "to"):
                return None
            after = x
        k = after
        if k < b and toks[k].text == ":":
            colon = True
            k += 1
        elif k < b and toks[k].text == "," and k + 1 < b and toks[k + 1].text in QUOTE_CHARS:
            k += 1
        if k >= b:
            return None
        if lemma in RECIPIENT_LEMMAS and toks[k].lower not in ("that", "to") and toks[k].text not in QUOTE_CHARS:
            e = self.np_right(doc, k, b, limit=6)
            if e > k:
                k = e
                if k < b and toks[k].text == ",":
                    k += 1
            k = self._skip_adjuncts(doc, k, b)
        if k >= b:
            return None
        # "told a regular press briefing on Tuesday that ...": the content opens at a nearby "that".
        for x in range(k + 1, min(b, k + 9) if toks[k].text not in QUOTE_CHARS else k):
            if toks[x].text in {",", ":", ";", "."} | QUOTE_CHARS or toks[x].lower in CONJUNCTIONS | {"if", "whether"}:
                break
            if toks[x].lower == "that":
                k = x
                break
        if not _two_words(toks, k, b):
            return None
        if toks[k].lower in SUBORDINATORS:
            return None
        if toks[k].lower in ("by", "with", "of", "for", "and", "or", "as", "in", "on", "at", "from", "up",
                             "about", "into", "off", "out", "over", "down", "back", "away") and not (
            lemma == "according to"  # "According to the poll, in Florida ...": a whole clause follows
            or (k + 1 < b and toks[k].lower == "at" and toks[k + 1].lower in ("least", "most"))
        ):
            return None
        if not toks[k].text[:1].isalnum() and toks[k].text not in QUOTE_CHARS | {"'", "(", "["}:
            return None
        start = toks[k].start
        # Be conservative: a contrastive clause after a comma is the author's, not the source's.
        stop = b
        for x in range(k + 1, b - 1):
            if toks[x].text in (",", ";") and toks[x + 1].lower in CONTRAST and (
                doc.quote_containing(toks[x].start) is None
            ):
                stop = x
                break
        end = self._sentence_end(doc, stop, k)
        q = doc.quote_containing(start)
        if q is not None and q.start < start:
            return None
        if end <= start:
            return None
        return start, end, colon

    def _opening_quote(self, doc: TextView, a: int, i: int) -> bool:
        """Does a quote open the sentence at token ``a`` and end, in a comma, question or exclamation mark,
        just before token ``i``?"""
        toks = doc.tokens
        if i - 2 < a or toks[i - 1].text not in QUOTE_CHARS or toks[i - 2].text not in (",", "?", "!"):
            return False
        q = doc.quote_containing(toks[i - 1].start)
        return q is not None and q.start <= toks[a].start

    def _subject_with_relative_clause(self, doc: TextView, a: int, i: int) -> bool:
        """"Hun Sen, who met Xi in Beijing, praised ...": the words before the cue are the subject and its
        relative clause, not a content that an inverted source follows."""
        e = self.np_right(doc, a, i)
        return a < e < i - 1 and _opens_relative_clause(doc.tokens, e)

    def _relative_clause_end(self, doc: TextView, k: int, b: int, end: int) -> int:
        """", who asked not to be named, said ...": content in a relative clause ends at the comma that
        closes it (outside quotes), not at the sentence end."""
        toks = doc.tokens
        for x in range(k + 1, b):
            if toks[x].start >= end:
                break
            if toks[x].text == "," and doc.quote_containing(toks[x].start) is None:
                return toks[x - 1].end
        return end

    def _content_left(self, doc: TextView, a: int, stop: int) -> tuple[int, int] | None:
        """Content from the sentence start to token ``stop`` (exclusive), which must end in a comma/quote."""
        toks = doc.tokens
        k = stop - 1
        if k < a:
            return None
        if toks[k].text not in {",", "—", "–", "--"} | QUOTE_CHARS:
            return None
        while k >= a and toks[k].text in {",", "—", "–", "--"}:
            k -= 1
        if k < a:
            return None
        end = toks[k].end
        begin = toks[a].start
        dateline = match_dateline(doc.text, begin, end)  # "PHNOM PENH, April 19 (Xinhua) -- ": not what was said
        if dateline is not None:
            begin = dateline.end
        q = doc.quote_containing(toks[k].start) or doc.quote_containing(begin)
        if q is not None:
            begin = min(begin, q.start)
            end = max(end, min(q.end, toks[stop - 1].start if toks[stop - 1].text not in QUOTE_CHARS else q.end))
        if not _two_words(toks, a, k + 1) and not (
            q is not None and q.start <= toks[a].start and toks[stop - 1].text in QUOTE_CHARS
        ):
            return None  # one word, unless it is quoted whole: "“Never,” she answered."
        return begin, end

    def _verb(self, doc: TextView, a: int, b: int, i: int, j: int, lemma: str) -> Candidate | None:
        toks = doc.tokens
        verb = self.lex.verbs[lemma]
        cue_start = self._cue_group_left(doc, i, a)
        word = toks[i].lower
        speechy = "speech" in verb.classes
        # "he’s predicting", "I’d say": a pronoun with its auxiliary in one token.
        contracted = _CONTRACTED.fullmatch(toks[cue_start - 1].lower) if cue_start > a else None
        # "Asked whether he would run, Trump said ...": an opening participle clause of a question; what
        # was asked is its content, and who asked is unsaid.
        if word in ("asked", "pressed", "questioned") and j < b and toks[j].lower in QUESTION_OPENERS and (
            cue_start == a or (cue_start == a + 1 and toks[a].lower in ("when", "if", "once", "after"))
        ):
            comma = next((x for x in range(j + 1, b) if toks[x].text == "," and (
                doc.quote_containing(toks[x].start) is None)), None)
            if comma is not None and comma - j >= 2:
                return Candidate((toks[cue_start].start, toks[j - 1].end), None,
                                 [(toks[j].start, toks[comma - 1].end)], lemma, "right", 0.6)
        # Participle: ", saying (that) ..." -- the source is the clause's subject.
        if word.endswith("ing") and cue_start == i and contracted is None:
            if lemma in PARTICIPLE_LEMMAS and i - 1 >= a and (
                toks[i - 1].text == "," or toks[i - 1].lower in PARTICIPLE_OPENERS  # "by saying that"
            ):
                right = self._content_right(doc, j, b, lemma)
                if right is None:
                    return None
                subj = self._subject(doc, a, i)
                return Candidate(
                    (toks[i].start, toks[j - 1].end), subj, [right[:2]], lemma, "participle", 0.6,
                    subject_source=True,
                )
            return None
        # Inverted: "“...,” said the diplomat." / "..., says Smith."
        if cue_start == i and speechy and i - 1 >= a and toks[i - 1].text in {",", "—", "–"} | QUOTE_CHARS and (
            not self._subject_with_relative_clause(doc, a, i)
        ) and (
            # "Wang Wenbin, a spokesman, said China ...": a subject with its appositive, not a content
            toks[a].text in QUOTE_CHARS or not self._named_with_appositive(doc, a, i)
        ):
            src_end = self._inverted_source_end(doc, j, b)
            tail = [t for t in toks[src_end:b] if t.text not in CLOSING_PUNCT]
            # After a quote that opens the sentence, what follows the source is an adjunct ("said one source
            # at the ministry", "said Reed, adding ...").
            if src_end > j and (
                not tail or self._continuation_after(doc, src_end, b) or self._opening_quote(doc, a, i)
            ):
                left = self._content_left(doc, a, i)
                if left is not None:
                    contents = [left]
                    cont = self._continuation_after(doc, src_end, b)
                    if cont:
                        contents.append(cont)
                    return Candidate(
                        (toks[cue_start].start, toks[j - 1].end),
                        (toks[j].start, toks[src_end - 1].end), contents, lemma, "inverted", 0.85,
                    )
        src_start = self.np_left(doc, cue_start, a)
        source = None
        src_end = self._np_left_end(doc, cue_start, a)
        if src_start is not None:
            src = toks[src_start:src_end]
            # "It added, ...", ", which says ...": an organisation's statement (not "it is said").
            organisation = src[0].lower in ("it", "which") and speechy and word != lemma.split()[0] and not any(
                t.lower in AUX for t in toks[cue_start:i]
            )
            empty = len(src) == 1 and src[0].lower in ("it", "there", "which") and (
                "evidence" not in verb.classes and not organisation
            )
            if empty or all(t.lower in DETERMINERS for t in src) or not any(t.text[:1].isalpha() for t in src):
                src_start = None
            elif not self._verb_agrees(toks, src, word, lemma, cue_start < i or contracted is not None):
                return None  # "his tax plan", "the primary state": the cue word is a noun here
        if src_start is None:
            src_end = cue_start
        if src_start is None:
            appositive = self._appositive_source(doc, a, cue_start)
            if appositive is not None:
                src_start, src_end = appositive
        if src_start is not None:
            source = (toks[src_start].start, toks[src_end - 1].end)
            if contracted is not None and src_start == cue_start - 1:
                source = (toks[src_start].start, toks[src_start].start + contracted.end(1))
        elif cue_start - 1 > a and toks[cue_start - 1].lower in ("and", "but") and lemma in COORDINATED_CUES and (
            word not in inflect_base_and_s(lemma)
        ):
            # "Rubio thanked Miami and said it was great to be home": a coordinated cue's source is the
            # subject of the clause.
            source = self._coordinated_subject(doc, a, cue_start - 1)
        cue = (toks[cue_start].start, toks[j - 1].end)
        # Content after the cue.
        right = self._content_right(doc, j, b, lemma)
        if source is not None and src_start is not None and speechy and (
            right is None or not is_quote_at(doc.text, right[0])
        ) and self._opening_quote(doc, a, src_start):
            # "“I cannot believe it,” Trump said 30 minutes into the debate.": after a quote that opens the
            # sentence and ends in a comma, what follows the cue is an adjunct ("said sarcastically", "said
            # in an interview with ...", "said, adding ...", "said, and the crowd ..."), and the quote is the content.
            left = self._content_left(doc, a, src_start)
            if left is not None:
                return Candidate(cue, source, [left], lemma, "left", 0.85)
        if right is not None and source is not None and src_start is not None and cue_start < i and (
            word not in inflect_base_and_s(lemma) and not word.endswith("ing") and lemma not in ADJECTIVAL_PASSIVES
            and any(t.lower in BE_FORMS for t in toks[cue_start:i])
        ):
            # A passive cue's subject is what is reported on, not who reports ("Obama is expected to join
            # Clinton", "the plan was criticized as ..."): no source, and no speaker's statement: the content
            # is what follows the cue, as for any cue (the subject alone, "Obama", would be a statement saying
            # nothing).
            start, end, _colon = right
            return Candidate(cue, None, [(start, end)], lemma, "right", 0.6)
        if right is not None and source is not None:
            start, end, colon = right
            if src_start is not None and src_start > a and _opens_relative_clause(toks, src_start - 1):
                end = self._relative_clause_end(doc, doc.token_at(start), b, end)
            first = doc.tokens[doc.token_at(start)].lower
            if "that" not in verb.frames and "object" not in verb.frames:
                if first != "to" and first != "that":
                    return None
            elif not speechy and "object" not in verb.frames and first not in ("that", "to"):
                return None
            if colon:
                cue = (cue[0], toks[doc.token_at(start) - 1].end)
            conf = 0.85 if speechy else 0.6
            contents = [(start, end)]
            # "..., he said, “...”" has both a left and a right piece.
            left = self._content_left(doc, a, src_start) if src_start is not None else None
            if left is not None and toks[doc.token_at(start) - 1].text in {","} | QUOTE_CHARS and (
                is_quote_at(doc.text, start)
            ):
                contents.insert(0, left)
            return Candidate(cue, source, contents, lemma, "right", conf)
        # Content before: "..., he added."
        if source is not None and src_start is not None and "before" in verb.frames:
            rest = self._skip_adjuncts(doc, j, b)
            if lemma in RECIPIENT_LEMMAS and rest < b and toks[rest].text not in CLOSING_PUNCT | {","}:
                rest = self._skip_adjuncts(doc, self.np_right(doc, rest, b, limit=6), b)
            if rest < b and toks[rest].lower in ADJUNCT_PREPOSITIONS:
                # "Carson said on NBC's Meet the Press, but ...": skip the adjunct to its comma.
                x = rest
                while x < b and toks[x].text not in {","} | CLOSING_PUNCT and toks[x].text not in QUOTE_CHARS:
                    x += 1
                if x - rest <= 10 or x >= b or toks[x].text in CLOSING_PUNCT:
                    rest = x
                    if rest + 1 < b and toks[rest].text == "," and toks[rest + 1].lower in CONTRAST | {"and"}:
                        rest = b
            tail_ok = rest >= b or all(t.text in CLOSING_PUNCT for t in toks[rest:b]) or (
                toks[rest].lower in SUBORDINATORS  # "..., Christie said when asked whether ..."
            )
            cont = None
            if not tail_ok and toks[rest].text == ",":
                cont = self._continuation_after(doc, rest, b)
                # "X, he said, Y": the content continues after the parenthetical cue.
                if cont is None and rest + 1 < b and toks[rest + 1].lower not in PARTICIPLE_FORMS | CONJUNCTIONS and (
                    _two_words(toks, rest + 1, b)
                ):
                    cont = (toks[rest + 1].start, self._sentence_end(doc, b, rest + 1))
                tail_ok = cont is not None
            if tail_ok:
                left = self._content_left(doc, a, src_start)
                if left is not None:
                    contents = [left] + ([cont] if cont else [])
                    return Candidate(cue, source, contents, lemma, "left", 0.85 if speechy else 0.6)
        return None

    def source_before(self, doc: TextView, a: int, cue_start: int) -> tuple[int, int] | None:
        """The source noun phrase before a cue starting at token ``cue_start`` (sentence from ``a``)."""
        toks = doc.tokens
        if toks[cue_start].lower.endswith("ing") and cue_start - 1 >= a and toks[cue_start - 1].text == ",":
            subject = self._subject(doc, a, cue_start)
            if subject is not None:
                return doc.token_at(subject[0]), doc.token_at(subject[1])
        start = self.np_left(doc, cue_start, a)
        if start is not None:
            end = self._np_left_end(doc, cue_start, a)
            src = toks[start:end]
            if src and any(t.text[:1].isalpha() for t in src) and not all(t.lower in DETERMINERS for t in src):
                return start, end
        return self._appositive_source(doc, a, cue_start)

    def _appositive_source(self, doc: TextView, a: int, cue_start: int) -> tuple[int, int] | None:
        """``Name, a diplomat with the ministry, said`` / ``Bamberg, who is 28, said``: the source is the
        name with its appositive or relative clause (commas included); ``Trump, in an interview, said``:
        the source is the name alone. Returns (first token, end token)."""
        toks = doc.tokens
        if cue_start - 1 < a or toks[cue_start - 1].text != ",":
            return None
        k = cue_start - 2
        while k >= a and toks[k].text != "," and toks[k].text not in QUOTE_CHARS and cue_start - k < 25:
            k -= 1
        if k < a or toks[k].text != "," or k == cue_start - 2:
            return None
        head = self.np_left(doc, k, a, limit=8)
        if head is None or toks[head].lower in ("it", "there", "which", "who"):
            return None
        # "Lindsey Graham, R-S.C., a candidate, said", "Clinton, 35, the daughter of ..., said": a name
        # before the appositive's own comma-separated parts.
        for _ in range(2):
            if head - 1 <= a or toks[head - 1].text != "," or toks[head].lower in DETERMINERS:
                break
            prev = self.np_left(doc, head - 1, a, limit=6)
            if prev is None or not _is_cap(toks[prev]) or not self._clause_opener(doc, a, prev):
                break
            head = prev
        if not self._clause_opener(doc, a, head):
            return None  # the noun phrase must begin its clause, otherwise this is a list
        if toks[k + 1].lower in ADJUNCT_OPENERS:
            return head, k
        return head, cue_start

    def _named_with_appositive(self, doc: TextView, a: int, cue_start: int) -> bool:
        """Is the text before the cue a name and its appositive ("Wang Wenbin, a spokesman, | said"), so the
        subject of the cue rather than a content said by someone after it?"""
        toks = doc.tokens
        found = self._appositive_source(doc, a, cue_start)
        if found is None or found[0] != a or not _is_cap(toks[a]):
            return False
        comma = next(k for k in range(a, cue_start) if toks[k].text == ",")
        if toks[comma + 1].lower in DETERMINERS | {"who"}:
            return True
        # "Prak Sokhonn, Senior Minister and Minister of Foreign Affairs ..., said": an office in apposition
        return any(t.lower in self._title_heads or t.lower in self.lex.role_nouns
                   for t in toks[comma + 1:cue_start])

    def _coordinated_subject(self, doc: TextView, a: int, conj: int) -> tuple[int, int] | None:
        """The subject that opens the sentence at token ``a`` when one clause (no quote, colon or semicolon
        in it, the subject followed by a word) runs from there to the conjunction at token ``conj``
        (character span)."""
        toks = doc.tokens
        first = toks[a]
        if first.lower in STOP_WORDS or first.lower in ADJUNCT_OPENERS or first.lower.endswith(("ly", "ing")) or not (
            _is_cap(first) or first.lower in SUBJECT_PRONOUNS
        ):
            return None
        e = self.np_right(doc, a, conj, limit=10)
        if e == a or e >= conj or not toks[e].text[:1].isalpha() or (
            any(t.text in QUOTE_CHARS or t.text in (";", ":") for t in toks[e:conj])
        ):
            return None
        return first.start, toks[e - 1].end

    def _clause_opener(self, doc: TextView, a: int, head: int) -> bool:
        """Does a noun phrase starting at token ``head`` open its clause (sentence from ``a``)?"""
        toks = doc.tokens
        return head <= a or toks[head - 1].text in {",", ":"} | QUOTE_CHARS or toks[head - 1].lower in (
            "and", "but", "meanwhile", "however", "also"
        )

    def _inverted_source_end(self, doc: TextView, j: int, b: int) -> int:
        """End token of an inverted source: the NP after the cue, with any appositive, to the clause end."""
        toks = doc.tokens
        e = self.np_right(doc, j, b)
        if e == j:
            return j
        if e < b and toks[e].text == ",":
            # Appositive ("said Sterling Pratt, wine director at ...") unless a quote or a new clause follows.
            k = e + 1
            if k < b and toks[k].text not in QUOTE_CHARS and toks[k].lower not in ("adding", "saying", "and",
                                                                                      "but", "who", "which"):
                stop = k
                while stop < b and toks[stop].text not in QUOTE_CHARS and toks[stop].text not in CLOSING_PUNCT:
                    if toks[stop].text == "," and stop + 1 < b and (
                        toks[stop + 1].text in QUOTE_CHARS or toks[stop + 1].lower.endswith("ing")
                    ):
                        break
                    stop += 1
                return stop
        return e

    def _continuation_after(self, doc: TextView, k: int, b: int) -> tuple[int, int] | None:
        """A quote that resumes after the cue in the same sentence: ``..., he said, “...”``."""
        toks = doc.tokens
        if k < b and toks[k].text == ",":
            k += 1
        if k < b and toks[k].text in QUOTE_CHARS:
            q = doc.quote_containing(toks[k].start)
            if q is not None:
                return q.start, q.end
        return None

    def clause_subject(self, doc: TextView, a: int, limit: int) -> tuple[int, int] | None:
        """The subject (character span) of the clause that starts the sentence at token ``a``, before
        token ``limit``: the source of a coordinated cue ("Ali converted ... and refused to ...")."""
        return self._subject(doc, a, limit)

    def _subject(self, doc: TextView, a: int, limit: int) -> tuple[int, int] | None:
        """The subject of the clause that starts the sentence (skipping an opening adverbial)."""
        toks = doc.tokens
        k = a
        for _ in range(2):
            if k >= limit:
                return None
            e = self.np_right(doc, k, limit, limit=10)
            first = toks[k].lower
            if e > k and first not in STOP_WORDS and first not in ("meanwhile", "however", "finally"):
                return toks[k].start, toks[e - 1].end
            # Skip a fronted adverbial up to its comma.
            while k < limit and toks[k].text != ",":
                k += 1
            k += 1
        return None

    def _according(self, doc: TextView, a: int, b: int, i: int, j: int) -> Candidate | None:
        toks = doc.tokens
        e = self.np_right(doc, j, b)
        if e == j:
            return None
        if i == a and e < b and toks[e].text != ",":
            # "According to a statement issued by the ministry, ...": the source runs to the comma.
            comma = next((x for x in range(e, min(b, e + 20)) if toks[x].text == ","), None)
            if comma is not None and not any(toks[x].text in QUOTE_CHARS for x in range(e, comma)):
                e = comma
        cue = (toks[i].start, toks[j - 1].end)
        source = (toks[j].start, toks[e - 1].end)
        if (e < b and toks[e].text == "," and i == a) or (i > a and toks[i - 1].text not in (",",) and i == a):
            right = self._content_right(doc, e + 1, b, "according to")
            if right is None:
                return None
            return Candidate(cue, source, [right[:2]], "according to", "according", 0.8)
        if i == a:
            right = self._content_right(doc, e + 1 if e < b and toks[e].text == "," else e, b, "according to")
            if right is None:
                return None
            return Candidate(cue, source, [right[:2]], "according to", "according", 0.8)
        # "..., according to a poll released Monday.": a source that ends the sentence runs to its end.
        last = b
        while last > e and toks[last - 1].text in CLOSING_PUNCT:
            last -= 1
        final = e == last or (last - e <= 8 and not any(toks[x].text in {",", ";", ":"} | QUOTE_CHARS
                                                         for x in range(e, last)) and not any(
            # "a report published in London", "analysts in Singapore": a place is where the source was, and
            # would read as the speaker's country; a date is not ("a poll released in May").
            toks[x].lower in ("in", "at", "from") and _is_cap(toks[x + 1]) and toks[x + 1].lower not in DATE_WORDS
            for x in range(e, last - 1)))
        if final:
            source = (toks[j].start, toks[last - 1].end)
        left = self._content_left(doc, a, i)
        if left is None:
            return None
        return Candidate(cue, source, [left], "according to", "according", 0.8)

    # ------------------------------------------------------------------ continuations
    def _continuations(
        self, doc: TextView, ranges: list[tuple[int, int]], found: list[Candidate]
    ) -> list[Candidate]:
        """Quotes that open sentences with no attribution's cue continue the nearest preceding quoted
        attribution (speaker labels and bylines included, which run first and so claim their quotes)."""
        covered: list[tuple[int, int]] = sorted(
            [c for cand in found for c in cand.contents] + [cand.cue for cand in found if cand.cue]
        )
        by_start = sorted(found, key=lambda c: min(s for s, _ in c.contents))
        sent_starts = [r[0] for r in ranges]
        # Sentences that hold an attribution's cue: a quote there is not a continuation of an earlier one.
        attributed = {bisect.bisect_right(sent_starts, doc.token_at(c.cue[0])) - 1 for c in found if c.cue}
        for q in doc.quotes:
            if any(s <= q.start < e or q.start <= s < q.end for s, e in covered):
                continue
            words = doc.text[q.start:q.end].split()
            if len(words) < 4:
                continue  # scare quotes and titles
            # The quote must open its sentence (otherwise it is embedded in the author's prose).
            t = doc.token_at(q.start)
            x = bisect.bisect_right(sent_starts, t) - 1
            if x >= 0 and t < ranges[x][1] and (sent_starts[x] != t or x in attributed):
                continue
            last = preceding_candidate(by_start, q.start)
            if last is None:
                continue
            quoted = any(is_quote_at(doc.text, s) for s, _ in last.contents)
            if not quoted and "speech" not in self.lex.verbs.get(last.lemma, _NO_VERB).classes:
                continue
            last.contents.append((q.start, q.end))
            covered.append((q.start, q.end))
        return found


class _NoVerb:
    classes: frozenset[str] = frozenset()


_NO_VERB = _NoVerb()


def _inside(span: tuple[int, int], cand: Candidate) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in cand.contents)


def _outer_rank(cand: Candidate) -> int:
    """Where two attributions contain each other's cue, the sentence-final one is the outer one."""
    return 1 if cand.frame in ("left", "inverted") else 0


def _outermost(found: list[Candidate]) -> list[Candidate]:
    """Drop attributions whose cue lies inside another attribution's content (nested attributions)."""
    out: list[Candidate] = []
    # The extent of each attribution's contents: a cue outside it cannot lie inside any of them.
    extents = [(min(s for s, _ in c.contents), max(e for _, e in c.contents), c) for c in found]
    for cand in found:
        if cand.cue is None:
            out.append(cand)
            continue
        cue_start, cue_end = cand.cue
        nested = any(
            other is not cand and _inside(cand.cue, other) and not (
                other.cue is not None and _inside(other.cue, cand) and _outer_rank(cand) >= _outer_rank(other)
            )
            for low, high, other in extents
            if low <= cue_start and cue_end <= high
        )
        if not nested:
            out.append(cand)
    # Two cues claiming the same content: keep the one with the closer, more confident cue.
    seen: dict[tuple[int, int], Candidate] = {}
    result: list[Candidate] = []
    for cand in out:
        key = cand.contents[0]
        if key in seen:
            if cand.confidence > seen[key].confidence:
                result[result.index(seen[key])] = cand
                seen[key] = cand
            continue
        seen[key] = cand
        result.append(cand)
    return result
