"""Commands: extra."""

from __future__ import annotations

