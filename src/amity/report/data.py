"""What a report shows, computed once from the store and rendered as HTML or Markdown.

The view model is plain data (no markup), so both renderers share it and escaping happens in exactly
one place per output format.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from sqlalchemy import select

from amity.errors import ConfigError
from amity.report.dyad_views import MAX_DYADS, DyadView, build_dyad_view
from amity.report.labels import FrameworkLabels, country_name, framework_labels, mechanism_names, pillars_of
from amity.store import Store
from amity.store import schema as s

logger = logging.getLogger(__name__)

DEFAULT_FRAMEWORK = "three-pillars"
DEFAULT_TITLE = "Amity report: cooperation by country pair and pillar"
NO_DYAD = ("", "")
_SAFE_SCHEMES = frozenset({"http", "https"})
_EVIDENCE_CHUNK = 500  # ids per IN (...) query; SQLite allows 32766 parameters, PostgreSQL more


@dataclass(frozen=True, slots=True)
class Mark:
    """Why a stretch of statement text is highlighted."""

    field: str  # "pillar", "sub_area", "mechanism", ...
    value: str
    cue: str


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of statement text and the evidence that covers it (none: plain text)."""

    text: str
    marks: tuple[Mark, ...] = ()

    @property
    def css_class(self) -> str:
        return f"ev-{self.marks[0].field}" if self.marks else ""

    @property
    def tooltip(self) -> str:
        return "; ".join(f"{m.field}={m.value} (cue: {m.cue})" for m in self.marks)


@dataclass(slots=True)
class StatementView:
    id: str
    kind: str
    speaker_name: str | None
    speaker_title: str | None
    speaker_organisation: str | None
    speaker_country: str | None
    speaker_country_name: str | None
    speaker_text: str | None
    segments: list[Segment]
    pillars: list[str]
    primary_pillar: str | None
    sub_areas: list[str]
    mechanisms: list[str]
    dyads: list[tuple[str, str]]
    event_type: str | None
    tone: str | None
    commitment: str | None
    confidence: float
    published: str | None
    document_title: str | None
    document_source: str | None
    link: str | None  # a safe href (http, https or file), or None
    location: str | None  # what to show for the source when there is no link
    co_speakers: list[str] = field(default_factory=list)  # the others of a joint source: "Hun Manet (Cambodia)"

    @property
    def text(self) -> str:
        return "".join(seg.text for seg in self.segments)

    @property
    def speaker_label(self) -> str:
        if not self.speaker_name:
            return "unattributed"
        parts = [self.speaker_name]
        if self.speaker_title:
            parts.append(self.speaker_title)
        if self.speaker_country_name and self.speaker_country_name not in parts:
            parts.append(self.speaker_country_name)
        label = ", ".join(parts)
        return f"{label} with {', '.join(self.co_speakers)}" if self.co_speakers else label


@dataclass(slots=True)
class Group:
    """The statements about one country pair under one pillar (a statement on two pillars is in both)."""

    dyad: tuple[str, str]
    dyad_label: str
    pillar: str | None
    pillar_name: str
    statements: list[StatementView] = field(default_factory=list)
    total: int = 0  # before any per-group limit

    @property
    def anchor(self) -> str:
        pair = "-".join(self.dyad) if self.dyad != NO_DYAD else "none"
        return f"g-{pair}-{self.pillar or 'none'}".lower()


@dataclass(slots=True)
class DyadRow:
    dyad: tuple[str, str]
    label: str
    by_pillar: dict[str, int]
    total: int
    conflictual: int
    anchors: dict[str, str]


@dataclass(slots=True)
class ReportData:
    title: str
    framework: FrameworkLabels
    documents: int
    statements: int
    relevant: int
    pillars: list[tuple[str, str]]  # (id, name) columns of the tables
    rows: list[DyadRow]
    pillar_totals: dict[str, int]
    quarters: list[tuple[str, dict[str, int]]]
    quarter_totals: dict[str, int]  # quarter -> statements (each once, whatever its pillars)
    mechanisms: list[tuple[str, str, int]]  # (id, name, statements)
    groups: list[Group]
    period: tuple[str, str] | None
    max_per_group: int | None
    dyad_views: list[DyadView] = field(default_factory=list)  # the dashboard's dyad pages, top dyads first

    def pillar_header(self, pillar_id: str) -> str:
        """A short column header: the id when it is short ("P1"), else the first word of the name."""
        if len(pillar_id) <= 4:
            return pillar_id
        name = dict(self.pillars).get(pillar_id, pillar_id)
        word = re.match(r"\w+", name)
        return word.group(0) if word else pillar_id

    @property
    def quarter_max(self) -> int:
        return max(self.quarter_totals.values(), default=0)

    @property
    def dyad_count(self) -> int:
        return len([r for r in self.rows if r.dyad != NO_DYAD])


def dyad_label(dyad: tuple[str, str]) -> str:
    if dyad == NO_DYAD:
        return "No country pair"
    a, b = dyad
    return f"{country_name(a)} – {country_name(b)} ({a}–{b})"


