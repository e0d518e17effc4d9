"""Input checked at the command line: requests add/edit/close/list, and classify's files."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, date, datetime

import pytest
from sqlmodel import Session

from models.status import recompute
from models.tables import Direction, Message, MessageState, Request
from tests.mailgen import email


@pytest.fixture
def env(sqlite_url):
    return {"FOIA_INTAKE_DATABASE__URL": sqlite_url}


def _add(cli, env, *extra):
    return cli("requests", "add", "--agency", "City Clerk", "--subject", "Permits 2023", *extra, env=env)


@pytest.mark.parametrize(("args", "message"), [
    (("--agency", "", "--subject", "Permits"), "agency must not be empty"),
    (("--agency", "City", "--subject", "   "), "subject must not be empty"),
    (("--agency", "City", "--subject", "Permits", "--jurisdiction", "ZZ"), "unknown jurisdiction 'ZZ'"),
    (("--agency", "City", "--subject", "Permits", "--submitted-on", "01/03/2024"), "not a date"),
    (("--agency", "City", "--subject", "Permits", "--email", "clerk at city"), "not an email address"),
])
def test_requests_add_refuses_bad_input(cli, env, args, message):
    code, out, err = cli("requests", "add", *args, env=env)
    assert code == 1 and message in err
    code, out, _ = cli("requests", "list", "--json", env=env)
    assert json.loads(out) == []


def test_jurisdiction_is_normalised_and_one_without_rules_says_so(cli, env):
    code, out, err = _add(cli, env, "--jurisdiction", "ca")
    assert code == 0, err
    code, out, err = _add(cli, env, "--jurisdiction", "Florida")
    assert code == 0, err
    assert "FL has no deadline rule of its own" in out and "federal" in out.lower()
    code, out, _ = cli("requests", "show", "1", env=env)
    assert "jurisdiction: CA" in out
    code, out, _ = cli("requests", "show", "2", env=env)
    assert "jurisdiction: FL" in out


def test_requests_list_refuses_an_unknown_status(cli, env):
    _add(cli, env)
    code, out, err = cli("requests", "list", "--status", "bogus", env=env)
    assert code == 1 and "unknown status 'bogus'" in err and "awaiting_requester" in err
    code, out, err = cli("requests", "list", "--status", "submitted", env=env)
    assert code == 0 and "City Clerk" in out


def test_requests_edit_needs_something_to_change(cli, env):
    _add(cli, env)
    code, out, err = cli("requests", "edit", "1", env=env)
    assert code == 1 and "nothing to change" in err and "{}" not in out + err
    code, out, err = cli("requests", "edit", "1", "--agency", "City Clerk", env=env)
    assert code == 0 and out.strip() == "request 1: no change"
    for args, message in ((("--agency", " "), "agency must not be empty"), (("--jurisdiction", "ZZ"), "unknown jurisdiction")):
        code, _, err = cli("requests", "edit", "1", *args, env=env)
        assert code == 1 and message in err


def _denied_request(engine) -> int:
    """A request the agency denied: status denied, with an appeal date."""
    with Session(engine) as s:
        req = Request(agency="Agency", subject="Records", submitted_on=date(2024, 3, 1))
        s.add(req)
        s.flush()
        s.add(Message(content_hash="h1", direction=Direction.INCOMING, subject="Final response",
                      sent_at=datetime(2024, 3, 20, 12, tzinfo=UTC), state=MessageState.PROCESSED,
                      label="denial", request_id=req.id))
        s.flush()
        recompute(s, req)
        s.commit()
        assert req.status == "denied" and req.appeal_by is not None
        return req.id


def test_closing_a_request_the_agency_answered_keeps_its_status_and_appeal_date(cli, engine, sqlite_url):
    rid = _denied_request(engine)
    env = {"FOIA_INTAKE_DATABASE__URL": sqlite_url}
    code, before, _ = cli("requests", "list", "--json", env=env)
    code, out, err = cli("requests", "close", str(rid), env=env)
    assert code == 1 and "is denied already" in err
    code, after, _ = cli("requests", "list", "--json", env=env)
    assert json.loads(after)[0]["status"] == "denied"
    assert json.loads(after)[0]["appeal_by"] == json.loads(before)[0]["appeal_by"] is not None


def test_closing_an_open_request_withdraws_it_and_reopening_restores_it(cli, env):
    _add(cli, env)
    code, out, err = cli("requests", "close", "1", "--reason", "found elsewhere", env=env)
    assert code == 0, err
    assert "request 1: closed no -> yes" in out and "status submitted -> withdrawn" in out
    code, out, err = cli("requests", "close", "1", env=env)
    assert code == 1 and "already closed" in err
    code, out, err = cli("requests", "close", "1", "--reopen", env=env)
    assert code == 0 and "status withdrawn -> submitted" in out


# ---- classify ---------------------------------------------------------------------------------

LETTER = ("This letter acknowledges receipt of your Freedom of Information Act request. "
          "Your request has been assigned tracking number 2024-FOIA-01234.")


def test_classify_reads_a_maildir_file_as_the_same_message_named_eml(cli, tmp_path, env):
    raw = email(frm="foia@agency.gov", to="me@example.org", subject="FOIA request 2024-FOIA-01234",
                date=datetime(2024, 3, 4, 10, tzinfo=UTC), msgid="<a1@agency.gov>", body=LETTER)
    maildir_file = tmp_path / "1709546400.M1P1.host,U=1:2,S"
    maildir_file.write_bytes(raw)
    shutil.copy(maildir_file, tmp_path / "reply.eml")
    code, out, err = cli("classify", "--json", str(maildir_file), str(tmp_path / "reply.eml"), env=env)
    assert code == 0, err
    first, second = (json.loads(line) for line in out.splitlines())
    assert {k: v for k, v in first.items() if k != "path"} == {k: v for k, v in second.items() if k != "path"}
    assert first["tracking_numbers"] == ["2024-FOIA-01234"]


def test_classify_still_reads_a_text_letter_with_a_subject_line(cli, tmp_path, env):
    letter = tmp_path / "letter"
    letter.write_text(f"Subject: Your FOIA request\n\n{LETTER}\n")
    code, out, err = cli("classify", "--json", str(letter), env=env)
    assert code == 0, err
    assert json.loads(out)["tracking_numbers"] == ["2024-FOIA-01234"]


def test_classify_exits_1_when_every_file_failed(cli, tmp_path, env):
    code, out, err = cli("classify", str(tmp_path / "missing.eml"), str(tmp_path / "gone.txt"), env=env)
    assert code == 1 and "no file could be read" in err and "Traceback" not in err
    good = tmp_path / "ok.txt"
    good.write_text(LETTER)
    code, out, err = cli("classify", str(tmp_path / "missing.eml"), str(good), env=env)
    assert code == 0 and "no such file" in out


@pytest.mark.parametrize(("data", "expected"), [
    (b"From: a@b.org\r\nSubject: x\r\n\r\nbody", True),
    (b"Received: from x\n\tby y\nMessage-ID: <1@x>\n\nbody", True),
    (b"From someone@example.org Mon Jan  1 00:00:00 2024\nFrom: a@b.org\n\nbody", True),
    (b"Subject: Your FOIA request\n\nDear requester,", False),
    (b"Subject: Your FOIA request\nDear requester, this: that\n", False),
    (b"Dear requester,\n\nYour request", False),
    (b"From: a@b.org\nSubject: no body, no blank line", False),
])
def test_content_sniffing_tells_mail_from_a_text_letter(data, expected):
    from inbox_worker.cli.classify_cmd import looks_like_email

    assert looks_like_email(data) is expected
