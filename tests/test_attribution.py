"""Quote attribution, persons and speaker resolution: the seed acceptance and the rules behind it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from amity.errors import DataFileError
from amity.model import Document, Statement
from amity.nlp.actors import ActorTagger
from amity.nlp.attribution import Attributor
from amity.nlp.cues import inflect, load_lexicon
from amity.nlp.persons import PersonReader
from amity.nlp.quotation import find_quotes
from amity.nlp.sentences import split_sentences


@pytest.fixture(scope="session")
def attributor() -> Attributor:
    return Attributor()


@pytest.fixture(scope="session")
def tagger() -> ActorTagger:
    return ActorTagger.default()


def run(attributor: Attributor, tagger: ActorTagger, document: Document) -> list[Statement]:
    mentions, actors = tagger.tag(document.text)
    return attributor.attribute(document, split_sentences(document.text), mentions, actors)


def statements_for(attributor: Attributor, tagger: ActorTagger, text: str, **meta: object) -> list[Statement]:
    return run(attributor, tagger, Document(text=text, **meta))  # type: ignore[arg-type]


def by_content(statements: list[Statement], fragment: str) -> Statement:
    hits = [s for s in statements if fragment in s.content.text]
    assert hits, f"no statement contains {fragment!r}: {[s.content.text for s in statements]}"
    return hits[0]


# --- seed acceptance -----------------------------------------------------------------------------------


def _check_seed(statements: list[Statement], gold: dict[str, object]) -> None:
    for item in gold["statements"]:  # type: ignore[attr-defined]
        hit = [s for s in statements if item["anchor"] in s.content.text]
        assert hit, f"gold statement not found: {item['anchor']!r}"
        speaker = hit[0].speaker
        assert speaker is not None, item["anchor"]
        assert speaker.name == "Sok Soken"
        assert speaker.type == "person"
        assert speaker.title == "Under-Secretary of State"
        assert speaker.iso3 == "KHM"
        # One statement per clause: the content covers what was said, not the cue.
        assert hit[0].cue is not None and hit[0].cue.text not in hit[0].content.text.split()[-1:]
    for st in statements:
        if st.speaker is not None:
            assert st.speaker.name not in gold["not_speakers"]  # type: ignore[operator]
    assert len(statements) <= len(gold["statements"]) + 2  # type: ignore[arg-type]


def test_seed_acceptance_through_the_wire_reader(shared: Path, attributor: Attributor, tagger: ActorTagger) -> None:
    from amity.ingest.wire import parse_wire

    path = next((shared / "corpus" / "seed").glob("*.txt"))
    gold = json.loads((shared / "gold" / "seed.json").read_text(encoding="utf-8"))
    document = parse_wire(path.read_text(encoding="utf-8"), source_name=str(path))
    statements = run(attributor, tagger, document)
    _check_seed(statements, gold)
    speaker = statements[0].speaker
    assert speaker is not None and speaker.organisation in ("Foreign Ministry", "Ministry of Foreign Affairs")
    assert speaker.id == "person:sok-soken"


def test_seed_acceptance_from_the_dateline(shared: Path, attributor: Attributor, tagger: ActorTagger) -> None:
    raw = next((shared / "corpus" / "seed").glob("*.txt")).read_text(encoding="utf-8")
    gold = json.loads((shared / "gold" / "seed.json").read_text(encoding="utf-8"))
    dateline = gold["metadata"]["dateline"]
    document = Document(text=raw[raw.index(dateline):], authors=gold["metadata"]["authors"],
                        editor=gold["metadata"]["editor"])
    statements = run(attributor, tagger, document)
    _check_seed(statements, gold)
    first = by_content(statements, gold["statements"][0]["anchor"])
    assert not first.content.text.startswith(dateline)  # the dateline is not what was said
    assert first.speaker_span is not None and first.speaker_span.text == gold["statements"][0]["speaker_reference"]


# --- quotes --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("open_mark, close_mark", [("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"), ("''", "''")])
def test_every_quote_mark_style(
    attributor: Attributor, tagger: ActorTagger, open_mark: str, close_mark: str
) -> None:
    text = f"{open_mark}We will keep working together on the new railway,{close_mark} the minister said."
    st = by_content(statements_for(attributor, tagger, text), "keep working together")
    assert st.kind == "direct"
    assert st.content.text.startswith(open_mark) and st.content.text.endswith(close_mark)
    assert st.speaker_span is not None and st.speaker_span.text == "the minister"


def test_quote_running_over_paragraphs_without_closing_mark() -> None:
    text = "“The first paragraph of the quote goes on\n\n“and the second closes it.” More text."
    quotes = find_quotes(text)
    assert len(quotes) == 2
    assert quotes[0].group == quotes[1].group and not quotes[0].closed and quotes[1].closed


def test_multi_paragraph_quote_keeps_its_speaker(attributor: Attributor, tagger: ActorTagger) -> None:
    text = (
        "Prime Minister Hun Sen said: “Our two countries have built a strong partnership over many years\n\n"
        "“and we will deepen it through trade, investment and education exchanges.”\n\n"
        "Officials from both sides met later."
    )
    statements = statements_for(attributor, tagger, text)
    first = by_content(statements, "strong partnership")
    second = by_content(statements, "deepen it through trade")
    assert first.speaker is not None and first.speaker.name == "Hun Sen"
    assert second.speaker is first.speaker and second.cue == first.cue
    assert first.speaker.title == "Prime Minister"


def test_scare_quotes_are_not_statements(attributor: Attributor, tagger: ActorTagger) -> None:
    text = "The so-called “debt trap” was discussed at length in the report's second chapter."
    assert statements_for(attributor, tagger, text) == []


# --- reported speech -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, content, source, kind",
    [
        ("Foreign Minister Wang Yi said that both sides would expand cooperation in agriculture.",
         "both sides would expand cooperation in agriculture", "Foreign Minister Wang Yi", "indirect"),
        ("The two countries will hold joint exercises next year, he added.",
         "The two countries will hold joint exercises next year", "he", "indirect"),
        ("According to the ministry, the loan will fund a new port.",
         "the loan will fund a new port", "the ministry", "according-to"),
        ("The loan will fund a new port, according to the ministry.",
         "The loan will fund a new port", "the ministry", "according-to"),
        ("The ambassador said: trade between the countries grew by a third last year.",
         "trade between the countries grew by a third last year", "The ambassador", "indirect"),
        ("Ministers signed the agreement on Friday, saying that it would create thousands of jobs.",
         "it would create thousands of jobs", "Ministers", "indirect"),
        ("“We are ready to help,” said Ambassador Maria Santos, a veteran envoy.",
         "We are ready to help", "Ambassador Maria Santos, a veteran envoy", "direct"),
    ],
)
def test_reported_speech_frames(
    attributor: Attributor, tagger: ActorTagger, text: str, content: str, source: str, kind: str
) -> None:
    st = by_content(statements_for(attributor, tagger, text), content)
    assert st.speaker_span is not None and st.speaker_span.text == source
    assert st.kind == kind
    assert st.cue is not None and st.cue.text not in st.content.text


def test_mid_sentence_cue_splits_the_content(attributor: Attributor, tagger: ActorTagger) -> None:
    text = "The new bridge, the governor said, will open to traffic in June."
    statements = statements_for(attributor, tagger, text)
    assert {s.content.text for s in statements} == {"The new bridge", "will open to traffic in June"}


def test_cognition_and_intention_cues(attributor: Attributor, tagger: ActorTagger) -> None:
    text = "Vietnam plans to expand its rice exports. Analysts believe that prices will rise."
    statements = statements_for(attributor, tagger, text)
    plan = by_content(statements, "to expand its rice exports")
    assert plan.speaker is not None and plan.speaker.iso3 == "VNM"
    by_content(statements, "that prices will rise")


def test_nested_attribution_keeps_the_outer_one(attributor: Attributor, tagger: ActorTagger) -> None:
    text = "The senator said the president believes the deal is fair."
    statements = statements_for(attributor, tagger, text)
    assert len(statements) == 1
    assert statements[0].speaker_span is not None and statements[0].speaker_span.text == "The senator"


# --- speakers ------------------------------------------------------------------------------------------


def test_speakers_resolved_from_pronouns_and_nominals(attributor: Attributor, tagger: ActorTagger) -> None:
    text = (
        "A Thai official said the two sides would meet again in May.\n\n"
        "Thailand's Deputy Foreign Minister Somchai Rattanakul said talks had gone well.\n\n"
        "He said the next round would focus on fisheries.\n\n"
        "“We are close to an agreement,” the official said.\n\n"
        "Rattanakul said both countries wanted a deal before the summit."
    )
    statements = statements_for(attributor, tagger, text)
    names = {s.content.text[:20]: s.speaker.name if s.speaker else None for s in statements}
    assert set(names.values()) == {"Somchai Rattanakul"}, names
    person = statements[0].speaker
    assert person is not None
    assert person.title == "Deputy Foreign Minister" and person.iso3 == "THA"
    assert by_content(statements, "next round").speaker_span.text == "He"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "first", "span"),
    [
        ("Mr. Grassley and Mr. Leahy said the bill would pass.", "Grassley", "Mr. Grassley and Mr. Leahy"),
        ("The bill will pass, Mr. Grassley and Mr. Leahy said.", "Grassley", "Mr. Grassley and Mr. Leahy"),
        ("Mr. Grassley and\nMr. Leahy said the bill would pass.", "Grassley", "Mr. Grassley and\nMr. Leahy"),
        ("Xi Jinping and Hun Manet said on Monday that the two sides would deepen cooperation.", "Xi Jinping",
         "Xi Jinping and Hun Manet"),
    ],
)
def test_a_joint_source_speaks_through_its_first_person(attributor: Attributor, tagger: ActorTagger, text: str,
                                                        first: str, span: str) -> None:
    [statement] = statements_for(attributor, tagger, text)
    assert statement.speaker is not None and statement.speaker.name == first
    assert statement.speaker_span is not None and statement.speaker_span.text == span


def test_parts_that_are_not_all_persons_are_one_source(attributor: Attributor, tagger: ActorTagger) -> None:
    text = "Minister of Education, Youth and Sport Hang Chuon Naron said schools would reopen."
    [statement] = statements_for(attributor, tagger, text)
    assert statement.speaker is not None and statement.speaker.name == "Hang Chuon Naron"


def test_institutions_and_countries_can_speak(attributor: Attributor, tagger: ActorTagger) -> None:
    text = (
        "China said it welcomed the talks. Beijing said the port project would go ahead.\n\n"
        "Cambodia's Foreign Ministry said the visit would take place in June."
    )
    statements = statements_for(attributor, tagger, text)
    china = by_content(statements, "welcomed the talks").speaker
    beijing = by_content(statements, "port project").speaker
    ministry = by_content(statements, "visit would take place").speaker
    assert china is not None and china.type == "country" and china.iso3 == "CHN"
    assert beijing is not None and beijing.iso3 == "CHN"
    assert ministry is not None and ministry.type == "organisation" and ministry.iso3 == "KHM"


def test_byline_author_is_not_a_speaker(attributor: Attributor, tagger: ActorTagger) -> None:
    text = "Trade between the two countries rose sharply last year, officials said. He added it would rise."
    statements = statements_for(attributor, tagger, text, authors=["John Reporter"], editor="JR")
    assert all(s.speaker is None or s.speaker.name != "John Reporter" for s in statements)


def test_ambassador_to_a_country_is_part_of_the_title(attributor: Attributor, tagger: ActorTagger) -> None:
    text = (
        "Thai Ambassador to Vietnam Pornchai Suksawat said the new consulate would open next month.\n\n"
        "“Our citizens need faster visa services,” Suksawat said."
    )
    statements = statements_for(attributor, tagger, text)
    first = by_content(statements, "new consulate").speaker
    assert first is not None and first.type == "person"
    assert (first.name, first.title, first.iso3) == ("Pornchai Suksawat", "Ambassador to Vietnam", "THA")
    later = by_content(statements, "visa services").speaker
    assert later is first  # the surname alone links back to the full name and title


def test_ambassador_without_adjective_takes_no_country_from_the_complement() -> None:
    from amity.nlp.actors import country_of

    reader = PersonReader(load_lexicon(), country_of)
    desc = reader.read("Ambassador to Singapore Ilse Marten")
    assert desc is not None and desc.name == "Ilse Marten" and desc.title == "Ambassador to Singapore"
    assert desc.iso3 is None


def test_later_surname_and_partial_name_link_to_the_person(attributor: Attributor, tagger: ActorTagger) -> None:
    text = (
        "Indonesian Deputy Trade Minister Dewi Anggraini Putri said exports of coffee had doubled.\n\n"
        "“Buyers in Europe want more,” Dewi Anggraini said.\n\n"
        "Putri said a trade fair would be held in October."
    )
    statements = statements_for(attributor, tagger, text)
    speakers = {s.speaker.id if s.speaker else None for s in statements}
    assert speakers == {"person:dewi-anggraini-putri"}, speakers
    speaker = statements[0].speaker
    assert speaker is not None and speaker.title == "Deputy Trade Minister" and speaker.iso3 == "IDN"


@pytest.mark.parametrize(("sentence", "name", "iso3"), [
    ("Some 300 teachers will be trained this year, the Lao Ministry of Health, Labour and Welfare said on "
     "Monday.", "Ministry of Health, Labour and Welfare", "LAO"),
    ("Patrols will be stepped up, the Thai Ministry of Interior said in a statement.",
     "Ministry of Interior", "THA"),
    ("Myanmar's Ministry of Planning and Finance said revenue fell.", "Ministry of Planning and Finance", "MMR"),
    ("The border will reopen, the Malaysian Department of Immigration said.", "Department of Immigration", "MYS"),
])
def test_organisation_names_with_of_and_commas_are_read_whole(
    attributor: Attributor, tagger: ActorTagger, sentence: str, name: str, iso3: str
) -> None:
    statements = statements_for(attributor, tagger, sentence)
    assert len(statements) == 1, [s.content.text for s in statements]
    speaker = statements[0].speaker
    assert speaker is not None and speaker.type == "organisation"
    assert (speaker.name, speaker.iso3) == (name, iso3)
    assert statements[0].speaker_span is not None and statements[0].speaker_span.text.endswith(name)


# --- persons and lexicon -------------------------------------------------------------------------------


def test_person_reader_titles_and_affiliations() -> None:
    from amity.nlp.actors import country_of

    reader = PersonReader(load_lexicon(), country_of)
    desc = reader.read("Indonesian Trade Minister Budi Santoso")
    assert desc is not None and (desc.name, desc.title, desc.iso3) == ("Budi Santoso", "Trade Minister", "IDN")
    desc = reader.read("Le Van Minh, Ambassador at the Vietnamese Embassy")
    assert desc is not None and desc.name == "Le Van Minh" and desc.title == "Ambassador"
    assert desc.organisation == "Embassy" and desc.iso3 == "VNM"
    assert reader.read("the Foreign Ministry") is None


def test_inflections() -> None:
    assert {"says", "said", "saying"} <= inflect("say") | {"said"}
    assert {"plans", "planned", "planning"} <= inflect("plan")
    assert {"denies", "denied", "denying"} <= inflect("deny")
    assert {"points out", "pointed out", "pointing out"} <= inflect("point out")


def test_lexicon_errors_name_the_field(tmp_path: Path) -> None:
    bad = tmp_path / "attribution.yaml"
    bad.write_text("version: 1\nverb_classes:\n  speech:\n    frames: [sideways]\n    lemmas: [say]\n")
    with pytest.raises(DataFileError, match="frames"):
        load_lexicon(bad)
    bad.write_text("verb_classes: {}\n")
    with pytest.raises(DataFileError, match="version"):
        load_lexicon(bad)


def test_attribution_spans_lie_inside_real_articles(shared: Path, attributor: Attributor, tagger: ActorTagger) -> None:
    """Speed is measured in benchmarks/ (docs/performance.md), not asserted here."""
    paths = sorted((shared / "corpus/polnear/data/dev/text").glob("*.txt"))[:20]
    found = 0
    for path in paths:
        text = path.read_text(encoding="utf-8")
        document = Document(text=text)
        for statement in attributor.attribute(document, split_sentences(text), *tagger.tag(text)):
            found += 1
            assert 0 <= statement.content.start < statement.content.end <= len(text)
            assert text[statement.content.start:statement.content.end] == statement.content.text
    assert found >= len(paths)


def test_wire_style_attributions(attributor: Attributor, tagger: ActorTagger) -> None:
    text = (
        "Chinese Foreign Ministry spokesperson Lin Wei told a regular press briefing on Tuesday that "
        "China is ready to work with Laos on the railway.\n\n"
        "According to a statement issued by the Thai Foreign Ministry, the talks were productive.\n\n"
        "The ministry said in a statement that the visit would strengthen bilateral ties."
    )
    statements = statements_for(attributor, tagger, text)
    told = by_content(statements, "China is ready to work with Laos")
    assert told.content.text.startswith("that China")
    assert told.speaker is not None and (told.speaker.name, told.speaker.iso3) == ("Lin Wei", "CHN")
    assert told.speaker.organisation == "Foreign Ministry"
    according = by_content(statements, "the talks were productive")
    assert according.kind == "according-to"
    assert according.speaker is not None and according.speaker.type == "organisation"
    assert (according.speaker.name, according.speaker.iso3) == ("Foreign Ministry", "THA")
    later = by_content(statements, "strengthen bilateral ties")
    assert later.speaker is according.speaker


# --- where a person's name begins -------------------------------------------------------------------------


@pytest.mark.parametrize(("sentence", "name", "title", "iso3"), [
    ("Philippine Foreign Affairs Undersecretary Maria Santos said the talks would resume in June.",
     "Maria Santos", "Undersecretary", "PHL"),
    ("British Consul General in Da Nang City John Perry said the new office would open next year.",
     "John Perry", "Consul General", "GBR"),
    ("Australian Consul General in Chiang Mai Helen Ward said tourist numbers had recovered.",
     "Helen Ward", "Consul General", "AUS"),
    ("Lao Vice Minister of Commerce Somphet Keola said border trade had grown by a tenth.",
     "Somphet Keola", "Vice Minister of Commerce", "LAO"),
    ("Thai Deputy Minister of Education and Training Nipa Chaiyo said more schools would teach Korean.",
     "Nipa Chaiyo", "Deputy Minister of Education and Training", "THA"),
    ("Indonesian Minister of Foreign Affairs Dewi Lestari said the envoy had been summoned.",
     "Dewi Lestari", "Minister of Foreign Affairs", "IDN"),
    ("Malaysian National Security Adviser Razak Omar said the patrols would continue.",
     "Razak Omar", "National Security Adviser", "MYS"),
    # A title keeps its whole portfolio, and the name is the person's only.
    ("Australian Special Envoy for Ocean Affairs and Climate Change Mark Dunley said the reef talks would "
     "resume.", "Mark Dunley", "Special Envoy for Ocean Affairs and Climate Change", "AUS"),
    ("Minister of Foreign Affairs and International Cooperation Sok Vannary said the border talks would "
     "resume.", "Sok Vannary", "Minister of Foreign Affairs and International Cooperation", None),
    ("Deputy Commissioner for Trade and Security Policy Ana Belmonte said the border talks would resume.",
     "Ana Belmonte", "Deputy Commissioner for Trade and Security Policy", None),
    ("Thai Minister of Natural Resources and Environment Preecha Wongsa said the reef talks would resume.",
     "Preecha Wongsa", "Minister of Natural Resources and Environment", "THA"),
    ("Malaysian Acting Minister of Defence Tan Wei Ming said the border talks would resume.",
     "Tan Wei Ming", "Acting Minister of Defence", "MYS"),
    ("Cambodian Senate President Sok Vannary said the border talks would resume.",
     "Sok Vannary", "Senate President", "KHM"),
    ("Minister of Hydrocarbons Jorge Alvar said the border talks would resume.",
     "Jorge Alvar", "Minister of Hydrocarbons", None),  # a portfolio the lexicon does not know
])
def test_a_name_starts_after_titles_offices_and_places(
    attributor: Attributor, tagger: ActorTagger, sentence: str, name: str, title: str, iso3: str | None
) -> None:
    statements = statements_for(attributor, tagger, sentence)
    assert len(statements) == 1, [s.content.text for s in statements]
    speaker = statements[0].speaker
    assert speaker is not None and speaker.type == "person"
    assert (speaker.name, speaker.title, speaker.iso3) == (name, title, iso3)


def test_a_long_complement_leaves_the_name_whole_when_read_directly() -> None:
    from amity.nlp.actors import country_of

    reader = PersonReader(load_lexicon(), country_of)
    cases = {
        "U.S. Special Presidential Envoy for Climate Change Alan Marsh": (
            "Alan Marsh", "Special Presidential Envoy for Climate Change", "USA"),
        "High Representative for Foreign Affairs and Security Policy Lena Brandt": (
            "Lena Brandt", "High Representative for Foreign Affairs and Security Policy", None),
        "Secretary of State for Foreign Affairs Tom Hadley": (
            "Tom Hadley", "Secretary of State for Foreign Affairs", None),
        "Minister of Foreign Affairs of Cambodia Sok Vannary": (
            "Sok Vannary", "Minister of Foreign Affairs", "KHM"),  # an "of" country is hers, not the title's
        "Special Envoy for Myanmar Ilse Marten": ("Ilse Marten", "Special Envoy for Myanmar", None),
        "Vice Minister of the National Tourism Commission Li Ping": ("Li Ping", "Vice Minister", None),
        "Thai Minister of Higher Education, Science and Innovation Preecha Wongsa": (  # commas inside
            "Preecha Wongsa", "Minister of Higher Education, Science and Innovation", "THA"),
        "Tom Hadley, Minister of Finance, Trade and Industry": (
            "Tom Hadley", "Minister of Finance, Trade and Industry", None),
    }
    for phrase, (name, title, iso3) in cases.items():
        desc = reader.read(phrase)
        assert desc is not None and (desc.name, desc.title, desc.iso3) == (name, title, iso3), (phrase, desc)
    assert reader.read("Minister of Foreign Affairs and International Cooperation") is None


def test_a_capitalised_ly_word_before_the_cue_is_a_name_not_an_adverb(
    attributor: Attributor, tagger: ActorTagger
) -> None:
    text = ("Secretary of State for Foreign Affairs Tom Cleverly said the border talks would resume. "
            "The envoy publicly said the port deal was sound.")
    statements = statements_for(attributor, tagger, text)
    first = by_content(statements, "border talks")
    assert first.speaker is not None and first.speaker.type == "person"
    assert (first.speaker.name, first.speaker.title) == ("Tom Cleverly", "Secretary of State for Foreign Affairs")
    assert first.speaker_span is not None and first.speaker_span.text.endswith("Tom Cleverly")
    second = by_content(statements, "port deal")  # a lower-case "-ly" adverb still belongs to the cue
    assert second.cue is not None and second.cue.text == "publicly said"


def test_place_and_office_words_before_a_name_are_not_part_of_it() -> None:
    from amity.nlp.actors import country_of

    reader = PersonReader(load_lexicon(), country_of)
    cases = {
        "Da Nang City John Perry": "John Perry",  # the speaker span without its "Consul General in"
        "Cebu Mark Reyes": "Mark Reyes",
        "Foreign Affairs Undersecretary Maria Santos": "Maria Santos",
        "Vice Minister of the National Tourism Commission Li Ping": "Li Ping",
        "Deputy Minister of National Defense Kim Do-yun": "Kim Do-yun",
        "Xi Jinping": "Xi Jinping",  # a leader's name that the gazetteer also lists stays whole
        "Hun Manet": "Hun Manet",
    }
    for phrase, name in cases.items():
        desc = reader.read(phrase)
        assert desc is not None and desc.name == name, (phrase, desc)
    assert reader.read("Deputy Minister of Investment") is None  # a complement, and no name after it


def test_an_organisation_after_the_name_is_the_persons() -> None:
    from amity.nlp.actors import country_of

    reader = PersonReader(load_lexicon(), country_of)
    desc = reader.read("Rear Admiral Arun Chaisri of the Royal Thai Navy")
    assert desc is not None
    assert (desc.name, desc.title, desc.organisation, desc.iso3) == (
        "Arun Chaisri", "Rear Admiral", "Royal Thai Navy", "THA"
    )
    desc = reader.read("Commodore Ana Cruz, a spokesperson for the Philippine Coast Guard")
    assert desc is not None and (desc.name, desc.title, desc.role) == ("Ana Cruz", "Commodore", "spokesperson")


# --- countries of titled speakers and organisation speakers ----------------------------------------------


@pytest.mark.parametrize(("sentence", "name", "iso3"), [
    ("Ferry services resumed last week.\n\nU.S. Consul General in Da Nang Robert Ellery said more ferries "
     "would follow.", "Robert Ellery", "USA"),
    ("Ferry services resumed last week. Chinese Consul General in Chiang Mai Feng Baolin said more ferries "
     "would follow.", "Feng Baolin", "CHN"),
    ("Philippine Ambassador to Laos Teresa Alcantara said more ferries would follow.", "Teresa Alcantara", "PHL"),
])
def test_country_word_before_the_title_wins_over_the_post(
    attributor: Attributor, tagger: ActorTagger, sentence: str, name: str, iso3: str
) -> None:
    speaker = by_content(statements_for(attributor, tagger, sentence), "more ferries").speaker
    assert speaker is not None and speaker.type == "person"
    assert (speaker.name, speaker.iso3) == (name, iso3)


def test_place_a_consul_serves_in_is_not_the_consuls_country() -> None:
    from amity.nlp.actors import country_of

    reader = PersonReader(load_lexicon(), country_of)
    desc = reader.read("Consul General in Hanoi Ilse Marten")
    assert desc is not None and desc.name == "Ilse Marten" and desc.iso3 is None
    desc = reader.read("Thai Consul General in Ho Chi Minh City Anan Sukjai")
    assert desc is not None and (desc.name, desc.iso3) == ("Anan Sukjai", "THA")


def test_abbreviated_country_is_not_a_person(attributor: Attributor, tagger: ActorTagger) -> None:
    from amity.nlp.actors import country_of

    assert PersonReader(load_lexicon(), country_of).read("the U.S.") is None
    statements = statements_for(attributor, tagger, "Visa fees will be cut in half, according to the U.S. embassy.")
    speaker = by_content(statements, "Visa fees").speaker
    assert speaker is not None and speaker.type == "organisation" and speaker.iso3 == "USA"
    assert "embassy" in speaker.name


def test_organisation_speaker_is_the_organisation_not_the_statement(
    attributor: Attributor, tagger: ActorTagger
) -> None:
    text = "The ministers also discussed fisheries, according to a statement from the Malaysian foreign ministry."
    speaker = by_content(statements_for(attributor, tagger, text), "fisheries").speaker
    assert speaker is not None and speaker.type == "organisation"
    assert (speaker.name, speaker.iso3) == ("Malaysian foreign ministry", "MYS")


@pytest.mark.parametrize(("sentence", "name", "iso3", "role"), [
    ("The Cambodian foreign minister, Sok Vannary, said the border talks would resume.",
     "Sok Vannary", "KHM", "minister"),
    ("A spokesman, Li Ping, said the border talks would resume.", "Li Ping", None, "spokesman"),
    ("The minister, Tom Hadley, said the border talks would resume.", "Tom Hadley", None, "minister"),
])
def test_a_name_in_apposition_after_its_description_is_the_speaker(
    attributor: Attributor, tagger: ActorTagger, sentence: str, name: str, iso3: str | None, role: str
) -> None:
    speaker = by_content(statements_for(attributor, tagger, sentence), "border talks").speaker
    assert speaker is not None and speaker.type == "person"
    assert (speaker.name, speaker.iso3, speaker.role) == (name, iso3, role)


def test_an_apposition_that_is_no_name_names_no_person(attributor: Attributor, tagger: ActorTagger) -> None:
    text = "The two countries, China and Cambodia, said the border talks would resume."
    speaker = by_content(statements_for(attributor, tagger, text), "border talks").speaker
    assert speaker is None or speaker.type != "person"


def test_an_irregular_past_tense_ends_the_noun_phrase(attributor: Attributor, tagger: ActorTagger) -> None:
    # Not "..., said [the talks went well]" with the clause as an inverted source.
    statements = statements_for(attributor, tagger, "The agency, Xinhua, said the talks went well.")
    assert [s.content.text for s in statements] == ["the talks went well"]
    assert statements[0].speaker_span is not None and statements[0].speaker_span.text.startswith("The agency")


def test_of_two_people_joined_by_and_the_title_is_the_second_ones_own() -> None:
    from amity.nlp.actors import country_of

    reader = PersonReader(load_lexicon(), country_of)
    desc = reader.read("Indonesian President Budi Santoso and Chinese Premier Li Ping")
    assert desc is not None and (desc.name, desc.title, desc.iso3) == ("Li Ping", "Premier", "CHN")
    desc = reader.read("Deputy Prime Minister and Minister of Foreign Affairs Sok Vannary")  # one person
    assert desc is not None and (desc.name, desc.title) == (
        "Sok Vannary", "Deputy Prime Minister and Minister of Foreign Affairs")
    desc = reader.read("Philippine Foreign Secretary Ana Reyes")
    assert desc is not None and (desc.name, desc.title, desc.iso3) == ("Ana Reyes", "Foreign Secretary", "PHL")


def test_mr_and_a_family_name_is_the_person_named_in_full_with_a_title(
    attributor: Attributor, tagger: ActorTagger
) -> None:
    text = ("Chinese Foreign Minister Li Ping met Cambodian officials on Monday. Mr Li said the border talks "
            "would resume. British Foreign Secretary Tom Hadley met them too. Mr. Hadley said the port deal was "
            "sound.")
    statements = statements_for(attributor, tagger, text)
    li = by_content(statements, "border talks").speaker
    hadley = by_content(statements, "port deal").speaker
    assert li is not None and (li.name, li.iso3, li.title) == ("Li Ping", "CHN", "Foreign Minister")
    assert hadley is not None and (hadley.name, hadley.iso3, hadley.title) == ("Tom Hadley", "GBR", "Foreign Secretary")


def test_a_leader_the_gazetteer_lists_gets_its_country_and_a_capital_is_no_person(
    attributor: Attributor, tagger: ActorTagger
) -> None:
    # places.yaml lists heads of government under their country; a two-word capital is the country speaking.
    text = "Hun Manet said the border talks would resume. Kuala Lumpur said the port deal was sound."
    statements = statements_for(attributor, tagger, text)
    leader = by_content(statements, "border talks").speaker
    capital = by_content(statements, "port deal").speaker
    assert leader is not None and (leader.name, leader.type, leader.iso3) == ("Hun Manet", "person", "KHM")
    assert capital is not None and (capital.type, capital.iso3) == ("country", "MYS")


def test_a_subject_with_a_relative_clause_is_not_the_content_of_an_inverted_cue(
    attributor: Attributor, tagger: ActorTagger
) -> None:
    text = "Cambodian Prime Minister Sok Vannary, who met Chinese leaders in Beijing, praised the ironclad friendship."
    [statement] = statements_for(attributor, tagger, text)
    assert statement.content.text == "the ironclad friendship"
    assert statement.speaker is not None and statement.speaker.name == "Sok Vannary"


def test_a_cue_in_a_relative_clause_keeps_its_content_inside_the_clause(
    attributor: Attributor, tagger: ActorTagger
) -> None:
    text = "A senior Thai official, who asked not to be named, said the border talks would resume."
    contents = [s.content.text for s in statements_for(attributor, tagger, text)]
    assert contents == ["not to be named", "the border talks would resume"]


@pytest.mark.parametrize(("sentence", "name", "iso3"), [
    ("The agency, Xinhua, said the border talks would resume.", "Xinhua", None),  # the name in apposition
    ("The Thai Foreign Ministry said the border talks would resume.", "Foreign Ministry", "THA"),  # no "The"
])
def test_an_organisation_speaker_is_named_by_its_own_name(
    attributor: Attributor, tagger: ActorTagger, sentence: str, name: str, iso3: str | None
) -> None:
    speaker = by_content(statements_for(attributor, tagger, sentence), "border talks").speaker
    assert speaker is not None and (speaker.type, speaker.name, speaker.iso3) == ("organisation", name, iso3)


def rule_attributions(attributor: Attributor, text: str) -> list[tuple[str | None, str | None, list[str]]]:
    """(source, cue, contents) of the rules' attributions, as text."""
    found = attributor.rules.extract(text, split_sentences(text))
    return [(text[c.source[0]:c.source[1]] if c.source else None, text[c.cue[0]:c.cue[1]] if c.cue else None,
             [text[s:e] for s, e in c.contents]) for c in found]


