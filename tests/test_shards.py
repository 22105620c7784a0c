"""Input at scale: JSONL and Parquet shards from folders, globs and fsspec URLs."""

from __future__ import annotations

import gzip
import itertools
import json
from pathlib import Path
from typing import Any

import pytest

from amity.engine.synthetic import synthetic_articles, write_synthetic_shards
from amity.ingest import read_documents
from amity.ingest.shards import Shard, expand_shards, is_url, read_shard, read_shards, split_jsonl
from amity.model import Document, Quarantined

fsspec = pytest.importorskip("fsspec")
pytest.importorskip("pyarrow")


def _documents(items: list[Document | Quarantined]) -> list[Document]:
    assert all(isinstance(i, Document) for i in items), [i for i in items if isinstance(i, Quarantined)]
    return [i for i in items if isinstance(i, Document)]


def _fields(doc: Document) -> tuple[Any, ...]:
    return (doc.id, doc.text, doc.title, doc.source, doc.url, doc.published, tuple(doc.authors))


def test_parquet_is_split_by_row_groups_and_reads_like_jsonl(tmp_path: Path) -> None:
    (parquet,) = write_synthetic_shards(tmp_path / "pq", 100, shard_size=100, fmt="parquet", seed=1)
    (jsonl,) = write_synthetic_shards(tmp_path / "js", 100, shard_size=100, fmt="jsonl", seed=1)
    shards = list(expand_shards([parquet], rows_per_shard=50))
    assert shards == [
        Shard(str(parquet), "parquet", shards[0].size, (0, 1), 0),
        Shard(str(parquet), "parquet", shards[1].size, (2, 3), 50),
    ]
    from_parquet = _documents(list(read_shards([parquet])))
    from_jsonl = _documents(list(read_documents([jsonl])))
    assert [_fields(d) for d in from_parquet] == [_fields(d) for d in from_jsonl]
    assert [d.provenance.record for d in from_parquet if d.provenance] == [str(n) for n in range(1, 101)]
    assert {d.provenance.reader for d in from_parquet if d.provenance} == {"parquet"}
    # the split shards together read the same rows as the whole file
    pieces = [d for sh in shards if isinstance(sh, Shard) for d in read_shard(sh)]
    assert [_fields(d) for d in _documents(pieces)] == [_fields(d) for d in from_parquet]
    assert [d.provenance.record for d in _documents(pieces) if d.provenance] == [str(n) for n in range(1, 101)]


def test_folders_and_globs_in_sorted_order(tmp_path: Path) -> None:
    write_synthetic_shards(tmp_path / "c", 30, shard_size=10, fmt="jsonl", seed=2)
    write_synthetic_shards(tmp_path / "c" / "more", 10, shard_size=10, fmt="parquet", seed=3)
    (tmp_path / "c" / ".hidden.jsonl").write_text("not json\n", encoding="utf-8")
    (tmp_path / "c" / "notes.bin").write_bytes(b"\x00\x01")
    shards = [sh for sh in expand_shards([tmp_path / "c"]) if isinstance(sh, Shard)]
    names = [Path(sh.location).relative_to(tmp_path / "c").as_posix() for sh in shards]
    assert names == ["more/part-00000.parquet", "part-00000.jsonl", "part-00001.jsonl", "part-00002.jsonl"]
    globbed = [sh for sh in expand_shards([str(tmp_path / "c" / "part-*.jsonl")]) if isinstance(sh, Shard)]
    assert len(globbed) == 3 and all(sh.kind == "jsonl" for sh in globbed)
    assert len(_documents(list(read_shards([tmp_path / "c"])))) == 40


