"""The record of every digest: its window, its fixed Message-ID, and whether it went out.

A digest is recorded (PENDING) before anything is sent; while one is pending no new window is
opened, so an outage delays the digest but never splits or repeats its events. SENDING is written
only once the SMTP connection is up, right before the message is handed over: a crash there leaves
SENDING behind, which is settled as sent (unconfirmed) and never sent a second time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.utils import make_msgid

from sqlalchemy import func, update
from sqlmodel import Session, col, select

from models.tables import DigestRun, DigestState, Message, StatusEvent

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=1)
FIRST_BACKOFF = timedelta(minutes=1)
INTERRUPTED = "interrupted while handing the message to the SMTP server; delivery not confirmed, not resent"


def last_run(s: Session) -> DigestRun | None:
    return s.exec(select(DigestRun).order_by(col(DigestRun.window_to).desc(), col(DigestRun.id).desc())).first()


def pending_run(s: Session) -> DigestRun | None:
    return s.exec(select(DigestRun).where(DigestRun.state == DigestState.PENDING).order_by(DigestRun.id)).first()


@dataclass(frozen=True)
class Window:
    """The events of one digest: stored messages and status events with ids in (after, through]."""

    since: datetime | None  # None: from the beginning
    until: datetime
    messages_after: int
    messages_through: int
    events_after: int
    events_through: int


def window_of(run: DigestRun) -> Window:
    return Window(run.window_from, run.window_to, run.messages_after, run.messages_through,
                  run.events_after, run.events_through)


def next_window(s: Session, *, now: datetime) -> Window:
    """Everything since the last digest (the pending one's start, if one is pending), up to now."""
    last = pending_run(s) or last_run(s)
    if last is not None and last.state == DigestState.PENDING:
        since, messages_after, events_after = last.window_from, last.messages_after, last.events_after
    elif last is not None:
        since, messages_after, events_after = last.window_to, last.messages_through, last.events_through
    else:
        since, messages_after, events_after = None, 0, 0
    return Window(since, now, messages_after, s.exec(select(func.max(Message.id))).one() or 0,
                  events_after, s.exec(select(func.max(StatusEvent.id))).one() or 0)


def open_run(s: Session, *, now: datetime, domain: str) -> DigestRun:
    """The pending digest, or a new one covering everything since the last (recorded and flushed)."""
    pending = pending_run(s)
    if pending is not None:
        return pending
    w = next_window(s, now=now)
    run = DigestRun(window_from=w.since, window_to=w.until, messages_after=w.messages_after,
                    messages_through=w.messages_through, events_after=w.events_after,
                    events_through=w.events_through, created_at=now,
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
