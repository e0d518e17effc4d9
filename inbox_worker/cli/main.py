"""``foia-intake``'s entry point.

The health check and ``--version`` are answered first, before Typer, rich, SQLAlchemy or spaCy
are imported (``inbox_worker.cli.quick``, issue 12); every other command line, and any check that
meets a problem, goes to the Typer application in ``inbox_worker.cli.app``.
"""

from __future__ import annotations

import sys
from typing import Any


def run() -> None:
    """Console-script entry point."""
    from inbox_worker.cli.quick import answer

    code = answer(sys.argv[1:])
    if code is not None:
        sys.exit(code)
    from inbox_worker.cli.app import run as run_app

    run_app()


def __getattr__(name: str) -> Any:
    # The application and its helpers (``app``, ``hoist_global_flags``...) live in inbox_worker.cli.app,
    # imported only when asked for, so that importing the entry point stays cheap. Dunder names
    # (`__path__`, asked for by every `from ... import`) are not forwarded.
    if name.startswith("__"):
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from inbox_worker.cli import app

    try:
        return getattr(app, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
