"""Generate N synthetic news-length articles (400-800 words) as JSONL, deterministically.

Real corpora may not be redistributed and a benchmark needs 100,000 articles on demand, so articles
are assembled from hand-written templates: officials of two countries meet and speak, in direct and
reported speech, about security, the economy or people-to-people ties, among background paragraphs
with figures, history and wire boilerplate. A small share of articles are republished as exact
copies (another site, same words) or near copies (edited, cut short, other boilerplate), as on the
real web, so that de-duplication is exercised too. The same seed always gives the same file.

Usage: python benchmarks/make_synthetic.py N OUT.jsonl [--seed 0] [--dup-rate 0.02] [--near-rate 0.03]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

COUNTRIES = (
    ("Cambodia", "Cambodian", "Phnom Penh"), ("China", "Chinese", "Beijing"), ("Laos", "Lao", "Vientiane"),
    ("Thailand", "Thai", "Bangkok"), ("Vietnam", "Vietnamese", "Hanoi"), ("Myanmar", "Myanmar", "Naypyidaw"),
    ("Indonesia", "Indonesian", "Jakarta"), ("Malaysia", "Malaysian", "Kuala Lumpur"),
    ("the Philippines", "Philippine", "Manila"), ("Singapore", "Singaporean", "Singapore"),
    ("Japan", "Japanese", "Tokyo"), ("India", "Indian", "New Delhi"), ("Australia", "Australian", "Canberra"),
    ("South Korea", "South Korean", "Seoul"), ("Brunei", "Bruneian", "Bandar Seri Begawan"),
    ("France", "French", "Paris"), ("Brazil", "Brazilian", "Brasilia"), ("Kenya", "Kenyan", "Nairobi"),
)
TITLES = ("Foreign Minister", "Prime Minister", "Minister of Commerce", "Defence Minister", "President",
          "Minister of Agriculture", "Deputy Prime Minister", "Minister of Education", "Ambassador")
GIVEN = ("Arun", "Bopha", "Chen", "Dara", "Eka", "Farid", "Ganesh", "Hiroshi", "Indah", "Kanya", "Lian",
         "Minh", "Nareth", "Oskar", "Pich", "Rizal", "Sokha", "Tuan", "Wira", "Yuki", "Zara", "Malee")
FAMILY = ("Arunreth", "Boonmee", "Chandra", "Duong", "Hasanudin", "Kimura", "Lertsak", "Meas", "Nguyen",
          "Phamvan", "Rahmat", "Sato", "Tanaka", "Vongsa", "Wanglin", "Yusri", "Santos", "Okonjo")
AREAS = {
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
VERBS_SAY = ("said", "told reporters", "stressed", "noted", "added", "pointed out", "underlined")
QUOTES = (
    '"Our two countries will strengthen {area} in the coming years," {speaker} {verb}.',
    '"We are ready to work with {other} on {area}, which benefits both peoples," {speaker} {verb}.',
    '"{area_cap} is a priority, and we will not let it slow down," {speaker} {verb}.',
    '"I believe that {area} will bring {country} and {other} closer than ever before," {speaker} {verb}.',
)
REPORTED = (
    "{speaker} {verb} that {country} would expand {area} with {other} by {year}.",
    "According to {speaker}, both sides agreed to set up a working group on {area}.",
    "{speaker} {verb} that {country} hoped {other} would support {area} at the regional summit.",
    "{speaker} also called for faster progress on {area}, saying delays had cost both sides dearly.",
)
BACKGROUND = (
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
FILLER = (
    "The meeting lasted about {k} hours and was followed by a working lunch.",
    "Both delegations included senior officials from several ministries.",
    "The visit is the first at this level in {k} years.",
    "A joint statement is expected to be published later this week.",
    "Officials did not give details of the financing.",
    "The two sides also exchanged views on regional and international issues of common concern.",
)
BOILERPLATE = (
    "Follow us on social media for the latest news from the region.",
    "Subscribe to our newsletter to receive the top stories every morning.",
    "Copyright reserved. No part of this article may be reproduced without permission.",
)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December")
ORDINALS = ("second", "third", "fourth", "fifth", "sixth")


def _person(rng: random.Random) -> str:
    return f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"


def article(rng: random.Random, number: int, day: datetime) -> dict[str, Any]:
    """One article as a JSON record (text, title, published, source, url, authors)."""
    (country, adjective, capital), (other, other_adj, _) = rng.sample(COUNTRIES, 2)
    name, title = _person(rng), rng.choice(TITLES)
    other_name, other_title = _person(rng), rng.choice(TITLES)
    pillar = rng.choice(sorted(AREAS))
    areas = list(AREAS[pillar]) + [rng.choice(AREAS[p]) for p in sorted(AREAS) if p != pillar]
    rng.shuffle(areas)
    paragraphs = [
        f"{capital.upper()}, {day:%b %d} (Synthetic Wire) -- {adjective} {title} {name} met {other_adj} "
        f"{other_title} {other_name} in {capital} on {day:%A}, and the two sides pledged to deepen "
        f"cooperation on {areas[0]} and {areas[1]}.",
    ]
    target_words = rng.randint(400, 800)
    words = len(paragraphs[0].split())
    while words < target_words:
        roll = rng.random()
        speaker, home, away = ((f"{title} {name}" if rng.random() < 0.3 else name), country, other) \
            if rng.random() < 0.6 else ((f"{other_title} {other_name}" if rng.random() < 0.3 else other_name),
                                        other, country)
        area = rng.choice(areas)
        values = {
            "speaker": speaker, "verb": rng.choice(VERBS_SAY), "area": area, "area_cap": area[0].upper() + area[1:],
            "country": home, "other": away, "capital": capital, "year": rng.randint(2025, 2035),
            "n": rng.randint(2, 95), "p": rng.randint(2, 40), "k": rng.randint(2, 9),
            "month": rng.choice(MONTHS), "hist": rng.randint(1950, 2000), "ord": rng.choice(ORDINALS),
        }
        if roll < 0.35:
            template = rng.choice(QUOTES)
        elif roll < 0.6:
            template = rng.choice(REPORTED)
        elif roll < 0.9:
            template = rng.choice(BACKGROUND)
        else:
            template = rng.choice(FILLER)
        sentence = template.format(**values)
        sentence = sentence[0].upper() + sentence[1:]
        if rng.random() < 0.5 and len(paragraphs) > 1:
            paragraphs[-1] += " " + sentence
        else:
            paragraphs.append(sentence)
        words += len(sentence.split())
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
    copy["text"] = " ".join(words) + "\n\n" + rng.choice(BOILERPLATE)
    copy["source"] = "Partner Daily"
    copy["url"] = f"https://partner.example/world/{number}"
    return copy


def synthetic_corpus(
    n: int, *, seed: int = 0, dup_rate: float = 0.02, near_rate: float = 0.03
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
            record = article(rng, i, start + timedelta(days=(i // 300) % 730))
            recent = [*recent[-49:], record]
        yield record


def write_corpus(path: str | Path, n: int, **kwargs: Any) -> Path:
    """Write the corpus as JSONL (gzipped when the name ends in .gz); returns the path."""
    out = Path(path)
    out.parent.mkdir(parents=True, exist_ok=True)
    opener = gzip.open if out.name.endswith(".gz") else open
    with opener(out, "wt", encoding="utf-8") as handle:
        for record in synthetic_corpus(n, **kwargs):
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many articles")
    parser.add_argument("out", type=Path, help="the JSONL file to write (.jsonl or .jsonl.gz)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--dup-rate", type=float, default=0.02, help="share of exact copies")
    parser.add_argument("--near-rate", type=float, default=0.03, help="share of near copies")
    args = parser.parse_args()
    write_corpus(args.out, args.n, seed=args.seed, dup_rate=args.dup_rate, near_rate=args.near_rate)


if __name__ == "__main__":
    main()
