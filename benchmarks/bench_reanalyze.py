"""Re-analysis against ingest: how long `amity reanalyze` takes to bring a database up to date.

    python benchmarks/bench_reanalyze.py [--corpus polnear|synthetic] [--n 1000] [--jobs 1,2] [--runs 3]

Ingests the corpus into a fresh SQLite database (timed: the baseline), then, for each job count, marks
every stored analysis as made by an older pipeline and runs ``amity.engine.reanalyze.reanalyze`` on it.
Each measurement runs in a fresh child process and reports wall seconds, CPU seconds of the child and
its workers, documents per second, and the peak resident memory of the child and of its largest worker;
medians over ``--runs``.
Results are printed as JSON and written to benchmarks/out/reanalyze.json.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared"


def inputs(corpus: str, n: int, workdir: Path) -> list[str]:
    if corpus == "polnear":  # 923 real news articles
        data = SHARED / "corpus" / "polnear" / "data"
        return [str(data / "train" / "text"), str(data / "dev" / "text")]
    from amity.engine.synthetic import write_corpus

    return [str(write_corpus(workdir / f"synthetic-{n}.jsonl", n))]


def child(spec: dict[str, Any]) -> dict[str, Any]:
    """In the child process: one ingest, or one re-analysis of a database marked stale."""
    from sqlalchemy import create_engine, text

    from amity.engine.local import run_local
    from amity.engine.reanalyze import reanalyze
    from amity.ingest.sources import SourceOptions, read_sources
    from amity.store import database_url

    start = time.perf_counter()
    if spec["step"] == "ingest":
        summary = run_local(read_sources(spec["inputs"], SourceOptions()), spec["db"])
        documents = summary.processed
    else:
        engine = create_engine(database_url(spec["db"]))
        with engine.begin() as conn:
            conn.execute(text("UPDATE analyses SET pipeline_version = '0.0.1'"))
        engine.dispose()
        start = time.perf_counter()
        documents = reanalyze(spec["db"], jobs=spec["jobs"]).refreshed
    seconds = time.perf_counter() - start
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    # Peak resident memory of this process, and of the largest worker process (Linux reports KB).
    return {"seconds": seconds, "documents": documents, "peak_mb": round(own.ru_maxrss / 1024, 1),
            "worker_peak_mb": round(workers.ru_maxrss / 1024, 1)}


def measure(spec: dict[str, Any]) -> dict[str, Any]:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    proc = subprocess.run([sys.executable, __file__, "--child", json.dumps(spec)], capture_output=True, text=True,
                          check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    result["cpu_seconds"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", default="polnear", choices=["polnear", "synthetic"])
    parser.add_argument("--n", type=int, default=1000, help="synthetic articles")
    parser.add_argument("--jobs", default="1,2")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    rows: dict[str, list[dict[str, Any]]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        sources = inputs(args.corpus, args.n, work)
        for run in range(args.runs):
            db = str(work / f"run{run}.db")
            rows.setdefault("ingest", []).append(measure({"step": "ingest", "inputs": sources, "db": db}))
            for jobs in (int(j) for j in args.jobs.split(",")):
                rows.setdefault(f"reanalyze_jobs{jobs}", []).append(
                    measure({"step": "reanalyze", "db": db, "jobs": jobs}))
    report: dict[str, Any] = {"corpus": args.corpus, "runs": args.runs}
    for name, results in rows.items():
        seconds = statistics.median(r["seconds"] for r in results)
        documents = results[0]["documents"]
        report[name] = {"documents": documents, "median_seconds": round(seconds, 2),
                        "docs_per_second": round(documents / seconds, 1),
                        "median_cpu_seconds": round(statistics.median(r["cpu_seconds"] for r in results), 2),
                        "peak_mb": max(r["peak_mb"] for r in results),
                        "worker_peak_mb": max(r["worker_peak_mb"] for r in results)}
    out = HERE / "out" / "reanalyze.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