@pytest.mark.parametrize(("text", "source", "cue"), [
    ("The GOP front-runner said the border talks would resume.", "The GOP front-runner", "said"),
    ("D’Souza argues that the border talks would resume.", "D’Souza", "argues"),
    ("Sen. Ann Reed (D-Ore.) said the border talks would resume.", "Sen. Ann Reed (D-Ore.)", "said"),
    ("Ann Reed, D-Ore., a senior senator, said the border talks would resume.",
     "Ann Reed, D-Ore., a senior senator,", "said"),
    ("Smith and Jones emphasize that the border talks would resume.", "Smith and Jones", "emphasize"),
    ("About one in five say the border talks would resume.", "one in five", "say"),
    ("Some 47% say the border talks would resume.", "Some 47%", "say"),
    ("He’s predicting that the border talks would resume.", "He", "predicting"),
    ("It added that the border talks would resume.", "It", "added"),
])
def test_the_source_noun_phrase_takes_names_parentheses_appositives_and_numbers(
    attributor: Attributor, text: str, source: str, cue: str
) -> None:
    [(found_source, found_cue, [content])] = rule_attributions(attributor, text)
    assert (found_source, found_cue) == (source, cue)
    assert content.endswith("the border talks would resume")


def test_a_coordinated_verb_of_saying_takes_the_clause_subject_as_source(attributor: Attributor) -> None:
    text = "Reed thanked the crowd in Austin and said the border talks would resume."
    assert rule_attributions(attributor, text) == [("Reed", "said", ["the border talks would resume"])]
    # Only verbs of saying: the first verb of "The ministry defended ... and insisted ..." stays the
    # ministry's act, with no speaker span over its subject.
    text = "The ministry defended the decision and insisted the border talks would resume."
    assert all(source is None for source, _, _ in rule_attributions(attributor, text))


