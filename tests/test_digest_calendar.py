"""`foia-intake calendar --ics` and `foia-intake next`: the same deadlines, for calendars and the terminal."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from inbox_worker.digest.ics import CalendarEvent, to_ics
from tests.digest_support import sync_maildir, write_action_mailbox


@pytest.fixture
def env(engine, sqlite_url, sample_maildir):
    dates = write_action_mailbox(sample_maildir, today=datetime.now(UTC).date())
    sync_maildir(engine, sample_maildir)
    return {"FOIA_INTAKE_DATABASE__URL": sqlite_url, "FOIA_INTAKE_DIGEST__TIMEZONE": "UTC"}, dates


def _events(path) -> dict[str, dict]:  # noqa: ANN001
    cal = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): {"day": e.decoded("DTSTART"), "summary": str(e["SUMMARY"]), "description": str(e["DESCRIPTION"])}
            for e in cal.walk("VEVENT")}


def test_GIVEN_requests_with_deadlines_WHEN_exported_twice_THEN_a_real_parser_reads_one_event_each_with_the_same_uids(
        cli, env, tmp_path):
    env, dates = env
    path = tmp_path / "deadlines.ics"
    code, out, err = cli("calendar", "--ics", str(path), env=env)
    assert code == 0, err
    events = _events(path)
    respond = {uid: e for uid, e in events.items() if uid.startswith("respond_by-")}
    assert sorted(e["day"].isoformat() for e in respond.values()) == sorted([dates["interested"], dates["fee"]])
    assert any(uid.startswith("response_due-") and "pier contracts" in e["summary"] for uid, e in events.items())
    assert any("appeal" in uid for uid in events)  # the sample request's appeal window
    assert f"{len(events)} deadlines written" in out
    code, _, _ = cli("calendar", "--ics", str(path), env=env)
    assert code == 0 and set(_events(path)) == set(events)  # a re-export updates, never duplicates


def test_GIVEN_text_with_ical_syntax_and_long_lines_WHEN_written_THEN_it_reads_back_unchanged():
    summary = "Respond; agency, \"FOIA\" \\ office — " + "très long " * 20
    text = to_ics([CalendarEvent("respond_by-request-1@foia-intake", date(2027, 1, 15), summary, "line one\nline two")],
                  now=datetime(2026, 12, 1, tzinfo=UTC))
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))
    event = next(iter(Calendar.from_ical(text).walk("VEVENT")))
    assert str(event["SUMMARY"]) == summary and str(event["DESCRIPTION"]) == "line one\nline two"
    assert event.decoded("DTSTART") == date(2027, 1, 15)


def test_GIVEN_a_still_interested_letter_WHEN_next_runs_THEN_it_heads_the_list_and_the_late_agency_is_overdue(cli, env):
    env, dates = env
    code, out, err = cli("next", "--json", env=env)
    assert code == 0, err
    data = json.loads(out)
    todo = data["needs_your_action"]
    assert [r["respond_by"] for r in todo] == [dates["interested"], dates["fee"]]
    assert "administratively close" in todo[0]["sentence"] and todo[1]["fee"] == "$245.50"
    overdue = [r["subject"] for r in data["overdue"]]
    assert "FOIA request: pier contracts" in overdue
    assert [r["due"] for r in data["overdue"]] == sorted(r["due"] for r in data["overdue"])  # longest overdue first
    code, out, _ = cli("next", env=env)
    assert code == 0 and "Needs your action" in out and "Overdue" in out


def test_GIVEN_an_unwritable_path_WHEN_calendar_runs_THEN_one_line_error(cli, env, tmp_path):
    env, _ = env
    code, out, err = cli("calendar", "--ics", str(tmp_path / "missing" / "x.ics"), env=env)
    assert code == 1 and "cannot write" in err and "Traceback" not in out + err


def test_GIVEN_work_waiting_WHEN_status_runs_THEN_it_counts_overdue_waiting_on_you_and_needs_review(cli, env):
    env, _ = env
    overdue = len(json.loads(cli("next", "--json", env=env)[1])["overdue"])
    code, out, err = cli("status", "--json", env=env)
    assert code == 0, err
    assert json.loads(out)["attention"] == {"overdue": overdue, "waiting_on_you": 2, "needs_review": 1}
    code, out, _ = cli("status", env=env)
    assert f"attention: {overdue} overdue, 2 waiting on you, 1 needs review" in out
