"""A message's raw bytes in their table (``MessageRaw``): written once, read whole or in slices.

On SQLite a large value is never handed to SQLite whole: binding it makes SQLite copy it twice
(the bound value, the record it builds) and the cached statement keeps the bound copy until it is
used again. Instead a zero-filled blob of the right size is inserted and the bytes are written
into it, then read back, through incremental blob I/O, a slice at a time. On PostgreSQL a large
value is sent by COPY a slice at a time, and read back in slices (``substring``).
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import LargeBinary, delete, func, insert, select
from sqlmodel import Session

from models.tables import MessageRaw

SLICE_BYTES = 1024 * 1024  # written and read a slice at a time
STREAM_RAW_BYTES = 1024 * 1024  # raw bytes above this go through blob I/O on SQLite


def _sqlite(s: Session) -> sqlite3.Connection | None:
    """The DB-API connection of the session's transaction, on SQLite; None elsewhere."""
    conn = s.connection()
    return conn.connection.driver_connection if conn.dialect.name == "sqlite" else None


def write(s: Session, raws: Iterable[tuple[int, bytes]]) -> None:
    """Store the raw bytes of new messages (``(message pk, bytes)``), in the session's transaction."""
    conn = s.connection()
    streamed = conn.dialect.name == "sqlite" or conn.dialect.driver == "psycopg"
    small, large = [], []
    for pk, raw in raws:
        (large if streamed and len(raw) > STREAM_RAW_BYTES else small).append((pk, raw))
    if small:
        s.execute(insert(MessageRaw), [{"message_pk": pk, "raw": raw} for pk, raw in small])
    db = _sqlite(s)
    for pk, raw in large:
        if db is not None:
            _write_sqlite(s, db, pk, raw)
        else:
            _copy_postgresql(conn.connection.driver_connection, pk, raw)


def _write_sqlite(s: Session, db: sqlite3.Connection, pk: int, raw: bytes) -> None:
    """A zero-filled blob of the right size, then the bytes written into it a slice at a time."""
    s.execute(insert(MessageRaw).values(message_pk=pk, raw=func.zeroblob(len(raw))))
    view = memoryview(raw)
    with db.blobopen("message_raw", "raw", pk) as blob:
        for start in range(0, len(raw), SLICE_BYTES):
            blob.write(view[start:start + SLICE_BYTES])


def _copy_postgresql(db: Any, pk: int, raw: bytes) -> None:
    """One row by binary COPY, its bytes sent a slice at a time: as a statement's parameter, libpq
    would copy them whole into its output buffer and keep that buffer as long as the connection."""
    view = memoryview(raw)
    with db.cursor().copy("COPY message_raw (message_pk, raw) FROM STDIN (FORMAT BINARY)") as copy:
        copy.write(b"PGCOPY\n\xff\r\n\x00" + struct.pack("!ii", 0, 0))  # signature, flags, no extension
        copy.write(struct.pack("!hiii", 2, 4, pk, len(raw)))  # two fields: the pk (int4), then the bytes
        for start in range(0, len(raw), SLICE_BYTES):
            copy.write(view[start:start + SLICE_BYTES])
        copy.write(struct.pack("!h", -1))  # the end


def replace(s: Session, pk: int, raw: bytes) -> None:
    """The message's raw bytes from now on (a message fetched again in full)."""
    s.execute(delete(MessageRaw).where(MessageRaw.message_pk == pk))
    write(s, [(pk, raw)])


def size(s: Session, pk: int) -> int | None:
    """How many raw bytes are stored for the message; None when none are."""
    return s.execute(select(func.length(MessageRaw.raw)).where(MessageRaw.message_pk == pk)).scalar_one_or_none()


def _missing(err: sqlite3.OperationalError) -> bool:
    """Whether SQLite's blob open failed because there is nothing to read (no row, or NULL bytes)."""
    text = str(err)
    return text.startswith("no such rowid") or "cannot open value of type null" in text


def read(s: Session, pk: int) -> bytes:
    """The message's raw bytes (b"" when none are stored). On SQLite a large value is read through
    blob I/O, straight into the bytes object (SQLite would otherwise assemble it in a buffer first)."""
    db = _sqlite(s)
    if db is not None:
        try:
            with db.blobopen("message_raw", "raw", pk, readonly=True) as blob:
                return blob.read()
        except sqlite3.OperationalError as err:
            if not _missing(err):  # a disk or lock error is retried, not read as an empty message
                raise
            return b""
    return s.execute(select(MessageRaw.raw).where(MessageRaw.message_pk == pk)).scalar_one_or_none() or b""


class Slices:
    """A message's raw bytes read a slice at a time (``inbox_worker.parse.RawSlices``), through one
    open blob on SQLite, ``substring`` on PostgreSQL; the last slice read from the database is kept."""

    def __init__(self, s: Session, pk: int, size: int, blob: sqlite3.Blob | None) -> None:
        self.s, self.pk, self.size, self.blob = s, pk, size, blob
        self._base, self._chunk = -1, b""

    def read(self, start: int, length: int) -> bytes:
        end = min(start + length, self.size)
        parts = []
        while start < end:
            base = start - start % SLICE_BYTES
            if base != self._base:
                self._base, self._chunk = base, self._fetch(base)
            part = self._chunk[start - base:end - base]
            if not part:
                break
            parts.append(part)
            start += len(part)
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def _fetch(self, start: int) -> bytes:
        if self.blob is not None:
            self.blob.seek(start)
            return self.blob.read(SLICE_BYTES)
        conn = self.s.connection()
        if conn.dialect.driver == "psycopg":  # binary results: the slice as bytes, not hex text to decode
            row = conn.connection.driver_connection.cursor(binary=True).execute(
                "SELECT substring(raw FROM %s FOR %s) FROM message_raw WHERE message_pk = %s",
                (start + 1, SLICE_BYTES, self.pk)).fetchone()
            return bytes(row[0]) if row and row[0] is not None else b""
        return self.s.execute(select(func.substring(MessageRaw.raw, start + 1, SLICE_BYTES, type_=LargeBinary))
                              .where(MessageRaw.message_pk == self.pk)).scalar_one_or_none() or b""


@contextmanager
def slices(s: Session, pk: int) -> Iterator[Slices]:
    """The message's raw bytes, to be read a slice at a time within the session's transaction."""
    db = _sqlite(s)
    if db is None:
        yield Slices(s, pk, size(s, pk) or 0, None)
        return
    try:
        blob = db.blobopen("message_raw", "raw", pk, readonly=True)
    except sqlite3.OperationalError as err:
        if not _missing(err):
            raise
        yield Slices(s, pk, 0, None)
        return
    with blob:
        yield Slices(s, pk, len(blob), blob)
