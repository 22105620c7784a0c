"""Wire datelines are read one way everywhere: the readers take the place, the attribution rules skip them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from amity.ingest import read_documents
from amity.ingest.wire import parse_wire
from amity.model import Document
from amity.nlp.actors import ActorTagger
from amity.nlp.attribution import Attributor
from amity.nlp.dateline import match_dateline
from amity.nlp.sentences import split_sentences


@pytest.mark.parametrize(("text", "place", "agency"), [
    ("PHNOM PENH, April 19 (Xinhua) -- Hun Sen said", "PHNOM PENH", "Xinhua"),
    ("WASHINGTON, Oct 5 (Reuters) - Blinken said", "WASHINGTON", "Reuters"),
    ("Hanoi (VNA) – Deputy Prime Minister Tran Hong Ha said", "Hanoi", "VNA"),
    ("Ho Chi Minh City (VNA) – The city said", "Ho Chi Minh City", "VNA"),
    ("BEIJING, Feb. 20 -- Mao Ning said", "BEIJING", None),
    ("UNITED NATIONS, N.Y., Oct. 11 (Xinhua) -- Guterres said", "UNITED NATIONS, N.Y.", "Xinhua"),
])
def test_the_forms_of_a_dateline(text: str, place: str, agency: str | None) -> None:
    found = match_dateline(text)
    assert found is not None and (found.place, found.agency) == (place, agency)
    assert text[found.end:found.end + 1].isupper()


@pytest.mark.parametrize("text", ["US - China ties deepen", "Trade – a key pillar – rose", "ASEAN-China trade grew",
                                  "SIHANOUKVILLE - the port grew"])
def test_what_is_no_dateline(text: str) -> None:
    assert match_dateline(text) is None


def test_the_readers_take_the_place(tmp_path: Path) -> None:
    wire = parse_wire("Vietnam, China sign deal\n\nHanoi (VNA) – Vietnam and China signed a trade deal on Monday.\n")
    assert (wire.dateline, wire.text) == ("Hanoi", "Vietnam and China signed a trade deal on Monday.")
    path = tmp_path / "a.jsonl"
    text = "WASHINGTON, Oct 5 (Reuters) - The United States and Vietnam signed a deal."
    path.write_text(json.dumps({"text": text}) + "\n", encoding="utf-8")
    [doc] = [d for d in read_documents([path]) if isinstance(d, Document)]
    assert (doc.dateline, doc.text) == ("WASHINGTON", text)  # recorded, the text kept


def test_the_rules_read_the_subject_after_the_dateline() -> None:
    text = "Hanoi (VNA) – Deputy Prime Minister Tran Hong Ha said Vietnam values its ties with Laos."
    mentions, actors = ActorTagger.default().tag(text)
    [statement] = Attributor().attribute(Document(text=text), split_sentences(text), mentions, actors)
    assert statement.content.text == "Vietnam values its ties with Laos"
    assert statement.speaker is not None and statement.speaker.name == "Tran Hong Ha"


def test_a_reported_act_is_read_after_the_dateline_and_only_there() -> None:
    from amity.pipeline import Pipeline

    pipeline = Pipeline()
    text = "PHNOM PENH, April 4 (Xinhua) -- Cambodia and China signed 12 cooperation agreements on Monday."
    [act] = pipeline.analyze(Document(text=text)).statements
    assert act.kind == "act" and act.content.text.startswith("Cambodia and China signed")
    # a dash inside the sentence is no dateline: the countries opening it still act
    text = "Cambodia and China – the two close partners – signed 12 cooperation agreements on Monday."
    [act] = pipeline.analyze(Document(text=text)).statements
    assert act.kind == "act" and act.speaker is not None and act.speaker.iso3 == "KHM"


@pytest.mark.parametrize(("text", "place"), [
    ("VIENTIANE -- The Chinese Embassy in Laos handed over 20 tonnes of rice.", "VIENTIANE"),
    ("KUALA LUMPUR: Malaysia and Singapore agreed to share haze data.", "KUALA LUMPUR"),
    ("SINGAPORE - Singapore will join the talks.", "SINGAPORE"),
])
def test_an_undated_dateline_of_a_known_place(text: str, place: str) -> None:
    found = match_dateline(text)
    assert found is not None and (found.place, found.date, found.agency) == (place, None, None)
    assert text[found.end:][:1].isupper()


@pytest.mark.parametrize("text", ["US - China ties warm as talks resume", "NATO -- The alliance said",
                                  "ASEAN: Leaders meet"])
def test_a_short_or_unknown_word_before_a_dash_is_no_dateline(text: str) -> None:
    assert match_dateline(text) is None
