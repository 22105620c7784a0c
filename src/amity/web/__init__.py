"""The REST API and the dashboard (FastAPI), served by ``amity serve``. Needs the ``web`` extra."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from amity.errors import require

if TYPE_CHECKING:
    from fastapi import FastAPI


def create_app(db: Any, *, token: str | None = None, framework: str | None = None) -> FastAPI:
    """The FastAPI app for a database; see :func:`amity.web.app.create_app`."""
    require("fastapi", feature="the API and dashboard", extra="web")
    require("jinja2", feature="the dashboard", extra="web")
    from amity.web.app import create_app as _create_app

    return _create_app(db, token=token, framework=framework)


__all__ = ["create_app"]
