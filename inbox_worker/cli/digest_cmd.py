"""``foia-intake digest``: the daily status digest, previewed or sent now."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from inbox_worker.cli.output import say
from inbox_worker.errors import TransientError, UserInputError


def register(app: typer.Typer) -> None:
    app.command("digest")(digest)


def digest(
    ctx: typer.Context,
    preview_: Annotated[bool, typer.Option("--preview", help="Print the digest that would go out now; nothing is sent or recorded.")] = False,
    send: Annotated[bool, typer.Option("--send", help="Send the digest now (events since the last digest).")] = False,
    html: Annotated[Path | None, typer.Option("--html", metavar="FILE", help="With --preview: also write the HTML version to FILE.")] = None,
) -> None:
    """The daily status digest: what you must do and by when, what is overdue, what came in.

    `foia-intake run` sends it every day at digest.time; every event appears in exactly one digest.

    Example: foia-intake digest --preview --html /tmp/digest.html
    """
    if preview_ == send:
        raise UserInputError("give --preview or --send")
    if html is not None and not preview_:
        raise UserInputError("--html goes with --preview")
    from datetime import UTC, datetime

    from inbox_worker.digest.delivery import digest_timezone, preview, send_digest
    from inbox_worker.digest.render import render_html, render_text

    settings, engine, now = ctx.obj.settings, ctx.obj.engine(), datetime.now(UTC)
    if preview_:
        tz = digest_timezone(settings)
        d = preview(engine, settings, now=now)
        if html is not None:
            try:
                html.write_text(render_html(d, tz=tz), encoding="utf-8")
            except OSError as err:
                raise UserInputError(f"cannot write {html}: {err.strerror}") from None
        typer.echo(render_text(d, tz=tz), nl=False)
        if html is not None:
            say(f"HTML written to {html}")
        return
    try:
        delivery = send_digest(engine, settings, now=now)
    except TransientError as err:
        raise TransientError(f"{err}; the digest is recorded and goes out on the next `digest --send` "
                             "or from `foia-intake run`") from None
    say(f"digest {delivery.run_id}: {delivery.state} ({delivery.message_id})"
        + (f"; {delivery.note}" if delivery.note else ""))
