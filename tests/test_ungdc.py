"""All 102 UN General Debate speeches run through the pipeline without a crash and give statements."""

from __future__ import annotations

from pathlib import Path

from amity import Pipeline
from amity.ingest import read_path


def test_all_speeches_give_statements(shared: Path) -> None:
    speeches = sorted((shared / "corpus" / "ungdc" / "speeches").glob("*.txt"))
    assert len(speeches) == 102
    pipeline = Pipeline()
    total = 0
    with_statements = 0
    for path in speeches:
        analysis = pipeline.analyze(read_path(path))
        total += len(analysis.statements)
        with_statements += bool(analysis.statements)
        for st in analysis.statements:
            assert analysis.document.text[st.content.start:st.content.end] == st.content.text
    assert total > 0
    assert with_statements >= 51
