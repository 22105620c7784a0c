"""The synthetic corpus (amity.engine.synthetic): deterministic, the benchmarks' corpus unchanged."""

from __future__ import annotations

import hashlib
import subprocess
import sys
from pathlib import Path

from amity.engine.synthetic import synthetic_articles, synthetic_corpus, write_corpus

ROOT = Path(__file__).resolve().parents[1]
# SHA-256 of `python benchmarks/make_synthetic.py 200 OUT.jsonl` (seed 0): the corpus behind the
# published benchmark figures (docs/performance.md, docs/scaling.md). Changing the generator changes
# this; then those figures are no longer comparable.
BENCHMARK_200 = "3f2ffb76d3e99fbb724d7d2dc495dbb3444170c63f62b40b037bdf9e4469b521"


def test_the_benchmark_corpus_is_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "bench.jsonl"
    subprocess.run([sys.executable, str(ROOT / "benchmarks" / "make_synthetic.py"), "200", str(out)], check=True)
    assert hashlib.sha256(out.read_bytes()).hexdigest() == BENCHMARK_200
    assert write_corpus(tmp_path / "lib.jsonl", 200).read_bytes() == out.read_bytes()


def test_the_same_seed_gives_the_same_articles() -> None:
    assert list(synthetic_corpus(30, seed=4)) == list(synthetic_corpus(30, seed=4))
    assert list(synthetic_corpus(30, seed=4)) != list(synthetic_corpus(30, seed=5))


def test_copies_and_lengths() -> None:
    records = list(synthetic_corpus(400, seed=1, dup_rate=0.1, near_rate=0.1))
    sources = {r["source"] for r in records}
    assert sources == {"Synthetic Wire", "Mirror News", "Partner Daily"}
    originals = [r for r in records if r["source"] == "Synthetic Wire"]
    assert min(len(r["text"].split()) for r in originals) >= 400
    mirrored = [r for r in records if r["source"] == "Mirror News"]
    assert all(any(m["text"] == o["text"] for o in originals) for m in mirrored)

    short = list(synthetic_articles(200, seed=1))
    assert {r["source"] for r in short} == {"Synthetic Wire"}
    assert len({r["text"] for r in short}) == len({r["url"] for r in short}) == 200
    assert all(60 <= len(r["text"].split()) < 400 for r in short)
