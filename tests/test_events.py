"""PLOVER event typing and commitment classes on constructed news sentences."""

from __future__ import annotations

from pathlib import Path

import pytest

from amity.coding.commitment import CommitmentClassifier
from amity.coding.cuepatterns import CuePatternSet, inflect
from amity.coding.event_lexicon import EventLexicon
from amity.coding.events import EventClassifier, classify_commitment, classify_event
from amity.errors import DataFileError
from amity.model import PLOVER_TYPES

# One or more sentences per PLOVER type, written for this test in wire-news style.
TYPED = [
    ("AGREE", "Vietnam and Cambodia agreed to boost cross-border trade."),
    ("AGREE", "The rebels offered to lay down their weapons in exchange for an amnesty."),
    ("AGREE", "The two leaders vowed to deepen security cooperation."),
    ("AGREE", "China will send a medical team to Laos next month."),
    ("AGREE", "The government and the insurgents reached an agreement on a ceasefire."),
    ("AGREE", "Thailand said it was ready to resume negotiations with Myanmar."),
    ("CONSULT", "Prime Minister Hun Sen met the Chinese ambassador in Phnom Penh on Monday."),
    ("CONSULT", "The Malaysian foreign minister held talks with his Singaporean counterpart."),
    ("CONSULT", "Chinese President Xi Jinping spoke by telephone with the French president."),
    ("SUPPORT", "The European Union praised Ghana for its peaceful elections."),
    ("SUPPORT", "Laos and Vietnam signed a memorandum on border management."),
    ("SUPPORT", "Bhutan and India established diplomatic relations in 1968."),
    ("CONCEDE", "The junta lifted restrictions on political parties."),
    ("CONCEDE", "The president pardoned 300 political prisoners."),
    ("CONCEDE", "The Japanese prime minister apologized for wartime atrocities."),
    ("COOPERATE", "Indian and Japanese navies held joint exercises in the Bay of Bengal."),
    ("COOPERATE", "Thailand extradited a British fugitive to the United Kingdom."),
    ("COOPERATE", "Jordan shared intelligence with Saudi Arabia on the militant network."),
    ("AID", "Australia donated 10,000 tonnes of rice to East Timor."),
    ("AID", "Sweden granted asylum to the dissident journalist."),
    ("AID", "The IMF approved a 3 billion dollar loan for Egypt."),
    ("AID", "Japan handed over 20 demining vehicles to Cambodia on Monday."),  # a handover of aid, no retreat
    ("RETREAT", "Russian troops withdrew from the Georgian town of Gori."),
    ("RETREAT", "The militants released 20 hostages on Sunday."),
    ("RETREAT", "The defence minister resigned after the scandal."),
    ("RETREAT", "Pakistan reopened the border crossing with Afghanistan."),
    ("RETREAT", "The rebels handed over control of the town to government forces."),
    ("REQUEST", "The opposition demanded the resignation of the interior minister."),
    ("REQUEST", "Manila called on Beijing to respect the arbitral ruling."),
    ("REQUEST", "The Foreign Ministry said Israel must halt settlement construction."),
    ("ACCUSE", "Seoul condemned the missile launch by Pyongyang."),
    ("ACCUSE", "The United States accused Iran of arming the militias."),
    ("ACCUSE", "Prosecutors charged the former minister with corruption."),
    ("REJECT", "Ethiopia rejected Egypt's proposal on the dam."),
    ("REJECT", "Russia vetoed the draft resolution."),
    ("REJECT", "The prime minister ruled out early elections."),
    ("THREATEN", "North Korea threatened to retaliate against any strike."),
    ("THREATEN", "Washington said it would impose sanctions on any company trading with the regime."),
    ("PROTEST", "Farmers blocked the highway to protest against fuel prices."),
    ("PROTEST", "Hundreds of protesters rallied outside the embassy."),
    ("PROTEST", "Detainees went on a hunger strike to protest their conditions."),
    ("SANCTION", "Bahrain severed diplomatic ties with Qatar."),
    ("SANCTION", "Canada recalled its ambassador from Riyadh."),
    ("SANCTION", "Washington suspended military aid to Egypt."),
    ("SANCTION", "The United States imposed a 46% tariff on imports from Vietnam."),
    ("MOBILIZE", "Beijing deployed warships near the disputed islands."),
    ("MOBILIZE", "The army put its troops on high alert along the border."),
    ("MOBILIZE", "North Korea test-fired two ballistic missiles."),
    ("COERCE", "Police arrested 40 opposition activists in Dhaka."),
    ("COERCE", "The authorities imposed martial law in the province."),
    ("COERCE", "Malaysia deported 200 Indonesian migrants."),
    ("ASSAULT", "Gunmen killed five soldiers in an ambush near the border."),
    ("ASSAULT", "Israeli aircraft bombed targets in Gaza overnight."),
    ("ASSAULT", "Artillery shelled villages on both sides of the frontier."),
]


