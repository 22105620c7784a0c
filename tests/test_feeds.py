"""RSS and Atom feeds: items parsed, followed to their articles, metadata filled; watch takes new items only."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import create_engine
from typer.testing import CliRunner

from _http_support import article_html, serve
from amity.cli import app
from amity.cli.ingest import parse_interval
from amity.ingest.feeds import FeedWatcher, feed_documents, looks_like_feed, parse_feed, read_feed
from amity.ingest.fetch import FetchConfig, Fetcher
from amity.model import Document, Quarantined
from amity.store import Store

PARAGRAPHS = {
    "/news/1": ["Cambodia and Laos agreed on Monday to open a second border crossing for trucks, the "
                "transport ministers of the two countries said after talks.",
                "The crossing will cut the journey for farm exports by half a day, officials said."],
    "/news/2": ["Thailand and Vietnam will hold joint exercises to rescue ships in distress in the Gulf, "
                "the navies of both countries announced on Tuesday.",
                "About four hundred sailors will take part over three days in the spring."],
    "/news/3": ["Malaysia and Indonesia signed a memorandum on training nurses, the health ministers "
                "said, adding that two hundred nurses would be trained each year.",
                "The training starts in the autumn at hospitals in both countries."],
}


def rss(base: str, paths: list[str]) -> bytes:
    items = "".join(
        f"<item><title>Story {p[-1]}</title><link>{base}{p}</link><guid>{base}{p}</guid>"
        f"<pubDate>Tue, 05 Mar 2024 0{p[-1]}:00:00 GMT</pubDate><author>desk@example.org (Desk {p[-1]})</author>"
        f"</item>" for p in paths
    )
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Regional Wire</title>'
            f"<link>{base}/</link><description>news</description>{items}</channel></rss>").encode()


def atom(base: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
        "<title>Atom Desk</title><id>urn:atom-desk</id><updated>2024-03-05T09:00:00Z</updated>"
        f'<entry><title>Nurses</title><link href="{base}/news/3"/><id>urn:item:3</id>'
        "<updated>2024-03-05T09:00:00Z</updated><author><name>Ana Writer</name></author></entry>"
        "</feed>"
    ).encode()


def routes(base_holder: dict[str, str]) -> dict[str, tuple[int, str, bytes]]:
    return {path: (200, "text/html; charset=utf-8", article_html(f"Story {path[-1]}", paras))
            for path, paras in PARAGRAPHS.items()}


def fetcher() -> Fetcher:
    return Fetcher(FetchConfig(allow_private=True, per_host_delay=0.0, cache_max_age=0.0))


def test_parse_rss_and_atom() -> None:
    items = parse_feed(rss("https://news.example", ["/news/1", "/news/2"]), source="feed.xml")
    assert [i.url for i in items] == ["https://news.example/news/1", "https://news.example/news/2"]
    assert items[0].feed_title == "Regional Wire"
    assert items[0].published is not None and items[0].published.hour == 1
    entries = parse_feed(atom("https://news.example"), source="atom.xml")
    assert entries[0].key == "urn:item:3" and entries[0].authors == ["Ana Writer"]
    assert looks_like_feed(rss("x", [])) and looks_like_feed(atom("x"))
    assert not looks_like_feed(b"<!DOCTYPE html><html><body>rss</body></html>")


def test_not_a_feed_is_an_input_error(tmp_path: Path) -> None:
    path = tmp_path / "page.xml"
    path.write_text("this is not xml at all", encoding="utf-8")
    try:
        read_feed(path)
    except Exception as exc:
        assert "not an RSS or Atom feed" in str(exc)
    else:  # pragma: no cover
        raise AssertionError("expected an error")


def test_items_are_followed_to_their_articles(tmp_path: Path) -> None:
    table = routes({})
    with serve(table) as (base, hits):
        table["/feed.xml"] = (200, "application/rss+xml", rss(base, ["/news/1", "/news/2", "/news/missing"]))
        with fetcher() as f:
            items = read_feed(base + "/feed.xml", f)
            out = list(feed_documents(items, f, workers=2))
    docs = [d for d in out if isinstance(d, Document)]
    bad = [q for q in out if isinstance(q, Quarantined)]
    assert [d.url for d in docs] == [base + "/news/1", base + "/news/2"]
    assert "second border crossing" in docs[0].text
    assert docs[0].title == "Story 1"
    assert docs[0].provenance is not None and docs[0].provenance.reader == "feed"
    assert docs[1].published is not None and docs[1].published.day == 5
    assert len(bad) == 1 and "HTTP 404" in bad[0].reason
    assert hits["/news/1"] == 1


def test_watcher_yields_only_new_items(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'w.db'}")
    watcher = FeedWatcher(engine)
    first = parse_feed(rss("https://n.example", ["/news/1", "/news/2"]), source="f")
    assert len(watcher.new_items("f", first)) == 2
    watcher.mark_seen("f", first)
    later = parse_feed(rss("https://n.example", ["/news/1", "/news/2", "/news/3"]), source="f")
    assert [i.url for i in watcher.new_items("f", later)] == ["https://n.example/news/3"]
    assert len(FeedWatcher(engine).new_items("other-feed", later)) == 3


def test_watch_command_polls_and_ingests_new_items(tmp_path: Path) -> None:
    db = tmp_path / "watch.db"
    table = routes({})
    runner = CliRunner()
    with serve(table) as (base, hits):
        table["/feed.xml"] = (200, "application/rss+xml", rss(base, ["/news/1", "/news/2"]))
        args = ["watch", base + "/feed.xml", "--db", str(db), "--every", "1s", "--polls", "1",
                "--allow-private", "--delay", "0"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "2 new items" in result.output
        table["/feed.xml"] = (200, "application/rss+xml", rss(base, ["/news/1", "/news/2", "/news/3"]))
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "1 new items" in result.output
        assert hits["/news/1"] == 1
    with Store(db) as store:
        assert len(store.documents()) == 3


def test_parse_interval() -> None:
    assert parse_interval("15m") == 900
    assert parse_interval("30s") == 30
    assert parse_interval("2h") == 7200
    assert parse_interval("10") == 10
