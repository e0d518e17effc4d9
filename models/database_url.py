"""Refuse a database URL that can never work, before anything connects or creates a file.

A mistyped URL, a driver that is not installed, or a SQLite path whose folder does not exist or
cannot be written are configuration errors (exit 2): retrying will not help, and SQLite must not
silently create an empty database somewhere nobody will look. A server that is down is not
decided here (that is ``DatabaseUnavailable``, retried later).
"""

from __future__ import annotations

import os
import pwd
from pathlib import Path

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from config.errors import ConfigError

EXAMPLES = "e.g. sqlite:////var/lib/foia-intake/foia-intake.db or postgresql+psycopg://user@host/db"


def check_database_url(url: str) -> URL:
    """The parsed URL, or ``ConfigError`` saying what to fix (never echoing a password)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        raise ConfigError(f"database.url is not a database URL ({EXAMPLES})") from None
    safe = parsed.render_as_string(hide_password=True)
    try:
        dialect = parsed.get_dialect()
    except ArgumentError:
        raise ConfigError(f"database.url {safe}: unknown database type {parsed.drivername!r} ({EXAMPLES})") from None
    try:
        dialect.import_dbapi()
    except ImportError as err:
        raise ConfigError(f"database.url {safe}: the driver for {parsed.drivername!r} is not installed "
                          f"({err.name or err}); use postgresql+psycopg:// for PostgreSQL") from None
    if parsed.get_backend_name() == "sqlite":
        _check_sqlite_file(parsed)
    return parsed


def _check_sqlite_file(parsed: URL) -> None:
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:") or parsed.query.get("mode") == "memory":
        return
    path = Path(database)
    where = path if path.is_absolute() else f"{path} (in {Path.cwd()})"
    folder = path.parent
    if not folder.is_dir():
        raise ConfigError(f"database.url points to {where}, but the folder {folder} does not exist: "
                          "correct the path or create the folder")
    if path.is_dir():
        raise ConfigError(f"database.url points to {where}, which is a folder, not a database file")
    user = _user()
    if path.exists() and not os.access(path, os.R_OK | os.W_OK):
        raise ConfigError(f"the database file {where} cannot be written by user {user}: "
                          "give that user ownership of the file (chown) or run as its owner")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise ConfigError(f"the folder {folder.resolve()} cannot be written by user {user} (SQLite needs "
                          "to create the database and its -wal/-shm files there): give that user "
                          "ownership of the folder (chown) or point database.url elsewhere")


def _user() -> str:
    uid = os.geteuid()
    try:
        return f"{pwd.getpwuid(uid).pw_name} (uid {uid})"
    except KeyError:
        return f"uid {uid}"
