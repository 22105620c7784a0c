"""The report as Markdown: the same tables and statements, for a README, an issue or a wiki page.

Hand-written rather than templated because Markdown needs its own escaping (table pipes, emphasis
characters) and raw HTML in a Markdown file is live markup, so ``<``, ``>`` and ``&`` are escaped too.
"""

from __future__ import annotations

import html
import re

from amity.report.data import ReportData, Segment, StatementView
from amity.report.dyad_views import DyadView

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|#])")
_SPACE = re.compile(r"\s+")


def md_escape(text: str) -> str:
    """Text that renders literally in Markdown and never as HTML."""
    flat = _SPACE.sub(" ", text)
    return _MD_SPECIAL.sub(r"\\\1", html.escape(flat, quote=False))


def _segments(segments: list[Segment]) -> str:
    """Evidence in bold; neighbouring highlighted segments become one bold run."""
    runs: list[tuple[bool, str]] = []
    for seg in segments:
        marked = bool(seg.marks)
        if runs and runs[-1][0] == marked:
            runs[-1] = (marked, runs[-1][1] + seg.text)
        else:
            runs.append((marked, seg.text))
    out: list[str] = []
    for marked, raw in runs:
        text = md_escape(raw)
        if marked and text.strip():
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            out.append(f"{lead}**{text.strip()}**{trail}")
        else:
            out.append(text)
    return "".join(out).strip()


def _statement(st: StatementView) -> list[str]:
    codes: list[str] = []
    if st.sub_areas:
        codes.append("sub-areas: " + ", ".join(md_escape(x) for x in st.sub_areas))
    if st.mechanisms:
        codes.append("mechanisms: " + ", ".join(md_escape(x) for x in st.mechanisms))
    if st.event_type:
        codes.append(f"event: {md_escape(st.event_type)}")
    if st.tone:
        codes.append(f"tone: {md_escape(st.tone)}")
    source = md_escape(st.document_title or st.location or "unknown source")
    if st.link:
        source = f"[{source}](<{st.link.replace('>', '%3E').replace(' ', '%20')}>)"
    when = f" ({st.published})" if st.published else ""
    return [
        f"- **{md_escape(st.speaker_label)}**{when}: {_segments(st.segments)}",
        f"  - {'; '.join(codes) or 'no further codes'}",
        f"  - source: {source}",
    ]


def _table(header: list[str], align: str, rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + align + "|", *("| " + " | ".join(r) + " |" for r in rows), ""]


def _dyad_section(data: ReportData, d: DyadView) -> list[str]:
    pillar_ids = [p for p, _ in data.pillars]
    headers = [md_escape(data.pillar_header(p)) for p in pillar_ids]
    lines = [f"### {md_escape(d.label)} ({d.statements} statements)", ""]
    if d.timeline.quarters:
        lines += ["Pillar timeline by quarter:", ""]
        lines += _table(["Quarter", *headers, "Total"], "---" + "|---:" * (len(pillar_ids) + 1), [
            [q, *(str(c.get(p, 0)) for p in pillar_ids), str(d.timeline.totals.get(q, 0))]
            for q, c in d.timeline.quarters
        ])
    lines += [f"Pillar balance (index {d.balance_text}):", ""]
    lines += _table(["Pillar", "Statements", "Share"], "---|---:|---:", [
        [f"{md_escape(data.pillar_header(sh.pillar))} {md_escape(sh.name)}", str(sh.statements), sh.percent]
        for sh in d.shares
    ])
    if d.sub_areas:
        lines += ["Sub-areas:", ""]
        lines += _table(["Sub-area", "Pillar", "Statements"], "---|---|---:", [
            [md_escape(x.name), md_escape(x.pillar), str(x.statements)] for x in d.sub_areas
        ])
    if d.mechanisms:
        lines += ["Mechanisms:", ""]
        lines += _table(["Mechanism", "Name", "Statements"], "---|---|---:", [
            [md_escape(m.mechanism), md_escape(m.name), str(m.statements)] for m in d.mechanisms
        ])
    if d.speakers:
        lines += ["Top speakers:", ""]
        lines += _table(["Speaker", "Title", "Country", "Statements"], "---|---|---|---:", [
            [md_escape(sp.name), md_escape(sp.title), md_escape(sp.country_name), str(sp.statements)]
            for sp in d.speakers
        ])
    return lines


def _dyad_sections(data: ReportData) -> list[str]:
    if not data.dyad_views:
        return []
    lines = ["## Country pairs", "",
             f"The {len(data.dyad_views)} country pairs with the most statements. Balance index: normalised "
             "Shannon entropy of the pillar shares (1 = even, 0 = one pillar only).", ""]
    for d in data.dyad_views:
        lines += _dyad_section(data, d)
    return lines


def render_markdown_data(data: ReportData, *, max_per_group: int | None = None) -> str:
    """The report as Markdown; ``max_per_group`` shortens each group's list (a summary)."""
    lines = [f"# {md_escape(data.title)}", ""]
    lines.append(
        f"Framework **{md_escape(data.framework.name)}** (`{md_escape(data.framework.id)}`): "
        f"{data.documents} documents, {data.statements} statements, {data.relevant} about cooperation, "
        f"{data.dyad_count} country pairs"
        + (f", from {data.period[0]} to {data.period[1]}." if data.period else ".")
    )
    lines.append("")
    if not data.rows:
        lines += ["No statements about cooperation are stored yet.", ""]
        return "\n".join(lines)
    pillar_ids = [p for p, _ in data.pillars]
    lines += ["## Statements by country pair and pillar", ""]
    headers = [md_escape(data.pillar_header(p)) for p in pillar_ids]
    lines.append("| Country pair | " + " | ".join(headers) + " | Total | Conflictual |")
    lines.append("|---|" + "---:|" * (len(pillar_ids) + 2))
    for row in data.rows:
        cells = [str(row.by_pillar.get(p, 0)) for p in pillar_ids]
        lines.append(f"| {md_escape(row.label)} | " + " | ".join(cells) + f" | {row.total} | {row.conflictual} |")
    lines.append("")
    lines.append("A statement counts under every pillar it is coded with, as the indicators count it; the total "
                 "counts it once.")
    lines.append("")
    lines.append("Pillars: " + "; ".join(f"{p} = {md_escape(name)}" for p, name in data.pillars) + ".")
    lines.append("")
    if data.quarters:
        lines += ["## Statements by quarter and pillar", ""]
        lines.append("| Quarter | " + " | ".join(headers) + " | Total |")
        lines.append("|---|" + "---:|" * (len(pillar_ids) + 1))
        for quarter, counts in data.quarters:
            cells = [str(counts.get(p, 0)) for p in pillar_ids]
            lines.append(f"| {quarter} | " + " | ".join(cells) + f" | {data.quarter_totals.get(quarter, 0)} |")
        lines.append("")
    if data.mechanisms:
        lines += ["## Mechanisms named", ""]
        lines.append(", ".join(f"{md_escape(mid)} ({n})" for mid, _, n in data.mechanisms))
        lines.append("")
    lines += _dyad_sections(data)
    lines += ["## Statements", ""]
    for group in data.groups:
        statements = group.statements[:max_per_group] if max_per_group else group.statements
        shown = "" if group.total == len(statements) else f", first {len(statements)} shown"
        lines.append(f"### {md_escape(group.dyad_label)} · {group.pillar or '-'} "
                     f"{md_escape(group.pillar_name)} ({group.total}{shown})")
        lines.append("")
        for st in statements:
            lines += _statement(st)
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"
