"""The local batch engine: streaming, parallel (``--jobs N``), incremental and safe to kill.

One process reads the inputs in order and decides, per document, whether it needs annotating:

* unreadable inputs and documents not in English are quarantined with their reason;
* a document whose (content hash, framework) is already stored is skipped — a rerun does no work;
* an exact duplicate of a document already seen is linked to it and not annotated again; every other
  document gets its story ``cluster_id`` (:mod:`amity.ingest.dedup`).

Documents to annotate go out in small batches, to worker processes when ``jobs > 1`` (each builds its
own Pipeline once), and come back **in input order**; each batch is stored in one transaction. So:

* the results of ``--jobs N`` equal the serial run's, since everything that depends on order (dedup,
  cluster ids, what is stored when) happens in the reading process, in input order;
* memory stays flat: at most ``2 * jobs`` batches are in flight, whatever the corpus size;
* ``kill -9`` loses at most the batches in flight: the dedup decisions of a batch are committed
  before the batch is annotated and are answered again identically on a rerun, and a batch's
  analyses are committed all or nothing, so a rerun stores exactly what is missing, once.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, TypedDict, TypeVar, Unpack

from sqlalchemy import select

from amity.errors import LanguageError
from amity.ingest.dedup import Deduplicator
from amity.ingest.language import detect_language
from amity.model import Analysis, Document, Quarantined
from amity.store import Store, schema

logger = logging.getLogger(__name__)

# By default a batch ends at this much text, or at MAX_BATCH_DOCUMENTS: 32 news articles, or 256 headlines.
# One commit (and one de-duplication query) per batch cost a fifth of a headline's time in batches of 32.
BATCH_CHARS = 128_000
MAX_BATCH_DOCUMENTS = 256

U = TypeVar("U")  # a task, as the writer sees it
A = TypeVar("A")  # what a worker receives
R = TypeVar("R")  # what a worker returns


class Analyzer(Protocol):
    """What the engine needs of a pipeline."""

    @property
    def framework_id(self) -> str: ...

    def analyze(self, document: Document) -> Analysis: ...


PipelineFactory = Callable[[], Analyzer]


@dataclass(slots=True)
class RunSummary:
    """What a run did. ``quarantined`` includes the ``non_english`` documents."""

    read: int = 0  # documents and rejected inputs read so far
    processed: int = 0  # annotated and stored in this run
    skipped: int = 0  # already stored (same content hash and framework)
    duplicates: int = 0  # exact duplicates of a document already seen: linked, not annotated again
    near_duplicates: int = 0  # annotated, and put in the story cluster of an earlier document
    quarantined: int = 0
    non_english: int = 0
    statements: int = 0
    elapsed: float = 0.0

    @property
    def rate(self) -> float:
        """Documents read per second."""
        return self.read / self.elapsed if self.elapsed > 0 else 0.0

    def to_dict(self) -> dict[str, float | int]:
        data: dict[str, float | int] = dict(asdict(self))
        data["rate"] = round(self.rate, 2)
        return data


ProgressHook = Callable[[RunSummary], None]


class EngineOptions(TypedDict, total=False):
    """The keyword options of :class:`LocalEngine` (defaults there), for :func:`run_local` to pass on."""

    framework: str
    jobs: int
    batch_size: int | None
    dedup: bool
    language_filter: bool
    pipeline_factory: PipelineFactory | None
    progress: ProgressHook | None


# -- workers --------------------------------------------------------------------------------------

_worker_pipeline: Analyzer | None = None


def build_pipeline(factory: PipelineFactory) -> Analyzer:
    """Build a pipeline for a long run and move it out of the garbage collector's sight.

    The lexicons, gazetteer and matchers are some hundred thousand objects that live as long as the
    process; the collector would otherwise walk them again on each full collection. ``gc.freeze()``
    puts them in the permanent generation: about 6% less CPU per news article in ``benchmarks/bench_ingest.py``.
    A run owns its process (the CLI, or a worker), so changing the collector's state here is its to do.
    """
    pipeline = factory()
    gc.collect()
    gc.freeze()
    return pipeline


def _init_worker(factory: PipelineFactory, parent: int | None = None) -> None:
    global _worker_pipeline
    if parent is not None:
        die_with_parent(parent)
    _worker_pipeline = build_pipeline(factory)


def die_with_parent(parent: int) -> None:
    """End this worker when the run that started it (process ``parent``) dies, even by ``kill -9``, which
    would otherwise leave the workers running on as orphans. Linux only (``prctl``); elsewhere a no-op."""
    if sys.platform != "linux":
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    except (OSError, AttributeError):  # no libc prctl to call: the worker ends with its pool as before
        return
    if os.getppid() != parent:  # the run died before the request was made
        os._exit(1)


_PR_SET_PDEATHSIG = 1


def _analyze_batch(documents: list[Document]) -> list[Analysis]:
    assert _worker_pipeline is not None, "worker not initialised"
    return [_worker_pipeline.analyze(d) for d in documents]


@dataclass(frozen=True, slots=True)
class DefaultPipeline:
    """A picklable recipe for the default Pipeline (worker processes build their own)."""

    framework: str = "three-pillars"
    pillar_model: str | None = None
    quote_model: str | None = None
    attribution: str = "rules"
    acts: bool = True

    def __call__(self) -> Analyzer:
        from amity.pipeline import Pipeline

        return Pipeline(self.framework, pillar_model=self.pillar_model, quote_model=self.quote_model,
                        attribution=self.attribution, acts=self.acts)


# -- the run --------------------------------------------------------------------------------------


class StaleQuarantine:
    """Takes inputs quarantined by an earlier run off the list once they are read without fault (a page
    published after its 404, a file read with the right ``--text-field``); this run's own entries stay. Most
    stores hold no such entries, and then nothing is asked of the store."""

    def __init__(self, store: Store | None) -> None:
        self.store = store
        self.opened_at = datetime.now(UTC).replace(tzinfo=None)  # as the store writes created_at
        self.active = store is not None and store.counts_of(schema.quarantine) > 0

    def clear(self, documents: Iterable[Document]) -> None:
        """Forget the earlier entries of these documents' inputs."""
        if self.active and self.store is not None:
            labels = [label for document in documents for label in input_labels(document)]
            if labels:
                self.store.clear_quarantined(labels, before=self.opened_at)


