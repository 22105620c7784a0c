"""Human names for the codes a report shows: countries, pillars, sub-areas, mechanisms.

Every lookup falls back to the code itself, so a report still renders for a custom framework or a
code the bundled data does not know.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import Any

from amity.errors import AmityError

logger = logging.getLogger(__name__)


@functools.cache
def country_name(iso3: str) -> str:
    """The common short name ("Vietnam", "South Korea") of an ISO3 code, or the code."""
    try:
        from amity.nlp.actors import ActorTagger

        actor = ActorTagger.default().country(iso3)
        if actor is not None:
            return actor.name
    except (AmityError, ImportError, OSError) as exc:  # the gazetteer is optional for a report
        logger.debug("no gazetteer for country names: %s", exc)
    import pycountry

    found = pycountry.countries.get(alpha_3=iso3)
    if found is None:
        return iso3
    return str(getattr(found, "common_name", None) or found.name)


@functools.cache
def mechanism_names() -> dict[str, str]:
    try:
        from amity.coding.mechanisms import registry

        return {mid: m.name for mid, m in registry().mechanisms.items()}
    except (AmityError, ImportError, OSError) as exc:
        logger.debug("no mechanism registry: %s", exc)
        return {}


@dataclass(frozen=True)
class FrameworkLabels:
    """Pillar and sub-area names of one framework, in the framework's order."""

    id: str
    name: str
    pillars: dict[str, str] = field(default_factory=dict)
    sub_areas: dict[str, str] = field(default_factory=dict)

    def pillar(self, pillar_id: str | None) -> str:
        if pillar_id is None:
            return "no pillar"
        return self.pillars.get(pillar_id, pillar_id)

    def sub_area(self, sub_area_id: str) -> str:
        return self.sub_areas.get(sub_area_id, sub_area_id)


@functools.cache
def framework_labels(framework_id: str) -> FrameworkLabels:
    try:
        from amity.coding.framework import load_framework

        fw = load_framework(framework_id)
    except (AmityError, ImportError, OSError) as exc:
        logger.info("framework %s not loadable for labels (%s); showing codes", framework_id, exc)
        return FrameworkLabels(id=framework_id, name=framework_id)
    return FrameworkLabels(
        id=fw.id,
        name=fw.name,
        pillars={p.id: p.name for p in fw.pillars},
        sub_areas={s.id: s.name for p in fw.pillars for s in p.sub_areas},
    )


def pillars_of(row: dict[str, Any]) -> list[str | None]:
    """The pillars a stored statement counts under, as the indicators count it: every pillar coded (the
    primary one first), or ``[None]`` for none."""
    primary = row.get("primary_pillar")
    coded = row.get("pillars") or []
    return list(dict.fromkeys([primary, *coded] if primary else coded)) or [None]
