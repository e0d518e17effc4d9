"""Health that tells the truth, against the real Dovecot the suite starts: refused credentials stop
the service (exit 3) after a few attempts, and `status --check` says degraded."""

from __future__ import annotations

import threading
import time
from datetime import timedelta

import pytest
from pydantic import SecretStr

from config.settings import Settings
from inbox_worker import health, login_policy
from inbox_worker.daemon import Daemon
from inbox_worker.login_policy import LoginPolicy
from inbox_worker.sources.imap import ImapSource
from models.tables import utcnow
from tests.mailgen import backlog

pytestmark = [pytest.mark.live]
WRONG = "wrong-pw-4711"


def _env(imap_settings, sqlite_url: str, *, password: str) -> dict[str, str]:
    return {"FOIA_INTAKE_DATABASE__URL": sqlite_url, "FOIA_INTAKE_IMAP__HOST": "127.0.0.1",
            "FOIA_INTAKE_IMAP__PORT": str(imap_settings.port), "FOIA_INTAKE_IMAP__USERNAME": imap_settings.username,
            "FOIA_INTAKE_IMAP__PASSWORD": password, "FOIA_INTAKE_IMAP__SECURITY": "none",
            "FOIA_INTAKE_IMAP__POLL_INTERVAL_SECONDS": "5"}


def _run_daemon(settings: Settings, engine, *, policy: LoginPolicy, timeout: float = 60) -> int | None:
    daemon = Daemon(settings, engine, [ImapSource(settings.imap)], echo=lambda _m: None, login_policy=policy)
    result: list[int] = []
    thread = threading.Thread(target=lambda: result.append(daemon.run(install_signals=False)))
    thread.start()
    thread.join(timeout)
    if thread.is_alive():
        daemon.stop.set()
        thread.join(15)
        return None
    return result[0]


def _refusals(dovecot_server, user: str) -> int:
    return sum(1 for line in dovecot_server.log().splitlines()
               if f"user=<{user}>" in line and "auth failed" in line.lower())


@pytest.mark.any_database
def test_GIVEN_refused_credentials_WHEN_the_daemon_runs_THEN_it_tries_a_few_times_then_exits_3_and_says_what_to_fix(
        engine, imap_settings, dovecot_server, caplog):
    settings = Settings(imap=imap_settings.model_copy(update={"password": SecretStr(WRONG), "idle": False}))
    caplog.set_level("INFO")
    code = _run_daemon(settings, engine, policy=LoginPolicy(retry_delays=(0.2, 0.4)))
    assert code == 3
    attempts = _refusals(dovecot_server, imap_settings.username)
    assert attempts == 3, dovecot_server.log()[-2000:]
    errors = [r.getMessage() for r in caplog.records if r.levelname == "ERROR"]
    assert "refused the login 3 times" in errors[-1] and "imap.password" in errors[-1]
    assert "exit 3" in errors[-1]
    assert WRONG not in caplog.text
    verdict = health.assess(engine)
    assert verdict.state == health.HealthState.DEGRADED
    assert "refused the login" in verdict.problems[0]


@pytest.mark.any_database
def test_GIVEN_refused_credentials_WHEN_run_from_the_command_line_THEN_it_exits_3_and_status_check_exits_1(
        cli, imap_settings, sqlite_url, monkeypatch):
    monkeypatch.setattr(login_policy, "DEFAULT_RETRY_DELAYS", (0.1, 0.1))
    env = _env(imap_settings, sqlite_url, password=WRONG)
    code, out, err = cli("run", env=env)
    assert code == 3, out + err
    code, out, err = cli("status", "--check", env=env)
    assert code == 1
    assert "refused the login" in " ".join(err.split())
    code, out, _ = cli("status", "--json", env=env)
    assert code == 0
    assert '"login_refused": true' in out
    assert WRONG not in out + err


def test_GIVEN_a_daemon_that_polled_successfully_THEN_status_check_exits_0_and_after_3_silent_intervals_1(
        cli, imap_settings, dovecot_server, sqlite_url):
    dovecot_server.save(imap_settings.username, backlog(1)[0][1])
    env = _env(imap_settings, sqlite_url, password="secret")
    settings = Settings(imap=imap_settings.model_copy(update={"poll_interval_seconds": 5, "idle": False}))
    from models.db import make_engine, upgrade

    engine = make_engine(sqlite_url)
    upgrade(engine)
    daemon = Daemon(settings, engine, [ImapSource(settings.imap)], echo=lambda _m: None)
    thread = threading.Thread(target=daemon.run, kwargs={"install_signals": False})
    thread.start()
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(m.last_success_at for m in health.assess(engine).mailboxes):
            time.sleep(0.1)
    finally:
        daemon.stop.set()
        thread.join(15)
    code, _, err = cli("status", "--check", env=env)
    assert code == 0, err
    # Counted from the last success the daemon recorded, not from the clock now (a busy machine is slow).
    last = max(m.last_success_at for m in health.assess(engine).mailboxes if m.last_success_at)
    later = health.assess(engine, now=last + timedelta(seconds=16))  # 3 intervals of 5 s have passed
    assert later.state == health.HealthState.DEGRADED
    assert "no successful poll in 3 poll intervals" in later.problems[0]
    assert health.assess(engine, now=last + timedelta(seconds=14)).state == health.HealthState.HEALTHY


def test_GIVEN_an_unreachable_server_since_the_start_THEN_health_degrades_after_3_intervals_with_the_error(engine):
    health.record_start(engine, ["imap:foia@mail"], poll_interval_seconds=60)
    health.record_failure(engine, ["imap:foia@mail"], "cannot connect to mail:993", login_refused=False)
    assert health.assess(engine).state == health.HealthState.HEALTHY  # retrying, still in time
    verdict = health.assess(engine, now=utcnow() + timedelta(minutes=4))
    assert verdict.state == health.HealthState.DEGRADED
    assert "none since the start" in verdict.problems[0] and "cannot connect to mail:993" in verdict.problems[0]


def test_GIVEN_a_refused_login_then_a_successful_one_THEN_health_recovers(engine):
    health.record_start(engine, ["imap:foia@mail"], poll_interval_seconds=60)
    health.record_failure(engine, ["imap:foia@mail"], "refused", login_refused=True)
    assert health.assess(engine).state == health.HealthState.DEGRADED
    health.record_success(engine, ["imap:foia@mail"])
    assert health.assess(engine).state == health.HealthState.HEALTHY


def test_GIVEN_postgresql_THEN_health_is_recorded_and_assessed_the_same(pg_url):
    from models.db import make_engine, upgrade

    engine = make_engine(pg_url)
    upgrade(engine)
    try:
        health.record_start(engine, ["imap:foia@mail"], poll_interval_seconds=60)
        health.record_failure(engine, ["imap:foia@mail"], "refused", login_refused=True)
        assert health.assess(engine).state == health.HealthState.DEGRADED
        health.record_success(engine, ["imap:foia@mail"])
        later = health.assess(engine, now=utcnow() + timedelta(minutes=4))
        assert later.state == health.HealthState.DEGRADED and "no successful poll" in later.problems[0]
    finally:
        engine.dispose()


def test_GIVEN_a_refused_login_WHEN_the_service_restarts_THEN_it_stays_degraded_until_a_login_succeeds(engine):
    health.record_start(engine, ["imap:foia@mail"], poll_interval_seconds=60)
    health.record_failure(engine, ["imap:foia@mail"], "refused", login_refused=True)
    health.record_start(engine, ["imap:foia@mail"], poll_interval_seconds=60)
    assert health.assess(engine).state == health.HealthState.DEGRADED
