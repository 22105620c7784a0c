"""Every dev-set score in one flat dict, for docs/accuracy.md and the CI ratchet.

The floors live in ``docs/accuracy-floors.json``; ``scripts/ratchet.py`` raises them (never lowers).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

Metric = tuple[str, Callable[[dict[str, Any]], float]]


def _get(*keys: str) -> Callable[[dict[str, Any]], float]:
    def pick(d: dict[str, Any]) -> float:
        value: Any = d
        for key in keys:
            value = value[key]
        return float(value)

    return pick


PILLAR_METRICS: list[Metric] = [
    ("relevance_f1", _get("relevance", "f1")),
    ("primary_accuracy", _get("primary", "accuracy")),
    ("primary_macro_f1", _get("primary", "macro_f1")),
    ("pillars_micro_f1", _get("pillars", "micro_f1")),
    ("tone_accuracy", _get("tone", "accuracy")),
]
QUOTE_METRICS: list[Metric] = [
    ("attribution_overlap_f1", _get("attribution", "overlap", "f1")),
    ("source_exact_f1", _get("source", "exact", "f1")),
    ("cue_overlap_f1", _get("cue", "overlap", "f1")),
    ("content_overlap_f1", _get("content", "overlap", "f1")),
]
EVENT_METRICS: list[Metric] = [
    ("accuracy", _get("event", "accuracy")),
    ("macro_f1", _get("event", "macro_f1")),
    ("source_country_accuracy", _get("source_country_accuracy")),
    ("target_country_accuracy", _get("target_country_accuracy")),
    ("acts_recall", _get("acts", "recall")),
    ("acts_source_accuracy", _get("acts", "source_accuracy")),
    ("acts_event_accuracy", _get("acts", "event_accuracy")),
]
SEED_METRICS: list[Metric] = [
    ("statement_recall", _get("statements", "recall")),
    ("speaker_accuracy", _get("speaker_accuracy")),
    ("primary_accuracy", _get("primary_accuracy")),
    ("mechanism_recall", _get("mechanisms", "recall")),
]


def seed_scores(shared: Path) -> dict[str, float]:
    from amity.evaluate.seed import evaluate_seed

    result = evaluate_seed(shared / "gold" / "seed.json", root=shared)
    return {f"seed.{name}": round(fn(result), 4) for name, fn in SEED_METRICS}


def pillar_scores(shared: Path) -> dict[str, float]:
    from amity.coding.coder import Coder
    from amity.coding.framework import load_framework
    from amity.evaluate.pillars import evaluate_pillars

    coder = Coder(load_framework("three-pillars"))
    out: dict[str, float] = {}
    for name in ("headlines", "speeches"):
        result = evaluate_pillars(shared / "gold" / f"{name}-dev.jsonl", coder)
        out.update({f"pillars.{name}.{m}": round(fn(result), 4) for m, fn in PILLAR_METRICS})
    return out


def quote_scores(shared: Path, *, mode: str = "rules") -> dict[str, float]:
    from amity.evaluate.quotes import evaluate_quotes
    from amity.nlp.attribution import Attributor

    result = evaluate_quotes(shared / "corpus" / "polnear" / "data" / "dev", Attributor(mode=mode))
    prefix = "quotes" if mode == "rules" else f"quotes_{mode}"
    return {f"{prefix}.polnear.{m}": round(fn(result), 4) for m, fn in QUOTE_METRICS}


def parse_quote_scores(shared: Path) -> dict[str, float]:
    """The optional spaCy mode (``--attribution parse``, the ``nlp`` extra) has floors of its own."""
    return quote_scores(shared, mode="parse")


def trained_quote_scores(shared: Path) -> dict[str, float]:
    """``amity train quotes`` on PolNeAR train (the documented configuration: 6 epochs, with the dependency
    parse of the ``nlp`` extra), scored on dev. Trains for about 4 minutes; the model is written to a
    temporary file and deleted (a PolNeAR-trained model is never shipped)."""
    import tempfile

    from amity.evaluate.quotes import evaluate_quotes
    from amity.nlp.attribution import Attributor
    from amity.nlp.quote_model import train_quote_model

    polnear = shared / "corpus" / "polnear" / "data"
    with tempfile.TemporaryDirectory(prefix="amity-ratchet-") as tmp:
        path = Path(tmp) / "quotes.json"
        train_quote_model(polnear / "train", epochs=6, syntax=True).save(path)
        result = evaluate_quotes(polnear / "dev", Attributor(model=path))
    return {f"quotes_model.polnear.{m}": round(fn(result), 4) for m, fn in QUOTE_METRICS}


def event_scores(shared: Path) -> dict[str, float]:
    from amity.evaluate.events import evaluate_events

    result = evaluate_events(shared / "corpus" / "plover" / "plover-gsr-dev.json")
    return {f"events.plover.{m}": round(fn(result), 4) for m, fn in EVENT_METRICS}


SUITES: dict[str, Callable[[Path], dict[str, float]]] = {
    "seed": seed_scores,
    "pillars": pillar_scores,
    "quotes": quote_scores,
    "quotes_parse": parse_quote_scores,
    "quotes_model": trained_quote_scores,
    "events": event_scores,
}


def run_suite(shared: Path, names: list[str] | None = None) -> dict[str, float]:
    scores: dict[str, float] = {}
    for name, fn in SUITES.items():
        if names is None or name in names:
            scores.update(fn(shared))
    return scores
