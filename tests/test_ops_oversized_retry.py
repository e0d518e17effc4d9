"""A message quarantined as oversized is recovered after raising imap.max_message_bytes:
`messages retry ID` fetches it again in full by its stored folder/UIDVALIDITY/UID (real Dovecot)."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlmodel import Session, select

from models.db import make_engine
from models.tables import Message
from tests.mailgen import email

pytestmark = pytest.mark.live

SMALL, LARGE = "100000", "2000000"


@pytest.fixture
def env(sqlite_url, dovecot_server, imap_user) -> dict[str, str]:
    return {"FOIA_INTAKE_DATABASE__URL": sqlite_url, "FOIA_INTAKE_IMAP__HOST": "127.0.0.1",
            "FOIA_INTAKE_IMAP__PORT": str(dovecot_server.port), "FOIA_INTAKE_IMAP__USERNAME": imap_user,
            "FOIA_INTAKE_IMAP__PASSWORD": "secret", "FOIA_INTAKE_IMAP__SECURITY": "none",
            "FOIA_INTAKE_IMAP__SENT_FOLDER": "", "FOIA_INTAKE_IMAP__MAX_MESSAGE_BYTES": SMALL}


def _message(url: str) -> Message:
    eng = make_engine(url)
    try:
        with Session(eng) as s:
            return s.exec(select(Message)).one()
    finally:
        eng.dispose()


def _quarantined_big_one(cli, dovecot_server, imap_user, env) -> Message:
    big = email(frm="foia@agency.gov", to="me@example.org", subject="Production of records",
                date=datetime(2024, 3, 4), msgid="<big-production@agency.gov>",
                body="The enclosed records are released in full. This is our final response.",
                attachment=("records.zip", b"\0" * 300_000))
    dovecot_server.save(imap_user, big)
    code, _, err = cli("sync", "--once", env=env)
    assert code == 0, err
    msg = _message(env["FOIA_INTAKE_DATABASE__URL"])
    assert msg.state == "quarantined" and msg.headers_only and "max_message_bytes" in msg.error
    return msg


def test_GIVEN_an_oversized_message_WHEN_the_limit_is_raised_and_it_is_retried_THEN_it_is_read_in_full(
        cli, dovecot_server, imap_user, env):
    msg = _quarantined_big_one(cli, dovecot_server, imap_user, env)

    code, _, err = cli("messages", "retry", str(msg.id), env=env)  # the limit not raised yet
    assert code == 1
    assert "still over imap.max_message_bytes" in " ".join(err.split())
    assert _message(env["FOIA_INTAKE_DATABASE__URL"]).headers_only

    code, out, err = cli("messages", "retry", str(msg.id), env={**env, "FOIA_INTAKE_IMAP__MAX_MESSAGE_BYTES": LARGE})
    assert code == 0, err
    after = _message(env["FOIA_INTAKE_DATABASE__URL"])
    assert not after.headers_only and after.raw_size > 300_000 and len(after.raw) > 300_000
    assert after.state in ("processed", "needs_review") and after.error is None
    assert "released in full" in after.body_text
    assert not any("\\Seen" in line for line in dovecot_server.flags(imap_user))


def test_GIVEN_the_folder_was_renumbered_WHEN_an_oversized_message_is_retried_THEN_a_clear_error(
        cli, dovecot_server, imap_user, env):
    msg = _quarantined_big_one(cli, dovecot_server, imap_user, env)
    dovecot_server.set_uidvalidity(imap_user, dovecot_server.uidvalidity(imap_user) + 1000)
    raised = {**env, "FOIA_INTAKE_IMAP__MAX_MESSAGE_BYTES": LARGE}

    code, _, err = cli("messages", "retry", str(msg.id), env=raised)
    said = " ".join(err.split())
    assert code == 1
    assert f"message {msg.id} cannot be fetched again" in said and "renumbered folder 'INBOX'" in said
    assert "Traceback" not in err

    code, out, err = cli("messages", "retry", "--all", env=raised)  # the others go on; this one is named
    assert code == 0
    assert "renumbered" in err and "1 not fetched again" in out
    assert _message(env["FOIA_INTAKE_DATABASE__URL"]).state == "quarantined"
