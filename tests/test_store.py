"""The SQLite store: idempotent saves by content hash, quarantine, reading back."""

from __future__ import annotations

from pathlib import Path

from amity.model import Actor, Analysis, Coding, Document, Evidence, Quarantined, Statement
from amity.store import Store, database_url


def _analysis(text: str = "Cambodia and China will build a railway, the minister said.") -> Analysis:
    doc = Document(text=text, title="t")
    speaker = Actor(id="person:hun-x", name="Hun X", type="person", iso3="KHM", title="Minister")
    content = doc.span(0, 40)
    st = Statement(content=content, kind="indirect", speaker=speaker, cue=doc.span(46, 50), confidence=0.9)
    st.coding = Coding(
        framework="three-pillars", pillars=["P2"], primary_pillar="P2", sub_areas=["connectivity"],
        mechanisms=["BRI"], dyads=[("CHN", "KHM")], event_type="AGREE", tone="cooperative",
        evidence=[Evidence("pillar", "P2", 27, 35, "railway", "railway")],
    )
    return Analysis(document=doc, framework="three-pillars", statements=[st], actors={speaker.id: speaker})


def test_save_is_idempotent(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        assert store.save(_analysis()) is True
        assert store.save(_analysis()) is False
        counts = store.counts()
        assert counts["documents"] == 1 and counts["statements"] == 1 and counts["codings"] == 1
        rows = store.statements(framework="three-pillars", dyad=("KHM", "CHN"))
        assert len(rows) == 1
        row = rows[0]
        assert row["speaker_name"] == "Hun X" and row["speaker_country"] == "KHM"
        assert row["pillars"] == ["P2"] and row["dyads"] == [["CHN", "KHM"]]
        assert store.evidence(row["id"], "three-pillars")[0]["cue"] == "railway"
        assert store.statements(pillar="P1") == []


def test_same_document_under_another_framework_adds_a_coding(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        store.save(_analysis())
        other = _analysis()
        other.framework = "bri"
        assert other.statements[0].coding is not None
        other.statements[0].coding.framework = "bri"
        assert store.save(other) is True
        assert store.counts()["statements"] == 1 and store.counts()["codings"] == 2
        assert sorted(store.frameworks()) == ["bri", "three-pillars"]


def test_quarantine_is_recorded_once(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        q = Quarantined(input="x.txt", reason="[E101] x.txt: the input is empty", code="E101")
        store.add_quarantined(q)
        store.add_quarantined(q)
        assert [r["input"] for r in store.quarantined()] == ["x.txt"]


def test_database_url() -> None:
    assert database_url("a.db") == "sqlite:///a.db"
    assert database_url("postgresql://u@h/db") == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"
