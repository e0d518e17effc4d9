"""Messages analysed together in one batch write what analysing them one by one writes.

``analyse_batch`` recomputes a request's status from facts it keeps for the batch (read once,
changed as the batch changes its messages) and from a fold it takes further; ``analyse_message``
reads the request's messages from the database each time. Both must store the same StatusEvent
rows, in the same order, and leave the requests, messages and tracking numbers the same.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from inbox_worker import read_pool
from inbox_worker.process import Pipeline, analyse_batch, analyse_message, store_batch
from inbox_worker.sources.base import Incoming
from models.db import make_engine, upgrade
from models.status import Fold, MessageFact, derive
from models.tables import Attachment, Direction, Message, Request, StatusEvent, TrackingNumber
from tests.conftest import DATABASE_UNDER_TEST, _pg_database
from tests.mailgen import email, request_thread


@pytest.fixture
def reference_engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """A second database of the kind under test, for the message-by-message run."""
    if DATABASE_UNDER_TEST == "postgresql":
        admin, template = request.getfixturevalue("pg_admin_url"), request.getfixturevalue("pg_template")
        with _pg_database(admin, template=template) as url:
            eng = make_engine(url)
            yield eng
            eng.dispose()
        return
    eng = make_engine(f"sqlite:///{tmp_path / 'reference.db'}")
    upgrade(eng)
    yield eng
    eng.dispose()


def _mails() -> list[tuple[str, bytes]]:
    """Five requests' lives, in an order that makes the batch work: threads interleaved, one thread's
    replies arriving latest first (a fact that sorts before the ones already folded), and a reply
    arriving before the request letter it answers (adopted when the letter comes)."""
    threads = [request_thread(i) for i in range(5)]
    # A reply naming our letter in References alone (a Message-ID with LIKE's wildcard in it), read
    # first; the letter comes last, in another batch when the batches are small.
    letter = request_thread(5)[0][1].replace(b"<req-5@newsroom.example.org>", b"<Req_5@newsroom.example.org>")
    reply = email(frm="Records <records@elsewhere.example.gov>", to="me@example.org", subject="Your letter",
                  date=datetime(2022, 2, 1, tzinfo=UTC), msgid="<reply-5@elsewhere.example.gov>",
                  in_reply_to="<Req_5@newsroom.example.org>", body="We have received your letter.")
    reply = reply.replace(b"In-Reply-To: <Req_5@newsroom.example.org>", b"References: <older@x.example> <Req_5@newsroom.example.org>", 1)
    reply = reply.replace(b"References: <Req_5@newsroom.example.org>\n", b"", 1)
    mails: list[tuple[str, bytes]] = [("INBOX", reply)]
    for i in (0, 1, 2):
        mails.append(threads[i][0])
    for step in range(1, 5):  # interleaved: each request's n-th reply together
        for i in (0, 1):
            mails.append(threads[i][step])
    mails.extend(reversed(threads[2][1:]))  # latest first
    mails.append(threads[3][1])  # the acknowledgement of a request not yet registered
    mails.append(threads[3][0])
    mails.extend(threads[3][2:])
    # Our answer to a fee notice, sent before the notice is read: it joins the (already read) request
    # when the notice comes, and moves it on.
    fee_day = datetime(2022, 1, 3, 15, 0, tzinfo=UTC) + timedelta(days=3 * 4 + 22)
    answer = ("Sent", email(frm="Records Desk <foia@newsroom.example.org>", to="FEMA FOIA <fema-foia@fema.dhs.gov>",
                            subject="Re: Fee estimate", date=fee_day, msgid="<answer-4@newsroom.example.org>",
                            in_reply_to="<fee-4@agency.example.gov>", body="We agree to pay the fees."))
    mails.extend([*threads[4][:2], answer, *threads[4][2:]])
    mails.append(("INBOX", email(frm="FOIA <foia@unknown.example.gov>", to="me@example.org", subject="Hello",
                                 date=datetime(2022, 3, 1, tzinfo=UTC), msgid="<stray@unknown.example.gov>",
                                 body="A letter that belongs to no request.")))
    mails.append(("Sent", letter))
    return mails + _orphan_chain() + _quoted_reference()


ME = "Records Desk <foia@newsroom.example.org>"


def _mail(frm: str, to: str, month: int, day: int, subject: str, msgid: str, body: str,
          in_reply_to: str | None = None) -> tuple[str, bytes]:
    """(folder, raw): our own letters in Sent, the others in INBOX."""
    raw = email(frm=frm, to=to, subject=subject, date=datetime(2022, month, day, 15, tzinfo=UTC), msgid=msgid,
                body=body, in_reply_to=in_reply_to)
    return ("Sent" if frm == ME else "INBOX", raw)


def _orphan_chain() -> list[tuple[str, bytes]]:
    """A reply from a stranger to a letter not read yet (an orphan), that letter (a reply in our request's
    thread, which adopts the orphan), then a reply to the orphan: it joins the request through its thread."""
    agency = "Records <records@agency-q.gov>"
    return [
        _mail(ME, agency, 4, 1, "FOIA request: ledgers", "<req-q@newsroom.example.org>",
              "Under the Freedom of Information Act, 5 U.S.C. 552, I request the ledgers.\n"),
        _mail("clerk@nowhere.example.net", ME, 4, 6, "Re: forwarded", "<r-q@nowhere.example.net>",
              "See the note below.", in_reply_to="<f-q@agency-q.gov>"),
        _mail(agency, ME, 4, 5, "Re: FOIA request: ledgers", "<f-q@agency-q.gov>",
              "We received your request and are working on it.", in_reply_to="<req-q@newsroom.example.org>"),
        _mail("other@elsewhere.example.net", ME, 4, 7, "Re: forwarded", "<m-q@elsewhere.example.net>",
              "Any news?", in_reply_to="<r-q@nowhere.example.net>"),
    ]


def _quoted_reference() -> list[tuple[str, bytes]]:
    """A request letter with our own reference, registered after other messages looked for quoted
    references, then a reply from a stranger that quotes only that reference."""
    return [
        _mail(ME, "FOIA <foia@agency-r.gov>", 5, 1, "FOIA request", "<req-r@newsroom.example.org>",
              "Under the Freedom of Information Act I request records. Our reference: NEWS-2022-41.\n"),
        _mail("staff@portal.example.com", ME, 5, 9, "Your request", "<q-r@portal.example.com>",
              "Regarding your request NEWS-2022-41, the search is under way."),
    ]


def _store(engine: Engine, mails: list[tuple[str, bytes]]) -> list[int]:
    items = [Incoming(raw=raw, source="test", folder=folder, uid=str(n), uidvalidity=1,
                      direction=Direction.OUTGOING if folder == "Sent" else Direction.INCOMING)
             for n, (folder, raw) in enumerate(mails, start=1)]
    return [r.message_pk for r in store_batch(engine, items)]


def _history(engine: Engine) -> dict:
    """Everything the status machine wrote, keyed by Message-IDs instead of row ids; events in order."""
    with Session(engine) as s:
        msgids = dict(s.exec(select(Message.id, Message.message_id)).all())
        requests = {r.id: r.sent_message_id for r in s.exec(select(Request)).all()}
        events = [(requests[e.request_id], e.field, e.from_value, e.to_value, msgids.get(e.message_pk), e.rule, e.by)
                  for e in s.exec(select(StatusEvent).order_by(col(StatusEvent.id))).all()]
        fields = sorted((r.sent_message_id, r.status, r.expedite_status, r.fee_waiver_status, r.received_on, r.due_date,
                         r.due_explanation, r.clock_stopped_since, r.estimated_completion, r.respond_by, r.appeal_by,
                         r.appeal_explanation) for r in s.exec(select(Request)).all())
        messages = sorted((m.message_id, m.state, m.label, requests.get(m.request_id), m.match_rule,
                           json.dumps(m.extracted, sort_keys=True)) for m in s.exec(select(Message)).all())
        numbers = [(requests[t.request_id], t.number, t.normalized, msgids.get(t.message_id))
                   for t in s.exec(select(TrackingNumber).order_by(col(TrackingNumber.id))).all()]
    return {"events": events, "requests": fields, "messages": messages, "tracking_numbers": numbers}


@pytest.fixture
def readers(request: pytest.FixtureRequest) -> Iterator[int]:
    """Reader processes for the batch (0: read in this process, as the one-by-one run does)."""
    read_pool.reset()
    yield request.param
    read_pool.reset()


@pytest.mark.parametrize("readers", [0, 1], indirect=True)
def test_GIVEN_one_batch_THEN_its_status_events_are_those_of_recomputing_message_by_message(engine, reference_engine,
                                                                                            readers):
    mails = _mails()
    batch_pks, one_pks = _store(engine, mails), _store(reference_engine, mails)

    results = analyse_batch(engine, batch_pks, pipeline=Pipeline(read_workers=readers))
    for pk in one_pks:
        analyse_message(reference_engine, pk, pipeline=Pipeline())

    assert len(results) == len(mails)
    batch, one_by_one = _history(engine), _history(reference_engine)
    assert len(batch["events"]) > 4 * 5  # the lives moved their requests
    joined = {m[0]: m[3] for m in batch["messages"]}
    assert joined["<ack-3@agency.example.gov>"] == "<req-3@newsroom.example.org>"  # adopted
    assert joined["<answer-4@newsroom.example.org>"] == "<req-4@newsroom.example.org>"  # adopted
    assert joined["<reply-5@elsewhere.example.gov>"] == "<Req_5@newsroom.example.org>"  # adopted
    assert ("<req-4@newsroom.example.org>", "status", "acknowledged", "processing",
            "<answer-4@newsroom.example.org>", "requester replied", "foia-intake") in batch["events"]
    rules = {m[0]: m[4] for m in batch["messages"]}
    assert (joined["<m-q@elsewhere.example.net>"], rules["<m-q@elsewhere.example.net>"]) == (
        "<req-q@newsroom.example.org>", "thread")  # through the orphan adopted earlier in the batch
    assert (joined["<q-r@portal.example.com>"], rules["<q-r@portal.example.com>"]) == (
        "<req-r@newsroom.example.org>", "request_reference")  # a reference registered in the batch
    assert rules["<fee-0@agency.example.gov>"] == "tracking_number"  # a number the batch's acknowledgement added
    assert len(batch["tracking_numbers"]) >= 5
    assert batch == one_by_one


def test_GIVEN_batches_in_turn_THEN_the_history_is_that_of_one_by_one(engine, reference_engine):
    """A request's facts and fold live for one batch: the next batch reads them again."""
    mails = _mails()
    batch_pks, one_pks = _store(engine, mails), _store(reference_engine, mails)

    for start in range(0, len(batch_pks), 7):
        analyse_batch(engine, batch_pks[start:start + 7], pipeline=Pipeline())
    for pk in one_pks:
        analyse_message(reference_engine, pk, pipeline=Pipeline())

    batches = _history(engine)
    joined = {m[0]: m[3] for m in batches["messages"]}
    assert joined["<reply-5@elsewhere.example.gov>"] == "<Req_5@newsroom.example.org>"  # from an earlier batch
    assert batches == _history(reference_engine)


