"""``foia-intake run``: the daemon."""

from __future__ import annotations

import logging
import os
import signal
import sys

import typer

from inbox_worker.cli.output import say
from inbox_worker.errors import ConfigurationError


def register(app: typer.Typer) -> None:
    app.command("run")(run)


def run(ctx: typer.Context) -> None:
    """Run as a service: watch every configured mailbox (IMAP IDLE or polling) until stopped.

    SIGTERM or Ctrl-C finishes the current message and exits 0.

    Example: foia-intake --config /etc/foia-intake.toml run
    """
    # `docker stop` right after the start: a stop asked for during the slow imports is kept.
    received: list[int] = []
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda number, _frame: received.append(number))
    from inbox_worker import logging_setup
    from inbox_worker.daemon import Daemon
    from inbox_worker.sync import sources_from_settings

    logging_setup.serve_defaults()  # one line per poll and per message at the default verbosity
    settings = ctx.obj.settings
    sources = sources_from_settings(settings)
    if not sources:
        raise ConfigurationError("no mailbox configured: set [imap] host or [maildir] path")
    engine = ctx.obj.engine()
    ctx.obj.use_classifier_model()
    daemon = Daemon(settings, engine, sources, echo=say)
    for number in received[:1]:
        daemon._on_signal(number, None)  # noqa: SLF001 (the daemon's own handler, called late)
    code = daemon.run()
    if daemon.abandoned:  # a pass is still reading a message: leave without waiting for its thread
        logging.shutdown()
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(code)
    raise typer.Exit(code)
