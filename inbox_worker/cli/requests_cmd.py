"""``foia-intake requests``: the requests and their status."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from inbox_worker.cli.output import console, print_csv, print_json, print_table
from inbox_worker.views import request_detail, request_rows
from models.db import session_scope

app = typer.Typer(help="Requests and their status.\n\nExample: foia-intake requests list --overdue", no_args_is_help=True)


@app.command("list")
def list_requests(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(help="Only requests with this status.")] = None,
    agency: Annotated[str | None, typer.Option(help="Only agencies whose name or address contains this.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only requests past their due date.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV.")] = False,
) -> None:
    """List requests with tracking numbers, status and deadlines.

    Example: foia-intake requests list --status awaiting_requester --json
    """
    with session_scope(ctx.obj.engine()) as s:
        rows = request_rows(s, today=date.today(), status=status, agency=agency, overdue=overdue)
    if as_json:
        print_json(rows)
    elif as_csv:
        print_csv(rows)
    else:
        print_table(
            [{k: r[k] for k in ("id", "agency", "tracking_numbers", "status", "expedite", "fee_waiver", "submitted_on", "due_date", "respond_by")} for r in rows],
            title="Requests", empty="no requests yet",
        )


@app.command("show")
def show_request(
    ctx: typer.Context,
    request_id: Annotated[int, typer.Argument(help="The request's id (see `requests list`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Show one request: its fields, its messages, and the history of its status.

    Example: foia-intake requests show 1
    """
    with session_scope(ctx.obj.engine()) as s:
        detail = request_detail(s, request_id, today=date.today())
    if as_json:
        print_json(detail)
        return
    console.print(f"[bold]Request {detail['id']}[/bold]: {detail['subject']}", highlight=False)
    for key in ("agency", "agency_email", "tracking_numbers", "status", "expedite", "fee_waiver",
                "submitted_on", "received_on", "due_date", "respond_by", "overdue"):
        value = detail[key]
        if isinstance(value, list):
            value = ", ".join(value) or "-"
        console.print(f"  {key.replace('_', ' ')}: {value if value is not None else '-'}", highlight=False)
    if detail["due_explanation"]:
        console.print(f"  deadline: {detail['due_explanation']}", highlight=False)
    print_table([{k: m[k] for k in ("id", "date", "direction", "label", "secondary", "confidence", "state", "subject")}
                 for m in detail["messages"]], title="Messages", empty="no messages")
    print_table([{k: t[k] for k in ("at", "field", "from", "to", "message", "rule")} for t in detail["timeline"]],
                title="Timeline (from the messages, in date order)", empty="no decisions yet")
    print_table([{k: e[k] for k in ("at", "field", "from", "to", "message", "rule", "by")} for e in detail["history"]],
                title="Changes recorded", empty="no history")
