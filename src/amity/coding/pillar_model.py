"""A small learned pillar classifier that users train from their own labels (``amity train pillars``).

Softmax regression over word unigrams and bigrams plus the rule scorer's pillar and relevance scores as
extra features, predicting "not relevant" or the primary pillar. Written in NumPy rather than pulling in
scikit-learn for one linear model; stored as JSON (never pickle) with ``format_version``, ``kind`` and the
framework id, all checked on load.
"""

from __future__ import annotations

import itertools
import json
import logging
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

from amity.coding.framework import Framework
from amity.coding.pillars import PillarScorer
from amity.coding.relevance import mask_courtesy, score_relevance
from amity.errors import ModelError

if TYPE_CHECKING:
    from amity.evaluate.pillars import GoldItem

logger = logging.getLogger(__name__)

FORMAT_VERSION = 1
KIND = "pillars"
NONE = "none"
_TOKEN = re.compile(r"[a-z0-9]+(?:[-'][a-z0-9]+)*")
FloatArray = npt.NDArray[np.float64]


def tokens(text: str) -> list[str]:
    """Lower-cased words, then bigrams joined with a space."""
    words = _TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


@dataclass(slots=True)
class TrainConfig:
    min_count: int = 2
    max_features: int = 20000
    l2: float = 1e-3
    epochs: int = 300
    learning_rate: float = 0.5
    rule_scale: float = 0.25  # rule scores are sums of cue weights; scale them to the range of word features


class PillarModel:
    """A trained classifier for one framework: ``predict_proba`` gives P(none) and P(pillar)."""

    NONE = NONE

    def __init__(self, framework_id: str, classes: list[str], vocab: list[str], weights: FloatArray,
                 bias: FloatArray, rule_scale: float, meta: dict[str, Any] | None = None) -> None:
        self.framework_id = framework_id
        self.classes = classes
        self.vocab = vocab
        self.index = {term: i for i, term in enumerate(vocab)}
        self.weights = weights  # (n_features, n_classes); the last columns' rows are rule features
        self.bias = bias
        self.rule_scale = rule_scale
        self.meta = meta or {}

    @property
    def pillar_ids(self) -> list[str]:
        return [c for c in self.classes if c != NONE]

    def features(self, text: str, pillar_scores: dict[str, float], relevance: float) -> FloatArray:
        x = np.zeros(len(self.vocab) + len(self.pillar_ids) + 1)
        hits = {self.index[t] for t in tokens(text) if t in self.index}
        if hits:
            x[list(hits)] = 1.0 / math.sqrt(len(hits))
        base = len(self.vocab)
        for i, pid in enumerate(self.pillar_ids):
            x[base + i] = self.rule_scale * pillar_scores.get(pid, 0.0)
        x[-1] = self.rule_scale * relevance
        return x

    def predict_proba(self, text: str, pillar_scores: dict[str, float], relevance: float) -> dict[str, float]:
        z = self.features(text, pillar_scores, relevance) @ self.weights + self.bias
        p = _softmax(z[None, :])[0]
        return {c: float(v) for c, v in zip(self.classes, p, strict=True)}

    # -- persistence ------------------------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "format_version": FORMAT_VERSION,
            "kind": KIND,
            "framework": self.framework_id,
            "classes": self.classes,
            "rule_scale": self.rule_scale,
            "vocab": self.vocab,
            "weights": np.round(self.weights, 6).tolist(),
            "bias": np.round(self.bias, 6).tolist(),
            "meta": self.meta,
        }

    def save(self, path: str | Path) -> Path:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(self.to_dict()), encoding="utf-8")
        return path

    @classmethod
    def load(cls, path: str | Path, framework: Framework) -> PillarModel:
        path = Path(path)
        if not path.is_file():
            raise ModelError("model file not found", input=str(path),
                             hint="train one with: amity train pillars --gold FILE.jsonl --out MODEL.json")
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ModelError(f"not a JSON model file: {exc}", input=str(path),
                             hint="give a file written by 'amity train pillars'") from exc
        if not isinstance(raw, dict) or raw.get("kind") != KIND:
            kind = raw.get("kind") if isinstance(raw, dict) else None
            raise ModelError(f"model kind is {kind!r}, expected {KIND!r}", input=str(path),
                             hint="give a model trained with 'amity train pillars'")
        if raw.get("format_version") != FORMAT_VERSION:
            raise ModelError(f"model format_version is {raw.get('format_version')!r}, this Amity reads "
                             f"{FORMAT_VERSION}", input=str(path), hint="retrain it with 'amity train pillars'")
        if raw.get("framework") != framework.id:
            raise ModelError(f"model was trained for framework {raw.get('framework')!r}, not {framework.id!r}",
                             input=str(path),
                             hint=f"use --framework {raw.get('framework')} or retrain for {framework.id}")
        try:
            classes = [str(c) for c in raw["classes"]]
            vocab = [str(t) for t in raw["vocab"]]
            weights = np.asarray(raw["weights"], dtype=np.float64)
            bias = np.asarray(raw["bias"], dtype=np.float64)
            rule_scale = float(raw["rule_scale"])
        except (KeyError, TypeError, ValueError) as exc:
            raise ModelError(f"model file is incomplete: {exc}", input=str(path),
                             hint="retrain it with 'amity train pillars'") from exc
        missing = set(framework.pillar_ids) - set(classes)
        n_features = len(vocab) + len(classes)  # words + one rule score per pillar + relevance
        if missing or weights.shape != (n_features, len(classes)) or bias.shape != (len(classes),):
            raise ModelError("model arrays do not match its classes and vocabulary", input=str(path),
                             hint="retrain it with 'amity train pillars'")
        return cls(str(raw["framework"]), classes, vocab, weights, bias, rule_scale, raw.get("meta") or {})


