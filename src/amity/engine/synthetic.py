"""Synthetic news articles for testing and benchmarking the engines at scale, deterministically.

Real corpora may not be redistributed and a benchmark needs 100,000 articles on demand, so articles
are assembled from hand-written templates: officials of two countries meet and speak, in direct and
reported speech, about security, the economy or people-to-people ties, among background paragraphs
with figures, history and wire boilerplate. A small share of articles are republished as exact
copies (another site, same words) or near copies (edited, cut short, other boilerplate), as on the
real web, so that de-duplication is exercised too. The same seed always gives the same articles.

:func:`synthetic_corpus` gives news-length articles (400-800 words) with copies, the corpus of the
benchmarks (``benchmarks/make_synthetic.py``); :func:`synthetic_articles` gives short distinct ones
for tests, from the same templates.
"""

from __future__ import annotations

import gzip
import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from amity.errors import require

NEWS_LENGTH = (400, 800)  # words an article of the benchmark corpus is written up to (at least)
SHORT_LENGTH = (60, 120)  # the same for the short articles of tests

_COUNTRIES = (
    ("Cambodia", "Cambodian", "Phnom Penh"), ("China", "Chinese", "Beijing"), ("Laos", "Lao", "Vientiane"),
    ("Thailand", "Thai", "Bangkok"), ("Vietnam", "Vietnamese", "Hanoi"), ("Myanmar", "Myanmar", "Naypyidaw"),
    ("Indonesia", "Indonesian", "Jakarta"), ("Malaysia", "Malaysian", "Kuala Lumpur"),
    ("the Philippines", "Philippine", "Manila"), ("Singapore", "Singaporean", "Singapore"),
    ("Japan", "Japanese", "Tokyo"), ("India", "Indian", "New Delhi"), ("Australia", "Australian", "Canberra"),
    ("South Korea", "South Korean", "Seoul"), ("Brunei", "Bruneian", "Bandar Seri Begawan"),
    ("France", "French", "Paris"), ("Brazil", "Brazilian", "Brasilia"), ("Kenya", "Kenyan", "Nairobi"),
)
_TITLES = ("Foreign Minister", "Prime Minister", "Minister of Commerce", "Defence Minister", "President",
           "Minister of Agriculture", "Deputy Prime Minister", "Minister of Education", "Ambassador")
_GIVEN = ("Arun", "Bopha", "Chen", "Dara", "Eka", "Farid", "Ganesh", "Hiroshi", "Indah", "Kanya", "Lian",
          "Minh", "Nareth", "Oskar", "Pich", "Rizal", "Sokha", "Tuan", "Wira", "Yuki", "Zara", "Malee")
_FAMILY = ("Arunreth", "Boonmee", "Chandra", "Duong", "Hasanudin", "Kimura", "Lertsak", "Meas", "Nguyen",
           "Phamvan", "Rahmat", "Sato", "Tanaka", "Vongsa", "Wanglin", "Yusri", "Santos", "Okonjo")
_AREAS = {
    "security": ("joint patrols against drug trafficking", "counter-terrorism intelligence sharing",
                 "demining in former battle zones", "maritime search and rescue drills",
                 "training of peacekeepers", "fighting online scams and human trafficking"),
    "economy": ("a new deep-sea port", "the cross-border railway", "rice and durian exports",
                "a special economic zone", "a free trade agreement", "power grid interconnection",
                "digital payments between banks", "investment in solar farms"),
    "people": ("scholarships for university students", "tourism promotion and direct flights",
               "cooperation between hospitals", "the restoration of ancient temples",
               "exchanges of young diplomats", "vocational training for workers", "a joint film festival"),
}
_VERBS_SAY = ("said", "told reporters", "stressed", "noted", "added", "pointed out", "underlined")
_QUOTES = (
    '"Our two countries will strengthen {area} in the coming years," {speaker} {verb}.',
    '"We are ready to work with {other} on {area}, which benefits both peoples," {speaker} {verb}.',
    '"{area_cap} is a priority, and we will not let it slow down," {speaker} {verb}.',
    '"I believe that {area} will bring {country} and {other} closer than ever before," {speaker} {verb}.',
)
_REPORTED = (
    "{speaker} {verb} that {country} would expand {area} with {other} by {year}.",
    "According to {speaker}, both sides agreed to set up a working group on {area}.",
    "{speaker} {verb} that {country} hoped {other} would support {area} at the regional summit.",
    "{speaker} also called for faster progress on {area}, saying delays had cost both sides dearly.",
)
_BACKGROUND = (
    "Trade between {country} and {other} reached {n} billion U.S. dollars last year, up {p} percent, "
    "according to customs figures released in {month}.",
    "The two countries established diplomatic relations in {hist}, and leaders have met {k} times since.",
    "About {n} thousand students from {country} are enrolled at universities in {other}, officials said.",
    "{other} is the {ord} largest investor in {country}, with projects in energy, farming and roads.",
    "The talks in {capital} came a week after a trade fair drew {n} hundred companies from the region.",
    "Economists in {capital} expect the agreement on {area} to create {n} thousand jobs within {k} years.",
    "Critics in parliament asked how much {area} would cost and who would repay the loans.",
    "Local farmers interviewed by reporters said prices for their crops had risen by {p} percent.",
)
_FILLER = (
    "The meeting lasted about {k} hours and was followed by a working lunch.",
    "Both delegations included senior officials from several ministries.",
    "The visit is the first at this level in {k} years.",
    "A joint statement is expected to be published later this week.",
    "Officials did not give details of the financing.",
    "The two sides also exchanged views on regional and international issues of common concern.",
)
_BOILERPLATE = (
    "Follow us on social media for the latest news from the region.",
    "Subscribe to our newsletter to receive the top stories every morning.",
    "Copyright reserved. No part of this article may be reproduced without permission.",
)
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
           "October", "November", "December")
