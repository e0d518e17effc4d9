"""Matching replies to requests (every rule), manual reclassification and assignment, request
commands, and reprocessing that never overwrites a person's decision."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from inbox_worker.process import Pipeline, analyse_message, process_message
from inbox_worker.sources.base import Incoming
from models.tables import Direction, LabelChange, Message, Request, StatusEvent, TrackingNumber
from tests.mailgen import email

ME = "Records Desk <foia@newsroom.example.org>"
_uid = iter(range(1, 10_000))


def deliver(engine, raw: bytes, *, sent: bool = False):
    folder = "Sent" if sent else "INBOX"
    item = Incoming(raw=raw, source="test", folder=folder, uid=str(next(_uid)),
                    direction=Direction.OUTGOING if sent else Direction.INCOMING)
    return process_message(engine, item, pipeline=Pipeline())


def send_request(engine, *, to: str, subject: str, msgid: str, body: str = "", day: int = 1) -> int:
    body = body or "Pursuant to the Freedom of Information Act, 5 U.S.C. 552, I request the records described.\n"
    deliver(engine, email(frm=ME, to=to, subject=subject, date=datetime(2024, 3, day, 15, tzinfo=UTC), msgid=msgid, body=body), sent=True)
    with Session(engine) as s:
        return s.exec(select(Request).where(Request.sent_message_id == msgid)).one().id


def reply(engine, *, frm: str, subject: str, body: str, msgid: str, in_reply_to: str | None = None, day: int = 10):
    result = deliver(engine, email(frm=frm, to=ME, subject=subject, date=datetime(2024, 3, day, 15, tzinfo=UTC),
                                   msgid=msgid, body=body, in_reply_to=in_reply_to))
    with Session(engine) as s:
        return s.get(Message, result.message_pk)


ACK = "This acknowledges receipt of your FOIA request. Your request has been assigned tracking number {n}."


def test_rule_thread_headers_match_the_sent_request_and_earlier_replies(engine):
    rid = send_request(engine, to="FOIA Office <foia@agency-a.gov>", subject="FOIA: budget memos", msgid="<r1@me>")
    first = reply(engine, frm="clerk@other-host.net", subject="Re: FOIA: budget memos", body=ACK.format(n="2024-AAFO-00001"),
                  msgid="<a1@agency>", in_reply_to="<r1@me>")
    second = reply(engine, frm="someone@elsewhere.org", subject="Re: more", body="Please see the note below.",
                   msgid="<a2@agency>", in_reply_to="<a1@agency>", day=12)
    assert (first.request_id, first.match_rule) == (rid, "thread")
    assert (second.request_id, second.match_rule) == (rid, "thread")


def test_rule_a_known_tracking_number_matches_and_a_new_one_is_attached(engine):
    rid = send_request(engine, to="foia@agency-b.gov", subject="FOIA: permits", msgid="<r2@me>")
    reply(engine, frm="foia@agency-b.gov", subject="Your request", body=ACK.format(n="2024-BBFO-00002"), msgid="<b1@x>", in_reply_to="<r2@me>")
    later = reply(engine, frm="noreply@portal.example.com", subject="Update on 2024-BBFO-00002",
                  body="Your request 2024-BBFO-00002 was referred to another component, CBP-2024-000123, which will respond directly.",
                  msgid="<b2@x>", day=20)
    assert (later.request_id, later.match_rule) == (rid, "tracking_number")
    with Session(engine) as s:
        numbers = [t.number for t in s.exec(select(TrackingNumber).where(TrackingNumber.request_id == rid))]
    assert numbers == ["2024-BBFO-00002", "CBP-2024-000123"]  # several at once, history kept


def test_rule_agency_address_with_one_open_request(engine):
    rid = send_request(engine, to="records@city-c.gov", subject="Public records request: police overtime", msgid="<r3@me>")
    msg = reply(engine, frm="records@city-c.gov", subject="Records", body=ACK.format(n="C000001-030124"), msgid="<c1@x>")
    assert (msg.request_id, msg.match_rule) == (rid, "agency_address")


def test_rule_agency_domain_and_subject_similarity_pick_the_right_request(engine):
    r1 = send_request(engine, to="foia@agency-d.gov", subject="FOIA request: drone contracts 2023", msgid="<r4@me>")
    send_request(engine, to="foia@agency-d.gov", subject="FOIA request: staff travel vouchers", msgid="<r5@me>", day=2)
    msg = reply(engine, frm="analyst@agency-d.gov", subject="RE: FOIA request: drone contracts 2023",
                body="We are working on your request and will be in touch.", msgid="<d1@x>")
    assert msg.request_id == r1 and msg.match_rule in {"agency_address", "agency_domain"}


def test_rule_the_requests_own_reference_quoted_in_the_body(engine):
    body = "Under the Freedom of Information Act I request records. Our reference: NEWS-2024-17.\n"
    rid = send_request(engine, to="foia@agency-e.gov", subject="FOIA request", msgid="<r6@me>", body=body)
    send_request(engine, to="foia@agency-e.gov", subject="FOIA request", msgid="<r7@me>", day=2)
    msg = reply(engine, frm="staff@agency-e.gov", subject="Your FOIA request", msgid="<e1@x>",
                body="Regarding your request NEWS-2024-17, the search is under way.")
    assert (msg.request_id, msg.match_rule) == (rid, "request_reference")


def test_no_sure_match_goes_to_review_with_ranked_suggestions(engine, cli, sqlite_url):
    send_request(engine, to="foia@agency-f.gov", subject="FOIA: alpha", msgid="<r8@me>")
    send_request(engine, to="foia@agency-f.gov", subject="FOIA: alpha", msgid="<r9@me>", day=2)
    msg = reply(engine, frm="foia@agency-f.gov", subject="Hello", body="Please call us.", msgid="<f1@x>")
    assert msg.request_id is None and msg.state == "needs_review"
    assert len(msg.extracted["match_suggestions"]) == 2
    code, out, _ = cli("review", "--json", env={"FOIA_INTAKE_DATABASE__URL": sqlite_url})
    (row,) = json.loads(out)
    assert row["id"] == msg.id and "no matching request" in row["why"] and len(row["suggestions"]) == 2


def test_a_reply_delivered_twice_is_one_message(engine):
    raw = email(frm="foia@agency-g.gov", to=ME, subject="x", date=datetime(2024, 1, 1, tzinfo=UTC), msgid="<g1@x>", body=ACK.format(n="1234567-000"))
    first = deliver(engine, b"Delivered-To: a@newsroom.example.org\r\n" + raw)
    second = deliver(engine, b"Delivered-To: b@newsroom.example.org\r\n" + raw)
    assert second.outcome == "duplicate" and second.message_pk == first.message_pk


# -- manual decisions ---------------------------------------------------------------------

@pytest.fixture
def world(engine, sqlite_url):
    rid = send_request(engine, to="foia@agency-h.gov", subject="FOIA: jail contracts", msgid="<r10@me>")
    ack = reply(engine, frm="foia@agency-h.gov", subject="Acknowledgement", body=ACK.format(n="2024-HHFO-00010"),
                msgid="<h1@x>", in_reply_to="<r10@me>")
    note = reply(engine, frm="foia@agency-h.gov", subject="Re: FOIA: jail contracts", in_reply_to="<r10@me>", msgid="<h2@x>", day=15,
                 body="Thank you for your patience with your request.")
    return {"engine": engine, "env": {"FOIA_INTAKE_DATABASE__URL": sqlite_url}, "request": rid, "ack": ack.id, "note": note.id}


def test_reclassify_records_who_and_why_and_recomputes_the_status(world, cli):
    code, out, err = cli("reclassify", str(world["note"]), "no_records", "--note", "letter says none found", "--by", "ana", env=world["env"])
    assert code == 0, err
    assert "no_records" in out and "status acknowledged -> no_records" in out
    with Session(world["engine"]) as s:
        change = s.exec(select(LabelChange)).one()
        req = s.get(Request, world["request"])
        event = s.exec(select(StatusEvent).where(StatusEvent.to_value == "no_records")).one()
    assert (change.by, change.note, change.after_label) == ("ana", "letter says none found", "no_records")
    assert req.status == "no_records" and event.by == "ana"


def test_a_manual_label_survives_reprocessing_and_reprocessing_is_idempotent(world, cli):
    cli("reclassify", str(world["note"]), "denial", env=world["env"])

    def snapshot():
        with Session(world["engine"]) as s:
            return ([(m.id, m.label, m.label_source, m.request_id, m.state) for m in s.exec(select(Message).order_by(Message.id))],
                    [(e.field, e.from_value, e.to_value) for e in s.exec(select(StatusEvent).order_by(StatusEvent.id))],
                    s.get(Request, world["request"]).status)

    code, _, err = cli("messages", "reprocess", "--all", env=world["env"])
    assert code == 0, err
    first = snapshot()
    cli("messages", "reprocess", "--all", env=world["env"])
    assert snapshot() == first
    assert first[2] == "denied"
    with Session(world["engine"]) as s:
        note = s.get(Message, world["note"])
    assert (note.label, note.label_source) == ("denial", "manual")


def test_assign_moves_a_message_and_logs_it_on_both_requests(world, cli):
    other = send_request(world["engine"], to="foia@agency-i.gov", subject="FOIA: something else", msgid="<r11@me>", day=3)
    code, out, err = cli("assign", str(world["ack"]), str(other), env=world["env"])
    assert code == 0, err
    with Session(world["engine"]) as s:
        msg = s.get(Message, world["ack"])
        numbers = [t.number for t in s.exec(select(TrackingNumber).where(TrackingNumber.request_id == other))]
        logged = {e.request_id for e in s.exec(select(StatusEvent).where(StatusEvent.field == "message"))}
    assert (msg.request_id, msg.match_rule) == (other, "manual")
    assert numbers == ["2024-HHFO-00010"] and logged == {world["request"], other}
    analyse_message(world["engine"], world["ack"], pipeline=Pipeline())  # reprocessing keeps the assignment
    with Session(world["engine"]) as s:
        assert s.get(Message, world["ack"]).request_id == other


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["reclassify", "{note}", "bogus_label"], "unknown label 'bogus_label'"),
        (["reclassify", "9999", "denial"], "no message with id 9999"),
        (["reclassify", "{note}", "denial", "--secondary", "nope"], "unknown label 'nope'"),
        (["assign", "{note}", "9999"], "no request with id 9999"),
        (["assign", "9999", "{request}"], "no message with id 9999"),
        (["requests", "close", "9999"], "no request with id 9999"),
        (["requests", "add", "--agency", "X", "--subject", "Y", "--submitted-on", "tomorrow"], "not a date"),
    ],
)
def test_bad_input_is_a_clear_error_and_changes_nothing(world, cli, args, message):
    def state():
        with Session(world["engine"]) as s:
            return ([(m.label, m.request_id) for m in s.exec(select(Message).order_by(Message.id))],
                    len(s.exec(select(StatusEvent)).all()), len(s.exec(select(Request)).all()))

    before = state()
    code, _, err = cli(*[a.format(**world) for a in args], env=world["env"])
    assert code == 1 and message in err and "Traceback" not in err
    assert state() == before


def test_requests_add_edit_close_reopen_and_list_filters(world, cli):
    env = world["env"]
    code, out, err = cli("requests", "add", "--agency", "Seattle PD", "--subject", "Use of force reports", "--email",
                         "PRA@seattle.gov", "--submitted-on", "2024-03-04", "--jurisdiction", "WA", "--tracking", "P058943-030424", env=env)
    assert code == 0, err
    new_id = int(out.split()[1])
    code, out, _ = cli("requests", "list", "--agency", "seattle", "--json", env=env)
    (row,) = json.loads(out)
    assert row["tracking_numbers"] == ["P058943-030424"] and row["due_date"] == "2024-03-11"  # WA: 5 business days
    code, out, _ = cli("requests", "list", "--overdue", "--json", env=env)
    assert {r["id"] for r in json.loads(out)} >= {new_id}
    cli("requests", "edit", str(new_id), "--tracking", "P058943-030524", "--jurisdiction", "federal", env=env)
    code, out, _ = cli("requests", "show", str(new_id), "--json", env=env)
    detail = json.loads(out)
    assert detail["tracking_numbers"] == ["P058943-030424", "P058943-030524"] and "20 working days" in detail["due_explanation"]
    code, out, _ = cli("requests", "close", str(new_id), "--reason", "withdrawn", env=env)
    assert "withdrawn" in out
    code, out, _ = cli("requests", "list", "--status", "withdrawn", "--csv", env=env)
    assert out.startswith("id,agency") and "Seattle PD" in out
    code, _, err = cli("requests", "close", str(new_id), env=env)
    assert code == 1 and "already closed" in err
    code, out, _ = cli("requests", "close", str(new_id), "--reopen", env=env)
    assert code == 0 and "withdrawn -> submitted" in out


def test_corrections_export_writes_manual_labels_as_training_examples(world, cli, tmp_path):
    cli("reclassify", str(world["note"]), "clarification_needed", "--secondary", "extension", env=world["env"])
    path = tmp_path / "corrections.jsonl"
    code, out, _ = cli("corrections", "export", str(path), env=world["env"])
    assert code == 0 and "wrote 1 corrections" in out
    (line,) = path.read_text().splitlines()
    example = json.loads(line)
    assert example["label"] == "clarification_needed" and example["secondary_labels"] == ["extension"]
    assert "Thank you for your patience" in example["text"]


def test_a_manual_label_survives_a_retrained_classifier(world, cli, monkeypatch):
    """GIVEN a manual label WHEN the classifier changes its mind (as after `train`) and the message
    is reprocessed THEN the manual label stays."""
    import nlp
    from nlp.letter import Classification

    cli("reclassify", str(world["note"]), "no_records", env=world["env"])
    monkeypatch.setattr(nlp, "classify", lambda letter: Classification("production_final", (), 0.99, ()))
    analyse_message(world["engine"], world["note"], pipeline=Pipeline())
    with Session(world["engine"]) as s:
        assert s.get(Message, world["note"]).label == "no_records"
        assert s.get(Request, world["request"]).status == "no_records"
