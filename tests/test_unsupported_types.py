"""The E106 message lists every file type that is read, generated from the readers' own lists."""

from __future__ import annotations

from pathlib import Path

from amity.ingest import read_documents
from amity.ingest.corpus import corpus_kind
from amity.ingest.gdelt import gdelt_kind
from amity.ingest.readers import SUPPORTED, reader_kind
from amity.ingest.sources import FEED_SUFFIXES, INGEST_SUFFIXES, URL_LIST_SUFFIXES, read_sources
from amity.ingest.warc import is_warc
from amity.model import Quarantined


def test_unsupported_file_lists_everything_ingest_reads(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.4 not read")
    out = list(read_sources([str(path)]))
    assert len(out) == 1 and isinstance(out[0], Quarantined) and out[0].code == "E106"
    listed = out[0].reason.split("supported: ", 1)[1].rstrip(")").split(", ")
    assert listed == INGEST_SUFFIXES
    for suffix in (".txt", ".txt.gz", ".html", ".html.gz", ".csv", ".tsv", ".jsonl", ".jsonl.gz", ".warc",
                   ".warc.gz", ".rss", ".xml", ".export.CSV.zip", ".mentions.CSV.zip", ".parquet"):
        assert suffix in listed, suffix


def test_read_documents_lists_only_what_it_reads(tmp_path: Path) -> None:
    path = tmp_path / "table.csv"  # amity ingest reads CSV; the plain readers (amity analyze) do not
    path.write_text("text\nCambodia and China met.\n", "utf-8")
    out = list(read_documents([path]))
    assert len(out) == 1 and isinstance(out[0], Quarantined) and out[0].code == "E106"
    assert out[0].reason.split("supported: ", 1)[1].rstrip(")").split(", ") == SUPPORTED
    assert ".csv" not in SUPPORTED and ".txt.gz" in SUPPORTED and ".parquet" in SUPPORTED


def test_every_listed_type_has_a_reader() -> None:
    for suffix in INGEST_SUFFIXES:
        path = Path("20240105120000" + suffix)
        handled = (is_warc(path) or corpus_kind(path) is not None or gdelt_kind(path) is not None
                   or path.name.lower().endswith(FEED_SUFFIXES + URL_LIST_SUFFIXES + (".parquet",))
                   or reader_kind(path) is not None)
        assert handled, suffix


def test_a_url_list_suffix_that_holds_no_urls(tmp_path: Path) -> None:
    path = tmp_path / "sites.lst"
    path.write_text("Cambodia and China met on Monday.\n", "utf-8")
    out = list(read_sources([str(path)]))
    assert len(out) == 1 and isinstance(out[0], Quarantined) and out[0].code == "E106"
    assert "lists of URLs" in out[0].reason
