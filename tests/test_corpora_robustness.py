"""Every real malformed or tricky email from other parsers' test suites (../shared/corpora):
each is processed or quarantined with its error; none crashes the run or is lost."""

from __future__ import annotations

import mailbox
from collections import Counter
from pathlib import Path

from sqlmodel import Session, func, select

from inbox_worker.process import Outcome, Pipeline, process_message
from inbox_worker.sources.base import Incoming
from models.tables import Message
from tests.conftest import shared_path


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


def test_every_corpus_message_is_processed_or_quarantined(engine):
    root = shared_path("corpora")
    outcomes: Counter = Counter()
    names = []
    for name, raw in corpus_messages(root):
        names.append(name)
        result = process_message(engine, Incoming(raw=raw, source="corpus", folder="all", uid=name),
                                 pipeline=Pipeline())
        outcomes[result.outcome] += 1
        assert result.outcome != Outcome.FAILED, (name, result.error)
    print(f"\ncorpora: {len(names)} messages: " + ", ".join(f"{n} {k}" for k, n in sorted(outcomes.items())))
    with Session(engine) as s:
        stored = s.exec(select(func.count()).select_from(Message)).one()
        unfinished = s.exec(select(func.count()).select_from(Message).where(Message.state == "new")).one()
        quarantined = s.exec(select(Message).where(Message.state == "quarantined")).all()
    assert unfinished == 0
    assert all(m.error for m in quarantined)
    # Every message is stored once; repeats (same Message-ID or bytes) are the duplicates.
    assert stored == len(names) - outcomes[Outcome.DUPLICATE]
