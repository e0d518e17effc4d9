"""Messages read by worker processes (``Pipeline.read_workers``) while this process writes."""

from __future__ import annotations

import threading
import time
from concurrent.futures import Future
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from inbox_worker import process, read_pool
from inbox_worker.process import Pipeline
from inbox_worker.sources.base import Incoming
from inbox_worker.sources.maildir import MaildirSource
from inbox_worker.sync import sync_once
from models.db import make_engine, upgrade
from models.tables import Message, Request, StatusEvent, TrackingNumber
from tests.conftest import add_to_maildir, wait_for
from tests.mailgen import backlog


@pytest.fixture(autouse=True)
def _fresh_pool():
    read_pool.reset()  # forked after this test's patches, ended after it
    yield
    read_pool.reset()


def _maildir(root: Path, mails: list[tuple[str, bytes]]) -> Path:
    for i, (folder, raw) in enumerate(mails):
        add_to_maildir(root, f"{i:06d}.pool", raw, folder=folder)
    return root


def _sync(engine: Engine, maildir: Path, *, batch_size: int = 7, **knobs):
    source = MaildirSource(maildir, folders=["INBOX"], sent_folder="Sent", batch_size=batch_size)
    return sync_once(engine, [source], pipeline=Pipeline(**knobs))


def _content(engine: Engine) -> dict:
    with Session(engine) as s:
        requests = {r.id: r.sent_message_id for r in s.exec(select(Request)).all()}
        return {
            "messages": sorted(repr((m.message_id, m.state, m.label, m.confidence, tuple(m.cues), repr(m.extracted),
                                requests.get(m.request_id), m.match_rule, m.body_text, m.error))
                               for m in s.exec(select(Message)).all()),
            "requests": sorted(repr((r.sent_message_id, r.status, r.due_date, r.appeal_by, r.fee_waiver_status))
                               for r in s.exec(select(Request)).all()),
            "events": sorted(repr((requests[e.request_id], e.field, e.from_value, e.to_value, e.rule))
                             for e in s.exec(select(StatusEvent)).all()),
            "numbers": sorted((requests[t.request_id], t.number) for t in s.exec(select(TrackingNumber)).all()),
        }


def test_GIVEN_a_backlog_WHEN_read_by_two_workers_THEN_the_database_holds_what_reading_here_gives(tmp_path):
    mails = backlog(8)
    maildir = _maildir(tmp_path / "Maildir", mails)
    results = []
    for workers in (0, 2):
        engine = make_engine(f"sqlite:///{tmp_path}/w{workers}.db")
        upgrade(engine)
        report = _sync(engine, maildir, read_workers=workers)
        assert report.counts["processed"] + report.counts["needs_review"] == len(mails)
        results.append(_content(engine))
        engine.dispose()
    assert results[0] == results[1]


def test_GIVEN_a_reader_bug_on_one_message_THEN_it_alone_is_quarantined_with_its_error(engine, tmp_path, monkeypatch):
    real = process.parse_mail

    def parse(raw: bytes):
        if b"Fee estimate" in raw:
            raise KeyError("a parser bug")
        return real(raw)

    monkeypatch.setattr(process, "parse_mail", parse)
    mails = backlog(2)
    report = _sync(engine, _maildir(tmp_path / "Maildir", mails), read_workers=2)
    assert report.counts["quarantined"] == 2
    with Session(engine) as s:
        bad = s.exec(select(Message).where(Message.state == "quarantined")).all()
        assert all(m.error.startswith("internal error: KeyError") and "a parser bug" in m.error for m in bad)
        assert all(m.raw for m in bad)  # stored, never dropped
        assert len(s.exec(select(Message).where(Message.state != "quarantined")).all()) == len(mails) - 2


