"""De-duplication: exact copies by normalised hash, near copies (edits, boilerplate, truncation) by MinHash LSH."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from amity.ingest.dedup import Deduplicator, content_hash
from amity.model import Analysis, Document, Provenance, Span, Statement
from amity.store import Store

ARTICLE = " ".join([
    "The two governments agreed on Tuesday to build a new cross-border power line before the end of",
    "next year, officials from both energy ministries told reporters after a meeting in the river town.",
    "The line will carry electricity from hydropower plants in the north to factories near the coast,",
    "where demand has risen every year since the special economic zone opened its third industrial park.",
    "Engineers from a state utility will survey the route during the dry season, and construction is",
    "expected to employ about two thousand local workers, according to a statement issued by the cabinet.",
    "The deputy energy minister said the project showed what neighbours could do when they trusted each",
    "other, adding that the price of power for households would not rise while the line was being built.",
    "Critics in the national assembly asked how much the loan would cost and whether farmers along the",
    "route would be paid fairly for their land, a question the ministry promised to answer in writing.",
    "Trade between the two countries grew by a fifth last year, driven by rice, rubber and cassava",
    "exports in one direction and machinery, fertiliser and vehicles in the other, customs data showed.",
    "Both sides also signed a memorandum on training technicians, under which one hundred students will",
    "spend a semester at a polytechnic institute across the border with their fees paid by the project.",
])

OTHER_STORY = " ".join([
    "The two governments agreed on Tuesday to open a joint museum of textiles in the old royal capital,",
    "the culture ministries said, after curators spent a year cataloguing looms, dyes and silk patterns.",
    "Visitors will be able to watch weavers at work in a restored workshop, and schools will receive free",
    "tickets for pupils during the rainy season, when fewer tourists travel to the mountain provinces.",
    "A festival of traditional music will open the museum, with orchestras from both countries performing",
    "pieces that scholars believe were once played at the same court more than three centuries ago.",
    "The culture minister said young people should know the threads that tie their histories together,",
    "and that a travelling exhibition would later visit provincial towns that have no museum of their own.",
])

BOILER_A = ("Follow our live coverage on the mobile app. Subscribe to the morning newsletter for the "
            "headlines of the day delivered to your inbox. All rights reserved by the Daily Ledger.")
BOILER_B = ("Advertisement. Read more stories like this in the business section. Copyright the Evening "
            "Courier; reproduction without permission is prohibited. Share this article with friends.")


def doc(text: str, origin: str) -> Document:
    return Document(text=text, url=origin, provenance=Provenance(source=origin, reader="test"))


@pytest.fixture()
def dedup() -> Deduplicator:
    return Deduplicator()


def test_exact_duplicate_ignores_case_punctuation_and_spacing(dedup: Deduplicator) -> None:
    original = doc(ARTICLE, "https://a.example/1")
    copy = doc("  " + ARTICLE.upper().replace(",", " ;").replace(".", "!") + "\n", "https://b.example/9")
    assert content_hash(original.text) == content_hash(copy.text)
    first = dedup.assign(original)
    second = dedup.assign(copy)
    assert first.kind == "unique" and first.cluster_id == original.id
    assert second.kind == "exact" and second.duplicate_of == original.id
    assert copy.extra["cluster_id"] == original.id
    dedup.commit()
    assert [c["url"] for c in dedup.copies(original.id)] == ["https://b.example/9"]


def test_identical_copy_from_another_site_is_linked(dedup: Deduplicator) -> None:
    dedup.assign(doc(ARTICLE, "https://a.example/1"))
    again = dedup.assign(doc(ARTICLE, "https://c.example/x"))
    assert again.kind == "exact"
    dedup.commit()
    assert dedup.copies(Document(text=ARTICLE).id)[0]["url"] == "https://c.example/x"


def _edited(text: str) -> str:
    words = text.split()
    for i, replacement in ((10, "told"), (50, "southern"), (100, "engineers"), (150, "officials"), (200, "tons")):
        words[i] = replacement
    return " ".join(words)


def _truncated(text: str, share: float) -> str:
    words = text.split()
    return " ".join(words[: int(len(words) * share)])


@pytest.mark.parametrize(
    ("variant", "make"),
    [
        ("edited", _edited),
        ("boilerplate", lambda t: BOILER_B + " " + t + " " + BOILER_B),
        ("truncated-70", lambda t: _truncated(t, 0.7)),
        ("truncated-55", lambda t: _truncated(t, 0.55)),
        ("edited-and-boilerplate", lambda t: _edited(t) + " " + BOILER_B),
    ],
)
def test_near_duplicates_join_the_cluster(dedup: Deduplicator, variant: str, make: object) -> None:
    original = doc(ARTICLE + " " + BOILER_A, "https://a.example/1")
    assert callable(make)
    copy = doc(make(ARTICLE), f"https://b.example/{variant}")
    dedup.assign(original)
    decision = dedup.assign(copy)
    assert decision.kind == "near", (variant, decision)
    assert decision.cluster_id == original.id
    assert decision.duplicate_of == original.id
    assert copy.extra["cluster_id"] == original.id


def test_different_stories_on_similar_lines_stay_apart(dedup: Deduplicator) -> None:
    a = dedup.assign(doc(ARTICLE, "https://a.example/1"))
    b = dedup.assign(doc(OTHER_STORY, "https://a.example/2"))
    c = dedup.assign(doc(BOILER_A + " " + OTHER_STORY[:200] + " " + BOILER_B, "https://a.example/3"))
    assert a.kind == b.kind == "unique"
    assert b.cluster_id != a.cluster_id
    assert c.cluster_id not in (a.cluster_id,)


def test_short_texts_only_match_exactly(dedup: Deduplicator) -> None:
    a = dedup.assign(doc("Cambodia and China sign a railway agreement", "h1"))
    b = dedup.assign(doc("Cambodia and China sign a highway agreement", "h2"))
    c = dedup.assign(doc("Cambodia and China sign a railway agreement.", "h3"))
    assert a.kind == b.kind == "unique" and a.cluster_id != b.cluster_id
    assert c.kind == "exact" and c.cluster_id == a.cluster_id


def test_clusters_persist_and_rereads_get_the_same_answer(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'd.db'}")
    first = Deduplicator(engine)
    original = doc(ARTICLE, "https://a.example/1")
    first.assign(original)
    first.commit()
    second = Deduplicator(engine)  # a later run on the same database
    reread = second.assign(doc(ARTICLE, "https://a.example/1"))
    assert reread.kind == "unique" and reread.cluster_id == original.id
    near = second.assign(doc(_edited(ARTICLE), "https://b.example/2"))
    assert near.kind == "near" and near.cluster_id == original.id
    second.commit()
    with engine.connect() as conn:
        assert conn.execute(text("select count(*) from dedup_documents")).scalar() == 2


def test_store_writes_the_cluster_to_documents_and_statements(tmp_path: Path, dedup: Deduplicator) -> None:
    original = doc(ARTICLE, "https://a.example/1")
    copy = doc(_edited(ARTICLE), "https://b.example/2")
    dedup.assign(original)
    dedup.assign(copy)
    store = Store(tmp_path / "s.db")
    for d in (original, copy):
        analysis = Analysis(document=d, framework="three-pillars")
        analysis.statements = [Statement(content=Span(0, 20, d.text[:20]), kind="according-to")]
        store.save(analysis)
    with store.engine.connect() as conn:
        docs = dict(conn.execute(text("select id, cluster_id from documents")).all())
        statements = {row[0] for row in conn.execute(text("select cluster_id from statements"))}
    assert docs == {original.id: original.id, copy.id: original.id}
    assert statements == {original.id}
    store.close()


def test_analyze_into_a_store_clusters_stories_as_ingest_does(tmp_path: Path) -> None:
    from amity.batch import analyze_inputs

    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(_edited(ARTICLE), encoding="utf-8")  # the same story, lightly edited
    (tmp_path / "c.txt").write_text(ARTICLE.replace(",", ""), encoding="utf-8")  # an exact copy but for commas
    (tmp_path / "d.txt").write_text(OTHER_STORY, encoding="utf-8")
    db = tmp_path / "a.db"
    result = analyze_inputs([tmp_path / n for n in ("a.txt", "b.txt", "c.txt", "d.txt")], db=db)
    assert (result.processed, result.duplicates) == (3, 1)
    with Store(db) as store, store.engine.connect() as conn:
        clusters = conn.execute(text("SELECT count(*), count(DISTINCT cluster_id) FROM documents")).one()
    assert tuple(clusters) == (3, 2)  # two stories; the exact copy is linked, not stored again
    again = analyze_inputs([tmp_path / n for n in ("a.txt", "b.txt", "c.txt", "d.txt")], db=db)
    assert again.processed == 0  # a rerun changes nothing