_ORDINALS = ("second", "third", "fourth", "fifth", "sixth")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(_GIVEN)} {rng.choice(_FAMILY)}"


def synthetic_article(
    rng: random.Random, number: int, day: datetime, *, words: tuple[int, int] = NEWS_LENGTH
) -> dict[str, Any]:
    """One article as a JSON record (text, title, published, source, url, authors); its text runs
    to a length drawn from ``words`` (then ends with the sentence that reaches it and an editor line)."""
    (country, adjective, capital), (other, other_adj, _) = rng.sample(_COUNTRIES, 2)
    name, title = _person(rng), rng.choice(_TITLES)
    other_name, other_title = _person(rng), rng.choice(_TITLES)
    pillar = rng.choice(sorted(_AREAS))
    areas = list(_AREAS[pillar]) + [rng.choice(_AREAS[p]) for p in sorted(_AREAS) if p != pillar]
    rng.shuffle(areas)
    paragraphs = [
        f"{capital.upper()}, {day:%b %d} (Synthetic Wire) -- {adjective} {title} {name} met {other_adj} "
        f"{other_title} {other_name} in {capital} on {day:%A}, and the two sides pledged to deepen "
        f"cooperation on {areas[0]} and {areas[1]}.",
    ]
    target_words = rng.randint(*words)
    count = len(paragraphs[0].split())
    while count < target_words:
        roll = rng.random()
        speaker, home, away = ((f"{title} {name}" if rng.random() < 0.3 else name), country, other) \
            if rng.random() < 0.6 else ((f"{other_title} {other_name}" if rng.random() < 0.3 else other_name),
                                        other, country)
        area = rng.choice(areas)
        values = {
            "speaker": speaker, "verb": rng.choice(_VERBS_SAY), "area": area, "area_cap": area[0].upper() + area[1:],
            "country": home, "other": away, "capital": capital, "year": rng.randint(2025, 2035),
            "n": rng.randint(2, 95), "p": rng.randint(2, 40), "k": rng.randint(2, 9),
            "month": rng.choice(_MONTHS), "hist": rng.randint(1950, 2000), "ord": rng.choice(_ORDINALS),
        }
        if roll < 0.35:
            template = rng.choice(_QUOTES)
        elif roll < 0.6:
            template = rng.choice(_REPORTED)
        elif roll < 0.9:
            template = rng.choice(_BACKGROUND)
        else:
            template = rng.choice(_FILLER)
        sentence = template.format(**values)
        sentence = sentence[0].upper() + sentence[1:]
        if rng.random() < 0.5 and len(paragraphs) > 1:
            paragraphs[-1] += " " + sentence
        else:
            paragraphs.append(sentence)
        count += len(sentence.split())
    paragraphs.append(f"Editor: {_person(rng)}")
    published = day + timedelta(minutes=rng.randrange(0, 24 * 60))
    return {
        "text": "\n\n".join(paragraphs),
        "title": f"{country}, {other} pledge closer cooperation on {areas[0]}",
        "published": published.isoformat(),
        "source": "Synthetic Wire",
        "url": f"https://wire.example/{day:%Y/%m/%d}/{number}",
        "authors": [_person(rng)],
    }


def _near_copy(rng: random.Random, record: dict[str, Any], number: int) -> dict[str, Any]:
    paragraphs = record["text"].split("\n\n")
    if rng.random() < 0.5:
        paragraphs = paragraphs[: max(3, int(len(paragraphs) * rng.uniform(0.6, 0.9)))]
    words = "\n\n".join(paragraphs).split(" ")
    for _ in range(rng.randint(1, 4)):
        words[rng.randrange(len(words))] = rng.choice(("also", "again", "further", "now"))
    copy = dict(record)
    copy["text"] = " ".join(words) + "\n\n" + rng.choice(_BOILERPLATE)
    copy["source"] = "Partner Daily"
    copy["url"] = f"https://partner.example/world/{number}"
    return copy


def synthetic_corpus(
    n: int, *, seed: int = 0, dup_rate: float = 0.02, near_rate: float = 0.03,
    words: tuple[int, int] = NEWS_LENGTH,
) -> Iterator[dict[str, Any]]:
    """``n`` records; about ``dup_rate`` of them exact and ``near_rate`` near copies of recent ones."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1)
    recent: list[dict[str, Any]] = []
    for i in range(n):
        roll = rng.random()
        if recent and roll < dup_rate:
            record = dict(rng.choice(recent))
            record["source"], record["url"] = "Mirror News", f"https://mirror.example/a/{i}"
        elif recent and roll < dup_rate + near_rate:
            record = _near_copy(rng, rng.choice(recent), i)
        else:
            record = synthetic_article(rng, i, start + timedelta(days=(i // 300) % 730), words=words)
            recent = [*recent[-49:], record]
        yield record


def synthetic_articles(n: int, *, seed: int = 0, words: tuple[int, int] = SHORT_LENGTH) -> Iterator[dict[str, Any]]:
    """``n`` articles and no copies (short ones unless ``words`` says otherwise)."""
    return synthetic_corpus(n, seed=seed, dup_rate=0.0, near_rate=0.0, words=words)


def write_corpus(path: str | Path, n: int, **kwargs: Any) -> Path:
    """Write :func:`synthetic_corpus` as JSONL (gzipped when the name ends in .gz); returns the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if out.name.endswith(".gz") else open
    with opener(out, "wt", encoding="utf-8") as handle:
        for record in synthetic_corpus(n, **kwargs):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out


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
