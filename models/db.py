"""Engines, sessions and schema migrations (Alembic); and, for the health check, a plain DB-API
connection opened without SQLAlchemy (``open_plain``).

Importing this module is cheap: SQLAlchemy is imported by the functions that use it, Alembic when a
migration runs (a start finds the schema current without it), SQLModel when a session opens.
"""

from __future__ import annotations

import fcntl
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from models.errors import DatabaseUnavailable, SchemaOutOfDate

if TYPE_CHECKING:
    from alembic.config import Config as AlembicConfig
    from sqlalchemy import Engine
    from sqlmodel import Session

MIGRATIONS = Path(__file__).parent / "migrations"
SQLITE_BUSY_TIMEOUT = 30  # seconds a SQLite connection waits for another writer's lock


def make_engine(url: str) -> Engine:
    """An engine for any SQLAlchemy URL; SQLite gets WAL, foreign keys and a busy timeout."""
    from sqlalchemy import create_engine, event
    from sqlalchemy.exc import ArgumentError

    from models.database_url import check_database_url

    check_database_url(url)  # a URL that can never work is a configuration error (exit 2)
    try:
        if url.startswith("sqlite"):
            engine = create_engine(url, connect_args={"timeout": SQLITE_BUSY_TIMEOUT})
            event.listen(engine, "connect", _sqlite_pragmas)
        else:
            engine = create_engine(url, pool_pre_ping=True)
    except (ArgumentError, ImportError) as err:
        raise DatabaseUnavailable(f"cannot use database URL {_safe_url(url)}: {err}") from err
    return engine


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # noqa: ANN001 (DB-API connection)
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.close()


def _safe_url(url: str) -> str:
    """The URL with any password masked, for messages and logs."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "<unparseable URL>"


@contextmanager
def session_scope(engine: Engine) -> Iterator[Session]:
    """A session that commits on success and rolls back on error."""
    from sqlmodel import Session

    with Session(engine, expire_on_commit=False) as session:
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise


def _alembic_config(engine: Engine) -> AlembicConfig:
    from alembic.config import Config as AlembicConfig

    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["engine"] = engine
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Apply migrations up to ``revision``, one process at a time (two daemons starting together
    on a fresh database: the second waits, then finds the schema current)."""
    from alembic import command
    from sqlalchemy.exc import OperationalError

    try:
        with migration_lock(engine):
            command.upgrade(_alembic_config(engine), revision)
    except (OperationalError, OSError) as err:
        raise DatabaseUnavailable(f"cannot migrate {_safe_url(str(engine.url))}: {getattr(err, 'orig', err)}") from err


MIGRATION_LOCK_KEY = 0x464F4941  # "FOIA": the PostgreSQL advisory lock held while migrating


@contextmanager
def migration_lock(engine: Engine) -> Iterator[None]:
    """Held while migrating: a PostgreSQL advisory lock, a lock file beside a SQLite database."""
    if engine.dialect.name == "postgresql":
        from sqlalchemy import text

        with engine.connect() as conn:
            conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            conn.commit()
            try:
                yield
            finally:
                conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
                conn.commit()
        return
    database = engine.url.database if engine.dialect.name == "sqlite" else None
    if not database or database == ":memory:" or database.startswith("file:"):
        yield
        return
    with open(f"{database}.migrate-lock", "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def current_revision(engine: Engine) -> str | None:
    """The revision the database is at (None: never migrated), read from Alembic's table."""
    from sqlalchemy import inspect, text
    from sqlalchemy.exc import OperationalError

    try:
        with engine.connect() as conn:
            if not inspect(conn).has_table(VERSION_TABLE):
                return None
            versions = conn.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).scalars().all()
            if len(versions) <= 1:
                return versions[0] if versions else None
            from alembic.runtime.migration import MigrationContext

            return MigrationContext.configure(conn).get_current_revision()  # several heads: Alembic says so
    except OperationalError as err:
        raise DatabaseUnavailable(f"cannot open {_safe_url(str(engine.url))}: {err.orig}") from err


VERSION_TABLE = "alembic_version"


_REVISION = re.compile(r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(None|'[^']*'|"[^"]*")\s*$""", re.M)


def head_revision() -> str:
    """The newest revision: read from the migration files (importing Alembic costs a start most of
    a second); Alembic itself decides when they are not one plain chain."""
    heads = _chain_head()
    if heads is not None:
        return heads
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(MIGRATIONS))
    return script.get_current_head() or ""


def _chain_head() -> str | None:
    """The one head of the migration files when each names its revision and parent plainly."""
    revisions, parents = set(), set()
    for path in (MIGRATIONS / "versions").glob("*.py"):
        found = dict(_REVISION.findall(path.read_text(encoding="utf-8")))
        if set(found) != {"revision", "down_revision"} or found["revision"] == "None":
            return None
        revisions.add(found["revision"].strip("'\""))
        if found["down_revision"] != "None":
            parents.add(found["down_revision"].strip("'\""))
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 and parents <= revisions else None


def ensure_schema(engine: Engine, *, auto_upgrade: bool) -> None:
    """Make sure the schema is current: migrate, or say how to."""
    if current_revision(engine) == head_revision():
        return
    if auto_upgrade:
        upgrade(engine)
        return
    raise SchemaOutOfDate(
        f"the database {_safe_url(str(engine.url))} is not at the current schema: "
        "run `foia-intake db upgrade`"
    )


# ---- a plain DB-API connection, for the health check ------------------------------------------

_PLAIN_SQLITE = re.compile(r"^sqlite(?:\+pysqlite)?:///(?P<path>[^?]+)$")
_PLAIN_POSTGRES = "postgresql+psycopg://"


def open_plain(url: str) -> Any | None:
    """A DB-API connection to the database ``url`` names, opened with its driver alone (importing
    SQLAlchemy costs the health check most of its time), when that reaches the very database the
    engine would and ``make_engine`` would accept the URL: an existing SQLite file this user may read
    and write in a folder it may write, or ``postgresql+psycopg://`` without query options.
    None for any other URL: the caller uses the engine, which also says what is wrong with it.
    Driver errors (a server that is down) are raised."""
    if found := _PLAIN_SQLITE.match(url):
        path = Path(found["path"])
        if not (path.is_file() and os.access(path, os.R_OK | os.W_OK)
                and os.access(path.parent, os.W_OK | os.X_OK)):
            return None
        import sqlite3

        return sqlite3.connect(path, timeout=SQLITE_BUSY_TIMEOUT)
    if url.startswith(_PLAIN_POSTGRES) and "?" not in url:
        import psycopg

        # libpq reads the URL itself (user, password, host, port, database; percent-decoded)
        return psycopg.connect("postgresql://" + url.removeprefix(_PLAIN_POSTGRES))
    return None


def plain_schema_is_current(conn: Any) -> bool:
    """Whether the database behind a DB-API connection is at this version's schema (one revision in
    Alembic's table, the head of the migration files). False when that cannot be told so plainly."""
    heads = _chain_head()
    if heads is None:
        return False
    rows = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()
    return [tuple(r) for r in rows] == [(heads,)]
