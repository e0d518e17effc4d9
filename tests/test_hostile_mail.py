"""The hostile-mail tier: messages written to stop, stall or fool the service, interleaved with
ordinary agency replies, through a Maildir and through Dovecot, into SQLite and PostgreSQL.

Every message ends in a final state, the ordinary replies are read exactly as without the hostile
ones, the pass stays within a time bound, and nothing is logged as an error."""

from __future__ import annotations

import logging
import re
import time

import pytest
from sqlmodel import Session, select

from inbox_worker.process import Pipeline
from inbox_worker.sources.imap import ImapSource
from inbox_worker.sources.maildir import MaildirSource
from inbox_worker.sync import sync_once
from models.db import make_engine, upgrade
from models.tables import Message, MessageLocation, Request
from tests.conftest import add_to_maildir
from tests.hostile import HOSTILE, hostile_mix

ORDINARY_ID = re.compile(r"<(?:req|ack|fee|int|fin)-\d+@(?:newsroom|agency)\.example\.(?:org|gov)>$")  # tests.mailgen
FINAL = {"processed", "needs_review", "quarantined"}
PASS_SECONDS = 120  # the whole pass, on a slow and busy CI machine (it takes a few seconds here)


def _engine(db: str, request: pytest.FixtureRequest):
    if db == "sqlite":
        return request.getfixturevalue("engine")
    engine = make_engine(request.getfixturevalue("pg_url"))
    upgrade(engine)
    return engine


def _source(via: str, mails: list[tuple[str, str, bytes]], request: pytest.FixtureRequest, tmp_path) -> tuple[object, int]:
    """The mails delivered in order; (source, how many the server accepted)."""
    if via == "maildir":
        root = tmp_path / "Maildir"
        for i, (_, folder, raw) in enumerate(mails):
            add_to_maildir(root, f"{i:05d}.test", raw, folder=folder)
        return MaildirSource(root, folders=["INBOX"], sent_folder="Sent"), len(mails)
    server, user = request.getfixturevalue("dovecot_server"), request.getfixturevalue("imap_user")
    server.create_folder(user, "Sent")
    accepted = 0
    for _, folder, raw in mails:
        try:
            server.save(user, raw, folder=folder)
            accepted += 1
        except RuntimeError:
            pass  # Dovecot itself refused it (an empty file): it never reaches the mailbox
    return ImapSource(request.getfixturevalue("imap_settings")), accepted


def _ordinary_reading(engine) -> list[tuple]:
    with Session(engine) as s:
        subjects = {r.id: r.subject for r in s.exec(select(Request)).all()}
        return sorted((m.message_id, m.state, m.label or "", subjects.get(m.request_id, ""), m.match_rule or "")
                      for m in s.exec(select(Message)).all() if ORDINARY_ID.match(m.message_id or ""))


@pytest.mark.live
@pytest.mark.parametrize("via", ["maildir", "dovecot"])
@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_hostile_mail_among_replies_ends_in_a_final_state_and_the_replies_are_read_as_without_it(
        db, via, request, tmp_path, caplog):
    mails = hostile_mix(seed=hash((db, via)) & 0xFFFF)
    engine = _engine(db, request)
    source, accepted = _source(via, mails, request, tmp_path)
    caplog.set_level(logging.WARNING)

    started = time.monotonic()
    report = sync_once(engine, [source], pipeline=Pipeline())
    elapsed = time.monotonic() - started

    print(f"\n{via} -> {db}: {accepted} messages in {elapsed:.1f} s: {report.summary()}")
    assert elapsed < PASS_SECONDS
    assert report.total == accepted
    assert not {"failed", "stored"} & set(report.counts)
    with Session(engine) as s:
        states = [m.state for m in s.exec(select(Message)).all()]
        assert len(s.exec(select(MessageLocation)).all()) == accepted
        assert all(m.error for m in s.exec(select(Message).where(Message.state == "quarantined")).all())
    assert set(states) <= FINAL
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert not errors, [r.getMessage()[:200] for r in errors]
    assert "Traceback" not in caplog.text
    assert sync_once(engine, [source], pipeline=Pipeline()).total == 0  # the checkpoint moved past all

    # The ordinary replies: read as in a mailbox without the hostile mail.
    ordinary = [m for m in mails if m[0] == "ordinary"]
    clean_engine = make_engine(f"sqlite:///{tmp_path / 'clean.db'}")
    upgrade(clean_engine)
    clean_source, _ = _source("maildir", ordinary, request, tmp_path / "clean")
    sync_once(clean_engine, [clean_source], pipeline=Pipeline())
    expected = _ordinary_reading(clean_engine)
    assert len(expected) == len(ordinary)
    assert {state for _, state, *_ in expected} <= {"processed", "needs_review"}
    assert _ordinary_reading(engine) == expected


@pytest.mark.parametrize("kind", sorted(HOSTILE))
def test_each_hostile_class_alone_is_stored_and_ends_in_a_final_state(kind, engine, tmp_path):
    import random

    variants = HOSTILE[kind](random.Random(7))
    root = tmp_path / "Maildir"
    for i, raw in enumerate(variants):
        add_to_maildir(root, f"{i:03d}.test", raw)
    report = sync_once(engine, [MaildirSource(root, folders=["INBOX"], sent_folder=None)], pipeline=Pipeline())
    assert report.total == len(variants)
    with Session(engine) as s:
        msgs = s.exec(select(Message)).all()
    assert len(msgs) == len(variants)  # each stored, none dropped
    assert {m.state for m in msgs} <= FINAL
    assert all("\x00" not in (m.subject + m.from_addr + (m.message_id or "") + (m.body_text or "")) for m in msgs)
