"""Worked examples of the federal statutory deadline (5 U.S.C. 552(a)(6)), counted by hand.

March 2023 has no federal holiday: a request submitted Wednesday 2023-03-01 is due 20 working days
later, Wednesday 2023-03-29.
"""

from __future__ import annotations

from datetime import date

from models.clock import ClockState
from tests.statutory_facts import derive_request, fact, reply

BASE_DUE = date(2023, 3, 29)


def test_twenty_working_days_from_submission_without_any_letter():
    d = derive_request()
    assert d.due_date == BASE_DUE
    assert d.deadlines.statutory.state(today=date(2023, 3, 29)) == ClockState.RUNNING


def test_an_information_request_inside_the_period_stops_the_clock_until_the_requester_answers():
    # Stopped Wednesday 03-08, answered Wednesday 03-15: 5 working days do not count.
    d = derive_request(fact(1, "2023-03-08", "clarification_needed"), reply(2, "2023-03-15"))
    assert d.due_date == date(2023, 4, 5)
    assert "+5 working days tolled (information request of 2023-03-08, answered by your reply)" in d.due_explanation


def test_a_fee_notice_after_the_period_does_not_revive_the_clock_and_is_flagged():
    d = derive_request(fact(1, "2023-04-10", "fee_notice", dates=[("2023-05-10", "respond_by")]),
                       reply(2, "2023-04-12"))
    assert d.due_date == BASE_DUE
    assert "tolled" not in d.due_explanation
    (flag,) = d.deadlines.late_fee_notices()
    assert flag.message_pk == 1 and flag.on == date(2023, 4, 10)
    assert "no timely written notice of unusual circumstances" in flag.explanation
    assert "552(a)(4)(A)(viii)" in flag.explanation


def test_only_the_first_information_request_tolls():
    d = derive_request(fact(1, "2023-03-08", "clarification_needed"), reply(2, "2023-03-15"),
                       fact(3, "2023-03-20", "clarification_needed"), reply(4, "2023-03-27"))
    assert d.due_date == date(2023, 4, 5)  # the second one (5 more working days) does not count
    assert "the information request of 2023-03-20 does not stop the clock" in d.due_explanation


def test_fee_clarifications_after_an_extension_toll_as_often_as_they_come():
    d = derive_request(
        fact(1, "2023-03-10", "extension"),  # +10 working days -> 2023-04-12
        fact(2, "2023-04-03", "fee_notice"), reply(3, "2023-04-06"),  # +3 -> 2023-04-17
        fact(4, "2023-04-14", "fee_notice"), reply(5, "2023-04-18"),  # +2 -> 2023-04-19
    )
    assert d.due_date == date(2023, 4, 19)
    assert "+10 working days for unusual circumstances (written notice of 2023-03-10)" in d.due_explanation
    assert d.deadlines.statutory.timely_extension_on == date(2023, 3, 10)


def test_an_extension_adds_at_most_ten_working_days_and_fewer_when_the_notice_names_an_earlier_date():
    later = derive_request(fact(1, "2023-03-10", "extension", dates=[("2023-06-30", "extension_until")]))
    assert later.due_date == date(2023, 4, 12)
    sooner = derive_request(fact(1, "2023-03-10", "extension", dates=[("2023-04-03", "extension_until")]))
    assert sooner.due_date == date(2023, 4, 3)


def test_an_extension_notice_after_the_deadline_extends_nothing():
    d = derive_request(fact(1, "2023-04-05", "extension"))
    assert d.due_date == BASE_DUE
    assert d.deadlines.statutory.timely_extension_on is None
    assert "came after the deadline had passed" in d.due_explanation


def test_an_estimate_later_than_the_statutory_date_is_shown_beside_it_and_the_request_is_still_overdue():
    d = derive_request(fact(1, "2023-03-03", "acknowledgement", dates=[("2023-06-30", "due")]))
    assert d.due_date == BASE_DUE
    estimate = d.deadlines.agency_estimate
    assert estimate.date == d.estimated_completion == date(2023, 6, 30) and estimate.message_pk == 1
    (statutory, beside) = d.deadlines.lines(today=date(2023, 4, 14))[:2]
    assert (statutory.date, beside.date) == (BASE_DUE, date(2023, 6, 30))
    assert beside.state == "65 working days after the statutory deadline"
    assert d.deadlines.overdue_working_days(today=date(2023, 4, 14)) == 12


def test_an_overdue_federal_request_may_be_treated_as_denied_and_fees_are_barred():
    d = derive_request(fact(1, "2023-03-03", "acknowledgement"))
    today = date(2023, 4, 14)
    assert d.deadlines.statutory.summary(today=today) == "overdue by 12 working days, no determination yet"
    exhaustion, fees = d.deadlines.remedies(today=today)
    assert "constructive exhaustion, 5 U.S.C. 552(a)(6)(C)(i)" in exhaustion
    assert "search fees, and for news-media and educational requesters duplication fees, may not be charged" in fees
    assert d.deadlines.remedies(today=BASE_DUE) == ()  # the last day itself is still in time


