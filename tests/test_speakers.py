"""Speaker identification: what is read as a person's name and what is not (headline words, places)."""

from __future__ import annotations

import pytest

from amity.model import Actor, Document, Statement
from amity.nlp.actors import ActorTagger, country_of
from amity.nlp.attribution import Attributor
from amity.nlp.persons import PersonReader, is_place_name
from amity.nlp.sentences import split_sentences
from amity.pipeline import Pipeline


@pytest.fixture(scope="module")
def attributor() -> Attributor:
    return Attributor()


@pytest.fixture(scope="module")
def reader(attributor: Attributor) -> PersonReader:
    return PersonReader(attributor.lexicon, country_of)


def statements_for(attributor: Attributor, text: str) -> list[Statement]:
    mentions, actors = ActorTagger.default().tag(text)
    return attributor.attribute(Document(text=text), split_sentences(text), mentions, actors)


def who(actor: Actor | None) -> tuple[str, str | None] | None:
    """A speaker as (name, country), or None."""
    return None if actor is None else (actor.name, actor.iso3)


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
    # a place's longer name or a clause before it gives it no first name
    "Voters in New Hampshire went to the polls. Hampshire said it would count the votes.",
    "The University of Northern Iowa hosted the debate. Iowa said the turnout was high.",
    "If California passes the law, its budget would grow. California said the budget would grow.",
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
    # Without a title: a given name before the place's name in the text ("Yamaguchi" is also a prefecture).
    text = ("Natsuo Yamaguchi, leader of the Komeito party, met Chinese officials. Yamaguchi said Japan wanted "
            "stable ties with China.")
    assert speaker_of(statements_for(attributor, text), "stable ties") == "Natsuo Yamaguchi"


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


@pytest.mark.parametrize("text", [
    "Wyoming Republicans said they wanted a new candidate.",
    "Some Democrats said the plan was too costly.",
    "Republicans said the bill would pass.",
])
def test_a_party_or_its_members_is_no_person(attributor: Attributor, text: str) -> None:
    # "Republicans said" names a group with no country: no person, and nothing to guess an actor from.
    statements = statements_for(attributor, text)
    assert statements
    assert all(st.speaker is None or st.speaker.type != "person" for st in statements)


def test_the_state_and_party_of_a_named_person_refer_to_that_person(attributor: Attributor) -> None:
    text = (
        "Senator Paul Hardy met donors on Friday. Republicans said the bill would pass. "
        "The Ohio Republican said he expected a close vote."
    )
    assert speaker_of(statements_for(attributor, text), "close vote") == "Paul Hardy"


@pytest.mark.parametrize(("phrase", "name", "organisation"), [
    ("The Daily Ledger’s Anna Petrov", "Anna Petrov", None),
    ("the Green Union Party’s Avi Cohen", "Avi Cohen", "Green Union Party"),
    ("Mr. Becker's", "Becker", None),
])
def test_a_possessive_owner_is_no_part_of_the_name(
    reader: PersonReader, phrase: str, name: str, organisation: str | None
) -> None:
    desc = reader.read(phrase)
    assert desc is not None and (desc.name, desc.organisation) == (name, organisation)


@pytest.mark.parametrize(("phrase", "name"), [
    ("Billionaire Tom Becker", "Tom Becker"),
    ("Republican Paul Hardy", "Paul Hardy"),
    ("Rep. Tom Becker (R-Ohio)", "Tom Becker"),
    ("Rep. Tom Becker (R-Ohio), a member of the committee,", "Tom Becker"),
    ("the Rev. Paul Marsh", "Paul Marsh"),
    ("time for Plan B.\n\nBecker", "Becker"),
    ("Mayor Bill de Blasio", "Bill de Blasio"),
    ("Fr. Tom Becker, a parish priest,", "Tom Becker"),
    ("St. Louis Mayor Anna Petrov", "Anna Petrov"),
])
def test_descriptions_labels_and_paragraphs_around_a_name_are_no_part_of_it(
    reader: PersonReader, phrase: str, name: str
) -> None:
    desc = reader.read(phrase)
    assert desc is not None and desc.name == name


