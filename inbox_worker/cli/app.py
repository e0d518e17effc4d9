"""``foia-intake``: the Typer application, global options and error handling.

Start-up is cheap: the command modules import only typer at load time; spaCy, the database
layer and the mailbox code are imported inside the commands that use them, so ``--help`` does
not pay for them. ``--version`` and ``status --check`` are answered before this module is
imported at all (``inbox_worker.cli.main`` and ``inbox_worker.cli.quick``).
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

import typer
import typer.main

from config.secrets import mask_url
from inbox_worker import logging_setup
from inbox_worker.cli import (
    calendar_cmd,
    classify_cmd,
    config_cmd,
    db_cmd,
    digest_cmd,
    evaluate_cmd,
    messages_cmd,
    next_cmd,
    requests_cmd,
    review_cmd,
    run_cmd,
    status_cmd,
    sync_cmd,
    train_cmd,
)
from inbox_worker.cli.context import AppContext
from inbox_worker.cli.output import inert, print_error
from inbox_worker.logging_setup import LogFormat

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
digest_cmd.register(app)
next_cmd.register(app)
calendar_cmd.register(app)


def _version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        typer.echo(f"foia-intake {version('foia-intake')}")
        raise typer.Exit()


class _InertFormatter(logging.Formatter):
    """Log lines carry subjects and addresses from messages: make them inert, mask URL passwords."""

    def format(self, record: logging.LogRecord) -> str:  # noqa: A003 (logging's name)
        return mask_url(inert(super().format(record), multiline=True))


class _StderrHandler(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is when a record is logged."""

    @property
    def stream(self) -> Any:
        return sys.stderr

    @stream.setter
    def stream(self, _value: Any) -> None:
        pass


def _configure_logging(*, quiet: bool, verbose: int, fmt: LogFormat = LogFormat.AUTO) -> None:
    root = logging.getLogger()
    handler = next((h for h in root.handlers if isinstance(h, _StderrHandler)), None)
    if handler is None:
        handler = _StderrHandler()
        root.addHandler(handler)
    human = _InertFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging_setup.configure(handler, human=human, quiet=quiet, verbose=verbose, fmt=fmt)


@app.callback()
def main(
    ctx: typer.Context,
    config: Annotated[Path | None, typer.Option("--config", "-c", help="TOML configuration file (default: $FOIA_INTAKE_CONFIG).", envvar="FOIA_INTAKE_CONFIG", show_envvar=False)] = None,
    verbose: Annotated[int, typer.Option("--verbose", "-v", count=True, help="More log output (-vv for debug); also accepted after the command.")] = 0,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Only report errors; no progress bars; also accepted after the command.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit.")] = False,
    log_format: Annotated[LogFormat, typer.Option("--log-format", help="auto: human lines on a terminal, JSON lines otherwise.")] = LogFormat.AUTO,
) -> None:
    _configure_logging(quiet=quiet, verbose=verbose, fmt=log_format)
    ctx.obj = AppContext(config_path=config, quiet=quiet, verbose=verbose)


_GLOBAL_FLAG = re.compile(r"^(?:-q|--quiet|--verbose|-v+)$")


def hoist_global_flags(root: Any, args: Sequence[str]) -> list[str]:
    """Move ``-q``/``-v`` given after a subcommand (``sync --once --quiet``) in front of it,
    where the application's callback reads them. Option values are never moved."""
    front: list[str] = []
    rest: list[str] = []
    command, in_subcommand = root, False
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            rest.extend(args[i:])
            break
        option = _option(command, arg.split("=", 1)[0]) if arg.startswith("-") else None
        if in_subcommand and option is None and _GLOBAL_FLAG.match(arg):
            front.append(arg)
        else:
            rest.append(arg)
            if option is not None and not (option.is_flag or option.count) and "=" not in arg and i + 1 < len(args):
                rest.append(args[i + 1])
                i += 1
            elif not arg.startswith("-") and arg in getattr(command, "commands", {}):
                command, in_subcommand = command.commands[arg], True
        i += 1
    return front + rest


def _option(command: Any, name: str) -> Any:
    for param in command.params:
        if param.param_type_name == "option" and name in (*param.opts, *param.secondary_opts):
            return param
    return None


def run() -> None:
    """Run the command line: map errors to exit codes with one clear line."""
    from typer._click.exceptions import ClickException, NoArgsIsHelpError, UsageError

    from config.errors import ConfigError
    from inbox_worker.errors import FoiaIntakeError
    from models.errors import DatabaseUnavailable, InvalidInput, NotFound, SchemaOutOfDate

    command = typer.main.get_command(app)
    try:
        code = command.main(args=hoist_global_flags(command, sys.argv[1:]), prog_name="foia-intake",
                            standalone_mode=False)
    except NoArgsIsHelpError as err:
        sys.stderr.write(err.format_message().rstrip() + "\n")
        sys.exit(err.exit_code)
    except UsageError as err:
        where = err.ctx.command_path if err.ctx is not None else "foia-intake"
        _fail(f"{err.format_message().rstrip('.')}. See '{where} --help'.", err.exit_code)
    except ClickException as err:
        _fail(err.format_message(), err.exit_code)
    except typer.Abort:
        _fail("aborted", 1)
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
    sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, code: int) -> None:
    print_error(message)
    sys.exit(code)
