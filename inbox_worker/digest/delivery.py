"""Exactly once: record the digest, send it with its fixed Message-ID, then mark it sent."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

from config.settings import Settings
from inbox_worker import metrics
from inbox_worker.digest import ledger, smtp
from inbox_worker.digest.build import Digest, build_digest
from inbox_worker.digest.render import compose, today_in
from inbox_worker.errors import ConfigurationError, FoiaIntakeError
from models.db import session_scope
from models.tables import DigestRun, DigestState

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Delivery:
    run_id: int
    state: DigestState
    message_id: str
    window_from: datetime | None
    window_to: datetime
    next_attempt_at: datetime | None = None
    note: str | None = None


def digest_timezone(settings: Settings) -> ZoneInfo:
    try:
        return ZoneInfo(settings.digest.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ConfigurationError(f"digest.timezone {settings.digest.timezone!r} is not a known time zone "
                                 "(use a name such as America/New_York)") from None


def check_sendable(settings: Settings) -> None:
    """The configuration a digest needs to go out."""
    if not settings.digest.to:
        raise ConfigurationError("no digest recipient: set digest.to")
    if not settings.smtp.host:
        raise ConfigurationError("no SMTP server configured: set smtp.host")
    digest_timezone(settings)


def preview(engine: Engine, settings: Settings, *, now: datetime) -> Digest:
    """The digest that would go out now (nothing is recorded)."""
    with session_scope(engine) as s:
        return build_digest(s, window=ledger.next_window(s, now=now), today=today_in(digest_timezone(settings), now),
                            review_threshold=settings.classifier.review_threshold)


def send_digest(engine: Engine, settings: Settings, *, now: datetime, honour_backoff: bool = False) -> Delivery:
    """Deliver the pending digest, or record a new one (since the last) and deliver it.

    Raises TransientError / CredentialsError when the SMTP server does not take it; the digest then
    stays recorded as pending with its next attempt time, and goes out (once) on a later call.
    """
    check_sendable(settings)
    domain = settings.digest.from_.rpartition("@")[2] or "foia-intake.local"
    with session_scope(engine) as s:
        ledger.settle_interrupted(s, now=now)
    try:
        with session_scope(engine) as s:
            run_id = ledger.open_run(s, now=now, domain=domain).id
    except IntegrityError:  # another process opened the same window a moment ago: deliver that one
        with session_scope(engine) as s:
            run_id = ledger.open_run(s, now=now, domain=domain).id
    return _deliver(engine, settings, run_id, now=now, honour_backoff=honour_backoff)


def _deliver(engine: Engine, settings: Settings, run_id: int, *, now: datetime, honour_backoff: bool) -> Delivery:
    tz = digest_timezone(settings)
    with session_scope(engine) as s:
        run = s.get(DigestRun, run_id)
        if run.state != DigestState.PENDING or (honour_backoff and run.next_attempt_at and run.next_attempt_at > now):
            return _delivery(run)
        digest = build_digest(s, window=ledger.window_of(run), today=today_in(tz, now),
                              review_threshold=settings.classifier.review_threshold)
        if digest.is_empty and not settings.digest.send_empty:
            ledger.mark(s, run, DigestState.SKIPPED, now=now)
            return _delivery(run, note="nothing to report; digest.send_empty is off")
        msg = compose(digest, tz=tz, sender=settings.digest.from_, to=settings.digest.to,
                      message_id=run.message_id, sent_at=now)
    claimed = False
    try:
        with smtp.smtp_connection(settings.smtp) as conn:
            claimed = _claim(engine, run_id)
            if not claimed:
                with session_scope(engine) as s:
                    return _delivery(s.get(DigestRun, run_id), note="being sent by another process")
            refused = smtp.send(conn, msg, sender=settings.digest.from_, to=settings.digest.to)
    except FoiaIntakeError as err:
        with session_scope(engine) as s:
            run = s.get(DigestRun, run_id)
            if claimed or run.state == DigestState.PENDING:  # never undo another process's claim
                ledger.mark_failed(s, run, str(err), now=now)
        log.info("digest %s not sent (%s); next attempt at %s", run_id, err, run.next_attempt_at)
        raise
    _set_state(engine, run_id, DigestState.SENT, now=now)
    metrics.digest_sent()
    note = f"refused by the server for {', '.join(refused)}" if refused else None
    with session_scope(engine) as s:
        run = s.get(DigestRun, run_id)
        if note:
            run.last_error = note
            s.add(run)
        return _delivery(run, note=note)


def _claim(engine: Engine, run_id: int) -> bool:
    with session_scope(engine) as s:
        return ledger.claim(s, run_id)


def _set_state(engine: Engine, run_id: int, state: DigestState, *, now: datetime) -> None:
    with session_scope(engine) as s:
        ledger.mark(s, s.get(DigestRun, run_id), state, now=now)


def _delivery(run: DigestRun, *, note: str | None = None) -> Delivery:
    return Delivery(run.id, DigestState(run.state), run.message_id, run.window_from, run.window_to,
                    run.next_attempt_at, note or run.last_error)
