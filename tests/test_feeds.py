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
from amity.ingest.sources import SourceOptions, read_sources
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


def long_text(topic: str) -> str:
    return (f"The ministers of Laos and Thailand signed an agreement on {topic} on Wednesday, after two days "
            "of talks in the border town, and said that officials of both countries would meet again in "
            "June to set the timetable, with the first joint inspections planned for the dry season.")


def test_feed_served_as_x_rss_xml_is_read() -> None:
    table = routes({})
    with serve(table) as (base, _hits):
        table["/feed.rss"] = (200, "application/x-rss+xml", rss(base, ["/news/1"]))
        table["/octet.rss"] = (200, "application/octet-stream", rss(base, ["/news/2"]))
        with fetcher() as f:
            assert [i.url for i in read_feed(base + "/feed.rss", f)] == [base + "/news/1"]
            assert [i.url for i in read_feed(base + "/octet.rss", f)] == [base + "/news/2"]
        options = SourceOptions(fetch=FetchConfig(allow_private=True, per_host_delay=0.0, cache_max_age=0.0))
        out = list(read_sources([base + "/feed.rss"], options))
    assert [d.url for d in out if isinstance(d, Document)] == [base + "/news/1"], out


def relative_rss(site_link: str, links: list[str]) -> bytes:
    items = "".join(f"<item><title>Story {n}</title><link>{link}</link></item>" for n, link in enumerate(links, 1))
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Relative</title><link>{site_link}</link>'
            f"<description>d</description>{items}</channel></rss>").encode()


def test_relative_item_links_are_resolved_against_the_feed_url(tmp_path: Path) -> None:
    table = routes({})
    with serve(table) as (base, hits):
        table["/feeds/main.xml"] = (200, "application/rss+xml", relative_rss("/", ["/news/1", "../news/2"]))
        with fetcher() as f:
            items = read_feed(base + "/feeds/main.xml", f)
            assert [i.url for i in items] == [base + "/news/1", base + "/news/2"]
            docs = [d for d in feed_documents(items, f) if isinstance(d, Document)]
    assert [d.url for d in docs] == [base + "/news/1", base + "/news/2"]
    assert hits["/news/1"] == 1 and hits["/news/2"] == 1
    # a local file: its channel <link> is the base when absolute; else the item is quarantined, named
    with_site = tmp_path / "with-site.xml"
    with_site.write_bytes(relative_rss("https://site.example/news/", ["/a2.html", "b.html"]))
    assert [i.url for i in read_feed(with_site)] == ["https://site.example/a2.html",
                                                      "https://site.example/news/b.html"]
    bare = tmp_path / "bare.xml"
    bare.write_bytes(relative_rss("", ["/a2.html"]))
    with fetcher() as f:
        out = list(feed_documents(read_feed(bare), f))
    assert len(out) == 1 and isinstance(out[0], Quarantined)
    assert out[0].input == f"{bare}, item 'Story 1'"
    assert "relative link '/a2.html'" in out[0].reason and out[0].code == "E105"


def test_items_without_a_link_use_their_own_text(tmp_path: Path) -> None:
    feed = tmp_path / "nolink.xml"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        "<channel><title>Text Wire</title><link>https://wire.example/</link><description>d</description>"
        f"<item><title>Full story</title><description>teaser</description>"
        f"<content:encoded><![CDATA[<p>{long_text('river ports')}</p><p>{long_text('bridges')}</p>]]>"
        "</content:encoded><pubDate>Tue, 05 Mar 2024 01:00:00 GMT</pubDate></item>"
        "<item><title>Just a teaser</title><description>Talks went well.</description></item>"
        "</channel></rss>", encoding="utf-8")
    with fetcher() as f:
        out = list(feed_documents(read_feed(feed), f))
    doc, short = out
    assert isinstance(doc, Document) and doc.title == "Full story" and doc.source == "Text Wire"
    assert doc.text.startswith("The ministers of Laos") and "river ports" in doc.text and "\n\n" in doc.text
    assert "<p>" not in doc.text and doc.published is not None and doc.published.day == 5
    assert doc.provenance is not None and doc.provenance.reader == "feed"
    assert isinstance(short, Quarantined) and short.input == f"{feed}, item 'Just a teaser'"
    assert "without a link" in short.reason and "too short" in short.reason
    result = CliRunner().invoke(app, ["ingest", str(feed), "--db", str(tmp_path / "s.db"), "--quiet"])
    assert result.exit_code == 0, result.output
    with Store(tmp_path / "s.db") as store:
        assert [d["title"] for d in store.documents()] == ["Full story"]


