"""``foia-intake requests``: the requests and their status."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer

from inbox_worker.cli.output import Col, day, print_csv, print_fields, print_json, print_table, say

app = typer.Typer(help="Requests and their status.\n\nExample: foia-intake requests list --overdue", no_args_is_help=True)

WIDE = Annotated[bool, typer.Option("--wide", help="Show every column.")]

REQUEST_COLUMNS = [
    Col("id"),
    Col("agency", text=True),
    Col("subject", text=True, wide=True),
    Col("tracking_numbers", "tracking", text=True),
    Col("status"),
    Col("expedite", wide=True),
    Col("fee_waiver", "fee waiver", wide=True),
    Col("submitted_on", "submitted", wide=True),
    Col("due_date", "due"),
    Col("respond_by", "respond by", wide=True),
    Col("appeal_by", "appeal by"),
    Col("overdue", wide=True),
]
MESSAGE_COLUMNS = [
    Col("id"), Col("date", show=day), Col("direction", wide=True), Col("label"),
    Col("secondary", text=True, wide=True), Col("confidence", wide=True), Col("state", wide=True),
    Col("subject", text=True),
]
CHANGE_COLUMNS = [Col("at", show=day), Col("change", text=True), Col("message", "msg"), Col("rule", text=True),
                  Col("by", wide=True), Col("note", text=True, wide=True)]


def _change(entry: dict) -> dict:
    return {**entry, "change": f"{entry['field']}: {entry['from'] or '-'} -> {entry['to'] or '-'}"}


@app.command("list")
def list_requests(
    ctx: typer.Context,
    status: Annotated[str | None, typer.Option(help="Only requests with this status (e.g. processing, awaiting_requester).")] = None,
    agency: Annotated[str | None, typer.Option(help="Only agencies whose name or address contains this.")] = None,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only requests past their due date.")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    as_csv: Annotated[bool, typer.Option("--csv", help="Print CSV (every field, with a header line).")] = False,
    wide: WIDE = False,
) -> None:
    """List requests with tracking numbers, status and deadlines.

    Example: foia-intake requests list --status awaiting_requester --json
    """
    from inbox_worker.review import parse_status
    from inbox_worker.views import REQUEST_FIELDS, request_rows
    from models.db import session_scope

    wanted = parse_status(status) if status is not None else None
    with session_scope(ctx.obj.engine()) as s:
        rows = request_rows(s, today=date.today(), status=wanted, agency=agency, overdue=overdue)
    if as_json:
        print_json(rows)
    elif as_csv:
        print_csv(rows, fields=REQUEST_FIELDS)
    else:
        print_table(rows, REQUEST_COLUMNS, title="Requests", wide=wide,
                    empty="no requests match" if (status or agency or overdue) else "no requests yet")


@app.command("show")
def show_request(
    ctx: typer.Context,
    request_id: Annotated[int, typer.Argument(help="The request's id (see `requests list`).")],
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    wide: WIDE = False,
) -> None:
    """Show one request: its fields, its messages, and the history of its status.

    Example: foia-intake requests show 1
    """
    from inbox_worker.views import request_detail
    from models.db import session_scope

    with session_scope(ctx.obj.engine()) as s:
        detail = request_detail(s, request_id, today=date.today())
    if as_json:
        print_json(detail)
        return
    say((f"Request {detail['id']}", "bold"), ": ", detail["subject"])
    print_fields((key, detail[key]) for key in (
        "agency", "agency_email", "jurisdiction", "tracking_numbers", "status", "expedite", "fee_waiver",
        "submitted_on", "received_on", "overdue", "waiting_on_us", "notes"))
    for d in detail["deadlines"]:
        say(f"  {d['deadline']}: {d['date']}  ({d['explanation']})")
    print_table(detail["messages"], MESSAGE_COLUMNS, title="Messages", empty="no messages", wide=wide)
    print_table([_change(t) for t in detail["timeline"]], CHANGE_COLUMNS,
                title="Timeline (from the messages, in date order)", empty="no decisions yet", wide=wide)
    print_table([_change(e) for e in detail["history"]], CHANGE_COLUMNS,
                title="Changes recorded", empty="no history", wide=wide)


@app.command("add")
def add(
    ctx: typer.Context,
    agency: Annotated[str, typer.Option(help="The agency's name.")],
    subject: Annotated[str, typer.Option(help="What was asked for.")],
    email: Annotated[str | None, typer.Option(help="The agency's FOIA address (used to match replies).")] = None,
    submitted_on: Annotated[str | None, typer.Option(help="When it was sent (YYYY-MM-DD).")] = None,
    jurisdiction: Annotated[str, typer.Option(help="federal, or a US state or territory code: CA, NY, TX, IL, MA, WA have rules of their own.")] = "federal",
    tracking: Annotated[list[str] | None, typer.Option(help="A tracking number already assigned (repeatable).")] = None,
    reference: Annotated[str | None, typer.Option(help="Your own reference for it.")] = None,
    expedite: Annotated[bool, typer.Option("--expedite", help="Expedited processing was requested.")] = False,
    fee_waiver: Annotated[bool, typer.Option("--fee-waiver", help="A fee waiver was requested.")] = False,
) -> None:
    """Register a request that was not sent from the watched mailbox (a portal, a letter, a fax).

    Example: foia-intake requests add --agency "FBI" --subject "Records on X" --submitted-on 2024-03-01 --tracking 1234567-000
    """
    from inbox_worker.cli.review_cmd import default_user
    from inbox_worker.review import add_request, jurisdiction_note, parse_date
    from models.db import session_scope

    with session_scope(ctx.obj.engine()) as s:
        req = add_request(s, agency=agency, subject=subject, agency_email=email, submitted_on=parse_date(submitted_on),
                          jurisdiction=jurisdiction, tracking=tracking or [], reference=reference,
                          expedite_requested=expedite, fee_waiver_requested=fee_waiver, by=default_user())
        say(f"request {req.id} added: {req.status}, due {req.due_date or '-'}")
        note = jurisdiction_note(req.jurisdiction)
    if note:
        say(note)


@app.command("edit")
def edit(
    ctx: typer.Context,
    request_id: Annotated[int, typer.Argument(help="The request to change.")],
    agency: Annotated[str | None, typer.Option(help="The agency's name.")] = None,
    subject: Annotated[str | None, typer.Option(help="What was asked for.")] = None,
    email: Annotated[str | None, typer.Option(help="The agency's FOIA address.")] = None,
    submitted_on: Annotated[str | None, typer.Option(help="YYYY-MM-DD")] = None,
    jurisdiction: Annotated[str | None, typer.Option(help="federal, or a US state or territory code.")] = None,
    reference: Annotated[str | None, typer.Option(help="Your own reference for it.")] = None,
    tracking: Annotated[list[str] | None, typer.Option(help="Add a tracking number (repeatable).")] = None,
    notes: Annotated[str | None, typer.Option(help="Replace the notes.")] = None,
) -> None:
    """Correct a request's fields or add tracking numbers; the change is kept in its history.

    Example: foia-intake requests edit 3 --jurisdiction CA --tracking R012345-061620
    """
    from inbox_worker.cli.review_cmd import default_user, print_change
    from inbox_worker.review import edit_request, parse_date
    from models.db import session_scope

    changes = {k: v for k, v in {"agency": agency, "subject": subject, "agency_email": email,
                                 "submitted_on": parse_date(submitted_on), "jurisdiction": jurisdiction,
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
    """Close an open request by hand (withdrawn), or reopen it. A request the agency has
    answered for good (completed, no records, denied) is already closed and keeps its appeal date.

    Example: foia-intake requests close 3 --reason "withdrawn: records found elsewhere"
    """
    from inbox_worker.cli.review_cmd import default_user, print_change
    from inbox_worker.review import close_request
    from models.db import session_scope

    with session_scope(ctx.obj.engine()) as s:
        change = close_request(s, request_id, reopen=reopen, note=reason, by=default_user())
    print_change(change, what=f"request {request_id}")
