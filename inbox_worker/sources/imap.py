"""An IMAP mailbox (imapclient): incremental by UID within UIDVALIDITY, never setting \\Seen.

A plain fetcher for the intake loop: SELECT a folder (its UIDVALIDITY), search the UIDs above the
checkpoint, check each message's RFC822.SIZE and fetch bodies with BODY.PEEK[] in size-bounded
groups (over ``max_message_bytes``: the headers alone), flag or move a message once its result
is committed.
"""

from __future__ import annotations

import ipaddress
import logging
import socket
import ssl
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from imapclient import IMAPClient
from imapclient.exceptions import IMAPClientAbortError, IMAPClientError, LoginError

from config.settings import ImapSettings
from inbox_worker.errors import (
    ConfigurationError,
    CredentialsError,
    MailboxUnavailable,
    UserInputError,
)
from inbox_worker.sources.base import Folder, Incoming
from models.tables import Direction

log = logging.getLogger(__name__)

FETCH_BYTES_PER_BATCH = 20 * 1024 * 1024  # bound memory: bodies fetched per command
NETWORK_ERRORS = (OSError, socket.timeout, IMAPClientAbortError, ssl.SSLError)


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
    if settings.security == "none" and not is_loopback(settings.host):
        raise ConfigurationError(f"imap.security = \"none\" would send the password in clear to {settings.host}; "
                                 "it is allowed only for a server on this machine (use ssl or starttls)")
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


def is_loopback(host: str) -> bool:
    """The host is this machine: localhost or a loopback address."""
    if host.lower().rstrip(".") == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _close(client: IMAPClient) -> None:
    try:
        client.logout()
    except Exception:  # noqa: BLE001 (already gone)
        try:
            client.shutdown()
        except Exception:  # noqa: BLE001
            pass


class ImapSource:
    numbered = True

    def __init__(self, settings: ImapSettings) -> None:
        self.settings = settings
        self.name = f"imap:{settings.username}@{settings.host}"
        self.batch_size = settings.batch_size

    def folders(self) -> list[Folder]:
        """The Sent folder first, so requests exist before their replies are matched."""
        out = []
        if self.settings.sent_folder:
            out.append(Folder(self.settings.sent_folder, Direction.OUTGOING))
        out.extend(Folder(f, Direction.INCOMING) for f in self.settings.folders if f != self.settings.sent_folder)
        return out

    @contextmanager
    def open(self) -> Iterator[ImapMailbox]:
        with connect(self.settings) as client:
            yield ImapMailbox(self, client)


class ImapMailbox:
    """One logged-in connection, one folder selected at a time."""

    def __init__(self, source: ImapSource, client: IMAPClient) -> None:
        self.source, self.client, self.settings = source, client, source.settings

    def select(self, folder: Folder) -> int | None:
        readonly = self.settings.post_action == "none"
        try:
            info = self.client.select_folder(folder.name, readonly=readonly)
        except IMAPClientAbortError:
            raise
        except IMAPClientError as err:
            if folder.direction == Direction.OUTGOING:
                log.warning("%s: sent folder %r cannot be selected (%s); skipped", self.source.name, folder.name, err)
                return None
            raise ConfigurationError(f"folder {folder.name!r} cannot be selected on {self.settings.host}: {err}") from err
        return int(info[b"UIDVALIDITY"])

    def list_new(self, folder: Folder, *, after: int) -> list[str]:  # noqa: ARG002 (the selected one)
        return [str(u) for u in sorted(u for u in self.client.search(["UID", f"{after + 1}:*"]) if u > after)]

    def fetch(self, folder: Folder, uidvalidity: int, uids: Sequence[str]) -> Iterator[tuple[str, Incoming | None]]:
        """Each UID with its message (None if it vanished), bodies fetched in size-bounded groups."""
        client, numbers = self.client, [int(u) for u in uids]
        sizes = {uid: int(data.get(b"RFC822.SIZE", 0)) for uid, data in client.fetch(numbers, ["RFC822.SIZE"]).items()}
        group: list[int] = []
        group_bytes = 0

        def flush(group: list[int]) -> Iterator[tuple[str, Incoming | None]]:
            bodies = client.fetch(group, ["BODY.PEEK[]"]) if group else {}
            for uid in group:
                raw = bodies.pop(uid, {}).get(b"BODY[]")
                yield str(uid), (self._incoming(folder, uidvalidity, uid, raw, sizes[uid]) if raw is not None else None)

        for uid in numbers:
            if uid not in sizes:
                yield str(uid), None  # expunged since the search
                continue
            if sizes[uid] > self.settings.max_message_bytes:
                yield from flush(group)
                group, group_bytes = [], 0
                head = client.fetch([uid], ["BODY.PEEK[HEADER]"]).get(uid, {}).get(b"BODY[HEADER]", b"")
                log.warning("%s %s UID %s: %d bytes is over imap.max_message_bytes; headers only",
                            self.source.name, folder.name, uid, sizes[uid])
                yield str(uid), Incoming(raw=head, source=self.source.name, folder=folder.name, uid=str(uid),
                                         uidvalidity=uidvalidity, direction=folder.direction,
                                         headers_only=True, size=sizes[uid])
                continue
            if group and group_bytes + sizes[uid] > FETCH_BYTES_PER_BATCH:
                yield from flush(group)
                group, group_bytes = [], 0
            group.append(uid)
            group_bytes += sizes[uid]
        yield from flush(group)

    def fetch_again(self, folder: Folder, uidvalidity: int, uid: str) -> Incoming | None:
        """One message fetched again in full by its folder, UIDVALIDITY and UID (``messages retry`` of a
        message that was over ``max_message_bytes``): None if it is gone; an error if the folder was
        renumbered (its UIDVALIDITY changed) or the message is still over the limit."""
        info = self.client.select_folder(folder.name, readonly=True)
        current = int(info[b"UIDVALIDITY"])
        if current != uidvalidity:
            raise UserInputError(f"the server renumbered folder {folder.name!r} (UIDVALIDITY {uidvalidity}, now "
                                 f"{current}): UID {uid} no longer names this message")
        size = int(self.client.fetch([int(uid)], ["RFC822.SIZE"]).get(int(uid), {}).get(b"RFC822.SIZE", -1))
        if size < 0:
            return None
        if size > self.settings.max_message_bytes:
            raise UserInputError(f"it is {size} bytes, still over imap.max_message_bytes "
                                 f"({self.settings.max_message_bytes}): raise that first")
        raw = self.client.fetch([int(uid)], ["BODY.PEEK[]"]).get(int(uid), {}).get(b"BODY[]")
        return self._incoming(folder, uidvalidity, int(uid), raw, size) if raw is not None else None

    def _incoming(self, folder: Folder, uidvalidity: int, uid: int, raw: bytes, size: int) -> Incoming:
        return Incoming(raw=raw, source=self.source.name, folder=folder.name, uid=str(uid),
                        uidvalidity=uidvalidity, direction=folder.direction, size=size)

    def post_action(self, uid: str) -> None:
        action = self.settings.post_action
        try:
            if action == "flag":
                self.client.add_flags([int(uid)], [self.settings.flag_name.encode()])
            elif action == "move" and self.settings.move_to:
                self.client.move([int(uid)], self.settings.move_to)
        except IMAPClientAbortError:
            raise
        except IMAPClientError as err:
            log.warning("%s UID %s: post action %s failed: %s", self.source.name, uid, action, err)
