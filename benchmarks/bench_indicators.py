"""Indicator query times on a large synthetic store (default: one million statements).

Usage:
    python benchmarks/bench_indicators.py [--db PATH] [--statements 1000000] [--repeat 3]

Writes the synthetic store once (reused when PATH already holds statements), builds the summary tables
and times every query the dashboard makes for a dyad page, a country page and the overview, through
the summaries and, for comparison, the exact joins (one run, which takes much longer). Dashboard
queries must stay under a second.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import text

from amity.indicators import compute, rollup
from amity.indicators.scope import Scope
from amity.indicators.statements import search_statements
from amity.indicators.synthetic import populate
from amity.store import Store

DASHBOARD_LIMIT_S = 1.0


def _time(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", default="bench-indicators.db", help="SQLite file (created if missing)")
    parser.add_argument("--statements", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--exact", action="store_true", help="also time the exact queries (slow)")
    args = parser.parse_args()

    store = Store(Path(args.db))
    engine = store.engine
    with engine.connect() as conn:
        have = int(conn.execute(text("SELECT COUNT(*) FROM statements")).scalar_one())
    if have == 0:
        start = time.perf_counter()
        populate(engine, args.statements)
        print(f"wrote {args.statements:,} synthetic statements in {time.perf_counter() - start:.1f} s")
        have = args.statements
    print(f"store: {have:,} statements in {args.db}")

    start = time.perf_counter()
    assert rollup.refresh(engine, "three-pillars")
    print(f"summary tables built/refreshed in {time.perf_counter() - start:.1f} s")
    start = time.perf_counter()
    rollup.refresh(engine, "three-pillars")
    print(f"freshness check when nothing changed: {1000 * (time.perf_counter() - start):.1f} ms")

    dyad = Scope.build(dyad="KHM-CHN")
    country = Scope.build(country="KHM")
    everything = Scope()
    queries: list[tuple[str, Callable[[], Any]]] = [
        ("overview: dyads", lambda: compute.dyad_rows(engine, everything)),
        ("dyad: timeline by quarter", lambda: compute.timeline_rows(engine, dyad, "quarter")),
        ("dyad: timeline by week", lambda: compute.timeline_rows(engine, dyad, "week")),
        ("dyad: sub-areas", lambda: compute.sub_area_rows(engine, dyad)),
        ("dyad: speakers", lambda: compute.speaker_rows(engine, dyad)),
        ("dyad: mechanisms", lambda: compute.mechanism_rows(engine, dyad)),
        ("dyad: mechanisms x pillars", lambda: compute.mechanism_pillar_rows(engine, dyad)),
        ("dyad: quality mix", lambda: compute.quality_rows(engine, dyad)),
        ("country: timeline by month", lambda: compute.timeline_rows(engine, country, "month")),
        ("all: timeline by year", lambda: compute.timeline_rows(engine, everything, "year")),
        ("drill-down: statements of a quarter and pillar (page of 20)",
         lambda: search_statements(engine, Scope.build(dyad="KHM-CHN", pillar="P2"), period="2021-Q1",
                                   by="quarter", limit=20)),
        ("search: full text 'railway' (page of 20)",
         lambda: search_statements(engine, dyad, q="railway", limit=20)),
    ]
    search_statements(engine, dyad, q="warm up the full-text index", limit=1)
    print(f"\n{'query':<62} {'median s':>9}  dashboard < {DASHBOARD_LIMIT_S:.0f} s")
    slow = 0
    for name, fn in queries:
        seconds = _time(fn, args.repeat)
        ok = seconds < DASHBOARD_LIMIT_S
        slow += not ok
        print(f"{name:<62} {seconds:9.3f}  {'ok' if ok else 'SLOW'}")
    if args.exact:
        original = compute._summaries
        compute._summaries = lambda *a, **k: False
        try:
            print("\nexact queries (no summaries), one run each:")
            for name, fn in queries[:8]:
                print(f"{name:<62} {_time(fn, 1):9.3f}")
        finally:
            compute._summaries = original
    return 1 if slow else 0


if __name__ == "__main__":
    sys.exit(main())
