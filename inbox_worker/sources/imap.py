"""An IMAP mailbox (imapclient): incremental by UID within UIDVALIDITY, never setting \\Seen.

Per folder: SELECT, compare UIDVALIDITY with the checkpoint, search UIDs above it, check each
message's RFC822.SIZE, fetch bodies with BODY.PEEK[] in size-bounded batches, process each message
(its result is committed), optionally flag or move it, and only then advance the checkpoint.
"""

from __future__ import annotations

import logging
import socket
import ssl
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from threading import Event

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError
from sqlalchemy import Engine
from sqlmodel import select

from config.settings import ImapSettings
from inbox_worker.errors import ConfigurationError, CredentialsError, MailboxUnavailable
from inbox_worker.process import Outcome, Pipeline, process_message
from inbox_worker.sources.base import Folder, Incoming
from models import leases
from models.db import session_scope
from models.tables import Direction, MailboxState, utcnow

log = logging.getLogger(__name__)

FETCH_BYTES_PER_BATCH = 20 * 1024 * 1024  # bound memory: bodies fetched per command
NETWORK_ERRORS = (OSError, socket.timeout, IMAPClientAbortError, ssl.SSLError)

Progress = Callable[[int, int], None]


@dataclass
class FolderReport:
    folder: str
    uidvalidity: int
    new: int
    skipped_lease: bool = False


def _ssl_context(settings: ImapSettings) -> ssl.SSLContext:
    cafile = str(settings.ca_file) if settings.ca_file else None
    return ssl.create_default_context(cafile=cafile)


@contextmanager
def connect(settings: ImapSettings) -> Iterator[IMAPClient]:
    """A logged-in client; login refusals and network failures are told apart."""
    if not settings.host or not settings.username:
        raise ConfigurationError("imap.host and imap.username must be set")
    password = settings.secret()
    if password is None:
        raise ConfigurationError("imap.password or imap.password_file must be set")
    where = f"{settings.host}:{settings.effective_port}"
    try:
        if settings.security == "ssl":
            client = IMAPClient(settings.host, port=settings.effective_port, ssl=True,
                                ssl_context=_ssl_context(settings), timeout=settings.timeout_seconds)
        else:
            client = IMAPClient(settings.host, port=settings.effective_port, ssl=False,
                                timeout=settings.timeout_seconds)
            if settings.security == "starttls":
                client.starttls(_ssl_context(settings))
    except ssl.SSLCertVerificationError as err:
        raise ConfigurationError(f"the certificate of {where} cannot be verified: {err.verify_message} "
                                 "(set imap.ca_file for a private CA)") from err
    except NETWORK_ERRORS as err:
        raise MailboxUnavailable(f"cannot connect to {where}: {err}") from err
    except IMAPClientError as err:
        raise MailboxUnavailable(f"{where} refused the connection: {err}") from err
    try:
        client.login(settings.username, password)
    except LoginError as err:
        _close(client)
        raise CredentialsError(f"{where} refused the login for {settings.username}") from err
    except NETWORK_ERRORS as err:
        raise MailboxUnavailable(f"connection to {where} dropped during login: {err}") from err
    try:
        yield client
    except NETWORK_ERRORS as err:
        raise MailboxUnavailable(f"connection to {where} dropped: {err}") from err
    finally:
        _close(client)


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # noqa: BLE001 (already gone)
        try:
            client.shutdown()
        except Exception:  # noqa: BLE001
            pass


