"""``foia-intake run``: the long-running service.

APScheduler drives the mailbox passes (every poll interval, or at once when IDLE reports new
mail) and the daily jobs. SIGTERM/SIGINT: finish the current message, close the connection, exit 0.

A mailbox that cannot be reached is retried with exponential backoff; a refused login a few times
over minutes, then the service exits 3 (``login_policy``).

A start polls first (issue 13): the first pass is scheduled before anything it does not need is
loaded; the daily digest is installed once it runs, and the classifier loads with the first
message read (``model_location.activate`` loads nothing for the shipped model).
"""

from __future__ import annotations

import logging
import signal
import threading
import time
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.background import BackgroundScheduler
from sqlalchemy import Engine

from config.settings import Settings
from inbox_worker.errors import CredentialsError, TransientError
from inbox_worker.idle import IdleWatcher
from inbox_worker.login_policy import LoginPolicy
from inbox_worker.poll_watch import PollWatch
from inbox_worker.sync import Source, pipeline_from_settings, sync_once

log = logging.getLogger(__name__)

SYNC_JOB = "sync"
MAX_BACKOFF_SECONDS = 300
STOP_GRACE_SECONDS = 8.0  # SIGTERM is honoured within 10 s, even mid-message


class Daemon:
    def __init__(self, settings: Settings, engine: Engine, sources: list[Source], *,
                 echo=print, login_policy: LoginPolicy | None = None) -> None:
        self.settings, self.engine, self.sources = settings, engine, sources
        self.watch = PollWatch(engine, [s.name for s in sources], policy=login_policy,
                               poll_interval_seconds=settings.imap.poll_interval_seconds,
                               http_listen=settings.http.listen)
        self.exit_code = 0
        self.passing = threading.Lock()  # held while a pass runs
        self.stop = threading.Event()
        self.failures = 0
        self.echo = echo
        self.scheduler = BackgroundScheduler(timezone=UTC)
        self.abandoned = False  # stopped while a pass was still at work (see run_cmd)
        self.watcher: IdleWatcher | None = None

    # -- the scheduled pass ---------------------------------------------------------------
    def sync_pass(self) -> None:
        with self.passing:  # run() waits on it at the end
            self._sync_pass()

    def _sync_pass(self) -> None:
        if self.stop.is_set():
            return
        started = time.monotonic()
        try:
            report = sync_once(self.engine, self.sources, pipeline=pipeline_from_settings(self.settings), stop=self.stop)
        except TransientError as err:
            self.watch.unreachable(err, time.monotonic() - started)
            self._back_off(str(err))
            return
        except CredentialsError as err:
            delay = self.watch.login_refused(err, time.monotonic() - started)
            if delay is None:  # refused several times over minutes: stop before the account locks
                self.exit_code = CredentialsError.exit_code
                self.stop.set()
            else:
                self._reschedule(delay)
            return
        except Exception as err:  # noqa: BLE001 (the service goes on; the traceback is logged once per pass)
            log.exception("sync pass failed")
            self._back_off(f"sync pass failed: {type(err).__name__}: {err}")
            return
        self.failures = 0
        self.watch.succeeded(report.summary(), time.monotonic() - started)

    def _back_off(self, reason: str) -> None:
        self.failures += 1
        delay = min(2 ** (self.failures - 1), MAX_BACKOFF_SECONDS)
        log.warning("%s; retrying in %s s", reason, delay)
        self._reschedule(delay)

    def _reschedule(self, seconds: float) -> None:
        job = self.scheduler.get_job(SYNC_JOB)
        if job is not None:
            job.modify(next_run_time=datetime.now(UTC) + timedelta(seconds=seconds))

    def wake(self) -> None:
        """Run a pass now (IDLE saw new mail)."""
        self._reschedule(0)

    # -- life cycle -----------------------------------------------------------------------
    def _on_signal(self, signum: int, _frame: object) -> None:
        self.echo(f"{signal.strsignal(signum)}, finishing...")
        self.stop.set()

    def run(self, *, install_signals: bool = True) -> int:
        if install_signals:
            signal.signal(signal.SIGTERM, self._on_signal)
            signal.signal(signal.SIGINT, self._on_signal)
        interval = self.settings.imap.poll_interval_seconds
        self.scheduler.add_job(self.sync_pass, "interval", seconds=interval, id=SYNC_JOB,
                               max_instances=1, coalesce=True, misfire_grace_time=interval,
                               next_run_time=datetime.now(UTC))
        self.watch.start()
        self.scheduler.start()  # the first pass starts now
        watcher = None
        if self.settings.imap.host and self.settings.imap.idle:
            watcher = self.watcher = IdleWatcher(self.settings.imap, folder=self.settings.imap.folders[0],
                                                 on_new_mail=self.wake, stop=self.stop)
            watcher.start()
        self.echo(f"foia-intake running: {', '.join(s.name for s in self.sources)}")
        from inbox_worker.digest.schedule import DigestJob  # imported while the first pass runs

        DigestJob(self.settings, self.engine, self.scheduler).install()  # the daily digest, if configured
        while not self.stop.is_set():
            self.stop.wait(1.0)
        # Not shutdown(wait=True): it holds the scheduler's lock while it waits, and a pass that
        # reschedules itself then deadlocks. The running pass stops after its current message.
        self.scheduler.shutdown(wait=False)
        if self.passing.acquire(timeout=STOP_GRACE_SECONDS):
            self.passing.release()
        else:  # a step that honours no stop request: SIGTERM is still honoured within 10 s
            log.warning("still reading a message after %s s; stopping anyway (it stays stored and is "
                        "read at the next start)", STOP_GRACE_SECONDS)
            self.abandoned = True
        if watcher is not None:
            watcher.join(timeout=3)
        self.watch.close()
        self.echo("Done.")
        return self.exit_code
