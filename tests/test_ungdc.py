"""All 102 UN General Debate speeches run through the pipeline without a crash and give statements."""

from __future__ import annotations

from pathlib import Path

from amity import Pipeline
from amity.ingest import read_path


def test_all_speeches_give_statements(shared: Path) -> None:
    speeches = sorted((shared / "corpus" / "ungdc" / "speeches").glob("*.txt"))
    assert len(speeches) == 102
    pipeline = Pipeline()
    total = 0
    with_statements = 0
    for path in speeches:
        analysis = pipeline.analyze(read_path(path))
        total += len(analysis.statements)
        with_statements += bool(analysis.statements)
        for st in analysis.statements:
            assert analysis.document.text[st.content.start:st.content.end] == st.content.text
    assert total > 0
    assert with_statements >= 51


def test_the_first_person_of_a_speech_is_its_speaker(tmp_path: Path) -> None:
    # Named as the corpus names its files: the speaker is the state.
    path = tmp_path / "KHM_78_2023.txt"
    path.write_text(
        "Cambodia attaches great importance to its partnership with China.\n"
        "I believe that the Belt and Road Initiative will deepen connectivity between Cambodia and China.\n"
        "We believe that cooperation with Laos and Thailand in education and health will grow.\n"
        "Chinese Foreign Minister Wang Yi said that trade with Viet Nam must grow.\n",
        encoding="utf-8",
    )
    analysis = Pipeline().analyze(read_path(path))
    speakers = {st.content.text.split()[1]: st.speaker for st in analysis.statements}
    for word in ("the", "cooperation"):  # "that the Belt ...", "that cooperation ..."
        assert speakers[word] is not None and speakers[word].iso3 == "KHM", speakers
    # Someone the speech quotes is not its speaker.
    quoted = speakers["trade"]
    assert quoted is not None and (quoted.name, quoted.iso3) == ("Wang Yi", "CHN")