@pytest.mark.parametrize("phrase", [
    "Maria Olsen Campaign", "the Associated Press", "The Daily Ledger", "Analysts", "Witnesses",
    "Wyoming Republicans", "the Wisconsin Republican", "Metro News", "CNN", "a super PAC",
    "The New York Times Magazine", "the Phnom Penh Gazette",
])
def test_groups_and_publications_are_no_persons(reader: PersonReader, phrase: str) -> None:
    assert reader.read(phrase) is None


def test_a_word_that_begins_the_next_word_is_no_name_particle(attributor: Attributor) -> None:
    # "de" in "delivered" is no particle of "Mrs. Olsen": the particle is a word of its own before a name.
    text = "Mrs. Olsen delivered a speech on Monday. She said the plan would work."
    assert speaker_of(statements_for(attributor, text), "plan would work") == "Olsen"


@pytest.mark.parametrize(("text", "fragment", "name"), [
    ("Laura Finch Fully Embraced Tariffs When She Ran For Senate.\n\n"
     "Finch said the tariffs would protect steel jobs in the region.", "Tariffs When", "Laura Finch"),
    ("Becker’s Last Letter Explains Why He Backs The Governor.\n\n"
     "Tom Becker said the governor would win. He said the race was close.", "Why He Backs", "Tom Becker"),
])
def test_a_headline_name_is_read_with_the_names_the_text_gives(
    attributor: Attributor, text: str, fragment: str, name: str
) -> None:
    # Title case does not tell where a headline's name ends: the body's "Finch" and "Tom Becker" do.
    statements = statements_for(attributor, text)
    assert speaker_of(statements, fragment) == name
    assert {st.speaker.name for st in statements if st.speaker} == {name}


def test_two_people_with_one_surname_are_two_speakers(attributor: Attributor) -> None:
    text = (
        "Foreign Minister Chen Okafor met Trade Minister Arun Okafor on Monday. "
        "Chen Okafor said the border would reopen. Arun Okafor said tariffs would fall."
    )
    statements = statements_for(attributor, text)
    assert speaker_of(statements, "border would reopen") == "Chen Okafor"
    assert speaker_of(statements, "tariffs would fall") == "Arun Okafor"


def test_a_vice_president_is_not_the_president(attributor: Attributor) -> None:
    text = (
        "President Ana Ruiz opened the summit. Vice President Tom Hale Jr. and Chief Justice Sam Cole Jr. "
        "attended. The president said the summit would be remembered."
    )
    assert speaker_of(statements_for(attributor, text), "summit would be remembered") == "Ana Ruiz"


@pytest.mark.parametrize(("text", "fragment", "name"), [
    ("Chinese Vice President Li Ming met Cambodian King Norodom Chan on Monday. "
     "The vice president said the visit would deepen trust.", "deepen trust", "Li Ming"),
    ("UN Deputy Secretary-General Ana Ruiz met Foreign Minister Sam Cole on Monday. "
     "The deputy secretary-general said the UN supported the plan.", "supported the plan", "Ana Ruiz"),
    ("Vice President Tom Hale met President Ana Ruiz. The president said the talks were useful.",
     "talks were useful", "Ana Ruiz"),
])
def test_a_deputy_nominal_is_the_deputy_and_a_plain_one_is_not(
    attributor: Attributor, text: str, fragment: str, name: str
) -> None:
    assert speaker_of(statements_for(attributor, text), fragment) == name


def country_of_speaker(statements: list[Statement], fragment: str) -> tuple[str | None, str | None]:
    hits = [s for s in statements if fragment in s.content.text]
    assert hits, f"no statement contains {fragment!r}: {[s.content.text for s in statements]}"
    speaker = hits[0].speaker
    return (speaker.type, speaker.iso3) if speaker else (None, None)


