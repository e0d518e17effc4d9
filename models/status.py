"""The request status state machine: the only code that writes a request's status fields.

Status is *derived*: ``derive()`` folds a request's messages in date order into its state, and
``recompute()`` stores the result, writing one StatusEvent per changed field. Running it again
changes nothing, so reprocessing, retraining and reclassifying are safe.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session, select

from models.deadlines import (
    Deadline,
    appeal_due,
    expedite_decision_due,
    response_due,
    working_days_between,
)
from models.tables import Direction, Message, MessageState, Request, StatusEvent, utcnow


class Status(StrEnum):
    SUBMITTED = "submitted"
    ACKNOWLEDGED = "acknowledged"
    AWAITING_REQUESTER = "awaiting_requester"  # clarification or fee decision: waiting on us
    PROCESSING = "processing"
    PARTIALLY_PRODUCED = "partially_produced"
    COMPLETED = "completed"
    NO_RECORDS = "no_records"
    DENIED = "denied"
    REFERRED = "referred"
    IN_APPEAL = "in_appeal"
    WITHDRAWN = "withdrawn"


class Decision(StrEnum):
    NOT_REQUESTED = "not_requested"
    REQUESTED = "requested"
    GRANTED = "granted"
    DENIED = "denied"


TERMINAL = {Status.COMPLETED, Status.NO_RECORDS, Status.DENIED, Status.WITHDRAWN}
OPEN = set(Status) - TERMINAL

# The status a label moves a request to.
LABEL_STATUS: dict[str, Status] = {
    "acknowledgement": Status.ACKNOWLEDGED,
    "clarification_needed": Status.AWAITING_REQUESTER,
    "fee_notice": Status.AWAITING_REQUESTER,
    "extension": Status.PROCESSING,
    "production_interim": Status.PARTIALLY_PRODUCED,
    "production_final": Status.COMPLETED,
    "no_records": Status.NO_RECORDS,
    "denial": Status.DENIED,
    "referral": Status.REFERRED,
    "appeal_related": Status.IN_APPEAL,
}

# Allowed transitions: a message can never move a request back to an earlier stage.
_ALL = set(Status) - {Status.SUBMITTED, Status.WITHDRAWN}
ALLOWED: dict[Status, set[Status]] = {
    Status.SUBMITTED: _ALL,
    Status.ACKNOWLEDGED: _ALL - {Status.ACKNOWLEDGED},
    Status.AWAITING_REQUESTER: _ALL - {Status.ACKNOWLEDGED},
    Status.PROCESSING: _ALL - {Status.ACKNOWLEDGED},
    Status.PARTIALLY_PRODUCED: _ALL - {Status.ACKNOWLEDGED},
    Status.REFERRED: _ALL - {Status.ACKNOWLEDGED},
    Status.COMPLETED: {Status.IN_APPEAL, Status.PARTIALLY_PRODUCED},
    Status.NO_RECORDS: {Status.IN_APPEAL, Status.PARTIALLY_PRODUCED, Status.COMPLETED},
    Status.DENIED: {Status.IN_APPEAL, Status.PARTIALLY_PRODUCED, Status.COMPLETED},
    Status.IN_APPEAL: {Status.PROCESSING, Status.PARTIALLY_PRODUCED, Status.COMPLETED,
                       Status.DENIED, Status.NO_RECORDS, Status.AWAITING_REQUESTER},
    Status.WITHDRAWN: set(),
}


@dataclass(frozen=True)
class MessageFact:
    """What the state machine needs to know about one message of a request."""

    message_pk: int
    at: datetime
    direction: str
    label: str | None
    secondary: tuple[str, ...] = ()
    extracted: dict[str, Any] = field(default_factory=dict)
    is_request: bool = False  # the original request letter


@dataclass
class Derived:
    status: Status = Status.SUBMITTED
    expedite_status: Decision = Decision.NOT_REQUESTED
    fee_waiver_status: Decision = Decision.NOT_REQUESTED
    received_on: date | None = None
    due_date: date | None = None
    due_explanation: str | None = None
    respond_by: date | None = None
    appeal_by: date | None = None
    appeal_explanation: str | None = None
    expedite_decision_due: Deadline | None = None
    causes: dict[str, tuple[int | None, str]] = field(default_factory=dict)
    timeline: list[Transition] = field(default_factory=list)


@dataclass(frozen=True)
class Transition:
    """One step of the derivation, for the timeline shown to people."""

    at: datetime
    field: str
    from_value: str
    to_value: str
    message_pk: int | None
    rule: str


def _dates(fact: MessageFact, role: str) -> list[date]:
    out = []
    for d in fact.extracted.get("dates", []):
        if d.get("role") == role and len(d.get("date", "")) == 10:
            out.append(date.fromisoformat(d["date"]))
    return out


def _status_label(fact: MessageFact) -> str | None:
    """The label of a message that drives status: the primary, unless it is an acknowledgement
    (or a non-status label) and a secondary label moves the request further."""
    primary = fact.label
    if primary in LABEL_STATUS and primary != "acknowledgement":
        return primary
    for label in fact.secondary:
        if label in LABEL_STATUS and label != "acknowledgement":
            return label
    if primary in LABEL_STATUS:
        return primary
    return "acknowledgement" if "acknowledgement" in fact.secondary else None


@dataclass(frozen=True)
class Step:
    """One message as every track sees it: the fact, its labels, and the status before and after it."""

    fact: MessageFact
    labels: frozenset[str]
    before: Status
    after: Status

    @property
    def day(self) -> date:
        return self.fact.at.date()

    @property
    def incoming(self) -> bool:
        return self.fact.direction != Direction.OUTGOING

    @property
    def requester_replied(self) -> bool:
        return not self.incoming and self.before == Status.AWAITING_REQUESTER


class _StatusTrack:
    """Owns the status and the expedite and fee-waiver decisions (and the date of receipt)."""

    def __init__(self, d: Derived) -> None:
        self.d = d

    def observe(self, fact: MessageFact) -> Step | None:
        d, before = self.d, self.d.status
        if fact.direction == Direction.OUTGOING:
            if fact.is_request:
                return None
            if before == Status.AWAITING_REQUESTER:
                _step(d, fact, "status", Status.PROCESSING, "requester replied")
            return Step(fact, frozenset(), before, d.status)
        labels = frozenset({fact.label, *fact.secondary} - {None})
        for name, prefix in (("expedite_status", "expedite"), ("fee_waiver_status", "fee_waiver")):
            if f"{prefix}_denied" in labels:
                _step(d, fact, name, Decision.DENIED, f"label {prefix}_denied")
            elif f"{prefix}_granted" in labels:
                _step(d, fact, name, Decision.GRANTED, f"label {prefix}_granted")
        received = _dates(fact, "received")
        if received and d.received_on is None:
            d.received_on = received[0]
            d.causes["received_on"] = (fact.message_pk, "date with role received")
        label = _status_label(fact)
        target = LABEL_STATUS.get(label) if label else None
        if target is not None and target != before and target in ALLOWED[before]:
            _step(d, fact, "status", target, f"label {label}")
        return Step(fact, labels, before, d.status)

    def finish(self, *, withdrawn: bool) -> None:
        if withdrawn:
            self.d.status = Status.WITHDRAWN
            self.d.causes["status"] = (None, "closed by hand")


class _ClockTrack:
    """Owns the stopping of the clock: working days spent waiting on the requester."""

    def __init__(self, jurisdiction: str) -> None:
        self.jurisdiction = jurisdiction
        self.waiting_since: date | None = None
        self.tolled = 0

    def observe(self, step: Step) -> None:
        leaves_waiting = step.before == Status.AWAITING_REQUESTER and step.after != Status.AWAITING_REQUESTER
        if leaves_waiting and self.waiting_since is not None:
            self.tolled += _working_days(self.waiting_since, step.day, self.jurisdiction)
            self.waiting_since = None
        if step.incoming and step.after == Status.AWAITING_REQUESTER:
            self.waiting_since = self.waiting_since or step.day


class _DueDateTrack:
    """Owns the agency's response deadline."""

    def __init__(self, d: Derived) -> None:
        self.d = d
        self.extended = False
        self.letter_due: date | None = None

    def observe(self, step: Step) -> None:
        if "extension" in step.labels:
            self.extended = True
        for role in ("extension_until", "due"):
            found = _dates(step.fact, role)
            if found:
                self.letter_due = max(found)
                self.d.causes["due_date"] = (step.fact.message_pk, f"date with role {role} in the letter")

    def finish(self, *, submitted_on: date | None, jurisdiction: str, tolled: int) -> None:
        d = self.d
        # The deadline: a date printed in the letter wins over the computed one.
        start = d.received_on or submitted_on
        if d.status in TERMINAL or d.status == Status.IN_APPEAL:
            d.due_date, d.due_explanation = None, None
        elif self.letter_due is not None:
            d.due_date = self.letter_due
            d.due_explanation = f"date given by the agency's letter -> {self.letter_due.isoformat()}"
        elif start is not None:
            deadline = response_due(start, jurisdiction=jurisdiction, extended=self.extended, tolled_days=tolled)
            d.due_date, d.due_explanation = deadline.date, deadline.explanation
            d.causes["due_date"] = (None, "statutory deadline")


