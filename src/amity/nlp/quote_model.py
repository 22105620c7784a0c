"""A trainable attribution model: a token tagger (averaged perceptron) plus span linking.

Each token gets one of ``O``, ``B-/I-`` ``SRC``, ``CUE``, ``CON`` (an attribution annotation in which every
token plays at most one role is a tag sequence). Tagging is greedy left to right with the previous tag as a
feature, over lexical and context features, the attribution lexicon, quotation marks, and the default
rules' own tags (so the model learns where to trust the rules), and cue probabilities learned from the
training annotations (P(cue | word stem), counted out-of-fold for the training features): these reach the
idiosyncratic cues the lexicon lacks and tell every token which cue governs it and on which side. Tagged
spans are then linked: each content span to the nearest cue in its sentence (or, for a quote with no cue,
the nearest cue in the sentences around it), each cue to the nearest source in its sentence, else the noun
phrase the rules find before it, else the subject of its clause.

Hand-written with NumPy-free Python dictionaries because the averaged perceptron is a few dozen lines, is
fast enough to train on PolNeAR-size data in a couple of minutes, and keeps scikit-learn out of the
dependencies. Models are stored as JSON (never pickle) with ``format_version`` and ``kind: "quotes"``.
"""

from __future__ import annotations

import bisect
import json
import logging
import random
import re
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amity.errors import ModelError
from amity.model import Sentence
from amity.nlp.quotation import QUOTE_CHARS, Token, find_quotes, paragraph_bounds, tokenize
from amity.nlp.quote_formats import format_attributions
from amity.nlp.rules import Candidate, RuleExtractor, TextView, fill_in, role_tags

if TYPE_CHECKING:
    from amity.nlp.quote_syntax import SyntaxFeatures

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
KIND = "quotes"
TAGS = ("O", "B-SRC", "I-SRC", "B-CUE", "I-CUE", "B-CON", "I-CON")
SHARE_SOURCES = True  # one source may serve several cues ("X announced ... and said ...")
# Measured on a held-out split of PolNeAR train: the tagger's own source and content spans score better
# than the rules' where both find the same cue (models trained before this flag keep the old behaviour).
PREFER_RULES = False
SUBJECT_FALLBACK = True  # a cue with no noun phrase next to it takes its clause's subject as source
LAYOUT_FORMATS = True  # speaker labels ("WALLACE: ...") and dash bylines ("“...” ― Name") take precedence
# Cues are what the tagger misses most: a small bonus on cue and source tags trades precision for recall.
DEFAULT_BOOST = {"B-CUE": 1.0, "I-CUE": 0.5, "B-SRC": 0.5}


_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\b(?:\s+\w+ly)?\s+\w+(?:ed|en|wn)\b", re.IGNORECASE)


def _shape(text: str) -> str:
    if text[:1].isupper():
        return "X" if len(text) > 1 and text.isupper() else "Xx"
    if text[:1].isdigit():
        return "d"
    if text[:1].isalpha():
        return "x"
    return text[:1] if text[:1] in QUOTE_CHARS or text in ",.:;—-" else "p"


