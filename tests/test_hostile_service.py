"""What one hostile message, a dropped connection or a failing database must not do to the
service: exceed its time budget, delay a stop, run migrations twice, escape as a traceback,
send a password in clear, or make two daemons read one message."""

from __future__ import annotations

import threading
import time
from types import SimpleNamespace

import pytest
from sqlalchemy.exc import OperationalError
from sqlmodel import Session, select

import inbox_worker.process as process
from config.settings import ImapSettings, Settings
from inbox_worker.daemon import Daemon
from inbox_worker.errors import ConfigurationError, TransientError
from inbox_worker.process import Outcome, Pipeline, analyse_batch, store_batch
from inbox_worker.sources.base import Incoming
from inbox_worker.sources.imap import connect
from inbox_worker.sources.maildir import MaildirSource
from inbox_worker.sync import sync_once
from models import leases
from models.db import current_revision, head_revision, make_engine, upgrade
from models.tables import Message
from tests.conftest import add_to_maildir, wait_for
from tests.mailgen import backlog, email


def _replies(n: int) -> list[bytes]:
    return [raw for folder, raw in backlog(n) if folder == "INBOX"]


def _maildir(tmp_path, raws: list[bytes]) -> MaildirSource:
    for sub in ("cur", "new", "tmp"):
        (tmp_path / "Maildir" / sub).mkdir(parents=True, exist_ok=True)
    for i, raw in enumerate(raws):
        add_to_maildir(tmp_path / "Maildir", f"{i:04d}.test", raw)
    return MaildirSource(tmp_path / "Maildir", folders=["INBOX"], sent_folder=None)


def _states(engine) -> dict[str, str]:
    with Session(engine) as s:
        return {m.subject: m.state for m in s.exec(select(Message)).all()}


# -- the time budget per message -------------------------------------------------------------

def test_a_message_over_its_time_budget_is_quarantined_as_too_costly_and_the_next_is_read(engine, tmp_path, monkeypatch):
    clock = SimpleNamespace(now=0.0)
    monkeypatch.setattr(process, "time", SimpleNamespace(monotonic=lambda: clock.now))
    real_read = process.read

    def read(letter):  # reading "Costly" takes 100 s of the fake clock
        if "Costly" in letter.subject:
            clock.now += 100.0
        return real_read(letter)

    monkeypatch.setattr(process, "read", read)
    costly = email(frm="a@agency.gov", to="me@example.org", subject="Costly letter", date=__import__("datetime").datetime(2024, 1, 2),
                   msgid="<costly@agency.gov>", body="This acknowledges receipt of your request.")
    ordinary = _replies(1)[0]
    report = sync_once(engine, [_maildir(tmp_path, [costly, ordinary])], pipeline=Pipeline(budget_seconds=30))
    assert report.counts["quarantined"] == 1 and report.total == 2
    with Session(engine) as s:
        bad = s.exec(select(Message).where(Message.subject == "Costly letter")).one()
        good = s.exec(select(Message).where(Message.subject != "Costly letter")).one()
    assert bad.state == "quarantined" and "TooCostly" in bad.error and "30 s" in bad.error
    assert good.state in {"processed", "needs_review"}


# -- stopping ----------------------------------------------------------------------------------

def test_a_stop_mid_batch_leaves_the_unread_messages_stored_for_the_next_start(engine):
    items = [Incoming(raw=raw, source="t", folder="INBOX", uid=str(i)) for i, raw in enumerate(_replies(3))]
    stored = store_batch(engine, items)
    assert {r.outcome for r in stored} == {Outcome.STORED}
    stop = threading.Event()
    stop.set()
    assert analyse_batch(engine, [r.message_pk for r in stored], stop=stop) == []
    assert set(_states(engine).values()) == {"new"}  # stored, read at the next start
    results = analyse_batch(engine, [r.message_pk for r in stored])
    assert len(results) == len(stored) and "new" not in _states(engine).values()


@pytest.mark.parametrize("readers", [0, 2], ids=["read-here", "reader-processes"])
def test_SIGTERM_while_a_message_hangs_stops_the_daemon_within_the_grace_time(readers, engine, tmp_path, monkeypatch):
    import inbox_worker.daemon as daemon_module
    from inbox_worker import read_pool, sync

    monkeypatch.setattr(daemon_module, "STOP_GRACE_SECONDS", 1.0)
    monkeypatch.setattr(sync.read_pool, "default_workers", lambda: readers)
    read_pool.reset()  # a pool forked by an earlier test would read with the real reader
    entered, never = tmp_path / "entered", threading.Event()

    def hang(_letter):
        entered.touch()  # a file: with reader processes the hang runs in a child
        never.wait(30)  # a step that honours no stop request (a stuck library call)
        raise RuntimeError("released")

    monkeypatch.setattr(process, "read", hang)
    source = _maildir(tmp_path, _replies(1))
    settings = Settings(maildir={"path": tmp_path / "Maildir"})
    daemon = Daemon(settings, engine, [source], echo=lambda _m: None)
    thread = threading.Thread(target=lambda: daemon.run(install_signals=False), daemon=True)
    thread.start()
    try:
        assert wait_for(entered.exists, 30)
        t0 = time.monotonic()
        daemon.stop.set()
        thread.join(10)
        assert not thread.is_alive() and time.monotonic() - t0 < 5
        if readers == 0:
            assert daemon.abandoned  # `foia-intake run` then exits without waiting for the stuck thread
        assert set(_states(engine).values()) == {"new"}  # stored; read at the next start
    finally:
        never.set()
        read_pool.reset()


