"""Transient failures are retried with backoff and a cap; quarantined messages can be retried by hand."""

from __future__ import annotations

import json
from datetime import timedelta

from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

import inbox_worker.process as process
from inbox_worker.process import MAX_ATTEMPTS, Outcome, Pipeline, process_message
from inbox_worker.sources.base import Incoming
from inbox_worker.sync import sync_once
from models.tables import Message, utcnow
from tests.conftest import add_to_maildir
from tests.mailgen import backlog


def _item(raw: bytes, uid: str = "1") -> Incoming:
    return Incoming(raw=raw, source="test", folder="INBOX", uid=uid)


def _database_down(*_a, **_k):
    raise OperationalError("UPDATE message", {}, Exception("database is locked"))


def test_GIVEN_the_database_fails_during_analysis_THEN_the_message_is_failed_and_retried_later(engine, monkeypatch):
    raw = backlog(1)[1][1]
    monkeypatch.setattr(process, "_apply", _database_down)
    result = process_message(engine, _item(raw), pipeline=Pipeline())
    assert result.outcome == Outcome.FAILED
    with Session(engine) as s:
        msg = s.exec(select(Message)).one()
    assert msg.state == "failed" and msg.attempts == 1 and msg.next_attempt_at > utcnow()
    assert "database is locked" in msg.error and msg.raw == raw  # stored: nothing lost
    monkeypatch.undo()
    assert sync_once(engine, [], pipeline=Pipeline()).total == 0  # backoff not over yet
    with Session(engine) as s:
        msg = s.exec(select(Message)).one()
        msg.next_attempt_at = utcnow() - timedelta(seconds=1)
        s.add(msg)
        s.commit()
    report = sync_once(engine, [], pipeline=Pipeline())
    assert report.counts["needs_review"] == 1
    with Session(engine) as s:
        assert s.exec(select(Message)).one().state == "needs_review"


def test_after_too_many_attempts_a_failed_message_is_quarantined(engine, monkeypatch):
    monkeypatch.setattr(process, "_apply", _database_down)
    process_message(engine, _item(backlog(1)[1][1]), pipeline=Pipeline())
    for _ in range(MAX_ATTEMPTS - 1):
        with Session(engine) as s:
            pk = s.exec(select(Message.id)).one()
        process.analyse_message(engine, pk, pipeline=Pipeline())
    with Session(engine) as s:
        msg = s.exec(select(Message)).one()
    assert msg.state == "quarantined" and "gave up after" in msg.error


def test_messages_retry_processes_quarantined_messages_again(cli, sqlite_url, sample_maildir, monkeypatch):
    env = {"FOIA_INTAKE_DATABASE__URL": sqlite_url}
    add_to_maildir(sample_maildir, "1.bad", b"not a message")
    cli("sync", "--once", "--maildir", str(sample_maildir), env=env)
    code, out, _ = cli("messages", "list", "--state", "quarantined", "--json", env=env)
    (bad,) = json.loads(out)
    code, out, _ = cli("messages", "retry", str(bad["id"]), env=env)
    assert code == 0 and f"message {bad['id']}: quarantined" in out  # still bad, and says so
    code, out, _ = cli("messages", "retry", "--all", env=env)
    assert code == 0
    code, _, err = cli("messages", "retry", env=env)
    assert code == 1 and "MESSAGE_ID or --all" in err
    code, _, err = cli("messages", "retry", "9999", env=env)
    assert code == 1 and "no message with id 9999" in err
