"""A synthetic store of any size, for benchmarks and tests of the indicator queries.

Rows are written straight into the schema tables in large batches (the pipeline would take hours for a
million statements, and the queries only care about the codes). Text is made from a small vocabulary
of the project's own; it is not meant to read as news.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine

from amity.store import schema as s

COUNTRIES = ("KHM", "CHN", "USA", "JPN", "VNM", "THA", "LAO", "FRA", "IND", "AUS")
PILLARS = {
    "P1": ("high_level_dialogue", "foreign_policy_coordination", "defence_security", "law_enforcement"),
    "P2": ("trade", "investment", "infrastructure", "finance"),
    "P3": ("education", "culture", "tourism", "health"),
}
MECHANISMS = ("LMC", "BRI", "ASEAN", "RCEP", "MEKONG_US")
EVENTS = ("COOPERATE", "AID", "AGREE", "CONSULT", "SUPPORT", "RETREAT", "CONCEDE", "ACCUSE", "REJECT", "REQUEST")
TONES = ("cooperative", "cooperative", "cooperative", "neutral", "conflictual")
COMMITMENTS = ("act", "pledge", "aspiration", None)
SPEAKERS = (
    ("hun-manet", "Hun Manet", "KHM", "Prime Minister"),
    ("wang-yi", "Wang Yi", "CHN", "Foreign Minister"),
    ("xi-jinping", "Xi Jinping", "CHN", "President"),
    ("spokesperson-chn", "Mao Ning", "CHN", "Foreign Ministry spokesperson"),
    ("ambassador-usa", "W. Patrick Murphy", "USA", "Ambassador"),
    ("analyst-1", "Chheang Vannarith", "KHM", "political analyst"),
    ("official-khm", "Sok Chenda Sophea", "KHM", "Deputy Prime Minister"),
)
WORDS = ("cooperation", "railway", "students", "trade", "investment", "security", "friendship", "tourism",
         "vaccines", "port", "agreement", "dialogue", "scholarships", "exports", "training", "bridge")


def _statement_rows(n: int, seed: int, start: datetime, days: int) -> Iterator[dict[str, Any]]:
    rng = random.Random(seed)
    dyad_pool = [("CHN", "KHM")] * 6 + [("KHM", "USA")] * 2 + [tuple(sorted(rng.sample(COUNTRIES, 2))) for _ in range(12)]
    for i in range(n):
        doc = f"syn{i // 3:013d}"
        yield {
            "i": i, "doc": doc, "sid": f"{doc}:{i % 3}",
            "published": start + timedelta(days=rng.randrange(days), hours=rng.randrange(24)),
            "speaker": rng.choice(SPEAKERS) if rng.random() < 0.85 else None,
            "words": " ".join(rng.choice(WORDS) for _ in range(8)),
            "pillars": rng.sample(list(PILLARS), k=1 if rng.random() < 0.8 else 2),
            "mechanisms": rng.sample(MECHANISMS, k=rng.choice((0, 0, 1, 1, 2))),
            "dyad": rng.choice(dyad_pool), "event": rng.choice(EVENTS), "tone": rng.choice(TONES),
            "commitment": rng.choice(COMMITMENTS), "rng": rng.random(),
        }


def populate(engine: Engine, n_statements: int, *, seed: int = 7, framework: str = "three-pillars",
             start: datetime = datetime(2019, 1, 1), days: int = 6 * 365, batch: int = 50_000) -> int:
    """Write ``n_statements`` synthetic coded statements (three per document); returns the count."""
    s.metadata.create_all(engine)
    now = datetime(2026, 1, 1)
    with engine.begin() as conn:
        conn.execute(s.actors.insert(), [
            {"id": sid, "name": name, "type": "person", "iso3": iso, "title": title, "role": None,
             "organisation": None} for sid, name, iso, title in SPEAKERS
        ] + [{"id": m, "name": m, "type": "mechanism", "iso3": None, "title": None, "role": None,
              "organisation": None} for m in MECHANISMS])
    tables: dict[str, list[dict[str, Any]]] = {}

    def flush() -> None:
        with engine.begin() as conn:
            for name in ("documents", "analyses", "statements", "codings", "statement_pillars",
                         "statement_sub_areas", "statement_mechanisms", "statement_dyads", "evidence"):
                rows = tables.get(name)
                if rows:
                    conn.execute(s.metadata.tables[name].insert(), rows)
        tables.clear()

    for row in _statement_rows(n_statements, seed, start, days):
        doc, sid = row["doc"], row["sid"]
        text = f"The two sides agreed to deepen {row['words']}."
        if row["i"] % 3 == 0:
            tables.setdefault("documents", []).append({
                "id": doc, "title": f"Synthetic story {row['i'] // 3}", "source": "Synthetic", "url": None,
                "path": None, "published": row["published"], "authors": "[]", "editor": None, "dateline": None,
                "language": "en", "text": text, "cluster_id": f"c{row['i'] // 9}", "provenance": None,
                "extra": "{}", "ingested_at": now,
            })
            tables.setdefault("analyses", []).append({
                "document_id": doc, "framework": framework, "pipeline_version": "synthetic",
                "analyzed_at": now, "n_statements": 3,
            })
        sp = row["speaker"]
        pillars = row["pillars"]
        subs = [random.Random(row["i"]).choice(PILLARS[p]) for p in pillars]
        tables.setdefault("statements", []).append({
            "id": sid, "document_id": doc, "idx": row["i"] % 3, "start": 0, "end": len(text), "text": text,
            "kind": "direct", "speaker_id": sp[0] if sp else None, "speaker_name": sp[1] if sp else None,
            "speaker_title": sp[3] if sp else None, "speaker_organisation": None,
            "speaker_country": sp[2] if sp else None, "speaker_type": "person" if sp else None,
            "speaker_start": None, "speaker_end": None, "speaker_text": None, "cue_start": None, "cue_end": None,
            "cue_text": None, "confidence": 0.9, "published": row["published"], "cluster_id": f"c{row['i'] // 9}",
        })
        a, b = row["dyad"]
        tables.setdefault("codings", []).append({
            "statement_id": sid, "framework": framework, "relevant": row["rng"] > 0.05, "primary_pillar": pillars[0],
            "pillars": json.dumps(pillars), "sub_areas": json.dumps(subs), "mechanisms": json.dumps(row["mechanisms"]),
            "dyads": json.dumps([[a, b]]), "event_type": row["event"], "tone": row["tone"],
            "commitment": row["commitment"], "confidence": 0.8,
        })
        tables.setdefault("statement_pillars", []).extend(
            {"statement_id": sid, "framework": framework, "pillar": p, "is_primary": k == 0} for k, p in enumerate(pillars))
        tables.setdefault("statement_sub_areas", []).extend(
            {"statement_id": sid, "framework": framework, "sub_area": x} for x in dict.fromkeys(subs))
        tables.setdefault("statement_mechanisms", []).extend(
            {"statement_id": sid, "framework": framework, "mechanism": m} for m in row["mechanisms"])
        tables.setdefault("statement_dyads", []).append(
            {"statement_id": sid, "framework": framework, "country_a": a, "country_b": b})
        if len(tables["statements"]) >= batch:
            flush()
    flush()
    return n_statements
