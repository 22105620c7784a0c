"""GDELT 2.0 exports written here in GDELT's documented columns: URLs filtered by actor countries and dates."""

from __future__ import annotations

import logging
import zipfile
from datetime import date
from pathlib import Path

import pytest

from _http_support import article_html, serve
from amity.errors import ConfigError, MalformedInputError
from amity.ingest.fetch import FetchConfig
from amity.ingest.gdelt import (
    EVENT_COLUMNS,
    MENTION_COLUMNS,
    GdeltFilter,
    gdelt_articles,
    gdelt_kind,
)
from amity.ingest.sources import SourceOptions, read_sources
from amity.model import Document


def event_row(event_id: str, day: str, actor1: str, actor2: str, url: str) -> str:
    values = dict.fromkeys(EVENT_COLUMNS, "")
    values.update({
        "GlobalEventID": event_id, "Day": day, "MonthYear": day[:6], "Year": day[:4],
        "FractionDate": "2024.0110", "Actor1Code": actor1, "Actor1CountryCode": actor1,
        "Actor2Code": actor2, "Actor2CountryCode": actor2, "IsRootEvent": "1", "EventCode": "036",
        "EventBaseCode": "036", "EventRootCode": "03", "QuadClass": "1", "GoldsteinScale": "4.0",
        "NumMentions": "2", "NumSources": "1", "NumArticles": "2", "AvgTone": "1.5",
        "DATEADDED": day + "120000", "SOURCEURL": url,
    })
    return "\t".join(values[c] for c in EVENT_COLUMNS)


def mention_row(event_id: str, when: str, mention_type: str, source: str, url: str) -> str:
    values = dict.fromkeys(MENTION_COLUMNS, "")
    values.update({
        "GlobalEventID": event_id, "EventTimeDate": when, "MentionTimeDate": when,
        "MentionType": mention_type, "MentionSourceName": source, "MentionIdentifier": url,
        "SentenceID": "1", "InRawText": "1", "Confidence": "100", "MentionDocLen": "2000",
        "MentionDocTone": "1.2",
    })
    return "\t".join(values[c] for c in MENTION_COLUMNS)


def write_zip(path: Path, rows: list[str]) -> Path:
    inner = path.name.removesuffix(".zip")
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(inner, "\n".join(rows) + "\n")
    return path


def write_files(folder: Path, base: str = "https://news.example") -> tuple[Path, Path]:
    events = write_zip(folder / "20240105120000.export.CSV.zip", [
        event_row("1", "20240105", "CHN", "KHM", f"{base}/a"),
        event_row("2", "20240105", "USA", "RUS", f"{base}/b"),
        event_row("3", "20231231", "CHN", "THA", f"{base}/c"),
        event_row("4", "20240106", "KHM", "", f"{base}/d"),
        event_row("5", "20240107", "KHM", "CHN", f"{base}/a"),  # the same article again
    ])
    mentions = write_zip(folder / "20240105120000.mentions.CSV.zip", [
        mention_row("1", "20240105130000", "1", "other.example", f"{base}/e"),
        mention_row("2", "20240105130000", "1", "third.example", f"{base}/f"),
        mention_row("1", "20240105130000", "2", "citation-only", f"{base}/g"),
    ])
    return events, mentions


def test_documented_column_counts() -> None:
    assert len(EVENT_COLUMNS) == 61 and EVENT_COLUMNS[-1] == "SOURCEURL"
    assert EVENT_COLUMNS[7] == "Actor1CountryCode" and EVENT_COLUMNS[17] == "Actor2CountryCode"
    assert len(MENTION_COLUMNS) == 16 and MENTION_COLUMNS[5] == "MentionIdentifier"


def test_file_kinds_by_name() -> None:
    assert gdelt_kind(Path("20240105120000.export.CSV.zip")) == "events"
    assert gdelt_kind(Path("20240105120000.translation.export.CSV.zip")) == "events"
    assert gdelt_kind(Path("20240105120000.mentions.CSV.zip")) == "mentions"
    assert gdelt_kind(Path("export.csv")) is None


def test_filter_by_countries_and_dates(tmp_path: Path) -> None:
    events, mentions = write_files(tmp_path)
    flt = GdeltFilter(countries=frozenset({"CHN", "KHM"}), start=date(2024, 1, 1), end=date(2024, 1, 31))
    found = list(gdelt_articles([events, mentions], flt))
    assert [a.url.rsplit("/", 1)[1] for a in found] == ["a", "d", "e"]
    first = found[0]
    assert first.event_ids == ["1", "5"] and set(first.countries) == {"CHN", "KHM"}
    assert first.day == date(2024, 1, 5)
    assert found[2].source_name == "other.example"


