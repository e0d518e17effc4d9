"""What every source hands to the intake loop, and what the loop asks of a source.

A source is a plain fetcher: it lists the folders to read, opens a connection, and on it lists a
folder's new items since a checkpoint, fetches a batch of them and applies the post-action. The
lease, storing, analysis, checkpoints and stopping belong to the loop (``inbox_worker.sync``).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from typing import Protocol

from models.tables import Direction


@dataclass(frozen=True)
class Folder:
    name: str
    direction: Direction  # OUTGOING for the Sent folder


@dataclass(frozen=True)
class Incoming:
    """One raw message and where it was found."""

    raw: bytes
    source: str
    folder: str
    uid: str
    uidvalidity: int = 0
    direction: Direction = Direction.INCOMING
    headers_only: bool = False  # oversized: ``raw`` holds the headers alone
    size: int | None = None  # the full size when known (RFC822.SIZE)


class Mailbox(Protocol):
    """An open connection to a source."""

    def select(self, folder: Folder) -> int | None:
        """Open the folder; its UIDVALIDITY (0 where there is none), None to skip it."""

    def list_new(self, folder: Folder, *, after: int) -> list[str]:
        """The folder's items in reading order: after ``after`` for a numbered source, all for the
        others (the loop leaves out those already taken)."""

    def fetch(self, folder: Folder, uidvalidity: int, uids: Sequence[str]) -> Iterator[tuple[str, Incoming | None]]:
        """Each uid with its message, None if it vanished since it was listed."""

    def post_action(self, uid: str) -> None:
        """What is done to a message on the server once its result is committed."""


class Source(Protocol):
    name: str
    numbered: bool  # UIDs are increasing integers: the checkpoint is the last one taken
    batch_size: int

    def folders(self) -> list[Folder]: ...

    def open(self) -> AbstractContextManager[Mailbox]: ...