def test_a_quote_that_opens_the_sentence_is_the_content_not_the_adjunct_after_the_cue(
    attributor: Attributor,
) -> None:
    text = "“I cannot believe how calm it has been up here,” Reed said an hour into the debate."
    assert rule_attributions(attributor, text) == [
        ("Reed", "said", ["“I cannot believe how calm it has been up here,”"])]
    # A quoted title that ends in a comma is no quote of the speaker's.
    text = "Speaking on “Meet the Press,” Reed admitted that the border talks had failed."
    assert rule_attributions(attributor, text) == [("Reed", "admitted", ["that the border talks had failed"])]


def test_a_quote_after_a_comma_is_the_content_even_when_it_holds_that(attributor: Attributor) -> None:
    text = "Reed replied, “These are two men that are building a good relationship.”"
    assert rule_attributions(attributor, text) == [
        ("Reed", "replied", ["“These are two men that are building a good relationship.”"])]


def test_a_passive_cue_has_no_source_and_its_subject_is_no_statement(attributor: Attributor) -> None:
    text = "The minister is expected to sign the border agreement on Friday."
    assert rule_attributions(attributor, text) == [(None, "is expected", ["to sign the border agreement on Friday"])]


@pytest.mark.parametrize(("text", "source", "cue"), [
    ("China is firmly opposed to the deployment of the missiles.", "China", "is firmly opposed"),
    ("Cambodia is determined to build the canal with its own resources.", "Cambodia", "is determined"),
])
def test_a_passive_of_stance_is_the_subjects_own_stance(attributor: Attributor, text: str, source: str,
                                                       cue: str) -> None:
    [(found_source, found_cue, _)] = rule_attributions(attributor, text)
    assert (found_source, found_cue) == (source, cue)


