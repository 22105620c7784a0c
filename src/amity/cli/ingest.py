"""`amity ingest`, `amity watch`, `amity quarantine`: bring in URLs, feeds, archives and corpora."""

from __future__ import annotations

import dataclasses
import json
import re
import time
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from amity.cli import app
from amity.cli._common import ATTRIBUTION_HELP, NO_ACTS_HELP, AttributionMode, console, err_console, fail, shown
from amity.errors import AmityError, ConfigError

if TYPE_CHECKING:
    from amity.engine.local import RunSummary
    from amity.ingest.sources import SourceOptions


class SummaryFormat(StrEnum):
    table = "table"
    json = "json"


def _parse_date(value: str | None, option: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        fail(ConfigError(f"{option} must be a date as YYYY-MM-DD, not '{value}'"))


def _cache_path(db: str, cache: Path | None, no_cache: bool) -> Path | None:
    if no_cache:
        return None
    if cache is not None:
        return cache
    if "://" in db:
        return Path(".amity-fetch-cache.sqlite")
    return Path(db).with_name(Path(db).name + ".fetch-cache.sqlite")


def _estimate_total(sources: list[str]) -> int | None:
    """Rows in local JSONL/CSV inputs (cheap: a line count), so the bar can show an ETA."""
    total = 0
    for source in sources:
        path = Path(source)
        name = path.name.lower()
        if not path.is_file() or name.endswith(".gz"):
            return None
        if name.endswith((".jsonl", ".ndjson", ".csv", ".tsv")):
            with path.open("rb") as handle:
                lines = sum(1 for line in handle if line.strip())
            total += lines - 1 if name.endswith((".csv", ".tsv")) else lines
        elif name.endswith((".txt", ".html", ".htm")):
            total += 1
        else:
            return None
    return total


def _options(
    *, text_field: str, title_field: str, date_field: str, url_field: str, source_field: str,
    id_field: str | None, allow_private: bool, no_robots: bool, delay: float, timeout: float,
    cache: Path | None, countries: str, since: str | None, until: str | None, dyad: bool,
    day_first: bool = False,
) -> SourceOptions:
    from amity.ingest.fetch import FetchConfig
    from amity.ingest.gdelt import GdeltFilter
    from amity.ingest.jsonl import JsonlFields
    from amity.ingest.sources import SourceOptions

    codes = frozenset(c.strip().upper() for c in countries.split(",") if c.strip())
    return SourceOptions(
        fields=JsonlFields(text=text_field, title=title_field, published=date_field, url=url_field,
                           source=source_field, id=id_field, day_first=day_first),
        fetch=FetchConfig(allow_private=allow_private, respect_robots=not no_robots, per_host_delay=delay,
                          timeout=timeout),
        cache=cache,
        gdelt=GdeltFilter(countries=codes, start=_parse_date(since, "--since"),
                          end=_parse_date(until, "--until"), mode="dyad" if dyad else "any"),
    )


def _print_summary(summary: RunSummary, fmt: SummaryFormat, db: str) -> None:
    if fmt is SummaryFormat.json:
        console.print_json(json.dumps({"db": shown(db), **summary.to_dict()}))
        return
    table = Table(title=f"Ingest summary ({escape(shown(db))})", show_header=False)
    table.add_column("", style="bold")
    table.add_column("", justify="right")
    rows = [
        ("read", summary.read), ("processed", summary.processed), ("skipped (already stored)", summary.skipped),
        ("duplicates (exact, linked)", summary.duplicates), ("near duplicates (clustered)", summary.near_duplicates),
        ("quarantined", summary.quarantined), ("  of which not English", summary.non_english),
        ("statements", summary.statements),
        ("time", f"{summary.elapsed:.1f} s"), ("rate", f"{summary.rate:.1f} docs/s"),
    ]
    for name, value in rows:
        table.add_row(name, str(value))
    console.print(table)
    if summary.quarantined:
        console.print("See why with: [bold]amity quarantine --db " + escape(shown(db)) + "[/]")
    if summary.skipped:
        _hint_stale(db)


def _hint_stale(db: str) -> None:
    """Skipped documents keep their stored analyses; say so when an older pipeline made some of them."""
    from amity.store.store import Store

    try:
        with Store(db, create=False) as store:
            stale = store.stale_analyses()
    except AmityError:
        return  # the summary is printed; a second error about the same database would only repeat it
    if stale:
        console.print(f"{stale} stored analyses were made by an older pipeline; bring them up to date with: "
                      f"[bold]amity reanalyze --db {escape(shown(db))}[/]")


def _run(
    sources: list[str], options: SourceOptions, *, db: str, framework: str, jobs: int, batch_size: int | None,
    dedup: bool, quiet: bool, total: int | None, attribution: str = "rules", acts: bool = True,
    refetch: bool = False,
) -> RunSummary:
    from amity.engine.local import DefaultPipeline, LocalEngine
    from amity.ingest.sources import read_sources

    with Progress(
        SpinnerColumn(), TextColumn("[bold]ingest[/]"), BarColumn(), MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:.1f} docs/s"), TextColumn("eta"), TimeRemainingColumn(),
        TimeElapsedColumn(), console=err_console, disable=quiet, transient=False,
    ) as progress:
        task = progress.add_task("ingest", total=total, rate=0.0)

        def hook(summary: RunSummary) -> None:
            progress.update(task, completed=summary.read, rate=summary.rate)

        with LocalEngine(db, framework=framework, jobs=jobs, batch_size=batch_size, dedup=dedup,
                         pipeline_factory=DefaultPipeline(framework, attribution=attribution, acts=acts),
                         progress=hook) as engine:
            if not refetch:
                options = dataclasses.replace(options, stored=engine.stored_origins)
            return engine.run(read_sources(sources, options))