def test_dyad_mode_needs_both_actors(tmp_path: Path) -> None:
    events, mentions = write_files(tmp_path)
    flt = GdeltFilter(countries=frozenset({"CHN", "KHM"}), mode="dyad")
    assert [a.url[-1] for a in gdelt_articles([events, mentions], flt)] == ["a", "e"]


def test_no_filter_keeps_every_web_article_once(tmp_path: Path) -> None:
    events, mentions = write_files(tmp_path)
    assert [a.url[-1] for a in gdelt_articles([events, mentions])] == ["a", "b", "c", "d", "e", "f"]


def test_filters_that_cannot_work_are_errors(tmp_path: Path) -> None:
    events, mentions = write_files(tmp_path)
    with pytest.raises(ConfigError, match=r"dyad filter needs at least two countries.*--countries") as info:
        list(gdelt_articles([events], GdeltFilter(mode="dyad")))
    assert info.value.code == "E700"
    with pytest.raises(ConfigError, match="not only CHN"):
        list(gdelt_articles([events], GdeltFilter(countries=frozenset({"CHN"}), mode="dyad")))
    with pytest.raises(ConfigError, match="start date 2024-02-01 is after the end date 2024-01-01"):
        list(gdelt_articles([events], GdeltFilter(start=date(2024, 2, 1), end=date(2024, 1, 1))))
    with pytest.raises(ConfigError, match="mentions files alone") as alone:
        list(gdelt_articles([mentions], GdeltFilter(countries=frozenset({"CHN"}))))
    assert alone.value.input == str(mentions)
    assert [a.url[-1] for a in gdelt_articles([mentions])] == ["e", "f"]  # no country filter: fine


def test_no_article_kept_is_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    events, mentions = write_files(tmp_path)
    with caplog.at_level(logging.WARNING, logger="amity.ingest.gdelt"):
        assert list(gdelt_articles([events, mentions], GdeltFilter(countries=frozenset({"FRA"})))) == []
    warning = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert len(warning) == 1 and "no article URL kept from 5 event rows and 3 mention rows" in warning[0].message
    assert "countries FRA" in warning[0].message


def test_mentions_given_before_events_still_join(tmp_path: Path) -> None:
    events, mentions = write_files(tmp_path)
    flt = GdeltFilter(countries=frozenset({"CHN", "KHM"}), start=date(2024, 1, 1), end=date(2024, 1, 31))
    assert [a.url[-1] for a in gdelt_articles([mentions, events], flt)] == ["a", "d", "e"]


def test_the_ingest_command_reports_a_bad_filter(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from amity.cli import app

    events, _ = write_files(tmp_path)
    result = CliRunner().invoke(app, ["ingest", str(events), "--dyad", "--db", str(tmp_path / "g.db"), "--quiet"])
    assert result.exit_code != 0 and "E700" in result.output and "dyad" in result.output


def test_a_file_with_the_wrong_columns_is_refused(tmp_path: Path) -> None:
    bad = write_zip(tmp_path / "20240105120000.export.CSV.zip", ["1\t20240105\tCHN"])
    with pytest.raises(MalformedInputError, match="has 3 columns"):
        list(gdelt_articles([bad]))


def test_ingest_fetches_the_filtered_articles(tmp_path: Path) -> None:
    routes = {f"/{k}": (200, "text/html", article_html(f"Story {k}", [
        f"Story {k}: the foreign ministers of China and Cambodia met on Friday and agreed to expand "
        "cooperation on agriculture, trade and flood control along the Mekong river.",
        "They said a joint committee would meet every six months to follow up.",
    ], published="")) for k in "abcdef"}
    with serve(routes) as (base, hits):
        events, mentions = write_files(tmp_path, base)
        options = SourceOptions(
            fetch=FetchConfig(allow_private=True, per_host_delay=0.0),
            gdelt=GdeltFilter(countries=frozenset({"CHN", "KHM"}), start=date(2024, 1, 1)),
        )
        docs = [d for d in read_sources([str(events), str(mentions)], options) if isinstance(d, Document)]
    assert [d.url for d in docs] == [f"{base}/a", f"{base}/d", f"{base}/e"]
    assert docs[0].extra["gdelt"]["countries"] == ["CHN", "KHM"]
    assert docs[0].provenance is not None and docs[0].provenance.reader == "gdelt"
    assert docs[0].published is not None and docs[0].published.date() == date(2024, 1, 5)
    assert hits["/b"] == 0 and hits["/c"] == 0
