"""Throughput and peak memory of the default pipeline on the 102 UN General Debate speeches.

    python benchmarks/bench_ungdc.py [--repeat 3] [--shared ../shared]

Prints documents/s (median over repeats) for: reading only (baseline, same run), and reading +
annotation + coding; peak resident memory of the process; statements found.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shared", default=os.environ.get("AMITY_SHARED", "../shared"))
    args = parser.parse_args()
    speeches = sorted((Path(args.shared) / "corpus" / "ungdc" / "speeches").glob("*.txt"))
    if not speeches:
        print(f"no speeches under {args.shared}", file=sys.stderr)
        return 1

    from amity import Pipeline
    from amity.ingest import read_path

    t0 = time.perf_counter()
    pipeline = Pipeline("three-pillars")
    build = time.perf_counter() - t0

    read_rates, full_rates = [], []
    statements = 0
    chars = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        docs = [read_path(p) for p in speeches]
        read_rates.append(len(docs) / (time.perf_counter() - t0))
        chars = sum(len(d.text) for d in docs)
        t0 = time.perf_counter()
        statements = 0
        for p in speeches:
            analysis = pipeline.analyze(read_path(p))
            statements += len(analysis.statements)
        full_rates.append(len(speeches) / (time.perf_counter() - t0))
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    full = statistics.median(full_rates)
    print(f"documents: {len(speeches)}  characters: {chars:,}  statements: {statements}")
    print(f"pipeline build: {build:.2f} s")
    print(f"baseline (read only): {statistics.median(read_rates):,.1f} docs/s (median of {args.repeat})")
    print(f"full pipeline:        {full:,.1f} docs/s  {full * chars / len(speeches) / 1e3:,.0f} kchars/s "
          f"(median of {args.repeat})")
    print(f"peak memory: {peak_mb:,.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
