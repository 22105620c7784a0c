"""`amity frameworks`, `amity evaluate pillars` and `amity train pillars`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import typer
from rich.table import Table

from amity.cli import app, evaluate_app, train_app
from amity.cli._common import console, fail
from amity.errors import AmityError


@app.command("frameworks")
def frameworks_cmd(
    as_json: bool = typer.Option(False, "--json", help="Print the frameworks as JSON."),
) -> None:
    """List the bundled coding frameworks: id, name, version and pillars."""
    from amity.coding.framework import list_frameworks

    try:
        frameworks = list_frameworks()
    except AmityError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps([
            {"id": f.id, "name": f.name, "version": f.version,
             "pillars": [{"id": p.id, "name": p.name, "sub_areas": [s.id for s in p.sub_areas]} for p in f.pillars]}
            for f in frameworks
        ], indent=2))
        return
    table = Table(title="Coding frameworks (use with --framework ID, or give a path to a YAML file)")
    for col in ("id", "name", "version", "pillars"):
        table.add_column(col)
    for f in frameworks:
        table.add_row(f.id, f.name, f.version, "\n".join(f"{p.id}: {p.name}" for p in f.pillars))
    console.print(table)


def _print_scores(scores: dict[str, Any], title: str, show_errors: int) -> None:
    rel, prim, pil = scores["relevance"], scores["primary"], scores["pillars"]
    table = Table(title=title)
    table.add_column("measure")
    table.add_column("value", justify="right")
    table.add_row("items", str(scores["n"]))
    table.add_row("relevance P / R / F1", f"{rel['precision']:.3f} / {rel['recall']:.3f} / {rel['f1']:.3f}")
    table.add_row("primary accuracy (gold-relevant)", f"{prim['accuracy']:.3f}")
    table.add_row("primary macro-F1", f"{prim['macro_f1']:.3f}")
    table.add_row("pillars micro-F1", f"{pil['micro_f1']:.3f}")
    for pid, s in pil["per_pillar"].items():
        table.add_row(f"  {pid} P / R / F1", f"{s['precision']:.3f} / {s['recall']:.3f} / {s['f1']:.3f}")
    table.add_row("tone accuracy (gold-relevant)", f"{scores['tone']['accuracy']:.3f}")
    console.print(table)
    for err in scores["errors"][:show_errors]:
        g, p = err["gold"], err["predicted"]
        console.print(
            f"[dim]{err['id']}[/] gold={g['primary'] or '-'} {g['tone'] or ''} "
            f"predicted={p['primary'] or '-'} {p['tone'] or ''}: {err['text'][:100]}",
            highlight=False,
        )


@evaluate_app.command("pillars")
def evaluate_pillars_cmd(
    gold: Path = typer.Option(..., "--gold", help="JSON Lines: {id, text, relevant, pillars, primary, tone}."),
    framework: str = typer.Option("three-pillars", "--framework", "-f", help="Framework id or YAML path."),
    model: Path | None = typer.Option(None, "--model", help="A model from `amity train pillars` (default: rules)."),
    cv: int | None = typer.Option(None, "--cv", min=2, help="Instead: K-fold cross-validate a trained model."),
    as_json: bool = typer.Option(False, "--json", help="Print the scores as JSON."),
    errors: int = typer.Option(10, "--errors", min=0, help="How many wrong items to list (table output)."),
) -> None:
    """Score relevance, primary pillar, pillar set and tone against labelled texts."""
    from amity.coding.coder import Coder
    from amity.coding.framework import load_framework
    from amity.coding.pillar_model import cross_validate
    from amity.evaluate.pillars import evaluate_pillars, load_gold

    try:
        fw = load_framework(framework)
        if cv is not None:
            scores = cross_validate(load_gold(gold), fw, k=cv)
            title = f"{cv}-fold cross-validated pillar model on {gold.name} ({fw.id})"
        else:
            scores = evaluate_pillars(gold, Coder(fw, model=model))
            title = f"Pillar coding on {gold.name} ({fw.id}, {'model ' + str(model) if model else 'rules'})"
    except AmityError as exc:
        fail(exc)
    if as_json:
        typer.echo(json.dumps(scores, indent=2, ensure_ascii=False))
        return
    _print_scores(scores, title, errors)


@train_app.command("pillars")
def train_pillars_cmd(
    gold: Path = typer.Option(..., "--gold", help="JSON Lines: {id, text, relevant, pillars, primary, tone}."),
    out: Path = typer.Option(..., "--out", help="Where to write the model (JSON)."),
    framework: str = typer.Option("three-pillars", "--framework", "-f", help="Framework id or YAML path."),
    cv: int | None = typer.Option(None, "--cv", min=2, help="Also print K-fold cross-validated scores."),
) -> None:
    """Train a pillar classifier from your own labels; use it with `amity analyze --model` and
    `amity evaluate pillars --model`."""
    from amity.coding.framework import load_framework
    from amity.coding.pillar_model import cross_validate, train_pillar_model
    from amity.evaluate.pillars import load_gold

    try:
        fw = load_framework(framework)
        items = load_gold(gold)
        if cv is not None:
            _print_scores(cross_validate(items, fw, k=cv), f"{cv}-fold cross-validation on {gold.name}", 0)
        model = train_pillar_model(items, fw)
        model.save(out)
    except AmityError as exc:
        fail(exc)
    console.print(f"trained on {len(items)} items ({len(model.vocab)} word features) for {fw.id}; written to {out}")
