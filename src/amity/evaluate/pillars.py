"""Score the statement coder against pillar gold (relevance, primary pillar, pillar set, tone).

Gold is JSON Lines, one item a line: ``{"id", "text", "relevant", "pillars", "primary", "tone"}``.
Primary-pillar scores are over the items gold marks relevant, and a prediction of "not relevant" counts as
wrong there (it is its own class in the macro average's confusion, but only gold pillars are averaged).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from amity.errors import DataFileError, NotFoundError

if TYPE_CHECKING:
    from amity.coding.coder import Coder

NOT_RELEVANT = "none"


@dataclass(frozen=True, slots=True)
class GoldItem:
    id: str
    text: str
    relevant: bool
    pillars: tuple[str, ...]
    primary: str | None
    tone: str | None


def load_gold(path: Path) -> list[GoldItem]:
    """Read and check a pillar gold file; errors name the line and the field."""
    if not path.is_file():
        raise NotFoundError("gold file not found", input=str(path), hint="give a JSON Lines file of labelled items")
    items: list[GoldItem] = []
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        where = f"{path}:{lineno}"
        try:
            raw = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataFileError(f"not valid JSON: {exc.msg}", input=where, hint="one JSON object per line") from exc
        if not isinstance(raw, dict):
            raise DataFileError("must be a JSON object", input=where, hint="one JSON object per line")
        text = raw.get("text")
        if not isinstance(text, str) or not text.strip():
            raise DataFileError("field 'text' is missing or empty", input=where, hint="add the item's text")
        relevant = raw.get("relevant")
        if not isinstance(relevant, bool):
            raise DataFileError("field 'relevant' must be true or false", input=where, hint="add \"relevant\": true")
        pillars = raw.get("pillars") or []
        if not isinstance(pillars, list) or not all(isinstance(p, str) for p in pillars):
            raise DataFileError("field 'pillars' must be a list of pillar ids", input=where,
                                hint='write e.g. "pillars": ["P1"]')
        primary = raw.get("primary")
        if relevant and not isinstance(primary, str):
            primary = pillars[0] if pillars else None
        if relevant and primary is None:
            raise DataFileError("field 'primary' is missing for a relevant item", input=where,
                                hint='add e.g. "primary": "P1"')
        tone = raw.get("tone")
        items.append(GoldItem(str(raw.get("id", lineno)), text, relevant, tuple(pillars),
                              primary if relevant else None, tone if isinstance(tone, str) else None))
    if not items:
        raise DataFileError("no items", input=str(path), hint="add one JSON object per line")
    return items


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score_predictions(gold: list[GoldItem], predicted: list[dict[str, Any]], pillar_ids: tuple[str, ...]
                      ) -> dict[str, Any]:
    """Scores for predictions ``{"relevant", "pillars", "primary", "tone"}`` aligned with ``gold``."""
    rel = Counter3()
    for g, p in zip(gold, predicted, strict=True):
        rel.add(g.relevant, bool(p["relevant"]))
    on_relevant = [(g, p) for g, p in zip(gold, predicted, strict=True) if g.relevant]
    labels = sorted({g.primary for g, _ in on_relevant if g.primary} | set(pillar_ids))
    correct = 0
    per_label: dict[str, Counter3] = {label: Counter3() for label in labels}
    for g, p in on_relevant:
        guess = p["primary"] if p["relevant"] and p["primary"] else NOT_RELEVANT
        correct += guess == g.primary
        for label in labels:
            per_label[label].add(g.primary == label, guess == label)
    gold_labels = [label for label in labels if any(g.primary == label for g, _ in on_relevant)]
    macro = (sum(per_label[label].f1() for label in gold_labels) / len(gold_labels)) if gold_labels else 0.0
    pil: dict[str, Counter3] = {pid: Counter3() for pid in pillar_ids}
    micro = Counter3()
    for g, p in zip(gold, predicted, strict=True):
        pred_set = set(p["pillars"]) if p["relevant"] else set()
        for pid in pillar_ids:
            pil[pid].add(pid in g.pillars, pid in pred_set)
            micro.add(pid in g.pillars, pid in pred_set)
    tone_items = [(g, p) for g, p in on_relevant if g.tone]
    tone_correct = sum(1 for g, p in tone_items if p["relevant"] and p["tone"] == g.tone)
    errors = []
    for g, p in zip(gold, predicted, strict=True):
        wrong = g.relevant != bool(p["relevant"]) or (
            g.relevant and (p["primary"] != g.primary or set(p["pillars"]) != set(g.pillars)
                            or (g.tone is not None and p["tone"] != g.tone))
        )
        if wrong:
            errors.append({
                "id": g.id, "text": g.text,
                "gold": {"relevant": g.relevant, "pillars": list(g.pillars), "primary": g.primary, "tone": g.tone},
                "predicted": {"relevant": bool(p["relevant"]), "pillars": list(p["pillars"]),
                              "primary": p["primary"], "tone": p["tone"]},
            })
    return {
        "n": len(gold),
        "relevance": rel.prf(),
        "primary": {
            "n": len(on_relevant),
            "accuracy": round(correct / len(on_relevant), 4) if on_relevant else 0.0,
            "macro_f1": round(macro, 4),
            "per_pillar": {label: per_label[label].prf() for label in gold_labels},
        },
        "pillars": {"micro_f1": micro.prf()["f1"], "per_pillar": {pid: c.prf() for pid, c in pil.items()}},
        "tone": {
            "n": len(tone_items),
            "accuracy": round(tone_correct / len(tone_items), 4) if tone_items else 0.0,
        },
        "errors": errors,
    }


class Counter3:
    """True positives, false positives and false negatives for one binary decision."""

    __slots__ = ("fn", "fp", "tp")

    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0

    def add(self, gold: bool, predicted: bool) -> None:
        self.tp += gold and predicted
        self.fp += predicted and not gold
        self.fn += gold and not predicted

    def prf(self) -> dict[str, float]:
        return _prf(self.tp, self.fp, self.fn)

    def f1(self) -> float:
        return _prf(self.tp, self.fp, self.fn)["f1"]


def predict_items(gold: list[GoldItem], coder: Coder) -> list[dict[str, Any]]:
    out = []
    for item in gold:
        c = coder.code_text(item.text)
        out.append({"relevant": c.relevant, "pillars": c.pillars, "primary": c.primary_pillar, "tone": c.tone})
    return out


def evaluate_pillars(gold_path: Path, coder: Coder) -> dict[str, Any]:
    """Code every gold item with ``coder.code_text`` and score it (see the module docstring)."""
    gold = load_gold(gold_path)
    used = {p for item in gold for p in (*item.pillars, item.primary) if p}
    unknown = sorted(used - set(coder.framework.pillar_ids))
    if unknown:
        raise DataFileError(
            f"gold uses pillar ids {unknown} that framework '{coder.framework.id}' does not have",
            input=str(gold_path),
            hint=f"evaluate with the framework the labels were made for (its pillars: "
                 f"{', '.join(coder.framework.pillar_ids)})",
        )
    result = score_predictions(gold, predict_items(gold, coder), coder.framework.pillar_ids)
    result["framework"] = coder.framework.id
    result["gold"] = str(gold_path)
    return result