@pytest.mark.parametrize(("text", "fragment", "iso3"), [
    # An organisation quoted in a country's speech does not become "we".
    ("Thailand supports a rules-based order. Last year all ASEAN member States agreed to adopt the code. "
     "We expect every party to respect it.", "every party", "THA"),
    ("Myanmar has worked with the United Nations for years. Myanmar believes that dialogue works. "
     "The International Criminal Court said it would open an inquiry. We request the Court to stay out.",
     "stay out", "MMR"),
])
def test_we_in_a_countrys_speech_is_that_country(
    attributor: Attributor, text: str, fragment: str, iso3: str
) -> None:
    assert country_of_speaker(statements_for(attributor, text), fragment) == ("country", iso3)


def test_an_organisation_that_is_the_established_speaker_is_we(attributor: Attributor) -> None:
    text = (
        "The World Health Organization said the outbreak was slowing. The World Health Organization warned "
        "that vaccines were scarce. We believe that donors must act now."
    )
    statements = statements_for(attributor, text)
    speaker = next(s for s in statements if "donors" in s.content.text).speaker
    assert speaker is not None and speaker.type == "organisation"


def test_a_name_after_a_title_complement_is_the_person(attributor: Attributor) -> None:
    text = "Thailand's Permanent Representative to the UN Somchai Wongsa told the Council that peace was near."
    hits = [s for s in statements_for(attributor, text) if "peace was near" in s.content.text]
    assert hits and hits[0].speaker is not None
    assert (hits[0].speaker.name, hits[0].speaker.type, hits[0].speaker.iso3) == ("Somchai Wongsa", "person", "THA")


@pytest.mark.parametrize("text", [
    "Trade between the two countries rose 9 percent, according to customs figures released in May.",
    "Exports fell sharply, according to a report published on Monday.",
    "South China’s Haikou expects record tourist numbers this year.",
    "The Lao People’s Democratic Republic welcomes the agreement.",
    "COVID-19 showed how linked the economies of the region are.",
])
def test_dates_places_and_countries_are_no_persons(attributor: Attributor, text: str) -> None:
    statements = statements_for(attributor, text)
    assert statements
    assert all(st.speaker is None or st.speaker.type != "person" for st in statements), [
        st.speaker for st in statements
    ]


@pytest.mark.parametrize(("text", "fragment", "name"), [
    ("Japan’s Tanaka says the yen will stay stable.", "yen will stay", "Tanaka"),
])
def test_a_person_owned_by_a_country_is_a_person(
    attributor: Attributor, text: str, fragment: str, name: str
) -> None:
    assert speaker_of(statements_for(attributor, text), fragment) == name


def test_he_after_a_title_is_the_chinese_surname_not_a_pronoun(attributor: Attributor) -> None:
    text = ("Chinese Vice Premier He Lifeng met the visiting trade delegation on Saturday. "
            "He Lifeng said the talks were candid. He added that both sides would meet again.")
    statements = statements_for(attributor, text)
    for fragment in ("talks were candid", "would meet again"):
        speaker = next(st.speaker for st in statements if fragment in st.content.text)
        assert who(speaker) == ("He Lifeng", "CHN")
    # A pronoun that opens its clause stays a pronoun.
    text = "Minister Ana Ruiz arrived on Monday. He Said the talks would resume, she told reporters."
    assert all(st.speaker is None or st.speaker.name != "He Said" for st in statements_for(attributor, text))


@pytest.mark.parametrize("text", [
    "Vietnamese General Secretary To Lam said Vietnam and China would deepen trade.",
    "To Lam said Vietnam and China would deepen trade.",
    "In Hanoi, party chief To Lam said Vietnam and China would deepen trade.",
])
def test_to_before_a_name_is_the_vietnamese_surname_not_a_preposition(attributor: Attributor, text: str) -> None:
    speaker = next(st.speaker for st in statements_for(attributor, text) if "deepen trade" in st.content.text)
    assert who(speaker) == ("To Lam", "VNM")


def test_a_form_of_address_gives_way_to_the_office_after_the_name(reader: PersonReader) -> None:
    desc = reader.read("H.E. Sok Chenda Sophea, Cambodian Minister of Foreign Affairs,")
    assert desc is not None
    assert (desc.name, desc.title, desc.iso3) == ("Sok Chenda Sophea", "Minister of Foreign Affairs", "KHM")
    # A title before the name that is an office stays hers as written.
    desc = reader.read("Commodore Ana Cruz, a spokesperson for the navy,")
    assert desc is not None and desc.title == "Commodore"


