"""`amity reanalyze --engine dask`: stored documents annotated and coded again on a Dask cluster.

The client plans the run and reads the documents from the store as a local run does
(:mod:`amity.engine.reanalyze`); each unit (one transaction's documents, with the frameworks to analyse
each under) goes to the cluster as one task. A worker builds each framework's pipeline once (the cache of
:mod:`amity.engine.dask`) and sends the analyses back; the client takes them *in unit order*, with a few
units per worker running ahead, and stores each unit in one transaction. The client is the only writer,
so SQLite works as well as PostgreSQL, and the stored rows are those of a local run.
"""

from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from amity.coding.framework import _looks_like_path
from amity.engine.dask import WINDOW_PER_WORKER, _dask_client, _worker_pipeline
from amity.model import Analysis, Document

logger = logging.getLogger(__name__)

U = TypeVar("U")  # a unit, as the writer sees it

Items = list[tuple[Document, tuple[str, ...]]]  # documents, each with the framework ids to analyse it under


def analyze_items(items: Items, *, sources: Mapping[str, str], attribution: str = "rules",
                  acts: bool = True) -> list[Analysis]:
    """Run on a worker: each document under each of its frameworks, in order (as a local run makes them).

    ``sources`` maps a framework id to what loads it there: the id, or the YAML file it came from."""
    return [_worker_pipeline(sources[fw], None, None, acts, attribution=attribution).analyze(document)
            for document, frameworks in items for fw in frameworks]


def run_on_dask(
    units: Iterable[tuple[U, Items]],
    write: Callable[[U, list[Analysis]], None],
    *,
    sources: Mapping[str, str | Path],
    attribution: str = "rules",
    acts: bool = True,
    scheduler: str | None = None,
    workers: int | None = None,
    client: Any = None,
) -> None:
    """Analyse each unit's items on a cluster and ``write`` each unit's analyses here, in unit order.

    ``client`` is a ``distributed.Client`` to use; without one, a client of ``scheduler`` (or of a
    LocalCluster of ``workers`` processes) is made for the call, as by
    :func:`amity.engine.dask.analyze_with_dask`."""
    options = {"sources": {fw: _portable(source) for fw, source in sources.items()}, "attribution": attribution,
               "acts": acts}
    if client is not None:
        _collect(client, units, write, options)
        return
    with _dask_client(scheduler, workers) as own_client:
        _collect(own_client, units, write, options)


def _portable(source: str | Path) -> str:
    """What loads a framework on any worker: its id, or its file's absolute path (a worker's working
    directory may not be this one's)."""
    if isinstance(source, Path) or _looks_like_path(source):
        return str(Path(source).expanduser().resolve())
    return source


def _collect(client: Any, units: Iterable[tuple[U, Items]], write: Callable[[U, list[Analysis]], None],
             options: dict[str, Any]) -> None:
    n_workers = max(1, len(client.nthreads()))
    limit = n_workers * WINDOW_PER_WORKER
    logger.info("dask: re-analysing on %d workers, %d units ahead", n_workers, limit)
    window: deque[tuple[U, Any]] = deque()
    try:
        for unit, items in units:  # read from the store between writes, as in a local run
            window.append((unit, client.submit(analyze_items, items, pure=False, **options)))
            while window and (len(window) >= limit or window[0][1].done()):
                done, future = window.popleft()
                write(done, future.result())
        while window:
            done, future = window.popleft()
            write(done, future.result())
    finally:
        for _, future in window:  # a failed task or write: stop the work still queued
            future.cancel()
