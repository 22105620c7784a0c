"""One JSON error shape for the whole API: ``{"error": {"code", "message", "detail"}}``.

HTTP errors get a word code (``not_found``, ``unauthorized``...); Amity's own errors keep their ``E###``
code so that a client can look it up in the docs. A dashboard page (not under ``/api/``) asked for by a
browser gets the same error as a short HTML page instead of JSON.
"""

from __future__ import annotations

import html
import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from amity.errors import (
    AmityError,
    ConfigError,
    InputError,
    MissingExtraError,
    NotFoundError,
    UnknownFrameworkError,
)

logger = logging.getLogger(__name__)

HTTP_CODES: dict[int, str] = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    409: "conflict", 413: "too_large", 422: "validation_error", 500: "internal_error", 503: "unavailable",
}


def error_body(code: str, message: str, detail: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "detail": detail}}


def error_response(status: int, code: str, message: str, detail: Any = None,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(jsonable_encoder(error_body(code, message, detail)), status_code=status, headers=headers)


def _wants_page(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "")


def _page(status: int, message: str, hint: str | None) -> HTMLResponse:
    """The error as a dashboard page: the message, what to do, and the way back (all text escaped)."""
    tip = f"<p>{html.escape(hint)}</p>" if hint else ""
    body = (f"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Amity: {status}</title>"
            f"</head><body><h1>{status}: {html.escape(message)}</h1>{tip}"
            f"<p><a href=\"/\">Back to the overview</a></p></body></html>")
    return HTMLResponse(body, status_code=status)


def _respond(request: Request, status: int, code: str, message: str, detail: Any = None,
             headers: dict[str, str] | None = None) -> Response:
    if _wants_page(request):
        hint = detail.get("hint") if isinstance(detail, dict) else None
        return _page(status, message, hint if isinstance(hint, str) else None)
    return error_response(status, code, message, detail, headers=headers)


def _status_of(exc: AmityError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, ConfigError | InputError | UnknownFrameworkError):  # the client's value is wrong
        return 400
    if isinstance(exc, MissingExtraError):
        return 503
    return 500


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        detail = exc.detail if isinstance(exc.detail, dict | list) else None
        message = exc.detail if isinstance(exc.detail, str) else HTTP_CODES.get(exc.status_code, "error")
        return _respond(request, exc.status_code, HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}"),
                        message, detail, headers=dict(exc.headers) if exc.headers else None)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # "input" echoes what the client sent; leave it out so that errors never reflect arbitrary text.
        problems = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        return error_response(422, "validation_error", "the request parameters are not valid", problems)

    @app.exception_handler(AmityError)
    async def _amity(request: Request, exc: AmityError) -> Response:
        status = _status_of(exc)
        if status >= 500:
            logger.error("request failed: %s", exc.one_line())
        return _respond(request, status, exc.code, exc.message, {"input": exc.input, "hint": exc.hint})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        logger.exception("unexpected error")
        return _respond(request, 500, "internal_error", "an unexpected error occurred", None)
