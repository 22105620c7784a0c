"""Re-analyse stored documents: after an upgrade of the pipeline, or under another framework.

Documents are read back from the store, with their text and metadata as ingested, so the sources
(files that moved, URLs that changed) are not needed again. For each stored document:

* if an older pipeline made any of its analyses (its ``pipeline_version`` is older than
  :data:`~amity.store.store.PIPELINE_VERSION`), or ``everything`` is asked, it is annotated again and
  coded again under every framework it was coded under, plus the ``frameworks`` asked for; its old
  mentions, statements, codings and evidence are replaced in the same transaction;
* otherwise it is coded under each of the ``frameworks`` asked for that it lacks, and nothing else
  changes;
* a document that a newer version of Amity analysed is left alone.

The annotation options of the run (``acts``, ``attribution``) apply to everything it writes. Statements
made with options other than the defaults are stored apart from the default ones (their ids carry a tag,
``Analysis.annotation``), so codings under different options never share, or mix up, statements.

Each batch is one transaction, so a run killed midway keeps every batch it finished and leaves the
rest as they were; a rerun finishes the job (``everything`` excepted: it starts over).

The documents are analysed here, in ``jobs`` worker processes, or on a Dask cluster (``engine="dask"``,
:mod:`amity.engine.dask_reanalyze`); this process alone reads and writes the store, in the same order
whichever runs the analyses, so the stored results are the same.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from functools import partial
from itertools import groupby
from operator import itemgetter
from pathlib import Path
from typing import Any, Literal

from amity.engine.local import Analyzer, DefaultPipeline, _batches, build_pipeline, die_with_parent, run_in_order
from amity.errors import ConfigError, FrameworkError, require
from amity.model import Analysis, Document
from amity.store import Store
from amity.store.store import PIPELINE_VERSION, version_status

logger = logging.getLogger(__name__)

# Documents read from the store at a time; they are analysed and stored in batches of about
# BATCH_CHARS of text, as by ``amity ingest``.
_READ_CHUNK = 256

FrameworkPipelineFactory = Callable[[str | Path], Analyzer]


@dataclass(slots=True)
class ReanalyzeSummary:
    """What a run of :func:`reanalyze` did."""

    documents: int = 0  # stored documents
    refreshed: int = 0  # documents annotated and coded again (an older pipeline made them, or everything)
    added: int = 0  # analyses added under a framework the document lacked
    up_to_date: int = 0  # documents left as they were
    newer: int = 0  # documents a newer Amity analysed: left alone (this version would downgrade them)
    statements: int = 0  # statements coded (once per framework)
    elapsed: float = 0.0
    todo: int = 0  # documents that needed work when the run began
    finished: int = 0  # of those, done and stored

    def to_dict(self) -> dict[str, float | int]:
        data: dict[str, float | int] = dict(asdict(self))
        return data


@dataclass(frozen=True, slots=True)
class _Job:
    document_id: str
    frameworks: tuple[str, ...]  # framework ids to analyse the document under
    refresh: bool  # replace what is stored of the document (annotation and every coding)


ProgressHook = Callable[[ReanalyzeSummary], None]


def reanalyze(
    db: str | Path | Store,
    *,
    frameworks: Sequence[str | Path] = (),
    everything: bool = False,
    attribution: str = "rules",
    acts: bool = True,
    jobs: int = 1,
    batch_size: int | None = None,
    pipeline_factory: FrameworkPipelineFactory | None = None,
    progress: ProgressHook | None = None,
    engine: Literal["local", "dask"] = "local",
    scheduler: str | None = None,
    workers: int | None = None,
    client: Any = None,
) -> ReanalyzeSummary:
    """Bring stored analyses up to date with this pipeline, and add ``frameworks`` to every document.

    ``frameworks`` are framework ids or YAML files, as for ``amity ingest --framework``. A document whose
    analyses are stale is coded again under the frameworks it had; each of those must load (a framework
    that was ingested from a file must be given again here), or :class:`~amity.errors.FrameworkError`
    is raised before anything changes. ``jobs`` worker processes annotate (``pipeline_factory`` must then
    be picklable); the results, written in order by this process, are the same as a serial run's.

    ``engine="dask"`` analyses on a Dask cluster instead: the ``client`` given, or one of ``scheduler``
    (``tcp://HOST:8786``), or a LocalCluster of ``workers`` processes; the default pipelines only (no
    ``pipeline_factory``), and a framework file must be readable by the workers at its absolute path.
    """
    if engine == "dask":
        if pipeline_factory is not None or jobs > 1:
            raise ConfigError("the Dask engine builds the default pipelines on its own workers",
                              hint="leave out pipeline_factory and jobs (--jobs): the cluster's workers run it")
        if client is None:  # fail before the pipelines are built and the store is read
            require("distributed", feature="the Dask engine", extra="dask")
    factory = pipeline_factory or _DefaultFactory(attribution, acts)
    own_store = not isinstance(db, Store)
    store = db if isinstance(db, Store) else Store(db, create=False)
    started = time.perf_counter()
    try:
        pipelines: dict[str, Analyzer] = {}
        sources: dict[str, str | Path] = {}  # framework id -> what loads it (an id, or the YAML file given)
        for fw in frameworks:
            pipeline = build_pipeline(partial(factory, fw))
            pipelines[pipeline.framework_id] = pipeline
            sources[pipeline.framework_id] = fw
        plan, summary = _plan(store, tuple(pipelines), everything)
        _load_missing(pipelines, {fw for job in plan for fw in job.frameworks}, factory)
        sources.update((fw, fw) for fw in pipelines if fw not in sources)
        logger.info("re-analysing %d of %d stored documents (pipeline %s)", summary.todo, summary.documents,
                    PIPELINE_VERSION)

        def write(unit: _Unit, analyses: list[Analysis]) -> None:
            new = store.replace_many(analyses, unit.purge)
            summary.finished += len(unit.items)
            summary.refreshed += len(unit.purge)
            summary.added += new - sum(1 for a in analyses if a.document.id in unit.purge)
            summary.statements += sum(len(a.statements) for a in analyses)
            summary.elapsed = time.perf_counter() - started
            if progress is not None:
                progress(summary)

        units = _units(store, plan, batch_size, summary)
        if engine == "dask":
            from amity.engine.dask_reanalyze import run_on_dask

            run_on_dask(((unit, unit.items) for unit in units), write, sources=sources, attribution=attribution,
                        acts=acts, scheduler=scheduler, workers=workers, client=client)
        elif jobs <= 1:
            for unit in units:
                write(unit, [pipelines[fw].analyze(doc) for doc, fws in unit.items for fw in fws])
        else:
            run_in_order(((unit, unit.items) for unit in units), _analyze_items, write, jobs=jobs,
                         initializer=_init_worker, initargs=(factory, sources, os.getpid()))
    finally:
        if own_store:
            store.close()
    summary.elapsed = time.perf_counter() - started
    logger.info("re-analysis finished: %s", summary.to_dict())
    return summary


@dataclass(frozen=True, slots=True)
class _DefaultFactory:
    """The default pipeline under a framework, with the run's options (picklable, for worker processes)."""

    attribution: str = "rules"
    acts: bool = True

    def __call__(self, framework: str | Path) -> Analyzer:
        return DefaultPipeline(str(framework), attribution=self.attribution, acts=self.acts)()


