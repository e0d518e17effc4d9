"""A request's deadlines, read through one adapter so the digest follows models.status in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from sqlmodel import Session

from models.status import OPEN, Decision, Status, derive_request
from models.tables import Request


class DeadlineKind(StrEnum):
    RESPOND_BY = "respond_by"  # on the requester: answer a question, say you are still interested, decide on a fee
    RESPONSE_DUE = "response_due"  # on the agency: its answer is due
    EXPEDITE_DECISION_DUE = "expedite_decision_due"  # on the agency: it must decide on expedited processing
    APPEAL_BY = "appeal_by"  # the requester's window to appeal an adverse determination


# Whose move it is: the requester's deadlines are actions, the agency's can be overdue.
ON_REQUESTER = frozenset({DeadlineKind.RESPOND_BY, DeadlineKind.APPEAL_BY})


@dataclass(frozen=True)
class RequestDeadline:
    kind: DeadlineKind
    date: date | None  # None: waiting on the requester, but the letter names no date
    explanation: str
    message_pk: int | None  # the letter that set it, if one did


def request_deadlines(s: Session, req: Request) -> list[RequestDeadline]:
    """Every live deadline of one request.

    Today this reads the Request row and ``models.status.derive_request``; when the status module
    keeps its deadlines apart by kind, this function is the only one to change.
    """
    derived = derive_request(s, req)
    out: list[RequestDeadline] = []
    if req.status == Status.AWAITING_REQUESTER:
        cause = derived.causes.get("respond_by") if req.respond_by else derived.causes.get("status")
        out.append(RequestDeadline(DeadlineKind.RESPOND_BY, req.respond_by,
                                   "date given by the agency's letter" if req.respond_by else "the agency is waiting on you",
                                   cause[0] if cause else None))
    elif req.due_date is not None:
        out.append(RequestDeadline(DeadlineKind.RESPONSE_DUE, req.due_date, req.due_explanation or "",
                                   derived.causes.get("due_date", (None, ""))[0]))
    expedite = derived.expedite_decision_due
    if expedite is not None and req.expedite_status == Decision.REQUESTED and req.status in OPEN:
        out.append(RequestDeadline(DeadlineKind.EXPEDITE_DECISION_DUE, expedite.date, expedite.explanation, None))
    if req.appeal_by is not None:
        out.append(RequestDeadline(DeadlineKind.APPEAL_BY, req.appeal_by, req.appeal_explanation or "",
                                   derived.causes.get("appeal_by", (None, ""))[0]))
    return out