def stem(word: str) -> str:
    """A crude suffix-stripping stem, so that inflections of a cue share evidence ("decried", "decries")."""
    for suffix in ("ied", "ies", "ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


def _bucket(d: int) -> str:
    return str(d) if d < 4 else ("4-7" if d < 8 else ("8-15" if d < 16 else "16+"))


@dataclass(slots=True)
class _Prepared:
    tokens: list[Token]
    sentence_of: list[int]
    features: list[list[str]]  # static features (without the previous tag)
    ruled: list[Candidate]  # the rules' attributions, whose roles are features and which fill in gaps


def _prob_bucket(p: float) -> str:
    return "0" if p <= 0 else ("1" if p < 0.05 else ("2" if p < 0.2 else ("3" if p < 0.5 else "4")))


LEARNED_CUE_MIN = 0.2  # a word that is a cue in at least this share of its training occurrences


class _Featurizer:
    def __init__(
        self, rules: RuleExtractor, cue_prob: dict[str, float] | None = None, syntax: SyntaxFeatures | None = None
    ) -> None:
        self.rules = rules
        self.syntax = syntax
        self.forms = rules.lex.forms
        self.verbs = rules.lex.verbs
        # P(cue | word stem) learned from the user's own annotations: cues the lexicon does not know
        # ("threw her support behind", "the claim that").
        self.cue_prob = cue_prob or {}

    def prepare(self, text: str, sentences: list[Sentence]) -> _Prepared:
        tokens = tokenize(text)
        starts = [t.start for t in tokens]
        n = len(tokens)
        sentence_of = [0] * n
        bounds = sorted((s.start, s.end) for s in sentences)
        for si, (s, e) in enumerate(bounds):
            for i in range(bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)):
                sentence_of[i] = si
        quotes = find_quotes(text, paragraph_bounds(text))
        in_quote = [False] * n
        for q in quotes:
            for i in range(bisect.bisect_left(starts, q.start), bisect.bisect_left(starts, q.end)):
                in_quote[i] = True
        ruled = self.rules.extract(text, sentences)
        rule_tag = role_tags(ruled, starts)
        lexical = [self.forms.get(t.lower) for t in tokens]
        # Distance to the nearest lexicon cue in the same sentence, bucketed.
        nearest_left, nearest_right = _nearest_in_sentence([bool(w) for w in lexical], sentence_of)
        feats: list[list[str]] = []
        low = [t.lower for t in tokens]
        sent_start = [0] * n
        sent_end = [0] * n
        for i in range(n):
            sent_start[i] = i if i == 0 or sentence_of[i - 1] != sentence_of[i] else sent_start[i - 1]
        for i in range(n - 1, -1, -1):
            sent_end[i] = i if i == n - 1 or sentence_of[i + 1] != sentence_of[i] else sent_end[i + 1]

        stems = [stem(w) for w in low]
        cue_p = [self.cue_prob.get(st, 0.0) for st in stems]
        learned = [p >= LEARNED_CUE_MIN or lexical[i] is not None for i, p in enumerate(cue_p)]
        # Distance (signed, in tokens) to the nearest learned or lexicon cue of the sentence.
        cue_left, cue_right = _nearest_in_sentence(learned, sentence_of)
        sent_cue: dict[int, bool] = defaultdict(bool)
        for i in range(n):
            if learned[i]:
                sent_cue[sentence_of[i]] = True
        sent_quote: dict[int, bool] = defaultdict(bool)
        for i in range(n):
            if in_quote[i]:
                sent_quote[sentence_of[i]] = True

        def lex_class(j: int) -> str:
            if j < 0 or j >= n or not lexical[j]:
                return "-"
            return min(self.verbs[lexical[j] or ""].classes)

        for i, t in enumerate(tokens):
            w = low[i]
            first = i == sent_start[i]
            lastt = i == sent_end[i]
            from_start = _bucket(i - sent_start[i])
            to_end = _bucket(sent_end[i] - i)
            f = [
                "b",
                "w=" + w,
                "s3=" + w[-3:],
                "sh=" + _shape(t.text),
                "w-1=" + (low[i - 1] if i > 0 else "<s>"),
                "w+1=" + (low[i + 1] if i + 1 < n else "</s>"),
                "w-2=" + (low[i - 2] if i > 1 else "<s>"),
                "w+2=" + (low[i + 2] if i + 2 < n else "</s>"),
                "w-1w=" + (low[i - 1] if i > 0 else "<s>") + "|" + w,
                "ww+1=" + w + "|" + (low[i + 1] if i + 1 < n else "</s>"),
                "sh-1=" + (_shape(tokens[i - 1].text) if i > 0 else "<s>"),
                "sh+1=" + (_shape(tokens[i + 1].text) if i + 1 < n else "</s>"),
                "r=" + rule_tag[i],
                "r-1=" + (rule_tag[i - 1] if i > 0 else "<s>") + "|" + rule_tag[i],
                "r+1=" + rule_tag[i] + "|" + (rule_tag[i + 1] if i + 1 < n else "</s>"),
                "q=" + str(in_quote[i]),
                "nl=" + str(min(nearest_left[i], 6)),
                "nr=" + str(min(nearest_right[i], 6)),
                "nlr=" + str(min(nearest_left[i], 6)) + "|" + str(min(nearest_right[i], 6)),
            ]
            f.extend([
                "st=" + stems[i],
                "st-1=" + (stems[i - 1] if i > 0 else "<s>"),
                "st+1=" + (stems[i + 1] if i + 1 < n else "</s>"),
                "w-3=" + (low[i - 3] if i > 2 else "<s>"),
                "w+3=" + (low[i + 3] if i + 3 < n else "</s>"),
                "sq=" + str(sent_quote[sentence_of[i]]) + "|" + rule_tag[i],
                "ps=" + from_start, "pe=" + to_end,
                "lx-1=" + lex_class(i - 1), "lx+1=" + lex_class(i + 1),
                "lx-2=" + lex_class(i - 2), "lx+2=" + lex_class(i + 2),
                "lx-1w=" + lex_class(i - 1) + "|" + w, "lx+1w=" + lex_class(i + 1) + "|" + w,
                "qsh=" + str(in_quote[i]) + "|" + _shape(t.text),
                "q-1=" + str(in_quote[i - 1] if i > 0 else False) + "|" + str(in_quote[i]),
                "rq=" + rule_tag[i] + "|" + str(in_quote[i]),
            ])
            side = ("L" if cue_right[i] < 99 else "") + ("R" if cue_left[i] < 99 else "")
            # Which cue governs this token: what follows "refused" differs from what follows "said".
            left_cue = stems[i - cue_left[i]] if cue_left[i] < 16 else "-"
            right_cue = stems[i + cue_right[i]] if cue_right[i] < 16 else "-"
            f.extend(["lcw=" + left_cue, "rcw=" + right_cue, "lcwq=" + left_cue + "|" + str(in_quote[i])])
            f.extend([
                "cp=" + _prob_bucket(cue_p[i]),
                "cp-1=" + (_prob_bucket(cue_p[i - 1]) if i > 0 else "<s>"),
                "cp+1=" + (_prob_bucket(cue_p[i + 1]) if i + 1 < n else "</s>"),
                "cpw=" + _prob_bucket(cue_p[i]) + "|" + _shape(t.text),
                "cl=" + _bucket(cue_left[i]) + "|" + _bucket(cue_right[i]),
                "side=" + side + "|" + str(in_quote[i]),
                "sc=" + str(sent_cue[sentence_of[i]]) + "|" + str(sent_quote[sentence_of[i]]),
                "sider=" + side + "|" + rule_tag[i],
            ])
            if first:
                f.append("first")
            if lastt:
                f.append("last")
            lemma = lexical[i]
            if lemma:
                f.append("lex=" + lemma)
                f.extend("cls=" + c for c in sorted(self.verbs[lemma].classes))
            feats.append(f)
        if self.syntax is not None:
            for f, extra in zip(feats, self.syntax.features(text, sentences, tokens, self.cue_prob), strict=True):
                f.extend(extra)
        return _Prepared(tokens, sentence_of, feats, ruled)


