"""The dashboard's per-dyad views, as static data for the report: timeline, balance, sub-areas, tops.

The dashboard gets these from ``amity.indicators``, whose table functions return Polars frames (the
``[web]`` extra). The report must work with the core install, and it already holds every relevant
statement of the framework in memory, so the few small aggregates are counted here in plain Python
with the same definitions as ``docs/indicators.md`` (shares count a statement under each of its
pillars; balance is the normalised Shannon entropy of those shares).

Everything is sorted with explicit tie-breaks so the report is byte-for-byte deterministic.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, TypeVar

from amity.errors import AmityError
from amity.report.labels import FrameworkLabels, country_name, mechanism_names, pillars_of

MAX_DYADS = 12
TOP_N = 10
CHART_WIDTH = 640
CHART_HEIGHT = 180
_CHART_PAD_LEFT = 34
_CHART_PAD_BOTTOM = 34
_CHART_PAD_TOP = 10
PILLAR_COLOURS = ("#2457a6", "#1f7a4d", "#a35a00", "#7b3fa0", "#0f7c8c", "#8c2f39")
OTHER_COLOUR = "#8a93a3"
_K = TypeVar("_K", str, tuple[str, str, str])


@dataclass(frozen=True, slots=True)
class Bar:
    """One stacked segment of the timeline chart (numbers only; the template escapes the labels)."""

    x: float
    y: float
    width: float
    height: float
    colour: str
    title: str


@dataclass(frozen=True, slots=True)
class Tick:
    x: float
    y: float
    label: str


@dataclass(slots=True)
class Timeline:
    """Statements per quarter and pillar (a statement on two pillars in both), gaps filled, plus the geometry of
    an SVG chart."""

    quarters: list[tuple[str, dict[str, int]]]
    bars: list[Bar]
    x_ticks: list[Tick]
    y_ticks: list[Tick]
    totals: dict[str, int] = field(default_factory=dict)  # quarter -> statements (each once)
    width: int = CHART_WIDTH
    height: int = CHART_HEIGHT
    baseline: float = CHART_HEIGHT - _CHART_PAD_BOTTOM
    left: float = _CHART_PAD_LEFT


@dataclass(frozen=True, slots=True)
class PillarShare:
    pillar: str
    name: str
    statements: int
    share: float
    colour: str

    @property
    def percent(self) -> str:
        return f"{100 * self.share:.0f}%"


@dataclass(frozen=True, slots=True)
class SubAreaCount:
    sub_area: str
    name: str
    pillar: str
    statements: int


@dataclass(frozen=True, slots=True)
class MechanismCount:
    mechanism: str
    name: str
    statements: int


@dataclass(frozen=True, slots=True)
class SpeakerCount:
    name: str
    title: str
    country: str
    country_name: str
    statements: int


@dataclass(slots=True)
class DyadView:
    """Everything the dashboard's dyad page shows, for one country pair."""

    dyad: tuple[str, str]
    label: str
    statements: int
    timeline: Timeline
    shares: list[PillarShare]
    balance: float | None
    sub_areas: list[SubAreaCount]
    mechanisms: list[MechanismCount]
    speakers: list[SpeakerCount]

    @property
    def anchor(self) -> str:
        return f"d-{self.dyad[0]}-{self.dyad[1]}".lower()

    @property
    def balance_text(self) -> str:
        return "–" if self.balance is None else f"{self.balance:.2f}"


def balance_index(shares: Sequence[float]) -> float | None:
    """Normalised Shannon entropy of the pillar shares (docs/indicators.md, "Balance").

    Same formula as the SQL indicators; restated here because those live behind the Polars extra.
    """
    if len(shares) < 2 or not any(shares):
        return None
    h = -sum(p * math.log(p) for p in shares if p > 0)
    return max(0.0, round(h / math.log(len(shares)), 4))


def quarter_of(value: Any) -> str | None:
    if isinstance(value, datetime):
        return f"{value.year}-Q{(value.month - 1) // 3 + 1}"
    return None


def _quarter_range(first: str, last: str) -> list[str]:
    """Every quarter from ``first`` to ``last`` inclusive, so quiet quarters show as gaps."""
    year, q = int(first[:4]), int(first[-1])
    end = (int(last[:4]), int(last[-1]))
    out: list[str] = []
    while (year, q) <= end:
        out.append(f"{year}-Q{q}")
        year, q = (year + 1, 1) if q == 4 else (year, q + 1)
    return out


def pillar_colour(pillar_ids: Sequence[str]) -> Callable[[str], str]:
    rank = {p: i for i, p in enumerate(pillar_ids)}

    def colour(pillar: str) -> str:
        i = rank.get(pillar)
        return OTHER_COLOUR if i is None else PILLAR_COLOURS[i % len(PILLAR_COLOURS)]

    return colour


