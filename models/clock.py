"""The statutory response deadline: the clock the statute runs, and what a missed one gives.

``StatutoryClock`` is the track of ``models.status.derive`` that owns the statutory deadline. It sees
a request's messages in date order and applies the statute's rules only while its clock runs:

- the start is the receipt the agency states (federal: no later than 10 working days after
  submission, 552(a)(6)(A)(ii)), never before submission;
- federal tolling: the first information request stops the clock, fee-assessment clarifications
  stop it as often as they come; the requester's reply (or the agency going on without one) starts
  it again (552(a)(6)(A)(ii)(I)-(II));
- a written notice of unusual circumstances adds at most the rule's extension (federal: ten
  working days, 552(a)(6)(B)(i)); where the statute lets the notice set the date (NY, TX, WA) the
  date it names becomes the deadline;
- the first determination (a final release, no records, a denial) stops the clock for good.

A message dated after the deadline passed never moves it: tolling stops a running clock, it does
not revive an expired one. A date printed in a letter is otherwise only the agency's estimate
(``models.status.AgencyEstimate``), never the statutory deadline.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from models.deadlines import (
    Rule,
    add_working_days,
    holiday_name,
    is_working_day,
    working_days_between,
)

if TYPE_CHECKING:
    from models.status import Step

DETERMINATIONS = frozenset({"production_final", "no_records", "denial"})


class ClockState(StrEnum):
    RUNNING = "running"  # the period runs and has not passed
    STOPPED = "stopped"  # tolled: the agency waits on the requester's answer
    MET = "met"  # a determination came within the period
    OVERDUE = "overdue"  # passed, no determination yet
    MISSED = "missed"  # a determination came, after the deadline
    ENDED = "ended"  # no determination, but the requester appealed or withdrew the request


@dataclass(frozen=True)
class FeeNoticeFlag:
    """A fee notice that arrived after the statutory deadline had passed without a determination."""

    message_pk: int
    on: date
    explanation: str


@dataclass(frozen=True)
class StatutoryDeadline:
    """The statutory response deadline of one request, with how it was counted."""

    date: date
    explanation: str
    rule: Rule
    stopped_since: date | None = None  # the clock is stopped, waiting on the requester since then
    determination_on: date | None = None
    timely_extension_on: date | None = None  # written notice of unusual circumstances within the period
    fee_notices_after_deadline: tuple[FeeNoticeFlag, ...] = ()
    ended: str = ""  # why the clock ended without a determination ("appealed 2020-09-01", "withdrawn")

    def state(self, *, today: date) -> ClockState:
        if self.determination_on is not None:
            return ClockState.MET if self.determination_on <= self.date else ClockState.MISSED
        if self.ended:
            return ClockState.ENDED
        if self.stopped_since is not None:
            return ClockState.STOPPED
        return ClockState.OVERDUE if today > self.date else ClockState.RUNNING

    def working_days_late(self, *, today: date) -> int:
        """Working days past the deadline: until the determination, or until today while none came."""
        end = self.determination_on or (None if self.stopped_since or self.ended else today)
        if end is None:
            return 0
        return working_days_between(self.date, end, subdiv=self.rule.subdiv)

    def remedies(self, *, today: date) -> tuple[str, ...]:
        """What the requester may do now that the deadline passed without a determination."""
        if self.state(today=today) != ClockState.OVERDUE:
            return ()
        return tuple(r for r in (self.rule.missed, self.fee_consequence()) if r)

    def fee_consequence(self) -> str:
        """What the missed deadline does to fees under the rule ("" when the statute says nothing)."""
        return fee_consequence(self.rule, timely_extension_on=self.timely_extension_on)

    def summary(self, *, today: date) -> str:
        """One line for people: the state of the deadline, in words."""
        state = self.state(today=today)
        late = self.working_days_late(today=today)
        if state == ClockState.MET:
            return f"met: determination of {self.determination_on}"
        if state == ClockState.MISSED:
            return f"missed: determination of {self.determination_on}, {late} working days late"
        if state == ClockState.ENDED:
            return f"ended without a determination: {self.ended}"
        if state == ClockState.STOPPED:
            return f"clock stopped since {self.stopped_since}, waiting on your answer"
        if state == ClockState.OVERDUE:
            return f"overdue by {late} working days, no determination yet"
        return "running"


def fee_consequence(rule: Rule, *, timely_extension_on: date | None) -> str:
    """What a missed deadline does to fees under ``rule`` ("" when its statute says nothing)."""
    if not rule.missed_fees or rule.name != "federal":
        return rule.missed_fees
    if timely_extension_on is None:
        return f"the agency gave no timely written notice of unusual circumstances, so {rule.missed_fees}"
    return (
        f"the agency gave timely written notice of unusual circumstances on {timely_extension_on}, "
        f"yet {rule.missed_fees} unless more than 5,000 pages are necessary and the agency discussed "
        f"the request with you (5 U.S.C. 552(a)(4)(A)(viii)(II))"
    )


@dataclass
class _Tolling:
    since: date
    why: str
    message_pk: int


@dataclass
class StatutoryClock:
    """The track that owns the statutory deadline (see the module docstring)."""

    rule: Rule
    submitted_on: date | None
    start: date | None = None
    start_why: str = ""
    extension_days: int = 0
    extension_why: str = ""
    timely_extension_on: date | None = None
    set_date: date | None = None  # a date the statute lets the agency's notice set
    set_why: str = ""
    acknowledged_on: date | None = None
    tolled_days: int = 0
    tollings: list[str] = field(default_factory=list)
    stopped: _Tolling | None = None
    information_tolling_used: bool = False
    determination_on: date | None = None
    ended: str = ""
    notes: list[str] = field(default_factory=list)
    fee_flags: list[FeeNoticeFlag] = field(default_factory=list)

    def __post_init__(self) -> None:
        if self.submitted_on is not None:
            self.start, self.start_why = self.submitted_on, "the day it was submitted"

    # --- the count -------------------------------------------------------------------------
    def _end(self, start: date, days: int) -> date:
        if self.rule.working_days:
            return add_working_days(start, days, subdiv=self.rule.subdiv)[0]
        end = start + timedelta(days=days)
        while self.rule.next_business_day and not is_working_day(end, self.rule.subdiv):
            end += timedelta(days=1)
        return end

    def due(self) -> date | None:
        if self.start is None:
            return None
        candidates = [self._end(self.start, self.rule.initial_days + self.extension_days + self.tolled_days)]
        if self.acknowledged_on is not None:
            candidates.append(self._end(self.acknowledged_on, self.rule.after_acknowledgement_days + self.tolled_days))
        if self.set_date is not None:
            candidates.append(self.set_date)
        return max(candidates)

    def _running(self, day: date) -> bool:
        """The clock runs on ``day``: the period has not passed (a stopped clock has not passed)."""
        due = self.due()
        return self.stopped is not None or due is None or day <= due

    # --- the messages ----------------------------------------------------------------------
    def observe(self, step: Step) -> None:
        if self.determination_on is not None or self.ended:
            return
        day, labels = step.day, step.labels
        if self.stopped is not None and (step.requester_replied or (step.incoming and not step.waiting_after)):
            self._resume(day, by="your reply" if step.requester_replied else f"the agency's letter of {day}")
        if not step.incoming:
            return
        running = self._running(day)
        if running:
            self._receipt(step)
            self._extension(step)
            if "acknowledgement" in labels and self.rule.after_acknowledgement_days and self.acknowledged_on is None:
                self.acknowledged_on = day
            self._tolling(step)
        else:
            self._after_deadline(step)
        if labels & DETERMINATIONS:
            self.determination_on = day
        elif "appeal_related" in labels:
            self.ended = f"appealed, letter of {day}"

    def withdraw(self) -> None:
        if self.determination_on is None:
            self.ended = self.ended or "withdrawn"

    def _resume(self, day: date, *, by: str) -> None:
        assert self.stopped is not None
        days = working_days_between(self.stopped.since, day, subdiv=self.rule.subdiv)
        self.tolled_days += days
        self.tollings.append(f"+{days} working days tolled ({self.stopped.why} of {self.stopped.since}, "
                             f"answered by {by})")
        self.stopped = None

    def _receipt(self, step: Step) -> None:
        for received in step.dates("received"):
            start = received
            if self.submitted_on is not None:
                if received <= self.submitted_on:
                    continue
                cap = self.rule.receipt_cap_days
                if cap is not None:
                    start = min(received, add_working_days(self.submitted_on, cap, subdiv=self.rule.subdiv)[0])
            if self.start is None or start > self.start:
                capped = "" if start == received else (f", though the letter says {received}: at most "
                                                       f"{self.rule.receipt_cap_days} working days after submission")
                self.start, self.start_why = start, f"receipt stated in the letter of {step.day}{capped}"

    def _extension(self, step: Step) -> None:
        letter_dates = step.dates("extension_until") + step.dates("due")
        due = self.due()
        if self.rule.agency_sets_date and letter_dates and due is not None and max(letter_dates) > due:
            self.set_date = max(letter_dates)
            self.set_why = f"date {self.set_date} set by the agency's written notice of {step.day} ({self.rule.citation})"
        if "extension" not in step.labels or not self.rule.extension_days or self.timely_extension_on or due is None:
            return
        days = self.rule.extension_days
        named = [d for d in letter_dates if d > due]
        if named and self.rule.working_days:
            days = min(days, working_days_between(due, max(named), subdiv=self.rule.subdiv))
        elif named:
            days = min(days, (max(named) - due).days)
        unit = "working" if self.rule.working_days else "calendar"
        self.extension_days, self.timely_extension_on = days, step.day
        self.extension_why = f"+{days} {unit} days for unusual circumstances (written notice of {step.day})"

    def _tolling(self, step: Step) -> None:
        # The clock stops only while the request waits on the requester (the status says so).
        if not self.rule.tolling or self.stopped is not None or not step.waiting_after:
            return
        if "fee_notice" in step.labels:
            self.stopped = _Tolling(step.day, "fee-assessment clarification", step.fact.message_pk)
        elif "clarification_needed" in step.labels:
            if self.information_tolling_used:
                self.notes.append(f"the information request of {step.day} does not stop the clock: only the "
                                  f"first one does (5 U.S.C. 552(a)(6)(A)(ii)(I))")
                return
            self.information_tolling_used = True
            self.stopped = _Tolling(step.day, "information request", step.fact.message_pk)

    def _after_deadline(self, step: Step) -> None:
        """A letter after the deadline passed moves nothing; a late extension or fee notice is noted."""
        day, due = step.day, self.due()
        if "extension" in step.labels:
            self.notes.append(f"the extension notice of {day} came after the deadline had passed and does not extend it")
        if "fee_notice" in step.labels:
            text = f"fee notice of {day} came after the statutory deadline of {due} had passed"
            fees = fee_consequence(self.rule, timely_extension_on=self.timely_extension_on)
            self.fee_flags.append(FeeNoticeFlag(step.fact.message_pk, day, f"{text}: {fees}" if fees else text))

    # --- the result ------------------------------------------------------------------------
    def result(self) -> StatutoryDeadline | None:
        due = self.due()
        if due is None or self.start is None:
            return None
        rule = self.rule
        unit = "working" if rule.working_days else "calendar"
        parts = [f"{rule.initial_days} {unit} days ({rule.name}, {rule.citation}) from {self.start} ({self.start_why})"]
        if self.extension_why:
            parts.append(self.extension_why)
        parts.extend(self.tollings)
        if self.stopped is not None:
            parts.append(f"clock stopped since {self.stopped.since} ({self.stopped.why}): it runs again when you answer")
        if self.acknowledged_on is not None and rule.after_acknowledgement_days:
            parts.append(f"acknowledged {self.acknowledged_on}: {rule.after_acknowledgement_days} {unit} days from it")
        if self.set_date is not None and due == self.set_date:
            parts.append(self.set_why)
        parts.extend(self.notes)
        skipped = self._skipped(due)
        if skipped and rule.working_days:
            parts.append("skipping " + ", ".join(skipped))
        parts.extend(skipped if not rule.working_days else ())
        if rule.working_days:
            parts.append("weekends excluded")
        return StatutoryDeadline(
            date=due,
            explanation=f"{', '.join(parts)} -> {due.isoformat()}",
            rule=rule,
            stopped_since=self.stopped.since if self.stopped else None,
            determination_on=self.determination_on,
            timely_extension_on=self.timely_extension_on,
            fee_notices_after_deadline=tuple(self.fee_flags),
            ended=self.ended,
        )

    def _skipped(self, due: date) -> list[str]:
        """The holidays the count stepped over (working days), or the roll to a business day (CA)."""
        assert self.start is not None
        if not self.rule.working_days:
            plain = self.start + timedelta(days=self.rule.initial_days + self.extension_days)
            if plain == due or not self.rule.next_business_day:
                return []
            return [f"the last day fell on a weekend or holiday: moved to the next business day "
                    f"(Code Civ. Proc. 12a) -> {due.isoformat()}"]
        out, day = [], self.start
        while day < due:
            day += timedelta(days=1)
            name = holiday_name(day, self.rule.subdiv)
            if name and day.weekday() < 5:
                out.append(f"{day.isoformat()} ({name})")
        return out
