"""Commands: evaluate."""

from __future__ import annotations