def _fact(pk: int, day: int, label: str, **extracted) -> MessageFact:
    return MessageFact(message_pk=pk, at=datetime(2023, 3, 1, tzinfo=UTC) + timedelta(days=day), direction="in",
                       label=label, extracted=extracted)


def test_GIVEN_facts_added_to_a_fold_one_at_a_time_THEN_each_result_is_what_derive_gives_for_them():
    facts = [_fact(1, 2, "acknowledgement", dates=[{"role": "received", "date": "2023-03-02"}]),
             _fact(2, 9, "fee_notice", dates=[{"role": "respond_by", "date": "2023-04-10"}]),
             _fact(3, 30, "extension", dates=[{"role": "extension_until", "date": "2023-06-01"}]),
             _fact(4, 50, "production_interim"),
             _fact(5, 80, "denial")]
    inputs = {"submitted_on": date(2023, 3, 1), "jurisdiction": "federal", "expedite_requested": True,
              "fee_waiver_requested": True}
    fold = Fold(**inputs)
    for n, fact in enumerate(facts, start=1):
        fold.add(fact)
        assert fold.result() == derive(**inputs, facts=facts[:n])
    assert fold.result(withdrawn=True) == derive(**inputs, facts=facts, withdrawn=True)
    later = Fold(**inputs)
    later.add_all(facts[3:])
    with pytest.raises(ValueError, match="sorts before"):
        later.add(facts[0])


def test_GIVEN_a_message_read_again_in_a_batch_THEN_its_attachment_rows_are_replaced_not_added(engine):
    raw = email(frm="FOIA <foia@agency.example.gov>", to="me@example.org", subject="Records", msgid="<att@agency.example.gov>",
                date=datetime(2023, 5, 2, tzinfo=UTC), body="Enclosed.", attachment=("records.txt", b"page one"))
    pks = _store(engine, [("INBOX", raw), ("INBOX", raw.replace(b"<att@", b"<other@"))])

    for _ in range(2):
        analyse_batch(engine, pks, pipeline=Pipeline())

    with Session(engine) as s:
        rows = s.exec(select(Attachment.message_pk, Attachment.filename)).all()
    assert sorted(rows) == sorted((pk, "records.txt") for pk in pks)
