"""The Dask engine: reading, annotation and coding spread over a Dask cluster, results stored in batches.

``analyze_with_dask`` does what :func:`amity.batch.analyze_inputs` does, with the same results:

* the client expands the inputs into shards (files, runs of Parquet row groups; see
  :mod:`amity.ingest.shards`) and groups them into tasks of a few megabytes;
* each worker builds the pipeline once, reads its shards, leaves out documents already stored
  under the framework (one query per task) and analyses the rest;
* the client takes the tasks' results back *in input order* (a bounded window of tasks runs ahead),
  drops repeats exactly as the local engine does, and writes analyses in batches of ``batch_size``
  in one transaction each.

The client is the only writer, so SQLite works as well as PostgreSQL; one process storing a batch
of analyses is far faster than workers analysing them, so it is not the bottleneck (see
docs/scaling.md). Without a scheduler address a LocalCluster of worker processes runs here.
"""

from __future__ import annotations

import logging
import os
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from amity.batch import BatchResult, is_copy, story_deduplicator
from amity.engine.local import StaleQuarantine
from amity.errors import ConfigError, require
from amity.ingest.jsonl import JsonlFields
from amity.ingest.shards import Shard, expand_shards, read_shard, split_jsonl
from amity.model import Analysis, Document, Quarantined
from amity.pipeline import Pipeline
from amity.store import Store, database_url, schema

logger = logging.getLogger(__name__)

DEFAULT_BATCH_SIZE = 500
# A task reads about this many bytes of input (a few hundred news articles: seconds of work), so
# that the scheduler's overhead per task (milliseconds) is negligible, while the analyses a task
# sends back (tens of statements and their evidence per article) stay small in the client's memory.
MAX_TASK_BYTES = 1_000_000
MAX_SHARDS_PER_TASK = 64
TASKS_PER_WORKER = 4  # small inputs are cut finer so that every worker gets some
WINDOW_PER_WORKER = 2  # tasks submitted ahead of the one being collected, per worker

ProgressCallback = Callable[[Document | Quarantined], None]


@dataclass(frozen=True, slots=True)
class Skipped:
    """A document a worker left out because it is already stored (or repeated within its task)."""

    document_id: str


TaskResult = list[Analysis | Quarantined | Skipped]

# Per worker process: building a pipeline loads lexicons and models, so do it once, not per task.
_pipelines: dict[tuple[str, str | None, str | None, bool, str], Pipeline] = {}
_engines: dict[str, Any] = {}


def _worker_pipeline(framework: str, pillar_model: str | None, quote_model: str | None, acts: bool = True,
                     attribution: str = "rules") -> Pipeline:
    key = (framework, pillar_model, quote_model, acts, attribution)
    pipeline = _pipelines.get(key)
    if pipeline is None:
        pipeline = Pipeline(framework, pillar_model=pillar_model, quote_model=quote_model, attribution=attribution,
                            acts=acts)
        _pipelines[key] = pipeline
    return pipeline


def _stored_ids(db_url: str, framework: str, ids: Sequence[str]) -> set[str]:
    from sqlalchemy import create_engine, select


    engine = _engines.get(db_url)
    if engine is None:
        engine = _engines[db_url] = create_engine(db_url)
    table = schema.analyses
    found: set[str] = set()
    with engine.connect() as conn:
        for start in range(0, len(ids), 1000):  # keep the IN list within every database's limits
            chunk = list(ids[start:start + 1000])
            found.update(conn.execute(
                select(table.c.document_id).where(table.c.framework == framework,
                                                  table.c.document_id.in_(chunk))
            ).scalars())
    return found


