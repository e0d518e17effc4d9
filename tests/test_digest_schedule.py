"""The digest inside `foia-intake run`: at digest.time in digest.timezone, and a missed run at start."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest
from apscheduler.schedulers.background import BackgroundScheduler
from sqlmodel import Session, select

from config.settings import Settings
from inbox_worker.daemon import Daemon
from inbox_worker.digest.schedule import DAILY_JOB, DigestJob, missed, previous_occurrence
from inbox_worker.digest.sentence import deadline_sentence
from inbox_worker.sources.maildir import MaildirSource
from models.tables import DigestRun, DigestState
from tests.digest_support import SmtpServer, digest_settings, wait_for


def _at(settings: Settings, when: str) -> datetime:
    return previous_occurrence(settings, now=datetime.fromisoformat(when))


def test_the_previous_occurrence_is_digest_time_in_digest_timezone_today_or_yesterday(sqlite_url):
    settings = digest_settings(sqlite_url, 25, time="07:00", timezone="America/New_York")
    assert _at(settings, "2026-12-01T11:30:00+00:00") == datetime(2026, 11, 30, 12, 0, tzinfo=UTC)  # 06:30 EST
    assert _at(settings, "2026-12-01T12:30:00+00:00") == datetime(2026, 12, 1, 12, 0, tzinfo=UTC)
    assert _at(settings, "2026-07-01T11:30:00+00:00") == datetime(2026, 7, 1, 11, 0, tzinfo=UTC)  # EDT


def _record(engine, *, window_to: datetime, state: DigestState) -> None:  # noqa: ANN001
    with Session(engine) as s:
        s.add(DigestRun(window_to=window_to, message_id=f"<{window_to.timestamp()}@t>", state=state))
        s.commit()


def test_GIVEN_the_digest_history_WHEN_the_service_starts_THEN_a_digest_is_owed_only_after_a_missed_run(engine, sqlite_url):
    settings = digest_settings(sqlite_url, 25, time="07:00", timezone="UTC")
    now = datetime(2026, 12, 3, 9, 0, tzinfo=UTC)
    assert not missed(engine, settings, now=now)  # first start: the first digest goes out at its time
    _record(engine, window_to=datetime(2026, 12, 2, 7, 0, 1, tzinfo=UTC), state=DigestState.SENT)
    assert missed(engine, settings, now=now)  # 2026-12-03 07:00 passed while it was off
    assert not missed(engine, settings, now=datetime(2026, 12, 3, 6, 59, tzinfo=UTC))
    _record(engine, window_to=datetime(2026, 12, 3, 7, 0, 2, tzinfo=UTC), state=DigestState.PENDING)
    assert missed(engine, settings, now=datetime(2026, 12, 3, 8, 0, tzinfo=UTC))  # pending: deliver it


def test_GIVEN_a_configured_digest_WHEN_installed_THEN_a_daily_cron_job_fires_at_digest_time(engine, sqlite_url):
    settings = digest_settings(sqlite_url, 25, time="07:00", timezone="Europe/Paris")
    scheduler = BackgroundScheduler(timezone=UTC)
    assert DigestJob(settings, engine, scheduler).install()
    trigger = scheduler.get_job(DAILY_JOB).trigger
    fire = trigger.get_next_fire_time(None, datetime(2026, 12, 1, 7, 0, tzinfo=UTC))
    assert fire.astimezone(UTC) == datetime(2026, 12, 2, 6, 0, tzinfo=UTC)  # 07:00 in Paris (CET)
    unconfigured = BackgroundScheduler(timezone=UTC)
    assert not DigestJob(Settings(database={"url": sqlite_url}), engine, unconfigured).install()
    assert unconfigured.get_jobs() == []


@pytest.mark.live
def test_GIVEN_a_digest_missed_while_the_machine_was_off_WHEN_run_starts_THEN_it_is_sent_once(
        engine, sqlite_url, sample_maildir):
    server = SmtpServer().start()
    settings = digest_settings(sqlite_url, server.port)
    _record(engine, window_to=datetime.now(UTC) - timedelta(days=3), state=DigestState.SENT)
    daemon = Daemon(settings, engine, [MaildirSource(sample_maildir, folders=["INBOX"], sent_folder="Sent")],
                    echo=lambda m: None)
    thread = threading.Thread(target=lambda: daemon.run(install_signals=False), daemon=True)
    thread.start()
    try:
        wait_for(lambda: len(server.received) == 1, what="the catch-up digest")
        wait_for(lambda: _sent(engine) == 2, what="the catch-up digest recorded")
    finally:
        daemon.stop.set()
        thread.join(timeout=30)
        server.stop()
    assert not thread.is_alive()
    assert len(server.received) == 1  # coalesced: three missed days, one digest
    with Session(engine) as s:
        before, caught_up = s.exec(select(DigestRun).order_by(DigestRun.id)).all()
    assert caught_up.window_from == before.window_to
    assert server.received[0]["Message-ID"].strip() == caught_up.message_id


def _sent(engine) -> int:  # noqa: ANN001
    with Session(engine) as s:
        return len(s.exec(select(DigestRun).where(DigestRun.state == DigestState.SENT)).all())


def test_the_deadline_sentence_comes_from_nlp_when_given_and_from_the_letter_otherwise():
    body = "Dear Requester: We wrote before. Please reply by January 5, 2027, or we will close it.\n\nThanks."
    mention = {"text": "January 5, 2027", "date": "2027-01-05", "role": "respond_by"}
    assert deadline_sentence({"dates": [mention]}, [body], role="respond_by", iso_date="2027-01-05") == \
        "Please reply by January 5, 2027, or we will close it."
    given = {**mention, "sentence": "The   sentence\nnlp found."}
    assert deadline_sentence({"dates": [given]}, [body], role="respond_by", iso_date="2027-01-05") == "The sentence nlp found."
    assert deadline_sentence({"dates": [mention]}, [None, "no such date here"], role="respond_by", iso_date=None) is None
