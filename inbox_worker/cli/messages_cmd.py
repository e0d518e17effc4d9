"""``foia-intake messages``: every stored message, its state, and retries."""

from __future__ import annotations

from typing import Annotated, Any

import typer

from inbox_worker.cli.output import Col, day, print_fields, print_json, print_table, say
from inbox_worker.errors import UserInputError

app = typer.Typer(help="Stored messages.\n\nExample: foia-intake messages list --state quarantined", no_args_is_help=True)

# models.tables.MessageState's values, spelt out so that `--help` need not load the database layer
# (tests/test_cli_output.py checks they agree).
STATES = ("new", "processed", "needs_review", "quarantined", "failed")

MESSAGE_COLUMNS = [
    Col("id"), Col("date", show=day), Col("direction", wide=True), Col("from", text=True, wide=True),
    Col("subject", text=True), Col("state"), Col("label"), Col("request", wide=True),
    Col("error", text=True, wide=True),
]


@app.command("list")
def list_messages(
    ctx: typer.Context,
    state: Annotated[str | None, typer.Option(help=f"Only messages in this state: {', '.join(STATES)}.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    wide: Annotated[bool, typer.Option("--wide", help="Show every column.")] = False,
) -> None:
    """List messages with their state, label and request.

    Example: foia-intake messages list --state needs_review
    """
    from inbox_worker.views import message_rows
    from models.db import session_scope

    if state is not None and state not in STATES:
        raise UserInputError(f"unknown state {state!r}; valid states: {', '.join(STATES)}")
    with session_scope(ctx.obj.engine()) as s:
        rows = message_rows(s, state=state)
    if as_json:
        print_json(rows)
    else:
        print_table(rows, MESSAGE_COLUMNS, title="Messages", empty="no messages", wide=wide)


@app.command("show")
def show_message(
    ctx: typer.Context,
    message_id: Annotated[int, typer.Argument(help="The message's id (see `messages list`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one message: what was read in it, why, and its full error if any.

    Example: foia-intake messages show 3 --json
    """
    from inbox_worker.views import get_message, message_row
    from models.db import session_scope

    with session_scope(ctx.obj.engine()) as s:
        msg = get_message(s, message_id)
        row = message_row(msg)
        row.update({"message_id": msg.message_id, "cues": msg.cues or [], "extracted": msg.extracted or {},
                    "error": msg.error, "body": msg.body_text})
    if as_json:
        print_json(row)
        return
    print_fields((k, v) for k, v in row.items() if k not in ("cues", "extracted", "error", "body"))
    if row["cues"]:
        say("cues:")
        for cue in row["cues"]:
            say(f"  - {cue}")
    if row["extracted"]:
        say("extracted:")
        print_fields(((k, v) for k, v in row["extracted"].items()), indent="  ")
    if row["error"]:
        say("error:")
        say(row["error"], multiline=True)
    say("")
    say(row["body"] or "", multiline=True)


@app.command("retry")
def retry(
    ctx: typer.Context,
    message_id: Annotated[int | None, typer.Argument(help="The message to process again.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every quarantined and failed message.")] = False,
) -> None:
    """Process quarantined or failed messages again (after fixing the cause). A message quarantined
    as oversized is first fetched again in full from its IMAP folder (raise imap.max_message_bytes first).

    Example: foia-intake messages retry --all
    """
    _analyse_again(ctx, message_id, all_=all_, states=["quarantined", "failed"])


@app.command("reprocess")
def reprocess(
    ctx: typer.Context,
    message_id: Annotated[int | None, typer.Argument(help="The message to read again.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Every stored message (after an upgrade or retraining).")] = False,
) -> None:
    """Read messages again with the current classifier; manual labels and assignments are kept.

    Example: foia-intake messages reprocess --all
    """
    _analyse_again(ctx, message_id, all_=all_, states=None)


def _analyse_again(ctx: typer.Context, message_id: int | None, *, all_: bool, states: list[str] | None) -> None:
    """Analyse one message, or all (in the given states), again and print the outcomes."""
    from sqlmodel import col, select

    from inbox_worker.process import analyse_message
    from inbox_worker.sync import pipeline_from_settings
    from inbox_worker.views import get_message
    from models.db import session_scope
    from models.tables import Message

    if (message_id is None) == (not all_):
        raise UserInputError("give a MESSAGE_ID or --all (not both)")
    engine = ctx.obj.engine()
    with session_scope(engine) as s:
        if all_:
            query = select(Message.id).order_by(Message.id)
            if states:
                query = query.where(col(Message.state).in_(states))
            ids = list(s.exec(query).all())
        else:
            ids = [get_message(s, message_id).id]
    ctx.obj.use_classifier_model()
    pipeline = pipeline_from_settings(ctx.obj.settings)
    outcomes: dict[str, int] = {}
    for pk in ids:
        if states is not None and not _fetched_in_full(ctx, engine, pk, all_=all_):
            outcomes["not fetched again"] = outcomes.get("not fetched again", 0) + 1
            continue
        result = analyse_message(engine, pk, pipeline=pipeline)
        outcome = getattr(result.outcome, "value", result.outcome)
        outcomes[str(outcome)] = outcomes.get(str(outcome), 0) + 1
        if not all_:
            say(f"message {pk}: {outcome}" + (f" ({result.error})" if result.error else ""))
    if all_:
        say(", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())) or "nothing to do")


def _fetched_in_full(ctx: typer.Context, engine: Any, pk: int, *, all_: bool) -> bool:
    """A retried message stored with its headers only (it was over imap.max_message_bytes) is first
    fetched again in full; False (with --all) when it cannot be, one error line (exit 1) for one message."""
    from inbox_worker.refetch import fetch_whole_again

    try:
        fetch_whole_again(engine, ctx.obj.settings, pk)
    except UserInputError as err:
        if not all_:
            raise
        say(str(err), err=True)
        return False
    return True