class _RespondByTrack:
    """Owns the date by which the requester must answer the agency."""

    def __init__(self, d: Derived) -> None:
        self.d = d

    def observe(self, step: Step) -> None:
        d = self.d
        if step.after != Status.AWAITING_REQUESTER:
            d.respond_by = None
            return
        respond_by = _dates(step.fact, "respond_by")
        if respond_by:
            d.respond_by = max(respond_by)
            d.causes["respond_by"] = (step.fact.message_pk, "date with role respond_by in the letter")


class _AppealTrack:
    """Owns the appeal window opened by the latest adverse determination."""

    def __init__(self, d: Derived) -> None:
        self.d = d

    def observe(self, step: Step) -> None:
        labels = step.labels
        adverse = {"expedite_denied", "fee_waiver_denied", "denial", "no_records"} & labels
        if labels & {"production_final", "production_interim"} and step.fact.extracted.get("exemptions"):
            adverse.add("records withheld in part")  # redactions can be appealed too
        if adverse:
            reasons = ", ".join(sorted(adverse))
            deadline = appeal_due(step.day)
            self.d.appeal_by, self.d.appeal_explanation = deadline.date, f"{reasons}: {deadline.explanation}"
            self.d.causes["appeal_by"] = (step.fact.message_pk, f"adverse determination ({reasons})")

    def finish(self) -> None:
        if self.d.status in (Status.IN_APPEAL, Status.WITHDRAWN):
            self.d.appeal_by, self.d.appeal_explanation = None, None  # appealed already, or dropped