@pytest.mark.parametrize(("text", "source"), [
    ("Trade rose 20 percent last year, according to a poll released Monday.", "a poll released Monday"),
    ("Exports rose sharply, according to customs figures released in May.", "customs figures released in May"),
    # A place is where the source was, not who it is: it must not become the speaker's country.
    ("Trade rose 20 percent last year, according to a report published in London.", "a report"),
    ("Trade rose 20 percent last year, according to analysts in Singapore.", "analysts"),
])
def test_a_sentence_final_according_to_source_runs_to_the_end_unless_a_place_follows(
    attributor: Attributor, text: str, source: str
) -> None:
    [(found_source, cue, _)] = rule_attributions(attributor, text)
    assert (found_source, cue) == (source, "according to")


def test_an_opening_asked_clause_is_a_question_with_no_source(attributor: Attributor) -> None:
    text = "Asked whether the border talks would resume, Reed said he did not know."
    assert rule_attributions(attributor, text) == [
        (None, "Asked", ["whether the border talks would resume"]), ("Reed", "said", ["he did not know"])]


def test_speaker_labels_are_attributions_of_the_rules_but_not_in_the_headline(attributor: Attributor) -> None:
    text = "Border talks stalled in May\n\nREED: The border talks will resume next week"
    assert rule_attributions(attributor, text) == [("REED", ":", ["The border talks will resume next week"])]
    # A headline's kicker is no speaker: the act it reports stays the act of the states it names.
    text = "Roundup: Syria, Lebanon discuss plan to send refugees back home\n\nThe talks stalled in May."
    assert rule_attributions(attributor, text) == []