def test_a_name_with_its_appositive_is_the_subject_not_an_inverted_content(attributor: Attributor) -> None:
    statements = statements_for(attributor, "Wang Wenbin, a spokesman, said China values Cambodia.")
    assert [(st.content.text, st.speaker and st.speaker.name) for st in statements] == [
        ("China values Cambodia", "Wang Wenbin"),
    ]
    # An inverted source after a content that is a clause stays the source.
    statements = statements_for(attributor, "The deal, a landmark, will help trade, said Hun Sen.")
    assert [st.speaker and st.speaker.name for st in statements] == ["Hun Sen"]


def test_she_is_not_a_man_the_text_calls_mr(attributor: Attributor) -> None:
    text = ("Ms. Lena Ortiz, an analyst, said demand had slowed. Mr. Paul Chipok, a lawyer, said the market was "
            "fine. She said prices were falling. He said they would recover.")
    statements = statements_for(attributor, text)
    assert speaker_of(statements, "prices were falling") == "Lena Ortiz"
    assert speaker_of(statements, "would recover") == "Paul Chipok"
    # Another person's form of address in the description tells nothing of hers.
    text = ("Nina Vale, a surrogate for Mr. Sanders, said the party was split. "
            "Tom Reed, a spokesman, said nothing had changed. She said the talks would go on.")
    assert speaker_of(statements_for(attributor, text), "talks would go on") == "Nina Vale"
    # "Spokesman", now and then said of a woman, tells only weakly: "she" goes to a spokesman when the text names
    # no woman, and still to a woman it names before one.
    text = ("Mr. Paul Chipok, a lawyer, said the market was fine. Maria Santos, a spokesman for the coast guard, "
            "said ships had left. She said the shoal was calm.")
    assert speaker_of(statements_for(attributor, text), "shoal was calm") == "Maria Santos"
    text = ("Ms. Lena Ortiz, an analyst, said demand had slowed. Wang Wenbin, a spokesman, said China was calm. "
            "She said prices would recover.")
    assert speaker_of(statements_for(attributor, text), "prices would recover") == "Lena Ortiz"


def test_a_pronoun_after_its_sentences_named_subject_is_that_person(attributor: Attributor) -> None:
    text = ("Lena Ortiz, an analyst, said demand had slowed. Paul Chipok, a lawyer, said the market was "
            "fine. Ortiz joined the bank in 2014, but she said little about rates until this year.")
    assert speaker_of(statements_for(attributor, text), "little about rates") == "Lena Ortiz"
    # ... also after an adverbial that opens the sentence
    text = ("Foreign Secretary Raul Manglapus said the bases were needed. In 1986, President Corazon Aquino "
            "addressed Congress, where she said the Philippines would repay its debts.")
    assert speaker_of(statements_for(attributor, text), "repay its debts") == "Corazon Aquino"
    # A pronoun that opens its sentence still goes to the last speaker.
    text = ("Ms. Lena Ortiz, an analyst, said demand had slowed. Mr. Paul Chipok, a lawyer, said the market was "
            "fine. He said prices would recover.")
    assert speaker_of(statements_for(attributor, text), "prices would recover") == "Paul Chipok"


@pytest.mark.parametrize(("phrase", "expected"), [
    ("Maria Dizon, spokesperson for the Philippine Department of Foreign Affairs,", ("spokesperson", "PHL")),
    ("Ramon Cruz, a spokesperson for the Philippine Coast Guard,", ("spokesperson", "PHL")),
    ("Wang Wenbin, spokesman for the Chinese Foreign Ministry,", ("spokesman", "CHN")),
    # a remit or a posting is not the person's country
    ("Chinese Special Envoy for Myanmar Deng Xijun", ("Special Envoy for Myanmar", "CHN")),
    ("Japanese Ambassador to Cambodia Ueno Atsushi", ("Ambassador to Cambodia", "JPN")),
])
def test_a_title_for_a_countrys_organisation_gives_that_country(
    reader: PersonReader, phrase: str, expected: tuple[str, str]
) -> None:
    desc = reader.read(phrase)
    assert desc is not None and (desc.title, desc.iso3) == expected


