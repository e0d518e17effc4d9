"""Working-day arithmetic and statutory deadlines, with their explanations."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from models.deadlines import add_working_days, is_working_day, working_days_between
from tests.statutory_facts import derive_request

dates = st.dates(min_value=date(2015, 1, 1), max_value=date(2035, 12, 31))


def test_federal_20_working_days_skip_the_observed_independence_day():
    d = derive_request(submitted="2020-06-12")
    assert d.due_date == date(2020, 7, 13)
    assert "2020-07-03 (Independence Day (observed))" in d.due_explanation
    assert d.due_explanation.startswith("20 working days (federal, 5 U.S.C. 552(a)(6)(A)(i), (B)(i)) from 2020-06-12")


def test_juneteenth_counts_from_2021_only():
    assert not is_working_day(date(2021, 6, 18))  # first observed, a Friday
    assert is_working_day(date(2020, 6, 19))  # not a holiday yet (a Friday)


def test_unknown_jurisdiction_falls_back_to_the_federal_rule():
    assert derive_request(jurisdiction="ZZ").due_date == derive_request(jurisdiction="federal").due_date


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
def test_n_working_days_span_n_days_plus_the_weekends_and_the_holidays_skipped(start, n):
    due, skipped = add_working_days(start, n)
    days = [start + timedelta(days=i) for i in range(1, (due - start).days + 1)]
    weekend_days = sum(1 for day in days if day.weekday() >= 5)
    weekday_holidays = [day.isoformat() for day in days if day.weekday() < 5 and not is_working_day(day)]
    assert [text[:10] for text in skipped] == weekday_holidays  # "YYYY-MM-DD (name)", in order
    assert len(days) == n + weekend_days + len(skipped)
