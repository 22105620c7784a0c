"""Synthetic news articles for testing and benchmarking the engines at scale.

Real corpora may not be redistributed, and a benchmark of 100,000 articles needs them on demand, so
articles are assembled from hand-written templates: officials of two countries meet, say things
about security, trade or people-to-people exchanges in direct and reported speech, and the wire
copy around it has a dateline and boilerplate. The same seed always gives the same articles.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from amity.errors import require

_COUNTRIES = (
    ("Cambodia", "Cambodian", "Phnom Penh"), ("China", "Chinese", "Beijing"),
    ("Laos", "Lao", "Vientiane"), ("Thailand", "Thai", "Bangkok"), ("Vietnam", "Vietnamese", "Hanoi"),
    ("Myanmar", "Myanmar", "Naypyidaw"), ("Indonesia", "Indonesian", "Jakarta"),
    ("Malaysia", "Malaysian", "Kuala Lumpur"), ("the Philippines", "Philippine", "Manila"),
    ("Singapore", "Singaporean", "Singapore"), ("Japan", "Japanese", "Tokyo"),
    ("India", "Indian", "New Delhi"),
)
_TITLES = ("Foreign Minister", "Prime Minister", "Minister of Commerce", "Defence Minister",
           "Ambassador", "Deputy Prime Minister", "spokesperson of the Foreign Ministry")
_GIVEN = ("Anna", "Boran", "Chen", "Dara", "Eka", "Farid", "Ganesh", "Hiro", "Indra", "Kanya", "Lin",
          "Minh", "Nara", "Ong", "Pich", "Rizal", "Sok", "Tuan", "Wira", "Yuki")
_FAMILY = ("Arun", "Bun", "Chandra", "Duong", "Hasan", "Kim", "Lee", "Meas", "Nguyen", "Pham",
           "Rahman", "Sato", "Tan", "Vong", "Wang", "Yusof")
_TOPICS = (
    "security cooperation against transnational crime and terrorism",
    "joint military exercises and defence exchanges",
    "political trust through high-level visits",
    "trade and investment, including the free trade agreement",
    "infrastructure such as railways, ports and power grids",
    "agriculture, with more exports of rice and fruit",
    "the digital economy and e-commerce",
    "tourism and people-to-people exchanges",
    "education, with scholarships for students",
    "public health and the fight against the pandemic",
    "culture, youth exchanges and the media",
    "the Mekong river and water resources",
)
_SAYINGS = (
    '"The two countries will deepen {topic}," {name} said.',
    '{name} said the two sides had agreed to strengthen {topic}.',
    '"We are ready to work with {other} on {topic}," said {name}.',
    'According to {name}, {country} and {other} will expand {topic} next year.',
    '{name} told reporters that {country} welcomed closer {topic}.',
    '"Our partnership on {topic} has brought real benefits to both peoples," {name} added.',
    '{name} warned that differences over {topic} should not harm relations with {other}.',
    'The {title} stressed that {topic} remained a priority for {country}.',
)
_FILLER = (
    "The talks took place on the sidelines of a regional meeting.",
    "Both delegations included senior officials from several ministries.",
    "Bilateral trade reached a record last year, official figures showed.",
    "The visit was the first at this level in three years.",
    "The meeting lasted about two hours.",
)


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"


def synthetic_article(rng: random.Random, number: int, start: datetime) -> dict[str, Any]:
    """One article as a JSON record: text, title, published, source, url, authors."""
    (country, adjective, capital), (other, other_adj, _) = rng.sample(_COUNTRIES, 2)
    name, title = _person(rng), rng.choice(_TITLES)
    other_name, other_title = _person(rng), rng.choice(_TITLES)
    topics = rng.sample(_TOPICS, 3)
    lines = [
        f"{capital.upper()}, {start:%b %d} (Wire) -- {adjective} {title} {name} met {other_adj} "
        f"{other_title} {other_name} here on {start:%A}, pledging to boost cooperation.",
    ]
    for topic in topics:
        speaker, speaker_title, home, away = (
            (name, title, country, other) if rng.random() < 0.6 else (other_name, other_title, other, country)
        )
        saying = rng.choice(_SAYINGS).format(name=speaker, title=speaker_title, topic=topic,
                                             country=home, other=away)
        lines.append(saying[0].upper() + saying[1:])
        if rng.random() < 0.5:
            lines.append(rng.choice(_FILLER))
    lines.append(f"Editor: {_person(rng)}")
    published = start + timedelta(minutes=rng.randrange(0, 24 * 60))
    return {
        "text": "\n\n".join(lines),
        "title": f"{country} and {other} to boost {topics[0].split(',')[0]} (No. {number})",
        "published": published.isoformat(),
        "source": "Synthetic Wire",
        "url": f"https://example.org/synthetic/{number}",
        "authors": [_person(rng)],
    }


def synthetic_articles(n: int, *, seed: int = 0) -> Iterator[dict[str, Any]]:
    """``n`` distinct articles (each names its number in the title, so none repeats another)."""
    rng = random.Random(seed)
    base = datetime(2024, 1, 1)
    for i in range(n):
        yield synthetic_article(rng, i, base + timedelta(days=i % 366))


def write_synthetic_shards(
    folder: str | Path,
    n: int,
    *,
    shard_size: int = 1_000,
    fmt: Literal["jsonl", "parquet"] = "jsonl",
    seed: int = 0,
) -> list[Path]:
    """Write ``n`` synthetic articles as JSONL or Parquet shards of ``shard_size``; returns the paths."""
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    articles = synthetic_articles(n, seed=seed)
    for index in range(0, n, shard_size):
        batch = [next(articles) for _ in range(min(shard_size, n - index))]
        path = out / f"part-{index // shard_size:05d}.{fmt}"
        if fmt == "jsonl":
            path.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in batch), encoding="utf-8")
        else:
            pa = require("pyarrow", feature="writing Parquet", extra="dask")
            pq = require("pyarrow.parquet", feature="writing Parquet", extra="dask")
            table = pa.Table.from_pylist(batch)  # type: ignore[attr-defined]  # require() returns object
            pq.write_table(table, path, row_group_size=max(1, shard_size // 4))  # type: ignore[attr-defined]  # as above
        paths.append(path)
    return paths
