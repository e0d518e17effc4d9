"""The daemon against a real Dovecot: kill -9 at random points, dropped connections, a server
restart, IDLE, graceful stop. The bar (mbsync's): the final database equals an uninterrupted run's."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from imapclient import IMAPClient
from sqlmodel import Session, select

from config.settings import Settings
from inbox_worker.daemon import Daemon
from inbox_worker.process import Pipeline
from inbox_worker.sources.imap import ImapSource
from inbox_worker.sync import sync_once
from models.db import make_engine, upgrade
from models.tables import (
    MailboxState,
    Message,
    MessageLocation,
    Request,
    StatusEvent,
    TrackingNumber,
)
from tests.conftest import wait_for
from tests.mailgen import backlog

pytestmark = [pytest.mark.live, pytest.mark.slow]
FOIA_INTAKE = str(Path(sys.executable).parent / "foia-intake")


def append_all(settings, mails: list[tuple[str, bytes]]) -> None:
    client = IMAPClient("127.0.0.1", port=settings.port, ssl=False, timeout=30)
    client.login(settings.username, "secret")
    if not client.folder_exists("Sent"):
        client.create_folder("Sent")
    for folder, raw in mails:
        client.append(folder, raw)
    client.logout()


def snapshot(engine) -> dict:
    """The database by natural keys (ids and wall-clock times left out)."""
    with Session(engine) as s:
        requests = {r.id: r.subject for r in s.exec(select(Request)).all()}
        return {
            "requests": sorted((r.subject, r.status, r.expedite_status, r.fee_waiver_status, str(r.due_date), str(r.respond_by))
                               for r in s.exec(select(Request)).all()),
            "messages": sorted((m.message_id or "", m.content_hash, m.direction, m.state, m.label or "",
                                tuple(m.secondary_labels), requests.get(m.request_id, ""), m.match_rule or "")
                               for m in s.exec(select(Message)).all()),
            "locations": sorted((x.folder, x.uidvalidity, x.uid) for x in s.exec(select(MessageLocation)).all()),
            "tracking": sorted((requests[t.request_id], t.number) for t in s.exec(select(TrackingNumber)).all()),
            "events": sorted((requests[e.request_id], e.field, e.from_value or "", e.to_value or "", e.rule)
                             for e in s.exec(select(StatusEvent)).all()),
            "checkpoints": sorted((c.folder, c.last_uid) for c in s.exec(select(MailboxState)).all()),
        }


def daemon_env(settings, db_url: str) -> dict[str, str]:
    return {**os.environ, "FOIA_INTAKE_DATABASE__URL": db_url, "FOIA_INTAKE_IMAP__HOST": "127.0.0.1",
            "FOIA_INTAKE_IMAP__PORT": str(settings.port), "FOIA_INTAKE_IMAP__USERNAME": settings.username,
            "FOIA_INTAKE_IMAP__PASSWORD": "secret", "FOIA_INTAKE_IMAP__SECURITY": "none",
            "FOIA_INTAKE_IMAP__POLL_INTERVAL_SECONDS": "5", "FOIA_INTAKE_IMAP__BATCH_SIZE": "25"}


def test_GIVEN_a_500_message_backlog_WHEN_the_daemon_is_killed_at_20_random_points_THEN_the_result_equals_an_uninterrupted_run(tmp_path, imap_settings):
    mails = backlog(100)
    assert len(mails) == 500
    append_all(imap_settings, mails)
    started = time.monotonic()

    reference = make_engine(f"sqlite:///{tmp_path / 'reference.db'}")
    upgrade(reference)
    sync_once(reference, [ImapSource(imap_settings)], pipeline=Pipeline())
    expected = snapshot(reference)
    assert len(expected["messages"]) == 500

    crashed_url = f"sqlite:///{tmp_path / 'crashed.db'}"
    upgrade(make_engine(crashed_url))
    env = daemon_env(imap_settings, crashed_url)
    rng = random.Random(20261121)
    kills = 0
    progress = []
    crashed = make_engine(crashed_url)
    for _ in range(20):
        before = _stored(crashed)
        proc = subprocess.Popen([FOIA_INTAKE, "-q", "run"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_for(lambda before=before: _stored(crashed) > before or before >= 500, 20)  # it is at work
        time.sleep(rng.uniform(0.0, 0.4))  # then a random point in the middle of it
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        kills += 1
        progress.append(_stored(crashed))
    # Then let it finish.
    final = subprocess.run([FOIA_INTAKE, "-q", "sync", "--once"], env=env, capture_output=True, timeout=300)
    assert final.returncode == 0, final.stderr.decode()
    got = snapshot(make_engine(crashed_url))
    print(f"\ncrash test: {kills} kills, messages stored after each kill: {progress}; "
          f"{time.monotonic() - started:.1f} s in all")
    assert progress[0] < 500, "the first kill should land before the backlog is done"
    for key in expected:
        assert got[key] == expected[key], key


def _run_daemon(settings: Settings, engine) -> tuple[Daemon, threading.Thread]:
    daemon = Daemon(settings, engine, [ImapSource(settings.imap)], echo=lambda m: None)
    thread = threading.Thread(target=lambda: daemon.run(install_signals=False), daemon=True)
    thread.start()
    return daemon, thread


def _read_line_within(stream, timeout: float) -> bytes:
    """The next line of a child's output, waiting at most ``timeout`` seconds for it."""
    lines: list[bytes] = []
    reader = threading.Thread(target=lambda: lines.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return lines[0] if lines else b""


def _read(engine) -> int:
    """Messages whose result is committed."""
    with Session(engine) as s:
        return len(s.exec(select(Message.id).where(Message.state != "new")).all())


def _stored(engine) -> int:
    with Session(engine) as s:
        return len(s.exec(select(Message.id)).all())


def test_a_kick_during_the_backlog_and_a_dovecot_restart_lose_nothing(engine, dovecot_server, imap_settings):
    append_all(imap_settings, backlog(30))
    settings = Settings(imap=imap_settings.model_copy(update={"batch_size": 5, "poll_interval_seconds": 5}))
    daemon, thread = _run_daemon(settings, engine)
    try:
        assert wait_for(lambda: _stored(engine) >= 20, 30)
        dovecot_server.kick(imap_settings.username)  # drop the connection mid-backlog
        assert wait_for(lambda: _stored(engine) >= 80, 60)
        dovecot_server.restart()  # the server goes away and comes back
        append_all(imap_settings, backlog(31)[150:])  # new mail after the restart
        assert wait_for(lambda: _read(engine) == 155, 60), _read(engine)
    finally:
        daemon.stop.set()
        thread.join(timeout=15)
    assert sync_once(engine, [ImapSource(imap_settings)], pipeline=Pipeline()).total == 0


def test_IDLE_picks_up_new_mail_without_waiting_for_the_poll(engine, imap_settings):
    settings = Settings(imap=imap_settings.model_copy(update={"poll_interval_seconds": 600}))
    daemon, thread = _run_daemon(settings, engine)
    try:
        assert wait_for(lambda: daemon.watcher is not None and daemon.watcher.idling.is_set(), 30)
        append_all(imap_settings, backlog(1)[1:2])
        t0 = time.monotonic()
        assert wait_for(lambda: _stored(engine) == 1, 10)
        print(f"\nIDLE: stored {time.monotonic() - t0:.2f} s after delivery")
        assert daemon.watcher.reconnects == 0  # new mail is not mistaken for a closed connection
    finally:
        daemon.stop.set()
        thread.join(timeout=15)


def test_a_kicked_IDLE_connection_is_noticed_logged_and_reconnected_without_spinning_and_push_resumes(
        engine, dovecot_server, imap_settings, caplog):
    settings = Settings(imap=imap_settings.model_copy(update={"poll_interval_seconds": 600}))
    daemon, thread = _run_daemon(settings, engine)
    try:
        assert wait_for(lambda: daemon.watcher is not None and daemon.watcher.idling.is_set(), 30)
        cpu0, wall0 = time.process_time(), time.monotonic()
        dovecot_server.kick(imap_settings.username)
        assert wait_for(lambda: daemon.watcher.reconnects >= 1, 10)  # noticed
        assert wait_for(lambda: daemon.watcher.idling.is_set(), 30)  # and IDLE again after the backoff
        cpu, wall = time.process_time() - cpu0, time.monotonic() - wall0
        print(f"\nIDLE kick: back in {wall:.2f} s, {cpu:.2f} s of CPU meanwhile")
        assert cpu < 0.5 * wall + 0.2  # a spinning loop would burn the whole wall time
        append_all(imap_settings, backlog(1)[1:2])  # pushed, not polled (the poll is 10 minutes away)
        assert wait_for(lambda: _stored(engine) == 1, 15)
    finally:
        daemon.stop.set()
        thread.join(timeout=15)
    assert "IDLE connection lost" in caplog.text


def test_SIGTERM_finishes_the_current_message_and_exits_0_within_10_seconds(tmp_path, imap_settings):
    append_all(imap_settings, backlog(40))
    url = f"sqlite:///{tmp_path / 'd.db'}"
    proc = subprocess.Popen([FOIA_INTAKE, "run"], env=daemon_env(imap_settings, url),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    first = _read_line_within(proc.stdout, 60)  # however long start-up takes on a busy machine
    assert b"foia-intake running" in first, first
    t0 = time.monotonic()
    proc.send_signal(signal.SIGTERM)
    rest, _ = proc.communicate(timeout=15)
    assert proc.returncode == 0
    assert time.monotonic() - t0 < 10
    out = first + rest
    assert b"finishing" in out and b"Done." in out
    engine = make_engine(url)
    with Session(engine) as s:  # nothing taken without its result: unread ones lie beyond the checkpoint
        checkpoint = s.exec(select(MailboxState.last_uid).where(MailboxState.folder == "INBOX")).first() or 0
        unread = s.exec(select(Message.uid).where(Message.state == "new")).all()
    assert all(int(uid) > checkpoint for uid in unread), (checkpoint, unread)
    sync_once(engine, [ImapSource(imap_settings)], pipeline=Pipeline())  # the next start reads the rest
    with Session(engine) as s:
        assert len(s.exec(select(Message.id)).all()) == 200
        assert not s.exec(select(Message).where(Message.state == "new")).all()