def test_transient_failures_flag_the_item_for_retry() -> None:
    table = routes({})
    table["/news/2"] = (503, "text/plain", b"busy")
    table["/news/3"] = (200, "application/pdf", b"%PDF-1.4")
    with serve(table) as (base, hits):
        table["/feed.xml"] = (200, "application/rss+xml", rss(base, ["/news/1", "/news/2", "/news/3", "/news/5"]))
        with Fetcher(FetchConfig(allow_private=True, per_host_delay=0.0, backoff=0.01, retries=1)) as f:
            items = read_feed(base + "/feed.xml", f)
            out = list(feed_documents(items, f))
    assert [type(o).__name__ for o in out] == ["Document", "Quarantined", "Quarantined", "Quarantined"]
    assert [q.code for q in out if isinstance(q, Quarantined)] == ["E120", "E121", "E108"]
    assert [i.retry for i in items] == [False, True, False, True]  # 503 and 404: for now; a PDF: for good
    assert hits["/news/2"] == 2


def test_watch_retries_items_that_failed_for_now(tmp_path: Path) -> None:
    """A 404 on the first poll (the page is not published yet) is tried again at the next poll."""
    db = tmp_path / "watch.db"
    table = routes({})
    table.pop("/news/2")
    table.pop("/news/3")
    table["/news/4"] = (200, "application/pdf", b"%PDF-1.4")
    runner = CliRunner()
    with serve(table) as (base, hits):
        table["/feed.xml"] = (200, "application/rss+xml", rss(base, ["/news/1", "/news/2", "/news/3", "/news/4"]))
        args = ["watch", base + "/feed.xml", "--db", str(db), "--every", "1s", "--polls", "1",
                "--allow-private", "--delay", "0"]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "4 new items, 1 stored" in result.output
        table["/news/2"] = (200, "text/html; charset=utf-8", article_html("Story 2", PARAGRAPHS["/news/2"]))
        result = runner.invoke(app, args)
        assert result.exit_code == 0, result.output
        assert "2 new items, 1 stored" in result.output  # /news/2 now published, /news/3 still missing
        table["/news/3"] = (200, "text/html; charset=utf-8", article_html("Story 3", PARAGRAPHS["/news/3"]))
        result = runner.invoke(app, args)
        assert "1 new items, 1 stored" in result.output
        result = runner.invoke(app, args)
        assert "no new items" in result.output
    assert hits["/news/1"] == 1 and hits["/news/4"] == 1
    with Store(db) as store:
        assert sorted(d["title"] for d in store.documents()) == ["Story 1", "Story 2", "Story 3"]


def test_watcher_gives_up_after_max_attempts(tmp_path: Path) -> None:
    watcher = FeedWatcher(create_engine(f"sqlite:///{tmp_path / 'w.db'}"), max_attempts=2)
    items = parse_feed(rss("https://n.example", ["/news/1", "/news/2"]), source="f")
    items[0].retry = True
    watcher.mark_seen("f", items)
    assert [i.url for i in watcher.new_items("f", items)] == ["https://n.example/news/1"]
    watcher.mark_seen("f", items)  # the second failure: given up, remembered as seen
    assert watcher.new_items("f", items) == []
