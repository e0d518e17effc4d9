"""Every real malformed or tricky email from other parsers' test suites (../shared/corpora),
delivered to Dovecot and synced: each is processed or quarantined with its error; none is lost,
none crashes or hangs the run."""

from __future__ import annotations

import mailbox
from collections import Counter
from pathlib import Path

import pytest
from sqlmodel import Session, select

from inbox_worker.process import Pipeline
from inbox_worker.sources.imap import ImapSource
from inbox_worker.sync import sync_once
from models.tables import Message, MessageLocation
from tests.conftest import shared_path

pytestmark = pytest.mark.live


def corpus_messages(root: Path):
    """(name, raw bytes) for every file; mbox files are split into their messages."""
    for path in sorted(p for p in root.rglob("*") if p.is_file() and p.name != "SOURCES.md"):
        rel = str(path.relative_to(root))
        if ".mbox" in path.name:
            box = mailbox.mbox(path, create=False)
            for i, key in enumerate(box.keys()):
                yield f"{rel}#{i}", box.get_bytes(key)
        else:
            yield rel, path.read_bytes()


def test_every_corpus_message_delivered_to_dovecot_is_processed_or_quarantined(engine, dovecot_server, imap_user, imap_settings):
    root = shared_path("corpora")
    delivered = rejected = 0
    for _name, raw in corpus_messages(root):
        try:
            dovecot_server.save(imap_user, raw)
            delivered += 1
        except RuntimeError:
            rejected += 1  # the server itself refused it: never reached the mailbox
    report = sync_once(engine, [ImapSource(imap_settings)], pipeline=Pipeline())
    counts = Counter(report.counts)
    print(f"\ncorpora: {delivered} delivered ({rejected} refused by Dovecot): "
          + ", ".join(f"{n} {k}" for k, n in sorted(counts.items())))
    assert report.total == delivered
    assert "failed" not in counts
    with Session(engine) as s:
        assert len(s.exec(select(MessageLocation)).all()) == delivered  # every one taken once
        assert not s.exec(select(Message).where(Message.state == "new")).all()
        assert all(m.error for m in s.exec(select(Message).where(Message.state == "quarantined")).all())
    assert sync_once(engine, [ImapSource(imap_settings)], pipeline=Pipeline()).total == 0