def safe_link(url: str | None, path: str | None) -> str | None:
    """An href that cannot run script: http(s) URLs as given, local paths as file: URIs."""
    if url:
        scheme = urlparse(url.strip()).scheme.lower()
        if scheme in _SAFE_SCHEMES:
            return url.strip()
    if path and "://" not in path:
        try:
            return Path(path).absolute().as_uri()
        except ValueError:
            return None
    return None


def highlight(text: str, start: int, evidence: Iterable[dict[str, Any]]) -> list[Segment]:
    """Cut the statement text into segments at evidence boundaries.

    Evidence offsets are document offsets; ``start`` is the document offset of ``text``. Evidence
    outside the statement (context used for a dyad, say) is left out; overlapping evidence is merged
    so that every character is emitted exactly once.
    """
    end = start + len(text)
    spans: list[tuple[int, int, Mark]] = []
    for ev in evidence:
        a, b = max(int(ev["start"]), start), min(int(ev["end"]), end)
        if a < b:
            spans.append((a - start, b - start, Mark(str(ev["field"]), str(ev["value"]), str(ev["cue"]))))
    if not spans:
        return [Segment(text)]
    cuts = sorted({0, len(text), *(a for a, _, _ in spans), *(b for _, b, _ in spans)})
    segments: list[Segment] = []
    for a, b in itertools.pairwise(cuts):
        marks = tuple(dict.fromkeys(m for sa, sb, m in spans if sa <= a and b <= sb))
        if segments and segments[-1].marks == marks:
            segments[-1] = Segment(segments[-1].text + text[a:b], marks)
        else:
            segments.append(Segment(text[a:b], marks))
    return segments


def choose_framework(store: Store, framework: str | None) -> str:
    """The framework to report on: the one asked for, else the default one or the only one stored."""
    stored = sorted(store.frameworks())
    if framework:
        if stored and framework not in stored:
            raise ConfigError(
                f"no analyses under framework '{framework}'", input=store.url,
                hint=f"stored frameworks: {', '.join(stored)}",
            )
        return framework
    if not stored:  # an empty database gives an empty report that says so
        return DEFAULT_FRAMEWORK
    return DEFAULT_FRAMEWORK if DEFAULT_FRAMEWORK in stored else stored[0]


