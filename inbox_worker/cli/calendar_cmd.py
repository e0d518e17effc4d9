"""``foia-intake calendar``: deadlines as an iCalendar file."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from inbox_worker.cli.output import say
from inbox_worker.errors import UserInputError


def register(app: typer.Typer) -> None:
    app.command("calendar")(calendar)


def calendar(
    ctx: typer.Context,
    ics: Annotated[Path, typer.Option("--ics", metavar="FILE", help="The .ics file to write (replaced).")],
) -> None:
    """Write respond-by dates and agency due dates as an iCalendar file, one event each.

    UIDs are stable: importing a newer export updates the events instead of duplicating them.

    Example: foia-intake calendar --ics ~/foia-deadlines.ics
    """
    from datetime import UTC, datetime

    from inbox_worker.digest.ics import calendar_events, to_ics
    from models.db import session_scope

    with session_scope(ctx.obj.engine()) as s:
        events = calendar_events(s)
    tmp = ics.with_name(ics.name + ".tmp")
    try:
        tmp.write_text(to_ics(events, now=datetime.now(UTC)), encoding="utf-8", newline="")
        tmp.replace(ics)
    except OSError as err:
        raise UserInputError(f"cannot write {ics}: {err.strerror}") from None
    say(f"{len(events)} deadline{'s' if len(events) != 1 else ''} written to {ics}")