@dataclass(slots=True)
class _Unit:
    """One transaction's work: documents with the frameworks to analyse each under, and those to purge."""

    items: list[tuple[Document, tuple[str, ...]]]
    purge: list[str]


def _units(store: Store, plan: Sequence[_Job], batch_size: int | None, summary: ReanalyzeSummary) -> Iterator[_Unit]:
    for chunk in _chunks(plan, _READ_CHUNK):
        by_id = {job.document_id: job for job in chunk}
        documents = store.load_documents([job.document_id for job in chunk])
        gone = len(chunk) - len(documents)
        if gone:  # deleted since the plan was made: nothing to do for them
            logger.info("%d planned document(s) are no longer stored", gone)
            summary.finished += gone
        for batch in _batches(documents, batch_size):
            items = [(d, by_id[d.id].frameworks) for d in batch if isinstance(d, Document)]
            yield _Unit(items, [d.id for d, _ in items if by_id[d.id].refresh])


# -- worker processes -----------------------------------------------------------------------------

_worker_pipelines: dict[str, Analyzer] = {}


def _init_worker(factory: FrameworkPipelineFactory, sources: dict[str, str | Path], parent: int) -> None:
    die_with_parent(parent)
    for framework_id, source in sources.items():
        _worker_pipelines[framework_id] = build_pipeline(partial(factory, source))


def _analyze_items(items: list[tuple[Document, tuple[str, ...]]]) -> list[Analysis]:
    return [_worker_pipelines[fw].analyze(doc) for doc, fws in items for fw in fws]


def _plan(store: Store, requested: tuple[str, ...], everything: bool) -> tuple[list[_Job], ReanalyzeSummary]:
    """What each stored document needs. Read whole before writing: SQLite would not commit a write while
    this read's cursor stayed open."""
    jobs: list[_Job] = []
    summary = ReanalyzeSummary()
    for document_id, rows in groupby(store.analysis_versions(), key=itemgetter(0)):
        summary.documents += 1
        stored = {fw: version_status(version) for _, fw, version in rows}
        if any(status in ("newer", "foreign") for status in stored.values()):
            summary.newer += 1  # an older Amity must not overwrite what a newer one (or a benchmark) wrote
            continue
        refresh = everything or "older" in stored.values()
        if refresh:
            jobs.append(_Job(document_id, tuple(dict.fromkeys([*stored, *requested])), True))
        elif missing := tuple(fw for fw in requested if fw not in stored):
            jobs.append(_Job(document_id, missing, False))
        else:
            summary.up_to_date += 1
    summary.todo = len(jobs)
    return jobs, summary


def _load_missing(pipelines: dict[str, Analyzer], needed: set[str], factory: FrameworkPipelineFactory) -> None:
    """Build a pipeline for every stored framework the jobs need; fail before any change if one cannot load."""
    failed: list[str] = []
    for fw in sorted(needed - set(pipelines)):
        try:
            pipelines[fw] = build_pipeline(partial(factory, fw))
        except FrameworkError as exc:
            logger.info("cannot load stored framework %s: %s", fw, exc)
            failed.append(fw)
    if failed:
        raise FrameworkError(
            f"stored analyses use framework(s) {', '.join(failed)}, which cannot be loaded by id; nothing was "
            "changed. Give each one's YAML file with --framework FILE"
        )


def _chunks(items: Sequence[_Job], size: int) -> Iterator[Sequence[_Job]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]

