"""Speaker identification: what is read as a person's name and what is not (headline words, places)."""

from __future__ import annotations

import pytest

from amity.model import Document, Statement
from amity.nlp.actors import ActorTagger, country_of
from amity.nlp.attribution import Attributor
from amity.nlp.persons import PersonReader, is_place_name
from amity.nlp.sentences import split_sentences


@pytest.fixture(scope="module")
def attributor() -> Attributor:
    return Attributor()


@pytest.fixture(scope="module")
def reader(attributor: Attributor) -> PersonReader:
    return PersonReader(attributor.lexicon, country_of)


def statements_for(attributor: Attributor, text: str) -> list[Statement]:
    mentions, actors = ActorTagger.default().tag(text)
    return attributor.attribute(Document(text=text), split_sentences(text), mentions, actors)


def speaker_of(statements: list[Statement], fragment: str) -> str | None:
    hits = [s for s in statements if fragment in s.content.text]
    assert hits, f"no statement contains {fragment!r}: {[s.content.text for s in statements]}"
    return hits[0].speaker.name if hits[0].speaker else None


def test_a_name_after_a_title_stops_before_a_title_case_headline(attributor: Attributor) -> None:
    # The headline's words are capitalised like a name: where the name ends is not told by the case.
    text = (
        "The group sent an email titled “Senator Maria Olsen Leads Growing List of Critics on Trade.”\n\n"
        "Maria Olsen said the tariff bill would hurt farmers."
    )
    assert speaker_of(statements_for(attributor, text), "tariff bill") == "Maria Olsen"


@pytest.mark.parametrize("phrase", ["Tom Becker Warns", "Governor Tom Becker Says", "Trump’s Putin Remarks"])
def test_a_reporting_verb_in_title_case_is_no_part_of_a_name(reader: PersonReader, phrase: str) -> None:
    desc = reader.read(phrase)
    assert desc is None or desc.name.split()[-1] not in ("Warns", "Says", "Remarks")


def test_middle_initials_are_part_of_a_titled_name(attributor: Attributor) -> None:
    text = (
        "Vice President Harold T. Greene Jr. met the delegation.\n\n"
        "The vice president said the talks had gone well."
    )
    assert speaker_of(statements_for(attributor, text), "talks had gone well") == "Harold T. Greene Jr"


@pytest.mark.parametrize("name", ["Iowa", "New Hampshire", "Texas", "Liverpool", "New York City", "Jerusalem"])
def test_states_and_cities_are_places(name: str) -> None:
    assert is_place_name(name)


@pytest.mark.parametrize("name", ["Hillary Clinton", "Sanders", "Xi Jinping", "Wang Yi"])
def test_persons_and_listed_leaders_are_no_places(name: str) -> None:
    assert not is_place_name(name)


@pytest.mark.parametrize("text", [
    "Voters in the north said little. Iowa and New Hampshire said they would vote early.",
    "Texas said the rule was unlawful.",
    "The cities of Leeds and Liverpool said they would light their landmarks.",
])
def test_a_state_or_city_as_the_source_is_no_person(attributor: Attributor, text: str) -> None:
    statements = statements_for(attributor, text)
    assert statements
    for st in statements:
        assert st.speaker is None or st.speaker.type != "person", st.speaker
        assert not st.co_speakers


def test_a_place_named_like_a_person_the_text_names_is_that_person(attributor: Attributor) -> None:
    # "Kerry" is also an Irish county: the text's "Secretary of State John Kerry" tells who speaks.
    text = "Secretary of State John Kerry arrived on Monday. Kerry said the talks were useful."
    assert speaker_of(statements_for(attributor, text), "talks were useful") == "John Kerry"


@pytest.mark.parametrize(("phrase", "name", "title"), [
    ("Sen. Chuck Grassley of Iowa", "Chuck Grassley", "Sen."),
    ("Rep. Adam Schiff of California", "Adam Schiff", "Rep."),
    ("Bernie Sanders of Vermont", "Bernie Sanders", None),
])
def test_the_state_after_a_name_is_where_the_person_is_from(
    reader: PersonReader, phrase: str, name: str, title: str | None
) -> None:
    desc = reader.read(phrase)
    assert desc is not None and (desc.name, desc.title) == (name, title)


def test_a_country_after_of_is_not_cut_off_an_organisation(reader: PersonReader) -> None:
    # "of Turkey" is the republic's own name, not where a person called "Republic" is from.
    assert reader.read("The Republic of Turkey") is None
