"""The request status state machine: the only code that writes a request's status fields.

Status is *derived*: ``derive()`` folds a request's messages in date order into its state, and
``recompute()`` stores the result, writing one StatusEvent per changed field. Running it again
changes nothing, so reprocessing, retraining and reclassifying are safe.

``derive()`` runs tracks that each own one part of the state: the status (and the expedite and
fee-waiver decisions), the statutory clock (``models.clock``), the agency's estimate, the respond-by
date, the appeal window and the expedite decision deadline. Their results are the request's
``RequestDeadlines`` (``models.request_deadlines``); ``request_deadlines(session, request)`` gives them
for a stored request.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

from sqlmodel import Session, col, select

from models.clock import ClockState, FeeNoticeFlag, StatutoryClock, StatutoryDeadline
from models.deadlines import Deadline, Rule, appeal_due, expedite_decision_due, rule_for
from models.request_deadlines import (
    AgencyEstimate,
    AppealWindow,
    ExpediteDecisionDeadline,
    RequestDeadlines,
    RespondBy,
)
from models.tables import (
    Direction,
    LabelSource,
    Message,
    MessageState,
    Request,
    StatusEvent,
    utcnow,
)

# The deadline types the CLI and the digest read, re-exported here with the function that gives them.
__all__ = [
    "AgencyEstimate", "AppealWindow", "ClockState", "ExpediteDecisionDeadline", "FeeNoticeFlag", "RequestDeadlines",
    "RespondBy", "StatutoryDeadline", "request_deadlines",
]


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
    due_date: date | None = None  # the statutory response deadline, while no determination has come
    due_explanation: str | None = None
    clock_stopped_since: date | None = None  # the statutory clock is tolled, waiting on the requester
    estimated_completion: date | None = None  # the agency's own date, while the request is open
    estimated_completion_explanation: str | None = None
    respond_by: date | None = None
    appeal_by: date | None = None
    appeal_explanation: str | None = None
    expedite_decision_due: Deadline | None = None  # while the decision is outstanding
    deadlines: RequestDeadlines = field(default_factory=RequestDeadlines)
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

    @property
    def waiting_after(self) -> bool:
        return self.after == Status.AWAITING_REQUESTER

    def dates(self, role: str) -> list[date]:
        return _dates(self.fact, role)


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


class _EstimateTrack:
    """Owns the agency's own estimated completion date: the latest date a letter names for it."""

    def __init__(self) -> None:
        self.estimate: AgencyEstimate | None = None

    def observe(self, step: Step) -> None:
        for role in ("extension_until", "due"):
            found = step.dates(role)
            if found and step.incoming:
                when = max(found)
                self.estimate = AgencyEstimate(
                    when, f"date given in the agency's letter of {step.day} -> {when.isoformat()}; the agency's "
                          f"own estimate, which does not move the statutory deadline",
                    step.fact.message_pk, step.day)


class _RespondByTrack:
    """Owns the date by which the requester must answer the agency."""

    def __init__(self) -> None:
        self.respond_by: RespondBy | None = None
        self.open = False

    def observe(self, step: Step) -> None:
        if self.open and not step.waiting_after:
            why = f"answered {step.day}" if step.requester_replied else f"no longer waiting since {step.day}"
            self.respond_by = replace(self.respond_by, closed_on=step.day, closed_why=why)
            self.open = False
        if not (step.incoming and step.waiting_after):
            return
        found = step.dates("respond_by")
        if found:
            when = max(found)
            self.respond_by = RespondBy(when, f"date given in the agency's letter of {step.day} -> {when.isoformat()}",
                                        step.fact.message_pk)
            self.open = True

    def current(self) -> date | None:
        return self.respond_by.date if self.respond_by and self.open else None


class _AppealTrack:
    """Owns the appeal window opened by the latest adverse determination."""

    def __init__(self) -> None:
        self.window: AppealWindow | None = None

    def observe(self, step: Step) -> None:
        labels = step.labels
        adverse = {"expedite_denied", "fee_waiver_denied", "denial", "no_records"} & labels
        if labels & {"production_final", "production_interim"} and step.fact.extracted.get("exemptions"):
            adverse.add("records withheld in part")  # redactions can be appealed too
        if adverse:
            reasons = tuple(sorted(adverse))
            deadline = appeal_due(step.day)
            self.window = AppealWindow(deadline.date, f"{', '.join(reasons)}: {deadline.explanation}", step.day, reasons,
                                       step.fact.message_pk)

    def current(self, status: Status) -> AppealWindow | None:
        if status in (Status.IN_APPEAL, Status.WITHDRAWN):
            return None  # appealed already, or dropped
        return self.window


