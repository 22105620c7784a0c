"""The bundled demo corpus: invented news articles, stored as YAML and written out as real files.

The articles live as data under ``amity/data/demo/`` (one YAML file per batch, each with ``version:``)
and are rendered into the three layouts the readers accept — plain-text wire copy, HTML pages and one
JSON Lines file — so that ``amity demo`` exercises every reader and the whole pipeline. Every article,
outlet, person and quotation is invented for the project; every written file says so.

Writing is deterministic (no clocks, fixed ordering, ``\\n`` line ends), so a rerun produces the same
bytes and the same content hashes, which keeps the demo database free of duplicates.
"""

from __future__ import annotations

import functools
import html
import json
import logging
from dataclasses import dataclass
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any, Literal

import yaml

from amity.errors import DataFileError

logger = logging.getLogger(__name__)

NOTICE = "Invented example for the Amity demo; not real news."
"""The marker every written demo file carries."""

ArticleFormat = Literal["wire", "html", "jsonl"]
FORMATS: tuple[ArticleFormat, ...] = ("wire", "html", "jsonl")
JSONL_NAME = "demo-articles.jsonl"
ARTICLES_DIR = "articles"

_DATA_FILES = ("articles_a.yaml", "articles_b.yaml", "articles_c.yaml")
_REQUIRED = ("slug", "format", "source", "published", "dateline", "title", "paragraphs", "authors")

# AP style, as wire services write datelines: "Jan. 17", "March 8", "Sept. 12".
_AP_MONTHS = ("Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.")


@dataclass(frozen=True, slots=True)
class DemoArticle:
    """One invented article, as stored in the demo data files."""

    slug: str
    format: ArticleFormat
    source: str  # an invented outlet
    published: datetime
    published_text: str  # as written in the data file (keeps the time zone of HTML/JSONL stamps)
    dateline: str
    title: str
    paragraphs: tuple[str, ...]
    authors: tuple[str, ...]
    editor: str | None = None
    player: bool = False
    url: str | None = None

    def dateline_prefix(self) -> str:
        when = f"{_AP_MONTHS[self.published.month - 1]} {self.published.day}"
        return f"{self.dateline}, {when} ({self.source}) -- "

    def body_paragraphs(self) -> list[str]:
        """The paragraphs with the dateline opening the first one."""
        return [self.dateline_prefix() + self.paragraphs[0], *self.paragraphs[1:]]


def _clean(text: Any) -> str:
    return " ".join(str(text).split())


def _article(raw: Any, where: str) -> DemoArticle:
    if not isinstance(raw, dict):
        raise DataFileError("each entry of 'articles' must be a mapping", input=where,
                            hint="write the article as 'key: value' lines")
    missing = [k for k in _REQUIRED if not raw.get(k)]
    if missing:
        raise DataFileError(f"field '{missing[0]}' is missing", input=where, hint=f"add '{missing[0]}:'")
    fmt = raw["format"]
    if fmt not in FORMATS:
        raise DataFileError(f"field 'format' is '{fmt}'", input=where, hint=f"use one of {', '.join(FORMATS)}")
    stamp = str(raw["published"])
    try:
        published = datetime.fromisoformat(stamp)
    except ValueError as exc:
        raise DataFileError(f"field 'published' is not an ISO date: {stamp}", input=where,
                            hint="write e.g. 2023-01-17 10:24:05") from exc
    if fmt in ("html", "jsonl") and not raw.get("url"):
        raise DataFileError("field 'url' is missing", input=where, hint="HTML and JSONL articles need a url")
    paragraphs = raw["paragraphs"]
    authors = raw["authors"]
    if not isinstance(paragraphs, list) or not isinstance(authors, list):
        raise DataFileError("fields 'paragraphs' and 'authors' must be lists", input=where,
                            hint="write them as YAML lists")
    return DemoArticle(
        slug=str(raw["slug"]), format=fmt, source=_clean(raw["source"]), published=published,
        published_text=stamp, dateline=_clean(raw["dateline"]), title=_clean(raw["title"]),
        paragraphs=tuple(_clean(p) for p in paragraphs), authors=tuple(_clean(a) for a in authors),
        editor=_clean(raw["editor"]) if raw.get("editor") else None, player=bool(raw.get("player")),
        url=str(raw["url"]) if raw.get("url") else None,
    )


@functools.cache
def demo_articles() -> tuple[DemoArticle, ...]:
    """Every invented demo article, validated, in data-file order."""
    articles: list[DemoArticle] = []
    slugs: set[str] = set()
    for name in _DATA_FILES:
        where = f"data/demo/{name}"
        resource = resources.files("amity").joinpath("data", "demo", name)
        try:
            raw = yaml.safe_load(resource.read_text(encoding="utf-8"))
        except yaml.YAMLError as exc:
            raise DataFileError(f"not valid YAML: {exc}", input=where, hint="fix the YAML syntax") from exc
        if not isinstance(raw, dict) or "version" not in raw or not isinstance(raw.get("articles"), list):
            raise DataFileError("needs fields 'version' and 'articles' (a list)", input=where,
                                hint="start the file with 'version:' and 'articles:'")
        for i, entry in enumerate(raw["articles"]):
            article = _article(entry, f"{where}: articles[{i}]")
            if article.slug in slugs:
                raise DataFileError(f"field 'slug' repeats '{article.slug}'", input=where,
                                    hint="give every article a unique slug")
            slugs.add(article.slug)
            articles.append(article)
    return tuple(articles)