# -- migrations --------------------------------------------------------------------------------

@pytest.mark.parametrize("db", ["sqlite", "postgresql"])
def test_two_processes_migrating_a_fresh_database_together_both_succeed(db, tmp_path, request):
    url = f"sqlite:///{tmp_path / 'fresh.db'}" if db == "sqlite" else request.getfixturevalue("pg_url")
    errors: list[BaseException] = []
    barrier = threading.Barrier(3)

    def migrate() -> None:
        engine = make_engine(url)
        barrier.wait()
        try:
            upgrade(engine)
        except BaseException as err:  # noqa: BLE001 (collected for the assertion)
            errors.append(err)
        finally:
            engine.dispose()

    threads = [threading.Thread(target=migrate) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert current_revision(make_engine(url)) == head_revision()


# -- database errors ---------------------------------------------------------------------------

def _db_down(*_a, **_k):
    raise OperationalError("UPDATE lease", {}, Exception("database is locked"))


@pytest.mark.parametrize("step", ["release", "checkpoint", "retries"])
def test_a_database_error_in_any_step_of_the_loop_is_transient(engine, tmp_path, monkeypatch, cli, sqlite_url, step):
    import inbox_worker.sync as sync

    target = {"release": (leases, "release"), "checkpoint": (sync.Intake, "_checkpoint"),
              "retries": (sync, "due_for_retry")}[step]
    monkeypatch.setattr(*target, _db_down)
    source = _maildir(tmp_path, _replies(1))
    with pytest.raises(TransientError, match="database unavailable"):
        sync_once(engine, [source], pipeline=Pipeline())
    code, _, err = cli("sync", "--once", "--maildir", str(tmp_path / "Maildir"),
                       env={"FOIA_INTAKE_DATABASE__URL": sqlite_url})
    assert code == 4 and "Traceback" not in err


def test_the_daemon_backs_off_after_an_unexpected_error_in_a_pass(engine, tmp_path, monkeypatch):
    import inbox_worker.daemon as daemon_module

    def broken(*_a, **_k):
        raise RuntimeError("a bug")

    monkeypatch.setattr(daemon_module, "sync_once", broken)
    daemon = Daemon(Settings(), engine, [], echo=lambda _m: None)
    delays = []
    monkeypatch.setattr(daemon, "_reschedule", delays.append)
    daemon.sync_pass()
    daemon.sync_pass()
    assert delays == [1, 2] and not daemon.passing.locked()


# -- credentials in clear ----------------------------------------------------------------------

@pytest.mark.parametrize("host", ["mail.example.org", "192.0.2.7", "10.0.0.1"])
def test_security_none_is_refused_for_a_host_other_than_this_machine(host):
    settings = ImapSettings(host=host, username="u", password="p", security="none")
    with pytest.raises(ConfigurationError, match="in clear"), connect(settings):
        pass


@pytest.mark.parametrize("host", ["localhost", "127.0.0.1", "::1"])
def test_security_none_is_allowed_on_this_machine(host):
    from tests.dovecot import free_port

    settings = ImapSettings(host=host, port=free_port(), username="u", password="p", security="none", timeout_seconds=2)
    with pytest.raises(TransientError), connect(settings):  # it tries to connect: nothing listens there
        pass


# -- retries under the lease -------------------------------------------------------------------

def test_retries_of_a_folder_wait_for_its_lease_and_recent_unread_messages_are_left_to_their_holder(engine, tmp_path):
    source = _maildir(tmp_path, [])
    item = Incoming(raw=_replies(1)[0], source=source.name, folder="INBOX", uid="x")
    store_batch(engine, [item])  # stored by another daemon that has not read it yet
    other = leases.holder_id()
    assert leases.acquire(engine, f"{source.name}/INBOX", holder=other)
    sync_once(engine, [source], pipeline=Pipeline())
    sync_once(engine, [], pipeline=Pipeline())
    assert list(_states(engine).values()) == ["new"]  # left to the holder
    leases.release(engine, f"{source.name}/INBOX", holder=other)
    report = sync_once(engine, [source], pipeline=Pipeline())
    assert report.total == 1 and "new" not in _states(engine).values()


# -- large attachments -------------------------------------------------------------------------

def test_a_large_attachment_is_decoded_from_the_bytes_whole_and_the_letter_around_it_still_read():
    import hashlib
    import os
    from datetime import datetime

    from inbox_worker.parse import LARGE_MESSAGE_BYTES, parse_mail

    blob = os.urandom(LARGE_MESSAGE_BYTES + 123_457)
    raw = email(frm="FOIA Office <foia@agency.gov>", to="me@example.org", subject="Final response",
                date=datetime(2024, 1, 2), msgid="<big@agency.gov>", body="Enclosed are the records.",
                attachment=("records.zip", blob))
    parsed = parse_mail(raw)
    assert parsed.subject == "Final response" and "Enclosed are the records." in parsed.text
    (att,) = parsed.attachments
    assert att.filename == "records.zip" and att.content_type == "application/octet-stream"
    assert hashlib.sha256(att.data).digest() == hashlib.sha256(blob).digest()
