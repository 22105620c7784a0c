"""Local files not in UTF-8: HTML by its <meta> charset or BOM, text by a confident detection (with a
WARNING naming the file and the encoding); binary files and undecodable bytes still rejected."""

from __future__ import annotations

import codecs
import logging
from pathlib import Path

import pytest

from amity.errors import BinaryInputError, EncodingError
from amity.ingest import read_documents, read_path
from amity.ingest.sources import read_sources
from amity.model import Document, Quarantined

FRENCH = "Le ministre a déclaré jeudi que la coopération entre le Cambodge et la Chine continuera à s'élargir."
QUOTES = "The minister said “we will deepen cooperation” — a railway deal worth €5 million — on Monday."


def _page(head: str, body: str) -> str:
    return (f"<html><head>{head}<title>Coopération régionale</title></head>"
            f"<body><article><p>{body}</p><p>{body}</p><p>{body}</p></article></body></html>")


@pytest.mark.parametrize("label", ["iso-8859-1", "ISO-8859-1", "latin1", "windows-1252"])
def test_html_meta_charset(tmp_path: Path, label: str) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(_page(f'<meta charset="{label}">', FRENCH).encode("cp1252"))
    doc = read_path(path)
    assert doc.title == "Coopération régionale"
    assert "déclaré jeudi que la coopération" in doc.text


def test_html_http_equiv_charset_with_curly_quotes(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    head = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">'
    path.write_bytes(_page(head, QUOTES).encode("cp1252"))  # ISO-8859-1 means Windows-1252 in HTML
    docs = [d for d in read_sources([str(path)]) if isinstance(d, Document)]
    assert len(docs) == 1 and "“we will deepen cooperation” — a railway deal worth €5 million" in docs[0].text


def test_html_bom_wins(tmp_path: Path) -> None:
    utf8 = tmp_path / "bom8.html"
    utf8.write_bytes(codecs.BOM_UTF8 + _page("", FRENCH).encode("utf-8"))
    utf16 = tmp_path / "bom16.html"
    utf16.write_bytes(_page("", FRENCH).encode("utf-16"))  # with its BOM
    for path in (utf8, utf16):
        assert "la coopération entre le Cambodge" in read_path(path).text


def test_utf8_page_that_declares_latin1_is_read_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "resaved.html"  # saved again as UTF-8, the old <meta> kept
    path.write_bytes(_page('<meta charset="iso-8859-1">', FRENCH).encode("utf-8"))
    assert "la coopération entre" in read_path(path).text


def test_html_with_an_unknown_charset_label_falls_back_to_detection(tmp_path: Path) -> None:
    path = tmp_path / "odd.html"
    path.write_bytes(_page('<meta charset="x-no-such-charset">', FRENCH).encode("latin-1"))
    assert "la coopération entre" in read_path(path).text


@pytest.mark.parametrize(("name", "text", "codec"), [
    ("latin1.txt", FRENCH, "latin-1"),
    ("cp1252.txt", QUOTES, "cp1252"),
    ("short.txt", "Phnom Penh café.", "latin-1"),
])
def test_western_text_files_are_read_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, name: str, text: str, codec: str
) -> None:
    path = tmp_path / name
    path.write_bytes(text.encode(codec))
    with caplog.at_level(logging.WARNING, logger="amity.ingest"):
        docs = list(read_documents([path]))
    assert [d.text for d in docs if isinstance(d, Document)] == [text]
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warnings) == 1 and str(path) in warnings[0] and "cp1252" in warnings[0]


def test_cyrillic_text_file_is_detected(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    text = ("Министр иностранных дел заявил, что сотрудничество между двумя странами продолжится. "
            "Стороны подписали соглашение о строительстве железной дороги.")
    path = tmp_path / "ru.txt"
    path.write_bytes(text.encode("cp1251"))
    with caplog.at_level(logging.WARNING, logger="amity.ingest"):
        doc = read_path(path)
    assert doc.text == text
    assert any("ru.txt" in r.getMessage() and "cp1251" in r.getMessage() for r in caplog.records)


def test_utf8_needs_no_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "utf8.txt"
    path.write_text(FRENCH, "utf-8")
    with caplog.at_level(logging.WARNING, logger="amity.ingest"):
        assert read_path(path).text == FRENCH
    assert not caplog.records


def test_undecodable_bytes_and_binary_files_are_still_rejected(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.txt"
    garbage.write_bytes(bytes(range(0x80, 0x100)) * 16)
    with pytest.raises(EncodingError, match=r"not valid UTF-8.*no other encoding"):
        read_path(garbage)
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 64)
    with pytest.raises(BinaryInputError):
        read_path(binary)
    out = list(read_sources([str(garbage), str(binary)]))
    assert [(type(q), q.code) for q in out if isinstance(q, Quarantined)] == [(Quarantined, "E104"),
                                                                              (Quarantined, "E102")]
