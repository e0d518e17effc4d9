"""What every source hands to the intake loop."""

from __future__ import annotations

from dataclasses import dataclass

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