@pytest.fixture(scope="session")
def classifier() -> EventClassifier:
    return EventClassifier.default()


def test_every_plover_type_is_covered_by_the_cases() -> None:
    assert {t for t, _ in TYPED} == set(PLOVER_TYPES)


@pytest.mark.parametrize(("expected", "text"), TYPED)
def test_constructed_sentence_gets_its_type(expected: str, text: str, classifier: EventClassifier) -> None:
    got, evidence = classifier.classify(text)
    assert got == expected
    assert evidence and all(ev.field == "event_type" and ev.value == expected for ev in evidence)


@pytest.mark.parametrize(("expected", "text"), [
    ("REJECT", "The government refused to sign the treaty."),
    ("REJECT", "Syria says it will not accept any more refugees."),
    ("REJECT", "Myanmar has not signed the convention."),
    ("REJECT", "The two sides failed to reach an agreement."),
    ("AGREE", "The ministers said they would meet again in May."),
    ("AGREE", "Hungary has said it will support the resolution."),
    ("THREATEN", "The union said it will strike next week unless wages rise."),
    ("THREATEN", "The militia has sworn to fight until it controls the valley."),
    ("MOBILIZE", "The army prepared to resume shelling rebel positions."),
    ("REQUEST", "The envoy said both sides must reach an agreement soon."),
    ("REQUEST", "The judge ordered the former president to appear for questioning."),
    ("COERCE", "The government ordered the newspaper to suspend publication."),
    (None, "The troops did not attack the village."),
    ("AGREE", "The aid is expected to arrive next week."),
    ("MOBILIZE", "The minister ordered troops to the border."),
    ("SANCTION", "Two Iranian diplomats were expelled from Bahrain on Tuesday."),
    ("CONCEDE", "The military junta agreed to the protesters' demand for elections."),
])
def test_negation_modality_and_frames(expected: str | None, text: str, classifier: EventClassifier) -> None:
    assert classifier.classify(text)[0] == expected


def test_main_event_wins_over_background_clauses(classifier: EventClassifier) -> None:
    # the opening adjunct and the appositive hold cues of other types
    text = ("After weeks of fighting, the president, a former general, agreed to hold talks with the rebels.")
    assert classifier.classify(text)[0] == "AGREE"
    assert classifier.classify("Officials said lifting the sanctions is out of the question.")[0] == "REJECT"
    assert classifier.classify("The mediators withdrew from the peace process.")[0] == "SANCTION"
    assert classifier.classify("The kidnappers freed the three aid workers unharmed.")[0] == "RETREAT"
    # ...but protesters are the protest: what they demand is its topic
    assert classifier.classify("Protesters demanded the resignation of the mayor.")[0] == "PROTEST"


def test_exercises_are_cooperation_only_when_joint(classifier: EventClassifier) -> None:
    assert classifier.classify("The navy held exercises off the coast.")[0] == "MOBILIZE"
    assert classifier.classify("The navy held exercises with Australian ships.")[0] == "COOPERATE"


def test_evidence_spans_carry_the_offset(classifier: EventClassifier) -> None:
    text = "Thailand extradited a British fugitive."
    etype, evidence = classifier.classify(text, offset=100)
    assert etype == "COOPERATE"
    ev = evidence[0]
    assert (ev.start, ev.end, ev.text) == (109, 119, "extradited")
    assert text[ev.start - 100:ev.end - 100] == ev.text
    assert "extradite" in ev.cue


