"""A message's raw bytes live in their own table: stored once, moved over by the migration, kept
out of the message row's updates, and a large message read back a slice at a time."""

from __future__ import annotations

import hashlib
import os
import tracemalloc
from datetime import datetime

import pytest
from sqlalchemy import JSON, Boolean, DateTime, Integer, MetaData, inspect, select
from sqlmodel import Session

from inbox_worker import raw_store
from inbox_worker.parse import LARGE_MESSAGE_BYTES, parse_mail
from inbox_worker.process import Outcome, Pipeline, analyse_message, process_message, store_message
from inbox_worker.sources.base import Incoming
from models.db import _alembic_config, make_engine, upgrade
from models.tables import Attachment, Message, MessageRaw, utcnow
from nlp import Letter, read
from tests.mailgen import email


def _large(n: int = LARGE_MESSAGE_BYTES + 2_000_000) -> tuple[bytes, bytes]:
    data = os.urandom(n)
    raw = email(frm="FOIA Office <foia@agency.gov>", to="me@example.org", subject="Final response",
                date=datetime(2024, 1, 2), msgid="<big@agency.gov>", body="Enclosed are the records.",
                attachment=("records.zip", data))
    return raw, data


def _item(raw: bytes, uid: str = "1") -> Incoming:
    return Incoming(raw=raw, source="test", folder="INBOX", uid=uid, uidvalidity=1)


def _old_message_row(table, pk: int, raw: bytes | None) -> dict:  # noqa: ANN001 (a reflected Table)
    """A message row at revision 0005, every NOT NULL column filled by its type."""
    row = {"id": pk, "raw": raw, "content_hash": f"h{pk}", "direction": "in", "state": "processed",
           "raw_size": len(raw or b"")}
    for column in table.columns:
        if column.name in row or column.nullable or column.primary_key:
            continue
        kind = type(column.type)
        row[column.name] = ([] if issubclass(kind, JSON) else False if issubclass(kind, Boolean)
                            else 0 if issubclass(kind, Integer) else utcnow() if issubclass(kind, DateTime) else "")
    return row


def test_GIVEN_messages_stored_before_the_raw_table_WHEN_migrated_THEN_each_keeps_its_bytes_and_back_again(sqlite_url):
    from alembic import command

    engine = make_engine(sqlite_url)
    upgrade(engine, "0005")
    stored = {1: b"From: a@agency.gov\r\n\r\n\x00\x01 binary \xff", 2: None, 3: b""}
    meta = MetaData()
    meta.reflect(engine, only=["message"])
    with engine.begin() as conn:
        conn.execute(meta.tables["message"].insert(), [_old_message_row(meta.tables["message"], pk, raw)
                                                       for pk, raw in stored.items()])
    upgrade(engine)
    assert "raw" not in {c["name"] for c in inspect(engine).get_columns("message")}
    with Session(engine) as s:
        assert {m.id: m.raw for m in s.exec(select(Message)).scalars()} == stored
        assert len(s.exec(select(MessageRaw)).all()) == 3
    command.downgrade(_alembic_config(engine), "0005")
    with engine.connect() as conn:
        assert dict(conn.exec_driver_sql("SELECT id, raw FROM message").all()) == stored
    engine.dispose()


def test_a_large_message_is_stored_once_and_read_back_byte_for_byte(engine):
    raw, data = _large()
    result = process_message(engine, _item(raw), pipeline=Pipeline())
    assert result.outcome in (Outcome.PROCESSED, Outcome.NEEDS_REVIEW)
    with Session(engine) as s:
        msg = s.get(Message, result.message_pk)
        assert msg.raw == raw and msg.raw_size == len(raw)
        assert raw_store.read(s, msg.id) == raw
        (att,) = s.exec(select(Attachment)).scalars().all()
        assert att.sha256 == hashlib.sha256(data).hexdigest() and att.size == len(data)
        assert s.exec(select(MessageRaw.message_pk)).all() == [(msg.id,)]


def test_the_stored_bytes_read_in_slices_are_the_bytes_stored_and_parse_as_the_whole(engine):
    raw, _ = _large()
    pk = store_message(engine, _item(raw)).message_pk
    with Session(engine) as s, raw_store.slices(s, pk) as slices:
        assert slices.size == len(raw)
        step = raw_store.SLICE_BYTES
        for start, length in [(0, 10), (step - 3, 7), (step - 1, 2 * step + 5), (len(raw) - 4, 100), (len(raw), 5),
                              (3, len(raw))]:
            assert slices.read(start, length) == raw[start:start + length], (start, length)
        assert parse_mail(slices) == parse_mail(raw)
    with Session(engine) as s, raw_store.slices(s, pk + 1) as nothing:  # no such message
        assert nothing.size == 0 and nothing.read(0, 10) == b""


def test_a_large_stored_message_is_analysed_without_holding_its_bytes_whole(engine):
    raw, data = _large(12_000_000)
    pk = store_message(engine, _item(raw)).message_pk
    read(Letter(subject="warm up", body="The model is loaded before memory is traced."))
    tracemalloc.start()
    try:
        result = analyse_message(engine, pk, pipeline=Pipeline())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert result.outcome in (Outcome.PROCESSED, Outcome.NEEDS_REVIEW)
    # The attachment decoded is held once, with a few slices of the message: never the message whole.
    assert len(data) < peak < len(raw), f"peak {peak} for a {len(raw)}-byte message"


@pytest.mark.parametrize("size", [0, 10, raw_store.STREAM_RAW_BYTES + 1])
def test_raw_bytes_of_any_size_are_replaced_whole(engine, size):
    raw, _ = _large(100)
    pk = store_message(engine, _item(raw)).message_pk
    again = os.urandom(size)
    with Session(engine) as s:
        raw_store.replace(s, pk, again)
        s.commit()
    with Session(engine) as s:
        assert s.get(Message, pk).raw == again and raw_store.read(s, pk) == again


def test_only_missing_bytes_read_as_none_a_database_error_is_raised_to_be_retried():
    import sqlite3

    from inbox_worker.raw_store import _missing

    db = sqlite3.connect(":memory:")
    db.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, b BLOB)")
    db.execute("INSERT INTO t VALUES (1, NULL)")
    for rowid in (1, 2):  # NULL bytes, then no row
        with pytest.raises(sqlite3.OperationalError) as err:
            db.blobopen("t", "b", rowid, readonly=True)
        assert _missing(err.value)
    assert not _missing(sqlite3.OperationalError("disk I/O error"))
    assert not _missing(sqlite3.OperationalError("database is locked"))
