"""Leases: one holder at a time per mailbox folder, across processes and machines.

Acquisition is one conditional UPDATE (or INSERT), atomic on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

import os
import socket
import uuid
from datetime import timedelta

from sqlalchemy import Engine, insert, select, update
from sqlalchemy.exc import IntegrityError

from models.tables import Lease, utcnow

DEFAULT_TTL = timedelta(minutes=5)


def holder_id() -> str:
    """host:pid:nonce, unique per holder even within one process."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _dead_local_holder(holder: str) -> bool:
    """A holder on this host whose process is gone (killed): its lease may be taken at once."""
    host, _, rest = holder.partition(":")
    pid_text = rest.split(":", 1)[0]
    if host != socket.gethostname() or not pid_text.isdigit():
        return False
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


def acquire(engine: Engine, name: str, *, holder: str, ttl: timedelta = DEFAULT_TTL) -> bool:
    """Take or renew the lease ``name``; False when another live holder has it."""
    now = utcnow()
    table = Lease.__table__
    with engine.begin() as conn:
        result = conn.execute(
            update(table)
            .where(table.c.name == name)
            .where((table.c.holder == holder) | (table.c.expires_at < now))
            .values(holder=holder, expires_at=now + ttl)
        )
        if result.rowcount == 1:
            return True
    try:
        with engine.begin() as conn:
            conn.execute(insert(table).values(name=name, holder=holder, expires_at=now + ttl))
        return True
    except IntegrityError:
        pass  # someone else holds it: is it still alive?
    with engine.begin() as conn:
        current = conn.execute(select(table.c.holder).where(table.c.name == name)).scalar_one_or_none()
        if current is None or not _dead_local_holder(current):
            return False
        result = conn.execute(
            update(table).where(table.c.name == name, table.c.holder == current)
            .values(holder=holder, expires_at=now + ttl)
        )
        return result.rowcount == 1


def release(engine: Engine, name: str, *, holder: str) -> None:
    table = Lease.__table__
    with engine.begin() as conn:
        conn.execute(
            update(table).where(table.c.name == name, table.c.holder == holder)
            .values(expires_at=utcnow() - timedelta(seconds=1))
        )
