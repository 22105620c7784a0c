"""Score PLOVER event typing and source/target country coding against PLOVER gold-standard records.

The gold file is a JSON array of records (``id``, ``text``, ``event``, ``source``/``target`` lists of
``{actorText, code}``); records whose ``event`` is ``DOCUMENT`` are file documentation and are skipped.
The records were coded with an earlier PLOVER draft, whose category names are mapped to the current
manual's by the CAMEO->PLOVER table: DEMAND is REQUEST, DISAPPROVE and INVESTIGATE are ACCUSE, FIGHT is
ASSAULT. A few pre-ISO actor codes in the records (JAP, ITL, VTN) are read as their ISO 3166 codes.

Actors are coded with :class:`amity.nlp.actors.ActorTagger` and a simple, general heuristic: the
first country mentioned before the main event cue is the source and the first after it the target,
swapped for a passive cue followed by "by" ("was attacked by Burundian militiamen"); when only one side
names a country the event is read as domestic and both sides get it.

Reported acts (:mod:`amity.nlp.acts`) are scored on the same records through the whole pipeline: of the
records whose gold source is a state or one of its organs (no sector, or GOV, MIL, COP, SPY, JUD, LEG;
not rebels or civilians) and whose gold target is another country, how many become an ``act`` statement
(recall), and of those, how many have the gold source as the acting country and the gold event type.
"""

from __future__ import annotations

import json
import re
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pycountry

from amity.coding.events import EventClassifier
from amity.errors import DataFileError, NotFoundError
from amity.model import PLOVER_TYPES, Evidence
from amity.nlp.actors import ActorTagger

if TYPE_CHECKING:
    from amity.pipeline import Pipeline