_FIELD_HELP = "CSV/JSONL: the column or key that holds the "


@app.command()
def ingest(
    sources: list[str] = typer.Argument(
        ..., help="URLs, URL-list files, feeds (URL or file), WARC files, GDELT exports, CSV/JSONL "
                  "corpora (.gz too), text/HTML files, directories or globs."),
    db: str = typer.Option("amity.db", "--db", help="Where to store: a SQLite path or a postgresql:// URL."),
    framework: str = typer.Option("three-pillars", "--framework", "-f", help="Framework to code with."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for annotation."),
    batch_size: int | None = typer.Option(
        None, "--batch-size", min=1,
        help="Documents per stored transaction. Default: about 128,000 characters of text (32 news articles, "
             "up to 256 headlines)."),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow fetching from private, loopback and link-local addresses."),
    text_field: str = typer.Option("text", help=_FIELD_HELP + "text."),
    title_field: str = typer.Option("title", help=_FIELD_HELP + "title."),
    date_field: str = typer.Option("published", help=_FIELD_HELP + "publication date."),
    url_field: str = typer.Option("url", help=_FIELD_HELP + "URL."),
    source_field: str = typer.Option("source", help=_FIELD_HELP + "outlet name."),
    id_field: str | None = typer.Option(None, help=_FIELD_HELP + "record id (kept in the metadata)."),
    day_first: bool = typer.Option(
        False, "--day-first",
        help="CSV/JSONL: read numeric dates day-first (05/10/2024 is 5 October); the default is month-first "
             "(May 10). Missing, relative, partial and future dates are stored as no date."),
    countries: str = typer.Option("", "--countries",
                                  help="GDELT: keep events with an actor from these codes, e.g. CHN,KHM."),
    dyad: bool = typer.Option(False, "--dyad", help="GDELT: both actors must be in --countries."),
    since: str | None = typer.Option(None, "--since", help="GDELT: first day, YYYY-MM-DD."),
    until: str | None = typer.Option(None, "--until", help="GDELT: last day, YYYY-MM-DD."),
    no_robots: bool = typer.Option(False, "--ignore-robots", help="Do not honour robots.txt (your own sites)."),
    delay: float = typer.Option(1.0, "--delay", min=0.0, help="Seconds between two requests to one host."),
    timeout: float = typer.Option(20.0, "--timeout", min=0.1, help="Seconds before a request gives up."),
    cache: Path | None = typer.Option(None, "--cache", help="Fetch cache file (default: beside the database)."),
    no_cache: bool = typer.Option(False, "--no-cache", help="Do not cache fetched pages."),
    no_dedup: bool = typer.Option(False, "--no-dedup", help="Do not look for duplicate stories."),
    refetch: bool = typer.Option(
        False, "--refetch", help="Fetch URLs again even when their documents are stored (by default a rerun "
                                 "skips them without a request)."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    fmt: SummaryFormat = typer.Option(SummaryFormat.table, "--format", help="How to print the summary."),
    attribution: AttributionMode = typer.Option(AttributionMode.rules, "--attribution", help=ATTRIBUTION_HELP),
    no_acts: bool = typer.Option(False, "--no-acts", help=NO_ACTS_HELP),
) -> None:
    """Ingest sources into the database: read, de-duplicate, annotate, code and store.

    Reruns skip what is stored; after an interruption, rerun the same command to finish the job.
    What cannot be read is quarantined with its reason: list it with `amity quarantine --db DB`.
    Exit status: 0 when anything was read, 1 when every input was quarantined, 2 on a bad option.
    Logging goes before the command: `amity -v ingest ...`.

    Examples:

      amity ingest https://example.org/news/article.html --db amity.db

      amity ingest urls.txt https://example.org/feed.xml --jobs 2

      amity ingest crawl.warc.gz

      amity ingest 20240101*.export.CSV.zip --countries CHN,KHM --since 2024-01-01

      amity ingest corpus.csv.gz --text-field body --date-field date --day-first
    """
    options = _options(
        text_field=text_field, title_field=title_field, date_field=date_field, url_field=url_field,
        source_field=source_field, id_field=id_field, allow_private=allow_private, no_robots=no_robots,
        delay=delay, timeout=timeout, cache=_cache_path(db, cache, no_cache), countries=countries,
        since=since, until=until, dyad=dyad, day_first=day_first,
    )
    from amity.ingest.gdelt import gdelt_kind

    try:
        if any(gdelt_kind(Path(s)) is not None for s in sources):
            options.gdelt.check()  # before anything is read: a filter that can keep nothing is an error
        summary = _run(sources, options, db=db, framework=framework, jobs=jobs, batch_size=batch_size,
                       dedup=not no_dedup, quiet=quiet, total=_estimate_total(sources),
                       attribution=attribution.value, acts=not no_acts, refetch=refetch)
    except KeyboardInterrupt:
        fail("interrupted: what was stored stays stored; rerun the same command to finish", code=130)
    except AmityError as exc:
        fail(exc)
    _print_summary(summary, fmt, db)
    if summary.read and summary.read == summary.quarantined:
        raise typer.Exit(1)


_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*$")


def parse_interval(text: str) -> float:
    """'15m' -> 900.0 seconds; units s, m, h, d (seconds when none)."""
    match = _EVERY.match(text)
    if not match:
        raise ConfigError(f"'{text}' is not an interval", hint="write e.g. 30s, 15m, 2h or 1d")
    factor = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}[match.group(2)]
    seconds = float(match.group(1)) * factor
    if seconds <= 0:
        raise ConfigError("the interval must be positive")
    return seconds


@app.command()
def watch(
    feeds: list[str] = typer.Argument(..., help="Feed URLs (RSS or Atom) or feed files."),
    every: str = typer.Option("15m", "--every", help="How often to poll: 30s, 15m, 2h, 1d."),
    db: str = typer.Option("amity.db", "--db", help="Where to store: a SQLite path or a postgresql:// URL."),
    framework: str = typer.Option("three-pillars", "--framework", "-f", help="Framework to code with."),
    jobs: int = typer.Option(1, "--jobs", "-j", min=1, help="Worker processes for annotation."),
    allow_private: bool = typer.Option(
        False, "--allow-private", help="Allow fetching from private, loopback and link-local addresses."),
    delay: float = typer.Option(1.0, "--delay", min=0.0, help="Seconds between two requests to one host."),
    polls: int = typer.Option(0, "--polls", min=0, help="Stop after this many polls (0: run until Ctrl-C)."),
) -> None:
    """Poll feeds and ingest only the items not seen before.

    Example:

      amity watch https://example.org/rss.xml https://example.com/atom.xml --every 15m
    """
    from amity.engine.local import LocalEngine
    from amity.ingest.feeds import FeedWatcher, feed_documents, read_feed
    from amity.ingest.fetch import FetchConfig, Fetcher
    from amity.store import Store

    try:
        interval = parse_interval(every)
        store = Store(db)
    except AmityError as exc:
        fail(exc)
    watcher = FeedWatcher(store.engine)
    fetcher = Fetcher(FetchConfig(allow_private=allow_private, per_host_delay=delay, cache_max_age=0.0),
                      cache=_cache_path(db, None, False))
    engine = LocalEngine(store, framework=framework, jobs=jobs)  # one pipeline for every poll
    count = 0
    try:
        while True:
            count += 1
            for feed in feeds:
                try:
                    items = read_feed(feed, fetcher)
                except AmityError as exc:
                    err_console.print(f"[yellow]skipped[/] {escape(exc.one_line())}", highlight=False)
                    continue
                new = watcher.new_items(feed, items)
                if not new:
                    console.print(f"{escape(feed)}: no new items")
                    continue
                summary = engine.run(feed_documents(new, fetcher))
                watcher.mark_seen(feed, new)  # not the items whose pages failed for now: tried at the next poll
                retry = sum(1 for item in new if item.retry)
                console.print(f"{escape(feed)}: {len(new)} new items, {summary.processed} stored, "
                              f"{summary.duplicates} duplicates, {summary.quarantined} quarantined"
                              + (f", {retry} to retry at the next poll" if retry else ""))
            if polls and count >= polls:
                break
            time.sleep(interval)
    except KeyboardInterrupt:
        console.print("stopped")
    finally:
        engine.close()
        fetcher.close()
        store.close()


@app.command()
def quarantine(
    db: str = typer.Option("amity.db", "--db", help="The database: a SQLite path or a postgresql:// URL."),
    fmt: SummaryFormat = typer.Option(SummaryFormat.table, "--format", help="table or json."),
) -> None:
    """List every rejected input with its reason and error code."""
    from amity.store import Store

    if "://" not in db and not Path(db).exists():
        fail(ConfigError(f"no database at '{db}'", hint="run `amity ingest ... --db FILE` first"))
    try:
        with Store(db) as store:
            rows: list[dict[str, Any]] = store.quarantined()
    except AmityError as exc:
        fail(exc)
    if fmt is SummaryFormat.json:
        console.print_json(json.dumps(rows, default=str))
        return
    if not rows:
        console.print("Nothing quarantined.")
        return
    table = Table(title=f"Quarantined inputs ({len(rows)})")
    table.add_column("code")
    table.add_column("input", overflow="fold")
    table.add_column("reason", overflow="fold")
    for row in rows:
        table.add_row(str(row.get("code", "")), escape(str(row.get("input", ""))), escape(str(row.get("reason", ""))))
    console.print(table)
