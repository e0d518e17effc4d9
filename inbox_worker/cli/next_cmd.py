"""``foia-intake next``: what waits on you and what the agencies let pass, soonest first."""

from __future__ import annotations

from typing import Annotated

import typer

from inbox_worker.cli.output import print_json, print_table


def register(app: typer.Typer) -> None:
    app.command("next")(next_cmd)


def next_cmd(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """What needs your action (respond-by dates) and what is overdue, soonest first.

    Example: foia-intake next
    """
    from datetime import UTC, datetime

    from inbox_worker.digest.build import deadline_items
    from inbox_worker.digest.delivery import digest_timezone
    from inbox_worker.digest.render import days_left, field_name, money
    from models.db import session_scope

    today = datetime.now(UTC).astimezone(digest_timezone(ctx.obj.settings)).date()
    with session_scope(ctx.obj.engine()) as s:
        actions, overdue = deadline_items(s, today=today)
    todo = [{"respond_by": a.due, "when": days_left(a.days_left), "action": a.kind.value,
             "fee": money(a.fee_amount), "request": a.request.id, "subject": a.request.subject,
             "agency": a.request.agency, "tracking_numbers": list(a.request.tracking), "sentence": a.sentence or ""}
            for a in actions]
    late = [{"due": o.due, "days_overdue": o.days_overdue, "deadline": field_name(o.kind.value),
             "request": o.request.id, "subject": o.request.subject, "agency": o.request.agency,
             "tracking_numbers": list(o.request.tracking), "explanation": o.explanation}
            for o in overdue]
    if as_json:
        print_json({"needs_your_action": todo, "overdue": late})
        return
    print_table([{k: v for k, v in r.items() if k != "sentence"} for r in todo],
                title="Needs your action", empty="nothing waits on you")
    print_table([{k: v for k, v in r.items() if k != "explanation"} for r in late],
                title="Overdue", empty="nothing overdue")