@pytest.mark.parametrize(("text", "expected", "title"), [
    ("Ambassador of Japan to Cambodia Atsushi Ueno said Japan would keep helping Cambodia build roads.",
     ("Atsushi Ueno", "JPN"), "Ambassador of Japan"),
    ("Ambassador of Japan to the Kingdom of Cambodia Atsushi Ueno said Japan would keep helping Cambodia.",
     ("Atsushi Ueno", "JPN"), "Ambassador of Japan"),
    ("Chinese Ambassador to the U.S. Qin Gang said China's opening-up policy is unchanged.",
     ("Qin Gang", "CHN"), "Ambassador to the U.S."),
    # the sender is an organisation: no country, and certainly not the host's
    ("Ambassador of the European Union to Cambodia Igor Driesmans said the EU would keep supporting Cambodia.",
     ("Igor Driesmans", None), "Ambassador"),
])
def test_an_ambassador_of_a_sender_to_a_host_speaks_for_the_sender(
    attributor: Attributor, text: str, expected: tuple[str, str | None], title: str
) -> None:
    [statement] = statements_for(attributor, text)
    assert who(statement.speaker) == expected
    assert statement.speaker is not None and statement.speaker.title == title


def test_a_posting_between_a_title_and_a_name_must_be_a_country(reader: PersonReader) -> None:
    assert reader.read("Minister of Foreign Affairs to Meet Hun Sen") is None
    desc = reader.read("Ambassador of the European Union to Cambodia Igor Driesmans")
    assert desc is not None and desc.organisation == "European Union"


def test_a_title_after_an_earlier_titles_posting_keeps_the_first_titles_country(attributor: Attributor) -> None:
    text = ("Chinese Defence Attache in Bangkok Senior Colonel Huang Rui said the drill reflected the trust "
            "between China and Thailand.")
    [statement] = statements_for(attributor, text)
    assert who(statement.speaker) == ("Huang Rui", "CHN")


@pytest.mark.parametrize(("text", "name", "iso3"), [
    ("Cambodian officials said the railway would open next year.", "Cambodian officials", "KHM"),
    ("Vietnamese trade officials said exports to China grew.", "Vietnamese trade officials", "VNM"),
    ("Chinese diplomats said the talks with Laos went well.", "Chinese diplomats", "CHN"),
])
def test_a_countrys_officials_speak_for_it(attributor: Attributor, text: str, name: str, iso3: str) -> None:
    [statement] = statements_for(attributor, text)
    speaker = statement.speaker
    assert speaker is not None and (speaker.name, speaker.iso3, speaker.type) == (name, iso3, "organisation")


def test_other_groups_of_a_country_are_no_official_voice(attributor: Attributor) -> None:
    [statement] = statements_for(attributor, "Chinese analysts said ties with Laos would grow.")
    assert statement.speaker is None


@pytest.mark.parametrize(("phrase", "iso3"), [
    ("Pham Quoc Bao, Deputy Director of the Lang Son Department of Industry and Trade,", "VNM"),
    ("Li Wei, the Guangxi party secretary,", "CHN"),
    ("Somchai Wong, governor of Nong Khai province,", "THA"),
    ("John Smith, a critic of Xi Jinping,", None),  # a leader named in the description is not the person's
])
def test_a_city_or_province_in_the_description_gives_its_country(
    reader: PersonReader, phrase: str, iso3: str | None
) -> None:
    desc = reader.read(phrase)
    assert desc is not None and desc.iso3 == iso3


def test_a_trailing_pronoun_is_not_the_person_its_content_opens_with(attributor: Attributor) -> None:
    text = ("Xi Jinping said China wanted peace. Marcos said the incident was unacceptable. "
            "Xi Jinping had promised restraint in November, he said.")
    assert speaker_of(statements_for(attributor, text), "promised restraint") == "Marcos"