def _evidence_by_statement(store: Store, framework: str, ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    ev = s.evidence
    with store.engine.connect() as conn:
        for i in range(0, len(ids), _EVIDENCE_CHUNK):
            chunk = list(ids[i : i + _EVIDENCE_CHUNK])
            rows = conn.execute(
                select(ev.c.statement_id, ev.c.field, ev.c.value, ev.c.start, ev.c.end, ev.c.cue)
                .where(ev.c.framework == framework, ev.c.statement_id.in_(chunk))
                .order_by(ev.c.statement_id, ev.c.start, ev.c.id)
            ).mappings().all()
            for row in rows:
                out[row["statement_id"]].append(dict(row))
    return out


def _quarter(value: Any) -> str | None:
    if isinstance(value, datetime):
        return f"{value.year}-Q{(value.month - 1) // 3 + 1}"
    return None


def _dyads(raw: Any) -> list[tuple[str, str]]:
    pairs: dict[tuple[str, str], None] = {}
    for pair in raw or []:
        if isinstance(pair, list | tuple) and len(pair) == 2:
            a, b = sorted((str(pair[0]), str(pair[1])))
            pairs[(a, b)] = None
    return list(pairs)


def _view(row: dict[str, Any], labels: FrameworkLabels, evidence: list[dict[str, Any]]) -> StatementView:
    mech_names = mechanism_names()
    country = row.get("speaker_country")
    published = row.get("published")
    return StatementView(
        id=str(row["id"]),
        kind=str(row.get("kind") or ""),
        speaker_name=row.get("speaker_name"),
        speaker_title=row.get("speaker_title"),
        speaker_organisation=row.get("speaker_organisation"),
        speaker_country=country,
        speaker_country_name=country_name(country) if country else None,
        speaker_text=row.get("speaker_text"),
        segments=highlight(str(row["text"]), int(row["start"]), evidence),
        pillars=[labels.pillar(p) for p in row.get("pillars") or []],
        primary_pillar=row.get("primary_pillar"),
        sub_areas=[labels.sub_area(x) for x in row.get("sub_areas") or []],
        mechanisms=[mech_names.get(m, m) for m in row.get("mechanisms") or []],
        dyads=_dyads(row.get("dyads")),
        event_type=row.get("event_type"),
        tone=row.get("tone"),
        commitment=row.get("commitment"),
        confidence=float(row.get("coding_confidence") or 0.0),
        published=published.date().isoformat() if isinstance(published, datetime) else None,
        document_title=row.get("document_title"),
        document_source=row.get("document_source"),
        link=safe_link(row.get("document_url"), row.get("document_path")),
        location=row.get("document_url") or row.get("document_path"),
        co_speakers=[f"{p['name']} ({country_name(p['country'])})" if p.get("country") else str(p["name"])
                     for p in row.get("co_speakers") or []],
    )


def build_report_data(
    store: Store,
    *,
    framework: str | None = None,
    title: str = DEFAULT_TITLE,
    max_per_group: int | None = None,
    max_dyads: int = MAX_DYADS,
) -> ReportData:
    """Group the relevant statements of one framework by country pair and pillar. A statement coded with two
    pillars is in both groups and counts in both, as the indicators count it."""
    fw = choose_framework(store, framework)
    labels = framework_labels(fw)
    rows = store.statements(framework=fw)
    relevant = [r for r in rows if r.get("relevant")]
    counts = store.counts()

    pillar_ids = list(labels.pillars)  # framework order; codes it does not know go last
    for r in relevant:
        for p in pillars_of(r):
            if p and p not in pillar_ids:
                pillar_ids.append(p)

    grouped: dict[tuple[tuple[str, str], str | None], list[dict[str, Any]]] = defaultdict(list)
    conflictual: Counter[tuple[str, str]] = Counter()
    rows_by_dyad: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for r in relevant:
        dyads = _dyads(r.get("dyads")) or [NO_DYAD]
        for d in dyads:
            rows_by_dyad[d].append(r)
            for p in pillars_of(r):
                grouped[(d, p)].append(r)
            if r.get("tone") == "conflictual":
                conflictual[d] += 1

    by_dyad: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for (d, p), members in grouped.items():
        by_dyad[d][p or "none"] += len(members)

    def row_order(d: tuple[str, str]) -> tuple[bool, int, str]:
        return (d == NO_DYAD, -len(rows_by_dyad[d]), dyad_label(d))

    dyad_rows = [
        DyadRow(
            dyad=d, label=dyad_label(d), by_pillar={p: by_dyad[d].get(p, 0) for p in [*pillar_ids, "none"]},
            total=len(rows_by_dyad[d]), conflictual=conflictual[d],
            anchors={p: Group(d, "", p, "").anchor for p in pillar_ids},
        )
        for d in sorted(by_dyad, key=row_order)
    ]

    shown_ids: list[str] = []
    limited: dict[tuple[tuple[str, str], str | None], list[dict[str, Any]]] = {}
    for key, members in grouped.items():
        limited[key] = members[:max_per_group] if max_per_group else members
        shown_ids.extend(str(m["id"]) for m in limited[key])
    evidence = _evidence_by_statement(store, fw, list(dict.fromkeys(shown_ids)))

    views: dict[str, StatementView] = {}
    groups: list[Group] = []
    pillar_rank = {p: i for i, p in enumerate(pillar_ids)}
    for d in (r.dyad for r in dyad_rows):
        for p in sorted({p for (dd, p) in grouped if dd == d}, key=lambda x: pillar_rank.get(x or "", 99)):
            members = grouped[(d, p)]
            group = Group(d, dyad_label(d), p, labels.pillar(p), total=len(members))
            for m in limited[(d, p)]:
                sid = str(m["id"])
                if sid not in views:
                    views[sid] = _view(m, labels, evidence.get(sid, []))
                group.statements.append(views[sid])
            groups.append(group)

    pillar_totals = Counter(str(p or "none") for r in relevant for p in pillars_of(r))
    quarter_counts: dict[str, Counter[str]] = defaultdict(Counter)
    quarter_totals: Counter[str] = Counter()
    for r in relevant:
        q = _quarter(r.get("published"))
        if q:
            quarter_counts[q].update(str(p or "none") for p in pillars_of(r))
            quarter_totals[q] += 1
    mech_counter: Counter[str] = Counter(m for r in relevant for m in dict.fromkeys(r.get("mechanisms") or []))
    names = mechanism_names()
    dates = sorted(r["published"] for r in relevant if isinstance(r.get("published"), datetime))
    return ReportData(
        title=title,
        framework=labels,
        documents=counts.get("documents", 0),
        statements=len(rows),
        relevant=len(relevant),
        pillars=[(p, labels.pillar(p)) for p in pillar_ids],
        rows=dyad_rows,
        pillar_totals={p: pillar_totals.get(p, 0) for p in [*pillar_ids, "none"]},
        quarters=[(q, {p: quarter_counts[q].get(p, 0) for p in pillar_ids}) for q in sorted(quarter_counts)],
        quarter_totals=dict(quarter_totals),
        mechanisms=[(m, names.get(m, m), n) for m, n in sorted(mech_counter.items(), key=lambda x: (-x[1], x[0]))],
        groups=groups,
        period=(dates[0].date().isoformat(), dates[-1].date().isoformat()) if dates else None,
        max_per_group=max_per_group,
        dyad_views=[
            build_dyad_view(row.dyad, row.label, rows_by_dyad[row.dyad], pillar_ids, labels)
            for row in dyad_rows if row.dyad != NO_DYAD
        ][: max(0, max_dyads)],
    )