def _softmax(z: FloatArray) -> FloatArray:
    z = z - z.max(axis=1, keepdims=True)
    e = np.exp(z)
    out: FloatArray = e / e.sum(axis=1, keepdims=True)
    return out


def label_of(item: GoldItem) -> str:
    return item.primary if item.relevant and item.primary else NONE


def train_pillar_model(items: list[GoldItem], framework: Framework, config: TrainConfig | None = None,
                       scorer: PillarScorer | None = None) -> PillarModel:
    """Fit the classifier on labelled items (full-batch gradient descent with L2 regularisation)."""
    cfg = config or TrainConfig()
    scorer = scorer or PillarScorer(framework)
    classes = [NONE, *framework.pillar_ids]
    unknown = {label_of(i) for i in items} - set(classes)
    if unknown:
        raise ModelError(f"gold uses pillar ids {sorted(unknown)} that framework {framework.id!r} lacks",
                         hint="train with the framework the labels were made for (--framework)")
    seen = Counter(label_of(i) for i in items)
    if len(seen) < 2:
        # One label only: the model would give it to every text.
        only = next(iter(seen), "none")
        raise ModelError(f"every gold item has the label {only!r}: a model needs at least two labels to learn "
                         "anything", hint="add items that are not relevant and items of other pillars")
    counts: Counter[str] = Counter()
    for item in items:
        counts.update(set(tokens(item.text)))
    vocab = [t for t, c in counts.most_common(cfg.max_features) if c >= cfg.min_count]
    model = PillarModel(framework.id, classes, vocab, np.zeros((len(vocab) + len(classes), len(classes))),
                        np.zeros(len(classes)), cfg.rule_scale)
    x = np.stack([_item_features(model, scorer, item.text) for item in items])
    y = np.zeros((len(items), len(classes)))
    for row, item in enumerate(items):
        y[row, classes.index(label_of(item))] = 1.0
    w = np.zeros((x.shape[1], len(classes)))
    b = np.log((y.sum(axis=0) + 1.0) / (len(items) + len(classes)))
    n = len(items)
    for _ in range(cfg.epochs):
        p = _softmax(x @ w + b)
        grad = p - y
        w -= cfg.learning_rate * (x.T @ grad / n + cfg.l2 * w)
        b -= cfg.learning_rate * grad.mean(axis=0)
    model.weights, model.bias = w, b
    model.meta = {
        "trained": datetime.now(UTC).isoformat(timespec="seconds"),
        "n_items": n,
        "label_counts": dict(Counter(label_of(i) for i in items)),
        "framework_version": framework.version,
        "config": {"min_count": cfg.min_count, "max_features": cfg.max_features, "l2": cfg.l2,
                   "epochs": cfg.epochs, "learning_rate": cfg.learning_rate},
    }
    logger.info("trained pillar model on %d items, %d features", n, x.shape[1])
    return model


def _item_features(model: PillarModel, scorer: PillarScorer, text: str) -> FloatArray:
    text = mask_courtesy(text)  # as the coder sees it at prediction time
    scores = scorer.score(text)
    relevance = score_relevance(text, 0, scores.mechanisms).score
    return model.features(text, scores.scores, relevance)


def cross_validate(items: list[GoldItem], framework: Framework, k: int = 5, seed: int = 0,
                   config: TrainConfig | None = None) -> dict[str, Any]:
    """K-fold cross-validated scores: each item is predicted by a model that never saw it."""
    from amity.coding.coder import Coder
    from amity.evaluate.pillars import score_predictions

    if k < 2 or k > len(items):
        raise ModelError(f"--cv must be between 2 and the number of items ({len(items)})", hint="try --cv 5")
    order = np.random.default_rng(seed).permutation(len(items))
    folds = [order[i::k] for i in range(k)]
    predicted: list[dict[str, Any] | None] = [None] * len(items)
    for fold in folds:
        held = set(int(i) for i in fold)
        train = [items[i] for i in range(len(items)) if i not in held]
        coder = Coder(framework)
        coder.model = train_pillar_model(train, framework, config, coder.scorer)
        for i in held:
            c = coder.code_text(items[i].text)
            predicted[i] = {"relevant": c.relevant, "pillars": c.pillars, "primary": c.primary_pillar,
                            "tone": c.tone}
    result = score_predictions(items, [p for p in predicted if p is not None], framework.pillar_ids)
    result["cv_folds"] = k
    return result
