"""The FastAPI application: REST API under /api, OpenAPI at /docs, and the analysts' dashboard.

Pages are Jinja2 templates with autoescaping; their data reaches the browser as JSON from the API and
is put into the page with ``textContent`` only. All JavaScript (ours and Vega's, bundled under
``static/vendor``) is served from this app, so a strict Content-Security-Policy (no inline script, no
eval: Vega runs with its CSP-safe expression interpreter) holds on every dashboard page.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from amity.indicators import compute
from amity.indicators.scope import PERIODS, Scope, parse_country, parse_dyad
from amity.web.api import load_document, router
from amity.web.context import WebContext
from amity.web.errors import install_error_handlers

HERE = Path(__file__).resolve().parent
CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
# Swagger UI is bundled under static/vendor/swagger-ui (no CDN: users may be offline). FastAPI's page
# starts it with one inline script, allowed by its hash only (computed in create_app).
_SWAGGER = "/static/vendor/swagger-ui"
_DOCS_CSP = (
    "default-src 'self'; script-src 'self' {script_hash}; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'"
)
_INLINE_SCRIPT = re.compile(r"<script>(.*?)</script>", re.DOTALL)


def create_app(db: Any, *, token: str | None = None, framework: str | None = None) -> FastAPI:
    """The app for a database (a Store, Engine, SQLite path or URL).

    ``token`` enables the write endpoints for clients that send ``Authorization: Bearer <token>``;
    without it the API is read-only.
    """
    from amity import __version__ as version

    app = FastAPI(
        title="Amity API",
        version=version,
        description="Cooperation between countries, pillar by pillar, from what officials say. "
                    "Every number drills down to the statements and evidence behind it.",
        docs_url=None,  # served below from the bundled Swagger UI
        redoc_url=None,  # ReDoc would load from a CDN; /docs covers the same schema offline
    )
    app.state.amity = WebContext.open(db, token=token, framework=framework)
    install_error_handlers(app)
    app.include_router(router)
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=str(HERE / "templates"))
    templates.env.globals["periods"] = PERIODS
    docs_html = get_swagger_ui_html(
        openapi_url=app.openapi_url or "/openapi.json", title=f"{app.title} - docs",
        swagger_js_url=f"{_SWAGGER}/swagger-ui-bundle.js", swagger_css_url=f"{_SWAGGER}/swagger-ui.css",
        swagger_favicon_url=f"{_SWAGGER}/favicon-32x32.png",
    )
    docs_body = bytes(docs_html.body).decode()
    docs_csp = _DOCS_CSP.format(script_hash=" ".join(
        f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
        for s in _INLINE_SCRIPT.findall(docs_body)
    ))

    @app.get("/docs", include_in_schema=False)
    def swagger_docs() -> HTMLResponse:
        return HTMLResponse(docs_body)

    @app.middleware("http")
    async def security_headers(request: Request, call_next: Callable[[Request], Awaitable[Response]]) -> Response:
        response = await call_next(request)
        response.headers["Content-Security-Policy"] = docs_csp if request.url.path == "/docs" else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        return response

    def page(request: Request, name: str, **values: Any) -> HTMLResponse:
        ctx: WebContext = request.app.state.amity
        fw = ctx.framework(request.query_params.get("framework"))
        return templates.TemplateResponse(request, name, {
            "framework": fw, "frameworks": ctx.frameworks(), "framework_info": ctx.framework_info(fw), **values,
        })

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request) -> HTMLResponse:
        ctx: WebContext = request.app.state.amity
        fw = ctx.framework(request.query_params.get("framework"))
        dyads = compute.dyad_rows(ctx.engine, Scope(framework=fw))
        return page(request, "overview.html", dyads=dyads)

    @app.get("/dyad/{dyad}", response_class=HTMLResponse, include_in_schema=False)
    def dyad_page(request: Request, dyad: str) -> HTMLResponse:
        pair = parse_dyad(dyad)
        assert pair is not None  # a path segment is never empty
        by = request.query_params.get("by", "quarter")
        return page(request, "dyad.html", subject="-".join(pair), kind="dyad", by=by if by in PERIODS else "quarter",
                    title=f"{pair[0]} – {pair[1]}")

    @app.get("/country/{country}", response_class=HTMLResponse, include_in_schema=False)
    def country_page(request: Request, country: str) -> HTMLResponse:
        code = parse_country(country)
        by = request.query_params.get("by", "quarter")
        return page(request, "dyad.html", subject=code, kind="country", by=by if by in PERIODS else "quarter",
                    title=f"{code} and all partners")

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_page(request: Request) -> HTMLResponse:
        return page(request, "search.html", q=request.query_params.get("q", ""))

    @app.get("/document/{document_id}", response_class=HTMLResponse, include_in_schema=False)
    def document_page(request: Request, document_id: str) -> HTMLResponse:
        ctx: WebContext = request.app.state.amity
        fw = ctx.framework(request.query_params.get("framework"))
        try:
            doc = load_document(ctx, document_id, fw)
        except HTTPException:
            raise
        return page(request, "document.html", doc=doc, segments=document_segments(doc),
                    source_url=safe_url(doc.get("url")))

    return app


def safe_url(url: str | None) -> str | None:
    """Only http(s) links are rendered: a ``javascript:`` URL in a document's metadata stays text."""
    if not url:
        return None
    return url if urlparse(url).scheme in ("http", "https") else None


def document_segments(doc: dict[str, Any]) -> list[dict[str, Any]]:
    """The document text cut into plain stretches and statement stretches (for highlighting)."""
    text: str = doc["text"]
    segments: list[dict[str, Any]] = []
    cursor = 0
    for st in sorted(doc["statements"], key=lambda r: r["start"]):
        start, end = max(st["start"], cursor), min(st["end"], len(text))
        if start >= end:
            continue
        if start > cursor:
            segments.append({"text": text[cursor:start], "statement": None})
        segments.append({"text": text[start:end], "statement": st})
        cursor = end
    if cursor < len(text):
        segments.append({"text": text[cursor:], "statement": None})
    return segments