def input_labels(document: Document) -> list[str]:
    """The names a quarantine entry may have given this document's input: its URL, its file, the record."""
    source = document.provenance.source if document.provenance is not None else None
    record = document.provenance.record if document.provenance is not None else None
    labels = [x for x in (document.url, document.path, source) if x]
    if record and source:
        labels.append(f"{source}:{record}")
    return labels


def _language_check(document: Document) -> Quarantined | None:
    guess = detect_language(document.text)
    if guess.is_english:
        return None
    label = document.url or document.path or (document.provenance.source if document.provenance else document.id)
    if document.provenance is not None and document.provenance.record and not document.url:
        label = f"{label}:{document.provenance.record}"
    err = LanguageError(f"not in English (detected '{guess.language}': {guess.reason}); left out of annotation",
                        input=label)
    return Quarantined(input=label, reason=err.one_line(), code=err.code)


def _batches(
    items: Iterable[Document | Quarantined], size: int | None
) -> Iterator[list[Document | Quarantined]]:
    """Batches of ``size`` items; with None, of up to BATCH_CHARS characters of text (MAX_BATCH_DOCUMENTS)."""
    batch: list[Document | Quarantined] = []
    chars = 0
    most = size or MAX_BATCH_DOCUMENTS
    for item in items:
        batch.append(item)
        if size is None and isinstance(item, Document):
            chars += len(item.text)
        if len(batch) >= most or chars >= BATCH_CHARS:
            yield batch
            batch = []
            chars = 0
    if batch:
        yield batch


