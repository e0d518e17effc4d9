"""The skeleton end to end on the embedded default: the sample Maildir into SQLite."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, select

from inbox_worker.process import Pipeline
from inbox_worker.sources.maildir import MaildirSource
from inbox_worker.sync import sync_once
from models.tables import Message, MessageLocation, Request, StatusEvent, TrackingNumber
from tests.conftest import add_to_maildir


def _sync(engine: Engine, maildir: Path):
    source = MaildirSource(maildir, folders=["INBOX"], sent_folder="Sent")
    return sync_once(engine, [source], pipeline=Pipeline())


def _snapshot(engine: Engine) -> dict:
    with Session(engine) as s:
        return {
            table.__name__: sorted(
                tuple(sorted((k, repr(v)) for k, v in row.model_dump().items() if k not in {"raw"}))
                for row in s.exec(select(table)).all()
            )
            for table in (Request, Message, MessageLocation, StatusEvent, TrackingNumber)
        }


def test_GIVEN_the_sample_mailbox_WHEN_synced_THEN_the_ICE_request_is_completed_with_its_tracking_number(engine, sample_maildir):
    report = _sync(engine, sample_maildir)
    assert report.counts["processed"] == 8
    assert report.counts["duplicate"] == 1  # the CC'd copy of the final response
    with Session(engine) as s:
        (request,) = s.exec(select(Request)).all()
        numbers = [t.number for t in s.exec(select(TrackingNumber)).all()]
    assert numbers == ["2020-ICFO-51234"]
    assert request.agency == "ICE FOIA Office"
    assert request.submitted_on.isoformat() == "2020-06-10"
    assert request.status == "completed"
    assert request.expedite_status == "denied"
    assert request.fee_waiver_status == "granted"
    assert request.received_on.isoformat() == "2020-06-10"
    assert request.appeal_by.isoformat() == "2021-05-27"  # 90 days after the final response's redactions
    assert request.due_date is None  # answered: no agency deadline is running


def test_GIVEN_a_synced_mailbox_WHEN_synced_again_THEN_nothing_changes(engine, sample_maildir):
    _sync(engine, sample_maildir)
    before = _snapshot(engine)
    report = _sync(engine, sample_maildir)
    assert report.total == 0
    assert _snapshot(engine) == before


def test_GIVEN_a_message_mail_parser_cannot_read_WHEN_synced_THEN_it_is_stored_quarantined_and_the_run_goes_on(engine, sample_maildir):
    add_to_maildir(sample_maildir, "0000000001.bad.sample", b"\x00\x01\x02 not an email at all")
    add_to_maildir(sample_maildir, "0000000002.empty.sample", b"")
    report = _sync(engine, sample_maildir)
    assert report.counts["quarantined"] == 2
    assert report.counts["processed"] == 8
    with Session(engine) as s:
        bad = s.exec(select(Message).where(Message.state == "quarantined")).all()
    assert {m.uid for m in bad} == {"0000000001.bad.sample", "0000000002.empty.sample"}
    assert all(m.error and "UnparseableMessage" in m.error for m in bad)
    assert any(m.raw == b"\x00\x01\x02 not an email at all" for m in bad)  # stored, not dropped


def test_sync_once_cli_prints_the_request_table_and_lists_quarantined_messages(cli, sqlite_url, sample_maildir):
    add_to_maildir(sample_maildir, "0000000001.bad.sample", b"garbage without headers")
    env = {"FOIA_INTAKE_DATABASE__URL": sqlite_url}
    code, out, err = cli("sync", "--once", "--maildir", str(sample_maildir), env=env)
    assert code == 0, err
    assert "8 processed" in out and "1 quarantined" in out
    code, out, _ = cli("requests", "list", env=env)
    assert code == 0 and "2020-ICFO-51234" in out and "completed" in out
    code, out, _ = cli("requests", "list", "--json", env=env)
    rows = json.loads(out)
    assert rows[0]["tracking_numbers"] == ["2020-ICFO-51234"] and rows[0]["status"] == "completed"
    code, out, _ = cli("messages", "list", "--state", "quarantined", "--json", env=env)
    (row,) = json.loads(out)
    assert row["state"] == "quarantined" and "UnparseableMessage" in row["error"]
    code, out, _ = cli("requests", "show", "1", env=env)
    assert code == 0 and "Timeline" in out and "partially_produced" in out


def test_a_folded_subject_is_stored_on_one_line():
    from inbox_worker.parse import parse_mail

    raw = (b"From: a@agency.gov\r\nTo: me@example.org\r\nMessage-ID: <fold@agency.gov>\r\n"
           b"Subject: Freedom of Information Act request\r\n about the records of the\r\n\tharbour board\r\n\r\nBody.\r\n")
    assert parse_mail(raw).subject == "Freedom of Information Act request about the records of the harbour board"
