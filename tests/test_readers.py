"""Reading wire copy, HTML and JSONL into Documents with their metadata."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from amity.ingest import JsonlFields, read_documents, read_path
from amity.model import Document, Quarantined

WIRE = """Ministers pledge closer ties: officials

Source: Demo Wire| 2024-05-02 09:10:11|Editor: QX
Video PlayerClose

by Jane Roe and John Doe

VIENTIANE, May 2 (Demo Wire) -- Laos and Thailand agreed on Thursday to expand rail links, the minister said.

"We will work together," he added.
Enditem
"""


def test_seed_metadata_equals_gold(shared: Path) -> None:
    gold = json.loads((shared / "gold" / "seed.json").read_text("utf-8"))
    doc = read_path(shared / gold["document"])
    meta = doc.metadata()
    for key in ("title", "source", "published", "editor", "authors", "dateline"):
        assert meta[key] == gold["metadata"][key], key
    assert "Video PlayerClose" not in doc.text
    assert doc.boilerplate_removed == gold["metadata"]["boilerplate_removed"]
    assert doc.text.startswith("Cambodia and China need to depend")


def test_wire_layout(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(WIRE, "utf-8")
    doc = read_path(path)
    assert doc.title == "Ministers pledge closer ties: officials"
    assert doc.source == "Demo Wire" and doc.editor == "QX"
    assert doc.authors == ["Jane Roe", "John Doe"]
    assert doc.dateline == "VIENTIANE"
    assert doc.published is not None and doc.published.isoformat() == "2024-05-02T09:10:11"
    assert "Enditem" not in doc.text and "Video" not in doc.text
    assert doc.text.startswith("Laos and Thailand agreed")


def test_plain_text_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "speech.txt"
    path.write_text("First paragraph about cooperation.\nSecond paragraph.\n", "utf-8")
    doc = read_path(path)
    assert doc.text == "First paragraph about cooperation.\nSecond paragraph."


def test_html_through_trafilatura(tmp_path: Path) -> None:
    body = " ".join(["Vietnam and Japan signed a memorandum on port investment in Hai Phong."] * 4)
    html = (
        "<html><head><title>Port deal</title>"
        '<meta property="article:published_time" content="2023-11-05T08:30:00+00:00">'
        '<meta name="author" content="Anna Writer"></head><body><nav>Home | World</nav>'
        f"<article><h1>Port deal</h1><p>HANOI, Nov. 5 (Demo) -- {body}</p><p>{body}</p></article>"
        "<footer>Copyright 2023</footer></body></html>"
    )
    path = tmp_path / "p.html"
    path.write_text(html, "utf-8")
    doc = read_path(path)
    assert doc.title == "Port deal"
    assert doc.published is not None and doc.published.year == 2023 and doc.published.hour == 8
    assert doc.authors == ["Anna Writer"]
    assert doc.dateline == "HANOI"
    assert doc.text.startswith("Vietnam and Japan signed")
    assert "Home | World" not in doc.text


def test_jsonl_field_mapping_gzip_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl.gz"
    lines = [
        json.dumps({"body": "China and Laos opened a railway.", "headline": "Rail", "date": "2023-01-02"}),
        "{not json",
        json.dumps({"headline": "no body"}),
        json.dumps({"body": "Thailand and Japan held talks.", "headline": "Talks", "date": "2024-02-03"}),
    ]
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        handle.write("\n".join(lines) + "\n")
    items = list(read_documents([path], fields=JsonlFields(text="body", title="headline", published="date")))
    docs = [d for d in items if isinstance(d, Document)]
    bad = [q for q in items if isinstance(q, Quarantined)]
    assert [d.title for d in docs] == ["Rail", "Talks"]
    assert docs[0].published is not None and docs[0].published.year == 2023
    assert len(bad) == 2
    assert bad[0].input.endswith(":2") and "invalid JSON" in bad[0].reason
    assert bad[1].input.endswith(":3") and "no text in field 'body'" in bad[1].reason


def test_directory_and_glob(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(WIRE, "utf-8")
    (tmp_path / "b.dat").write_bytes(b"ignored")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.txt").write_text("Plain text about Laos.", "utf-8")
    from_dir = [d for d in read_documents([tmp_path]) if isinstance(d, Document)]
    assert len(from_dir) == 2
    from_glob = list(read_documents([str(tmp_path / "*.txt")]))
    assert len(from_glob) == 1
    missing = list(read_documents([str(tmp_path / "nope*.txt"), tmp_path / "none.txt"]))
    assert all(isinstance(q, Quarantined) for q in missing) and len(missing) == 2


def test_parquet_shards_are_read_by_the_local_readers(tmp_path: Path) -> None:
    from amity.engine.synthetic import write_synthetic_shards

    write_synthetic_shards(tmp_path, 6, shard_size=3, fmt="parquet")
    docs = [d for d in read_documents([str(tmp_path / "*.parquet")]) if isinstance(d, Document)]
    assert len(docs) == 6
    assert all(d.text for d in docs)


def test_local_files_need_no_http_client(tmp_path: Path) -> None:
    from amity.ingest.sources import SourceReader

    (tmp_path / "a.txt").write_text("Cambodia and China signed a trade agreement on Monday.", encoding="utf-8")
    with SourceReader() as reader:
        documents = list(reader.read([str(tmp_path / "a.txt")]))
        assert [type(d) for d in documents] == [Document]
        assert reader._fetcher is None  # an HTTP client is built only when a URL is met


def test_jsonl_records_a_wire_dateline_and_keeps_the_text(tmp_path: Path) -> None:
    text = "PHNOM PENH, April 4 (Xinhua) -- Cambodia and China signed a railway deal on Thursday."
    path = tmp_path / "wire.jsonl"
    path.write_text(json.dumps({"text": text}) + "\n" + json.dumps({"text": "No dateline here."}) + "\n",
                    encoding="utf-8")
    first, second = [d for d in read_documents([path]) if isinstance(d, Document)]
    assert (first.dateline, first.text) == ("PHNOM PENH", text)
    assert second.dateline is None


def test_gzipped_text_and_html_are_read_transparently(tmp_path: Path) -> None:
    import gzip

    from amity.ingest.sources import read_sources

    (tmp_path / "wire.txt.gz").write_bytes(gzip.compress(WIRE.encode("utf-8")))
    body = " ".join(["Vietnam and Japan signed a memorandum on port investment in Hai Phong."] * 4)
    html = f"<html><head><title>Port deal</title></head><body><article><p>{body}</p></article></body></html>"
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(html.encode("utf-8")))
    (tmp_path / "speech.TXT.GZ").write_bytes(gzip.compress(b"Plain words about Laos and Thailand."))
    for docs in ([d for d in read_documents([tmp_path]) if isinstance(d, Document)],
                 [d for d in read_sources([str(tmp_path)]) if isinstance(d, Document)]):
        by_name = {Path(d.path or "").name: d for d in docs}
        assert set(by_name) == {"wire.txt.gz", "page.html.gz", "speech.TXT.GZ"}
        assert by_name["wire.txt.gz"].dateline == "VIENTIANE"
        assert by_name["wire.txt.gz"].text.startswith("Laos and Thailand agreed")
        assert by_name["page.html.gz"].title == "Port deal" and "Hai Phong" in by_name["page.html.gz"].text
        assert by_name["speech.TXT.GZ"].title == "speech"
        assert by_name["speech.TXT.GZ"].text == "Plain words about Laos and Thailand."


def test_broken_or_oversized_gzip_is_quarantined(tmp_path: Path) -> None:
    import gzip

    import pytest

    from amity.errors import InputTooLargeError

    broken = tmp_path / "broken.txt.gz"
    broken.write_bytes(b"\x1f\x8b\x08\x00not really gzip")
    big = tmp_path / "big.txt.gz"
    big.write_bytes(gzip.compress(b"Cambodia and China signed a deal. " * 1000))  # 34 kB, 200 bytes zipped
    out = list(read_documents([broken]))
    assert len(out) == 1 and isinstance(out[0], Quarantined) and out[0].code == "E105"
    assert "gzip" in out[0].reason
    with pytest.raises(InputTooLargeError, match="decompressed"):
        read_path(big, max_bytes=10_000)
    assert read_path(big).text.startswith("Cambodia and China")