class LocalEngine:
    """Runs a stream of documents through the pipeline into a store. One engine per run."""

    def __init__(
        self,
        db: str | Path | Store,
        *,
        framework: str = "three-pillars",
        jobs: int = 1,
        batch_size: int | None = None,
        dedup: bool = True,
        language_filter: bool = True,
        pipeline_factory: PipelineFactory | None = None,
        progress: ProgressHook | None = None,
    ) -> None:
        self._own_store = not isinstance(db, Store)
        self.store = db if isinstance(db, Store) else Store(db)
        self.factory: PipelineFactory = pipeline_factory or DefaultPipeline(framework)
        self.jobs = max(1, jobs)
        self.batch_size = max(1, batch_size) if batch_size is not None else None
        self.dedup = Deduplicator(self.store.engine) if dedup else None
        self.language_filter = language_filter
        self.progress = progress
        self.summary = RunSummary()
        self._framework: str | None = None
        self._pipeline: Analyzer | None = None
        self._stale_quarantine = StaleQuarantine(self.store)

    def close(self) -> None:
        if self.dedup is not None:
            self.dedup.close()
        if self._own_store:
            self.store.close()

    def __enter__(self) -> LocalEngine:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def framework_id(self) -> str:
        if self._framework is None:
            self._pipeline = build_pipeline(self.factory)
            self._framework = self._pipeline.framework_id
        return self._framework

    # -- deciding in the reading process ---------------------------------------------------------

    def _triage(self, batch: list[Document | Quarantined]) -> list[Document]:
        """Quarantine, skip and dedup in input order; return the documents to annotate."""
        rejected_items: list[Quarantined] = []
        candidates: list[Document] = []
        for item in batch:
            self.summary.read += 1
            if isinstance(item, Quarantined):
                rejected_items.append(item)
            elif self.language_filter and (rejected := _language_check(item)) is not None:
                self.summary.non_english += 1
                rejected_items.append(rejected)
            else:
                candidates.append(item)
        self._stale_quarantine.clear(candidates)
        stored = self._stored_ids([d.id for d in candidates], self.framework_id)
        decisions = self.dedup.assign_many(candidates) if self.dedup is not None else [None] * len(candidates)
        todo: list[Document] = []
        todo_ids: set[str] = set()
        for document, decision in zip(candidates, decisions, strict=True):
            if decision is not None and decision.kind == "exact" and decision.reread:
                self.summary.skipped += 1  # a copy recorded by an earlier run, read again
            elif decision is not None and decision.kind == "exact":
                self.summary.duplicates += 1  # a copy (recorded and linked to the stored document)
            elif document.id in todo_ids or document.id in stored:
                self.summary.skipped += 1  # read again: stored already
            else:
                if decision is not None and decision.kind == "near":
                    self.summary.near_duplicates += 1
                todo.append(document)
                todo_ids.add(document.id)
        if self.dedup is not None:
            self.dedup.commit()  # before annotating: a rerun after a crash must see the same clusters
        # After the dedup commit: SQLite has one writer, and the dedup transaction was it.
        for rejected_item in rejected_items:
            self.summary.quarantined += 1
            self.store.add_quarantined(rejected_item)
        return todo

    def stored_origins(self, urls: Sequence[str]) -> set[str]:
        """Which of these URLs were read into the store by an earlier run (analysed under this run's framework,
        or linked as an exact copy), so that a resumed run need not fetch them again; each counts as read and
        skipped."""
        if not urls:
            return set()
        d, a = schema.dedup_documents, schema.analyses
        analysed = select(a.c.document_id).where(a.c.document_id == d.c.document_id,
                                                 a.c.framework == self.framework_id).exists()
        with self.store.engine.connect() as conn:
            found = {str(r.origin) for r in conn.execute(
                select(d.c.origin).where(d.c.origin.in_(sorted(set(urls))), (d.c.kind == "exact") | analysed))}
        self.summary.read += len(found)
        self.summary.skipped += len(found)
        return found

    def _stored_ids(self, ids: list[str], framework: str) -> set[str]:
        """Which of these documents are already stored under the framework: one query a batch."""
        if not ids:
            return set()
        table = schema.analyses
        with self.store.engine.connect() as conn:
            rows = conn.execute(
                select(table.c.document_id).where(table.c.framework == framework,
                                                  table.c.document_id.in_(sorted(set(ids))))
            )
            return {str(row.document_id) for row in rows}

    def _save(self, analyses: list[Analysis]) -> None:
        self.summary.processed += self.store.save_many(analyses)
        self.summary.statements += sum(len(a.statements) for a in analyses)

    def _tick(self, started: float) -> None:
        self.summary.elapsed = time.perf_counter() - started
        if self.progress is not None:
            self.progress(self.summary)

    # -- running ---------------------------------------------------------------------------------

    def run(self, items: Iterable[Document | Quarantined]) -> RunSummary:
        """Process every item; returns this run's summary (also kept in ``self.summary``)."""
        self.summary = RunSummary()
        started = time.perf_counter()
        if self.jobs == 1:
            pipeline = self._pipeline or build_pipeline(self.factory)
            for batch in _batches(items, self.batch_size):
                todo = self._triage(batch)
                self._save([pipeline.analyze(d) for d in todo])
                self._tick(started)
        else:
            self._run_parallel(items, started)
        self._tick(started)
        logger.info("run finished: %s", self.summary.to_dict())
        return self.summary

    def _run_parallel(self, items: Iterable[Document | Quarantined], started: float) -> None:
        def tasks() -> Iterator[tuple[list[Document], list[Document]]]:
            for batch in _batches(items, self.batch_size):
                todo = self._triage(batch)  # in input order, as each batch is taken
                if todo:
                    yield todo, todo

        def write(_: list[Document], analyses: list[Analysis]) -> None:
            self._save(analyses)
            self._tick(started)

        run_in_order(tasks(), _analyze_batch, write, jobs=self.jobs, initializer=_init_worker,
                     initargs=(self.factory, os.getpid()))


def run_in_order(tasks: Iterable[tuple[U, A]], work: Callable[[A], R], write: Callable[[U, R], None], *,
                 jobs: int, initializer: Callable[..., None], initargs: tuple[Any, ...]) -> None:
    """Run ``work`` on each task's argument in ``jobs`` worker processes and ``write`` each result here, in
    task order, with at most ``2 * jobs`` tasks in flight: memory stays flat whatever the number of tasks,
    and whatever depends on order happens as in a serial run."""
    context = multiprocessing.get_context("spawn")  # no fork: the reader may hold threads and DB handles
    in_flight: deque[tuple[U, Future[R]]] = deque()
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=initializer,
                             initargs=initargs) as pool:
        for unit, argument in tasks:
            in_flight.append((unit, pool.submit(work, argument)))
            while len(in_flight) >= 2 * jobs or (in_flight and in_flight[0][1].done()):
                done, future = in_flight.popleft()
                write(done, future.result())
        while in_flight:
            done, future = in_flight.popleft()
            write(done, future.result())


def run_local(
    items: Iterable[Document | Quarantined], db: str | Path | Store, **options: Unpack[EngineOptions]
) -> RunSummary:
    """Run ``items`` through the pipeline into ``db`` (see :class:`LocalEngine`)."""
    with LocalEngine(db, **options) as engine:
        return engine.run(items)
