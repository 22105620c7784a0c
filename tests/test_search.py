"""Full-text search of statements: exact on narrow queries, fast plan on broad ones, same answers."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from amity.errors import ConfigError
from amity.indicators import Scope
from amity.indicators import statements as search
from amity.indicators.synthetic import populate
from amity.store import Store


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    store = Store(tmp_path_factory.mktemp("search") / "s.db")
    populate(store.engine, 6_000)
    return store.engine


def _like_ids(engine: Engine, word: str, limit: int) -> list[str]:
    """The expected page, computed without the full-text index."""
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT s.id FROM statements s JOIN codings c ON c.statement_id = s.id "
            "AND c.framework = 'three-pillars' WHERE c.relevant = 1 AND ' ' || lower(s.text) || ' ' LIKE :w "
            "ORDER BY s.published DESC, s.document_id, s.idx LIMIT :n"), {"w": f"% {word} %", "n": limit}).all()
    return [r[0] for r in rows]


def _frequent_word(engine: Engine) -> str:
    with engine.connect() as conn:
        sample = " ".join(r[0] for r in conn.execute(text("SELECT text FROM statements LIMIT 200")))
    words = [w.strip(".,;:").lower() for w in sample.split() if w.isalpha() and len(w) > 5]
    return max(set(words), key=words.count)


def test_broad_search_takes_the_newest_first_plan_and_finds_the_same_page(engine: Engine) -> None:
    word = _frequent_word(engine)
    assert search.ensure_fts(engine)
    assert search._fts_matches(engine, f'"{word}"') > search.BROAD_MATCHES
    total, rows = search.search_statements(engine, Scope.build(framework="three-pillars"), q=word, limit=20)
    assert total == search.BROAD_COUNT_CAP
    assert [r["id"] for r in rows] == _like_ids(engine, word, 20)


def test_narrow_search_is_exact(engine: Engine) -> None:
    total, rows = search.search_statements(engine, Scope.build(framework="three-pillars"), q="zzyzxq", limit=5)
    assert total == 0 and rows == []


def test_misaligned_index_is_rebuilt(tmp_path: Path) -> None:
    store = Store(tmp_path / "m.db")
    populate(store.engine, 30)
    assert search.ensure_fts(store.engine)
    with store.engine.begin() as conn:
        conn.execute(text(f"UPDATE {search.FTS_TABLE} SET rowid = rowid + 1000 WHERE rowid = 1"))
    search._fts_ready.clear()
    assert search.ensure_fts(store.engine)
    with store.engine.connect() as conn:
        assert conn.execute(text(search._FTS_MISALIGNED)).first() is None
        n_fts = conn.execute(text(f"SELECT COUNT(*) FROM {search.FTS_TABLE}")).scalar_one()
        assert n_fts == conn.execute(text("SELECT COUNT(*) FROM statements")).scalar_one()


def _one_statement(store: Store) -> None:
    from amity.model import Document
    from amity.pipeline import Pipeline

    text = "Prime Minister Hun Manet said Cambodia and China would open the railway next year."
    store.save(Pipeline().analyze(Document(text=text, title="Railway")))


@pytest.mark.parametrize("backend", ["sqlite-fts", "sqlite-like", "postgresql"])
def test_a_search_finds_the_speakers_name_on_every_backend(
    backend: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend == "postgresql":
        from _pg_support import fresh_database

        with fresh_database("amity_search") as url, Store(url) as store:
            _one_statement(store)
            assert search.search_statements(store, Scope(), q="Manet")[0] == 1
            assert search.search_statements(store, Scope(), q="Manet railway")[0] == 1
            assert search.search_statements(store, Scope(), q="Manet Vientiane")[0] == 0
        return
    with Store(tmp_path / "s.db") as store:
        _one_statement(store)
        if backend == "sqlite-like":  # a SQLite without FTS5
            monkeypatch.setitem(search._fts_ready, str(store.engine.url), False)
        assert search.search_statements(store, Scope(), q="Manet")[0] == 1
        assert search.search_statements(store, Scope(), q="Manet railway")[0] == 1
        assert search.search_statements(store, Scope(), q="Manet Vientiane")[0] == 0


@pytest.mark.parametrize("q", ["*", '"', "-- !"])
def test_a_search_with_no_word_is_an_error_not_everything(engine: Engine, q: str) -> None:
    with pytest.raises(ConfigError, match="no word to look for"):
        search.search_statements(engine, Scope.build(framework="three-pillars"), q=q, limit=5)