def _scores(weights: dict[str, list[float]], feats: list[str]) -> list[float]:
    """Sum of the feature rows: ``zip``/``sum`` run in C, three times faster than an index loop."""
    rows = [w for w in map(weights.get, feats) if w is not None]
    return [sum(column) for column in zip(*rows, strict=True)] if rows else [0.0] * len(TAGS)


@dataclass(slots=True)
class _Perceptron:
    weights: dict[str, list[float]] = field(default_factory=dict)
    totals: dict[str, list[float]] = field(default_factory=dict)
    stamps: dict[str, list[int]] = field(default_factory=dict)
    step: int = 0

    def scores(self, feats: list[str]) -> list[float]:
        return _scores(self.weights, feats)

    def update(self, feats: list[str], gold: int, guess: int) -> None:
        self.step += 1
        if gold == guess:
            return
        nt = len(TAGS)
        for f in feats:
            w = self.weights.get(f)
            if w is None:
                w = self.weights[f] = [0.0] * nt
                self.totals[f] = [0.0] * nt
                self.stamps[f] = [0] * nt
            tot, st = self.totals[f], self.stamps[f]
            for k, delta in ((gold, 1.0), (guess, -1.0)):
                tot[k] += (self.step - st[k]) * w[k]
                st[k] = self.step
                w[k] += delta

    def average(self) -> dict[str, list[float]]:
        out = {}
        for f, w in self.weights.items():
            tot, st = self.totals[f], self.stamps[f]
            avg = [(tot[k] + (self.step - st[k]) * w[k]) / max(self.step, 1) for k in range(len(TAGS))]
            if any(abs(x) > 1e-4 for x in avg):
                out[f] = [round(x, 5) for x in avg]
        return out


