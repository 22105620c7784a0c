"""The REST API under ``/api``: documents, statements, actors, indicators, frameworks, ingest.

Read endpoints are open; the write endpoint (``POST /api/ingest``) needs the configured bearer token.
Lists are paginated with ``limit``/``offset`` and return ``total``. A query parameter an endpoint does not
take is an error (400), never silently ignored.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, HTTPException, Query, Request, Response
from fastapi.routing import APIRoute
from pydantic import BaseModel, Field

from amity.errors import AmityError, ConfigError
from amity.indicators import compute
from amity.indicators.scope import Scope, check_scope, parse_period, stores_co_speakers
from amity.indicators.sql import run
from amity.indicators.statements import MAX_LIMIT, decode, get_statement, search_statements
from amity.web.context import WebContext, context, require_token

_ACCEPTED: dict[int, frozenset[str]] = {}  # id(route) -> the query parameters it declares


def _query_names(dependant: Any) -> set[str]:
    """The query parameter names a FastAPI dependant declares, its sub-dependencies' included."""
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def known_parameters_only(request: Request) -> None:
    """400 for a query parameter the endpoint does not take (``/api/dyads?limti=5``), naming the ones it
    does: a filter that is silently dropped gives a wrong answer that looks right."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    accepted = _ACCEPTED.get(id(route))
    if accepted is None:
        accepted = frozenset(_query_names(route.dependant))
        _ACCEPTED[id(route)] = accepted
    unknown = sorted(k for k in request.query_params if k not in accepted)
    if unknown:
        names = ", ".join(k[:50] for k in unknown[:5])
        noun = "parameters" if len(unknown) > 1 else "parameter"
        raise ConfigError(f"{request.url.path} does not take {noun} {names}",
                          input=names, hint=f"it takes: {', '.join(sorted(accepted)) or 'no query parameters'}")


router = APIRouter(prefix="/api", dependencies=[Depends(known_parameters_only)])
Ctx = Annotated[WebContext, Depends(context)]

# Statements coded under the framework: a document analysed with other annotation options under another
# framework has a second set of statements (store.statement_id), which must not count twice.
_CODED_STATEMENTS = ("SELECT COUNT(*) FROM statements s JOIN codings c ON c.statement_id = s.id "
                     "AND c.framework = :framework")
Framework = Annotated[str | None, Query(description="Framework id; default: the store's main framework.")]
Dyad = Annotated[str | None, Query(description="Two ISO alpha-3 codes, e.g. KHM-CHN.", max_length=20)]
Country = Annotated[str | None, Query(description="One country against all, e.g. KHM.", max_length=3)]
Pillar = Annotated[str | None, Query(description="A pillar id, e.g. P2.", max_length=50)]
SubArea = Annotated[str | None, Query(description="A sub-area id.", max_length=100)]
DateParam = Annotated[str | None, Query(description="ISO date.", max_length=40)]
Limit = Annotated[int, Query(ge=0, le=MAX_LIMIT)]
Offset = Annotated[int, Query(ge=0)]
AllOrLimit = Annotated[int | None, Query(ge=0, le=MAX_LIMIT, description="Page size; default: every item.")]
By = Annotated[str, Query(description="week, month, quarter or year.")]


def _scope(ctx: WebContext, framework: str | None, dyad: str | None = None, country: str | None = None,
           pillar: str | None = None, sub_area: str | None = None, mechanism: str | None = None,
           speaker: str | None = None, start: str | None = None, end: str | None = None,
           **quality: str | None) -> Scope:
    scope = Scope.build(framework=ctx.framework(framework), dyad=dyad, country=country, pillar=pillar,
                        sub_area=sub_area, mechanism=mechanism, speaker=speaker, start=start, end=end, **quality)
    return check_scope(ctx.engine, scope)


def _page(items: list[dict[str, Any]], limit: int | None, offset: int) -> list[dict[str, Any]]:
    return items[offset:] if limit is None else items[offset:offset + limit]


def _echo(scope: Scope, **extra: Any) -> dict[str, Any]:
    return {"framework": scope.framework, "dyad": "-".join(scope.dyad) if scope.dyad else None,
            "country": scope.country, "pillar": scope.pillar, "sub_area": scope.sub_area,
            "start": scope.start.isoformat() if scope.start else None,
            "end": scope.end.isoformat() if scope.end else None, **extra}


@router.get("/health", summary="Liveness and store counts")
def health(ctx: Ctx) -> dict[str, Any]:
    with ctx.engine.connect() as conn:
        counts = {t: int(run(conn, f"SELECT COUNT(*) AS n FROM {t}", {})[0]["n"])
                  for t in ("documents", "statements", "codings")}
    return {"status": "ok", "counts": counts, "writable": bool(ctx.token)}


@router.get("/frameworks", summary="Frameworks in the store, with pillar and sub-area names")
def frameworks(ctx: Ctx) -> dict[str, Any]:
    items = [ctx.framework_info(f) for f in ctx.frameworks()]
    return {"items": items, "total": len(items), "default": items[0]["id"] if items else None}


@router.get("/dyads", summary="Every dyad with statements, with totals and per-pillar counts")
def dyads(ctx: Ctx, framework: Framework = None, dyad: Dyad = None, country: Country = None,
          pillar: Pillar = None, sub_area: SubArea = None, start: DateParam = None, end: DateParam = None,
          limit: AllOrLimit = None, offset: Offset = 0) -> dict[str, Any]:
    scope = _scope(ctx, framework, dyad, country, pillar, sub_area, start=start, end=end)
    items = compute.dyad_rows(ctx.engine, scope)
    return {"items": _page(items, limit, offset), "total": len(items), "limit": limit, "offset": offset,
            "scope": _echo(scope)}


@router.get("/documents", summary="Stored documents, newest first")
def documents(ctx: Ctx, limit: Limit = 50, offset: Offset = 0,
              q: Annotated[str | None, Query(description="Words in the title.", max_length=200)] = None,
              framework: Framework = None) -> dict[str, Any]:
    params: dict[str, Any] = {"limit": limit, "offset": offset, "framework": ctx.framework(framework)}
    where = "1 = 1"
    if q:
        where = "lower(d.title) LIKE :q"
        params["q"] = f"%{q.lower()}%"
    cols = "d.id AS id, d.title AS title, d.source AS source, d.url AS url, d.path AS path, " \
           "d.published AS published, d.cluster_id AS cluster_id, d.language AS language"
    with ctx.engine.connect() as conn:
        total = int(run(conn, f"SELECT COUNT(*) AS n FROM documents d WHERE {where}", params)[0]["n"])
        rows = run(conn, f"SELECT {cols}, ({_CODED_STATEMENTS} WHERE s.document_id = d.id) "
                         f"AS n_statements FROM documents d WHERE {where} "
                         "ORDER BY d.published DESC, d.id LIMIT :limit OFFSET :offset", params)
    return {"items": [decode(r) for r in rows], "total": total, "limit": limit, "offset": offset}


def load_document(ctx: WebContext, document_id: str, framework: str) -> dict[str, Any]:
    with ctx.engine.connect() as conn:
        rows = run(conn, "SELECT * FROM documents WHERE id = :id", {"id": document_id})
    if not rows:
        raise HTTPException(404, "no such document")
    doc = decode(rows[0])
    for key in ("authors", "provenance", "extra"):
        if isinstance(doc.get(key), str):
            doc[key] = json.loads(doc[key])
    if isinstance(doc.get("ingested_at"), datetime):
        doc["ingested_at"] = doc["ingested_at"].isoformat()
    _, items = search_statements(ctx.engine, Scope(framework=framework), relevant_only=False, limit=MAX_LIMIT,
                                 q=None, with_evidence=True, document_id=document_id)
    doc["statements"] = sorted(items, key=lambda r: r["idx"])
    return doc


@router.get("/documents/{document_id}", summary="One document with its text and coded statements")
def document(ctx: Ctx, document_id: str, framework: Framework = None) -> dict[str, Any]:
    return load_document(ctx, document_id, ctx.framework(framework))


@router.get("/statements", summary="Statements with filters, full-text search and evidence spans")
def statements(
    ctx: Ctx,
    framework: Framework = None,
    dyad: Dyad = None,
    country: Country = None,
    pillar: Pillar = None,
    sub_area: SubArea = None,
    mechanism: Annotated[str | None, Query(max_length=100)] = None,
    speaker: Annotated[str | None, Query(description="Speaker id or name.", max_length=200)] = None,
    start: DateParam = None,
    end: DateParam = None,
    period: Annotated[str | None, Query(description="A period label from /api/indicators.", max_length=20)] = None,
    by: Annotated[str | None, Query(description="The period kind of `period`.")] = None,
    q: Annotated[str | None, Query(description="Full-text search in statement text and speaker.",
                                   max_length=500)] = None,
    tone: Annotated[str | None, Query(description="cooperative, neutral or conflictual.", max_length=20)] = None,
    commitment: Annotated[str | None, Query(description="act, pledge, aspiration or none.", max_length=20)] = None,
    event_class: Annotated[str | None, Query(description="material, verbal, conflict or other.",
                                             max_length=20)] = None,
    speaker_level: Annotated[str | None, Query(description="head, minister, senior, official or non_official.",
                                               max_length=20)] = None,
    relevant_only: bool = True,
    limit: Limit = 20,
    offset: Offset = 0,
) -> dict[str, Any]:
    scope = _scope(ctx, framework, dyad, country, pillar, sub_area, mechanism, speaker, start, end, tone=tone,
                   commitment=commitment, event_class=event_class, speaker_level=speaker_level)
    if period and not by:
        raise ConfigError("`period` needs `by` (week, month, quarter or year)", input=period)
    total, items = search_statements(ctx.engine, scope, q=q, period=period, by=by, relevant_only=relevant_only,
                                     limit=limit, offset=offset)
    return {"items": items, "total": total, "limit": limit, "offset": offset,
            "scope": _echo(scope, period=period, by=by, q=q)}


@router.get("/statements/{statement_id}", summary="One statement with its coding and evidence")
def statement(ctx: Ctx, statement_id: str, framework: Framework = None) -> dict[str, Any]:
    row = get_statement(ctx.engine, statement_id, ctx.framework(framework))
    if row is None:
        raise HTTPException(404, "no such statement")
    return row


@router.get("/actors", summary="Actors (countries, persons, organisations) with their statement counts")
def actors(ctx: Ctx, limit: Limit = 50, offset: Offset = 0,
           q: Annotated[str | None, Query(description="Words in the name.", max_length=200)] = None,
           type: Annotated[str | None, Query(description="country, person, organisation or mechanism.",
                                             max_length=20)] = None,
           framework: Framework = None) -> dict[str, Any]:
    conds: list[str] = ["1 = 1"]
    params: dict[str, Any] = {"limit": limit, "offset": offset, "framework": ctx.framework(framework)}
    if q:
        conds.append("lower(a.name) LIKE :q")
        params["q"] = f"%{q.lower()}%"
    if type:
        conds.append("a.type = :type")
        params["type"] = type
    where = " AND ".join(conds)
    # ... and those they made with others, as a joint source's co-speaker ("Xi Jinping and Hun Manet said"),
    # where the database has them (schema version 3)
    joint = (" + (SELECT COUNT(*) FROM statement_co_speakers cs JOIN codings c ON c.statement_id = cs.statement_id "
             "AND c.framework = :framework WHERE cs.actor_id = a.id)") if stores_co_speakers(ctx.engine) else ""
    sql = ("SELECT a.id AS id, a.name AS name, a.type AS type, a.iso3 AS iso3, a.title AS title, a.role AS role, "
           f"a.organisation AS organisation, ({_CODED_STATEMENTS} WHERE s.speaker_id = a.id){joint} "
           f"AS statements FROM actors a WHERE {where} ORDER BY statements DESC, a.name LIMIT :limit OFFSET :offset")
    with ctx.engine.connect() as conn:
        total = int(run(conn, f"SELECT COUNT(*) AS n FROM actors a WHERE {where}", params)[0]["n"])
        rows = run(conn, sql, params)
    return {"items": rows, "total": total, "limit": limit, "offset": offset}


@router.get("/indicators", summary="Indicators per period and pillar (quantity, quality, momentum, balance)")
def indicators(ctx: Ctx, framework: Framework = None, dyad: Dyad = None, country: Country = None,
               by: By = "quarter", pillar: Pillar = None, sub_area: SubArea = None,
               start: DateParam = None, end: DateParam = None) -> dict[str, Any]:
    scope = _scope(ctx, framework, dyad, country, pillar, sub_area, start=start, end=end)
    rows = compute.timeline_rows(ctx.engine, scope, parse_period(by))
    for r in rows:
        r["period_start"] = r["period_start"].isoformat()
    return {"items": rows, "total": len(rows), "scope": _echo(scope, by=by)}


_BREAKDOWNS = {
    "sub-areas": lambda e, sc, n: compute.sub_area_rows(e, sc),
    "mechanisms": lambda e, sc, n: compute.mechanism_rows(e, sc, limit=n),
    "mechanism-pillars": lambda e, sc, n: compute.mechanism_pillar_rows(e, sc),
    "speakers": lambda e, sc, n: compute.speaker_rows(e, sc, limit=n),
    "quality": lambda e, sc, n: compute.quality_rows(e, sc),
}
_RANKED = ("mechanisms", "speakers")  # top lists: ranked in SQL, 20 by default
RANKED_LIMIT = 20


@router.get("/indicators/{breakdown}",
            summary="Breakdowns: sub-areas, mechanisms, mechanism-pillars, speakers or quality")
def breakdown(ctx: Ctx, breakdown: str, framework: Framework = None, dyad: Dyad = None, country: Country = None,
              pillar: Pillar = None, sub_area: SubArea = None, start: DateParam = None,
              end: DateParam = None, limit: Annotated[int | None, Query(
                  ge=0, le=MAX_LIMIT, description="Page size; default: 20 for mechanisms and speakers, "
                                                  "else every item.")] = None,
              offset: Offset = 0) -> dict[str, Any]:
    if breakdown not in _BREAKDOWNS:
        raise HTTPException(404, f"unknown breakdown; use one of {', '.join(_BREAKDOWNS)}")
    scope = _scope(ctx, framework, dyad, country, pillar, sub_area, start=start, end=end)
    if breakdown in _RANKED:
        limit = RANKED_LIMIT if limit is None else limit
        # One row past the page says whether another page follows; ``total`` counts at most that far.
        items = _BREAKDOWNS[breakdown](ctx.engine, scope, offset + limit + 1)
    else:
        items = _BREAKDOWNS[breakdown](ctx.engine, scope, None)
    return {"items": _page(items, limit, offset), "total": len(items), "limit": limit, "offset": offset,
            "scope": _echo(scope)}


def _fetch_document(url: str) -> Any:
    """Fetch a URL with the ingest fetcher (SSRF guard, robots, size limits) and read it as a document."""
    from amity.ingest.fetch import Fetcher
    from amity.ingest.sources import page_document

    with Fetcher() as fetcher:
        return page_document(fetcher.fetch(url))


class IngestRequest(BaseModel):
    """A text to analyse and store, or a URL to fetch first."""

    text: str | None = Field(None, max_length=2_000_000)
    url: str | None = Field(None, max_length=2000)
    title: str | None = Field(None, max_length=2000)
    published: datetime | None = None
    source: str | None = Field(None, max_length=200)
    framework: str | None = Field(None, max_length=100)


_FRAMEWORK_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_+-]{0,99}")


@router.post("/ingest", status_code=201, dependencies=[Depends(require_token)],
             summary="Analyse and store a text or a URL (needs the bearer token)")
def ingest(ctx: Ctx, body: IngestRequest, response: Response) -> dict[str, Any]:
    """201 when a document was stored, 200 when it was stored already (nothing changed)."""
    from amity.model import Document

    if not (body.text and body.text.strip()) and not body.url:
        raise ConfigError("give `text` or `url`")
    if body.framework and not _FRAMEWORK_ID.fullmatch(body.framework):
        # The server's files are not the client's to name: no path, so no probing of what exists.
        raise ConfigError("`framework` is a framework id, not a path", input=body.framework,
                          hint="use a bundled or stored framework id, e.g. three-pillars")
    framework = body.framework or ctx.framework(None)
    if body.text and body.text.strip():
        documents: list[Any] = [Document(text=body.text, title=body.title, url=body.url, source=body.source,
                                         published=body.published)]
    else:
        documents = [_fetch_document(str(body.url))]
    try:
        pipeline = ctx.pipeline(framework)
    except AmityError:
        raise
    except Exception as exc:  # the pipeline is another team's module; report, don't crash the server
        raise HTTPException(503, f"the analysis pipeline is not available: {exc.__class__.__name__}") from exc
    store = ctx.store()
    results = []
    for doc in documents:
        if doc.title is None and body.title:
            doc.title = body.title
        analysis = pipeline.analyze(doc)
        new = store.save(analysis)
        result: dict[str, Any] = {"document_id": doc.id, "created": new, "statements": len(analysis.statements)}
        if not new and not store.has_analysis(doc.id, analysis.framework):
            result["refused"] = ("the document's stored analyses were made by another pipeline version; "
                                 "run `amity reanalyze` on the database first")
        results.append(result)
    from amity.indicators import rollup

    rollup.invalidate(ctx.engine)
    if not any(r["created"] for r in results):
        response.status_code = 200
    return {"items": results, "total": len(results), "framework": framework}
