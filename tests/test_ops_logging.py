"""What the service says in its log: a line per poll and per message at the default level, JSON
lines when not on a terminal, and never a configured secret, even when things fail."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.mailgen import backlog

pytestmark = [pytest.mark.live]
FOIA_INTAKE = str(Path(sys.executable).parent / "foia-intake")
IMAP_PASSWORD = "secret"  # every user of the test Dovecot has it
WRONG_PASSWORD = "Wr0ng-Pa55-8817"
SMTP_PASSWORD = "Smtp-Pa55-2264"


def _environment(imap_settings, sqlite_url: str, password: str) -> dict[str, str]:
    return {**os.environ, "FOIA_INTAKE_DATABASE__URL": sqlite_url, "FOIA_INTAKE_IMAP__HOST": "127.0.0.1",
            "FOIA_INTAKE_IMAP__PORT": str(imap_settings.port), "FOIA_INTAKE_IMAP__USERNAME": imap_settings.username,
            "FOIA_INTAKE_IMAP__PASSWORD": password, "FOIA_INTAKE_IMAP__SECURITY": "none",
            "FOIA_INTAKE_IMAP__POLL_INTERVAL_SECONDS": "5", "FOIA_INTAKE_SMTP__HOST": "127.0.0.1",
            "FOIA_INTAKE_SMTP__PASSWORD": SMTP_PASSWORD}


def _run_until(args: list[str], env: dict[str, str], seen: str, timeout: float = 90) -> list[str]:
    """Start the service, read its stderr until a line contains ``seen``, stop it; every line."""
    proc = subprocess.Popen([FOIA_INTAKE, *args], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    lines: list[str] = []
    try:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = proc.stderr.readline()
            if not line:
                break
            lines.append(line)
            if seen in line:
                break
        proc.send_signal(signal.SIGTERM)
        _, rest = proc.communicate(timeout=15)
        lines.extend(rest.splitlines(keepends=True))
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    return lines


def test_GIVEN_the_service_at_the_default_level_THEN_it_logs_one_json_line_per_message_and_per_poll_and_no_secret(
        imap_settings, dovecot_server, sqlite_url):
    for _folder, raw in backlog(1)[:2]:
        dovecot_server.save(imap_settings.username, raw)
    dovecot_server.save(imap_settings.username, b"\x00\xff not a message \x00" * 20)
    lines = _run_until(["run"], _environment(imap_settings, sqlite_url, IMAP_PASSWORD), '"logger": "inbox_worker.poll"')
    records = [json.loads(line) for line in lines if line.startswith("{")]
    assert records and len(records) == len([line for line in lines if line.strip()])  # all JSON lines
    messages = [r["message"] for r in records if r["logger"] == "inbox_worker.message"]
    assert len(messages) == 3 and sum("label" in m and "request" in m for m in messages) >= 2
    polls = [r for r in records if r["logger"] == "inbox_worker.poll"]
    assert polls and polls[0]["level"] == "info" and "1 quarantined" in polls[0]["message"]
    assert not any(r["logger"].startswith("apscheduler") and r["level"] != "error" for r in records)
    for password in (IMAP_PASSWORD, SMTP_PASSWORD):
        assert password not in "".join(lines)


@pytest.mark.any_database
def test_GIVEN_refused_credentials_at_debug_level_THEN_no_configured_password_is_in_any_log_line(
        imap_settings, sqlite_url):
    lines = _run_until(["-vv", "run"], _environment(imap_settings, sqlite_url, WRONG_PASSWORD), "Attempt 1 of 3")
    log = "".join(lines)
    assert "LOGIN" in log  # the IMAP dialogue is logged at -vv
    assert "refused the login" in log
    for password in (WRONG_PASSWORD, SMTP_PASSWORD):
        assert password not in log
