"""`amity evaluate events`: PLOVER event typing and actor countries against gold-standard records."""

from __future__ import annotations

import json
from pathlib import Path

import typer

from amity.cli import evaluate_app
from amity.cli._common import console, fail
from amity.errors import AmityError


@evaluate_app.command("events")
def evaluate_events_cmd(
    gold: Path = typer.Option(Path("../shared/corpus/plover/plover-gsr-dev.json"), "--gold",
                              help="PLOVER gold-standard records (a JSON array)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    show_errors: bool = typer.Option(False, "--errors", help="List the misclassified records."),
) -> None:
    """Score PLOVER event typing (accuracy, macro-F1, per type), source/target country coding and reported acts."""
    from amity.evaluate.events import evaluate_events

    try:
        scores = evaluate_events(gold)
    except AmityError as exc:
        fail(exc)
    if not show_errors:
        scores.pop("errors", None)
    if as_json:
        typer.echo(json.dumps(scores, indent=2))
        return
    event = scores["event"]
    console.print(f"records: {scores['n']}")
    console.print(f"event type accuracy: {event['accuracy']:.1%}   macro-F1: {event['macro_f1']:.3f}")
    console.print(f"{'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'n':>4}")
    for name, row in event["per_type"].items():
        console.print(f"{name:<10} {row['precision']:>6.2f} {row['recall']:>6.2f} {row['f1']:>6.2f} "
                      f"{row['support']:>4}", highlight=False)
    console.print(f"source country accuracy: {scores['source_country_accuracy']:.1%} "
                  f"(of {scores['source_country_n']})")
    console.print(f"target country accuracy: {scores['target_country_accuracy']:.1%} "
                  f"(of {scores['target_country_n']})")
    acts = scores["acts"]
    console.print(f"reported acts: {acts['found']} of {acts['state_act_records']} records of a state acting on "
                  f"another country (recall {acts['recall']:.1%}); of those, acting country right "
                  f"{acts['source_accuracy']:.1%}, event type right {acts['event_accuracy']:.1%}; "
                  f"{acts['on_other_records']} on other records")
    console.print(f"speed: {scores['sentences_per_second']} sentences/s (event typing)")
    for err in scores.get("errors", []):
        console.print(f"  {err['id']}: gold {err['gold']}, predicted {err['predicted']} (cue {err['cue']!r})",
                      highlight=False)
