"""A request's deadlines, read through one adapter so the digest follows models.status in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlmodel import Session

from models.status import OPEN, Derived, Status, derive_request, derive_requests
from models.tables import Request


class DeadlineKind(StrEnum):
    RESPOND_BY = "respond_by"  # on the requester: answer a question, say you are still interested, decide on a fee
    RESPONSE_DUE = "response_due"  # on the agency: the statutory deadline for its determination
    AGENCY_ESTIMATE = "agency_estimate"  # the agency's own completion date (not a legal deadline)
    EXPEDITE_DECISION_DUE = "expedite_decision_due"  # on the agency: it must decide on expedited processing
    APPEAL_BY = "appeal_by"  # the requester's window to appeal an adverse determination


# The agency's legal deadlines can be overdue; its own estimate cannot.
CAN_BE_OVERDUE = frozenset({DeadlineKind.RESPONSE_DUE, DeadlineKind.EXPEDITE_DECISION_DUE})


@dataclass(frozen=True)
class RequestDeadline:
    kind: DeadlineKind
    date: date | None  # None: waiting on the requester, but the letter names no date
    explanation: str
    message_pk: int | None  # the letter that set it, if one did


def request_deadlines(s: Session, req: Request) -> list[RequestDeadline]:
    """Every live deadline of one request: the only place the digest reads models.status's deadlines."""
    return live_deadlines(derive_request(s, req))


def deadlines_by_request(s: Session, requests: list[Request]) -> dict[int, list[RequestDeadline]]:
    """``request_deadlines`` of several requests, their messages read in one query."""
    return {pk: live_deadlines(derived) for pk, derived in derive_requests(s, requests).items()}


def live_deadlines(derived: Derived) -> list[RequestDeadline]:
    """The live deadlines of one derived request state."""
    d = derived.deadlines
    out: list[RequestDeadline] = []
    if d.respond_by is not None and d.respond_by.closed_on is None:
        out.append(RequestDeadline(DeadlineKind.RESPOND_BY, d.respond_by.date, d.respond_by.explanation,
                                   d.respond_by.message_pk))
    elif derived.status == Status.AWAITING_REQUESTER:
        out.append(RequestDeadline(DeadlineKind.RESPOND_BY, None, "the agency is waiting on you",
                                   derived.causes.get("status", (None, ""))[0]))
    statutory = d.statutory
    if statutory is not None and statutory.determination_on is None and not statutory.ended \
            and statutory.stopped_since is None:
        out.append(RequestDeadline(DeadlineKind.RESPONSE_DUE, statutory.date, statutory.explanation, None))
    if d.agency_estimate is not None and derived.status in OPEN:
        out.append(RequestDeadline(DeadlineKind.AGENCY_ESTIMATE, d.agency_estimate.date, d.agency_estimate.explanation,
                                   d.agency_estimate.message_pk))
    if d.expedite_decision is not None and d.expedite_decision.decided_on is None:
        out.append(RequestDeadline(DeadlineKind.EXPEDITE_DECISION_DUE, d.expedite_decision.date,
                                   d.expedite_decision.explanation, None))
    if d.appeal is not None:
        out.append(RequestDeadline(DeadlineKind.APPEAL_BY, d.appeal.date, d.appeal.explanation, d.appeal.message_pk))
    return out