@pytest.mark.parametrize("text", [
    "Consul General in Ho Chi Minh City Susan Burns said trade with the United States grew.",
    "John Smith, a critic of the Hong Kong government, said Beijing was wrong.",
])
def test_a_posting_or_a_topic_gives_no_country(attributor: Attributor, text: str) -> None:
    [statement] = statements_for(attributor, text)
    assert statement.speaker is not None and statement.speaker.iso3 is None


@pytest.mark.parametrize("text", [
    "Exiled Cambodian opposition lawmakers said the election was a sham.",
    "Former Vietnamese officials said China was pressing.",
    "Thai protesters said China should leave.",
    "A Japanese diplomat in Phnom Penh said Japan would fund the road.",  # not Cambodia
])
def test_groups_that_do_not_speak_for_a_state(attributor: Attributor, text: str) -> None:
    [statement] = statements_for(attributor, text)
    assert statement.speaker is None


@pytest.mark.parametrize(("text", "name", "iso3"), [
    ("Officials in Beijing said China would fund the road in Laos.", "China", "CHN"),
    ("Chinese officials in Vientiane said the railway would carry more freight.", "Chinese officials", "CHN"),
])
def test_officials_posted_somewhere_speak_for_their_own_state(
    attributor: Attributor, text: str, name: str, iso3: str
) -> None:
    [statement] = statements_for(attributor, text)
    assert who(statement.speaker) == (name, iso3)


def test_the_country_word_next_to_the_title_is_the_persons(attributor: Attributor) -> None:
    [statement] = statements_for(attributor, "Speaking in Hanoi Chinese Premier Li Qiang said China values Vietnam.")
    assert who(statement.speaker) == ("Li Qiang", "CHN")


def test_do_before_a_name_is_the_vietnamese_surname_not_an_auxiliary(attributor: Attributor) -> None:
    text = "Do Van Khoa, deputy head of the authority, said Vietnam had reopened border tours with China."
    assert speaker_of(statements_for(attributor, text), "reopened border tours") == "Do Van Khoa"
    # A question that opens with the auxiliary attributes nothing.
    assert statements_for(attributor, "Do Americans say China is a threat?") == []
    assert statements_for(attributor, "Do Young Voters Say China Is a Threat?") == []


@pytest.mark.parametrize(("text", "name", "iso3"), [
    ("H.E. Thongsavanh Phomvihane, Lao Minister of Foreign Affairs, said Laos values China's support.",
     "Thongsavanh Phomvihane", "LAO"),
    ("H.E. Mr. Prak Sokhonn, Senior Minister and Minister of Foreign Affairs and International Cooperation of "
     "Cambodia, said Cambodia supports multilateralism.", "Prak Sokhonn", "KHM"),
])
def test_a_name_with_its_office_in_apposition_is_the_speaker_not_the_content(
    attributor: Attributor, text: str, name: str, iso3: str
) -> None:
    [statement] = statements_for(attributor, text)
    assert who(statement.speaker) == (name, iso3)
    assert statement.content.text.split()[0] in ("Laos", "Cambodia")
    assert statement.speaker.title is not None and "H.E." not in statement.speaker.title


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline()


@pytest.mark.parametrize(("dateline", "text", "iso3"), [
    ("SIHANOUKVILLE", "Lou Kimsan, Director General of the port, said exports to Japan would grow.", "KHM"),
    ("BEIJING", "Spokesperson Mao Ning said China welcomes Vietnam's participation.", "CHN"),
    # what the official says may name a foreign body; how the text names the official does not
    ("BEIJING", "Spokesperson Mao Ning said China welcomes Vietnam at the China-ASEAN Expo.", "CHN"),
    # an international body's official, an envoy, a visitor, or an international venue: no country from it
    ("JAKARTA", "ASEAN Secretary-General Kao Kim Hourn said the bloc supports Timor-Leste.", None),
    ("PHNOM PENH", "Ambassador Ana Cruz said the Philippines values Cambodia.", None),
    ("PHNOM PENH", "Visiting Foreign Minister Ana Cruz said the Philippines values Cambodia.", None),
    ("NEW YORK", "Foreign Minister Sok Chenda said Cambodia values China.", None),
    # a minister may be the visitor; a foreign body's officials are not the host's
    ("BEIJING", "Bui Thanh Son, Minister of Foreign Affairs, said Vietnam values the ties.", None),
    ("BEIJING", "Tedros Adhanom Ghebreyesus, WHO Director-General, said China had helped.", None),
    ("PHNOM PENH", "John Smith, Country Director of the Asian Development Bank, said Cambodia grew.", None),
    ("PHNOM PENH", "Liu Pengyu, spokesperson for the embassy, said China values Cambodia.", None),
    ("BEIJING", "Secretary of State Jane Doe said the U.S. values China.", None),  # the US has one too
])
def test_an_official_with_no_nationality_is_of_the_datelines_country(
    pipeline: Pipeline, dateline: str, text: str, iso3: str | None
) -> None:
    [statement] = pipeline.analyze(Document(text=text, dateline=dateline)).statements
    assert statement.speaker is not None and statement.speaker.iso3 == iso3


