"""The request status state machine, as a pure function of a request's messages."""

from __future__ import annotations

from datetime import date

import pytest

from models.status import ALLOWED, LABEL_STATUS, Decision, Status, derive
from tests.statutory_facts import derive_request, fact


def _derive(*facts, expedite=False, fee_waiver=False):
    return derive_request(*facts, submitted="2020-06-10", expedite=expedite, fee_waiver=fee_waiver)


def test_the_order_messages_arrive_in_does_not_matter():
    facts = [fact(1, "2020-06-17", "acknowledgement"), fact(2, "2020-08-04", "fee_notice"),
             fact(3, "2020-10-30", "production_interim"), fact(4, "2021-02-26", "production_final")]
    assert _derive(*facts).status == _derive(*reversed(facts)).status == Status.COMPLETED


def test_an_acknowledgement_after_a_production_does_not_move_the_request_back():
    d = _derive(fact(1, "2020-07-01", "production_interim"), fact(2, "2020-07-02", "acknowledgement"))
    assert d.status == Status.PARTIALLY_PRODUCED


def test_fee_notice_waits_on_the_requester_with_its_respond_by_date():
    d = _derive(fact(1, "2020-08-04", "fee_notice", dates=[("2020-09-03", "respond_by")]))
    assert d.status == Status.AWAITING_REQUESTER and d.respond_by == date(2020, 9, 3)


def test_a_requester_reply_resumes_processing():
    d = _derive(fact(1, "2020-08-04", "clarification_needed"), fact(2, "2020-08-05", None, direction="out"))
    assert d.status == Status.PROCESSING and d.respond_by is None


def test_acknowledgement_with_expedite_denied_and_fee_waiver_granted_sets_three_fields():
    d = _derive(fact(1, "2020-06-17", "acknowledgement", "expedite_denied", "fee_waiver_granted"),
                expedite=True, fee_waiver=True)
    assert d.status == Status.ACKNOWLEDGED
    assert d.expedite_status == Decision.DENIED and d.fee_waiver_status == Decision.GRANTED


def test_a_fee_waiver_denial_is_not_a_payment_demand():
    d = _derive(fact(1, "2020-06-17", "acknowledgement"), fact(2, "2020-06-20", "fee_waiver_denied"), fee_waiver=True)
    assert d.status == Status.ACKNOWLEDGED and d.fee_waiver_status == Decision.DENIED


def test_a_date_in_an_extension_letter_is_the_agencys_estimate_beside_the_statutory_deadline():
    d = _derive(fact(1, "2020-06-17", "extension", dates=[("2020-09-30", "extension_until")]))
    assert d.due_date == date(2020, 7, 23)  # 2020-07-09 + at most ten working days (552(a)(6)(B)(i))
    assert d.deadlines.agency_estimate.date == d.estimated_completion == date(2020, 9, 30)
    assert "estimate" in d.estimated_completion_explanation


def test_computed_deadline_explains_itself_and_stops_while_waiting_on_the_requester():
    base = _derive(fact(1, "2020-06-12", "acknowledgement", dates=[("2020-06-12", "received")]))
    tolled = _derive(fact(1, "2020-06-12", "acknowledgement", dates=[("2020-06-12", "received")]),
                     fact(2, "2020-06-15", "clarification_needed"),
                     fact(3, "2020-06-22", None, direction="out"))
    assert base.due_date == date(2020, 7, 13)
    assert tolled.due_date > base.due_date and "tolled" in tolled.due_explanation


def test_appeal_after_denial():
    d = _derive(fact(1, "2020-07-01", "denial"), fact(2, "2020-08-01", "appeal_related"))
    assert d.status == Status.IN_APPEAL


def test_an_adverse_determination_opens_a_90_day_appeal_window_that_an_appeal_closes():
    denied = _derive(fact(1, "2020-07-01", "denial"))
    assert denied.appeal_by == date(2020, 9, 29) and "90 days" in denied.appeal_explanation
    appealed = _derive(fact(1, "2020-07-01", "denial"), fact(2, "2020-08-01", "appeal_related"))
    assert appealed.appeal_by is None


def test_an_expedite_denial_is_adverse_too():
    d = _derive(fact(1, "2020-06-15", "acknowledgement", "expedite_denied"), expedite=True)
    assert d.appeal_by == date(2020, 9, 13)


def test_an_undecided_expedite_request_has_a_10_calendar_day_decision_deadline():
    d = _derive(fact(1, "2020-06-12", "acknowledgement"), expedite=True)
    assert d.expedite_decision_due.date == date(2020, 6, 20)
    assert _derive(fact(1, "2020-06-12", "expedite_granted"), expedite=True).expedite_decision_due is None


def test_unknown_jurisdictions_use_the_configured_fallback_rule():
    from models import deadlines

    try:
        deadlines.configure(fallback="WA")
        d = derive(submitted_on=date(2024, 3, 4), jurisdiction="Oregon", expedite_requested=False,
                   fee_waiver_requested=False, facts=[])
        assert d.due_date == date(2024, 3, 11) and "Washington" in d.due_explanation
    finally:
        deadlines.configure(fallback="federal")


@pytest.mark.parametrize(("label", "status"), sorted(LABEL_STATUS.items()))
def test_every_label_moves_a_new_request_to_its_status(label, status):
    assert _derive(fact(1, "2020-07-01", label)).status == status


@pytest.mark.parametrize("terminal", [Status.COMPLETED, Status.NO_RECORDS, Status.DENIED])
def test_terminal_states_only_move_on_to_an_appeal_or_a_later_release(terminal):
    for label, target in LABEL_STATUS.items():
        allowed = target in ALLOWED[terminal] or target == terminal
        assert allowed == (target in {Status.IN_APPEAL, Status.PARTIALLY_PRODUCED, Status.COMPLETED} or target == terminal), (terminal, label)


def test_withdrawn_by_hand_wins_and_nothing_moves_it():
    d = derive(submitted_on=date(2020, 6, 10), jurisdiction="federal", expedite_requested=False,
               fee_waiver_requested=False, facts=[fact(1, "2020-07-01", "production_final")], withdrawn=True)
    assert d.status == Status.WITHDRAWN and ALLOWED[Status.WITHDRAWN] == set()
