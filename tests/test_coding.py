"""The statement coder: relevance, pillars, sub-areas, mechanisms, tone, dyads and evidence."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import pytest

from amity.coding.coder import Coder
from amity.coding.framework import load_framework
from amity.model import Actor, Analysis, Coding, Document, Span, Statement


@pytest.fixture(scope="session")
def coder() -> Coder:
    return Coder(load_framework("three-pillars"))


@pytest.fixture(scope="session")
def seed(shared: Path) -> tuple[dict[str, Any], str]:
    gold: dict[str, Any] = json.loads((shared / "gold" / "seed.json").read_text("utf-8"))
    text = (shared / gold["document"]).read_text("utf-8")
    return gold, text


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding [start, end): from the previous sentence end to the next one."""
    left = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, 0)
    stops = [i for i in (text.find(". ", end - 1), text.find(".\n", end - 1), text.find('."', end - 1)) if i >= 0]
    right = min(stops) + 1 if stops else len(text)
    return left, right


@pytest.fixture(scope="session")
def seed_codings(seed: tuple[dict[str, Any], str], coder: Coder) -> list[tuple[dict[str, Any], Coding]]:
    gold, text = seed
    speaker = Actor(id="sok-soken", name="Sok Soken", type="person", iso3="KHM")
    analysis = Analysis(document=Document(text=text), framework="three-pillars")
    out = []
    for st in gold["statements"]:
        i = text.index(st["anchor"])
        start, end = _sentence_around(text, i, i + len(st["anchor"]))
        statement = Statement(content=Span(start, end, text[start:end]), kind=st["kind"], speaker=speaker)
        out.append((st, coder.code_statement(statement, analysis)))
    return out


def test_seed_primary_pillars(seed_codings: list[tuple[dict[str, Any], Coding]]) -> None:
    right = sum(c.primary_pillar == st["primary"] for st, c in seed_codings)
    assert right >= 14, [(st["primary"], c.primary_pillar) for st, c in seed_codings]


def test_seed_mechanisms_tone_dyads(seed_codings: list[tuple[dict[str, Any], Coding]],
                                    seed: tuple[dict[str, Any], str]) -> None:
    gold, text = seed
    found = {m for _, c in seed_codings for m in c.mechanisms}
    assert set(gold["mechanisms"]) <= found
    for st, c in seed_codings:
        assert c.relevant and c.tone == "cooperative", st["anchor"]
        assert ("CHN", "KHM") in c.dyads, (st["anchor"], c.dyads)
        assert "KHM" in c.countries
        for ev in c.evidence:
            assert text[ev.start:ev.end] == ev.text, ev
        assert any(ev.field == "pillar" and ev.value == c.primary_pillar for ev in c.evidence) or c.confidence < 0.5


def test_code_text_offsets_and_fields(coder: Coder) -> None:
    text = "Laos and China pledge to deepen Belt and Road cooperation on railways and trade"
    c = coder.code_text(text)
    assert c.relevant and c.primary_pillar == "P2" and c.tone == "cooperative"
    assert "BRI" in c.mechanisms and c.dyads == [("CHN", "LAO")]
    assert "infrastructure_connectivity" in c.sub_areas
    fields = {ev.field for ev in c.evidence}
    assert {"pillar", "sub_area", "mechanism", "tone", "relevance"} <= fields
    for ev in c.evidence:
        assert text[ev.start:ev.end] == ev.text
    assert 0.0 < c.confidence <= 1.0 and c.scores["P2"] > c.scores["P1"]


@pytest.mark.parametrize(
    ("text", "primary", "tone"),
    [
        ("Malaysian and Singaporean leaders meet in Putrajaya, pledge closer ties", "P1", "cooperative"),
        ("Cambodia's cassava exports to Thailand up 12 percent in first quarter", "P2", "neutral"),
        ("Thai doctors arrive in Myanmar to help treat malaria patients", "P3", "cooperative"),
        ("Hanoi accuses Beijing of violating its sovereignty over contested islands", "P1", "conflictual"),
        ("Japan and Australia sign an agreement on scholarships for university students", "P3", "cooperative"),
        # a cue inside a phrase that means something else counts for nothing: no "row" in "in a row"
        ("Thailand remains Japan's largest trading partner in Southeast Asia for the fifth year in a row", "P2",
         "cooperative"),
        # a demand to stop is no cooperation, though "must" so often is
        ("Vietnam says China's coast guard must stop harassing Vietnamese fishermen", "P1", "conflictual"),
        # tariffs imposed are a quarrel; tariffs cut are not
        ("US slaps 46% tariff on imports from Vietnam", "P2", "conflictual"),
        ("Vietnam and the US agree to cut tariffs on farm goods", "P2", "cooperative"),
    ],
)
def test_invented_examples(coder: Coder, text: str, primary: str, tone: str) -> None:
    c = coder.code_text(text)
    assert c.relevant and c.primary_pillar == primary and c.tone == tone, c