# -- rendering -----------------------------------------------------------------------------------


def render_wire(article: DemoArticle) -> str:
    """Wire copy: title, Source line, optional player line, byline, dateline paragraph, body."""
    stamp = article.published.strftime("%Y-%m-%d %H:%M:%S")
    lines = [article.title, "", f"Source: {article.source}| {stamp}|Editor: {article.editor or 'DEMO'}"]
    if article.player:
        lines.append("Video PlayerClose")
    lines += ["", f"by {', '.join(article.authors)}", ""]
    for paragraph in article.body_paragraphs():
        lines += [paragraph, ""]
    lines.append(NOTICE)
    return "\n".join(lines) + "\n"


def render_html(article: DemoArticle) -> str:
    """An article page with the metadata a news site carries (title, published time, author)."""
    e = functools.partial(html.escape, quote=True)
    published = article.published.isoformat()
    body = "\n".join(f"    <p>{e(p)}</p>" for p in article.body_paragraphs())
    authors = ", ".join(article.authors)
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <title>{e(article.title)} | {e(article.source)}</title>
  <meta name="description" content="{e(NOTICE)}">
  <meta name="amity:notice" content="{e(NOTICE)}">
  <meta name="author" content="{e(authors)}">
  <meta property="og:title" content="{e(article.title)}">
  <meta property="og:site_name" content="{e(article.source)}">
  <meta property="og:url" content="{e(article.url or '')}">
  <meta property="article:published_time" content="{e(published)}">
  <link rel="canonical" href="{e(article.url or '')}">
</head>
<body>
  <header>
    <p class="site">{e(article.source)}</p>
    <nav><a href="/">Home</a> <a href="/asia">Asia</a> <a href="/world">World</a></nav>
  </header>
  <main>
  <article>
    <h1>{e(article.title)}</h1>
    <p class="byline">By {e(authors)}</p>
    <time datetime="{e(published)}">{e(article.published.strftime('%d %B %Y'))}</time>
{body}
  </article>
  </main>
  <footer>
    <p class="notice">{e(NOTICE)}</p>
  </footer>
</body>
</html>
"""


def jsonl_record(article: DemoArticle) -> dict[str, Any]:
    return {
        "title": article.title,
        "published": article.published.isoformat(),
        "url": article.url,
        "source": article.source,
        "authors": list(article.authors),
        "text": "\n\n".join(article.body_paragraphs()),
        "notice": NOTICE,
    }


_README = """# Amity demo corpus

**{notice}**

Every article in this folder was invented for the Amity project's demo: the outlets ({outlets}),
the reporters, the officials, their words and the events are made up. Country names, places and
cooperation mechanisms (BRI, LMC, ASEAN, RCEP, ACFTA and others) are real names used as examples.
Do not cite these texts as news.

The {count} articles are written out in three layouts, so that every reader of Amity is exercised:

- `articles/wire/*.txt` — plain-text wire copy ({wire} articles)
- `articles/html/*.html` — HTML article pages ({html} articles)
- `articles/jsonl/{jsonl_name}` — one JSON object per line ({jsonl} articles)

They are generated from `amity/data/demo/*.yaml` by `amity.demo.write_demo_corpus`; rerunning it
rewrites the same bytes. Analyse them with `amity analyze {articles_dir}` or run `amity demo`.
"""


def _readme(articles: tuple[DemoArticle, ...]) -> str:
    outlets = sorted({a.source for a in articles})
    return _README.format(
        notice=NOTICE, outlets=", ".join(outlets), count=len(articles),
        wire=sum(a.format == "wire" for a in articles), html=sum(a.format == "html" for a in articles),
        jsonl=sum(a.format == "jsonl" for a in articles), jsonl_name=JSONL_NAME,
        articles_dir=f"{ARTICLES_DIR}/",
    )


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    data = text.encode("utf-8")
    # Leave an identical file alone: same bytes, and its modification time does not churn.
    if not (path.is_file() and path.read_bytes() == data):
        path.write_bytes(data)
    return path


def write_demo_corpus(directory: Path) -> list[Path]:
    """Write the invented demo articles under ``directory`` and return the article files.

    Layout: ``README.md`` plus ``articles/wire/<slug>.txt``, ``articles/html/<slug>.html`` and
    ``articles/jsonl/demo-articles.jsonl``. The returned list (sorted) holds the article files only,
    ready to hand to ``amity.batch.analyze_inputs``. Idempotent: the same bytes every time.
    """
    directory = Path(directory)
    articles = demo_articles()
    root = directory / ARTICLES_DIR
    written: list[Path] = []
    records: list[str] = []
    for article in articles:
        if article.format == "wire":
            written.append(_write(root / "wire" / f"{article.slug}.txt", render_wire(article)))
        elif article.format == "html":
            written.append(_write(root / "html" / f"{article.slug}.html", render_html(article)))
        else:
            records.append(json.dumps(jsonl_record(article), ensure_ascii=False))
    if records:
        written.append(_write(root / "jsonl" / JSONL_NAME, "\n".join(records) + "\n"))
    _write(directory / "README.md", _readme(articles))
    logger.info("wrote %d demo files (%d articles) under %s", len(written), len(articles), directory)
    return sorted(written)
