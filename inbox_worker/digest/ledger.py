"""The record of every digest: its window, its fixed Message-ID, and whether it went out.

A digest is recorded (PENDING) before anything is sent; while one is pending no new window is
opened, so an outage delays the digest but never splits or repeats its events. SENDING is written
only once the SMTP connection is up, right before the message is handed over: a crash there leaves
SENDING behind, which is settled as sent (unconfirmed) and never sent a second time.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from email.utils import make_msgid

from sqlalchemy import update
from sqlmodel import Session, col, select

from models.tables import DigestRun, DigestState

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=1)
FIRST_BACKOFF = timedelta(minutes=1)
INTERRUPTED = "interrupted while handing the message to the SMTP server; delivery not confirmed, not resent"


def last_run(s: Session) -> DigestRun | None:
    return s.exec(select(DigestRun).order_by(col(DigestRun.window_to).desc(), col(DigestRun.id).desc())).first()


def pending_run(s: Session) -> DigestRun | None:
    return s.exec(select(DigestRun).where(DigestRun.state == DigestState.PENDING).order_by(DigestRun.id)).first()


def next_window_from(s: Session) -> datetime | None:
    """Where the next digest's window starts: where the last one ended (None: the beginning)."""
    last = last_run(s)
    return last.window_to if last else None


def open_run(s: Session, *, now: datetime, domain: str) -> DigestRun:
    """The pending digest, or a new one covering everything since the last (recorded and flushed)."""
    pending = pending_run(s)
    if pending is not None:
        return pending
    run = DigestRun(window_from=next_window_from(s), window_to=now, created_at=now,
                    message_id=make_msgid(idstring="foia-intake-digest", domain=domain))
    s.add(run)
    s.flush()
    return run


def settle_interrupted(s: Session, *, now: datetime) -> list[int]:
    """Digests a crash left in SENDING count as sent: resending could deliver them twice."""
    rows = s.exec(select(DigestRun).where(DigestRun.state == DigestState.SENDING)).all()
    for run in rows:
        log.warning("digest %s (%s) was %s", run.id, run.message_id, INTERRUPTED)
        run.state, run.last_error, run.sent_at = DigestState.SENT, INTERRUPTED, run.sent_at or now
        s.add(run)
    return [r.id for r in rows]


def claim(s: Session, run_id: int) -> bool:
    """PENDING -> SENDING in one statement; False when another process took (or finished) it first."""
    result = s.execute(update(DigestRun).where(DigestRun.id == run_id, DigestRun.state == DigestState.PENDING)
                    .values(state=DigestState.SENDING))
    return result.rowcount == 1


def mark(s: Session, run: DigestRun, state: DigestState, *, now: datetime) -> None:
    run.state = state
    if state == DigestState.SENT:
        run.sent_at, run.last_error = now, None
    s.add(run)


def mark_failed(s: Session, run: DigestRun, error: str, *, now: datetime) -> None:
    """Back to PENDING with the error; the next attempt waits longer each time."""
    run.state, run.last_error = DigestState.PENDING, error
    run.attempts += 1
    run.next_attempt_at = now + min(FIRST_BACKOFF * 2 ** (run.attempts - 1), MAX_BACKOFF)
    s.add(run)