@pytest.mark.parametrize(
    "text",
    [
        "Malaysia logs 812 new COVID-19 cases and four deaths",
        "Magnitude 6 earthquake hits southern Philippines, two dead",
        "Local football club wins the national league title",
        "Thailand beat Vietnam 2-1 in the football final",
    ],
)
def test_not_relevant(coder: Coder, text: str) -> None:
    c = coder.code_text(text)
    assert not c.relevant and c.pillars == [] and c.primary_pillar is None and c.tone is None


@pytest.mark.parametrize(
    ("framework", "text", "primary", "sub_area"),
    [
        ("lmc", "China and Laos open a new cross-border railway to boost connectivity",
         "economic_sustainable_development", "connectivity"),
        ("bri", "China and Kenya sign a loan agreement with the Silk Road Fund", "financial_integration",
         "development_finance"),
        ("asean", "ASEAN ministers agree to cut tariffs under the RCEP free trade agreement", "AEC",
         "integrated_economy"),
        ("asean", "Vietnam and the Philippines hold talks on the South China Sea code of conduct", "APSC",
         "comprehensive_security"),
    ],
)
def test_other_frameworks_code_real_text(framework: str, text: str, primary: str, sub_area: str) -> None:
    c = Coder(load_framework(framework)).code_text(text)
    assert c.framework == framework and c.relevant
    assert c.primary_pillar == primary and sub_area in c.sub_areas, c


def test_an_amount_in_dollars_makes_no_us_dyad(coder: Coder) -> None:
    c = coder.code_text("China will provide 50 million U.S. dollars (US$50 million) in grant aid to Laos.")
    assert c.countries == ["CHN", "LAO"] and c.dyads == [("CHN", "LAO")], c
    alone = coder.code_text("Cambodia's rice exports reached 5 billion U.S. dollars last year.")
    assert "USA" not in alone.countries and alone.dyads == [], alone


def test_relevance_reads_joint_names_and_amounts(coder: Coder) -> None:
    assert coder.code_text("Inter-Korean ties thaw").countries == ["KOR", "PRK"]
    assert coder.code_text("A South Korean won the gold medal in Tokyo.").countries == ["KOR", "JPN"]
    assert coder.code_text("Exports to China reached 5 billion Hong Kong dollars.").countries == ["CHN"]


def test_election_congratulations_between_states_are_no_assembly_courtesy(coder: Coder) -> None:
    news = coder.code_text("President Xi Jinping congratulated Hun Manet on his election as Cambodia's premier.")
    assert news.relevant and news.dyads == [("CHN", "KHM")]
    assembly = "On behalf of Mongolia, I congratulate Ambassador Abdulla Shahid of Maldives on his election."
    assert not coder.code_text(assembly).relevant  # said at the Assembly, in the first person: a courtesy


def test_relevance_reads_the_taggers_adjectives(coder: Coder) -> None:
    # "Albanian" and "Guyanese" are in the actor gazetteer only; the dyads name them as the mentions do.
    assert coder.code_text("China and the Albanian government signed a trade deal.").dyads == [("ALB", "CHN")]
    assert coder.code_text("Guyanese and Chinese officials met in Georgetown.").countries == ["GUY", "CHN"]
    # Capitalised only, and not an adjective news also says of a region.
    assert "CAF" not in coder.code_text("China will help Central African countries build roads.").countries


def test_each_country_of_a_joint_source_is_a_party() -> None:
    from amity.pipeline import Pipeline

    pipeline = Pipeline("three-pillars", acts=False)
    # Japan and Vietnam lead the document, so only the joint source can make the statement Chinese-Cambodian.
    lead = "Japan and Vietnam signed a deal on Monday, officials said. "
    text = lead + "Xi Jinping and Hun Manet said they would deepen cooperation in education and health."
    statement = pipeline.analyze(Document(text=text)).statements[-1]
    assert statement.speaker is not None and statement.speaker.iso3 == "CHN"
    assert [a.name for a in statement.co_speakers] == ["Hun Manet"]
    assert statement.coding is not None and statement.coding.dyads == [("CHN", "KHM")]
    assert any(e.field == "dyad" and e.value == "KHM" and e.cue == "joint source" for e in statement.coding.evidence)
    alone = lead + "Xi Jinping said they would deepen cooperation in education and health."
    one = pipeline.analyze(Document(text=alone)).statements[-1]
    assert one.coding is not None and one.coding.dyads == []  # one party named: no dyad


