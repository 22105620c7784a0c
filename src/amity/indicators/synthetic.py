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
    "P2": ("trade_market_access", "investment_industry", "infrastructure_connectivity", "finance_development"),
    "P3": ("education_training", "culture_media_sport", "tourism_mobility", "health"),
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
    dyad_pool = [("CHN", "KHM")] * 6 + [("KHM", "USA")] * 2
    for _ in range(12):
        a, b = sorted(rng.sample(COUNTRIES, 2))
        dyad_pool.append((a, b))
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
            {"statement_id": sid, "framework": framework, "pillar": p, "is_primary": k == 0}
            for k, p in enumerate(pillars))
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


# -- a handful of hand-made analyses with known numbers, for tests and docs ----------------------------

def analysis_from_spec(text: str, *, title: str, published: datetime | None, cluster: str | None,
                       statements: list[dict[str, Any]], url: str | None = None,
                       framework: str = "three-pillars") -> Any:
    """An Analysis built by hand: each statement names its ``quote`` (a substring of ``text``), its
    ``speaker`` (an Actor or None), its codes, and ``cues`` (substrings of the quote) as evidence."""
    from amity.model import Analysis, Coding, Document, Evidence, Span, Statement

    doc = Document(text=text, title=title, published=published, url=url, source="Sample Wire",
                   extra={"cluster_id": cluster} if cluster else {})
    built = []
    actors = {}
    for index, spec in enumerate(statements):
        start = text.index(spec["quote"])
        end = start + len(spec["quote"])
        evidence = []
        for field_name, value, cue in spec.get("cues", ()):
            at = text.index(cue, start)
            evidence.append(Evidence(field_name, value, at, at + len(cue), cue, cue.lower()))
        pillars = spec.get("pillars", [])
        coding = Coding(
            framework=framework, relevant=spec.get("relevant", True), pillars=pillars,
            primary_pillar=pillars[0] if pillars else None, sub_areas=spec.get("sub_areas", []),
            mechanisms=spec.get("mechanisms", []), dyads=[tuple(sorted(d)) for d in spec.get("dyads", [])],
            event_type=spec.get("event_type"), tone=spec.get("tone"), commitment=spec.get("commitment"),
            evidence=evidence, confidence=0.9,
        )
        speaker = spec.get("speaker")
        if speaker is not None:
            actors[speaker.id] = speaker
        built.append(Statement(content=Span(start, end, text[start:end]), kind="direct", speaker=speaker,
                               confidence=0.9, coding=coding, index=index))
    return Analysis(document=doc, framework=framework, statements=built, actors=actors)


