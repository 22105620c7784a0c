"""Articles per second of the two attribution modes, rules and parse, on the PolNeAR dev articles.

    python benchmarks/bench_attribution.py [--repeat 3] [--shared ../shared] [--modes rules,parse]

For each mode: the time to build the pipeline (lexicons, gazetteer and, for parse, the spaCy model), then
whole-pipeline throughput (``Pipeline.analyze``: sentences, actors, attribution, speakers, coding) over
the same articles, as the median of ``--repeat`` passes, and the statements found. The parse mode needs
``pip install 'amity[nlp]'``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--shared", default=os.environ.get("AMITY_SHARED", "../shared"))
    parser.add_argument("--modes", default="rules,parse")
    args = parser.parse_args()
    paths = sorted((Path(args.shared) / "corpus" / "polnear" / "data" / "dev" / "text").glob("*.txt"))
    if not paths:
        print(f"no PolNeAR dev articles under {args.shared}", file=sys.stderr)
        return 1
    texts = [p.read_text(encoding="utf-8") for p in paths]
    words = sum(len(t.split()) for t in texts)
    print(f"articles: {len(texts)}, words: {words:,}, passes: {args.repeat} (median)")

    from amity.model import Document
    from amity.pipeline import Pipeline

    for mode in args.modes.split(","):
        t0 = time.perf_counter()
        pipeline = Pipeline(attribution=mode)
        build = time.perf_counter() - t0
        rates = []
        statements = 0
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            statements = sum(len(pipeline.analyze(Document(text=t)).statements) for t in texts)
            rates.append(len(texts) / (time.perf_counter() - t0))
        print(f"{mode:6s} build {build:5.2f} s   {statistics.median(rates):7.1f} articles/s "
              f"(passes: {', '.join(f'{r:.1f}' for r in rates)})   {statements} statements")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
