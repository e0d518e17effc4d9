"""The answers that must come back in well under a second (issue 12): ``--version`` and the health
check ``status --check``, given before Typer, rich or SQLAlchemy are imported.

Only the plain forms are answered here, and only when all goes well. Any other argument, a
configuration or database problem, a schema that is not current, or a database URL that
``models.db.open_plain`` does not open returns None, and the full command line
(``inbox_worker.cli.app``) runs and says what is wrong the usual way (exit 2 or 4). The settings are
the real ones (``config.settings.load_settings``, every key validated) and the verdict is the
one ``status`` prints (``inbox_worker.health.verdict``): exit 0 healthy, 1 degraded.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Sequence
from pathlib import Path

# -q/-v, accepted before and after the command (as inbox_worker.cli.app.hoist_global_flags moves them).
_FLAG = re.compile(r"^(?:-q|--quiet|--verbose|-v+)$")
_LOG_FORMATS = ("auto", "human", "json")  # inbox_worker.logging_setup.LogFormat
_NO_CONFIG = object()


def answer(args: Sequence[str]) -> int | None:
    """The exit code when this command line was answered here, else None (nothing was printed)."""
    if _is_version(args):
        from importlib.metadata import version

        sys.stdout.write(f"foia-intake {version('foia-intake')}\n")
        return 0
    config = _status_check_config(args)
    if config is _NO_CONFIG:
        return None
    try:
        return _status_check(config)
    except Exception:  # noqa: BLE001 (the full command line meets it again and says it properly)
        return None


def _is_version(args: Sequence[str]) -> bool:
    return bool(args) and args[-1] == "--version" and all(_FLAG.match(a) for a in args[:-1])


def _status_check_config(args: Sequence[str]) -> Path | None | object:
    """For ``[global options] status --check [-q/-v]``: the ``--config`` file given (None: none);
    ``_NO_CONFIG`` for any other command line."""
    config: Path | None = None
    rest = list(args)
    while rest and rest[0] != "status":
        arg = rest.pop(0)
        if _FLAG.match(arg):
            continue
        name, eq, value = arg.partition("=")
        if name in ("--config", "-c", "--log-format") and not eq:
            if not rest:
                return _NO_CONFIG
            value = rest.pop(0)
        elif not (eq and name in ("--config", "--log-format")):
            return _NO_CONFIG
        if name == "--log-format":
            if value not in _LOG_FORMATS:
                return _NO_CONFIG
        elif not value or value.startswith("-"):
            return _NO_CONFIG
        else:
            config = Path(value)
    if rest[:1] != ["status"] or "--check" not in rest[1:]:
        return _NO_CONFIG
    if not all(a == "--check" or _FLAG.match(a) for a in rest[1:]):
        return _NO_CONFIG
    return config


def _status_check(config: Path | None) -> int | None:
    from config.settings import load_settings
    from inbox_worker import health
    from inbox_worker.cli.plain import inert
    from models.db import open_plain, plain_schema_is_current

    settings = load_settings(config)
    conn = open_plain(settings.database.url)
    if conn is None:
        return None
    try:
        if not plain_schema_is_current(conn):
            return None
        verdict = health.read_plain(conn)
    finally:
        conn.close()
    for problem in verdict.problems:  # as `say(problem, err=True, wrap=False)` prints them
        sys.stderr.write(inert(problem) + "\n")
    return int(verdict.state)
