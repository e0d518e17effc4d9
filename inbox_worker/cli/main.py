"""``foia-intake``: the application object, global options and error handling."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated

import typer

from config.errors import ConfigError
from inbox_worker.cli import (
    classify_cmd,
    config_cmd,
    db_cmd,
    evaluate_cmd,
    messages_cmd,
    requests_cmd,
    review_cmd,
    run_cmd,
    status_cmd,
    sync_cmd,
    train_cmd,
)
from inbox_worker.cli.context import AppContext
from inbox_worker.cli.output import err_console
from inbox_worker.errors import FoiaIntakeError
from models.errors import DatabaseUnavailable, InvalidInput, NotFound, SchemaOutOfDate

app = typer.Typer(
    name="foia-intake",
    help=(
        "Reads a FOIA mailbox, classifies agency replies, and keeps every request's status and "
        "deadlines.\n\nExample: foia-intake --config /etc/foia-intake.toml sync --once"
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
app.add_typer(requests_cmd.app, name="requests")
app.add_typer(messages_cmd.app, name="messages")
app.add_typer(db_cmd.app, name="db")
app.add_typer(config_cmd.app, name="config")
sync_cmd.register(app)
classify_cmd.register(app)
evaluate_cmd.register(app)
run_cmd.register(app)
status_cmd.register(app)
review_cmd.register(app)
train_cmd.register(app)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"foia-intake {version('foia-intake')}")
        raise typer.Exit()


@app.callback()
def main(
    ctx: typer.Context,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="TOML configuration file (default: $FOIA_INTAKE_CONFIG).", envvar="FOIA_INTAKE_CONFIG", show_envvar=False)] = None,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv for debug).")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only report errors; no progress bars.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
) -> None:
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    ctx.obj = AppContext(config_path=config, quiet=quiet, verbose=verbose)


def run() -> None:
    """Console-script entry point: map errors to exit codes with one clear line."""
    try:
        app(standalone_mode=False)
    except typer.Exit as e:
        sys.exit(e.exit_code)
    except typer.Abort:
        err_console.print("Aborted.")
        sys.exit(1)
    except ConfigError as err:
        _fail(f"configuration error: {err}", 2)
    except (NotFound, InvalidInput) as err:
        _fail(str(err), 1)
    except SchemaOutOfDate as err:
        _fail(str(err), 2)
    except DatabaseUnavailable as err:
        _fail(f"database unavailable: {err}", 4)
    except FoiaIntakeError as err:
        _fail(str(err), err.exit_code)
    except Exception as err:  # click usage errors and friends
        import click

        if isinstance(err, click.ClickException):
            err.show()
            sys.exit(err.exit_code)
        raise


def _fail(message: str, code: int) -> None:
    err_console.print(f"[red]Error:[/red] {message}", highlight=False)
    sys.exit(code)
