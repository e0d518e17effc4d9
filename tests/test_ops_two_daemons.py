"""Two daemons (`foia-intake run`, two real processes) on one mailbox (the real Dovecot) and one
database, SQLite and PostgreSQL, with a backlog and mail arriving while they run: every message is
stored once and analysed exactly once (each analysis logs one line, `message ID OUTCOME: ...`)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import func, select

from models.db import make_engine
from models.tables import Message, MessageLocation
from tests.conftest import wait_for
from tests.mailgen import backlog

pytestmark = [pytest.mark.live, pytest.mark.slow]
FOIA_INTAKE = str(Path(sys.executable).parent / "foia-intake")
ANALYSED = ("processed", "needs_review", "quarantined")
LINE = re.compile(r"^message (\d+) (\w+):")


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgresql":
        return request.getfixturevalue("pg_url")
    return f"sqlite:///{tmp_path / 'foia.db'}"


def _counts(url: str) -> tuple[int, int, int]:
    """(messages, their locations, messages not analysed yet); zeros before the schema exists."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            messages = conn.execute(select(func.count()).select_from(Message)).scalar_one()
            locations = conn.execute(select(func.count()).select_from(MessageLocation)).scalar_one()
            waiting = conn.execute(select(func.count()).select_from(Message)
                                   .where(Message.state.not_in(ANALYSED))).scalar_one()
            return messages, locations, waiting
    except Exception:  # noqa: BLE001 (the daemons have not created the schema yet)
        return 0, 0, -1
    finally:
        engine.dispose()


def _analysed_lines(log: Path) -> list[tuple[int, str]]:
    out = []
    for line in log.read_text(encoding="utf-8").splitlines():
        if line.startswith("{"):
            record = json.loads(line)
            match = LINE.match(record["message"]) if record["logger"] == "inbox_worker.message" else None
            if match:
                out.append((int(match.group(1)), match.group(2)))
    return out


def test_GIVEN_two_daemons_on_one_mailbox_and_database_THEN_each_message_is_processed_exactly_once(
        database_url, dovecot_server, imap_user, tmp_path):
    mail = [raw for _, raw in backlog(8)]
    first, later = mail[:30], mail[30:]
    for raw in first:
        dovecot_server.save(imap_user, raw)
    env = {**os.environ, "FOIA_INTAKE_DATABASE__URL": database_url, "FOIA_INTAKE_IMAP__HOST": "127.0.0.1",
           "FOIA_INTAKE_IMAP__PORT": str(dovecot_server.port), "FOIA_INTAKE_IMAP__USERNAME": imap_user,
           "FOIA_INTAKE_IMAP__PASSWORD": "secret", "FOIA_INTAKE_IMAP__SECURITY": "none",
           "FOIA_INTAKE_IMAP__SENT_FOLDER": "", "FOIA_INTAKE_IMAP__BATCH_SIZE": "4",
           "FOIA_INTAKE_IMAP__POLL_INTERVAL_SECONDS": "5", "FOIA_INTAKE_CLASSIFIER__MODEL_DIR": str(tmp_path / "model")}
    logs = [tmp_path / "a.log", tmp_path / "b.log"]
    procs = [subprocess.Popen([FOIA_INTAKE, "run"], env=env, cwd=tmp_path, stdout=subprocess.DEVNULL,
                              stderr=log.open("w", encoding="utf-8")) for log in logs]
    try:
        assert wait_for(lambda: _counts(database_url)[::2] == (len(first), 0), timeout=240), _counts(database_url)
        for raw in later:  # while both are running
            dovecot_server.save(imap_user, raw)
        assert wait_for(lambda: _counts(database_url)[::2] == (len(mail), 0), timeout=240), _counts(database_url)
        assert all(p.poll() is None for p in procs), "a daemon stopped early"
    finally:
        for p in procs:
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        codes = []
        for p in procs:
            try:
                codes.append(p.wait(timeout=60))
            except subprocess.TimeoutExpired:
                p.kill()
                codes.append(p.wait())
    assert codes == [0, 0], [log.read_text(encoding="utf-8")[-2000:] for log in logs]

    messages, locations, _ = _counts(database_url)
    assert messages == locations == len(mail)
    lines = [x for log in logs for x in _analysed_lines(log)]
    analysed = Counter(pk for pk, outcome in lines if outcome in ANALYSED)
    assert len(analysed) == len(mail)  # every stored message was analysed...
    assert set(analysed.values()) == {1}, {pk: n for pk, n in analysed.items() if n > 1}  # ...exactly once
    assert not [x for x in lines if x[1] not in ANALYSED]  # nothing taken twice (already seen, duplicate)