def _one_hanging(mails: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """``mails`` with one "Interim release" letter, the first (read here after the pool is reset, a second would hang)."""
    first = next(i for i, (_, raw) in enumerate(mails) if b"Interim release" in raw)
    return [m for i, m in enumerate(mails) if i <= first or b"Interim release" not in m[1]]


@pytest.mark.parametrize(("mails", "batch_size"), [(backlog(1)[:4], 7), (_one_hanging(backlog(3)), 3)],
                         ids=["one batch", "the first of batches read ahead"])
def test_GIVEN_a_reader_that_hangs_THEN_the_message_is_quarantined_as_too_costly_and_the_rest_are_read(
        engine, tmp_path, monkeypatch, mails, batch_size):
    real = process.parse_mail

    def parse(raw: bytes):
        if b"Interim release" in raw:
            threading.Event().wait()  # a hang: a call that never returns (the reader is killed)
        return real(raw)

    monkeypatch.setattr(process, "parse_mail", parse)
    monkeypatch.setattr(process, "HANG_GRACE_SECONDS", 0.5)
    started = time.monotonic()
    report = _sync(engine, _maildir(tmp_path / "Maildir", mails), read_workers=2, budget_seconds=1.0,
                   batch_size=batch_size)
    assert time.monotonic() - started < 60
    assert report.counts["quarantined"] == 1
    assert report.counts["processed"] + report.counts["needs_review"] == len(mails) - 1
    with Session(engine) as s:
        (bad,) = s.exec(select(Message).where(Message.state == "quarantined")).all()
    assert "TooCostly" in bad.error and "Interim" in bad.subject


# -- readings started early: the readers read the next batch while this process writes the one before --

def _stored(engine: Engine, raw: bytes) -> int:
    (result,) = process.store_batch(engine, [Incoming(raw=raw, source="t", folder="INBOX", uid="1", uidvalidity=1)])
    return result.message_pk


def _early(raw: bytes, reading_of: bytes, *, pool: int | None = None) -> process.Early:
    """A reading said to be of ``raw``, made of ``reading_of`` (so that its use shows)."""
    future = Future()
    future.set_result(process._read_chunk([(reading_of, len(reading_of), False)], Pipeline()))
    pending = process.Pending(process._Chunk(future, 1), 0, (raw, len(raw), False))
    return process.Early(raw, len(raw), False, pending, read_pool.generation() if pool is None else pool)


def _subject(engine: Engine, pk: int) -> str:
    with Session(engine) as s:
        return s.get(Message, pk).subject


def test_GIVEN_a_reading_started_early_from_the_stored_bytes_THEN_it_is_the_one_written(engine):
    stored, other = [raw for folder, raw in backlog(1) if folder == "INBOX"][:2]
    pk = _stored(engine, stored)
    read_pool.pool(2)
    early = {pk: _early(stored, other)}
    process.analyse_batch(engine, [pk], pipeline=Pipeline(read_workers=2), early=early)
    assert early == {}  # taken
    assert _subject(engine, pk) == process.parse_mail(other).subject


@pytest.mark.parametrize("why", ["other bytes", "an earlier pool"])
def test_GIVEN_a_reading_started_early_from_other_bytes_or_by_readers_since_ended_THEN_the_message_is_read_again(
        engine, why):
    stored, other = [raw for folder, raw in backlog(1) if folder == "INBOX"][:2]
    pk = _stored(engine, stored)
    read_pool.pool(2)
    started = _early(other, other) if why == "other bytes" else _early(stored, other, pool=read_pool.generation() - 1)
    process.analyse_batch(engine, [pk], pipeline=Pipeline(read_workers=2), early={pk: started})
    assert _subject(engine, pk) == process.parse_mail(stored).subject


def test_GIVEN_a_copy_of_a_message_in_a_later_batch_WHEN_read_ahead_THEN_it_is_a_duplicate_as_when_read_here(tmp_path):
    mails = backlog(3)
    first_incoming = next(raw for folder, raw in mails if folder == "INBOX")
    copy = b"Received: from relay.example.org by mx.example.org; Mon, 1 Jun 2026 10:00:00 +0000\r\n" + first_incoming
    mails.append(("INBOX", copy))
    maildir = _maildir(tmp_path / "Maildir", mails)
    results, counts = [], []
    for workers in (0, 2):
        engine = make_engine(f"sqlite:///{tmp_path}/w{workers}.db")
        upgrade(engine)
        report = _sync(engine, maildir, read_workers=workers)
        counts.append(dict(report.counts))
        results.append(_content(engine))
        engine.dispose()
    assert counts[0] == counts[1] and counts[1]["duplicate"] == 1
    assert results[0] == results[1]


def _hang() -> None:
    threading.Event().wait()


def test_GIVEN_readers_stuck_on_work_no_longer_waited_for_THEN_a_message_waiting_behind_them_is_read_here(
        engine, monkeypatch):
    monkeypatch.setattr(process, "HANG_GRACE_SECONDS", 0.5)
    raw = next(raw for folder, raw in backlog(1) if folder == "INBOX")
    pk = _stored(engine, raw)
    stuck = [read_pool.submit(2, _hang) for _ in range(5)]  # both readers, and every place in their queue
    results = []
    worker = threading.Thread(target=lambda: results.extend(
        process.analyse_batch(engine, [pk], pipeline=Pipeline(read_workers=2, budget_seconds=1.0))), daemon=True)
    worker.start()
    worker.join(30)
    assert not worker.is_alive(), "the message waited for readers that never came back"
    assert wait_for(lambda: all(f.done() for f in stuck), 10)  # ended with their readers
    assert [r.outcome for r in results] in (["processed"], ["needs_review"]), results
