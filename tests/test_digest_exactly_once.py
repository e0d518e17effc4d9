"""Every event in exactly one digest: across restarts, through an SMTP outage, after a kill -9."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from datetime import UTC, datetime

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlmodel import Session, select

from inbox_worker.digest.delivery import send_digest
from inbox_worker.digest.ledger import INTERRUPTED
from inbox_worker.digest.schedule import RETRY_JOB, DigestJob
from inbox_worker.errors import TransientError
from models.db import make_engine
from models.tables import DigestRun, DigestState, Direction, Message
from tests.conftest import REPO
from tests.digest_support import (
    SmtpServer,
    digest_settings,
    free_port,
    sections,
    sync_maildir,
    text_part,
    wait_for,
    write_action_mailbox,
)

pytestmark = pytest.mark.live


def _reply_ids(msg) -> list[int]:  # noqa: ANN001
    """The message ids listed under NEW REPLIES."""
    return [int(n) for n in re.findall(r"- message (\d+):", sections(text_part(msg))["NEW REPLIES"])]


def _incoming_ids(engine) -> set[int]:  # noqa: ANN001
    with Session(engine) as s:
        return set(s.exec(select(Message.id).where(Message.direction == Direction.INCOMING)).all())


def test_GIVEN_a_restart_between_two_digests_WHEN_both_are_sent_THEN_every_reply_is_in_exactly_one(
        sqlite_url, sample_maildir):
    server = SmtpServer().start()
    try:
        settings = digest_settings(sqlite_url, server.port)
        first = make_engine(sqlite_url)
        from models.db import upgrade

        upgrade(first)
        sync_maildir(first, sample_maildir)
        send_digest(first, settings, now=datetime.now(UTC))
        first.dispose()  # the service stops; mail keeps arriving; it starts again
        write_action_mailbox(sample_maildir, today=datetime.now(UTC).date())
        second = make_engine(sqlite_url)
        sync_maildir(second, sample_maildir)
        send_digest(second, settings, now=datetime.now(UTC))
        wait_for(lambda: len(server.received) == 2, what="two digests")
        one, two = (_reply_ids(m) for m in server.received)
        assert one and two
        assert not set(one) & set(two), "an event was repeated"
        assert sorted(one + two) == sorted(_incoming_ids(second)), "an event was dropped"
        with Session(second) as s:
            runs = s.exec(select(DigestRun).order_by(DigestRun.id)).all()
        assert runs[1].window_from == runs[0].window_to
        second.dispose()
    finally:
        server.stop()


def test_GIVEN_the_smtp_server_down_WHEN_the_daemon_job_retries_THEN_the_digest_arrives_once_when_it_is_back(
        engine, sqlite_url, sample_maildir):
    sync_maildir(engine, sample_maildir)
    before_outage = _incoming_ids(engine)
    server = SmtpServer(free_port())  # not started: connection refused
    settings = digest_settings(sqlite_url, server.port)
    with pytest.raises(TransientError):
        send_digest(engine, settings, now=datetime.now(UTC))
    with Session(engine) as s:
        run = s.exec(select(DigestRun)).one()
    assert run.state == DigestState.PENDING and run.attempts == 1 and run.next_attempt_at > run.created_at
    pending_id = run.message_id
    # More mail arrives during the outage; the daemon's job fails again and schedules a retry.
    write_action_mailbox(sample_maildir, today=datetime.now(UTC).date())
    sync_maildir(engine, sample_maildir)
    scheduler = BackgroundScheduler(timezone=UTC)
    job = DigestJob(settings, engine, scheduler)
    scheduler.start(paused=True)
    try:
        job.run()
        retry = scheduler.get_job(RETRY_JOB)
        assert retry is not None
        with Session(engine) as s:
            assert s.exec(select(DigestRun)).one().attempts == 2  # still the one digest, not a second window
        server.start()
        retry.modify(next_run_time=datetime.now(UTC))
        scheduler.resume()
        wait_for(lambda: len(server.received) == 1, what="the delayed digest")
        wait_for(lambda: _state(engine) == DigestState.SENT, what="the digest marked sent")
        scheduler.shutdown(wait=True)
        assert [m["Message-ID"].strip() for m in server.received] == [pending_id]
        # The delayed digest keeps its window; what came during the outage is in the next one.
        assert sorted(_reply_ids(server.received[0])) == sorted(before_outage)
        send_digest(engine, settings, now=datetime.now(UTC))
        wait_for(lambda: len(server.received) == 2, what="the next digest")
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=True)
        server.stop()
    assert sorted(_reply_ids(server.received[1])) == sorted(_incoming_ids(engine) - before_outage)


def _state(engine) -> str:  # noqa: ANN001
    """The state of the first digest."""
    with Session(engine) as s:
        return s.exec(select(DigestRun).order_by(DigestRun.id)).first().state


_CRASH = """
import os, signal, sys
from datetime import UTC, datetime
from inbox_worker.digest import delivery
from models.db import make_engine
from models.tables import DigestState
from tests.digest_support import digest_settings

