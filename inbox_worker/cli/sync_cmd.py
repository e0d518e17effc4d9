"""``foia-intake sync``: one pass over every mailbox source."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from inbox_worker.cli.output import console, say
from inbox_worker.errors import ConfigurationError


def register(app: typer.Typer) -> None:
    app.command("sync")(sync)


def sync(
    ctx: typer.Context,
    once: Annotated[bool, typer.Option("--once", help="One pass, then exit (the default; `run` is the daemon).")] = True,
    maildir: Annotated[Path | None, typer.Option("--maildir", help="Read this Maildir instead of the configured sources.")] = None,
    sample: Annotated[bool, typer.Option("--sample", help="Read the bundled sample mailbox (a 2020 request to ICE).")] = False,
) -> None:
    """Fetch new messages from every source, process each, and exit.

    Running it again takes nothing twice. Messages that cannot be parsed are stored and
    quarantined; see `foia-intake messages list --state quarantined`.

    Example: foia-intake sync --once --sample
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from inbox_worker.sources.maildir import MaildirSource
    from inbox_worker.sync import (
        pipeline_from_settings,
        sample_mailbox_path,
        sources_from_settings,
        sync_once,
    )

    app_ctx = ctx.obj
    settings = app_ctx.settings
    if sample or maildir:
        path = sample_mailbox_path() if sample else maildir
        sources = [MaildirSource(path, folders=settings.maildir.folders, sent_folder=settings.maildir.sent_folder)]
    else:
        sources = sources_from_settings(settings)
    if not sources:
        raise ConfigurationError(
            "no mailbox configured: set [maildir] path or [imap] host (or pass --maildir / --sample)"
        )
    engine = app_ctx.engine()
    app_ctx.use_classifier_model()
    show_progress = not app_ctx.quiet and sys.stderr.isatty()
    if show_progress:
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      console=console, transient=True) as bar:
            task = bar.add_task("messages", total=None)

            def progress(done: int, total: int) -> None:
                bar.update(task, completed=done, total=total)

            report = sync_once(engine, sources, pipeline=pipeline_from_settings(settings), progress=progress)
    else:
        report = sync_once(engine, sources, pipeline=pipeline_from_settings(settings))
    if not app_ctx.quiet:
        say(f"sync: {report.summary()}")