LEGACY_EVENT_NAMES: dict[str, str] = {
    "DEMAND": "REQUEST", "DISAPPROVE": "ACCUSE", "INVESTIGATE": "ACCUSE", "FIGHT": "ASSAULT",
}
LEGACY_ACTOR_CODES: dict[str, str] = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
NO_EVENT = "none"
STATE_SECTORS = frozenset({"", "GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
_PASSIVE_AUX = re.compile(r"\b(?:was|were|been|being|is|are|be)\s+(?:\w+\s+)?$", re.IGNORECASE)
_BY_AFTER = re.compile(r"^\s+(?:\S+\s+){0,3}?by\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class GoldEvent:
    id: str
    text: str
    event: str  # current PLOVER name, or the record's own name when it has no current equivalent
    sources: frozenset[str]  # ISO3 country codes
    targets: frozenset[str]
    state_sources: frozenset[str] = frozenset()  # the sources that are a state or one of its organs


def load_gold(path: Path) -> list[GoldEvent]:
    """Read PLOVER gold-standard records, skipping DOCUMENT records; errors name the record and field."""
    if not path.is_file():
        raise NotFoundError("gold file not found", input=str(path),
                            hint="give a PLOVER gold-standard JSON file such as plover-gsr-dev.json")
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(f"not valid JSON: {exc}", input=str(path), hint="give a JSON array of records") from exc
    if not isinstance(raw, list):
        raise DataFileError("must be a JSON array of records", input=str(path), hint="wrap the records in [ ]")
    items: list[GoldEvent] = []
    for i, record in enumerate(raw):
        where = f"{path}[{i}]"
        if not isinstance(record, dict):
            raise DataFileError("record must be a JSON object", input=where, hint="one object per record")
        event = record.get("event")
        if event == "DOCUMENT":
            continue
        if not isinstance(event, str) or not event:
            raise DataFileError("field 'event' is missing", input=where, hint='add e.g. "event": "AGREE"')
        text = record.get("text")
        if not isinstance(text, str) or not text.strip():
            raise DataFileError("field 'text' is missing or empty", input=where, hint="add the sentence")
        items.append(GoldEvent(
            id=str(record.get("id", i)),
            text=text,
            event=LEGACY_EVENT_NAMES.get(event, event),
            sources=_country_codes(record.get("source")),
            targets=_country_codes(record.get("target")),
            state_sources=_country_codes(record.get("source"), states_only=True),
        ))
    if not items:
        raise DataFileError("no event records", input=str(path), hint="add records with 'event' and 'text'")
    return items


def _country_codes(value: Any, *, states_only: bool = False) -> frozenset[str]:
    """The ISO3 codes of the actors; with ``states_only``, of those coded as the state itself (no sector) or
    one of its organs (CAMEO sectors GOV, MIL, COP, SPY, JUD, LEG), not rebels, civilians or firms."""
    if not isinstance(value, list):
        return frozenset()  # absent, empty or a stray string
    codes = set()
    for actor in value:
        if not isinstance(actor, dict):
            continue
        if states_only and str(actor.get("sector", ""))[:3] not in STATE_SECTORS:
            continue
        code = LEGACY_ACTOR_CODES.get(str(actor.get("code", "")), str(actor.get("code", "")))
        if len(code) == 3 and pycountry.countries.get(alpha_3=code) is not None:
            codes.add(code)
    return frozenset(codes)


def source_target(text: str, evidence: list[Evidence], tagger: ActorTagger) -> tuple[str | None, str | None]:
    """Source and target countries of the event whose main cue is ``evidence[0]`` (text offsets)."""
    mentions, actors = tagger.tag(text)
    located = [(m.start, m.end, actors[m.actor_id].iso3) for m in mentions if actors[m.actor_id].iso3]
    if not located:
        return None, None
    if not evidence:
        codes = [code for _, _, code in located]
        return codes[0], next((c for c in codes[1:] if c != codes[0]), None)
    cue_start, cue_end = evidence[0].start, evidence[0].end
    before = [code for start, _, code in located if start < cue_start]
    after = [code for start, _, code in located if start >= cue_end]
    source = before[0] if before else None
    target = after[0] if after else None
    if _PASSIVE_AUX.search(text[:cue_start]) and _BY_AFTER.match(text[cue_end:]):
        by = text.lower().find(" by ", cue_end)
        agents = [code for start, _, code in located if start > by]
        source, target = (agents[0] if agents else None), (before[-1] if before else None)
    # With one side unnamed, read the event as domestic: a government acting on its own country.
    return source or target, target or source


def _prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


def score_events(gold: list[str], predicted: list[str]) -> dict[str, Any]:
    """Accuracy, macro-F1 over the PLOVER types that occur (in gold or predicted), per-type P/R/F1."""
    pairs = list(zip(gold, predicted, strict=True))
    per_type: dict[str, dict[str, float]] = {}
    for t in PLOVER_TYPES:
        tp = sum(1 for g, p in pairs if g == t and p == t)
        fp = sum(1 for g, p in pairs if g != t and p == t)
        fn = sum(1 for g, p in pairs if g == t and p != t)
        if tp + fp + fn == 0:
            continue
        per_type[t] = {**_prf(tp, fp, fn), "support": tp + fn}
    confusion: dict[str, dict[str, int]] = {}
    for g, p in pairs:
        confusion.setdefault(g, {})
        confusion[g][p] = confusion[g].get(p, 0) + 1
    correct = sum(1 for g, p in pairs if g == p)
    macro = sum(v["f1"] for v in per_type.values()) / len(per_type) if per_type else 0.0
    return {
        "accuracy": round(correct / len(pairs), 4) if pairs else 0.0,
        "macro_f1": round(macro, 4),
        "per_type": per_type,
        "confusion": confusion,
    }


def score_acts(items: list[GoldEvent], pipeline: Pipeline) -> dict[str, Any]:
    """Reported acts against the records that are acts between two states (see the module docstring)."""
    from amity.model import Document

    state_acts = found = source_right = event_right = other = 0
    for item in items:
        is_state_act = bool(item.state_sources and item.targets and not item.sources & item.targets)
        state_acts += is_state_act
        acts = [s for s in pipeline.analyze(Document(text=item.text)).statements if s.kind == "act"]
        if not acts:
            continue
        if not is_state_act:
            other += 1
            continue
        act = acts[0]
        found += 1
        source_right += act.speaker is not None and act.speaker.iso3 in item.sources
        event_right += act.coding is not None and act.coding.event_type == item.event
    return {
        "state_act_records": state_acts, "found": found,
        "recall": round(found / state_acts, 4) if state_acts else 0.0,
        "source_accuracy": round(source_right / found, 4) if found else 0.0,
        "event_accuracy": round(event_right / found, 4) if found else 0.0,
        "on_other_records": other,
    }


def evaluate_events(gold_path: Path, classifier: EventClassifier | None = None,
                    tagger: ActorTagger | None = None, pipeline: Pipeline | None = None) -> dict[str, Any]:
    """Score event typing and source/target countries on a PLOVER gold-standard file."""
    items = load_gold(gold_path)
    classifier = classifier or EventClassifier.default()
    tagger = tagger or ActorTagger.default()
    classifier.classify("warm-up")  # builds the automaton, which is not what we time
    t0 = time.perf_counter()
    readings = [classifier.classify(item.text) for item in items]
    event_seconds = time.perf_counter() - t0
    predicted = [t or NO_EVENT for t, _ in readings]
    source_hits: Counter[bool] = Counter()
    target_hits: Counter[bool] = Counter()
    errors = []
    for item, (etype, evidence) in zip(items, readings, strict=True):
        source, target = source_target(item.text, evidence, tagger)
        if item.sources:
            source_hits[source in item.sources] += 1
        if item.targets:
            target_hits[target in item.targets] += 1
        if (etype or NO_EVENT) != item.event:
            errors.append({"id": item.id, "gold": item.event, "predicted": etype or NO_EVENT,
                           "cue": evidence[0].text if evidence else None})
    return {
        "n": len(items),
        "event": score_events([i.event for i in items], predicted),
        "source_country_accuracy": _rate(source_hits),
        "target_country_accuracy": _rate(target_hits),
        "source_country_n": sum(source_hits.values()),
        "target_country_n": sum(target_hits.values()),
        "sentences_per_second": round(len(items) / event_seconds) if event_seconds > 0 else None,
        "acts": score_acts(items, pipeline or _default_pipeline()),
        "errors": errors,
    }


def _default_pipeline() -> Pipeline:
    from amity.pipeline import Pipeline

    return Pipeline("three-pillars")


def _rate(hits: Counter[bool]) -> float:
    total = sum(hits.values())
    return round(hits[True] / total, 4) if total else 0.0
