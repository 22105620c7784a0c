"""The versioned JSON shape of analysed documents (documented in docs/json-output.md)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from amity.model import Analysis, Quarantined, Statement

JSON_VERSION = "1.2"  # 1.1: statement kind "act" (reported acts). 1.2: co_speakers of a joint source


def statement_to_json(st: Statement) -> dict[str, Any]:
    sp = st.speaker
    c = st.coding
    return {
        "index": st.index,
        "text": st.content.text,
        "start": st.content.start,
        "end": st.content.end,
        "kind": st.kind,
        "speaker": {
            "id": sp.id if sp else None,
            "name": sp.name if sp else None,
            "type": sp.type if sp else None,
            "title": sp.title if sp else None,
            "organisation": sp.organisation if sp else None,
            "country": sp.iso3 if sp else None,
            "reference": st.speaker_span.to_dict() if st.speaker_span else None,
        },
        "co_speakers": [
            {"id": a.id, "name": a.name, "type": a.type, "title": a.title, "organisation": a.organisation,
             "country": a.iso3}
            for a in st.co_speakers
        ],
        "cue": st.cue.to_dict() if st.cue else None,
        "confidence": round(st.confidence, 3),
        "framework": c.framework if c else None,
        "relevant": c.relevant if c else None,
        "pillars": list(c.pillars) if c else [],
        "primary_pillar": c.primary_pillar if c else None,
        "sub_areas": list(c.sub_areas) if c else [],
        "mechanisms": list(c.mechanisms) if c else [],
        "dyads": [list(d) for d in c.dyads] if c else [],
        "event_type": c.event_type if c else None,
        "tone": c.tone if c else None,
        "commitment": c.commitment if c else None,
        "evidence": [e.to_dict() for e in c.evidence] if c else [],
    }


def analysis_to_json(analysis: Analysis) -> dict[str, Any]:
    doc = analysis.document
    return {
        "id": doc.id,
        "framework": analysis.framework,
        "metadata": doc.metadata(),
        "provenance": doc.provenance.to_dict() if doc.provenance else None,
        "text": doc.text,
        "actors": [a.to_dict() for a in analysis.actors.values()],
        "dyads": [list(d) for d in analysis.dyads],
        "mechanisms": list(analysis.mechanisms),
        "statements": [statement_to_json(st) for st in analysis.statements],
        "quarantined": "",
    }


def quarantined_to_json(item: Quarantined) -> dict[str, Any]:
    return {
        "id": None,
        "metadata": {"title": None, "source": None, "published": None, "editor": None,
                     "authors": [], "dateline": None, "path": item.input},
        "text": "",
        "statements": [],
        "quarantined": item.reason,
        "code": item.code,
    }


def to_json(analyses: Iterable[Analysis], quarantined: Iterable[Quarantined] = ()) -> dict[str, Any]:
    return {
        "amity_json_version": JSON_VERSION,
        "documents": [analysis_to_json(a) for a in analyses] + [quarantined_to_json(q) for q in quarantined],
    }