def analyze_task(
    shards: Sequence[Shard],
    *,
    framework: str,
    pillar_model: str | None = None,
    quote_model: str | None = None,
    fields: JsonlFields | None = None,
    db_url: str | None = None,
    acts: bool = True,
) -> TaskResult:
    """Run on a worker: read the shards and analyse every document not stored yet, in order."""
    pipeline = _worker_pipeline(framework, pillar_model, quote_model, acts)
    items = [item for shard in shards for item in read_shard(shard, fields)]
    stored: set[str] = set()
    if db_url is not None:
        ids = [item.id for item in items if isinstance(item, Document)]
        stored = _stored_ids(db_url, pipeline.framework_id, ids) if ids else set()
    seen: set[str] = set()
    out: TaskResult = []
    for item in items:
        if isinstance(item, Quarantined):
            out.append(item)
        elif item.id in stored or item.id in seen:
            out.append(Skipped(item.id))
        else:
            seen.add(item.id)
            out.append(pipeline.analyze(item))
    return out


def plan_tasks(
    inputs: Sequence[str | Path], *, workers: int = 1, max_task_bytes: int = MAX_TASK_BYTES
) -> list[list[Shard] | Quarantined]:
    """Inputs as tasks (consecutive shards grouped up to a size) and input errors, in input order."""
    expanded = list(expand_shards(inputs))
    total = sum(item.size for item in expanded if isinstance(item, Shard))
    target = max(1, min(max_task_bytes, total // max(1, workers * TASKS_PER_WORKER)))
    items = [piece for item in expanded
             for piece in ([item] if isinstance(item, Quarantined) else split_jsonl(item, target))]
    plan: list[list[Shard] | Quarantined] = []
    group: list[Shard] = []
    size = 0
    for item in items:
        if isinstance(item, Quarantined):
            if group:
                plan.append(group)
                group, size = [], 0
            plan.append(item)
            continue
        if group and (size + item.size > target or len(group) >= MAX_SHARDS_PER_TASK):
            plan.append(group)
            group, size = [], 0
        group.append(item)
        size += item.size
    if group:
        plan.append(group)
    return plan


@contextmanager
def _dask_client(scheduler: str | None, workers: int | None) -> Iterator[Any]:
    distributed = require("distributed", feature="the Dask engine", extra="dask")
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="30s")  # type: ignore[attr-defined]  # untyped
        except (OSError, TimeoutError) as exc:
            raise ConfigError(f"cannot reach the Dask scheduler ({exc})", input=scheduler,
                              hint="check the address, e.g. tcp://HOST:8786") from exc
        with client:
            yield client
        return
    n_workers = workers or max(1, min(os.cpu_count() or 1, 8))
    # One thread per worker process: the pipeline is pure Python, so threads would share one GIL.
    cluster = distributed.LocalCluster(  # type: ignore[attr-defined]  # untyped
        n_workers=n_workers, threads_per_worker=1, processes=True, dashboard_address=":0",
    )
    with cluster, distributed.Client(cluster) as client:  # type: ignore[attr-defined]  # untyped
        yield client


def _workers_on_this_machine(client: Any) -> bool:
    """Whether every worker listens on a loopback or in-process address (a LocalCluster)."""
    hosts = {urlsplit(address).hostname for address in client.nthreads()}
    return bool(hosts) and hosts <= {"127.0.0.1", "localhost", "::1", None}


def _worker_db_url(db: str | Path | None, store: Store | None, *, remote: bool) -> str | None:
    """The URL workers read to leave out stored documents, when they can reach the database."""
    if db is None or store is None:
        return None
    if store.dialect == "sqlite":
        if remote or "://" in str(db):  # a file here is not on a remote worker's disk
            return None
        return database_url(Path(db).resolve())
    return store.engine.url.render_as_string(hide_password=False)


def analyze_with_dask(
    inputs: Sequence[str | Path],
    *,
    framework: str | Path = "three-pillars",
    db: str | Path | None = None,
    scheduler: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    fields: JsonlFields | None = None,
    pillar_model: str | Path | None = None,
    quote_model: str | Path | None = None,
    workers: int | None = None,
    client: Any = None,
    keep: bool = True,
    progress: ProgressCallback | None = None,
    acts: bool = True,
) -> BatchResult:
    """Analyse every document in ``inputs`` on a Dask cluster; store them in ``db`` when given.

    ``scheduler`` is a Dask scheduler address (``tcp://HOST:8786``); without one a LocalCluster of
    ``workers`` processes (default: one per core, at most 8) runs for the call. An existing
    ``distributed.Client`` may be passed instead. Paths (framework, models, inputs) must be readable
    by the workers. With ``keep=False`` analyses are stored but not kept in the result. ``acts=False``
    leaves reported acts out (see :class:`amity.pipeline.Pipeline`).
    """
    if batch_size < 1:
        raise ConfigError(f"batch_size must be at least 1, not {batch_size}")
    store = Store(db) if db is not None else None
    try:
        if client is not None:
            return _run(client, inputs, store, db, framework=str(framework), batch_size=batch_size,
                        fields=fields, pillar_model=pillar_model, quote_model=quote_model, keep=keep,
                        progress=progress, acts=acts)
        with _dask_client(scheduler, workers) as own_client:
            return _run(own_client, inputs, store, db, framework=str(framework), batch_size=batch_size,
                        fields=fields, pillar_model=pillar_model, quote_model=quote_model, keep=keep,
                        progress=progress, acts=acts)
    finally:
        if store is not None:
            store.close()


def _run(
    client: Any,
    inputs: Sequence[str | Path],
    store: Store | None,
    db: str | Path | None,
    *,
    framework: str,
    batch_size: int,
    fields: JsonlFields | None,
    pillar_model: str | Path | None,
    quote_model: str | Path | None,
    keep: bool,
    progress: ProgressCallback | None,
    acts: bool = True,
) -> BatchResult:
    n_workers = max(1, len(client.nthreads()))  # workers known now; a new cluster may still be growing
    plan = plan_tasks(inputs, workers=n_workers)
    worker_db = _worker_db_url(db, store, remote=not _workers_on_this_machine(client))
    options = {
        "framework": framework,
        "pillar_model": str(pillar_model) if pillar_model else None,
        "quote_model": str(quote_model) if quote_model else None,
        "fields": fields,
        "db_url": worker_db,
        "acts": acts,
    }
    logger.info("dask: %d tasks on %d workers", sum(isinstance(p, list) for p in plan), n_workers)
    result = BatchResult()
    seen: set[str] = set()
    pending: list[Analysis] = []
    # Story clusters and the quarantine list are kept here, in input order, as the local engine keeps them.
    dedup = story_deduplicator(store)
    stale_quarantine = StaleQuarantine(store)

    def flush() -> None:
        if store is not None and pending:
            store.save_many(pending)
        pending.clear()

    def take(item: Analysis | Quarantined | Skipped) -> None:
        if isinstance(item, Quarantined):
            result.quarantined.append(item)
            if store is not None:
                store.add_quarantined(item)
        elif isinstance(item, Skipped):
            result.skipped += 1
        else:
            doc_id = item.document.id
            stale_quarantine.clear([item.document])
            if doc_id in seen or (worker_db is None and store is not None
                                  and store.has_analysis(doc_id, item.framework)):
                result.skipped += 1
            elif dedup is not None and is_copy(dedup, item.document):
                result.duplicates += 1
            else:
                seen.add(doc_id)
                pending.append(item)
                result.processed += 1
                if keep:
                    result.analyses.append(item)
                if len(pending) >= batch_size:
                    flush()
        if progress is not None:
            if isinstance(item, Skipped):
                return  # the local engine reports the document; a worker kept only its id
            progress(item.document if isinstance(item, Analysis) else item)

    window: deque[Any] = deque()
    steps = iter(plan)
    limit = n_workers * WINDOW_PER_WORKER

    def submit_more() -> None:
        while len(window) < limit:
            step = next(steps, None)
            if step is None:
                return
            if isinstance(step, Quarantined):
                window.append(step)
            else:
                window.append(client.submit(analyze_task, step, pure=False, **options))

    submit_more()
    try:
        while window:
            head = window.popleft()
            items: TaskResult = [head] if isinstance(head, Quarantined) else head.result()
            submit_more()
            for item in items:
                take(item)
        flush()
    finally:
        for future in window:
            if not isinstance(future, Quarantined):
                future.cancel()
        if dedup is not None:
            dedup.close()
    return result
