"""Attributions marked by layout (speaker labels, dash bylines), which the trained quote model adds."""

from __future__ import annotations

from amity.nlp.quote_formats import format_attributions


def _spans(text: str) -> list[tuple[str, str, str]]:
    out = []
    for cand in format_attributions(text):
        assert cand.source is not None and cand.cue is not None
        source, cue = text[cand.source[0]:cand.source[1]], text[cand.cue[0]:cand.cue[1]]
        out.append((source, cue, " … ".join(text[s:e] for s, e in cand.contents)))
    return out


def test_transcript_speaker_labels_attribute_their_paragraphs() -> None:
    text = ("The exchange went as follows.\n\nWALLACE: Will she attend the debate tomorrow night?\n\n"
            "PENCE: She will not be attending the debate.\n")
    assert _spans(text) == [
        ("WALLACE", ":", "Will she attend the debate tomorrow night?"),
        ("PENCE", ":", "She will not be attending the debate."),
    ]


def test_headline_label_and_its_exclusions() -> None:
    assert _spans("Sanders: Brexit's message could draw Trump support\n\nText.") == [
        ("Sanders", ":", "Brexit's message could draw Trump support"),
    ]
    # Kickers, times and lists of names are not speakers.
    for text in ("UPDATE: The vote was moved to Friday afternoon.", "The Latest: Mourners gather in town today.",
                 "10:30: The polls close in the east.", "Nevada: Adam Khan, Andres Ramirez, Bob Lee, Ann Wu",
                 "Roundup: Syria, Lebanon discuss border demarcation", "Xi Focus: Xi holds talks with Lao leader",
                 "Interview: Cambodia-China ties at their best, says scholar",
                 "Reform of the UN: Revitalisation of the General Assembly and the Security Council"):
        assert _spans(text) == []


def test_a_label_of_an_office_with_of_is_a_speaker() -> None:
    assert _spans("Secretary of State: We will work with our allies on this.") == [
        ("Secretary of State", ":", "We will work with our allies on this.")]


def test_dash_bylines_on_the_same_or_the_next_line() -> None:
    text = ("“He empowered racists to be open with their prejudice.”\u00a0― Sonya Herridge\n"
            "\"I went to Wall Street before the crash and said so.\"\n\n- Hillary Clinton, in Iowa\n")
    assert _spans(text) == [
        ("Sonya Herridge", "―", "“He empowered racists to be open with their prejudice.”"),
        ("Hillary Clinton", "-", "\"I went to Wall Street before the crash and said so.\""),
    ]


def test_prose_with_colons_and_dashes_is_left_alone() -> None:
    text = ("The reason is simple: voters want change.\n\n"
            "He paused — then the crowd cheered, as it had all night.\n")
    assert _spans(text) == []


def _headline_speakers(text: str) -> list[tuple[str | None, str]]:
    from amity.model import Document
    from amity.pipeline import Pipeline

    return [(s.speaker.name if s.speaker else None, s.content.text)
            for s in Pipeline().analyze(Document(text=text)).statements if s.kind != "act"]


def test_a_headline_label_speaks_when_it_names_a_speaker() -> None:
    # a leader, an office, a country or an organisation as a whole
    assert _headline_speakers("Wang Yi: China treats all developing countries sincerely, equally") == [
        ("Wang Yi", "China treats all developing countries sincerely, equally")]
    assert _headline_speakers("China: Other countries should not pay for unilateral sanctions") == [
        ("China", "Other countries should not pay for unilateral sanctions")]
    # a column's or a kicker's name is not one, nor a label over an attribution that says more
    for text in ("Building Lives: Mission in the desert for the builders",
                 "Global Political Calendar: Biden's Asia trip", "China Weekly News Quiz: Feb. 27 to March 6",
                 "Xi Focus-Closeup: Moments of Xi with children"):
        assert _headline_speakers(text) == [], text
    assert [name for name, _ in _headline_speakers("Lavrov: Putin says he is willing to negotiate with NATO")] == [
        "Putin"]