def test_after_a_timely_extension_a_missed_deadline_still_bars_fees_except_for_large_discussed_requests():
    d = derive_request(fact(1, "2023-03-10", "extension"))
    (_, fees) = d.deadlines.remedies(today=date(2023, 5, 1))
    assert "timely written notice of unusual circumstances on 2023-03-10" in fees and "5,000 pages" in fees


def test_a_determination_in_time_meets_the_deadline_and_a_late_one_misses_it_by_working_days():
    met = derive_request(fact(1, "2023-03-20", "production_final"))
    assert met.deadlines.statutory.state(today=date(2024, 1, 1)) == ClockState.MET
    late = derive_request(fact(1, "2023-04-14", "no_records"))
    assert late.deadlines.statutory.summary(today=date(2024, 1, 1)) == (
        "missed: determination of 2023-04-14, 12 working days late")
    assert late.deadlines.overdue_working_days(today=date(2024, 1, 1)) == 0


def test_an_interim_release_is_not_a_determination():
    d = derive_request(fact(1, "2023-03-20", "production_interim"))
    assert d.deadlines.statutory.state(today=date(2023, 4, 3)) == ClockState.OVERDUE


def test_while_waiting_on_the_requester_the_clock_is_stopped_and_nothing_is_overdue():
    d = derive_request(fact(1, "2023-03-08", "clarification_needed"))
    assert d.clock_stopped_since == date(2023, 3, 8)
    assert d.deadlines.statutory.state(today=date(2023, 6, 1)) == ClockState.STOPPED
    assert d.deadlines.overdue_working_days(today=date(2023, 6, 1)) == 0


def test_an_agency_letter_that_goes_on_without_the_answer_restarts_the_clock():
    d = derive_request(fact(1, "2023-03-08", "clarification_needed"), fact(2, "2023-03-20", "production_interim"))
    assert d.clock_stopped_since is None
    assert d.due_date == date(2023, 4, 10)  # 8 working days stopped


def test_receipt_stated_by_the_agency_starts_the_clock_but_at_most_ten_working_days_after_submission():
    inside = derive_request(fact(1, "2023-03-06", "acknowledgement", dates=[("2023-03-03", "received")]))
    assert inside.due_date == date(2023, 3, 31)
    capped = derive_request(fact(1, "2023-03-21", "acknowledgement", dates=[("2023-03-20", "received")]))
    assert capped.due_date == date(2023, 4, 12)  # counted from 2023-03-15
    assert "at most 10 working days after submission" in capped.due_explanation
    before = derive_request(fact(1, "2023-03-06", "acknowledgement", dates=[("2023-02-20", "received")]))
    assert before.due_date == BASE_DUE  # a receipt before submission is a misreading


def test_holidays_on_a_saturday_are_observed_the_friday_before():
    # Christmas 2021 and New Year's Day 2022 fell on Saturdays: Fridays 12-24 and 12-31 are skipped.
    d = derive_request(submitted="2021-12-10")
    assert d.due_date == date(2022, 1, 11)
    assert "2021-12-24 (Christmas Day (observed))" in d.due_explanation
    assert "2021-12-31 (New Year's Day (observed))" in d.due_explanation


def test_a_holiday_on_a_sunday_is_observed_the_monday_after():
    # Juneteenth 2022 fell on a Sunday: Monday 06-20 is skipped.
    d = derive_request(submitted="2022-06-10")
    assert d.due_date == date(2022, 7, 12)  # also skipping Monday 07-04
    assert "2022-06-20 (Juneteenth National Independence Day (observed))" in d.due_explanation


def test_an_appeal_without_a_determination_ends_the_overdue_count():
    d = derive_request(fact(1, "2023-04-20", "appeal_related"))
    assert d.deadlines.statutory.state(today=date(2023, 5, 1)) == ClockState.ENDED
    assert d.deadlines.overdue_working_days(today=date(2023, 5, 1)) == 0


def test_the_expedite_decision_deadline_stays_beside_the_statutory_one_once_decided():
    d = derive_request(fact(1, "2023-03-08", "acknowledgement", "expedite_denied"), expedite=True)
    expedite = d.deadlines.expedite_decision
    assert (expedite.date, expedite.decided_on) == (date(2023, 3, 11), date(2023, 3, 8))
    assert d.expedite_decision_due is None  # decided: nothing outstanding


def test_after_a_determination_the_stored_deadline_is_cleared_and_the_typed_one_stays():
    d = derive_request(fact(1, "2023-04-14", "production_final"))
    assert d.due_date is None and d.clock_stopped_since is None  # the agency owes nothing more
    assert d.deadlines.statutory.date == BASE_DUE
