"""``foia-intake db``: schema migrations."""

from __future__ import annotations

import typer

from inbox_worker.cli.output import say

app = typer.Typer(help="Database schema commands.\n\nExample: foia-intake db upgrade", no_args_is_help=True)


@app.command("upgrade")
def upgrade_cmd(ctx: typer.Context) -> None:
    """Apply pending migrations to the configured database.

    Example: FOIA_INTAKE_DATABASE__URL=sqlite:///foia.db foia-intake db upgrade
    """
    from models.db import current_revision, make_engine, upgrade

    engine = make_engine(ctx.obj.settings.database.url)
    before = current_revision(engine)
    upgrade(engine)
    after = current_revision(engine)
    if before == after:
        say(f"database already at revision {after}")
    else:
        say(f"database upgraded from {before or 'empty'} to {after}")


@app.command("current")
def current_cmd(ctx: typer.Context) -> None:
    """Print the database's schema revision and the newest one this version knows.

    Example: foia-intake db current
    """
    from models.db import current_revision, head_revision, make_engine

    engine = make_engine(ctx.obj.settings.database.url)
    say(f"database: {current_revision(engine) or 'empty'}; newest: {head_revision()}")
