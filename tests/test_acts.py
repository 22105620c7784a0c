"""Reported acts: what a state did, as the writer reports it, becomes a statement of kind ``act``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import amity
from amity.cli import app
from amity.errors import DataFileError
from amity.model import Document, Statement
from amity.nlp.acts import ActLexicon
from amity.pipeline import Pipeline


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline("three-pillars")


def acts(pipeline: Pipeline, text: str) -> list[Statement]:
    return [s for s in pipeline.analyze(Document(text=text)).statements if s.kind == "act"]


@pytest.mark.parametrize(
    ("text", "actor", "dyad", "event"),
    [
        ("Cambodia and China signed 12 cooperation agreements on Monday.", "KHM", ("CHN", "KHM"), "SUPPORT"),
        ("PHNOM PENH, May 3 (Xinhua) -- Cambodia and China signed 12 cooperation agreements on Monday.",
         "KHM", ("CHN", "KHM"), "SUPPORT"),
        ("Chinese, Pakistani foreign ministers hold video meeting", "CHN", ("CHN", "PAK"), "CONSULT"),
        ("Canada to provide further military aid for Ukraine", "CAN", ("CAN", "UKR"), "AID"),
        ("Russia bans 39 Britons from entry", "RUS", ("GBR", "RUS"), "COERCE"),
        ("On Monday, Thailand and Laos signed a memorandum on rail links.", "THA", ("LAO", "THA"), "SUPPORT"),
        ("As it turned out, the United States had been in secret talks with Iran.", "USA", ("IRN", "USA"),
         "CONSULT"),
        ("PHNOM PENH, May 3 – Cambodia and China signed 12 cooperation agreements on Monday.", "KHM",
         ("CHN", "KHM"), "SUPPORT"),
        ("Syrian, Russian warplanes carry out military drills", "SYR", ("RUS", "SYR"), "MOBILIZE"),
        # The host country is the place when two parties act without it, and a party when it is needed.
        ("Chinese and U.S. defence ministers held talks in Singapore on Friday.", "CHN", ("CHN", "USA"),
         "CONSULT"),
        ("China held talks in Vietnam on Monday.", "CHN", ("CHN", "VNM"), "CONSULT"),
        # Messages between states, and a country named by an adjective the relevance lexicon does not list.
        ("Chinese premier sends congratulations to new British PM", "CHN", ("CHN", "GBR"), "SUPPORT"),
        ("Chinese FM extends condolences to Pakistani counterpart over flooding", "CHN", ("CHN", "PAK"),
         "SUPPORT"),
        ("Chinese, Guyanese presidents exchange congratulations on 50th anniversary of diplomatic ties", "CHN",
         ("CHN", "GUY"), "SUPPORT"),
        ("Germany summons Palestinian representative over comment", "DEU", ("DEU", "PSE"), "ACCUSE"),
        # A headline label before the subject; offices of two countries joined.
        ("Roundup: Syria, Lebanon discuss plan to send refugees back home", "SYR", ("LBN", "SYR"), "CONSULT"),
        ("Ukrainian president, British PM discuss defensive support for Ukraine", "UKR", ("GBR", "UKR"),
         "CONSULT"),
        ("Chinese top legislator meets Russian ambassador to China", "CHN", ("CHN", "RUS"), "CONSULT"),
        ("Chinese Foreign Minister and Cambodian counterpart hold talks", "CHN", ("CHN", "KHM"), "CONSULT"),
        # Offices of the countries that follow, and a qualified subject.
        ("Leaders of Egypt, Bahrain, Jordan discuss regional issues", "EGY", ("BHR", "EGY"), "CONSULT"),
        ("Senior Chinese diplomat meets U.S. national security advisor", "CHN", ("CHN", "USA"), "CONSULT"),
    ],
)
def test_reported_acts(pipeline: Pipeline, text: str, actor: str, dyad: tuple[str, str], event: str) -> None:
    found = acts(pipeline, text)
    assert len(found) == 1, found
    act = found[0]
    assert act.speaker is not None and act.speaker.iso3 == actor and act.speaker.type == "country"
    assert act.coding is not None and dyad in act.coding.dyads and act.coding.event_type == event
    for span in (act.content, act.cue, act.speaker_span):
        assert span is not None and text[span.start:span.end] == span.text
    assert act.content.text.rstrip(".") in text


@pytest.mark.parametrize(
    "text",
    [
        "China signed an agreement with the company on Monday.",  # one country: not between states
        "Iran nuclear talks resume in Vienna.",  # the capital is where, not who
        "China and Japan must cooperate more closely.",  # a demand, not an act
        "For Mr. Rubio, assimilation meant embracing his American and Cuban sides with equal gusto.",
        "Chinese navy ships depart from Tonga after delivering China's disaster relief supplies.",
        "Both Israel and the United States should place values ahead of interests.",
        "China and Laos signed a railway deal, the ministry said.",  # said by someone: an attributed statement
        "China and Japan need to hold talks.",  # a modal: a demand
        "Ukraine was attacked by Russia overnight.",  # passive: Ukraine is acted upon
        "U.S. urged to stop disturbing Hong Kong",  # headline passive
        "Japan warned of playing 'Taiwan card' with China",
        "China ready to usher in new 'golden age' with Philippines: Chinese FM",  # the source's claim
        "Chinese tourists visit Thailand",  # people of a country, not its state
        "US journalist shot dead in Ukraine",  # an acronym used as an adjective: still not the state
        "China's position on Russia-Ukraine talks",  # a topic, not an actor
        "Chinese tourists and Cambodian Workers Union members protested in Phnom Penh.",  # not a titled person
        "Chinese President Xi Jinping and his wife Peng Liyuan visited the museum.",  # one country
        # Titled, but not of the state; or the second person is someone's family.
        "Chinese Huawei Chairman Liang Hua and Cambodian Minister Chea Vandeth signed an agreement.",
        "Chinese Company Director Li Wei and Cambodian Minister Sun Chanthol signed an investment deal.",
        "Chinese Huawei President Ren Zhengfei and Cambodian Prime Minister Hun Manet held talks in Phnom Penh.",
        "Chinese Huawei President Ren Zhengfei met Cambodian Prime Minister Hun Manet in Phnom Penh.",
        "Japanese Toyota President Koji Sato and Thai Prime Minister Srettha Thavisin held talks.",
        "Chinese President Xi Jinping and Cambodian Prime Minister Hun Manet's wife Pich Chanmony visited a school.",
        "Commentary: US, Japan sign pact to contain rivals",  # an opinion label: an argument, not a report
        "Zambian VP happy with increased Chinese investment",  # a stance, not an act
        "Chinese tourists, Thai officials visit Bangkok",  # people of a country first: not its office
        "Fans of China and Japan clash in Doha after the match",  # people of countries, not their offices
    ],
)
def test_not_acts(pipeline: Pipeline, text: str) -> None:
    assert acts(pipeline, text) == []


@pytest.mark.parametrize(
    ("text", "name", "title", "iso3"),
    [
        ("Chinese President Xi Jinping met Cambodian Prime Minister Hun Manet in Beijing.", "Xi Jinping",
         "President", "CHN"),
        ("U.S. President Joe Biden on Monday imposed new sanctions on Russia.", "Joe Biden", "President", "USA"),
        ("On Tuesday, Ghanaian junior foreign minister Kwame Mensah summoned Togo's ambassador over the raids.",
         "Kwame Mensah", "foreign minister", "GHA"),
        # Two titled persons as one subject, the wire services' way of reporting talks: the first acts.
        ("Chinese President Xi Jinping and Cambodian Prime Minister Hun Manet held talks in Beijing on Monday.",
         "Xi Jinping", "President", "CHN"),
        ("BEIJING, Sept. 15 (Xinhua) -- Chinese Foreign Minister Wang Yi and Cambodian Deputy Prime Minister "
         "Prak Sokhonn signed an agreement on Friday.", "Wang Yi", "Foreign Minister", "CHN"),
        ("Chinese Ambassador Wang Wenbin, Cambodian Defence Minister Tea Seiha signed a memorandum.",
         "Wang Wenbin", "Ambassador", "CHN"),
        ("US President Joe Biden and Chinese President Xi Jinping held talks in San Francisco.", "Joe Biden",
         "President", "USA"),
        ("U.S. Secretary of State Antony Blinken and Chinese Foreign Minister Wang Yi met in Bali on Thursday.",
         "Antony Blinken", "Secretary of State", "USA"),
        # Congratulations on an election between two states are a message, not the Assembly's courtesy.
        ("Chinese President Xi Jinping congratulated Hun Manet on his election as Cambodia's prime minister.",
         "Xi Jinping", "President", "CHN"),
    ],
)
def test_a_titled_person_acts_for_the_country(pipeline: Pipeline, text: str, name: str, title: str,
                                               iso3: str) -> None:
    [act] = acts(pipeline, text)
    assert act.speaker is not None and act.speaker.type == "person"
    assert (act.speaker.name, act.speaker.title, act.speaker.iso3) == (name, title, iso3)
    assert act.speaker_span is not None and act.speaker_span.text.endswith(name)
    assert act.coding is not None and len(act.coding.dyads) == 1


@pytest.mark.parametrize(
    ("text", "name", "title", "dyad"),
    [
        ("Xi meets Cambodian PM", "Xi", "President", ("CHN", "KHM")),
        ("Zelensky, Erdogan agree on need to restore peace", "Zelensky", "President", ("TUR", "UKR")),
        ("Xi Jinping met Hun Manet in Beijing on Tuesday.", "Xi Jinping", "President", ("CHN", "KHM")),
        # The leader's title before the name ("President Xi"), and a message sent.
        ("President Xi congratulates Steinmeier on his re-election as German president", "Xi", "President",
         ("CHN", "DEU")),
        ("Xi extends congratulations to new Albanian president", "Xi", "President", ("ALB", "CHN")),
        ("Xi Focus: Xi holds talks with Lao president", "Xi", "President", ("CHN", "LAO")),
    ],
)
def test_a_leader_named_alone_acts_for_the_country(pipeline: Pipeline, text: str, name: str, title: str,
                                                    dyad: tuple[str, str]) -> None:
    [act] = acts(pipeline, text)
    assert act.speaker is not None and (act.speaker.type, act.speaker.name, act.speaker.title) == (
        "person", name, title)
    assert act.coding is not None and act.coding.dyads == [dyad]


@pytest.mark.parametrize(
    ("text", "commitment"),
    [
        ("China, Cambodia sign agreements on trade", "act"),  # a headline's present tense reports what happened
        ("Russia bans 39 Britons from entry", "act"),
        ("Canada to provide further military aid for Ukraine", "pledge"),  # announced, not yet done
        ("Japanese PM to visit India for summit on Saturday", "pledge"),
    ],
)
def test_an_act_is_done_or_announced(pipeline: Pipeline, text: str, commitment: str) -> None:
    [act] = acts(pipeline, text)
    assert act.coding is not None and act.coding.commitment == commitment
    assert any(ev.field == "commitment" for ev in act.coding.evidence)


def test_a_person_who_acts_and_speaks_is_one_actor(pipeline: Pipeline) -> None:
    text = 'Chinese President Xi Jinping met U.S. President Joe Biden on Monday. "We will cooperate," Xi said.'
    analysis = pipeline.analyze(Document(text=text))
    assert [s.kind for s in analysis.statements] == ["act", "direct"]
    act, quote = analysis.statements
    assert act.speaker is quote.speaker and act.speaker is not None and act.speaker.name == "Xi Jinping"
    assert [k for k in analysis.actors if k.startswith("person:")] == [act.speaker.id]


def test_speech_in_the_same_sentence_keeps_both(pipeline: Pipeline) -> None:
    text = ("Britain mobilised army reservists for a possible war against Iraq on Tuesday while UN arms "
            "inspectors said they needed more time.")
    statements = pipeline.analyze(Document(text=text)).statements
    assert {s.kind for s in statements} == {"act", "indirect"}
    act = next(s for s in statements if s.kind == "act")
    assert act.speaker is not None and act.speaker.iso3 == "GBR"


def test_acts_can_be_turned_off() -> None:
    text = "Cambodia and China signed 12 cooperation agreements on Monday."
    assert Pipeline("three-pillars", acts=False).analyze(Document(text=text)).statements == []


def test_act_lexicon_is_validated(tmp_path: Path) -> None:
    assert ActLexicon.load().version == 2
    bundled = (Path(amity.__file__).parent / "data" / "lexicons" / "acts.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "acts.yaml"
    bad.write_text(bundled.replace("max_lead_in_words: 4", "max_lead_in_words: many"), encoding="utf-8")
    with pytest.raises(DataFileError, match="max_lead_in_words"):
        ActLexicon.load(bad)
    bad.write_text(bundled.replace("openers: [the, a, an, senior, top, visiting, acting]", "openers: []"),
                   encoding="utf-8")
    with pytest.raises(DataFileError, match="openers"):
        ActLexicon.load(bad)
    bad.write_text(bundled.replace('"on"', "on"), encoding="utf-8")  # YAML reads a bare on as true
    with pytest.raises(DataFileError, match="passive_followers"):
        ActLexicon.load(bad)


def test_acts_reach_the_json_output_and_the_store(tmp_path: Path) -> None:
    article = tmp_path / "deal.txt"
    article.write_text("Cambodia and China signed 12 cooperation agreements on Monday covering trade and "
                       "education.\n", encoding="utf-8")
    db = tmp_path / "acts.db"
    result = CliRunner().invoke(app, ["analyze", str(article), "--db", str(db), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    documents = data if isinstance(data, list) else data["documents"]
    statements = documents[0]["statements"]
    assert [s["kind"] for s in statements] == ["act"]
    assert statements[0]["speaker"]["country"] == "KHM" and ["CHN", "KHM"] in statements[0]["dyads"]
    from amity.store import Store

    with Store(db) as store:
        rows = store.statements()
    assert [r["kind"] for r in rows] == ["act"]


def test_no_acts_flag(tmp_path: Path) -> None:
    article = tmp_path / "deal.txt"
    article.write_text("Cambodia and China signed 12 cooperation agreements on Monday.\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(article), "--format", "json", "--no-acts"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    documents = data if isinstance(data, list) else data["documents"]
    assert documents[0]["statements"] == []
    db = tmp_path / "ingest.db"
    result = CliRunner().invoke(app, ["ingest", str(article), "--db", str(db), "--no-acts", "--quiet"])
    assert result.exit_code == 0, result.output
    from amity.store import Store

    with Store(db) as store:
        assert store.counts()["statements"] == 0 and store.counts()["documents"] == 1


def test_a_host_country_is_no_party_of_an_act_between_two_others(pipeline: Pipeline) -> None:
    [act] = acts(pipeline, "Chinese and U.S. defence ministers held talks in Singapore on Friday.")
    assert act.coding is not None and act.coding.dyads == [("CHN", "USA")]
    assert "SGP" not in act.coding.countries


def test_speech_after_an_act_in_its_sentence_is_its_own_statement_by_both_parties(pipeline: Pipeline) -> None:
    text = "Xi Jinping met Hun Manet in Beijing on Monday and the two sides pledged to deepen their friendship."
    analysis = pipeline.analyze(Document(text=text, published=None))
    act, pledge = analysis.statements
    # the act ends where the speech begins: one sentence is not counted twice
    assert (act.kind, act.content.text) == ("act", "Xi Jinping met Hun Manet in Beijing on Monday")
    assert pledge.content.text == "to deepen their friendship"
    # "the two sides" are the act's actor and the other country
    assert pledge.speaker is not None and (pledge.speaker.name, pledge.speaker.iso3) == ("Xi Jinping", "CHN")
    assert [c.iso3 for c in pledge.co_speakers] == ["KHM"]


def test_the_two_sides_are_the_main_countries_only_where_named(pipeline: Pipeline) -> None:
    text = ("Vietnam and Japan held talks in Hanoi on Monday.\n\n"
            "The two leaders also agreed to strengthen defence cooperation.")
    statement = pipeline.analyze(Document(text=text)).statements[-1]
    assert statement.speaker is not None and statement.speaker.iso3 == "VNM"
    assert [c.iso3 for c in statement.co_speakers] == ["JPN"]
    # a domestic story's "both sides" are its parties, not the countries it names elsewhere
    text = ("The senator flew to Ireland last year.\n\nThe bill stalled in Congress.\n\n"
            "Both sides have acknowledged that fixing the tax code will take time.")
    statement = pipeline.analyze(Document(text=text)).statements[-1]
    assert statement.speaker is None and statement.co_speakers == []
