"""The actor gazetteer: countries and organisations, their mention kinds, false positives, data files."""

from __future__ import annotations

from pathlib import Path

import pycountry
import pytest

from amity.errors import DataFileError
from amity.model import Mention
from amity.nlp.actors import ActorTagger, countries_in, country_of
from amity.nlp.sentences import split_sentences


@pytest.fixture(scope="session")
def tagger() -> ActorTagger:
    return ActorTagger.default()


def found(tagger: ActorTagger, text: str) -> list[tuple[str, str, str]]:
    mentions, _ = tagger.tag(text)
    return [(m.text, m.actor_id, m.kind) for m in mentions]


def test_default_is_cached(tagger: ActorTagger) -> None:
    assert ActorTagger.default() is tagger


def test_every_iso_country_is_known(tagger: ActorTagger) -> None:
    for record in pycountry.countries:
        actor = tagger.country(record.alpha_3)
        assert actor is not None, record.alpha_3
        assert actor.iso3 == actor.id == record.alpha_3 and actor.type == "country"


@pytest.mark.parametrize(
    ("text", "iso3", "kind"),
    [
        ("China", "CHN", "name"),
        ("Laos", "LAO", "name"),
        ("Lao PDR", "LAO", "name"),
        ("Vietnam", "VNM", "name"),
        ("Viet Nam", "VNM", "name"),
        ("South Korea", "KOR", "name"),
        ("Korea", "KOR", "name"),
        ("North Korea", "PRK", "name"),
        ("Democratic People's Republic of Korea", "PRK", "name"),
        ("DPRK", "PRK", "acronym"),
        ("the Philippines", "PHL", "name"),
        ("Taiwan", "TWN", "name"),
        ("Hong Kong", "HKG", "name"),
        ("Macao", "MAC", "name"),
        ("Macau", "MAC", "name"),
        ("U.S.", "USA", "acronym"),
        ("US", "USA", "acronym"),
        ("UK", "GBR", "acronym"),
        ("Burma", "MMR", "alias"),
        ("Cambodian", "KHM", "adjective"),
        ("Cambodians", "KHM", "adjective"),
        ("Chinese", "CHN", "adjective"),
        ("Filipino", "PHL", "adjective"),
        ("Lao", "LAO", "adjective"),
        ("Beijing", "CHN", "capital"),
        ("Phnom Penh", "KHM", "capital"),
        ("Washington", "USA", "capital"),
        ("Hanoi", "VNM", "capital"),
        ("Côte d'Ivoire", "CIV", "name"),
        ("Cote d’Ivoire", "CIV", "name"),
        ("Kingdom of Cambodia", "KHM", "name"),
        ("Niger", "NER", "name"),
        ("Nigeria", "NGA", "name"),
        ("Papua New Guinea", "PNG", "name"),
        ("Guinea", "GIN", "name"),
        ("Türkiye", "TUR", "name"),
        ("Turkey", "TUR", "name"),
    ],
)
def test_country_forms(tagger: ActorTagger, text: str, iso3: str, kind: str) -> None:
    mentions, actors = tagger.tag(f"Talks with {text} resumed.")
    assert len(mentions) == 1, mentions
    mention = mentions[0]
    assert (mention.actor_id, mention.kind) == (iso3, kind)
    assert actors[iso3].iso3 == iso3 and actors[iso3].type == "country"
    assert mention.text == text.removeprefix("the ")


@pytest.mark.parametrize(
    ("text", "org_id"),
    [
        ("ASEAN", "ORG:ASEAN"),
        ("Association of Southeast Asian Nations", "ORG:ASEAN"),
        ("United Nations", "ORG:UN"),
        ("UN", "ORG:UN"),
        ("UN Development Programme", "ORG:UNDP"),
        ("World Health Organisation", "ORG:WHO"),
        ("WHO", "ORG:WHO"),
        ("WTO", "ORG:WTO"),
        ("IMF", "ORG:IMF"),
        ("World Bank", "ORG:WB"),
        ("AIIB", "ORG:AIIB"),
        ("Asian Development Bank", "ORG:ADB"),
        ("Shanghai Cooperation Organisation", "ORG:SCO"),
        ("BRICS", "ORG:BRICS"),
        ("G20", "ORG:G20"),
        ("APEC", "ORG:APEC"),
        ("NATO", "ORG:NATO"),
        ("African Union", "ORG:AU"),
        ("European Union", "ORG:EU"),
        ("EU", "ORG:EU"),
    ],
)
def test_organisations(tagger: ActorTagger, text: str, org_id: str) -> None:
    mentions, actors = tagger.tag(f"The {text} said so.")
    assert [(m.actor_id, m.text) for m in mentions] == [(org_id, text)]
    assert actors[org_id].type == "organisation" and actors[org_id].iso3 is None


def test_un_agency_has_parent(tagger: ActorTagger) -> None:
    _, actors = tagger.tag("UNICEF")
    assert actors["ORG:UNICEF"].organisation == "United Nations"