def _nice_max(value: int) -> int:
    """The smallest of 1, 2, 5 x 10^k at or above ``value``: round numbers for the y axis."""
    if value <= 1:
        return 1
    magnitude: int = 10 ** (len(str(value)) - 1)  # value >= 2 here, so a whole power of ten
    for step in (1, 2, 5, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def build_timeline(
    rows: Iterable[dict[str, Any]], pillar_ids: Sequence[str], labels: FrameworkLabels
) -> Timeline:
    counts: dict[str, Counter[str]] = {}
    totals: Counter[str] = Counter()
    for r in rows:
        q = quarter_of(r.get("published"))
        if q:
            counts.setdefault(q, Counter()).update(str(p or "none") for p in pillars_of(r))
            totals[q] += 1
    if not counts:
        return Timeline([], [], [], [])
    quarters = _quarter_range(min(counts), max(counts))
    keys = [*pillar_ids, "none"]
    table = [(q, {p: counts.get(q, Counter()).get(p, 0) for p in keys}) for q in quarters]
    top = _nice_max(max(sum(c.values()) for _, c in table))
    plot_w = CHART_WIDTH - _CHART_PAD_LEFT - 8
    plot_h = CHART_HEIGHT - _CHART_PAD_BOTTOM - _CHART_PAD_TOP
    slot = plot_w / len(table)
    bar_w = max(2.0, min(40.0, slot * 0.7))
    baseline = CHART_HEIGHT - _CHART_PAD_BOTTOM
    colour = pillar_colour(pillar_ids)
    bars: list[Bar] = []
    x_ticks: list[Tick] = []
    label_every = max(1, math.ceil(len(table) / 12))  # at most ~12 quarter labels fit under the chart
    for i, (q, c) in enumerate(table):
        x = _CHART_PAD_LEFT + i * slot + (slot - bar_w) / 2
        y = float(baseline)
        for p in keys:
            n = c[p]
            if not n:
                continue
            h = plot_h * n / top
            y -= h
            name = labels.pillar(None if p == "none" else p)
            bars.append(Bar(round(x, 1), round(y, 1), round(bar_w, 1), round(h, 1), colour(p),
                            f"{q} · {p}: {name} — {n} statement{'' if n == 1 else 's'}"))
        if i % label_every == 0:
            x_ticks.append(Tick(round(x + bar_w / 2, 1), baseline + 16, q))
    y_ticks = [Tick(_CHART_PAD_LEFT - 6, round(baseline - plot_h * v / top, 1), str(v)) for v in (0, top // 2, top)
               if v or top]
    return Timeline(table, bars, x_ticks, list(dict.fromkeys(y_ticks)), {q: totals.get(q, 0) for q in quarters})


def build_dyad_view(
    dyad: tuple[str, str],
    label: str,
    rows: Sequence[dict[str, Any]],
    pillar_ids: Sequence[str],
    labels: FrameworkLabels,
    *,
    top_n: int = TOP_N,
) -> DyadView:
    """The dyad page's views over ``rows``, the relevant statements about ``dyad``."""
    colour = pillar_colour(pillar_ids)
    framework_pillars = list(labels.pillars) or list(pillar_ids)
    per_pillar: Counter[str] = Counter(p for r in rows for p in dict.fromkeys(r.get("pillars") or []))
    total = sum(per_pillar.get(p, 0) for p in framework_pillars)
    shares = [
        PillarShare(p, labels.pillar(p), n, n / total if total else 0.0, colour(p))
        for p in framework_pillars
        for n in (per_pillar.get(p, 0),)
    ]
    sub_pillar = _sub_area_pillars(labels)
    sub_counts: Counter[str] = Counter(x for r in rows for x in dict.fromkeys(r.get("sub_areas") or []))
    mech_counts: Counter[str] = Counter(m for r in rows for m in dict.fromkeys(r.get("mechanisms") or []))
    names = mechanism_names()
    speaker_counts: Counter[tuple[str, str, str]] = Counter(
        (str(r["speaker_name"]), str(r.get("speaker_title") or ""), str(r.get("speaker_country") or ""))
        for r in rows if r.get("speaker_name")
    )
    return DyadView(
        dyad=dyad,
        label=label,
        statements=len(rows),
        timeline=build_timeline(rows, pillar_ids, labels),
        shares=shares,
        balance=balance_index([sh.share for sh in shares]),
        sub_areas=[SubAreaCount(x, labels.sub_area(x), sub_pillar.get(x, ""), n) for x, n in _top(sub_counts, top_n)],
        mechanisms=[MechanismCount(m, names.get(m, m), n) for m, n in _top(mech_counts, top_n)],
        speakers=[
            SpeakerCount(name, title, iso, country_name(iso) if iso else "", n)
            for (name, title, iso), n in _top(speaker_counts, top_n)
        ],
    )


def _top(counts: Counter[_K], n: int) -> list[tuple[_K, int]]:
    return sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:n]


def _sub_area_pillars(labels: FrameworkLabels) -> dict[str, str]:
    try:
        from amity.coding.framework import load_framework

        fw = load_framework(labels.id)
    except (AmityError, ImportError, OSError):  # a custom framework: the sub-area table shows no pillar
        return {}
    return {s.id: p.id for p in fw.pillars for s in p.sub_areas}
