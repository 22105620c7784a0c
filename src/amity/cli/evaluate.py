"""`amity evaluate seed`: whole-pipeline accuracy on a seed-style gold article."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from amity.cli import evaluate_app
from amity.cli._common import ATTRIBUTION_HELP, AttributionMode, console, fail
from amity.errors import AmityError


@evaluate_app.command("seed")
def evaluate_seed_cmd(
    gold: Path = typer.Option(Path("../shared/gold/seed.json"), "--gold", help="A seed-style gold JSON file."),
    framework: str = typer.Option("three-pillars", "--framework", "-f"),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    attribution: AttributionMode = typer.Option(AttributionMode.rules, "--attribution", help=ATTRIBUTION_HELP),
) -> None:
    """Score the whole pipeline (statements, speakers, pillars, mechanisms, dyads, metadata) on one article."""
    from amity.evaluate.seed import evaluate_seed
    from amity.pipeline import Pipeline

    try:
        scores = evaluate_seed(gold, Pipeline(framework, attribution=attribution.value))
    except AmityError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps(scores, indent=2))
        return
    console.print(f"statements found: {scores['statements']['recall']:.0%} of {scores['n']} "
                  f"(precision {scores['statements']['precision']:.0%} of {scores['statements']['predicted']})")
    for key in ("speaker_accuracy", "speaker_title_accuracy", "speaker_country_accuracy", "primary_accuracy"):
        console.print(f"{key.replace('_', ' ')}: {scores[key]:.0%}")
    mech = scores["mechanisms"]
    console.print(f"mechanisms recall: {mech['recall']:.0%}  missing: {mech['missing']}")
    console.print(f"dyads recall: {scores['dyads']['recall']:.0%}")
    console.print(f"metadata equal: {scores['metadata']}")
    if scores["wrong_speakers"]:
        console.print(f"[red]statements attributed to non-speakers[/]: {scores['wrong_speakers']}")
