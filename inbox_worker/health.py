"""Health that tells the truth: what the service last saw of each mailbox, and what it means.

The daemon records each poll (``record_start``, ``record_success``, ``record_failure``);
``foia-intake status`` and the health checks read the verdict from ``assess``:

- healthy: the database answers and every mailbox was polled successfully within 3 poll intervals
  (or the service started less than 3 intervals ago);
- degraded (exit 1): the mail server refused the last login, or no poll succeeded for 3 intervals.

Recording never stops a poll: if the database cannot take it, a warning is logged.

``assess`` reads its few columns with SQLAlchemy Core, so ``status`` loads neither SQLModel nor
the table models, and ``read_plain`` reads them through a plain DB-API connection, so
``status --check`` does not even load SQLAlchemy (issue 12: the health check stays cheap); both
hand the rows to ``verdict``. Recording, done by the daemon that has them loaded anyway, imports
the table models when it first records.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Engine, TableClause

log = logging.getLogger(__name__)

STALE_AFTER_POLL_INTERVALS = 3

# The columns of models.tables.ServiceHealth that the verdict reads.
COLUMNS = ("source", "poll_interval_seconds", "started_at", "last_attempt_at", "last_success_at",
           "last_error", "login_refused")
_TIMES = ("started_at", "last_attempt_at", "last_success_at")


@cache
def _service_health() -> TableClause:
    """Those columns as a light Core table."""
    from sqlalchemy import Boolean, Integer, Text, column, table

    from models.types import UTCDateTime

    types = {"poll_interval_seconds": Integer, "login_refused": Boolean, **dict.fromkeys(_TIMES, UTCDateTime)}
    return table("service_health", *(column(name, types.get(name, Text)) for name in COLUMNS))


class HealthState(IntEnum):
    """The verdict, valued as the exit code of ``status --check``."""

    HEALTHY = 0
    DEGRADED = 1


@dataclass(frozen=True)
class MailboxHealth:
    source: str
    last_attempt_at: datetime | None
    last_success_at: datetime | None
    last_error: str | None
    login_refused: bool


@dataclass(frozen=True)
class Health:
    state: HealthState
    problems: list[str] = field(default_factory=list)
    mailboxes: list[MailboxHealth] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"state": self.state.name.lower(), "problems": self.problems,
                "mailboxes": [vars(m) for m in self.mailboxes]}


def _record(engine: Engine, what: str, change) -> None:  # noqa: ANN001 (a function of the session)
    from sqlalchemy.exc import SQLAlchemyError

    from models.db import session_scope

    try:
        with session_scope(engine) as s:
            change(s)
    except SQLAlchemyError as err:
        log.warning("cannot record %s for status: %s", what, err.__class__.__name__)


def record_start(engine: Engine, sources: Iterable[str], *, poll_interval_seconds: int) -> None:
    """The service starts watching these mailboxes (rows of mailboxes no longer watched go)."""
    from sqlmodel import delete

    from models.tables import ServiceHealth
    from models.types import utcnow

    names = list(sources)
    now = utcnow()

    def change(s) -> None:  # noqa: ANN001
        s.exec(delete(ServiceHealth).where(ServiceHealth.source.not_in(names)))
        for name in names:
            row = s.get(ServiceHealth, name) or ServiceHealth(source=name)
            # A refused login stays on record until a login succeeds, across restarts.
            row.poll_interval_seconds, row.started_at = poll_interval_seconds, now
            s.add(row)

    _record(engine, "the start", change)


def record_success(engine: Engine, sources: Iterable[str]) -> None:
    from models.tables import ServiceHealth
    from models.types import utcnow

    now = utcnow()

    def change(s) -> None:  # noqa: ANN001
        for name in sources:
            row = s.get(ServiceHealth, name) or ServiceHealth(source=name, started_at=now)
            row.last_attempt_at = row.last_success_at = now
            row.last_error, row.login_refused = None, False
            s.add(row)

    _record(engine, "a successful poll", change)


def record_failure(engine: Engine, sources: Iterable[str], error: str, *, login_refused: bool) -> None:
    from models.tables import ServiceHealth
    from models.types import utcnow

    now = utcnow()

    def change(s) -> None:  # noqa: ANN001
        for name in sources:
            row = s.get(ServiceHealth, name) or ServiceHealth(source=name, started_at=now)
            row.last_attempt_at, row.last_error, row.login_refused = now, error, login_refused
            s.add(row)

    _record(engine, "a failed poll", change)


def assess(engine: Engine, *, now: datetime | None = None) -> Health:
    """The verdict from what the service recorded (raises if the database cannot be read)."""
    from sqlalchemy import select

    table = _service_health()
    with engine.connect() as conn:
        rows = conn.execute(select(table).order_by(table.c.source)).all()
    return verdict(rows, now=now)


def read_plain(conn: Any, *, now: datetime | None = None) -> Health:
    """The verdict read through a plain DB-API connection (SQLite or psycopg), as ``assess`` reads it."""
    rows = conn.execute(f"SELECT {', '.join(COLUMNS)} FROM service_health ORDER BY source").fetchall()
    return verdict([_PlainRow(row) for row in rows], now=now)


class _PlainRow:
    """A DB-API row with the values the engine would give: UTC datetimes (SQLite keeps text), booleans."""

    def __init__(self, values: Sequence[Any]) -> None:
        row = dict(zip(COLUMNS, values, strict=True))
        for name in _TIMES:
            row[name] = _utc(row[name])
        row["login_refused"] = None if row["login_refused"] is None else bool(row["login_refused"])
        self.__dict__.update(row)


def _utc(value: datetime | str | None) -> datetime | None:
    """As ``models.types.UTCDateTime`` reads it: aware, in UTC (an ISO text from SQLite)."""
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def verdict(rows: Iterable[Any], *, now: datetime | None = None) -> Health:
    """The verdict from the rows of ``service_health`` (objects with the ``COLUMNS`` as attributes)."""
    now = now or datetime.now(UTC)  # models.types.utcnow, without importing SQLAlchemy
    rows = list(rows)
    problems = []
    for row in rows:
        if row.login_refused:
            problems.append(f"{row.source}: the mail server refused the login ({row.last_error}); "
                            "fix imap.username and imap.password (or password_file), then restart")
            continue
        since = row.last_success_at or row.started_at
        allowed = timedelta(seconds=STALE_AFTER_POLL_INTERVALS * row.poll_interval_seconds)
        if now - since > allowed:
            what = f"last success {since:%Y-%m-%d %H:%M:%S} UTC" if row.last_success_at else "none since the start"
            reason = f"; last error: {row.last_error}" if row.last_error else ""
            problems.append(f"{row.source}: no successful poll in {STALE_AFTER_POLL_INTERVALS} poll "
                            f"intervals ({what}){reason}")
    mailboxes = [MailboxHealth(r.source, r.last_attempt_at, r.last_success_at, r.last_error, r.login_refused)
                 for r in rows]
    state = HealthState.DEGRADED if problems else HealthState.HEALTHY
    return Health(state, problems, mailboxes)