def _tag_features(static: list[str], prev: str, word: str) -> list[str]:
    return [*static, "p=" + prev, "pw=" + prev + "|" + word]


def _decode(
    weights: dict[str, list[float]], prepared: _Prepared, boost: dict[int, float] | None = None
) -> list[int]:
    """Greedy left-to-right tagging; ``boost`` adds to some tags' scores (a recall/precision trade-off)."""
    boost = boost or {}
    tags: list[int] = []
    prev = "<s>"
    nt = len(TAGS)
    for i, static in enumerate(prepared.features):
        if i > 0 and prepared.sentence_of[i] != prepared.sentence_of[i - 1]:
            prev = "<s>" if TAGS[tags[-1]] == "O" else prev  # content may run on across sentences
        scores = _scores(weights, _tag_features(static, prev, prepared.tokens[i].lower))
        for k, bonus in boost.items():
            scores[k] += bonus
        best = max(range(nt), key=scores.__getitem__)
        tags.append(best)
        prev = TAGS[best]
    return tags


def _gold_tags(prepared: _Prepared, attributions: list[Any]) -> list[int]:
    starts = [t.start for t in prepared.tokens]
    tags = [0] * len(prepared.tokens)
    for att in attributions:
        for role, key in (("content", "CON"), ("source", "SRC"), ("cue", "CUE")):
            frags = getattr(att, role)
            if not frags:
                continue
            for s, e in frags:
                lo, hi = bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)
                for i in range(lo, hi):
                    tags[i] = TAGS.index(("B-" if i == lo else "I-") + key)
    return tags


def _spans(tags: list[int], prepared: _Prepared) -> list[tuple[str, int, int]]:
    """(role, first token, end token) runs of tags."""
    out: list[tuple[str, int, int]] = []
    cur: tuple[str, int] | None = None
    for i, t in enumerate([*tags, 0]):
        tag = TAGS[t]
        role = tag[2:] if tag != "O" else ""
        if cur is not None and (tag == "O" or tag.startswith("B-") or role != cur[0]):
            out.append((cur[0], cur[1], i))
            cur = None
        if tag != "O" and cur is None:
            cur = (role, i)
    return out