def test_verbs_of_judging_take_their_object_as_content(attributor: Attributor) -> None:
    text = "Reed mocked the border plan on Tuesday."
    assert rule_attributions(attributor, text) == [("Reed", "mocked", ["the border plan on Tuesday"])]


@pytest.mark.parametrize(("tail", "source"), [
    ("Reed said sarcastically.", "Reed"),
    ("Reed said in an interview with a radio station in Lagos.", "Reed"),
    ("Reed said, and the crowd cheered.", "Reed"),
    ("said one senior diplomat at the ministry.", "one senior diplomat at the ministry"),
    ("the ministry’s spokesman says.", "the ministry’s spokesman"),
])
def test_whatever_follows_source_and_cue_after_an_opening_quote_is_an_adjunct(
    attributor: Attributor, tail: str, source: str
) -> None:
    quote = "“The border talks will resume next week,”"
    [(found_source, _cue, contents)] = rule_attributions(attributor, f"{quote} {tail}")
    assert (found_source, contents) == (source, [quote])


def test_a_participle_after_an_opening_quote_takes_the_source_of_the_cue_before_it(
    attributor: Attributor,
) -> None:
    text = "“The border talks will resume next week,” Reed said, adding that she was hopeful."
    assert rule_attributions(attributor, text) == [
        ("Reed", "said", ["“The border talks will resume next week,”"]),
        ("Reed", "adding", ["that she was hopeful"]),
    ]