@pytest.mark.parametrize(
    "text",
    [
        "the people of us all",  # lower-case "us" is a pronoun
        "the Us and Them tour",  # acronyms match case-sensitively
        "China Daily reported it.",
        "Phnom Penh Post reported it.",
        "in the South China Sea",
        "across the Indian Ocean",
        "fine china and roast turkey",
        "Jordan Henderson and Chad Smith scored.",
        "a dunk by Michael Jordan",
        "New Mexico and New Jersey",
        "the Paris Agreement and the Rome Statute",
        "a pledge of US$50 million",
        "who said what",
        "in Latin America",
        "at Peking University",
        "in the South China sea",
        "RUSSIA TODAY and Russia Today",
        "USA Today reported",
        "grants worth 50 million U.S. dollars",
        "priced at 5 billion Hong Kong dollars and 3.5 million Singapore dollars",
        "a fee of 1,000 Japanese yen or 300 Thai baht",
    ],
)
def test_false_positives(tagger: ActorTagger, text: str) -> None:
    assert found(tagger, text) == []


def test_outlet_blockers_are_case_sensitive(tagger: ActorTagger) -> None:
    assert [m[1] for m in found(tagger, "The minister visited Russia today and China daily.")] == ["RUS", "CHN"]


def test_currency_hides_only_its_own_country(tagger: ActorTagger) -> None:
    text = "China will provide 50 million U.S. dollars in aid to Laos, the U.S. embassy said."
    assert [m[1] for m in found(tagger, text)] == ["CHN", "LAO", "USA"]


def test_currency_words_without_an_amount_name_the_country(tagger: ActorTagger) -> None:
    assert [m[1] for m in found(tagger, "A South Korean won the gold medal.")] == ["KOR"]
    assert [m[1] for m in found(tagger, "Sanctions sent the Russian ruble to a record low.")] == ["RUS"]


def test_abbreviated_koreas(tagger: ActorTagger) -> None:
    assert [m[1] for m in found(tagger, "N.Korea fires missile as S. Korea watches")] == ["PRK", "KOR"]


def test_first_name_guard_keeps_the_country(tagger: ActorTagger) -> None:
    assert [m[1] for m in found(tagger, "Jordan King Abdullah met Chad officials in Jordan.")] == [
        "JOR", "TCD", "JOR"
    ]
    assert [m[1] for m in found(tagger, "Egypt, Israel and Jordan; King Abdullah of Jordan")] == [
        "EGY", "ISR", "JOR", "JOR"
    ]


def test_longest_match_and_word_boundaries(tagger: ActorTagger) -> None:
    text = "Papua New Guinea, Guinea-Bissau, Equatorial Guinea, Guinea, Niger, Nigeria and North Korean troops."
    assert [m[1] for m in found(tagger, text)] == ["PNG", "GNB", "GNQ", "GIN", "NER", "NGA", "PRK"]


def test_hyphenated_and_possessive(tagger: ActorTagger) -> None:
    text = "Cambodia-China ties and China's role, Sino-Cambodian trade"
    assert [m[1] for m in found(tagger, text)] == ["KHM", "CHN", "CHN", "CHN", "KHM"]


def test_names_broken_by_line_breaks_or_no_break_spaces(tagger: ActorTagger) -> None:
    text = "in Phnom\nPenh and Viet\u00a0Nam"
    mentions, _ = tagger.tag(text)
    assert [(m.actor_id, m.text) for m in mentions] == [("KHM", "Phnom\nPenh"), ("VNM", "Viet\u00a0Nam")]


def test_offsets_slice_the_text(tagger: ActorTagger) -> None:
    text = "PHNOM PENH, April 19 -- Cambodia and the U.S. met ASEAN."
    mentions, _ = tagger.tag(text)
    assert [m.text for m in mentions] == ["PHNOM PENH", "Cambodia", "U.S.", "ASEAN"]
    for m in mentions:
        assert text[m.start:m.end] == m.text


def test_country_of() -> None:
    assert country_of("Cambodian Foreign Ministry") == "KHM"
    assert country_of("Ministry of Foreign Affairs of the People's Republic of China") == "CHN"
    assert country_of("Vietnamese Prime Minister") == "VNM"
    assert country_of("the spokesperson") is None
    assert country_of("ASEAN Secretariat") is None


def test_countries_in() -> None:
    mentions = [
        Mention("KHM", 0, 8, "Cambodia"),
        Mention("ORG:ASEAN", 10, 15, "ASEAN", "acronym"),
        Mention("CHN", 20, 25, "China"),
        Mention("KHM", 30, 39, "Cambodian", "adjective"),
        Mention("VNM", 50, 57, "Vietnam"),
    ]
    _, actors = ActorTagger.default().tag("Cambodia ASEAN China Vietnam")
    assert countries_in(mentions, actors, 0, 40) == ["KHM", "CHN"]
    assert countries_in(mentions, actors, 20, 50) == ["CHN", "KHM"]
    assert countries_in(mentions, actors, 21, 49) == ["KHM"]
    assert countries_in(mentions, actors, 0, 100) == ["KHM", "CHN", "VNM"]
    # Mentions whose actor is not in the dict are skipped rather than guessed.
    assert countries_in(mentions, {}, 0, 100) == []