def _overlaps_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def link(
    prepared: _Prepared, tags: list[int], rules: RuleExtractor | None = None, doc: TextView | None = None
) -> list[Candidate]:
    """Group tagged spans into attributions."""
    toks = prepared.tokens
    sent = prepared.sentence_of
    spans = _spans(tags, prepared)
    cues = [s for s in spans if s[0] == "CUE"]
    if not cues:
        return []
    by_cue: dict[int, Candidate] = {}
    for ci, (_, a, b) in enumerate(cues):
        by_cue[ci] = Candidate((toks[a].start, toks[b - 1].end), None, [], "", "model", 0.7)
    used_sources: set[int] = set()

    def nearest_cue(a: int, b: int, same_sentence_only: bool) -> int | None:
        best, best_d = None, 10**9
        for ci, (_, ca, cb) in enumerate(cues):
            if same_sentence_only and sent[ca] != sent[a] and sent[ca] != sent[b - 1]:
                continue
            if not same_sentence_only and abs(sent[ca] - sent[a]) > 2:
                continue
            d = ca - b if ca >= b else a - cb
            if d < best_d:
                best, best_d = ci, d
        return best

    for role, a, b in spans:
        if role == "CON":
            near = nearest_cue(a, b, True)
            if near is None:
                near = nearest_cue(a, b, False)
            if near is not None:
                by_cue[near].contents.append((toks[a].start, toks[b - 1].end))
    # Sources: closest (cue, source) pairs first, each source serving one cue (the annotation is univocal).
    pairs = []
    for ci, (_, ca, cb) in enumerate(cues):
        for si, (role, a, b) in enumerate(spans):
            if role != "SRC" or (sent[a] != sent[ca] and sent[b - 1] != sent[ca]):
                continue
            pairs.append((ca - b if ca >= b else a - cb, ci, si))
    pairs.sort()
    for _, ci, si in pairs:
        if by_cue[ci].source is not None or (si in used_sources and not SHARE_SOURCES):
            continue
        used_sources.add(si)
        _, a, b = spans[si]
        by_cue[ci].source = (toks[a].start, toks[b - 1].end)
    if rules is not None and doc is not None:
        # A cue the tagger left without a source gets the noun phrase the rules find next to it.
        for ci, (_, ca, _cb) in enumerate(cues):
            cand = by_cue[ci]
            if cand.source is not None or not cand.contents:
                continue
            a = next((k for k in range(ca, -1, -1) if k == 0 or sent[k - 1] != sent[ca]), ca)
            found = rules.source_before(doc, a, ca)
            if found is not None and found[0] < found[1] <= ca:
                start, end = toks[found[0]].start, toks[found[1] - 1].end
                if not _overlaps_any(start, end, cand.contents):
                    cand.source = (start, end)
            elif SUBJECT_FALLBACK and found is None and ca > a:
                # No noun phrase next to the cue ("Ali converted ... and refused to ..."): the clause subject.
                subject = rules.clause_subject(doc, a, ca)
                if subject is not None and subject[1] <= toks[ca].start and not _overlaps_any(
                    subject[0], subject[1], cand.contents
                ):
                    cand.source = subject
    if doc is not None:
        for cand in by_cue.values():
            # A passive cue's subject is what is reported on, not who reports ("the veto is expected", "he has
            # been criticized for"): on PolNeAR train, 332 passive cues have no source and 105 one before them.
            if cand.cue and cand.source and cand.source[0] < cand.cue[0] and _PASSIVE.search(
                    doc.text[cand.cue[0]:cand.cue[1]]):
                cand.source = None
    return [c for c in by_cue.values() if c.contents]


