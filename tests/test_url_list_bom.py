"""A URL list saved with a byte-order mark (Windows Notepad) is still a URL list."""

from __future__ import annotations

from pathlib import Path

import pytest

from amity.ingest.sources import read_sources
from amity.model import Quarantined

URLS = "http://10.1.2.3/a\r\n# a comment\r\nhttp://10.1.2.3/b\r\n"  # private: refused, so no network is used


@pytest.mark.parametrize(("name", "data"), [
    ("urls.txt", b"\xef\xbb\xbf" + URLS.encode("utf-8")),
    ("urls.urls", b"\xef\xbb\xbf" + URLS.encode("utf-8")),
    ("urls16.txt", URLS.encode("utf-16")),  # Notepad's "Unicode"
])
def test_url_list_with_bom(tmp_path: Path, name: str, data: bytes) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    out = list(read_sources([str(path)]))
    # each URL is fetched (and refused): without the fix the list was one document whose text is the URLs
    assert out and all(isinstance(q, Quarantined) and "non-public" in q.reason for q in out), out
    assert all(isinstance(q, Quarantined) and q.input.startswith("http://10.1.2.3/") for q in out)
