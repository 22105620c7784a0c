"""Bad input gets a one-line error naming the input and the reason; the batch goes on; nothing is lost."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from amity.cli import app
from amity.store import Store

GOOD = """Leaders agree to deepen cooperation

Source: Demo Wire| 2024-05-02 09:10:11|Editor: QX

VIENTIANE, May 2 (Demo Wire) -- Laos and China should deepen cooperation on railways and trade, \
Lao Foreign Minister Saleumxay Kommasith said on Thursday.

"We will expand people-to-people exchanges and education," he added.
"""

runner = CliRunner()


def _empty(p: Path) -> Path:
    f = p / "empty.txt"
    f.write_bytes(b"")
    return f


def _binary(p: Path) -> Path:
    f = p / "image.txt"
    f.write_bytes(bytes(range(256)) * 64)
    return f


def _huge(p: Path) -> Path:
    f = p / "huge.txt"
    with f.open("wb") as handle:
        line = b"Cambodia and China signed a deal. " * 30 + b"\n"
        for _ in range(50 * 1024 * 1024 // len(line) + 1):
            handle.write(line)
    return f


def _undecodable(p: Path) -> Path:
    f = p / "garbage.txt"  # not UTF-8, and no encoding reads it as text (Latin-1 text is read: test_local_encodings)
    f.write_bytes(bytes(range(0x80, 0x100)) * 16)
    return f


def _malformed_html(p: Path) -> Path:
    f = p / "broken.html"
    f.write_text("<html><head><title>x</ti<<<body><div><p></div></p><script>var a=1;", "utf-8")
    return f


def _malformed_json(p: Path) -> Path:
    f = p / "broken.jsonl"
    f.write_text('{"text": "unterminated\n', "utf-8")
    return f


BAD: dict[str, tuple[Callable[[Path], Path], str]] = {
    "empty": (_empty, "empty"),
    "binary": (_binary, "binary"),
    "huge": (_huge, "MB limit"),
    "invalid-utf8": (_undecodable, "not valid UTF-8"),
    "malformed-html": (_malformed_html, "no article text"),
    "malformed-json": (_malformed_json, "invalid JSON"),
}


@pytest.fixture
def stored_db(tmp_path: Path) -> tuple[Path, Path, dict[str, int]]:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    db = tmp_path / "amity.db"
    result = runner.invoke(app, ["analyze", str(good), "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    with Store(db) as store:
        counts = store.counts()
    assert counts["documents"] == 1 and counts["statements"] >= 1
    return good, db, counts


@pytest.mark.parametrize("case", sorted(BAD))
def test_bad_input_is_reported_and_batch_goes_on(
    case: str, tmp_path: Path, stored_db: tuple[Path, Path, dict[str, int]]
) -> None:
    good, db, before = stored_db
    make, reason = BAD[case]
    bad = make(tmp_path)
    other = tmp_path / "other.txt"
    other.write_text(GOOD.replace("Laos", "Cambodia").replace("Lao ", "Cambodian "), "utf-8")

    result = runner.invoke(app, ["analyze", str(bad), str(other), str(good), "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stderr.splitlines() if bad.name in line]
    assert len(lines) == 1, result.stderr
    assert reason in lines[0]
    with Store(db) as store:
        after = store.counts()
        quarantined = store.quarantined()
    assert after["documents"] == before["documents"] + 1  # nothing lost, the good one added once
    assert after["statements"] >= before["statements"]
    assert any(bad.name in q["input"] for q in quarantined)

    alone = runner.invoke(app, ["analyze", str(bad), "--db", str(db)])
    assert alone.exit_code != 0
    with Store(db) as store:
        assert store.counts()["documents"] == after["documents"]


def test_rerun_is_idempotent(stored_db: tuple[Path, Path, dict[str, int]]) -> None:
    good, db, before = stored_db
    result = runner.invoke(app, ["analyze", str(good), "--db", str(db)])
    assert result.exit_code == 0
    with Store(db) as store:
        assert store.counts() == before


def test_unknown_framework_name(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    result = runner.invoke(app, ["analyze", str(good), "--framework", "three-pilars"])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "three-pilars" in lines[0] and "three-pillars" in lines[0]


def test_framework_file_with_missing_field(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, "utf-8")
    fw = tmp_path / "mine.yaml"
    fw.write_text("id: mine\nname: Mine\nversion: 1\ndescription: no pillars here\n", "utf-8")
    result = runner.invoke(app, ["analyze", str(good), "--framework", str(fw)])
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "mine.yaml" in lines[0] and "pillars" in lines[0]
