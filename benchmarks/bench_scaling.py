"""Scaling: the local engine against a Dask LocalCluster, SQLite against PostgreSQL.

    python benchmarks/bench_scaling.py [--n 100000] [--workers 2] [--pg postgresql://...]
                                       [--configs local-sqlite,dask-sqlite,local-postgresql,dask-postgresql]

Writes N synthetic news-length articles (amity.engine.synthetic, as benchmarks/make_synthetic.py
does) as one JSONL file, then analyses and stores them once per configuration,
each in a fresh database and a fresh child process, and reports articles per second (wall clock,
including the cluster's start) and peak memory: the largest sum of resident memory over the child
and all its descendants (Dask's scheduler, nannies and workers), sampled every 0.1 s.
PostgreSQL configurations need --pg or AMITY_TEST_PG_URL (a role that may create databases).
It also reports CPU milliseconds per article (the child and all its descendants, which does not
depend on what else the machine runs) and the size of the database afterwards.
Results are printed as a table and written to benchmarks/out/scaling.json.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CONFIGS = ("local-sqlite", "dask-sqlite", "local-postgresql", "dask-postgresql")


def write_articles(path: Path, n: int) -> Path:
    if path.is_file():
        return path
    from amity.engine.synthetic import write_corpus  # news-length articles with some republished copies

    return write_corpus(path, n)


def run_one(spec: dict[str, Any]) -> dict[str, Any]:
    """In the child: analyse and store the corpus with one engine and database; time it."""
    from amity.batch import analyze_inputs
    from amity.engine.dask import analyze_with_dask

    start = time.perf_counter()
    if spec["engine"] == "dask":
        result = analyze_with_dask([spec["input"]], db=spec["db"], workers=spec["workers"], keep=False)
    else:
        result = analyze_inputs([spec["input"]], db=spec["db"], keep=False)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "processed": result.processed, "skipped": result.skipped,
            "quarantined": len(result.quarantined), "db_mb": round(_database_bytes(spec["db"]) / 1e6, 1)}


def _database_bytes(db: str) -> int:
    if "://" not in db:
        return sum(Path(db + suffix).stat().st_size for suffix in ("", "-wal") if Path(db + suffix).exists())
    from sqlalchemy import text

    from amity.store import Store

    with Store(db, create=False) as store, store.engine.connect() as conn:
        return int(conn.execute(text("SELECT pg_database_size(current_database())")).scalar_one())


def _tree_rss(proc: Any) -> int:
    import psutil

    total = 0
    for p in [proc, *proc.children(recursive=True)]:
        try:
            total += p.memory_info().rss
        except psutil.Error:
            continue
    return total


def measure(spec: dict[str, Any]) -> dict[str, Any]:
    import psutil

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    child = subprocess.Popen([sys.executable, __file__, "--run-one", json.dumps(spec)], stdout=subprocess.PIPE)
    watched = psutil.Process(child.pid)
    peak = 0
    while child.poll() is None:
        with contextlib.suppress(psutil.Error):  # the tree changes while we look at it
            peak = max(peak, _tree_rss(watched))
        time.sleep(0.1)
    out, _ = child.communicate()
    if child.returncode != 0:
        raise SystemExit(f"{spec['name']} failed with exit code {child.returncode}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result: dict[str, Any] = json.loads(out.decode().strip().splitlines()[-1])
    # CPU time of the child and every descendant it waited for (Dask's worker processes): unlike
    # the wall clock, it does not depend on what else the machine is running.
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    result["cpu_seconds"] = round(cpu, 1)
    result["cpu_ms_per_article"] = round(1000 * cpu / max(1, result["processed"] + result["skipped"]), 1)
    result["peak_mb"] = round(peak / 1e6, 1)
    result["articles_per_s"] = round((result["processed"] + result["skipped"]) / result["seconds"], 1)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=100_000, help="how many synthetic articles")
    parser.add_argument("--workers", type=int, default=2, help="Dask LocalCluster worker processes")
    parser.add_argument("--pg", default=os.environ.get("AMITY_TEST_PG_URL"), help="PostgreSQL server URL")
    parser.add_argument("--configs", default=",".join(CONFIGS), help="which configurations, comma-separated")
    parser.add_argument("--work", type=Path, default=None, help="folder for the corpus and SQLite files")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "scaling.json",
                        help="where to write the results as JSON (one file per concurrent run)")
    parser.add_argument("--run-one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.run_one:
        print(json.dumps(run_one(json.loads(args.run_one))))
        return 0

    work = args.work or Path(tempfile.mkdtemp(prefix="amity-scaling-"))
    work.mkdir(parents=True, exist_ok=True)
    corpus = write_articles(work / f"synthetic-{args.n}.jsonl", args.n)
    print(f"corpus: {corpus} ({corpus.stat().st_size / 1e6:.0f} MB, {args.n} articles)", file=sys.stderr)
    rows = []
    for name in [c.strip() for c in args.configs.split(",") if c.strip()]:
        engine, store = name.split("-")
        if store == "postgresql" and not args.pg:
            print(f"{name}: skipped (no --pg or AMITY_TEST_PG_URL)", file=sys.stderr)
            continue
        with contextlib.ExitStack() as stack:
            if store == "postgresql":
                from amity.store.databases import temporary_database

                db = stack.enter_context(temporary_database(args.pg, "amity_bench"))
            else:
                db = str(work / f"{name}-{uuid.uuid4().hex[:6]}.db")
            spec = {"name": name, "engine": engine, "db": db, "input": str(corpus), "workers": args.workers}
            result = measure(spec)
        row = {"config": name, "articles": args.n, "workers": args.workers if engine == "dask" else 1, **result}
        rows.append(row)
        print(f"{name}: {row['articles_per_s']} articles/s, {row['cpu_ms_per_article']} CPU ms/article, "
              f"peak {row['peak_mb']} MB", file=sys.stderr)

    print("| config | articles/s | seconds | CPU ms/article | peak memory (MB) | database (MB) | processed | skipped |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for row in rows:
        print(f"| {row['config']} | {row['articles_per_s']} | {row['seconds']:.1f} | {row['cpu_ms_per_article']} | "
              f"{row['peak_mb']} | {row.get('db_mb', '')} | {row['processed']} | {row['skipped']} |")
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps({"cpu_count": os.cpu_count(), "results": rows}, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
