"""Score the whole pipeline on a gold article in the format of ``shared/gold/seed.json``.

A predicted statement matches a gold statement when its text contains the gold ``anchor``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from amity.errors import DataFileError
from amity.ingest import read_path
from amity.output import analysis_to_json
from amity.pipeline import Pipeline

METADATA_KEYS = ("title", "source", "published", "editor", "authors", "dateline")


def _ratio(n: int, d: int) -> float:
    return round(n / d, 4) if d else 0.0


def evaluate_seed(gold_path: Path, pipeline: Pipeline | None = None, *, root: Path | None = None) -> dict[str, Any]:
    """Score one gold-annotated article. ``root`` is where the gold's ``document`` path is relative to."""
    try:
        gold = json.loads(gold_path.read_text("utf-8"))
        doc_path = (root or gold_path.parent.parent) / gold["document"]
        gold_statements = gold["statements"]
    except (OSError, ValueError, KeyError) as exc:
        raise DataFileError(f"not a seed-style gold file ({exc})", input=str(gold_path)) from exc
    pipeline = pipeline or Pipeline()
    out = analysis_to_json(pipeline.analyze(read_path(doc_path)))
    predicted = out["statements"]

    found = speaker = title = country = primary = 0
    errors: list[dict[str, Any]] = []
    matched: set[int] = set()
    for g in gold_statements:
        hit = next((i for i, s in enumerate(predicted) if g["anchor"] in s["text"]), None)
        if hit is None:
            errors.append({"anchor": g["anchor"], "error": "not found"})
            continue
        matched.add(hit)
        s = predicted[hit]
        found += 1
        ok_speaker = s["speaker"]["name"] == g["speaker"]
        speaker += ok_speaker
        gold_actor: dict[str, Any] = next((a for a in gold.get("actors", []) if a.get("name") == g["speaker"]), {})
        title += s["speaker"]["title"] == gold_actor.get("title")
        country += s["speaker"]["country"] == gold_actor.get("country")
        primary += s["primary_pillar"] == g["primary"]
        if not ok_speaker or s["primary_pillar"] != g["primary"]:
            errors.append({"anchor": g["anchor"], "gold": {"speaker": g["speaker"], "primary": g["primary"]},
                           "predicted": {"speaker": s["speaker"]["name"], "primary": s["primary_pillar"]}})
    n = len(gold_statements)
    found_mech = {m for s in predicted for m in s["mechanisms"]}
    gold_mech = set(gold.get("mechanisms", {}))
    found_dyads = {tuple(sorted(d)) for s in predicted for d in s["dyads"]}
    gold_dyads = {tuple(sorted(d)) for d in gold.get("dyads", [])}
    bad_speakers = sorted({s["speaker"]["name"] for s in predicted} & set(gold.get("not_speakers", [])))
    return {
        "n": n,
        "statements": {"recall": _ratio(found, n), "precision": _ratio(len(matched), len(predicted)),
                       "predicted": len(predicted)},
        "speaker_accuracy": _ratio(speaker, n),
        "speaker_title_accuracy": _ratio(title, n),
        "speaker_country_accuracy": _ratio(country, n),
        "primary_accuracy": _ratio(primary, n),
        "mechanisms": {"recall": _ratio(len(gold_mech & found_mech), len(gold_mech)),
                       "missing": sorted(gold_mech - found_mech)},
        "dyads": {"recall": _ratio(len(gold_dyads & found_dyads), len(gold_dyads)),
                  "missing": sorted("-".join(d) for d in gold_dyads - found_dyads)},
        "metadata": {k: out["metadata"][k] == gold["metadata"].get(k) for k in METADATA_KEYS},
        "wrong_speakers": bad_speakers,
        "errors": errors,
    }
