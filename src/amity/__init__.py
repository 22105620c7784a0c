"""Amity: cooperation between countries, pillar by pillar, from what leaders and officials say.

The public API::

    import amity
    pipeline = amity.Pipeline("three-pillars")
    analysis = pipeline.analyze(amity.Document(text="..."))
    result = amity.analyze_inputs(["news/"], db="amity.db")
"""

from __future__ import annotations

from typing import Any

from amity.batch import BatchResult, analyze_inputs
from amity.errors import AmityError
from amity.ingest import JsonlFields, read_documents
from amity.model import (
    Actor,
    Analysis,
    Coding,
    Document,
    Evidence,
    Mention,
    Quarantined,
    Sentence,
    Span,
    Statement,
)
from amity.pipeline import Pipeline
from amity.store import Store

__version__ = "0.1.0"


def analyze_text(text: str, *, framework: str = "three-pillars", title: str | None = None) -> Analysis:
    """Analyse one text (a convenience for notebooks; build a Pipeline to analyse many)."""
    return Pipeline(framework).analyze(Document(text=text, title=title))


def indicators(db: str | Store, **options: Any) -> Any:
    """Indicators per dyad, pillar and period as a Polars DataFrame (needs the [web] extra)."""
    from amity.indicators import indicators as _indicators

    return _indicators(db, **options)


__all__ = [
    "Actor",
    "AmityError",
    "Analysis",
    "BatchResult",
    "Coding",
    "Document",
    "Evidence",
    "JsonlFields",
    "Mention",
    "Pipeline",
    "Quarantined",
    "Sentence",
    "Span",
    "Statement",
    "Store",
    "__version__",
    "analyze_inputs",
    "analyze_text",
    "indicators",
    "read_documents",
]