def sample_analyses() -> list[Any]:
    """Seven small documents whose indicator values are worked out by hand in the tests."""
    from amity.model import Actor

    hun = Actor("person:sample-pm", "Sok Dara", "person", iso3="KHM", title="Prime Minister")
    wang = Actor("person:sample-fm", "Li Ming", "person", iso3="CHN", title="Foreign Minister")
    spox = Actor("person:sample-spox", "Zhao Lan", "person", iso3="CHN", title="Foreign Ministry spokesperson")
    analyst = Actor("person:sample-analyst", "Chan Vuthy", "person", iso3="KHM", title="political analyst")
    amb = Actor("person:sample-amb", "Jane Roe", "person", iso3="USA", title="Ambassador")
    ck = [("CHN", "KHM")]
    return [
        analysis_from_spec(
            "Prime Minister Sok Dara said Cambodia and China signed a railway agreement on Monday. "
            "He said both sides should expand student exchanges.",
            title="Railway deal signed", published=datetime(2024, 1, 10), cluster="story-a",
            url="https://example.org/railway",
            statements=[
                {"quote": "Cambodia and China signed a railway agreement on Monday", "speaker": hun,
                 "pillars": ["P2"], "sub_areas": ["infrastructure_connectivity"], "mechanisms": ["BRI"], "dyads": ck,
                 "event_type": "COOPERATE", "tone": "cooperative", "commitment": "act",
                 "cues": [("pillar", "P2", "railway"), ("event_type", "COOPERATE", "signed"),
                          ("dyad", "KHM", "Cambodia")]},
                {"quote": "both sides should expand student exchanges", "speaker": hun, "pillars": ["P3"],
                 "sub_areas": ["education_training"], "dyads": ck, "event_type": "AGREE", "tone": "cooperative",
                 "commitment": "aspiration", "cues": [("sub_area", "education_training", "student exchanges")]},
            ]),
        analysis_from_spec(
            "Foreign Minister Li Ming said China firmly supports Cambodia in safeguarding its sovereignty.",
            title="Support for sovereignty", published=datetime(2024, 2, 20), cluster="story-b",
            statements=[{"quote": "China firmly supports Cambodia in safeguarding its sovereignty",
                         "speaker": wang, "pillars": ["P1"], "sub_areas": ["foreign_policy_coordination"],
                         "dyads": ck, "event_type": "SUPPORT", "tone": "cooperative", "commitment": "pledge",
                         "cues": [("pillar", "P1", "sovereignty")]}]),
        analysis_from_spec(
            "A spokesperson, Zhao Lan, said the two sides held consultations on regional security.",
            title="Consultations held", published=datetime(2024, 4, 5), cluster="story-b",
            statements=[{"quote": "the two sides held consultations on regional security", "speaker": spox,
                         "pillars": ["P1"], "sub_areas": ["high_level_dialogue"], "dyads": ck,
                         "event_type": "CONSULT", "tone": "neutral", "cues": [("pillar", "P1", "security")]}]),
        analysis_from_spec(
            "Analyst Chan Vuthy said Beijing and Washington were squeezing Phnom Penh over trade and the "
            "Mekong-Lancang Cooperation.",
            title="Squeezed", published=datetime(2024, 5, 1), cluster="story-d",
            statements=[{"quote": "Beijing and Washington were squeezing Phnom Penh over trade and the "
                                  "Mekong-Lancang Cooperation", "speaker": analyst, "pillars": ["P2"],
                         "sub_areas": ["trade_market_access"], "mechanisms": ["LMC"],
                         "dyads": [("CHN", "KHM"), ("KHM", "USA")],
                         "event_type": "ACCUSE", "tone": "conflictual", "cues": [("pillar", "P2", "trade")]}]),
        analysis_from_spec(
            "Ambassador Jane Roe said the United States handed over scholarships to Cambodian students.",
            title="Scholarships", published=datetime(2024, 7, 15), cluster="story-e",
            statements=[{"quote": "the United States handed over scholarships to Cambodian students",
                         "speaker": amb, "pillars": ["P3"], "sub_areas": ["education_training"],
                         "dyads": [("KHM", "USA")],
                         "event_type": "AID", "tone": "cooperative", "commitment": "act",
                         "cues": [("sub_area", "education_training", "scholarships")]}]),
        analysis_from_spec(
            "A Chinese football club said it would visit Cambodia next year for a friendly match.",
            title="Football", published=datetime(2024, 1, 12), cluster="story-f",
            statements=[{"quote": "it would visit Cambodia next year for a friendly match", "speaker": None,
                         "relevant": False, "pillars": ["P3"], "dyads": ck}]),
        analysis_from_spec(
            "Officials said China and Cambodia would hold a joint military exercise.",
            title="Undated exercise", published=None, cluster="story-g",
            statements=[{"quote": "China and Cambodia would hold a joint military exercise", "speaker": None,
                         "pillars": ["P1"], "sub_areas": ["defence_security"], "dyads": ck,
                         "event_type": "COOPERATE", "tone": "cooperative", "commitment": "pledge",
                         "cues": [("sub_area", "defence_security", "joint military exercise")]}]),
    ]