class ImapSource:
    def __init__(self, settings: ImapSettings) -> None:
        self.settings = settings
        self.name = f"imap:{settings.username}@{settings.host}"
        self.holder = leases.holder_id()

    def folders(self) -> list[Folder]:
        """The Sent folder first, so requests exist before their replies are matched."""
        out = []
        if self.settings.sent_folder:
            out.append(Folder(self.settings.sent_folder, Direction.OUTGOING))
        out.extend(Folder(f, Direction.INCOMING) for f in self.settings.folders if f != self.settings.sent_folder)
        return out

    def sync(self, engine: Engine, *, pipeline: Pipeline, on_result: Callable[[Outcome], None],
             stop: Event | None = None, progress: Progress | None = None) -> list[FolderReport]:
        reports = []
        with connect(self.settings) as client:
            for folder in self.folders():
                if stop is not None and stop.is_set():
                    break
                reports.append(self._sync_folder(client, engine, folder, pipeline=pipeline,
                                                 on_result=on_result, stop=stop, progress=progress))
        return reports

    def _sync_folder(self, client: IMAPClient, engine: Engine, folder: Folder, *, pipeline: Pipeline,
                     on_result: Callable[[Outcome], None], stop: Event | None,
                     progress: Progress | None) -> FolderReport:
        lease = f"{self.name}/{folder.name}"
        if not leases.acquire(engine, lease, holder=self.holder):
            log.info("%s %s: another foia-intake holds it; skipped", self.name, folder.name)
            return FolderReport(folder.name, 0, 0, skipped_lease=True)
        try:
            readonly = self.settings.post_action == "none"
            try:
                info = client.select_folder(folder.name, readonly=readonly)
            except IMAPClientAbortError:
                raise
            except IMAPClientError as err:
                if folder.direction == Direction.OUTGOING:
                    log.warning("%s: sent folder %r cannot be selected (%s); skipped", self.name, folder.name, err)
                    return FolderReport(folder.name, 0, 0)
                raise ConfigurationError(f"folder {folder.name!r} cannot be selected on {self.settings.host}: {err}") from err
            uidvalidity = int(info[b"UIDVALIDITY"])
            last_uid = self._checkpoint(engine, folder.name, uidvalidity)
            uids = sorted(u for u in client.search(["UID", f"{last_uid + 1}:*"]) if u > last_uid)
            log.info("%s %s: UIDVALIDITY %s, checkpoint %s, %d new", self.name, folder.name, uidvalidity, last_uid, len(uids))
            done = 0
            for batch_start in range(0, len(uids), self.settings.batch_size):
                batch = uids[batch_start : batch_start + self.settings.batch_size]
                leases.acquire(engine, lease, holder=self.holder)  # renew
                for uid, item in self._fetch(client, folder, uidvalidity, batch):
                    if stop is not None and stop.is_set():
                        return FolderReport(folder.name, uidvalidity, done)
                    if item is not None:
                        result = process_message(engine, item, pipeline=pipeline)
                        on_result(result.outcome)
                        if result.outcome != Outcome.FAILED:
                            self._post_action(client, uid)
                    self._advance(engine, folder.name, uidvalidity, uid)
                    done += 1
                    if progress:
                        progress(done, len(uids))
            return FolderReport(folder.name, uidvalidity, done)
        finally:
            leases.release(engine, lease, holder=self.holder)

    def _checkpoint(self, engine: Engine, folder: str, uidvalidity: int) -> int:
        with session_scope(engine) as s:
            state = s.exec(select(MailboxState).where(MailboxState.source == self.name, MailboxState.folder == folder)).first()
            if state is None:
                s.add(MailboxState(source=self.name, folder=folder, uidvalidity=uidvalidity, last_uid=0))
                return 0
            if state.uidvalidity != uidvalidity:
                log.warning("%s %s: UIDVALIDITY changed from %s to %s; reading the folder again "
                            "(messages already stored are recognised by Message-ID and content)",
                            self.name, folder, state.uidvalidity, uidvalidity)
                state.uidvalidity, state.last_uid, state.updated_at = uidvalidity, 0, utcnow()
                s.add(state)
                return 0
            return state.last_uid

    def _advance(self, engine: Engine, folder: str, uidvalidity: int, uid: int) -> None:
        with session_scope(engine) as s:
            state = s.exec(select(MailboxState).where(MailboxState.source == self.name, MailboxState.folder == folder)).one()
            if state.uidvalidity == uidvalidity and uid > state.last_uid:
                state.last_uid, state.updated_at = uid, utcnow()
                s.add(state)

    def _fetch(self, client: IMAPClient, folder: Folder, uidvalidity: int,
               uids: list[int]) -> Iterator[tuple[int, Incoming | None]]:
        """Each UID with its message (None if it vanished), bodies fetched in size-bounded groups."""
        sizes = {uid: int(data.get(b"RFC822.SIZE", 0)) for uid, data in client.fetch(uids, ["RFC822.SIZE"]).items()}
        group: list[int] = []
        group_bytes = 0

        def flush(group: list[int]) -> Iterator[tuple[int, Incoming | None]]:
            bodies = client.fetch(group, ["BODY.PEEK[]"]) if group else {}
            for uid in group:
                raw = bodies.get(uid, {}).get(b"BODY[]")
                yield uid, (self._incoming(folder, uidvalidity, uid, raw, sizes[uid]) if raw is not None else None)

        for uid in uids:
            if uid not in sizes:
                yield uid, None  # expunged since the search
                continue
            if sizes[uid] > self.settings.max_message_bytes:
                yield from flush(group)
                group, group_bytes = [], 0
                head = client.fetch([uid], ["BODY.PEEK[HEADER]"]).get(uid, {}).get(b"BODY[HEADER]", b"")
                log.warning("%s %s UID %s: %d bytes is over imap.max_message_bytes; headers only",
                            self.name, folder.name, uid, sizes[uid])
                yield uid, Incoming(raw=head, source=self.name, folder=folder.name, uid=str(uid),
                                    uidvalidity=uidvalidity, direction=folder.direction,
                                    headers_only=True, size=sizes[uid])
                continue
            if group and group_bytes + sizes[uid] > FETCH_BYTES_PER_BATCH:
                yield from flush(group)
                group, group_bytes = [], 0
            group.append(uid)
            group_bytes += sizes[uid]
        yield from flush(group)

    def _incoming(self, folder: Folder, uidvalidity: int, uid: int, raw: bytes, size: int) -> Incoming:
        return Incoming(raw=raw, source=self.name, folder=folder.name, uid=str(uid),
                        uidvalidity=uidvalidity, direction=folder.direction, size=size)

    def _post_action(self, client: IMAPClient, uid: int) -> None:
        action = self.settings.post_action
        try:
            if action == "flag":
                client.add_flags([uid], [self.settings.flag_name.encode()])
            elif action == "move" and self.settings.move_to:
                client.move([uid], self.settings.move_to)
        except IMAPClientAbortError:
            raise
        except IMAPClientError as err:
            log.warning("%s UID %s: post action %s failed: %s", self.name, uid, action, err)