def test_a_one_word_quote_is_content_when_quoted_whole(attributor: Attributor) -> None:
    assert rule_attributions(attributor, "“Never,” Reed answered.") == [("Reed", "answered", ["“Never,”"])]


def test_a_preposition_after_a_cue_adjunct_opens_its_complement_not_the_content(attributor: Attributor) -> None:
    text = "Reed said in a speech to farmers and traders in Lagos that the border talks would resume."
    assert rule_attributions(attributor, text) == [("Reed", "said", ["that the border talks would resume"])]
    text = "Reed promised on Sunday at a rally to reopen the border."
    assert rule_attributions(attributor, text) == [("Reed", "promised", ["to reopen the border"])]
    assert rule_attributions(attributor, "Reed spoke in an interview with a radio station.") == []


def test_a_quote_in_a_sentence_with_its_own_cue_continues_no_earlier_speaker(attributor: Attributor) -> None:
    text = ("Reed said the talks had stalled. “We will keep the border open for trade” was the message on "
            "Monday, and Lane said she agreed.")
    assert rule_attributions(attributor, text) == [
        ("Reed", "said", ["the talks had stalled"]), ("Lane", "said", ["she agreed"])]
    # With no cue in its sentence, the quote still continues the previous speaker.
    text = "Reed said the talks had stalled. “We will keep the border open for trade.”"
    assert rule_attributions(attributor, text) == [
        ("Reed", "said", ["the talks had stalled", "“We will keep the border open for trade.”"])]


