"""``foia-intake requests``: the requests and their status."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from inbox_worker.cli.output import console, print_csv, print_json, print_table
from inbox_worker.cli.review_cmd import default_user, print_change
from inbox_worker.review import add_request, close_request, edit_request
from inbox_worker.views import request_detail, request_rows
from models.db import session_scope
from models.errors import InvalidInput

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
            [{k: r[k] for k in ("id", "agency", "tracking_numbers", "status", "expedite", "fee_waiver", "submitted_on", "due_date", "respond_by", "appeal_by")} for r in rows],
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
                "submitted_on", "received_on", "overdue", "waiting_on_us"):
        value = detail[key]
        if isinstance(value, list):
            value = ", ".join(value) or "-"
        console.print(f"  {key.replace('_', ' ')}: {value if value is not None else '-'}", highlight=False)
    for d in detail["deadlines"]:
        console.print(f"  {d['deadline']}: {d['date']}  ({d['explanation']})", highlight=False)
    print_table([{k: m[k] for k in ("id", "date", "direction", "label", "secondary", "confidence", "state", "subject")}
                 for m in detail["messages"]], title="Messages", empty="no messages")
    print_table([{k: t[k] for k in ("at", "field", "from", "to", "message", "rule")} for t in detail["timeline"]],
                title="Timeline (from the messages, in date order)", empty="no decisions yet")
    print_table([{k: e[k] for k in ("at", "field", "from", "to", "message", "rule", "by")} for e in detail["history"]],
                title="Changes recorded", empty="no history")


def _date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(f"not a date (YYYY-MM-DD): {value!r}") from None


@app.command("add")
def add(
    ctx: typer.Context,
    agency: Annotated[str, typer.Option(help="The agency's name.")],
    subject: Annotated[str, typer.Option(help="What was asked for.")],
    email: Annotated[str | None, typer.Option(help="The agency's FOIA address (used to match replies).")] = None,
    submitted_on: Annotated[str | None, typer.Option(help="When it was sent (YYYY-MM-DD).")] = None,
    jurisdiction: Annotated[str, typer.Option(help="federal, or a state: CA, NY, TX, IL, MA, WA ...")] = "federal",
    tracking: Annotated[list[str] | None, typer.Option(help="A tracking number already assigned (repeatable).")] = None,
    reference: Annotated[str | None, typer.Option(help="Your own reference for it.")] = None,
    expedite: Annotated[bool, typer.Option("--expedite", help="Expedited processing was requested.")] = False,
    fee_waiver: Annotated[bool, typer.Option("--fee-waiver", help="A fee waiver was requested.")] = False,
) -> None:
    """Register a request that was not sent from the watched mailbox (a portal, a letter, a fax).

    Example: foia-intake requests add --agency "FBI" --subject "Records on X" --submitted-on 2024-03-01 --tracking 1234567-000
    """
    with session_scope(ctx.obj.engine()) as s:
        req = add_request(s, agency=agency, subject=subject, agency_email=email, submitted_on=_date(submitted_on),
                          jurisdiction=jurisdiction, tracking=tracking or [], reference=reference,
                          expedite_requested=expedite, fee_waiver_requested=fee_waiver, by=default_user())
        console.print(f"request {req.id} added: {req.status}, due {req.due_date or '-'}", highlight=False)


@app.command("edit")
def edit(
    ctx: typer.Context,
    request_id: Annotated[int, typer.Argument(help="The request to change.")],
    agency: Annotated[str | None, typer.Option()] = None,
    subject: Annotated[str | None, typer.Option()] = None,
    email: Annotated[str | None, typer.Option()] = None,
    submitted_on: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    jurisdiction: Annotated[str | None, typer.Option()] = None,
    reference: Annotated[str | None, typer.Option()] = None,
    tracking: Annotated[list[str] | None, typer.Option(help="Add a tracking number (repeatable).")] = None,
    notes: Annotated[str | None, typer.Option()] = None,
) -> None:
    """Correct a request's fields or add tracking numbers; the change is kept in its history.

    Example: foia-intake requests edit 3 --jurisdiction CA --tracking R012345-061620
    """
    changes = {k: v for k, v in {"agency": agency, "subject": subject, "agency_email": email,
                                 "submitted_on": _date(submitted_on), "jurisdiction": jurisdiction,
                                 "reference": reference, "notes": notes}.items() if v is not None}
    with session_scope(ctx.obj.engine()) as s:
        change = edit_request(s, request_id, changes=changes, tracking=tracking or [], by=default_user())
    print_change(change, what=f"request {request_id}")


@app.command("close")
def close(
    ctx: typer.Context,
    request_id: Annotated[int, typer.Argument(help="The request to close.")],
    reason: Annotated[str | None, typer.Option(help="Why (kept in the history).")] = None,
    reopen: Annotated[bool, typer.Option("--reopen", help="Reopen a request closed by hand.")] = False,
) -> None:
    """Close a request by hand (withdrawn), or reopen it.

    Example: foia-intake requests close 3 --reason "withdrawn: records found elsewhere"
    """
    with session_scope(ctx.obj.engine()) as s:
        change = close_request(s, request_id, reopen=reopen, note=reason, by=default_user())
    print_change(change, what=f"request {request_id}")
