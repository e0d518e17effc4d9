"""Manual work: ``reclassify``, ``assign``, ``review`` and ``corrections export``."""

from __future__ import annotations

import getpass
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from inbox_worker.cli.output import Col, cell, day, print_json, print_table, say
from nlp.labels import LABELS

if TYPE_CHECKING:
    from inbox_worker.review import Change

corrections = typer.Typer(help="Manual corrections.\n\nExample: foia-intake corrections export corrections.jsonl", no_args_is_help=True)

REVIEW_COLUMNS = [
    Col("id"), Col("date", show=day, wide=True), Col("from", text=True, wide=True), Col("subject", text=True),
    Col("label"), Col("why", text=True, wide=True), Col("suggested", "suggested requests", text=True),
]


def default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 (no login name in a container)
        return "cli"


def print_change(change: Change, *, what: str) -> None:
    """``what: field old -> new`` per changed field, then the status changes it caused."""
    names = list(dict.fromkeys([*change.before, *change.after]))
    if not names:
        say(f"{what}: no change")
    for name in names:
        say(f"{what}: {name.replace('_', ' ')} {cell(change.before.get(name)) or '-'} -> "
            f"{cell(change.after.get(name)) or '-'}")
    for line in change.status_changes:
        say(f"  {line}")


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
    from inbox_worker.review import reclassify
    from models.db import session_scope

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
    from inbox_worker.review import assign
    from models.db import session_scope

    with session_scope(ctx.obj.engine()) as s:
        change = assign(s, message_id, request_id, note=note, by=by or default_user())
    print_change(change, what=f"message {message_id}")


def review_cmd(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    wide: Annotated[bool, typer.Option("--wide", help="Show every column.")] = False,
) -> None:
    """The review queue: messages with no sure request or a low confidence, with suggestions.

    Example: foia-intake review --json
    """
    from inbox_worker.review import review_queue
    from models.db import session_scope

    with session_scope(ctx.obj.engine()) as s:
        rows = review_queue(s)
    if as_json:
        print_json(rows)
        return
    for r in rows:
        r["suggested"] = ", ".join(f"#{x['request_id']} ({x['score']:.2f}: {x['why']})"
                                   for x in r["suggestions"][:3]) or "-"
    print_table(rows, REVIEW_COLUMNS, title="Review queue", empty="nothing to review", wide=wide)
    if rows:
        say("Fix with: foia-intake assign MESSAGE_ID REQUEST_ID / foia-intake reclassify MESSAGE_ID LABEL")


@corrections.command("export")
def export_cmd(
    ctx: typer.Context,
    path: Annotated[Path, typer.Argument(help="Where to write the JSON lines.")],
) -> None:
    """Write every manual label as a training example for `foia-intake train`.

    Example: foia-intake corrections export corrections.jsonl && foia-intake train --corrections corrections.jsonl
    """
    from inbox_worker.review import export_corrections
    from models.db import session_scope

    with session_scope(ctx.obj.engine()) as s:
        count = export_corrections(s, path)
    say(f"wrote {count} corrections to {path}")
