"""Leaders named alone ("Xi", "Hun Sen") stand for their country only while in office, with the title they
held when the document was published (``leaders`` in ``data/lexicons/places.yaml``)."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

from amity.coding.relevance import _tenures, find_countries, find_leaders, gazetteer
from amity.errors import DataFileError
from amity.model import Document, Statement
from amity.nlp.actors import Tenure
from amity.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline("three-pillars")


def _statements(pipeline: Pipeline, text: str, published: datetime | None) -> list[Statement]:
    return pipeline.analyze(Document(text=text, published=published)).statements


@pytest.mark.parametrize(
    ("published", "title"),
    [
        (datetime(2019, 4, 19), "Prime Minister"),
        (datetime(2025, 3, 1), "President of the Senate"),
        (None, "President of the Senate"),  # undated: the latest title
    ],
)
def test_an_act_carries_the_title_held_on_the_day(pipeline: Pipeline, published: datetime | None,
                                                    title: str) -> None:
    [act] = _statements(pipeline, "Hun Sen met Chinese Ambassador Wang Wentian in Phnom Penh on Monday.", published)
    assert act.kind == "act" and act.speaker is not None
    assert (act.speaker.name, act.speaker.title, act.speaker.iso3) == ("Hun Sen", title, "KHM")


def test_a_quoted_leader_gets_the_title_held_on_the_day(pipeline: Pipeline) -> None:
    text = '"China is Cambodia\'s most trusted friend," Hun Sen told reporters.'
    early, late = (_statements(pipeline, text, datetime(year, 6, 1)) for year in (2019, 2025))
    assert [(s.speaker.title, s.speaker.iso3) for s in early if s.speaker] == [("Prime Minister", "KHM")]
    assert [(s.speaker.title, s.speaker.iso3) for s in late if s.speaker] == [("President of the Senate", "KHM")]


def test_a_leader_out_of_office_stands_for_no_country(pipeline: Pipeline) -> None:
    text = "Biden meets Xi on sidelines of APEC summit"
    in_office = _statements(pipeline, text, datetime(2023, 11, 15))
    assert [(s.kind, s.speaker.name if s.speaker else None) for s in in_office] == [("act", "Biden")]
    assert _statements(pipeline, text, datetime(2026, 3, 1)) == []  # Biden no longer acts for the US
    assert [c for c, _ in find_countries(text, 0, date(2026, 3, 1))] == ["CHN"]
    assert [c for c, _ in find_countries(text, 0, date(2023, 11, 15))] == ["USA", "CHN"]
    assert [c for c, _ in find_leaders(text, 0, date(2019, 1, 1))] == ["CHN"]  # Biden was out of office then too
    # quoted by name alone, out of office: a private person of no state, so no US dyads
    [said] = _statements(pipeline, "Biden said Cambodia should rebuild trust with Japan.", datetime(2026, 2, 10))
    assert said.speaker is not None and (said.speaker.iso3, said.speaker.title) == (None, None)
    assert said.coding is not None and said.coding.dyads == [("JPN", "KHM")]
    # described as a former president: as the text says, and weighed as no head of state
    [said] = _statements(pipeline, "Former US President Joe Biden said Cambodia should rebuild trust with Japan.",
                         datetime(2026, 2, 10))
    assert said.speaker is not None and (said.speaker.iso3, said.speaker.title) == ("USA", "former President")


def test_every_bundled_leader_has_a_title_today() -> None:
    leaders = gazetteer().leaders
    assert {"Xi", "Hun Manet", "Hun Sen", "Trump"} <= set(leaders)
    assert leaders["Hun Manet"].title_on(date(2023, 8, 21)) is None
    assert leaders["Hun Manet"].title_on(date(2023, 8, 22)) == "Prime Minister"
    for name, leader in leaders.items():
        assert leader.title_on(None), name
        starts = [t.start or date.min for t in leader.tenures]
        assert starts == sorted(starts), name


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([{"title": "President", "from": "2020-01-01", "until": "2019-01-01"}], "ends"),
        ([{"title": "President", "since": "2020-01-01"}], "each period needs a title"),
        ([{"title": "President", "from": "last year"}], "not a date"),
        ([], "must be a title or a list"),
        (42, "must be a title or a list"),
    ],
)
def test_leader_periods_are_validated(value: object, message: str) -> None:
    with pytest.raises(DataFileError, match=message):
        _tenures(value, Path("places.yaml"), "leaders.KHM.Someone")


def test_leader_periods_read_dates_and_plain_titles() -> None:
    assert _tenures("President", Path("p"), "f") == (Tenure("President"),)
    assert _tenures([{"title": "B", "from": date(2020, 1, 1)}, {"title": "A", "until": "2020-01-01"}],
                    Path("p"), "f") == (Tenure("A", None, date(2020, 1, 1)), Tenure("B", date(2020, 1, 1)))


def test_the_day_is_the_utc_day_as_stored(pipeline: Pipeline) -> None:
    """Ingest and a later re-analysis from the store (naive UTC) must see the same day."""
    from datetime import timedelta, timezone

    beijing = timezone(timedelta(hours=8))
    aware = Document(text="x", published=datetime(2023, 8, 22, 2, 0, tzinfo=beijing))
    naive = Document(text="x", published=datetime(2023, 8, 21, 18, 0))
    assert aware.published_day() == naive.published_day() == date(2023, 8, 21)


@pytest.mark.parametrize(
    ("text", "published", "dyad"),
    [
        ("Macron, Albanese agree to deepen defence ties", datetime(2023, 7, 1), ("AUS", "FRA")),
        ("Anwar meets Lawrence Wong on trade corridor", datetime(2025, 1, 10), ("MYS", "SGP")),
        ("Pham Minh Chinh, Hun Manet discuss Mekong cooperation", datetime(2024, 5, 1), ("KHM", "VNM")),
        ("Anutin, Anwar discuss border trade", datetime(2025, 10, 26), ("MYS", "THA")),
    ],
)
def test_leaders_of_the_region_act_for_their_countries(pipeline: Pipeline, text: str, published: datetime,
                                                       dyad: tuple[str, str]) -> None:
    [act] = _statements(pipeline, text, published)
    assert act.kind == "act" and act.coding is not None and act.coding.dyads == [dyad]


def test_a_prime_minister_before_taking_office_is_no_party(pipeline: Pipeline) -> None:
    assert _statements(pipeline, "Anwar meets Lawrence Wong on trade corridor", datetime(2020, 1, 10)) == []
    assert _statements(pipeline, "Anutin, Anwar discuss border trade", datetime(2025, 8, 1)) == []  # before Anutin


def test_a_premier_acts_only_in_office(pipeline: Pipeline) -> None:
    text = "Li Keqiang congratulates Shahbaz Sharif on election as Pakistani prime minister"
    [act] = _statements(pipeline, text, datetime(2022, 4, 12))
    assert act.kind == "act" and act.speaker is not None
    assert (act.speaker.name, act.speaker.title, act.speaker.iso3) == ("Li Keqiang", "Premier", "CHN")
    assert act.coding is not None and act.coding.dyads == [("CHN", "PAK")]
    assert _statements(pipeline, text, datetime(2024, 6, 1)) == []  # Li Keqiang no longer Premier
