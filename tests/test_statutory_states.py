"""Worked examples of the state deadlines, each counted by hand from its statute (foia-facts B.2)."""

from __future__ import annotations

from datetime import date

from models.clock import ClockState
from tests.statutory_facts import derive_request, fact, reply


def test_california_counts_ten_calendar_days_and_ignores_the_federal_tolling():
    plain = derive_request(submitted="2024-01-02", jurisdiction="CA")
    assert plain.due_date == date(2024, 1, 12)
    asked = derive_request(fact(1, "2024-01-08", "clarification_needed"), reply(2, "2024-01-11"),
                           submitted="2024-01-02", jurisdiction="CA")
    assert asked.due_date == date(2024, 1, 12) and asked.clock_stopped_since is None


def test_california_periods_ending_on_a_holiday_run_to_the_next_business_day():
    d = derive_request(submitted="2024-01-05", jurisdiction="CA")  # day 10 is Monday 01-15, MLK Day
    assert d.due_date == date(2024, 1, 16)
    assert "next business day (Code Civ. Proc. 12a)" in d.due_explanation


def test_california_extension_adds_at_most_fourteen_calendar_days():
    d = derive_request(fact(1, "2024-01-08", "extension", dates=[("2024-03-01", "extension_until")]),
                       submitted="2024-01-02", jurisdiction="CA")
    assert d.due_date == date(2024, 1, 26)
    assert d.deadlines.agency_estimate.date == date(2024, 3, 1)


def test_new_york_acknowledgement_within_five_business_days_then_twenty_from_it():
    plain = derive_request(submitted="2024-03-04", jurisdiction="NY")
    assert plain.due_date == date(2024, 3, 11)
    acknowledged = derive_request(fact(1, "2024-03-06", "acknowledgement"), submitted="2024-03-04", jurisdiction="NY")
    assert acknowledged.due_date == date(2024, 4, 3)


def test_new_york_date_certain_given_in_time_becomes_the_deadline():
    d = derive_request(fact(1, "2024-03-06", "acknowledgement"),
                       fact(2, "2024-03-20", "extension", dates=[("2024-05-15", "extension_until")]),
                       submitted="2024-03-04", jurisdiction="NY")
    assert d.due_date == date(2024, 5, 15)
    assert "set by the agency's written notice of 2024-03-20 (Public Officers Law 89(3)(a))" in d.due_explanation


def test_new_york_silence_is_a_constructive_denial_open_to_appeal():
    d = derive_request(submitted="2024-03-04", jurisdiction="NY")
    (remedy,) = d.deadlines.remedies(today=date(2024, 3, 20))
    assert "constructive denial" in remedy and "89(4)(a)" in remedy


def test_texas_certified_date_counts_only_when_given_within_ten_business_days():
    in_time = derive_request(fact(1, "2024-03-15", "extension", dates=[("2024-04-30", "extension_until")]),
                             submitted="2024-03-04", jurisdiction="TX")
    assert in_time.due_date == date(2024, 4, 30)
    too_late = derive_request(fact(1, "2024-03-20", "extension", dates=[("2024-04-30", "extension_until")]),
                              submitted="2024-03-04", jurisdiction="TX")
    assert too_late.due_date == date(2024, 3, 18)
    assert too_late.deadlines.agency_estimate.date == date(2024, 4, 30)


def test_illinois_five_business_days_plus_five_by_notice_and_no_copy_fees_once_missed():
    d = derive_request(fact(1, "2024-03-06", "extension"), fact(2, "2024-03-25", "fee_notice"),
                       submitted="2024-03-04", jurisdiction="IL")
    assert d.due_date == date(2024, 3, 18)
    (flag,) = d.deadlines.late_fee_notices()
    assert "5 ILCS 140/3(d)" in flag.explanation


def test_massachusetts_skips_patriots_day_and_bars_fees_after_a_missed_deadline():
    d = derive_request(fact(1, "2024-05-01", "fee_notice"), submitted="2024-04-08", jurisdiction="MA")
    assert d.due_date == date(2024, 4, 23)
    assert "2024-04-15 (Patriots' Day)" in d.due_explanation
    (flag,) = d.deadlines.late_fee_notices()
    assert "950 CMR 32.06(2)(c)" in flag.explanation


def test_washington_estimate_given_within_five_business_days_sets_the_date():
    d = derive_request(fact(1, "2024-03-07", "acknowledgement", dates=[("2024-04-15", "due")]),
                       submitted="2024-03-04", jurisdiction="WA")
    assert d.due_date == date(2024, 4, 15)
    assert d.deadlines.statutory.state(today=date(2024, 4, 1)) == ClockState.RUNNING


def test_federal_estimate_never_sets_the_date():
    d = derive_request(fact(1, "2024-03-07", "acknowledgement", dates=[("2024-06-28", "due")]),
                       submitted="2024-03-04")
    assert d.due_date == date(2024, 4, 1)
    assert d.deadlines.agency_estimate.date == date(2024, 6, 28)
