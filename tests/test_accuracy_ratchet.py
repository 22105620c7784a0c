"""The CI ratchet: no dev-set score may fall below its committed floor (docs/accuracy-floors.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from amity.evaluate.suite import SUITES

FLOORS: dict[str, float] = json.loads(
    (Path(__file__).resolve().parents[1] / "docs" / "accuracy-floors.json").read_text("utf-8")
)


@pytest.fixture(scope="session")
def scores(shared: Path) -> dict[str, dict[str, float]]:
    return {name: fn(shared) for name, fn in SUITES.items()}


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_scores_at_or_above_floors(suite: str, scores: dict[str, dict[str, float]]) -> None:
    got = scores[suite]
    floors = {k: v for k, v in FLOORS.items() if k.split(".")[0] == suite}
    assert floors, f"no floors recorded for {suite}"
    below = {k: (got.get(k), floor) for k, floor in floors.items() if got.get(k, -1.0) < floor}
    assert not below, f"scores below their floors (score, floor): {below}"