def test_seed_article(shared: Path, tagger: ActorTagger) -> None:
    text = next((shared / "corpus" / "seed").glob("*.txt")).read_text(encoding="utf-8")
    mentions, actors = tagger.tag(text)
    assert {"KHM", "CHN", "ORG:ASEAN"} <= set(actors)
    assert {a.id for a in actors.values() if a.type == "country"} == {"KHM", "CHN"}
    adjectives = {(m.text, m.actor_id) for m in mentions if m.kind == "adjective"}
    assert ("Cambodian", "KHM") in adjectives and ("Chinese", "CHN") in adjectives
    assert any(m.kind == "capital" and m.actor_id == "KHM" for m in mentions)  # the PHNOM PENH dateline
    dateline = next(s for s in split_sentences(text) if text[s.start:s.end].startswith("PHNOM PENH"))
    assert countries_in(mentions, actors, dateline.start, dateline.end) == ["KHM", "CHN"]


def test_ungdc_speeches_name_their_own_state(shared: Path, tagger: ActorTagger) -> None:
    """Speed is measured in benchmarks/bench_actors.py, not asserted here."""
    folder = shared / "corpus" / "ungdc" / "speeches"
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    results = {name: tagger.tag(text) for name, text in texts.items()}
    # A state names itself in its own General Debate speech in most years.
    own = sum(1 for name, (_, actors) in results.items() if name[:3] in actors)
    assert own >= 0.8 * len(texts)


# --- data file validation -------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_custom_files_load(tmp_path: Path) -> None:
    countries = _write(tmp_path, "c.yaml", "version: 1\ncountries:\n  KHM: {adjectives: [Khmerish]}\n")
    orgs = _write(tmp_path, "o.yaml", "version: 1\norganisations:\n  ORG:X: {name: Example Org, acronyms: [XO]}\n")
    tagger = ActorTagger.from_files(countries, orgs)
    assert [(m.actor_id, m.kind) for m in tagger.tag("Khmerish XO")[0]] == [
        ("KHM", "adjective"), ("ORG:X", "acronym")
    ]


def test_blockers_file(tmp_path: Path) -> None:
    countries = _write(tmp_path, "c.yaml", "version: 1\ncountries: {}\n")
    orgs = _write(tmp_path, "o.yaml", "version: 1\norganisations: {}\n")
    blockers = _write(tmp_path, "b.yaml", (
        "version: 1\nblockers:\n  outlets: [Cambodia Herald]\n"
        "  places: {any_case: true, phrases: [Cambodia Lane]}\n"
    ))
    tagger = ActorTagger.from_files(countries, orgs, blockers)
    text = "Cambodia Herald, CAMBODIA HERALD, Cambodia herald, cambodia lane, Cambodia LANE"
    assert [m.text for m in tagger.tag(text)[0]] == ["Cambodia"]
    bad = _write(tmp_path, "bad.yaml", "version: 1\nblockers:\n  places: {anycase: true, phrases: [X]}\n")
    with pytest.raises(DataFileError, match=r"blockers\.places"):
        ActorTagger.from_files(countries, orgs, bad)


@pytest.mark.parametrize(
    ("countries", "orgs", "field"),
    [
        ("version: 2\ncountries: {}\n", None, "version"),
        ("countries: {}\n", None, "version"),
        ("version: 1\n", None, "countries"),
        ("version: 1\ncountries:\n  KH: {}\n", None, "countries.KH"),
        ("version: 1\ncountries:\n  QQQ: {names: [Qland]}\n", None, "countries.QQQ"),
        ("version: 1\ncountries:\n  KHM: {adjectivs: [X]}\n", None, "countries.KHM"),
        ("version: 1\ncountries:\n  KHM: {adjectives: Cambodian, capitals: [1]}\n", None, "countries.KHM.capitals"),
        ("version: 1\ncountries:\n  KHM: {names: [Zed]}\n  CHN: {names: [Zed]}\n", None, "Zed"),
        ("version: 1\ncountries: {}\n", "version: 1\norganisations:\n  ASEAN: {name: A}\n", "organisations.ASEAN"),
        ("version: 1\ncountries: {}\n", "version: 1\norganisations:\n  ORG:A: {acronyms: [A]}\n",
         "organisations.ORG:A.name"),
        ("version: 1\ncountries: {}\n", "version: 1\norganisations:\n  ORG:A: {name: A, parent: ORG:B}\n",
         "organisations.ORG:A.parent"),
        ("version: 1\ncountries: [\n", None, "YAML"),
    ],
)
def test_invalid_files_raise_data_file_error(tmp_path: Path, countries: str, orgs: str | None, field: str) -> None:
    c = _write(tmp_path, "countries.yaml", countries)
    o = _write(tmp_path, "orgs.yaml", orgs or "version: 1\norganisations: {}\n")
    with pytest.raises(DataFileError) as info:
        ActorTagger.from_files(c, o)
    error = info.value
    assert field in error.message
    assert error.input is not None and error.input.endswith(".yaml")
    assert error.hint
