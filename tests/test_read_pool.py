"""Messages read by worker processes (``Pipeline.read_workers``) while this process writes."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, select

from inbox_worker import process, read_pool
from inbox_worker.process import Pipeline
from inbox_worker.sources.maildir import MaildirSource
from inbox_worker.sync import sync_once
from models.db import make_engine, upgrade
from models.tables import Message, Request, StatusEvent, TrackingNumber
from tests.conftest import add_to_maildir
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


def _sync(engine: Engine, maildir: Path, **knobs):
    source = MaildirSource(maildir, folders=["INBOX"], sent_folder="Sent", batch_size=7)
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


def test_GIVEN_a_reader_that_hangs_THEN_the_message_is_quarantined_as_too_costly_and_the_rest_are_read(
        engine, tmp_path, monkeypatch):
    real = process.parse_mail

    def parse(raw: bytes):
        if b"Interim release" in raw:
            threading.Event().wait()  # a hang: a call that never returns (the reader is killed)
        return real(raw)

    monkeypatch.setattr(process, "parse_mail", parse)
    monkeypatch.setattr(process, "HANG_GRACE_SECONDS", 0.5)
    mails = backlog(1)
    started = time.monotonic()
    report = _sync(engine, _maildir(tmp_path / "Maildir", mails[:4]), read_workers=2, budget_seconds=1.0)
    assert time.monotonic() - started < 60
    assert report.counts["quarantined"] == 1
    assert report.counts["processed"] + report.counts["needs_review"] == 3
    with Session(engine) as s:
        (bad,) = s.exec(select(Message).where(Message.state == "quarantined")).all()
    assert "TooCostly" in bad.error and "Interim" in bad.subject