class QuoteModel:
    """A trained attribution tagger; see the module doc."""

    def __init__(self, weights: dict[str, list[float]], meta: dict[str, Any] | None = None) -> None:
        self.weights = weights
        self.meta = meta or {}
        self.boost = {TAGS.index(t): float(v) for t, v in self.meta.get("boost", {}).items()}
        self._syntax_features: SyntaxFeatures | None = None

    def syntax_features(self, rules: RuleExtractor) -> SyntaxFeatures | None:
        """The parser a model trained with syntax features needs (the ``nlp`` extra), loaded on first use;
        None for a model that reads no parse. Raises ``MissingExtraError`` (E600) without spaCy."""
        if not self.meta.get("syntax"):
            return None
        if self._syntax_features is None:
            from amity.nlp.quote_syntax import SyntaxFeatures

            self._syntax_features = SyntaxFeatures(rules.lex)
        return self._syntax_features

    def predict(self, text: str, sentences: list[Sentence], rules: RuleExtractor) -> list[Candidate]:
        prepared = _Featurizer(rules, self.meta.get("cue_prob"), self.syntax_features(rules)).prepare(text, sentences)
        tags = _decode(self.weights, prepared, self.boost)
        found = link(prepared, tags, rules, rules.prepare(text))
        ruled = prepared.ruled
        by_cue = {c.cue: c for c in ruled if c.cue}
        if self.meta.get("prefer_rules", True):
            # Where tagger and rules agree on the cue, the rules' source and content are the more coherent.
            found = [by_cue.get(c.cue, c) if c.cue else c for c in found]
        if LAYOUT_FORMATS:
            # Speaker labels and dash bylines (amity.nlp.quote_formats) are marked by the layout, which the
            # tagger barely sees: they replace whatever the tagger found on their spans.
            layout = format_attributions(text)
            marked = [span for c in layout for span in c.spans()]
            found = [c for c in found if not any(_overlaps_any(s, e, marked) for s, e in c.spans())]
            found.extend(layout)
        # Where the tagger found nothing, the rules' (precise) attributions fill in.
        return fill_in(found, ruled)

    def save(self, path: str | Path) -> None:
        payload = {"format_version": FORMAT_VERSION, "kind": KIND, "tags": list(TAGS), "meta": self.meta,
                   "weights": self.weights}
        try:
            Path(path).write_text(json.dumps(payload, separators=(",", ":")), encoding="utf-8")
        except OSError as exc:
            raise ModelError(f"cannot write model: {exc}", input=str(path)) from exc

    @classmethod
    def load(cls, path: str | Path) -> QuoteModel:
        p = Path(path)
        try:
            payload = json.loads(p.read_text(encoding="utf-8"))
        except OSError as exc:
            raise ModelError(f"cannot read model: {exc}", input=str(p),
                             hint="train one with: amity train quotes --gold DIR --out MODEL") from exc
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ModelError("not a JSON model file", input=str(p),
                             hint="train one with: amity train quotes --gold DIR --out MODEL") from exc
        if not isinstance(payload, dict) or payload.get("kind") != KIND:
            raise ModelError(f"not a quote model (kind must be {KIND!r})", input=str(p),
                             hint="pass a model written by `amity train quotes`")
        if payload.get("format_version") != FORMAT_VERSION:
            raise ModelError(
                f"model format_version {payload.get('format_version')!r}, this Amity reads {FORMAT_VERSION}",
                input=str(p), hint="retrain the model with this version of Amity",
            )
        if payload.get("tags") != list(TAGS) or not isinstance(payload.get("weights"), dict):
            raise ModelError("model tags or weights are malformed", input=str(p), hint="retrain the model")
        return cls(payload["weights"], payload.get("meta") or {})


CUE_FOLDS = 5
_CueCounts = tuple[dict[str, int], dict[str, int]]  # (occurrences as a cue, all occurrences) by stem


def _cue_counts(text: str, attributions: list[Any]) -> _CueCounts:
    tokens = tokenize(text)
    starts = [t.start for t in tokens]
    cue: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    in_cue: set[int] = set()
    for att in attributions:
        for s, e in att.cue or ():
            in_cue.update(range(bisect.bisect_left(starts, s), bisect.bisect_left(starts, e)))
    for i, t in enumerate(tokens):
        if not t.text[:1].isalpha():
            continue
        key = stem(t.lower)
        total[key] += 1
        if i in in_cue:
            cue[key] += 1
    return cue, total


def _cue_probabilities(counts: list[_CueCounts], min_cue: int = 2) -> dict[str, float]:
    """P(cue | stem) over the given documents, for stems seen as a cue at least ``min_cue`` times."""
    cue: dict[str, int] = defaultdict(int)
    total: dict[str, int] = defaultdict(int)
    for c, t in counts:
        for k, v in c.items():
            cue[k] += v
        for k, v in t.items():
            total[k] += v
    return {k: round(v / total[k], 3) for k, v in cue.items() if v >= min_cue and total[k] > 0}


