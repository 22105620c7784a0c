"""What every request needs: the database, the default framework, the write token, a cached pipeline."""

from __future__ import annotations

import hmac
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import HTTPException, Request
from sqlalchemy import Engine, select

from amity.indicators.compute import framework_labels
from amity.indicators.scope import DEFAULT_FRAMEWORK, check_framework, engine_of, schema_upgraded
from amity.store import schema as s

if TYPE_CHECKING:
    from amity.pipeline import Pipeline
    from amity.store import Store


FRESHNESS_SECONDS = 2.0  # new analyses show on the dashboard at most this long after they are stored


@dataclass
class WebContext:
    db: str | Path
    engine: Engine
    token: str | None = None
    default_framework: str | None = None
    _store: Store | None = None
    _pipelines: dict[str, Pipeline] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def open(cls, db: Any, *, token: str | None, framework: str | None) -> WebContext:
        from amity.indicators import rollup

        engine = engine_of(db)
        rollup.set_max_age(engine, FRESHNESS_SECONDS)
        return cls(db=db if isinstance(db, str | Path) else str(engine.url), engine=engine,
                   token=token or None, default_framework=framework)

    def frameworks(self) -> list[str]:
        """Frameworks that have analyses in the store, the default first."""
        with self.engine.connect() as conn:
            stored = sorted(r[0] for r in conn.execute(select(s.analyses.c.framework).distinct()))
        first = self.default_framework or (DEFAULT_FRAMEWORK if DEFAULT_FRAMEWORK in stored or not stored
                                           else stored[0])
        return [first, *(f for f in stored if f != first)]

    def framework(self, requested: str | None) -> str:
        """The framework asked for, checked to have analyses in the store (ConfigError naming the stored
        ones otherwise), or the store's main one."""
        if requested:
            check_framework(self.engine, requested)
            return requested
        return self.frameworks()[0]

    def framework_info(self, framework: str) -> dict[str, Any]:
        pillars, sub_names, sub_pillar = framework_labels(framework)
        return {
            "id": framework,
            "pillars": [{"id": pid, "name": name} for pid, name in pillars.items()],
            "sub_areas": [{"id": sid, "name": name, "pillar": sub_pillar[sid]} for sid, name in sub_names.items()],
        }

    def store(self) -> Store:
        from amity.store import Store

        with self._lock:
            if self._store is None:
                self._store = Store(self.db if isinstance(self.db, str | Path) else str(self.engine.url))
                schema_upgraded(self.engine)  # opening a Store brings an old database up to date
            return self._store

    def pipeline(self, framework: str) -> Pipeline:
        from amity.pipeline import Pipeline

        with self._lock:
            if framework not in self._pipelines:
                self._pipelines[framework] = Pipeline(framework=framework)
            return self._pipelines[framework]


def context(request: Request) -> WebContext:
    ctx: WebContext = request.app.state.amity
    return ctx


def require_token(request: Request) -> None:
    """Write endpoints: 403 when no token is configured, 401 without a bearer token, 403 when it is wrong."""
    ctx = context(request)
    if not ctx.token:
        raise HTTPException(403, "write endpoints are disabled; set AMITY_API_TOKEN (or `amity serve --token`)")
    header = request.headers.get("authorization", "")
    scheme, _, supplied = header.partition(" ")
    if scheme.lower() != "bearer" or not supplied.strip():
        raise HTTPException(401, "a bearer token is required", headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(supplied.strip().encode(), ctx.token.encode()):
        raise HTTPException(403, "the token is not valid")
