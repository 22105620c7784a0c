"""Generate N synthetic news-length articles (400-800 words) as JSONL, deterministically.

The articles come from amity.engine.synthetic (templates of officials of two countries meeting and
speaking, among background paragraphs; a small share republished as exact or near copies, so that
de-duplication is exercised too). The same seed always gives the same file.

Usage: python benchmarks/make_synthetic.py N OUT.jsonl [--seed 0] [--dup-rate 0.02] [--near-rate 0.03]
"""

from __future__ import annotations

import argparse
from pathlib import Path

from amity.engine.synthetic import synthetic_article, synthetic_corpus, write_corpus

__all__ = ["main", "synthetic_article", "synthetic_corpus", "write_corpus"]  # the benchmarks and tests import these


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many articles")
    parser.add_argument("out", type=Path, help="the JSONL file to write (.jsonl or .jsonl.gz)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dup-rate", type=float, default=0.02, help="share of exact copies")
    parser.add_argument("--near-rate", type=float, default=0.03, help="share of near copies")
    args = parser.parse_args()
    write_corpus(args.out, args.n, seed=args.seed, dup_rate=args.dup_rate, near_rate=args.near_rate)


if __name__ == "__main__":
    main()