def test_frame_evidence_names_frame_and_complement(classifier: EventClassifier) -> None:
    _, evidence = classifier.classify("Libya offered to hand over the two suspects.")
    assert [ev.text for ev in evidence] == ["offered", "hand over the two suspects"]  # a handover of persons
    assert evidence[0].value == evidence[1].value == "AGREE"


def test_no_event_in_plain_text() -> None:
    assert classify_event("The weather in Phnom Penh was hot on Monday.") == (None, [])
    assert classify_event("") == (None, [])


@pytest.mark.parametrize(("expected", "text"), [
    ("act", "China and Cambodia signed three agreements on Monday."),
    ("act", "The bridge was handed over to the Lao government last week."),
    ("act", "The first trains launched on the new railway in December."),
    ("pledge", "China will continue to support Cambodia's development."),
    ("pledge", "Both sides pledged to deepen cooperation in agriculture."),
    ("pledge", "The ministers agreed to expand trade."),
    ("pledge", "Vietnam is committed to opening up its economy."),
    ("aspiration", "The two countries should strengthen people-to-people exchanges."),
    ("aspiration", "We hope to sign the free trade agreement next year."),
    ("aspiration", "He called for closer cooperation on public health."),
    ("aspiration", "It is imperative that both sides respect the ceasefire."),
    (None, "China is Cambodia's largest trading partner."),
    ("act", "The delegation toured the new port."),
    ("pledge", "The bridge is expected to open in 2026."),
    (None, "The ministry did not sign the agreement."),
])
def test_commitment_classes(expected: str | None, text: str) -> None:
    got, evidence = classify_commitment(text, offset=7)
    assert got == expected
    if expected is None:
        assert evidence == []
    else:
        ev = evidence[0]
        assert ev.field == "commitment" and ev.value == expected
        assert text[ev.start - 7:ev.end - 7] == ev.text


def test_inflection_handles_regular_doubling_and_irregular_verbs() -> None:
    assert {"agree", "agrees", "agreed", "agreeing"} <= set(inflect("agree"))
    assert {"ban", "banned", "banning"} <= set(inflect("ban"))
    assert {"expelled", "expelling", "committed"} <= set(inflect("expel") + inflect("commit"))
    assert {"met", "meeting"} <= set(inflect("meet")) and "meeted" not in inflect("meet")
    assert {"withdrew", "withdrawn"} <= set(inflect("withdraw"))
    assert {"rallies", "rallied"} <= set(inflect("rally"))


def test_cue_patterns_gap_optional_and_negative_lookahead() -> None:
    cues: CuePatternSet[str] = CuePatternSet()
    cues.add("impose+ *3 sanctions", "S")
    cues.add("meet+ !demands", "C")
    cues.add("threaten+", "T")
    found = [(m.text, m.value) for m in cues.find("They imposed tough new sanctions and met envoys.")]
    assert found == [("imposed tough new sanctions", "S"), ("met", "C")]
    assert cues.find("It meets demands.") == []
    assert cues.find("a long-threatened invasion") == []  # compound tails are not cues


def test_bad_lexicon_names_file_and_field(tmp_path: Path) -> None:
    bad = tmp_path / "events.yaml"
    bad.write_text("version: 1\ntypes:\n  AGREEMENT:\n    quad: verbal_cooperation\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        EventLexicon.load(bad)
    assert "types.AGREEMENT" in str(info.value) and str(bad) in str(info.value)
    bad.write_text("types: {}\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="version"):
        EventLexicon.load(bad)


def test_bad_commitment_lexicon_names_the_pattern(tmp_path: Path) -> None:
    bad = tmp_path / "commitment.yaml"
    bad.write_text(
        "version: 1\nclasses:\n  act: {cues: ['*2 signed']}\n  pledge: {cues: [will]}\n"
        "  aspiration: {cues: [should]}\n",
        encoding="utf-8",
    )
    with pytest.raises(DataFileError, match=r"classes\.act\.cues\[0\]"):
        CommitmentClassifier.load(bad)


def test_bundled_lexicons_carry_versions() -> None:
    assert EventLexicon.load().version
    assert CommitmentClassifier.load().version
