"""Throughput of the actor tagger and the sentence splitter on the 102 UN General Debate speeches.

    python benchmarks/bench_actors.py [--repeat 5] [--shared ../shared]

Prints the time to build the default tagger and characters/second (median over repeats) for
``ActorTagger.tag`` and ``split_sentences``, with mention and sentence counts.
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
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--shared", default=os.environ.get("AMITY_SHARED", "../shared"))
    args = parser.parse_args()
    paths = sorted((Path(args.shared) / "corpus" / "ungdc" / "speeches").glob("*.txt"))
    if not paths:
        print(f"no speeches under {args.shared}", file=sys.stderr)
        return 1
    texts = [p.read_text(encoding="utf-8") for p in paths]
    chars = sum(len(t) for t in texts)

    t0 = time.perf_counter()
    from amity.nlp.actors import ActorTagger
    from amity.nlp.sentences import split_sentences

    tagger = ActorTagger.default()
    build = time.perf_counter() - t0

    tag_rates, split_rates = [], []
    mentions = sentences = 0
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        mentions = sum(len(tagger.tag(t)[0]) for t in texts)
        tag_rates.append(chars / (time.perf_counter() - t0))
        t0 = time.perf_counter()
        sentences = sum(len(split_sentences(t)) for t in texts)
        split_rates.append(chars / (time.perf_counter() - t0))

    print(f"documents: {len(texts)}, characters: {chars:,}")
    print(f"tagger build (imports + YAML + automaton): {build:.2f} s")
    print(f"ActorTagger.tag: {statistics.median(tag_rates):,.0f} chars/s ({mentions} mentions)")
    print(f"split_sentences: {statistics.median(split_rates):,.0f} chars/s ({sentences} sentences)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
