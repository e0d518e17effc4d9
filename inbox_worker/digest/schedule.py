"""The digest inside ``foia-intake run``: a daily cron job, a catch-up at start, retries with backoff."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import Engine

from config.settings import Settings
from inbox_worker.digest import ledger
from inbox_worker.digest.delivery import check_sendable, digest_timezone, send_digest
from inbox_worker.errors import ConfigurationError, FoiaIntakeError
from models.db import session_scope

log = logging.getLogger(__name__)

DAILY_JOB, CATCH_UP_JOB, RETRY_JOB = "digest", "digest-catch-up", "digest-retry"


def previous_occurrence(settings: Settings, *, now: datetime) -> datetime:
    """The latest scheduled digest time at or before ``now`` (in UTC)."""
    tz = digest_timezone(settings)
    hour, minute = (int(x) for x in settings.digest.time.split(":"))
    local = now.astimezone(tz)
    at = local.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if at > local:
        at = (local - timedelta(days=1)).replace(hour=hour, minute=minute, second=0, microsecond=0)
    return at.astimezone(UTC)


def missed(engine: Engine, settings: Settings, *, now: datetime) -> bool:
    """A digest is owed now: one is pending, or a scheduled run passed while the service was off.

    A first start (no digest recorded yet) owes nothing: the first digest goes out at its time.
    """
    with session_scope(engine) as s:
        if ledger.pending_run(s) is not None:
            return True
        last = ledger.last_run(s)
    return last is not None and last.window_to < previous_occurrence(settings, now=now)


class DigestJob:
    def __init__(self, settings: Settings, engine: Engine, scheduler: BaseScheduler) -> None:
        self.settings, self.engine, self.scheduler = settings, engine, scheduler

    def install(self) -> bool:
        """Add the daily job (and a catch-up run now); False when the digest is not configured."""
        try:
            check_sendable(self.settings)
        except ConfigurationError as err:
            configured = bool(self.settings.digest.to or self.settings.smtp.host)
            log.log(logging.WARNING if configured else logging.INFO, "daily digest off: %s", err)
            return False
        hour, minute = (int(x) for x in self.settings.digest.time.split(":"))
        self.scheduler.add_job(self.run, CronTrigger(hour=hour, minute=minute, timezone=digest_timezone(self.settings)),
                               id=DAILY_JOB, max_instances=1, coalesce=True, misfire_grace_time=6 * 3600)
        self.scheduler.add_job(self.catch_up, "date", run_date=datetime.now(UTC), id=CATCH_UP_JOB)
        return True

    def catch_up(self) -> None:
        if missed(self.engine, self.settings, now=datetime.now(UTC)):
            self.run()

    def run(self) -> None:
        try:
            delivery = send_digest(self.engine, self.settings, now=datetime.now(UTC))
        except FoiaIntakeError as err:
            self._retry_later(str(err))
            return
        except Exception:  # the service must go on; the digest stays pending and is retried
            log.exception("digest failed")
            self._retry_later("unexpected error")
            return
        log.info("digest %s %s (%s)", delivery.run_id, delivery.state, delivery.message_id)

    def _retry_later(self, reason: str) -> None:
        with session_scope(self.engine) as s:
            pending = ledger.pending_run(s)
            when = pending.next_attempt_at if pending and pending.next_attempt_at else None
        when = when or datetime.now(UTC) + ledger.MAX_BACKOFF
        log.warning("digest not sent (%s); retrying at %s", reason, when.isoformat(timespec="seconds"))
        self.scheduler.add_job(self.run, "date", run_date=when, id=RETRY_JOB, replace_existing=True)