def test_co_speakers_reach_the_json_output(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from amity.cli import app

    article = tmp_path / "joint.txt"
    article.write_text("Xi Jinping and Hun Manet said the two sides would deepen cooperation in education.\n",
                       encoding="utf-8")
    result = CliRunner().invoke(app, ["analyze", str(article), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["amity_json_version"] == "1.2"
    [statement] = data["documents"][0]["statements"]
    assert statement["speaker"]["name"] == "Xi Jinping"
    assert [(a["name"], a["country"]) for a in statement["co_speakers"]] == [("Hun Manet", "KHM")]


def test_countries_in_an_apposition_are_no_joint_source() -> None:
    from amity.pipeline import Pipeline

    text = "John Smith, a former US ambassador to Russia, said India and Pakistan should talk."
    [statement] = Pipeline("three-pillars", acts=False).analyze(Document(text=text)).statements
    assert statement.co_speakers == []
    assert statement.coding is not None and "RUS" not in statement.coding.countries


def test_a_leader_named_in_the_content_stands_for_the_country() -> None:
    from amity.pipeline import Pipeline

    text = "Cambodia and China are close partners. The spokesman said Xi would meet Biden next week."
    statement = Pipeline("three-pillars", acts=False).analyze(Document(text=text)).statements[-1]
    assert statement.coding is not None and "USA" in statement.coding.countries


def test_a_capital_for_its_government_stays_a_party() -> None:
    from amity.pipeline import Pipeline

    lead = "Thailand and Malaysia signed a trade pact on Monday, officials said. "
    text = lead + "The Cambodian foreign minister said Cambodia would resist pressure from Washington."
    statement = Pipeline("three-pillars", acts=False).analyze(Document(text=text)).statements[-1]
    assert statement.coding is not None and statement.coding.dyads == [("KHM", "USA")]


def test_a_capital_where_it_happened_is_no_party() -> None:
    from amity.pipeline import Pipeline

    text = "The spokesman said Chinese and U.S. defence ministers would hold talks in Jakarta on Friday."
    [statement] = Pipeline("three-pillars", acts=False).analyze(Document(text=text)).statements
    assert "Jakarta" in statement.content.text
    assert statement.coding is not None and statement.coding.dyads == [("CHN", "USA")]
    assert "IDN" not in statement.coding.countries


@pytest.mark.parametrize(
    ("text", "dyads"),
    [
        # Two parties without the host: the country where they met is the place.
        ("The spokesman said Chinese and U.S. defence ministers would hold talks in Singapore on Friday.",
         [("CHN", "USA")]),
        # Only one party without it: the host is the other party.
        ("The spokesman said China would hold talks in Vietnam on Friday.", [("CHN", "VNM")]),
        # No venue word before "in": a party ("invest in Vietnam").
        ("China and Japan will invest in Vietnam, the minister said.",
         [("CHN", "JPN"), ("CHN", "VNM"), ("JPN", "VNM")]),
        # Another phrase between the venue word and "in": the country is the topic or the target.
        ("The minister said China and Russia held talks on the war in Ukraine.",
         [("CHN", "RUS"), ("CHN", "UKR"), ("RUS", "UKR")]),
        ("The minister said China and Japan agreed at the summit to invest in Laos.",
         [("CHN", "JPN"), ("CHN", "LAO"), ("JPN", "LAO")]),
        ("The minister said Chinese and Russian warships held exercises near Japan.",
         [("CHN", "JPN"), ("CHN", "RUS"), ("JPN", "RUS")]),
        # A time between the venue word and "in", and places listed after the first.
        ("The minister said Chinese and U.S. officials met on Monday in Singapore and Malaysia.", [("CHN", "USA")]),
    ],
)
def test_a_host_country_is_a_party_only_when_needed(text: str, dyads: list[tuple[str, str]]) -> None:
    from amity.pipeline import Pipeline

    [statement] = Pipeline("three-pillars", acts=False).analyze(Document(text=text)).statements
    assert statement.coding is not None and statement.coding.dyads == dyads


def test_a_city_where_leaders_met_is_no_party_when_no_country_is_named() -> None:
    """With no country name in the text, the coder falls back to the gazetteer's cities and leaders."""
    from amity.pipeline import Pipeline

    text = "The spokesman said Biden and Putin would hold talks in Geneva on Friday."
    analysis = Pipeline("three-pillars", acts=False).analyze(Document(text=text))
    assert analysis.mentions == []  # the fallback is what is tested
    [statement] = analysis.statements
    assert statement.coding is not None and statement.coding.dyads == [("RUS", "USA")]
    assert "CHE" not in statement.coding.countries
    far = Pipeline("three-pillars", acts=False).analyze(Document(text="Putin said Geneva had been a good host."))
    assert [s.coding.countries for s in far.statements if s.coding] == [["RUS", "CHE"]]


def test_dyad_from_both_countries(coder: Coder) -> None:
    text = "Cambodia and China are close friends. Both countries should expand trade, the minister said."
    start = text.index("Both")
    statement = Statement(content=Span(start, len(text), text[start:]), kind="indirect",
                          speaker=Actor(id="x", name="X", type="person", iso3="KHM"))
    c = coder.code_statement(statement, Analysis(document=Document(text=text), framework="three-pillars"))
    assert c.dyads == [("CHN", "KHM")] and c.primary_pillar == "P2"
    assert any(ev.field == "dyad" for ev in c.evidence)


def test_codes_real_headlines(coder: Coder, shared: Path) -> None:
    """Every headline gets a coding; some are relevant. Speed is measured in benchmarks/, not here."""
    path = shared / "corpus" / "headlines" / "headlines_all.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh)
        header = next(reader)
        col = next((i for i, h in enumerate(header) if "title" in h.lower() or "headline" in h.lower()), 0)
        texts = [row[col] for _, row in zip(range(3000), reader, strict=False) if len(row) > col]
    codings = [coder.code_text(t) for t in texts]
    assert len(codings) == len(texts) > 1000
    relevant = sum(1 for c in codings if c.relevant)
    assert 0.05 * len(texts) < relevant < 0.95 * len(texts)


@pytest.mark.parametrize("framework", ["lmc", "asean"])
def test_other_frameworks_agree_with_three_pillar_gold(framework: str, shared: Path) -> None:
    """LMC and ASEAN pillars line up with P1/P2/P3; their own cues should mostly agree with that gold."""
    coder = Coder(load_framework(framework))
    same = dict(zip(("P1", "P2", "P3"), coder.framework.pillar_ids, strict=False))
    right = total = 0
    for line in (shared / "gold" / "headlines-dev.jsonl").read_text("utf-8").splitlines():
        item = json.loads(line)
        if item["relevant"]:
            total += 1
            right += coder.code_text(item["text"]).primary_pillar == same[item["primary"]]
    assert right / total >= 0.65, right / total


def test_not_cues_hide_only_the_cue_inside_them() -> None:
    from amity.coding.cues import CueMatcher

    matcher: CueMatcher[str] = CueMatcher()
    matcher.add("row", "conflictual", 1.5)
    matcher.add("court", "cooperative", 1.0)
    matcher.add_masks(["in a row", "supreme court"])
    text = "A row over fishing flared for the third year in a row before the Supreme Court; Japan courts Laos."
    assert [(h.text, h.targets) for h in matcher.find(text)] == [
        ("row", (("conflictual", 1.5),)), ("courts", (("cooperative", 1.0),)),
    ]


def test_a_party_from_the_document_has_its_first_mention_as_evidence() -> None:
    from amity.pipeline import Pipeline

    text = ("PHNOM PENH, Dec 1 (Xinhua) -- Cambodia and China vowed to deepen their ironclad friendship.\n\n"
            '"Cambodia will never allow any foreign military base on its soil," Hun Sen said.')
    analysis = Pipeline().analyze(Document(text=text))
    quote = next(s for s in analysis.statements if "military base" in s.content.text)
    assert quote.coding is not None and quote.coding.dyads == [("CHN", "KHM")]
    china = [ev for ev in quote.coding.evidence if ev.field == "dyad" and ev.value == "CHN"]
    assert [(ev.text, ev.cue, text[ev.start:ev.end]) for ev in china] == [
        ("China", "the document's main pair", "China")
    ]



@pytest.mark.parametrize(("text", "tone", "event"), [
    ("Beijing criticized Japan's security ties with the Philippines.", "conflictual", "ACCUSE"),
    ("Western governments have condemned the visit by the Chinese delegation to Myanmar.", "conflictual", "ACCUSE"),
    ("Vietnam rejected China's fishing ban in the South China Sea.", "conflictual", "REJECT"),
    # a verb of no stance leaves the content's own reading
    ("Foreign Minister Wang Yi said China and Cambodia will deepen cooperation.", "cooperative", "AGREE"),
])
def test_the_reporting_verb_carries_the_stance(text: str, tone: str, event: str) -> None:
    from amity.pipeline import Pipeline

    [statement] = Pipeline().analyze(Document(text=text)).statements
    assert statement.coding is not None and (statement.coding.tone, statement.coding.event_type) == (tone, event)
    assert statement.cue is not None and statement.cue.text not in statement.content.text  # content stays as read
