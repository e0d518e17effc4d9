"""What people do by hand: reclassify a message, move it to another request, add, edit and close
requests, export their corrections. Every change is recorded (who, when, before, after) and the
request's status is recomputed by models.status."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from inbox_worker.matching import attach_tracking_numbers
from inbox_worker.views import get_message, get_request, unfold
from models.deadlines import RULES, rule_for
from models.errors import InvalidInput
from models.status import TERMINAL, Status, recompute
from models.tables import (
    Attachment,
    Direction,
    LabelChange,
    LabelSource,
    MatchRule,
    Message,
    MessageState,
    Request,
    StatusEvent,
)
from nlp.labels import parse_label


@dataclass
class Change:
    before: dict[str, Any]
    after: dict[str, Any]
    status_changes: list[str] = field(default_factory=list)


def _label(value: str) -> str:
    try:
        return str(parse_label(value))
    except ValueError as err:
        raise InvalidInput(str(err)) from None


def parse_status(value: str) -> Status:
    try:
        return Status(value.strip().lower())
    except ValueError:
        raise InvalidInput(f"unknown status {value!r}; valid statuses: {', '.join(s.value for s in Status)}") from None


def parse_date(value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise InvalidInput(f"not a date (YYYY-MM-DD): {value!r}") from None


def parse_jurisdiction(value: str) -> str:
    """``federal``, or a US state or territory's postal code (upper case)."""
    import holidays

    key = value.strip()
    if key.lower() == "federal":
        return "federal"
    code = holidays.US.subdivisions_aliases.get(key.title(), key.upper())
    if code in RULES or code in holidays.US.subdivisions:
        return code
    raise InvalidInput(f"unknown jurisdiction {value!r}: give 'federal' or a US state or territory code "
                       f"({', '.join(k for k in RULES if k != 'federal')} have rules of their own)")


def jurisdiction_note(jurisdiction: str) -> str | None:
    """A line telling that the jurisdiction has no rule of its own, or None."""
    if jurisdiction in RULES:
        return None
    return (f"note: {jurisdiction} has no deadline rule of its own; its deadlines follow the "
            f"{rule_for(jurisdiction).name} rule (deadlines.fallback_jurisdiction)")


def _required(name: str, value: str) -> str:
    value = value.strip()
    if not value:
        raise InvalidInput(f"{name} must not be empty")
    return value


def _email(value: str | None) -> str | None:
    if value is None or not value.strip():
        return None
    value = value.strip().lower()
    if value.count("@") != 1 or value.startswith("@") or value.endswith("@") or any(c.isspace() for c in value):
        raise InvalidInput(f"not an email address: {value!r}")
    return value


def _describe(events: list[StatusEvent]) -> list[str]:
    return [f"request {e.request_id}: {e.field} {e.from_value or '-'} -> {e.to_value or '-'}" for e in events]


def reclassify(s: Session, message_pk: int, label: str, *, secondary: list[str], note: str | None, by: str) -> Change:
    """Set a manual label. The machine never overwrites it, even when it reprocesses the message."""
    new_label = _label(label)
    new_secondary = [_label(x) for x in secondary if _label(x) != new_label]
    msg = get_message(s, message_pk)
    if msg.direction == Direction.OUTGOING:
        raise InvalidInput(f"message {message_pk} is one you sent; only agency replies carry labels")
    before = {"label": msg.label, "secondary_labels": list(msg.secondary_labels or []), "label_source": msg.label_source}
    s.add(LabelChange(message_pk=msg.id, before_label=msg.label, before_secondary=before["secondary_labels"],
                      after_label=new_label, after_secondary=new_secondary, by=by, note=note))
    msg.label, msg.secondary_labels = new_label, new_secondary
    msg.label_source, msg.confidence = LabelSource.MANUAL, 1.0
    msg.cues = [f"manual label by {by}"]
    if msg.state in (MessageState.NEEDS_REVIEW, MessageState.PROCESSED):
        msg.state = MessageState.PROCESSED if msg.request_id is not None else MessageState.NEEDS_REVIEW
    s.add(msg)
    s.flush()
    events = []
    if msg.request_id is not None:
        events = recompute(s, get_request(s, msg.request_id), by=by)
    after = {"label": new_label, "secondary_labels": new_secondary, "label_source": LabelSource.MANUAL}
    return Change(before, after, _describe(events))


def assign(s: Session, message_pk: int, request_id: int, *, note: str | None, by: str) -> Change:
    """Move a message to a request (from the review queue, or from a wrong match)."""
    msg = get_message(s, message_pk)
    new = get_request(s, request_id)
    old_id = msg.request_id
    before = {"request": old_id, "match_rule": msg.match_rule}
    msg.request_id, msg.match_rule = new.id, MatchRule.MANUAL
    if msg.state == MessageState.NEEDS_REVIEW and msg.label is not None:
        msg.state = MessageState.PROCESSED
    s.add(msg)
    for req_id, direction in ((old_id, "removed"), (new.id, "assigned")):
        if req_id is not None:
            s.add(StatusEvent(request_id=req_id, field="message", from_value=str(old_id) if old_id else None,
                              to_value=str(new.id), message_pk=msg.id, rule=f"message {direction} by hand", by=by, note=note))
    numbers = (msg.extracted or {}).get("tracking_numbers", [])
    if numbers:
        attach_tracking_numbers(s, request_id=new.id, numbers=numbers, message_pk=msg.id)
    s.flush()
    events = recompute(s, new, by=by)
    if old_id is not None and old_id != new.id:
        events += recompute(s, get_request(s, old_id), by=by)
    return Change(before, {"request": new.id, "match_rule": MatchRule.MANUAL}, _describe(events))


