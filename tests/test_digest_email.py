"""The digest email, received by a real SMTP server on loopback, parsed and read section by section."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

import pytest
from sqlmodel import Session, select

from inbox_worker.digest.delivery import send_digest
from models.tables import DigestRun, DigestState
from tests.digest_support import (
    HOSTILE_SUBJECT,
    SECTIONS,
    SmtpServer,
    digest_settings,
    html_part,
    sections,
    smtp_env,
    sync_maildir,
    text_part,
    wait_for,
    write_action_mailbox,
)

pytestmark = pytest.mark.live


@pytest.fixture
def smtp_server():
    server = SmtpServer().start()
    yield server
    server.stop()


@pytest.fixture
def action_mailbox(engine, sample_maildir):
    dates = write_action_mailbox(sample_maildir, today=datetime.now(UTC).date())
    sync_maildir(engine, sample_maildir)
    return dates


def _send_one(engine, sqlite_url, smtp_server):
    delivery = send_digest(engine, digest_settings(sqlite_url, smtp_server.port), now=datetime.now(UTC))
    wait_for(lambda: len(smtp_server.received) == 1, what="the digest at the SMTP server")
    return delivery, smtp_server.received[0]


def test_GIVEN_requests_waiting_on_the_requester_WHEN_the_digest_is_sent_THEN_its_sections_come_in_order_of_urgency(
        engine, sqlite_url, smtp_server, action_mailbox):
    delivery, msg = _send_one(engine, sqlite_url, smtp_server)
    text = text_part(msg)
    assert [name for name in SECTIONS if f"\n{name}\n" in text] == list(SECTIONS)
    assert [text.index(f"\n{name}\n") for name in SECTIONS] == sorted(text.index(f"\n{name}\n") for name in SECTIONS)
    parts = sections(text)
    action = parts["NEEDS YOUR ACTION"]
    # The "still interested?" letter heads the action section with its date, request, agency,
    # tracking number and the letter's own sentence; the fee decision (later) follows with its amount.
    first = action.strip().split("\n- ")[0]
    assert first.startswith(f"- {action_mailbox['interested']} (12 days left)")
    assert "border drone logs" in first and "FBI FOIA" in first and "1500123-000" in first
    assert "we will administratively close your request" in first
    assert action.index(action_mailbox["interested"]) < action.index(action_mailbox["fee"])
    assert "decide on the fee ($245.50)" in action
    assert "pier contracts" in parts["OVERDUE"] and "days overdue" in parts["OVERDUE"]
    assert "20 working days" in parts["OVERDUE"]  # the deadline's explanation
    replies = parts["NEW REPLIES"]
    assert "clarification needed (1)" in replies and "fee notice (2)" in replies
    assert "Interim Release 1.pdf (1.6 KB)" in parts["RECORDS RECEIVED"]
    assert re.search(r"fix: foia-intake assign \d+ REQUEST_ID", parts["NEEDS REVIEW"])
    assert "3 open requests: 1 acknowledged, 2 awaiting requester" in parts["TOTALS"]
    with Session(engine) as s:
        run = s.exec(select(DigestRun)).one()
    assert run.state == DigestState.SENT and run.message_id == msg["Message-ID"].strip() == delivery.message_id
    assert msg["To"] == "me@newsroom.example.org" and msg["Subject"].strip().startswith("FOIA digest")
    assert msg.get_body(preferencelist=("html",)) is not None


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: set[str] = set()
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:  # noqa: ANN001
        self.tags.add(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_GIVEN_agency_text_with_markup_WHEN_the_digest_html_is_rendered_THEN_it_is_escaped_and_shown_as_text(
        engine, sqlite_url, smtp_server, action_mailbox):
    _, msg = _send_one(engine, sqlite_url, smtp_server)
    html = html_part(msg)
    assert "<script" not in html.lower() and "<b>Your FOIA" not in html
    parser = _Tags()
    parser.feed(html)
    assert not parser.tags & {"script", "img", "b"}
    assert HOSTILE_SUBJECT in "".join(parser.text)  # shown to the reader as the text it was


def test_GIVEN_the_sample_mailbox_WHEN_the_digest_is_previewed_THEN_every_section_shows_and_nothing_is_sent_or_recorded(
        cli, sqlite_url, tmp_path, smtp_server):
    env = smtp_env(sqlite_url, smtp_server.port)
    assert cli("sync", "--once", "--sample", env=env)[0] == 0
    html = tmp_path / "digest.html"
    code, out, err = cli("digest", "--preview", "--html", str(html), env=env)
    assert code == 0, err
    assert [name for name in SECTIONS if f"\n{name}\n" in out] == list(SECTIONS)
    assert "2020-ICFO-51234 Final Response.pdf" in out
    assert html.read_text(encoding="utf-8").count("<h2") == len(SECTIONS)
    code, out, _ = cli("digest", "--preview", env=env)  # still everything: a preview consumes nothing
    assert "production final (1)" in out
    assert smtp_server.received == []


def test_GIVEN_no_smtp_server_configured_WHEN_digest_send_THEN_one_line_error_and_exit_2(cli, sqlite_url):
    code, out, err = cli("digest", "--send", env={"FOIA_INTAKE_DATABASE__URL": sqlite_url,
                                                  "FOIA_INTAKE_DIGEST__TO": '["me@example.org"]'})
    assert code == 2 and "set smtp.host" in err and "Traceback" not in err + out


def test_GIVEN_neither_preview_nor_send_WHEN_digest_runs_THEN_it_says_which_to_give(cli, sqlite_url):
    code, _, err = cli("digest", env={"FOIA_INTAKE_DATABASE__URL": sqlite_url})
    assert code == 1 and "--preview or --send" in err


def test_GIVEN_an_empty_day_WHEN_the_digest_is_sent_THEN_it_says_so_in_one_line_or_is_skipped_when_configured(
        engine, sqlite_url, smtp_server):
    now = datetime.now(UTC)
    skipped = send_digest(engine, digest_settings(sqlite_url, smtp_server.port, send_empty=False), now=now)
    assert skipped.state == DigestState.SKIPPED and smtp_server.received == []
    send_digest(engine, digest_settings(sqlite_url, smtp_server.port), now=datetime.now(UTC))
    wait_for(lambda: len(smtp_server.received) == 1, what="the empty digest")
    body = text_part(smtp_server.received[0]).strip()
    assert len(body.splitlines()) == 1 and body.startswith("Nothing new")


def test_the_package_data_ships_every_digest_template():
    import tomllib
    from fnmatch import fnmatch

    from tests.conftest import REPO

    patterns = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]["inbox_worker"]
    templates = [p.relative_to(REPO / "inbox_worker").as_posix()
                 for p in (REPO / "inbox_worker" / "digest" / "templates").iterdir()]
    assert templates and all(any(fnmatch(t, pat) for pat in patterns) for t in templates)
