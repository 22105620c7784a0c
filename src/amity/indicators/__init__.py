"""Indicators of cooperation computed in SQL over the store: quantity, quality, momentum, balance, tops.

``indicators(db, dyad=("KHM", "CHN"), by="quarter")`` gives the per-period, per-pillar table as a Polars
DataFrame; ``dyads``, ``sub_areas``, ``mechanisms``, ``mechanism_pillars``, ``speakers`` and ``quality``
give the breakdowns. ``docs/indicators.md`` defines every column with its formula.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from amity.indicators.frames import dyads, indicators, mechanism_pillars, mechanisms, quality, speakers, sub_areas
from amity.indicators.scope import PERIODS, Scope, parse_dyad, period_bounds, period_label

__all__ = [
    "PERIODS",
    "Scope",
    "dyads",
    "indicators",
    "mechanism_pillars",
    "mechanisms",
    "parse_dyad",
    "period_bounds",
    "period_label",
    "quality",
    "speakers",
    "sub_areas",
]


class _CallableModule(types.ModuleType):
    """``amity.indicators(db, ...)`` must work even after ``import amity.indicators`` has replaced the
    package-level function of that name with this module (Python sets the submodule as an attribute)."""

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return indicators(*args, **kwargs)


sys.modules[__name__].__class__ = _CallableModule
