"""Properties of the statutory deadline over random message histories in every jurisdiction.

Messages are added in date order, as they arrive. (A message found later but dated earlier may
legitimately move the deadline earlier: only the first information request tolls, so an earlier one
can take the place of a later one.)
"""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from models.clock import ClockState
from models.deadlines import RULES
from models.status import Derived, MessageFact
from tests.statutory_facts import derive_request, fact, reply

KINDS = ("acknowledgement", "clarification_needed", "fee_notice", "reply", "extension", "production_interim",
         "production_final", "no_records", "denial", "other", "appeal_related")

messages = st.lists(
    st.tuples(st.integers(min_value=0, max_value=12), st.sampled_from(KINDS), st.integers(min_value=0, max_value=60)),
    min_size=1, max_size=12,
)


def _message(pk: int, day: date, kind: str, offset: int) -> MessageFact:
    text = day.isoformat()
    if kind == "reply":
        return reply(pk, text)
    if kind == "acknowledgement":
        received = (day - timedelta(days=offset % 15)).isoformat()
        return fact(pk, text, kind, dates=[(received, "received"), ((day + timedelta(days=offset)).isoformat(), "due")])
    if kind == "extension":
        return fact(pk, text, kind, dates=[((day + timedelta(days=offset)).isoformat(), "extension_until")])
    if kind in ("clarification_needed", "fee_notice"):
        return fact(pk, text, kind, dates=[((day + timedelta(days=30)).isoformat(), "respond_by")])
    return fact(pk, text, kind)


def _history(submitted: date, steps: list[tuple[int, str, int]]) -> list[MessageFact]:
    out, day = [], submitted
    for pk, (gap, kind, offset) in enumerate(steps, start=1):
        day += timedelta(days=gap)
        out.append(_message(pk, day, kind, offset))
    return out


def _passed(d: Derived, day: date) -> bool:
    """By ``day`` the statutory deadline had passed, or a determination or an appeal had closed it."""
    statutory = d.deadlines.statutory
    closed = statutory.determination_on is not None or bool(statutory.ended)
    return closed or (statutory.stopped_since is None and day > statutory.date)


@settings(max_examples=200, deadline=None)
@given(submitted=st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31)),
       jurisdiction=st.sampled_from(sorted(RULES)), steps=messages)
def test_adding_a_message_never_moves_the_statutory_deadline_earlier(submitted, jurisdiction, steps):
    history = _history(submitted, steps)
    before = derive_request(submitted=submitted.isoformat(), jurisdiction=jurisdiction)
    for n in range(1, len(history) + 1):
        after = derive_request(*history[:n], submitted=submitted.isoformat(), jurisdiction=jurisdiction)
        assert after.deadlines.statutory.date >= before.deadlines.statutory.date, (history[n - 1], before.due_explanation, after.due_explanation)
        before = after


@settings(max_examples=200, deadline=None)
@given(submitted=st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31)),
       jurisdiction=st.sampled_from(sorted(RULES)), steps=messages)
def test_a_message_after_the_deadline_passed_never_moves_it_and_only_a_determination_closes_it(
        submitted, jurisdiction, steps):
    history = _history(submitted, steps)
    for n in range(1, len(history) + 1):
        before = derive_request(*history[:n - 1], submitted=submitted.isoformat(), jurisdiction=jurisdiction)
        new = history[n - 1]
        if not _passed(before, new.at.date()):
            continue
        after = derive_request(*history[:n], submitted=submitted.isoformat(), jurisdiction=jurisdiction)
        assert after.deadlines.statutory.date == before.deadlines.statutory.date, (new, before.due_explanation, after.due_explanation)
        state_before = before.deadlines.statutory.state(today=new.at.date())
        state_after = after.deadlines.statutory.state(today=new.at.date())
        if state_before == ClockState.OVERDUE and state_after != ClockState.OVERDUE:
            assert new.label in {"production_final", "no_records", "denial", "appeal_related"}, new