def add_request(s: Session, *, agency: str, subject: str, agency_email: str | None, submitted_on: date | None,
                jurisdiction: str, tracking: list[str], reference: str | None,
                expedite_requested: bool, fee_waiver_requested: bool, by: str) -> Request:
    agency, subject = _required("agency", agency), _required("subject", subject)
    jurisdiction = parse_jurisdiction(jurisdiction)
    email = _email(agency_email)
    req = Request(agency=agency, subject=subject, agency_email=email,
                  agency_domain=email.rsplit("@", 1)[-1] if email and "@" in email else None,
                  submitted_on=submitted_on, jurisdiction=jurisdiction, reference=reference,
                  expedite_requested=expedite_requested, fee_waiver_requested=fee_waiver_requested)
    s.add(req)
    s.flush()
    s.add(StatusEvent(request_id=req.id, field="request", to_value="added", rule="added by hand", by=by))
    if tracking:
        attach_tracking_numbers(s, request_id=req.id, numbers=tracking, message_pk=None)
    recompute(s, req, by=by)
    return req


EDITABLE = {"agency", "subject", "agency_email", "submitted_on", "jurisdiction", "reference",
            "expedite_requested", "fee_waiver_requested", "notes"}


def edit_request(s: Session, request_id: int, *, changes: dict[str, Any], tracking: list[str], by: str) -> Change:
    req = get_request(s, request_id)
    unknown = set(changes) - EDITABLE
    if unknown:
        raise InvalidInput(f"cannot edit {', '.join(sorted(unknown))}")
    if not changes and not tracking:
        raise InvalidInput("nothing to change: give at least one field to set or --tracking to add")
    changes = dict(changes)
    for name in ("agency", "subject"):
        if name in changes:
            changes[name] = _required(name, changes[name])
    if "jurisdiction" in changes:
        changes["jurisdiction"] = parse_jurisdiction(changes["jurisdiction"])
    if "agency_email" in changes:
        changes["agency_email"] = _email(changes["agency_email"])
    before, after = {}, {}
    for name, value in changes.items():
        old = getattr(req, name)
        if old == value:
            continue
        before[name], after[name] = old, value
        setattr(req, name, value)
        s.add(StatusEvent(request_id=req.id, field=name, from_value=None if old is None else str(old),
                          to_value=None if value is None else str(value), rule="edited by hand", by=by))
    if "agency_email" in after:
        req.agency_domain = req.agency_email.rsplit("@", 1)[-1] if req.agency_email else None
    added = attach_tracking_numbers(s, request_id=req.id, numbers=tracking, message_pk=None) if tracking else []
    if added:
        after["tracking_numbers_added"] = added
    s.add(req)
    s.flush()
    events = recompute(s, req, by=by)
    return Change(before, after, _describe(events))


def close_request(s: Session, request_id: int, *, reopen: bool, note: str | None, by: str) -> Change:
    req = get_request(s, request_id)
    if req.closed_manually == (not reopen):
        raise InvalidInput(f"request {request_id} is already {'open' if reopen else 'closed'}")
    if not reopen and req.status in TERMINAL:
        raise InvalidInput(f"request {request_id} is {req.status} already: only an open request can be "
                           "closed by hand (withdrawn)")
    req.closed_manually = not reopen
    if note:
        req.notes = (req.notes + "\n" if req.notes else "") + note
    s.add(req)
    s.add(StatusEvent(request_id=req.id, field="closed", from_value=str(reopen).lower(), to_value=str(not reopen).lower(),
                      rule="reopened by hand" if reopen else "closed by hand", by=by, note=note))
    s.flush()
    events = recompute(s, req, by=by)
    return Change({"closed": reopen}, {"closed": not reopen}, _describe(events))


def review_queue(s: Session) -> list[dict[str, Any]]:
    rows = []
    for m in s.exec(select(Message).where(Message.state == MessageState.NEEDS_REVIEW).order_by(Message.id)).all():
        why = []
        if m.request_id is None:
            why.append("no matching request")
        if m.confidence is not None and m.label_source == LabelSource.AUTO:
            why.append(f"confidence {m.confidence:.2f}")
        rows.append({
            "id": m.id, "date": m.sent_at, "from": unfold(m.from_addr), "subject": unfold(m.subject),
            "label": m.label, "secondary": m.secondary_labels or [], "confidence": m.confidence,
            "request": m.request_id, "why": ", ".join(why),
            "suggestions": (m.extracted or {}).get("match_suggestions", []),
        })
    return rows


def export_corrections(s: Session, path: Path) -> int:
    """Manual labels as training examples (JSON lines: text, label, secondary_labels)."""
    messages = s.exec(select(Message).where(Message.label_source == LabelSource.MANUAL).order_by(Message.id)).all()
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for m in messages:
            texts = s.exec(select(Attachment.text).where(Attachment.message_pk == m.id, col(Attachment.text).is_not(None))).all()
            text = "\n\n".join([f"Subject: {m.subject}", m.body_text or "", *texts])
            out.write(json.dumps({"id": f"message-{m.id}", "text": text, "label": m.label,
                                  "secondary_labels": m.secondary_labels or [], "source": "manual correction"},
                                 ensure_ascii=False) + "\n")
            count += 1
    return count
