"""IMAP IDLE: wake the intake loop as soon as the server announces new mail.

Runs on its own connection and thread; re-issues IDLE before 29 minutes (RFC 2177); reconnects
with exponential backoff after a drop. Without IDLE on the server it does nothing and the loop
falls back to polling.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from config.settings import ImapSettings
from inbox_worker.errors import CredentialsError, FoiaIntakeError
from inbox_worker.sources.imap import NETWORK_ERRORS, connect

log = logging.getLogger(__name__)

IDLE_RENEW_SECONDS = 25 * 60  # under the 29 minutes a server may wait before dropping us
CHECK_SLICE_SECONDS = 1.0


class IdleWatcher(threading.Thread):
    def __init__(self, settings: ImapSettings, *, folder: str, on_new_mail: Callable[[], None],
                 stop: threading.Event, max_backoff: float = 300.0) -> None:
        super().__init__(name="imap-idle", daemon=True)
        self.settings, self.folder, self.on_new_mail, self.stop = settings, folder, on_new_mail, stop
        self.max_backoff = max_backoff
        self.supported: bool | None = None

    def run(self) -> None:
        backoff = 1.0
        while not self.stop.is_set():
            try:
                self._watch()
                backoff = 1.0
            except CredentialsError:  # the intake loop reports it and decides (login_policy)
                log.info("IDLE stopped: the server refused the login")
                return
            except (FoiaIntakeError, *NETWORK_ERRORS) as err:
                log.warning("IDLE connection lost (%s); reconnecting in %.0f s", err, backoff)
                self.stop.wait(backoff)
                backoff = min(backoff * 2, self.max_backoff)
            if self.supported is False:
                return

    def _watch(self) -> None:
        with connect(self.settings) as client:
            if not client.has_capability("IDLE"):
                log.info("server has no IDLE; polling every %s s", self.settings.poll_interval_seconds)
                self.supported = False
                return
            self.supported = True
            client.select_folder(self.folder, readonly=True)
            while not self.stop.is_set():
                client.idle()
                started = time.monotonic()
                new_mail = False
                try:
                    while not self.stop.is_set() and time.monotonic() - started < IDLE_RENEW_SECONDS:
                        responses = client.idle_check(timeout=CHECK_SLICE_SECONDS)
                        if any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses):
                            new_mail = True
                            break
                finally:
                    client.idle_done()
                if new_mail:
                    log.info("IDLE: new mail in %s", self.folder)
                    self.on_new_mail()
