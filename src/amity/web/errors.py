"""One JSON error shape for the whole API: ``{"error": {"code", "message", "detail"}}``.

HTTP errors get a word code (``not_found``, ``unauthorized``...); Amity's own errors keep their ``E###``
code so that a client can look it up in the docs.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
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
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail if isinstance(exc.detail, dict | list) else None
        message = exc.detail if isinstance(exc.detail, str) else HTTP_CODES.get(exc.status_code, "error")
        return error_response(exc.status_code, HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}"),
                              message, detail, headers=dict(exc.headers) if exc.headers else None)

    @app.exception_handler(RequestValidationError)
    async def _validation(_request: Request, exc: RequestValidationError) -> JSONResponse:
        # "input" echoes what the client sent; leave it out so that errors never reflect arbitrary text.
        problems = [{k: v for k, v in e.items() if k in ("loc", "msg", "type")} for e in exc.errors()]
        return error_response(422, "validation_error", "the request parameters are not valid", problems)

    @app.exception_handler(AmityError)
    async def _amity(_request: Request, exc: AmityError) -> JSONResponse:
        status = _status_of(exc)
        if status >= 500:
            logger.error("request failed: %s", exc.one_line())
        return error_response(status, exc.code, exc.message, {"input": exc.input, "hint": exc.hint})

    @app.exception_handler(Exception)
    async def _unexpected(_request: Request, exc: Exception) -> JSONResponse:
        logger.exception("unexpected error")
        return error_response(500, "internal_error", "an unexpected error occurred", None)
