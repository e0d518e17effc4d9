"""Read-only views of requests and messages as plain dicts, for the CLI and the digest."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from models.errors import NotFound
from models.request_deadlines import RequestDeadlines
from models.status import Derived, Status, derive_request, derive_requests
from models.tables import Message, Request, StatusEvent, TrackingNumber

# A request's fields as CSV columns: every field of request_row but the nested lists
# (deadlines, late_fee_notices), which --json gives.
REQUEST_FIELDS = ("id", "agency", "subject", "tracking_numbers", "status", "expedite", "fee_waiver", "submitted_on",
                  "due_date", "respond_by", "appeal_by", "overdue", "waiting_on_us", "statutory_due",
                  "estimated_completion", "overdue_working_days", "remedies")
NESTED_REQUEST_FIELDS = ("late_fee_notices", "deadlines")
_FOLD = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")


def unfold(header: str | None) -> str | None:
    """A header value on one line: folded continuation lines joined (RFC 5322 2.2.3)."""
    return _FOLD.sub(" ", header) if header else header


def tracking_numbers(s: Session, request_id: int) -> list[str]:
    rows = s.exec(select(TrackingNumber).where(TrackingNumber.request_id == request_id)
                  .order_by(TrackingNumber.id)).all()
    return [r.number for r in rows]


def tracking_numbers_by_request(s: Session, request_ids: list[int]) -> dict[int, list[str]]:
    """``tracking_numbers`` of several requests in one query."""
    out: dict[int, list[str]] = {pk: [] for pk in request_ids}
    if request_ids:
        rows = s.exec(select(TrackingNumber).where(col(TrackingNumber.request_id).in_(request_ids))
                      .order_by(TrackingNumber.id)).all()
        for r in rows:
            out[r.request_id].append(r.number)
    return out


def waiting_on_us(req: Request) -> bool:
    return req.status == Status.AWAITING_REQUESTER


def request_row(s: Session, req: Request, *, today: date) -> dict[str, Any]:
    return _row(req, derive_request(s, req), tracking_numbers(s, req.id), today=today)


def _row(req: Request, derived: Derived, numbers: list[str], *, today: date) -> dict[str, Any]:
    deadlines = deadline_fields(derived.deadlines, today=today)
    return {
        "id": req.id,
        "agency": req.agency,
        "subject": unfold(req.subject),
        "tracking_numbers": numbers,
        "status": req.status,
        "expedite": req.expedite_status,
        "fee_waiver": req.fee_waiver_status,
        "submitted_on": req.submitted_on,
        "due_date": deadlines["statutory_due"],  # the statutory deadline, kept after the determination
        "respond_by": req.respond_by,
        "appeal_by": req.appeal_by,
        "overdue": deadlines["overdue_working_days"] > 0,
        "waiting_on_us": waiting_on_us(req),
        **deadlines,
    }


def deadline_fields(deadlines: RequestDeadlines, *, today: date) -> dict[str, Any]:
    """Each deadline with its explanation, what a missed statutory deadline allows, late fee notices."""
    remedies = deadlines.remedies(today=today)
    late_fees = deadlines.late_fee_notices()
    statutory = deadlines.statutory
    rows = [{"deadline": f"{line.title} ({line.state})" if line.state else line.title, "kind": line.kind,
             "date": line.date, "explanation": line.explanation, "state": line.state}
            for line in deadlines.lines(today=today)]
    rows[1:1] = [{"deadline": "since the statutory deadline passed, you may", "kind": "remedy",
                  "date": statutory.date, "explanation": text, "state": "overdue"} for text in remedies if statutory]
    rows += [{"deadline": "fee notice after the statutory deadline", "kind": "late_fee_notice", "date": f.on,
              "explanation": f.explanation, "state": "flagged"} for f in late_fees]
    return {
        "statutory_due": statutory.date if statutory else None,
        "estimated_completion": deadlines.agency_estimate.date if deadlines.agency_estimate else None,
        "overdue_working_days": deadlines.overdue_working_days(today=today),
        "remedies": list(remedies),
        "late_fee_notices": [{"message": f.message_pk, "date": f.on, "explanation": f.explanation} for f in late_fees],
        "deadlines": rows,
    }


def request_rows(s: Session, *, today: date, status: str | None = None, agency: str | None = None,
                 overdue: bool = False) -> list[dict[str, Any]]:
    query = select(Request).order_by(Request.id)
    if status:
        query = query.where(Request.status == status)
    if agency:
        query = query.where(col(Request.agency).ilike(f"%{agency}%") | col(Request.agency_email).ilike(f"%{agency}%"))
    requests = list(s.exec(query))
    derived = derive_requests(s, requests)
    numbers = tracking_numbers_by_request(s, [r.id for r in requests])
    rows = [_row(r, derived[r.id], numbers[r.id], today=today) for r in requests]
    if overdue:
        rows = [r for r in rows if r["overdue"]]
    return rows


def get_request(s: Session, request_id: int) -> Request:
    req = s.get(Request, request_id)
    if req is None:
        raise NotFound(f"no request with id {request_id}")
    return req


def get_message(s: Session, message_pk: int) -> Message:
    msg = s.get(Message, message_pk)
    if msg is None:
        raise NotFound(f"no message with id {message_pk}")
    return msg


def request_detail(s: Session, request_id: int, *, today: date) -> dict[str, Any]:
    req = get_request(s, request_id)
    detail = request_row(s, req, today=today)
    detail.update({
        "agency_email": req.agency_email,
        "jurisdiction": req.jurisdiction,
        "received_on": req.received_on,
        "due_explanation": req.due_explanation,
        "notes": req.notes,
    })
    messages = s.exec(select(Message).where(Message.request_id == request_id)).all()
    messages = sorted(messages, key=lambda m: (m.sent_at or m.created_at, m.id))
    detail["messages"] = [message_row(m) for m in messages]
    derived = derive_request(s, req)
    detail["timeline"] = [
        {"at": t.at, "field": t.field, "from": t.from_value, "to": t.to_value, "message": t.message_pk, "rule": t.rule}
        for t in derived.timeline
    ]
    events = s.exec(select(StatusEvent).where(StatusEvent.request_id == request_id).order_by(StatusEvent.id)).all()
    detail["history"] = [
        {"at": e.at, "field": e.field, "from": e.from_value, "to": e.to_value,
         "message": e.message_pk, "rule": e.rule, "by": e.by, "note": e.note}
        for e in events
    ]
    return detail


def message_row(m: Message) -> dict[str, Any]:
    return {
        "id": m.id,
        "date": m.sent_at,
        "direction": m.direction,
        "from": unfold(m.from_addr),
        "subject": unfold(m.subject),
        "state": m.state,
        "label": m.label,
        "secondary": m.secondary_labels or [],
        "confidence": m.confidence,
        "label_source": m.label_source,
        "request": m.request_id,
        "match_rule": m.match_rule,
        "error": (m.error or "").splitlines()[0][:200] if m.error else None,
    }


def message_rows(s: Session, *, state: str | None = None) -> list[dict[str, Any]]:
    query = select(Message).order_by(Message.id)
    if state:
        query = query.where(Message.state == state)
    return [message_row(m) for m in s.exec(query).all()]