def test_a_wire_dateline_is_no_part_of_the_sentence(attributor: Attributor) -> None:
    text = ("NEW YORK, Sept. 23 (Xinhua) -- H.E. Mr. Prak Sokhonn, Senior Minister and Minister of Foreign Affairs "
            "and International Cooperation of Cambodia, said Cambodia supports multilateralism.")
    [statement] = statements_for(attributor, text)
    assert statement.content.text == "Cambodia supports multilateralism"
    assert who(statement.speaker) == ("Prak Sokhonn", "KHM")


@pytest.mark.parametrize("phrase", [
    "Ngeow Chow Bing, director of the Institute of China Studies at the University of Malaya,",
    "Derek Grossman, a China analyst at RAND,",
])
def test_a_country_as_a_subject_of_study_is_no_nationality(reader: PersonReader, phrase: str) -> None:
    desc = reader.read(phrase)
    assert desc is not None and desc.iso3 is None


@pytest.mark.parametrize(("phrase", "iso3"), [
    ("North Korean leader Kim Jong Un", "PRK"),  # the whole name, not "Korean"
    ("Papua New Guinea Prime Minister James Marape", "PNG"),
    ("Lee Min, chief economist at the Japan Research Institute,", "JPN"),
    ("Wang Wei, a Chinese expert on Cambodia,", "CHN"),  # an adjective is a nationality
    ("Igor Driesmans, Head of the EU Delegation to Cambodia,", None),  # posted to
    ("John Smith, a critic of the Hong Kong government,", None),  # a subject
    ("Xie Feng, who arrived in Washington on Monday,", None),  # where a relative clause says they went
    ("Sun Chanthol, who is on an official visit to China,", None),
])
def test_a_persons_country_is_read_from_whole_names_not_postings_or_subjects(
    reader: PersonReader, phrase: str, iso3: str | None
) -> None:
    desc = reader.read(phrase)
    assert desc is not None and desc.iso3 == iso3


@pytest.mark.parametrize(("text", "iso3"), [
    ("The U.S. Embassy in Hanoi said Washington would provide 5 million dollars to clear unexploded bombs.", "USA"),
    ("The Chinese Embassy in Manila said the Philippines should stop provocations in the South China Sea.", "CHN"),
    ("China will help Cambodia build schools, the Chinese Embassy in Cambodia said.", "CHN"),
    ("The embassy in Hanoi said the US would help.", None),  # the host is not its country
])
def test_an_embassy_speaks_for_its_country_not_its_host(attributor: Attributor, text: str, iso3: str | None) -> None:
    [statement] = statements_for(attributor, text)
    assert statement.speaker is not None and statement.speaker.type == "organisation"
    assert statement.speaker.iso3 == iso3


def test_a_joint_subject_with_a_date_before_its_verb(attributor: Attributor) -> None:
    text = ("Party chief To Lam and Indonesian President Prabowo Subianto on March 10 agreed to upgrade ties to a "
            "comprehensive strategic partnership.")
    [statement] = statements_for(attributor, text)
    assert who(statement.speaker) == ("To Lam", "VNM")
    assert [who(c) for c in statement.co_speakers] == [("Prabowo Subianto", "IDN")]
