"""Frameworks as data: bundled YAML, validation errors, and the mechanism registry."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from amity.cli import app
from amity.coding.framework import list_frameworks, load_framework
from amity.coding.mechanisms import find_mechanisms, registry
from amity.errors import InvalidFrameworkError, UnknownFrameworkError


def test_bundled_frameworks_load_and_validate() -> None:
    frameworks = {f.id: f for f in list_frameworks()}
    assert set(frameworks) == {"three-pillars", "lmc", "asean", "bri"}
    assert frameworks["three-pillars"].pillar_ids == ("P1", "P2", "P3")
    assert frameworks["asean"].pillar_ids == ("APSC", "AEC", "ASCC")
    assert len(frameworks["bri"].pillars) == 5
    lmc_subs = {s.id for s in frameworks["lmc"].pillar("economic_sustainable_development").sub_areas}
    assert {"connectivity", "production_capacity", "cross_border_economic", "water_resources",
            "agriculture_poverty_reduction"} <= lmc_subs
    for fw in frameworks.values():
        assert fw.version and fw.description and fw.path is not None
        for pillar in fw.pillars:
            assert pillar.cues and pillar.definition
            for sub in pillar.sub_areas:
                assert sub.cues and sub.name


def test_load_by_name_is_cached_and_by_path_works() -> None:
    fw = load_framework("three-pillars")
    assert load_framework("three-pillars") is fw
    assert fw.path is not None
    again = load_framework(fw.path)
    assert again.id == fw.id and again.pillar_ids == fw.pillar_ids


def test_unknown_name_lists_valid_names_and_suggests() -> None:
    with pytest.raises(UnknownFrameworkError) as info:
        load_framework("three-pilars")
    text = str(info.value)
    assert "E201" in text
    for name in ("asean", "bri", "lmc", "three-pillars"):
        assert name in text
    assert "did you mean 'three-pillars'" in text
    assert "or give a path to a YAML file" in text


def _write(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "custom.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def _valid() -> dict[str, Any]:
    return {
        "id": "custom", "name": "Custom", "version": "0.1", "description": "A test framework.",
        "pillars": [
            {"id": "A", "name": "Alpha", "definition": "Political things.", "cues": ["talks"]},
            {"id": "B", "name": "Beta", "definition": "Money things.", "cues": ["trade"],
             "sub_areas": [{"id": "b1", "name": "Ports", "definition": "Ports.", "cues": ["port"]}]},
        ],
    }


def test_a_user_framework_file_loads_and_codes_text(tmp_path: Path) -> None:
    from amity.coding.coder import Coder

    fw = load_framework(_write(tmp_path, _valid()))
    assert fw.id == "custom" and fw.pillar_ids == ("A", "B")
    coding = Coder(fw).code_text("China and Vietnam sign a deal to expand trade through a new port")
    assert coding.relevant and coding.primary_pillar == "B" and coding.sub_areas == ["b1"]


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (lambda d: d["pillars"][1]["sub_areas"][0].update(cues=[]), "pillars[1].sub_areas[0].cues"),
        (lambda d: d["pillars"][0].pop("definition"), "pillars[0].definition"),
        (lambda d: d.pop("version"), "version"),
        (lambda d: d["pillars"][1].update(id="A"), "pillars[1].id"),
        (lambda d: d.update(pillars="P1"), "pillars"),
        (lambda d: d["pillars"][0].update(cues=["ok", ""]), "pillars[0].cues[1]"),
    ],
)
def test_invalid_file_names_file_field_and_fix(
    tmp_path: Path, mutate: Callable[[dict[str, Any]], object], field: str
) -> None:
    data = _valid()
    mutate(data)
    path = _write(tmp_path, data)
    with pytest.raises(InvalidFrameworkError) as info:
        load_framework(path)
    err = info.value
    assert err.code == "E202"
    assert str(path) in str(err)
    assert f"'{field}'" in str(err)
    assert err.hint


def test_broken_yaml_and_missing_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("id: [unclosed\n", encoding="utf-8")
    with pytest.raises(InvalidFrameworkError):
        load_framework(bad)
    with pytest.raises(UnknownFrameworkError):
        load_framework(tmp_path / "missing.yaml")


def test_frameworks_command_lists_them() -> None:
    result = CliRunner().invoke(app, ["frameworks", "--json"])
    assert result.exit_code == 0, result.output
    assert "three-pillars" in result.stdout and "APSC" in result.stdout
    result = CliRunner().invoke(app, ["frameworks"])
    assert result.exit_code == 0 and "lmc" in result.stdout


def test_mechanisms_longest_match_and_case() -> None:
    text = ("Synergy between the Belt and Road Initiative (BRI), RCEP and the ASEAN Economic Community "
            "will help ASEAN and the Lancang-Mekong Cooperation build a community with a shared future.")
    found = find_mechanisms(text, offset=10)
    ids = [mid for mid, _ in found]
    assert ids == ["BRI", "BRI", "RCEP", "AEC", "ASEAN", "LMC", "CSF"]
    for mid, span in found:
        assert text[span.start - 10:span.end - 10] == span.text, mid
    aec = next(span for mid, span in found if mid == "AEC")
    assert aec.text == "ASEAN Economic Community"
    # acronyms are case-sensitive; aliases are not
    assert find_mechanisms("the aec and the rcep") == []
    assert [m for m, _ in find_mechanisms("one belt one road and a community of common destiny")] == ["BRI", "CSF"]


def test_registry_has_required_mechanisms() -> None:
    mechanisms = registry().mechanisms
    for mid in ("BRI", "LMC", "ASEAN", "RCEP", "AEC", "ACFTA", "CCFTA", "CSF", "GDI", "GSI", "GCI", "AIIB",
                "SCO", "BRICS", "APEC", "MPAC", "MEKONG_US", "QUAD"):
        assert mid in mechanisms, mid
    assert registry().version