def test_fsspec_urls(tmp_path: Path) -> None:
    memory = fsspec.filesystem("memory")
    records = list(synthetic_articles(12, seed=4))
    with memory.open("/bucket/news/day-1.jsonl.gz", "wb") as handle:
        handle.write(gzip.compress("".join(json.dumps(r) + "\n" for r in records[:6]).encode()))
    with memory.open("/bucket/news/day-2.jsonl", "wb") as handle:
        handle.write(("".join(json.dumps(r) + "\n" for r in records[6:]) + "{broken\n").encode())
    try:
        items = list(read_shards(["memory://bucket/news/"]))
        docs = _documents([i for i in items if isinstance(i, Document)])
        assert [d.title for d in docs] == [r["title"] for r in records]
        # (the memory filesystem's paths start at "/", hence memory:///bucket)
        assert docs[0].provenance is not None and docs[0].provenance.source == "memory:///bucket/news/day-1.jsonl.gz"
        bad = [i for i in items if isinstance(i, Quarantined)]
        assert [(q.input, q.code) for q in bad] == [("memory:///bucket/news/day-2.jsonl:7", "E105")]
        globbed = list(expand_shards(["memory://bucket/news/*.jsonl"]))
        assert [sh.location for sh in globbed if isinstance(sh, Shard)] == ["memory:///bucket/news/day-2.jsonl"]
        (missing,) = list(expand_shards(["memory://bucket/none/*.jsonl"]))
        assert isinstance(missing, Quarantined) and missing.code == "E107"
    finally:
        memory.rm("/bucket", recursive=True)


def test_bad_shards_are_quarantined_not_raised(tmp_path: Path) -> None:
    broken = tmp_path / "broken.parquet"
    broken.write_bytes(b"PAR1 this is not parquet")
    import pyarrow as pa
    import pyarrow.parquet as pq

    no_text = tmp_path / "no-text.parquet"
    pq.write_table(pa.Table.from_pylist([{"body": "x"}]), no_text)
    items = list(read_shards([broken, no_text, tmp_path / "absent.jsonl"]))
    assert [i.code for i in items if isinstance(i, Quarantined)] == ["E105", "E105", "E107"]
    assert "no column 'text'" in items[1].reason if isinstance(items[1], Quarantined) else False


def test_is_url() -> None:
    assert is_url("s3://bucket/x.jsonl") and is_url("gs://b/p") and is_url("file:///tmp/x")
    assert not is_url("C:/data/x.jsonl") and not is_url("corpus/x.jsonl")


def test_a_large_jsonl_file_is_cut_into_line_ranges_that_read_like_the_whole(tmp_path: Path) -> None:
    records = list(synthetic_articles(50, seed=6))
    lines = [json.dumps(r) for r in records]
    lines[10:10] = ["", "{not json"]  # a blank line and a broken one keep their line numbers
    path = tmp_path / "big.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    (whole,) = [sh for sh in expand_shards([path]) if isinstance(sh, Shard)]
    pieces = split_jsonl(whole, whole.size // 7)
    assert len(pieces) >= 5
    assert pieces[0].byte_range is not None and pieces[0].byte_range[0] == 0
    assert all(a.byte_range and b.byte_range and a.byte_range[1] == b.byte_range[0]
               for a, b in itertools.pairwise(pieces))
    assert sum(p.size for p in pieces) == whole.size

    def key(item: Document | Quarantined) -> tuple[Any, ...]:
        if isinstance(item, Quarantined):
            return ("Q", item.input, item.code)
        return (*_fields(item), item.provenance.to_dict() if item.provenance else None)

    expected = [key(i) for i in read_documents([path])]
    assert [key(i) for p in pieces for i in read_shard(p)] == expected
    assert ("Q", f"{path}:12", "E105") in expected


def test_a_missing_filesystem_package_is_named(tmp_path: Path) -> None:
    try:
        import s3fs  # noqa: F401
    except ImportError:
        pass
    else:
        pytest.skip("s3fs is installed: an s3:// URL would be fetched")
    (item,) = list(read_shards(["s3://some-bucket/news/"]))
    assert isinstance(item, Quarantined) and item.code == "E106" and "install s3fs" in item.reason