real = delivery._set_state
def crash_when_marking_sent(engine, run_id, state, *, now):
    if state == DigestState.SENT:
        os.kill(os.getpid(), signal.SIGKILL)  # the message is with the server; the record is not
    real(engine, run_id, state, now=now)
delivery._set_state = crash_when_marking_sent
url, port = sys.argv[1], int(sys.argv[2])
delivery.send_digest(make_engine(url), digest_settings(url, port), now=datetime.now(UTC))
"""


def test_GIVEN_a_kill_9_between_sent_and_recorded_WHEN_the_digest_runs_again_THEN_it_is_not_sent_twice(
        engine, sqlite_url, sample_maildir):
    sync_maildir(engine, sample_maildir)
    server = SmtpServer().start()
    try:
        proc = subprocess.run([sys.executable, "-c", _CRASH, sqlite_url, str(server.port)], cwd=REPO,
                              env={**os.environ, "PYTHONPATH": str(REPO)}, capture_output=True, timeout=120)
        assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
        wait_for(lambda: len(server.received) == 1, what="the digest handed over before the crash")
        crashed_id = server.received[0]["Message-ID"].strip()
        assert _state(engine) == DigestState.SENDING
        settings = digest_settings(sqlite_url, server.port)
        again = send_digest(engine, settings, now=datetime.now(UTC))  # the restart
        wait_for(lambda: len(server.received) == 2, what="the next digest")
    finally:
        server.stop()
    ids = [m["Message-ID"].strip() for m in server.received]
    assert ids.count(crashed_id) == 1 and again.message_id != crashed_id
    assert text_part(server.received[1]).startswith("Nothing new")  # its events went out before the crash
    with Session(engine) as s:
        crashed = s.exec(select(DigestRun).where(DigestRun.message_id == crashed_id)).one()
    assert crashed.state == DigestState.SENT and crashed.last_error == INTERRUPTED


def test_GIVEN_two_processes_WHEN_both_claim_the_pending_digest_THEN_only_the_first_may_send_it(engine):
    from inbox_worker.digest import ledger

    with Session(engine) as s:
        run = ledger.open_run(s, now=datetime.now(UTC), domain="example.org")
        s.commit()
        assert ledger.claim(s, run.id) is True
        assert ledger.claim(s, run.id) is False
        s.commit()
        s.refresh(run)
        assert run.state == DigestState.SENDING


def test_GIVEN_a_change_stamped_before_a_digest_but_committed_after_it_WHEN_the_next_digest_goes_THEN_it_is_in_that_one(
        engine, sqlite_url, sample_maildir):
    from datetime import timedelta

    from models.tables import Request, StatusEvent

    sync_maildir(engine, sample_maildir)
    server = SmtpServer().start()
    try:
        settings = digest_settings(sqlite_url, server.port)
        first = send_digest(engine, settings, now=datetime.now(UTC))
        with Session(engine) as s:  # a transaction that began before the digest, committed after it
            request_id = s.exec(select(Request.id)).first()
            s.add(StatusEvent(request_id=request_id, field="status", from_value="completed", to_value="in_appeal",
                              rule="late commit", at=first.window_to - timedelta(hours=1)))
            s.commit()
        send_digest(engine, settings, now=datetime.now(UTC))
        wait_for(lambda: len(server.received) == 2, what="two digests")
    finally:
        server.stop()
    first_text, second_text = (text_part(m) for m in server.received)
    assert "late commit" not in first_text
    assert "status: completed -> in_appeal (late commit)" in sections(second_text)["STATUS CHANGES"]
