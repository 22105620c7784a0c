"""Syntax features for the trained quote model, read off a spaCy dependency parse (the ``nlp`` extra).

A model trained with the ``nlp`` extra installed (``amity train quotes``, ``--attribution parse``) sees, for
each token, what the tagger alone cannot: its part of speech and dependency relation, which verb's clausal
complement or subject it sits in ("found *that the plan failed*": content of "found"; "*the report* shows":
source of "shows"), whether it is a verb that governs a clause, and the roles the parse-mode attribution
(``amity.nlp.dependency``) gives it. Such a model needs spaCy at prediction time too; its metadata says so,
and loading it without the extra raises the E600 install hint.

Every sentence of the pipeline's own sentence split is parsed on its own, once; the parse-mode extractor
reuses those parses.
"""

from __future__ import annotations

import bisect
from typing import TYPE_CHECKING, Any

from amity.model import Sentence
from amity.nlp.cues import AttributionLexicon
from amity.nlp.dependency import DependencyExtractor, load_parser
from amity.nlp.quotation import Token
from amity.nlp.quote_model import stem
from amity.nlp.rules import role_tags

if TYPE_CHECKING:
    from spacy.language import Language

# Edges that say which role a token plays for the verb above it.
ROLE_DEPS = {"ccomp": "C", "xcomp": "X", "nsubj": "S", "nsubjpass": "P", "dobj": "O", "agent": "A",
             "pobj": "B", "advcl": "V", "conj": "J", "relcl": "R", "parataxis": "T"}
COMPLEMENT_DEPS = frozenset({"ccomp", "xcomp", "parataxis"})
MAX_CLIMB = 12


def _coarse_bucket(p: float) -> str:
    """A cue probability in four bands (coarser than the tagger's own five)."""
    return "0" if p <= 0 else ("1" if p < 0.2 else ("2" if p < 0.5 else "3"))


class SyntaxFeatures:
    """Per-token syntax features; build once (loading the parser takes a second or two)."""

    def __init__(self, lexicon: AttributionLexicon, *, parser: Language | None = None) -> None:
        self.nlp = parser if parser is not None else load_parser()
        self.extractor = DependencyExtractor(lexicon, parser=self.nlp)

    def parse(self, text: str, sentences: list[Sentence]) -> list[tuple[int, Any]]:
        spans = [(s.start, s.end) for s in sentences if text[s.start:s.end].strip()]
        return [(s, doc) for (s, _e), doc in zip(spans, self.nlp.pipe(text[s:e] for s, e in spans), strict=True)]

    def features(
        self, text: str, sentences: list[Sentence], tokens: list[Token], cue_prob: dict[str, float]
    ) -> list[list[str]]:
        """One list of features per token of ``tokens`` (the quote model's tokenisation)."""
        parsed = self.parse(text, sentences)
        starts: list[int] = []
        spacy_tokens: list[Any] = []
        for offset, doc in parsed:
            for tok in doc:
                if not tok.is_space:
                    starts.append(offset + tok.idx)
                    spacy_tokens.append(tok)
        roles = role_tags(self.extractor.extract(text, sentences, parsed), [t.start for t in tokens])
        out: list[list[str]] = []
        for i, t in enumerate(tokens):
            j = bisect.bisect_right(starts, t.start) - 1
            if j < 0:
                out.append(["syn=none", "pr=" + roles[i]])
                continue
            tok = spacy_tokens[j]
            head = tok.head
            feats = [
                "pos=" + tok.tag_,
                "dep=" + tok.dep_,
                "dph=" + tok.dep_ + "|" + head.tag_,
                "pr=" + roles[i],
                "prd=" + roles[i] + "|" + tok.dep_,
            ]
            kids = sorted({ROLE_DEPS[c.dep_] for c in tok.children if c.dep_ in ROLE_DEPS})
            if kids:
                feats.append("kids=" + "".join(kids))
                feats.append("kidsw=" + "".join(kids) + "|" + stem(tok.lower_))
            # The nearest verb above this token and the edge that leads to it.
            node, climbs = tok, 0
            while node.head is not node and climbs < MAX_CLIMB:
                kind = ROLE_DEPS.get(node.dep_)
                if kind is not None and node.head.tag_.startswith("VB"):
                    verb = stem(node.head.lower_)
                    bucket = _coarse_bucket(cue_prob.get(verb, 0.0))
                    feats.append("gov=" + kind + "|" + verb)
                    feats.append("govp=" + kind + "|" + bucket)
                    feats.append("govd=" + kind + "|" + bucket + "|" + ("1" if climbs == 0 else "n"))
                    break
                node = node.head
                climbs += 1
            # The clause this token sits in the complement of ("found that *the plan failed*"), however deep.
            node, climbs = tok, 0
            while node.head is not node and climbs < MAX_CLIMB:
                if node.dep_ in COMPLEMENT_DEPS and node.head.tag_.startswith("VB"):
                    verb = stem(node.head.lower_)
                    feats.append("inc=" + node.dep_ + "|" + _coarse_bucket(cue_prob.get(verb, 0.0)))
                    feats.append("incw=" + verb)
                    break
                node = node.head
                climbs += 1
            out.append(feats)
        return out