def train_quote_model(
    gold_dir: str | Path, *, epochs: int = 6, limit: int | None = None, seed: int = 13, syntax: bool | None = None,
    progress: Callable[[str, int, int], None] | None = None, all_annotators: bool = False,
) -> QuoteModel:
    """Train on a PolNeAR-layout brat directory (``text/`` and ``attributions/``).

    ``syntax`` adds the features of ``amity.nlp.quote_syntax`` (spaCy, the ``nlp`` extra), which the model
    then needs at prediction time too; None (the default) adds them when the extra is installed.
    ``progress(stage, done, total)`` is called as documents are read and after each epoch.
    ``all_annotators`` learns from every annotation of an article annotated more than once, not just the
    first (on PolNeAR train, 79 of 840 articles: dev attribution F1 +0.001 with the parse, -0.005 without,
    so it is off by default).
    """
    from amity.evaluate.quotes import load_gold
    from amity.nlp.cues import default_lexicon
    from amity.nlp.sentences import split_sentences

    started = time.perf_counter()
    docs = load_gold(Path(gold_dir), all_annotators=all_annotators)
    if limit is not None:
        kept = set(sorted({d.name for d in docs})[:limit])
        docs = [d for d in docs if d.name in kept]
    # Folds by article, so that two annotations of one article never sit on both sides of a fold.
    article = {name: k for k, name in enumerate(sorted({d.name for d in docs}))}
    fold_of = [article[d.name] % CUE_FOLDS for d in docs]
    rules = RuleExtractor(default_lexicon())
    syntax_features: SyntaxFeatures | None = None
    if syntax is None:
        from amity.nlp.dependency import parser_available

        syntax = parser_available()
        logger.info("syntax features %s", "on: the nlp extra is installed" if syntax else "off: no nlp extra")
    if syntax:
        from amity.nlp.quote_syntax import SyntaxFeatures

        syntax_features = SyntaxFeatures(rules.lex)
    counts_by_doc = [_cue_counts(d.text, d.attributions) for d in docs]
    # Out-of-fold cue probabilities for the training features, so that the tagger learns how far to trust
    # them on unseen text rather than on the very annotations they were counted from.
    featurizers = [
        _Featurizer(rules, _cue_probabilities([c for j, c in enumerate(counts_by_doc) if fold_of[j] != fold]),
                    syntax_features)
        for fold in range(CUE_FOLDS)
    ]
    data = []
    for i, d in enumerate(docs):
        featurizer = featurizers[fold_of[i]]
        prepared = featurizer.prepare(d.text, split_sentences(d.text))
        data.append((prepared, _gold_tags(prepared, d.attributions)))
        if progress is not None:
            progress("reading and parsing" if syntax else "reading", i + 1, len(docs))
    logger.info("featurised %d documents in %.1fs", len(data), time.perf_counter() - started)
    model = _Perceptron()
    rng = random.Random(seed)
    counts: dict[str, int] = defaultdict(int)
    for epoch in range(epochs):
        rng.shuffle(data)
        errors = total = 0
        for prepared, gold in data:
            prev = "<s>"
            for i, static in enumerate(prepared.features):
                if i > 0 and prepared.sentence_of[i] != prepared.sentence_of[i - 1] and TAGS[gold[i - 1]] == "O":
                    prev = "<s>"
                feats = _tag_features(static, prev, prepared.tokens[i].lower)
                scores = model.scores(feats)
                guess = max(range(len(TAGS)), key=scores.__getitem__)
                model.update(feats, gold[i], guess)
                if epoch == 0:
                    for f in feats:
                        counts[f] += 1
                errors += guess != gold[i]
                total += 1
                prev = TAGS[guess] if rng.random() < 0.1 else TAGS[gold[i]]
        logger.info("epoch %d: token error %.4f", epoch + 1, errors / max(total, 1))
        if progress is not None:
            progress("training", epoch + 1, epochs)
    weights = {f: w for f, w in model.average().items() if counts.get(f, 0) >= 1}
    meta = {"documents": len(article), "annotations": len(docs), "epochs": epochs,
            "seconds": round(time.perf_counter() - started, 1),
            "source": str(gold_dir), "boost": dict(DEFAULT_BOOST), "prefer_rules": PREFER_RULES,
            "cue_prob": _cue_probabilities(counts_by_doc), "syntax": syntax}
    return QuoteModel(weights, meta)


def _nearest_in_sentence(marked: list[bool], sentence_of: list[int]) -> tuple[list[int], list[int]]:
    """For each token, how many tokens back and ahead the nearest marked token of its sentence lies
    (99 when there is none on that side)."""
    n = len(marked)
    left, right = [99] * n, [99] * n
    last = -1
    for i in range(n):
        if last >= 0 and sentence_of[last] == sentence_of[i]:
            left[i] = i - last
        if marked[i]:
            last = i
    last = -1
    for i in range(n - 1, -1, -1):
        if last >= 0 and sentence_of[last] == sentence_of[i]:
            right[i] = last - i
        if marked[i]:
            last = i
    return left, right
