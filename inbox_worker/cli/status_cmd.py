"""``foia-intake status``: is the service healthy, and what is waiting?"""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import typer

from inbox_worker.cli.output import Col, day, print_json, print_table, say

FOLDER_COLUMNS = [Col("source", text=True), Col("folder", text=True), Col("uidvalidity", wide=True),
                  Col("last_uid", "last uid"), Col("updated_at", "updated", show=day)]


def register(app: typer.Typer) -> None:
    app.command("status")(status)


def status(
    ctx: typer.Context,
    check: Annotated[bool, typer.Option("--check", help="Only check health: exit 0 healthy, 1 degraded (login refused, or no successful poll in 3 poll intervals).")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    wide: Annotated[bool, typer.Option("--wide", help="Show every column.")] = False,
) -> None:
    """Messages by state, requests by status, and each mailbox folder's checkpoint.

    Example: foia-intake status   (the Docker healthcheck runs: foia-intake -q status --check)
    """
    from inbox_worker import health

    engine = ctx.obj.engine(migrate=False)
    verdict = health.assess(engine)
    if check:  # 0 healthy, 1 degraded (login refused, or no successful poll for 3 intervals)
        for problem in verdict.problems:
            say(problem, err=True, wrap=False)
        raise typer.Exit(int(verdict.state))
    from sqlmodel import select

    from inbox_worker.digest.build import attention_counts
    from models.db import session_scope
    from models.tables import MailboxState, Message, Request

    with session_scope(engine) as s:
        states = Counter(str(x) for x in s.exec(select(Message.state)).all())
        statuses = Counter(str(x) for x in s.exec(select(Request.status)).all())
        folders = [{"source": m.source, "folder": m.folder, "uidvalidity": m.uidvalidity,
                    "last_uid": m.last_uid, "updated_at": m.updated_at}
                   for m in s.exec(select(MailboxState).order_by(MailboxState.source, MailboxState.folder)).all()]
        attention = attention_counts(s)
    data = {"messages": dict(states), "requests": dict(statuses), "attention": attention, "folders": folders,
            "health": verdict.as_dict()}
    if as_json:
        print_json(data)
        return
    say(f"health: {data['health']['state']}")
    for problem in verdict.problems:
        say(f"  {problem}")
    say("messages: " + (", ".join(f"{n} {k}" for k, n in sorted(states.items())) or "none"))
    say("requests: " + (", ".join(f"{n} {k}" for k, n in sorted(statuses.items())) or "none"))
    say("attention: " + ", ".join(f"{n} {k.replace('_', ' ')}" for k, n in attention.items()))
    print_table(folders, FOLDER_COLUMNS, title="Mailbox checkpoints", empty="no IMAP folder synced yet", wide=wide)