def test_a_speaker_label_claims_its_quotes_before_a_continuation_can(attributor: Attributor) -> None:
    # Continuing Reed's quote into Lane's turn would have the label displace Reed's attribution.
    text = ("The talks stalled in May\n\nReed said, “The border talks will resume next week.”\n\n"
            "LANE: Thank you. “We will keep the border open for trade.”")
    assert rule_attributions(attributor, text) == [
        ("Reed", "said", ["“The border talks will resume next week.”"]),
        ("LANE", ":", ["Thank you. “We will keep the border open for trade.”"]),
    ]


def test_a_count_of_more_than_one_opens_a_plural_subject_so_an_s_form_is_a_noun(attributor: Attributor) -> None:
    text = "It is the only country among the five nuclear-weapon states to pledge no-first-use of nuclear weapons."
    assert rule_attributions(attributor, text) == []
    assert rule_attributions(attributor, "Five senators said the border talks would resume.") == [
        ("Five senators", "said", ["the border talks would resume"])]


@pytest.mark.parametrize("text", [
    "China is ready to work with Cambodia to build a community with a shared future, Wang Yi said here on Tuesday.",
    "BEIJING, May 6 (Xinhua) -- China is ready to work with Cambodia to build a community with a shared future, "
    "Chinese Foreign Minister Wang Yi said here Tuesday.",
    "China is ready to work with Cambodia to build a community with a shared future, Wang Yi said during the talks.",
])
def test_where_and_when_after_an_inverted_cue_are_no_content(attributor: Attributor, tagger: ActorTagger,
                                                              text: str) -> None:
    [statement] = statements_for(attributor, tagger, text)
    assert statement.content.text.startswith("China is ready") and statement.content.text.endswith("shared future")
    assert statement.speaker is not None and statement.speaker.name == "Wang Yi"


def test_a_labelled_question_attributes_nothing(attributor: Attributor, tagger: ActorTagger) -> None:
    text = "QUESTION: Does the US support the Philippines?\n\nMR MILLER: We stand with our Philippine allies."
    statements = statements_for(attributor, tagger, text)
    assert [s.content.text for s in statements] == ["We stand with our Philippine allies."]


def test_a_report_sourced_by_according_to_counts_once(attributor: Attributor, tagger: ActorTagger) -> None:
    from amity.pipeline import Pipeline

    text = ("Ishiba told the summit that Japan would expand maritime cooperation with the Philippines, "
            "according to a Japanese official.")
    [statement] = Pipeline().analyze(Document(text=text)).statements
    assert statement.speaker is not None and statement.speaker.name == "Ishiba"
    assert statement.content.text == "that Japan would expand maritime cooperation with the Philippines"
    # ... while the attributor, which the evaluation scores against the annotation, keeps both
    assert len(statements_for(attributor, tagger, text)) == 2
