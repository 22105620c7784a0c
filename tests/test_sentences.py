"""Sentence and paragraph segmentation: offsets, abbreviations, quotes, paragraphs, real texts."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from amity.model import Sentence
from amity.nlp.sentences import split_paragraphs, split_sentences


def texts(text: str) -> list[str]:
    return [text[s.start:s.end] for s in split_sentences(text)]


def test_plain_sentences_and_offsets() -> None:
    text = "  Cambodia and China met.  They agreed!   Did they sign? Yes.  "
    sentences = split_sentences(text)
    assert texts(text) == ["Cambodia and China met.", "They agreed!", "Did they sign?", "Yes."]
    assert [s.index for s in sentences] == [0, 1, 2, 3]
    assert all(isinstance(s, Sentence) and s.paragraph == 0 for s in sentences)
    for s in sentences:
        assert text[s.start:s.end] == text[s.start:s.end].strip()


@pytest.mark.parametrize(
    "text",
    [
        "Mr. Hun Manet met Dr. Wang at the ministry.",
        "The U.S. Secretary of State spoke to the U.N. Security Council on Monday.",
        "Gen. Tea Banh and Lt. Col. Sok met St. Peter's delegation.",
        "A. B. Smith wrote the report with J. R. Jones.",
        "Growth reached 5.6 percent, up from 3.2 percent.",
        "The deal was signed on Jan. 5 and ratified on Feb. 12 under No. 7 of the code.",
        "Apple Inc. and Acme Co. signed, e.g. for chips, i.e. semiconductors.",
        "He waited... and waited.",
        '"Why not?" he asked the minister.',
    ],
)
def test_no_false_boundary(text: str) -> None:
    assert texts(text) == [text]


def test_sentence_final_quote_and_dotted_acronym() -> None:
    text = (
        '"We will deepen cooperation," he said. "Trust must be enhanced." Next, the talks began. '
        "Officials flew to the U.S. They met there. It ended at 9 p.m. The next day was calm."
    )
    assert texts(text) == [
        '"We will deepen cooperation," he said.',
        '"Trust must be enhanced."',
        "Next, the talks began.",
        "Officials flew to the U.S.",
        "They met there.",
        "It ended at 9 p.m.",
        "The next day was calm.",
    ]


def test_quote_followed_by_named_speaker_stays_one_sentence() -> None:
    text = '"Why not?" Prime Minister Hun Manet asked. "We agree." The minister said it. "Stop!" Smith said.'
    assert texts(text) == [
        '"Why not?" Prime Minister Hun Manet asked.', '"We agree."', "The minister said it.", '"Stop!" Smith said.'
    ]


def test_list_of_headlines_is_not_taken_for_wrapped_text() -> None:
    lines = [
        "Cambodia and Laos sign a new deal on trade and investment in 2022",
        "Thailand hosts APEC leaders for the summit in Bangkok later this year",
        "Viet Nam and Laos agree to strengthen ties in energy and transport",
        "Singapore PM visits Malaysia for talks on the high speed rail link",
    ]
    sentences = split_sentences("\n".join(lines))
    assert [s.paragraph for s in sentences] == [0, 1, 2, 3]


def test_ellipsis_and_curly_quotes() -> None:
    text = "“It is a new era.” The minister paused… Then he left. Is it true?! Nobody knew."
    assert texts(text) == [
        "“It is a new era.”", "The minister paused…", "Then he left.", "Is it true?!", "Nobody knew."
    ]


def test_blank_lines_make_paragraphs_and_sentences_never_cross_them() -> None:
    text = "Title without a stop\n\nFirst para. Still first.\n\n\nSecond para without stop\n\nThird."
    sentences = split_sentences(text)
    assert texts(text) == ["Title without a stop", "First para.", "Still first.", "Second para without stop",
                           "Third."]
    assert [s.paragraph for s in sentences] == [0, 1, 1, 2, 3]
    assert [text[a:b] for a, b in split_paragraphs(text)] == [
        "Title without a stop", "First para. Still first.", "Second para without stop", "Third."
    ]


def test_one_paragraph_per_line_with_wrapped_continuations() -> None:
    text = (
        "Mr. President,\n"
        "We meet at a time of crisis. The world looks to the United Nations for a new\n"
        "era of cooperation. That is our hope.\n"
        "Climate change is real\n"
        "Third, we must act."
    )
    sentences = split_sentences(text)
    assert texts(text) == [
        "Mr. President,",
        "We meet at a time of crisis.",
        "The world looks to the United Nations for a new\nera of cooperation.",
        "That is our hope.",
        "Climate change is real",
        "Third, we must act.",
    ]
    assert [s.paragraph for s in sentences] == [0, 1, 1, 1, 2, 3]


def test_block_running_on_over_a_blank_line_is_joined() -> None:
    text = "We face a threat to humankind,\n \nand the agreement remains our hope.\n\nNew paragraph."
    sentences = split_sentences(text)
    assert [s.paragraph for s in sentences] == [0, 1]
    assert text[sentences[0].start:sentences[0].end].endswith("remains our hope.")


def test_enumerators_and_initials_at_line_ends() -> None:
    text = "52. We support the plan.\n53. We call for peace.\nIn 1946, Carlos P.\nRomulo spoke. It mattered."
    assert texts(text) == [
        "52. We support the plan.",
        "53. We call for peace.",
        "In 1946, Carlos P.\nRomulo spoke.",
        "It mattered.",
    ]
    assert texts("a. First point.\nb) Second point.") == ["a. First point.", "b) Second point."]


def test_hard_wrapped_text_is_one_paragraph() -> None:
    line = "words that run on " * 4
    text = "\n".join([line.strip()] * 6) + " Done. Next sentence here."
    sentences = split_sentences(text)
    assert {s.paragraph for s in sentences} == {0}
    assert texts(text)[-1] == "Next sentence here."


def test_line_break_inside_blank_line_paragraph_ends_a_header_line() -> None:
    text = "Source: Wire | 2019-04-19\nEditor: ZX\n\nBody text here."
    assert texts(text) == ["Source: Wire | 2019-04-19", "Editor: ZX", "Body text here."]


def test_empty_and_whitespace() -> None:
    assert split_sentences("") == []
    assert split_sentences(" \n\n \t ") == []


def test_seed_article(shared: Path) -> None:
    path = next((shared / "corpus" / "seed").glob("*.txt"))
    text = path.read_text(encoding="utf-8")
    sentences = split_sentences(text)
    assert 15 <= len(sentences) <= 30
    # Every sentence is a stripped slice of the text and they come in order without overlap.
    for before, after in itertools.pairwise(sentences):
        assert before.end <= after.start
        assert before.paragraph <= after.paragraph
    for s in sentences:
        piece = text[s.start:s.end]
        assert piece == piece.strip() and piece
    # The dateline paragraph is one sentence ending with its final period.
    dateline = next(s for s in sentences if text[s.start:s.end].startswith("PHNOM PENH"))
    assert text[dateline.end - 1] == "."
    assert "a Cambodian diplomat has said." in text[dateline.start:dateline.end]
    # A quoted sentence followed by its attribution stays one sentence.
    quoted = [text[s.start:s.end] for s in sentences if text[s.start:s.end].startswith('"Mutual trust')]
    assert len(quoted) == 1 and quoted[0].endswith("Soken said.")


def test_ungdc_speeches_one_paragraph_a_line(shared: Path) -> None:
    folder = shared / "corpus" / "ungdc" / "speeches"
    for path in sorted(folder.glob("*.txt"))[:20]:
        text = path.read_text(encoding="utf-8")
        sentences = split_sentences(text)
        assert sentences, path.name
        lines = [line for line in text.split("\n") if line.strip()]
        # Paragraphs follow lines (a few wrapped lines are joined), never more paragraphs than lines.
        assert sentences[-1].paragraph + 1 <= len(lines)
        assert len(sentences) >= len(lines) * 0.5
        for s in sentences:
            # A sentence only runs over a blank line when the text visibly continues (lower case).
            for gap in re.finditer(r"\n\s*\n\s*(\S)", text[s.start:s.end]):
                assert gap.group(1).islower(), text[s.start:s.end]
