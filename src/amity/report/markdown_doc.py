"""Analysed documents as Markdown (for `amity analyze --format markdown`)."""

from __future__ import annotations

from collections.abc import Iterable

from amity.model import Analysis


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def analyses_to_markdown(analyses: Iterable[Analysis]) -> str:
    out: list[str] = []
    for analysis in analyses:
        doc = analysis.document
        out.append(f"## {_cell(doc.title or doc.path or doc.id)}\n")
        meta = doc.metadata()
        for key in ("source", "published", "editor", "authors", "dateline", "url", "path"):
            value = meta.get(key)
            if value:
                out.append(f"- **{key}**: {_cell(', '.join(value) if isinstance(value, list) else str(value))}")
        if analysis.dyads:
            out.append("- **dyads**: " + ", ".join("–".join(d) for d in analysis.dyads))
        if analysis.mechanisms:
            out.append("- **mechanisms**: " + ", ".join(analysis.mechanisms))
        out.append("")
        out.append("| # | speaker | statement | pillars | primary | sub-areas | mechanisms | event | tone |")
        out.append("|---|---|---|---|---|---|---|---|---|")
        for st in analysis.statements:
            c = st.coding
            sp = st.speaker
            who = "" if sp is None else sp.name + (f", {sp.title}" if sp.title else "")
            out.append("| " + " | ".join(_cell(x) for x in (
                str(st.index + 1), who, st.content.text,
                ", ".join(c.pillars) if c else "", (c.primary_pillar or "") if c else "",
                ", ".join(c.sub_areas) if c else "", ", ".join(c.mechanisms) if c else "",
                (c.event_type or "") if c else "", (c.tone or "") if c else "",
            )) + " |")
        out.append("")
    return "\n".join(out) + "\n"
