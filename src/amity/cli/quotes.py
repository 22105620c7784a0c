"""`amity evaluate quotes` and `amity train quotes`: score and train quote attribution on brat annotation."""

from __future__ import annotations

import json
from pathlib import Path

import typer
from rich.table import Table

from amity.cli import evaluate_app, train_app
from amity.cli._common import ATTRIBUTION_HELP, AttributionMode, console, fail
from amity.errors import AmityError


@evaluate_app.command("quotes")
def evaluate_quotes_cmd(
    gold: Path = typer.Option(..., "--gold", help="A directory with text/*.txt and attributions/*.ann (brat)."),
    model: Path | None = typer.Option(None, "--model", help="A model from `amity train quotes` (default: rules)."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    attribution: AttributionMode = typer.Option(AttributionMode.rules, "--attribution", help=ATTRIBUTION_HELP),
) -> None:
    """Score quote attribution (source, cue, content, whole attributions) against brat annotation."""
    from amity.evaluate.quotes import evaluate_quotes
    from amity.nlp.attribution import Attributor

    try:
        scores = evaluate_quotes(gold, Attributor(model=model, mode=attribution.value))
    except AmityError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps(scores, indent=2))
        return
    table = Table(title=f"Quote attribution on {scores['documents']} documents")
    table.add_column("span")
    for mode in ("exact", "overlap"):
        for metric in ("P", "R", "F1"):
            table.add_column(f"{mode} {metric}", justify="right")
    for role in ("source", "cue", "content", "attribution"):
        row = [role]
        for mode in ("exact", "overlap"):
            s = scores[role][mode]
            row += [f"{s['precision']:.3f}", f"{s['recall']:.3f}", f"{s['f1']:.3f}"]
        table.add_row(*row)
    console.print(table)
    console.print(f"{scores['docs_per_second']} documents/s")


@train_app.command("quotes")
def train_quotes_cmd(
    gold: Path = typer.Option(..., "--gold", help="A directory with text/*.txt and attributions/*.ann (brat)."),
    out: Path = typer.Option(..., "--out", help="Where to write the model (JSON)."),
    epochs: int = typer.Option(6, "--epochs", min=1, max=50, help="Training passes over the data."),
    limit: int | None = typer.Option(None, "--limit", min=1, help="Train on the first N articles only."),
    attribution: AttributionMode | None = typer.Option(
        None, "--attribution", show_default="parse if the nlp extra is installed, else rules",
        help="'parse': the model also reads a spaCy dependency parse (more accurate; the model then needs "
        "pip install 'amity\\[nlp]' wherever it is used). 'rules': words, the lexicon and the rules' tags "
        "only (no spaCy needed). See docs/accuracy.md.",
    ),
) -> None:
    """Train a quote-attribution model on your own brat annotation; use it with `amity analyze --quote-model`
    and `amity evaluate quotes --model`.

    Example: amity train quotes --gold polnear/data/train --out quotes.json --attribution parse
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeRemainingColumn

    from amity.nlp.quote_model import train_quote_model

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    try:
        with Progress(*columns, console=console, transient=True) as bar:
            tasks: dict[str, TaskID] = {}

            def progress(stage: str, done: int, total: int) -> None:
                if stage not in tasks:
                    tasks[stage] = bar.add_task(stage, total=total)
                bar.update(tasks[stage], completed=done)

            syntax = None if attribution is None else attribution is AttributionMode.parse
            model = train_quote_model(gold, epochs=epochs, limit=limit, syntax=syntax, progress=progress)
        model.save(out)
    except AmityError as exc:
        fail(exc)
    reads = "words, lexicon, rules, dependency parse" if model.meta.get("syntax") else "words, lexicon, rules"
    console.print(f"trained on {model.meta.get('documents')} articles ({model.meta.get('annotations')} annotations) "
                  f"in {model.meta.get('seconds')} s "
                  f"(features: {reads}); written to {out}")