def _expedite_deadline(d: Derived, submitted_on: date | None) -> Deadline | None:
    """The expedite decision deadline, while the decision is outstanding."""
    if d.expedite_status == Decision.REQUESTED and submitted_on is not None:
        return expedite_decision_due(submitted_on)
    return None


def derive(
    *,
    submitted_on: date | None,
    jurisdiction: str,
    expedite_requested: bool,
    fee_waiver_requested: bool,
    facts: list[MessageFact],
    withdrawn: bool = False,
) -> Derived:
    """Fold a request's messages (any order; sorted here) into its state. Pure.

    Each track owns one part of the state and sees every message after the status track has
    moved the status, so it knows the status before and after the message."""
    d = Derived(
        expedite_status=Decision.REQUESTED if expedite_requested else Decision.NOT_REQUESTED,
        fee_waiver_status=Decision.REQUESTED if fee_waiver_requested else Decision.NOT_REQUESTED,
    )
    d.causes["status"] = (None, "request registered")
    status, clock, due = _StatusTrack(d), _ClockTrack(jurisdiction), _DueDateTrack(d)
    respond_by, appeal = _RespondByTrack(d), _AppealTrack(d)
    for fact in sorted(facts, key=lambda f: (f.at, f.message_pk)):
        step = status.observe(fact)
        if step is None:
            continue
        for track in (clock, due, respond_by, appeal):
            track.observe(step)
    status.finish(withdrawn=withdrawn)
    appeal.finish()
    d.expedite_decision_due = _expedite_deadline(d, submitted_on)
    due.finish(submitted_on=submitted_on, jurisdiction=jurisdiction, tolled=clock.tolled)
    return d


def _step(d: Derived, fact: MessageFact, name: str, value: StrEnum, rule: str) -> None:
    old = getattr(d, name)
    if old == value:
        return
    setattr(d, name, value)
    d.causes[name] = (fact.message_pk, rule)
    d.timeline.append(Transition(fact.at, name, str(old), str(value), fact.message_pk, rule))


def _working_days(start: date, end: date, jurisdiction: str) -> int:
    from models.deadlines import rule_for

    return working_days_between(start, end, subdiv=rule_for(jurisdiction).subdiv)


def facts_for(session: Session, request: Request) -> list[MessageFact]:
    # A label a person has not confirmed and the machine is unsure of (needs_review) does not
    # move a request; a manual label always does.
    rows = session.exec(
        select(Message).where(
            Message.request_id == request.id,
            (Message.state == MessageState.PROCESSED) | (Message.label_source == "manual"),
        )
    ).all()
    facts = []
    for m in rows:
        at = m.sent_at or m.created_at
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        facts.append(
            MessageFact(
                message_pk=m.id,
                at=at,
                direction=m.direction,
                label=m.label,
                secondary=tuple(m.secondary_labels or ()),
                extracted=m.extracted or {},
                is_request=bool(request.sent_message_id) and m.message_id == request.sent_message_id,
            )
        )
    return facts


_FIELDS = ("status", "expedite_status", "fee_waiver_status", "received_on", "due_date", "respond_by", "appeal_by")


def derive_request(session: Session, request: Request) -> Derived:
    """The state the request's messages give it (nothing is written)."""
    return derive(
        submitted_on=request.submitted_on,
        jurisdiction=request.jurisdiction,
        expedite_requested=request.expedite_requested,
        fee_waiver_requested=request.fee_waiver_requested,
        facts=facts_for(session, request),
        withdrawn=request.closed_manually,
    )


def recompute(session: Session, request: Request, *, by: str = "foia-intake") -> list[StatusEvent]:
    """Derive the request's state from its messages, store it, and log every change."""
    derived = derive_request(session, request)
    events = []
    for name in _FIELDS:
        old, new = getattr(request, name), getattr(derived, name)
        if _text(old) == _text(new):
            continue
        cause_pk, rule = derived.causes.get(name, (None, "recomputed"))
        events.append(
            StatusEvent(
                request_id=request.id, field=name, from_value=_text(old), to_value=_text(new),
                message_pk=cause_pk, rule=rule, by=by,
            )
        )
        setattr(request, name, new)
    request.due_explanation = derived.due_explanation
    request.appeal_explanation = derived.appeal_explanation
    if events:
        request.updated_at = utcnow()
        session.add(request)
        session.add_all(events)
    return events


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