class _ExpediteTrack:
    """Owns the expedite decision deadline (federal: 10 calendar days, 552(a)(6)(E)(ii)(I))."""

    def __init__(self) -> None:
        self.decided_on: date | None = None

    def observe(self, step: Step) -> None:
        if self.decided_on is None and step.labels & {"expedite_granted", "expedite_denied"}:
            self.decided_on = step.day

    def current(self, *, requested: bool, submitted_on: date | None, rule: Rule) -> ExpediteDecisionDeadline | None:
        if not requested or submitted_on is None or rule.name != "federal":
            return None
        deadline = expedite_decision_due(submitted_on)
        return ExpediteDecisionDeadline(deadline.date, deadline.explanation, self.decided_on)


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
    rule = rule_for(jurisdiction)
    status, clock = _StatusTrack(d), StatutoryClock(rule, submitted_on)
    estimate, respond_by, appeal, expedite = _EstimateTrack(), _RespondByTrack(), _AppealTrack(), _ExpediteTrack()
    for fact in sorted(facts, key=lambda f: (f.at, f.message_pk)):
        step = status.observe(fact)
        if step is None:
            continue
        for track in (clock, estimate, respond_by, appeal, expedite):
            track.observe(step)
    status.finish(withdrawn=withdrawn)
    if withdrawn:
        clock.withdraw()
    d.deadlines = RequestDeadlines(
        statutory=clock.result(),
        agency_estimate=estimate.estimate,
        expedite_decision=expedite.current(requested=expedite_requested, submitted_on=submitted_on, rule=rule),
        respond_by=respond_by.respond_by,
        appeal=appeal.current(d.status),
    )
    _fill_columns(d, respond_by=respond_by.current())
    return d


def _fill_columns(d: Derived, *, respond_by: date | None) -> None:
    """The stored fields, from the typed deadlines."""
    deadlines, open_request = d.deadlines, d.status not in TERMINAL
    statutory = deadlines.statutory
    if statutory is not None and statutory.determination_on is None and not statutory.ended:
        # Stored while the agency owes its determination; RequestDeadlines keeps it afterwards.
        d.due_date, d.due_explanation = statutory.date, statutory.explanation
        d.clock_stopped_since = statutory.stopped_since
        d.causes["due_date"] = (None, "statutory deadline")
    if deadlines.agency_estimate is not None and open_request:
        d.estimated_completion = deadlines.agency_estimate.date
        d.estimated_completion_explanation = deadlines.agency_estimate.explanation
        d.causes["estimated_completion"] = (deadlines.agency_estimate.message_pk, "date given in the agency's letter")
    d.respond_by = respond_by
    if deadlines.respond_by is not None:
        d.causes["respond_by"] = (deadlines.respond_by.message_pk, "date with role respond_by in the letter")
    if deadlines.appeal is not None:
        d.appeal_by, d.appeal_explanation = deadlines.appeal.date, deadlines.appeal.explanation
        d.causes["appeal_by"] = (deadlines.appeal.message_pk, f"adverse determination ({', '.join(deadlines.appeal.reasons)})")
    expedite = deadlines.expedite_decision
    if expedite is not None and d.expedite_status == Decision.REQUESTED:
        d.expedite_decision_due = Deadline(expedite.date, expedite.explanation)


def _step(d: Derived, fact: MessageFact, name: str, value: StrEnum, rule: str) -> None:
    old = getattr(d, name)
    if old == value:
        return
    setattr(d, name, value)
    d.causes[name] = (fact.message_pk, rule)
    d.timeline.append(Transition(fact.at, name, str(old), str(value), fact.message_pk, rule))


def facts_for(session: Session, request: Request) -> list[MessageFact]:
    return facts_for_many(session, [request])[request.id]


def facts_for_many(session: Session, requests: list[Request]) -> dict[int, list[MessageFact]]:
    """The facts of several requests in one query (the digest and the request list read them all)."""
    # A label a person has not confirmed and the machine is unsure of (needs_review) does not
    # move a request; a manual label always does.
    by_id = {r.id: r for r in requests}
    out: dict[int, list[MessageFact]] = {rid: [] for rid in by_id}
    if not by_id:
        return out
    rows = session.exec(
        select(Message).where(
            col(Message.request_id).in_(list(by_id)),
            (Message.state == MessageState.PROCESSED) | (Message.label_source == LabelSource.MANUAL),
        ).order_by(col(Message.id))
    ).all()
    for m in rows:
        request = by_id[m.request_id]
        at = m.sent_at or m.created_at
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        out[m.request_id].append(
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
    return out


_FIELDS = ("status", "expedite_status", "fee_waiver_status", "received_on", "due_date", "estimated_completion",
           "respond_by", "appeal_by")


def derive_request(session: Session, request: Request) -> Derived:
    """The state the request's messages give it (nothing is written)."""
    return _derive_from(request, facts_for(session, request))


def derive_requests(session: Session, requests: list[Request]) -> dict[int, Derived]:
    """``derive_request`` for several requests, their messages read in one query."""
    facts = facts_for_many(session, requests)
    return {r.id: _derive_from(r, facts[r.id]) for r in requests}


def _derive_from(request: Request, facts: list[MessageFact]) -> Derived:
    return derive(
        submitted_on=request.submitted_on,
        jurisdiction=request.jurisdiction,
        expedite_requested=request.expedite_requested,
        fee_waiver_requested=request.fee_waiver_requested,
        facts=facts,
        withdrawn=request.closed_manually,
    )


def request_deadlines(session: Session, request: Request) -> RequestDeadlines:
    """Every deadline of a stored request, typed, with its explanation (for the CLI and the digest)."""
    return derive_request(session, request).deadlines


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
    request.clock_stopped_since = derived.clock_stopped_since
    request.estimated_completion_explanation = derived.estimated_completion_explanation
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
