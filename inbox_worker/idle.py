"""IMAP IDLE: wake the intake loop as soon as the server announces new mail.

Runs on its own connection and thread; re-issues IDLE before 29 minutes (RFC 2177). A dropped
connection (the server closed it: EOF) is noticed, logged, and reconnected with exponential
backoff; once IDLE is back, a pass runs at once for mail that came meanwhile. Without IDLE on the
server it does nothing and the loop falls back to polling.
"""

from __future__ import annotations

import logging
import select
import ssl
import threading
import time
from collections.abc import Callable

from imapclient import IMAPClient
from imapclient.imapclient import _parse_untagged_response

from config.settings import ImapSettings
from inbox_worker.errors import CredentialsError, FoiaIntakeError, MailboxUnavailable
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
        self.idling = threading.Event()  # set while an IDLE command is in progress
        self.reconnects = 0

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
                self.idling.clear()
                self.reconnects += 1
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
            if self.reconnects:
                log.info("IDLE connection back; reading %s for mail that came meanwhile", self.folder)
                self.on_new_mail()
            while not self.stop.is_set():
                client.idle()
                self.idling.set()
                started = time.monotonic()
                new_mail = False
                try:
                    while not self.stop.is_set() and time.monotonic() - started < IDLE_RENEW_SECONDS:
                        responses = idle_check(client, timeout=CHECK_SLICE_SECONDS)
                        if any(len(r) > 1 and r[1] in (b"EXISTS", b"RECENT") for r in responses):
                            new_mail = True
                            break
                finally:
                    self.idling.clear()
                    client.idle_done()
                if new_mail:
                    log.info("IDLE: new mail in %s", self.folder)
                    self.on_new_mail()


def idle_check(client: IMAPClient, *, timeout: float) -> list[tuple]:
    """``IMAPClient.idle_check`` that tells a closed connection from a quiet one.

    imapclient's own returns ``[]`` at EOF, and the socket then stays readable: the loop would
    spin a core and never learn the connection is gone. Here a readable socket with nothing to
    read (EOF before any line) raises MailboxUnavailable."""
    sock = client.socket()
    readable, _, _ = select.select([sock], [], [], timeout)
    if not readable:
        return []
    sock.settimeout(None)
    sock.setblocking(False)
    responses = []
    try:
        while True:
            try:
                line = client._imap._get_line()  # noqa: SLF001 (imapclient has no public line reader)
            except (TimeoutError, BlockingIOError, InterruptedError, ssl.SSLWantReadError):
                break  # nothing more for now (TLS: no whole record yet)
            except IMAPClient.AbortError as err:
                if "EOF" not in str(err):
                    raise
                if not responses:  # readable, yet nothing to read: the server closed it
                    raise MailboxUnavailable("the server closed the IDLE connection") from err
                break  # imaplib's way of saying "nothing more for now" on a non-blocking socket
            except OSError as err:
                raise MailboxUnavailable(f"the IDLE connection failed: {err}") from err
            responses.append(_parse_untagged_response(line))
    finally:
        sock.setblocking(True)
        client._set_read_timeout()  # noqa: SLF001
    return responses
