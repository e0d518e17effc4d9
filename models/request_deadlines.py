"""The deadlines of one request, kept apart and typed: what the CLI and the digest show.

``models.status.derive`` builds a ``RequestDeadlines`` for each request; ``models.status.
request_deadlines(session, request)`` gives it for a stored request. Each deadline is its own
dataclass with its date and the explanation of how it was counted. The statutory deadline
(``models.clock.StatutoryDeadline``) is never replaced by a date the agency prints: that date is the
``AgencyEstimate``, shown beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from models.clock import ClockState, FeeNoticeFlag, StatutoryDeadline
from models.deadlines import working_days_between


class DeadlineKind(StrEnum):
    STATUTORY = "statutory_response"
    AGENCY_ESTIMATE = "agency_estimate"
    EXPEDITE_DECISION = "expedite_decision"
    RESPOND_BY = "respond_by"
    APPEAL = "appeal"


@dataclass(frozen=True)
class AgencyEstimate:
    """A completion date the agency named in a letter: its own estimate, not the statutory deadline."""

    date: date
    explanation: str
    message_pk: int
    given_on: date


@dataclass(frozen=True)
class ExpediteDecisionDeadline:
    """When the agency must decide a request for expedited processing (552(a)(6)(E)(ii)(I))."""

    date: date
    explanation: str
    decided_on: date | None = None


@dataclass(frozen=True)
class RespondBy:
    """The date by which the agency asked the requester to answer (a clarification, a fee notice)."""

    date: date
    explanation: str
    message_pk: int
    closed_on: date | None = None  # the requester answered, or the agency went on without waiting
    closed_why: str = ""


@dataclass(frozen=True)
class AppealWindow:
    """The window to appeal the latest adverse determination."""

    date: date
    explanation: str
    determination_on: date
    reasons: tuple[str, ...]
    message_pk: int


@dataclass(frozen=True)
class DeadlineLine:
    """One deadline as people read it: what, when, how it was counted, and where it stands."""

    kind: DeadlineKind
    title: str
    date: date
    explanation: str
    state: str


@dataclass(frozen=True)
class RequestDeadlines:
    """Every deadline of one request, each with its date and explanation (None: does not apply)."""

    statutory: StatutoryDeadline | None = None
    agency_estimate: AgencyEstimate | None = None
    expedite_decision: ExpediteDecisionDeadline | None = None
    respond_by: RespondBy | None = None
    appeal: AppealWindow | None = None

    def overdue_working_days(self, *, today: date) -> int:
        """Working days the statutory deadline is past with no determination yet (0: not overdue)."""
        if self.statutory is None or self.statutory.state(today=today) != ClockState.OVERDUE:
            return 0
        return self.statutory.working_days_late(today=today)

    def remedies(self, *, today: date) -> tuple[str, ...]:
        """What the requester may do now because the statutory deadline passed (empty: nothing new)."""
        return self.statutory.remedies(today=today) if self.statutory else ()

    def late_fee_notices(self) -> tuple[FeeNoticeFlag, ...]:
        return self.statutory.fee_notices_after_deadline if self.statutory else ()

    def lines(self, *, today: date) -> list[DeadlineLine]:
        """The deadlines in a fixed order, statutory first, for `requests show`, JSON and the digest."""
        out: list[DeadlineLine] = []
        if self.statutory is not None:
            out.append(DeadlineLine(DeadlineKind.STATUTORY, "statutory response deadline", self.statutory.date,
                                    self.statutory.explanation, self.statutory.summary(today=today)))
        if self.agency_estimate is not None:
            out.append(DeadlineLine(DeadlineKind.AGENCY_ESTIMATE, "agency's own estimate", self.agency_estimate.date,
                                    self.agency_estimate.explanation, self._estimate_state()))
        if self.expedite_decision is not None:
            e = self.expedite_decision
            state = (f"decided {e.decided_on}" if e.decided_on else
                     ("overdue: not decided" if today > e.date else "not decided yet"))
            out.append(DeadlineLine(DeadlineKind.EXPEDITE_DECISION, "expedite decision due", e.date, e.explanation, state))
        if self.respond_by is not None:
            r = self.respond_by
            state = r.closed_why or ("passed" if today > r.date else "open")
            out.append(DeadlineLine(DeadlineKind.RESPOND_BY, "your answer due", r.date, r.explanation, state))
        if self.appeal is not None:
            state = "passed" if today > self.appeal.date else "open"
            out.append(DeadlineLine(DeadlineKind.APPEAL, "appeal by", self.appeal.date, self.appeal.explanation, state))
        return out

    def _estimate_state(self) -> str:
        estimate, statutory = self.agency_estimate, self.statutory
        if estimate is None or statutory is None or estimate.date == statutory.date:
            return "same as the statutory deadline" if estimate and statutory else ""
        days = working_days_between(*sorted((statutory.date, estimate.date)), subdiv=statutory.rule.subdiv)
        side = "after" if estimate.date > statutory.date else "before"
        return f"{days} working days {side} the statutory deadline"
