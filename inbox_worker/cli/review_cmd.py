"""Manual work: ``reclassify``, ``assign``, ``review`` and ``corrections export``."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import Annotated

import typer

from inbox_worker.cli.output import console, print_json, print_table
from inbox_worker.review import Change, assign, export_corrections, reclassify, review_queue
from models.db import session_scope
from nlp.labels import LABELS

corrections = typer.Typer(help="Manual corrections.\n\nExample: foia-intake corrections export corrections.jsonl", no_args_is_help=True)


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 (no login name in a container)
        return "cli"


def print_change(change: Change, *, what: str) -> None:
    console.print(f"{what}: {change.before} -> {change.after}", highlight=False, markup=False)
    for line in change.status_changes:
        console.print(f"  {line}", highlight=False, markup=False)


def register(app: typer.Typer) -> None:
    app.command("reclassify")(reclassify_cmd)
    app.command("assign")(assign_cmd)
    app.command("review")(review_cmd)
    app.add_typer(corrections, name="corrections")


def reclassify_cmd(
    ctx: typer.Context,
    message_id: Annotated[int, typer.Argument(help="The message (see `messages list`).")],
    label: Annotated[str, typer.Argument(help=f"The label: {', '.join(LABELS)}.")],
    secondary: Annotated[list[str] | None, typer.Option("--secondary", "-s", help="A secondary label (repeatable).")] = None,
    note: Annotated[str | None, typer.Option(help="Why (kept in the history).")] = None,
    by: Annotated[str | None, typer.Option(help="Who (default: your login name).")] = None,
) -> None:
    """Label a message by hand. A manual label is never overwritten by the machine.

    Example: foia-intake reclassify 42 fee_notice --secondary acknowledgement --note "estimate on p.2"
    """
    with session_scope(ctx.obj.engine()) as s:
        change = reclassify(s, message_id, label, secondary=secondary or [], note=note, by=by or default_user())
    print_change(change, what=f"message {message_id}")


def assign_cmd(
    ctx: typer.Context,
    message_id: Annotated[int, typer.Argument(help="The message to move.")],
    request_id: Annotated[int, typer.Argument(help="The request it belongs to.")],
    note: Annotated[str | None, typer.Option(help="Why (kept in the history).")] = None,
    by: Annotated[str | None, typer.Option(help="Who (default: your login name).")] = None,
) -> None:
    """Attach a message to a request (from the review queue, or away from a wrong match).

    Example: foia-intake assign 42 7
    """
    with session_scope(ctx.obj.engine()) as s:
        change = assign(s, message_id, request_id, note=note, by=by or default_user())
    print_change(change, what=f"message {message_id}")


def review_cmd(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """The review queue: messages with no sure request or a low confidence, with suggestions.

    Example: foia-intake review --json
    """
    with session_scope(ctx.obj.engine()) as s:
        rows = review_queue(s)
    if as_json:
        print_json(rows)
        return
    table = []
    for r in rows:
        best = ", ".join(f"#{x['request_id']} ({x['score']:.2f}: {x['why']})" for x in r["suggestions"][:3])
        table.append({"id": r["id"], "date": r["date"], "from": r["from"], "subject": r["subject"][:60],
                      "label": r["label"], "why": r["why"], "suggested requests": best or "-"})
    print_table(table, title="Review queue", empty="nothing to review")
    if rows:
        console.print("Fix with: foia-intake assign MESSAGE_ID REQUEST_ID / foia-intake reclassify MESSAGE_ID LABEL", highlight=False)


@corrections.command("export")
def export_cmd(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Where to write the JSON lines.")],
) -> None:
    """Write every manual label as a training example for `foia-intake train`.

    Example: foia-intake corrections export corrections.jsonl && foia-intake train --corrections corrections.jsonl
    """
    with session_scope(ctx.obj.engine()) as s:
        count = export_corrections(s, path)
    console.print(f"wrote {count} corrections to {path}", highlight=False)
