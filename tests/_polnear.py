"""PolNeAR subsets for the quote-model tests: symlinks into ../shared, nothing copied."""

from __future__ import annotations

import os
from pathlib import Path


def polnear_subset(source: Path, target: Path, n: int) -> Path:
    """A PolNeAR-layout directory with the first ``n`` articles of ``source``."""
    (target / "text").mkdir(parents=True)
    (target / "attributions").mkdir()
    names = sorted(p.stem for p in (source / "text").glob("*.txt"))[:n]
    for name in names:
        os.symlink(source / "text" / f"{name}.txt", target / "text" / f"{name}.txt")
        for ann in (source / "attributions").glob(f"{name}_*.ann"):
            os.symlink(ann, target / "attributions" / ann.name)
    return target


def train_with_cli(source: Path, root: Path, n: int, *options: str) -> tuple[Path, str]:
    """``amity train quotes`` on the first ``n`` articles of ``source``; the model's path and the CLI output."""
    from typer.testing import CliRunner

    from amity.cli import app

    train = polnear_subset(source, root / "train", n)
    out = root / "model.json"
    result = CliRunner().invoke(app, ["train", "quotes", "--gold", str(train), "--out", str(out), *options])
    assert result.exit_code == 0, result.output
    return out, result.output
