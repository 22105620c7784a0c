"""Run the pipeline over many inputs: read, skip what is stored, analyse, store, quarantine the bad."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from amity.ingest import JsonlFields, read_documents
from amity.model import Analysis, Document, Quarantined
from amity.pipeline import Pipeline
from amity.store import Store

logger = logging.getLogger(__name__)

ProgressCallback = Callable[[Document | Quarantined], None]


@dataclass
class BatchResult:
    analyses: list[Analysis] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    processed: int = 0
    skipped: int = 0

    @property
    def ok(self) -> bool:
        """Something could be processed (or was already stored)."""
        return self.processed + self.skipped > 0


def analyze_inputs(
    inputs: Sequence[str | Path],
    *,
    framework: str | Path = "three-pillars",
    db: str | Path | Store | None = None,
    pipeline: Pipeline | None = None,
    fields: JsonlFields | None = None,
    progress: ProgressCallback | None = None,
    keep: bool = True,
) -> BatchResult:
    """Analyse every document in ``inputs``; store them in ``db`` when given.

    A document already stored under this framework is skipped (its id is its content hash), so a
    rerun changes nothing. Inputs that cannot be read are recorded with their reason and the batch
    goes on. With ``keep=False`` analyses are not kept in memory (for large batches).
    """
    pipeline = pipeline or Pipeline(framework)
    store = db if isinstance(db, Store) else Store(db) if db is not None else None
    result = BatchResult()
    seen: set[str] = set()
    try:
        for item in read_documents(inputs, fields=fields):
            if isinstance(item, Quarantined):
                result.quarantined.append(item)
                if store is not None:
                    store.add_quarantined(item)
            elif item.id in seen or (store is not None and store.has_analysis(item.id, pipeline.framework_id)):
                result.skipped += 1
            else:
                if store is None:  # with a store, the stored analysis is the memory: nothing grows per document
                    seen.add(item.id)
                analysis = pipeline.analyze(item)
                if store is not None:
                    store.save(analysis)
                if keep:
                    result.analyses.append(analysis)
                result.processed += 1
            if progress is not None:
                progress(item)
    finally:
        if store is not None and not isinstance(db, Store):
            store.close()
    return result
