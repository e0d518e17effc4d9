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

from sqlalchemy import bindparam, insert, inspect, update
from sqlalchemy.orm.attributes import set_committed_value
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
    fold = Fold(submitted_on=submitted_on, jurisdiction=jurisdiction, expedite_requested=expedite_requested,
                fee_waiver_requested=fee_waiver_requested)
    fold.add_all(facts)
    return fold.result(withdrawn=withdrawn)


def _fact_key(fact: MessageFact) -> tuple[datetime, int]:
    return fact.at, fact.message_pk


class Fold:
    """``derive`` as a fold that can be taken further: facts that sort after every fact folded
    so far may be added one at a time, and ``result`` asked for after each, as one ``derive``
    over all of them would give. (A fact that sorts earlier needs a new fold.)"""

    def __init__(self, *, submitted_on: date | None, jurisdiction: str, expedite_requested: bool,
                 fee_waiver_requested: bool) -> None:
        self.inputs = (submitted_on, jurisdiction, expedite_requested, fee_waiver_requested)
        self.d = Derived(
            expedite_status=Decision.REQUESTED if expedite_requested else Decision.NOT_REQUESTED,
            fee_waiver_status=Decision.REQUESTED if fee_waiver_requested else Decision.NOT_REQUESTED,
        )
        self.d.causes["status"] = (None, "request registered")
        self.rule = rule_for(jurisdiction)
        self.status, self.clock = _StatusTrack(self.d), StatutoryClock(self.rule, submitted_on)
        self.estimate, self.respond_by, self.appeal, self.expedite = (
            _EstimateTrack(), _RespondByTrack(), _AppealTrack(), _ExpediteTrack())
        self.facts: list[MessageFact] = []  # folded, in order

    def add_all(self, facts: list[MessageFact]) -> None:
        for fact in sorted(facts, key=_fact_key):
            self.add(fact)

    def add(self, fact: MessageFact) -> None:
        if self.facts and _fact_key(fact) < _fact_key(self.facts[-1]):
            raise ValueError("a fact that sorts before the last one folded needs a new fold")
        self.facts.append(fact)
        step = self.status.observe(fact)
        if step is None:
            return
        for track in (self.clock, self.estimate, self.respond_by, self.appeal, self.expedite):
            track.observe(step)

    def result(self, *, withdrawn: bool = False) -> Derived:
        """The state after the facts folded so far. Withdrawn: the fold is spent (no more facts)."""
        submitted_on, _, expedite_requested, _ = self.inputs
        if withdrawn:
            self.status.finish(withdrawn=True)
            self.clock.withdraw()
            d = self.d
        else:  # the fold goes on: the result is a copy, its column fields filled below
            d = replace(self.d, causes=dict(self.d.causes), timeline=list(self.d.timeline))
        d.deadlines = RequestDeadlines(
            statutory=self.clock.result(),
            agency_estimate=self.estimate.estimate,
            expedite_decision=self.expedite.current(requested=expedite_requested, submitted_on=submitted_on,
                                                    rule=self.rule),
            respond_by=self.respond_by.respond_by,
            appeal=self.appeal.current(d.status),
        )
        _fill_columns(d, respond_by=self.respond_by.current())
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


@dataclass(frozen=True)
class _Row:
    """The columns of a message a fact is made of (``is_request`` depends on its request)."""

    message_pk: int
    at: datetime
    direction: str
    label: str | None
    secondary: tuple[str, ...]
    extracted: dict[str, Any]
    message_id: str | None

    def fact(self, request: Request) -> MessageFact:
        return MessageFact(message_pk=self.message_pk, at=self.at, direction=self.direction, label=self.label,
                           secondary=self.secondary, extracted=self.extracted,
                           is_request=bool(request.sent_message_id) and self.message_id == request.sent_message_id)


def _row(pk: int, sent_at: datetime | None, created_at: datetime, direction: str, label: str | None,
         secondary: list[str] | None, extracted: dict | None, message_id: str | None) -> _Row:
    at = sent_at or created_at
    if at.tzinfo is None:
        at = at.replace(tzinfo=UTC)
    return _Row(pk, at, direction, label, tuple(secondary or ()), extracted or {}, message_id)


def counts(message: Message) -> bool:
    """The message moves its request: processed, or labelled by a person. (A label a person has
    not confirmed and the machine is unsure of, needs_review, does not move a request.)"""
    return message.state == MessageState.PROCESSED or message.label_source == LabelSource.MANUAL


_FACT_COLUMNS = (Message.request_id, Message.id, Message.sent_at, Message.created_at, Message.direction,
                 Message.label, Message.secondary_labels, Message.extracted, Message.message_id)


# Built once (the writer reads one request's facts at a time, many times a batch): the request ids bound.
_FACTS = select(*_FACT_COLUMNS).where(
    col(Message.request_id).in_(bindparam("request_ids", expanding=True)),
    (Message.state == MessageState.PROCESSED) | (Message.label_source == LabelSource.MANUAL),
).order_by(col(Message.id))


def _rows_for(session: Session, request_ids: list[int]) -> dict[int, dict[int, _Row]]:
    """The fact rows of requests, by request and message, in message order (one query, columns only)."""
    out: dict[int, dict[int, _Row]] = {rid: {} for rid in request_ids}
    if not request_ids:
        return out
    rows = session.exec(_FACTS, params={"request_ids": request_ids}).all()
    for request_id, *columns in rows:
        out[request_id][columns[0]] = _row(*columns)
    return out


def facts_for_many(session: Session, requests: list[Request]) -> dict[int, list[MessageFact]]:
    """The facts of several requests in one query (the digest and the request list read them all)."""
    by_id = {r.id: r for r in requests}
    rows = _rows_for(session, list(by_id))
    return {rid: [row.fact(by_id[rid]) for row in rows[rid].values()] for rid in by_id}


_FIELDS = ("status", "expedite_status", "fee_waiver_status", "received_on", "due_date", "estimated_completion",
           "respond_by", "appeal_by")
_EXPLANATIONS = ("due_explanation", "clock_stopped_since", "estimated_completion_explanation", "appeal_explanation")


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
    events = [StatusEvent(**change) for change in _store(session, request, derive_request(session, request), by=by)]
    session.add_all(events)
    return events


_STATUS_COLUMNS_ORDERED = (*_FIELDS, *_EXPLANATIONS, "updated_at")  # all ``_store`` writes
_STATUS_COLUMNS = frozenset(_STATUS_COLUMNS_ORDERED)
_UPDATE_STATUS = update(Request.__table__).where(Request.__table__.c.id == bindparam("_pk"))  # SET: the keys given


def _store(session: Session, request: Request, derived: Derived, *, by: str) -> list[dict[str, Any]]:
    """Set the request's fields to ``derived``; the StatusEvent of every change, as a row."""
    changes = []
    for name in _FIELDS:
        old, new = getattr(request, name), getattr(derived, name)
        if _text(old) == _text(new):
            continue
        cause_pk, rule = derived.causes.get(name, (None, "recomputed"))
        changes.append({"request_id": request.id, "field": name, "from_value": _text(old), "to_value": _text(new),
                        "message_pk": cause_pk, "rule": rule, "by": by, "note": None, "at": utcnow()})
        setattr(request, name, new)
    for name in _EXPLANATIONS:
        if getattr(request, name) != getattr(derived, name):
            setattr(request, name, getattr(derived, name))
    if changes:
        request.updated_at = utcnow()
        session.add(request)
    return changes


class StatusBatch:
    """``recompute`` for a batch of messages written in one session, without reading each request's
    messages again every time: a request's facts are read once, then kept as the batch changes
    them (``note`` every message the batch changes, after its change), and its fold is taken
    further while the new facts sort after the old ones (messages arrive in date order).

    Every ``recompute`` stores and logs exactly what ``models.status.recompute`` would at that
    point, so the history (the StatusEvent rows) is the same as recomputing message by message.
    The requests' status columns it changes are kept on the objects (the ORM is told they are
    written) and written with the events by ``write``: one statement for the batch, not a flush of
    each request after each message. Only for the session it was made for, only if every change to
    a message goes through ``note``, and only if nothing reads a request's status columns with SQL
    (instead of from its object) before ``write``."""

    def __init__(self) -> None:
        self._rows: dict[int, dict[int, _Row]] = {}  # request -> message -> fact row (counted ones)
        self._folds: dict[int, Fold] = {}
        self._results: dict[int, Derived] = {}  # each fold's last result
        self._events: list[dict[str, Any]] = []  # StatusEvent rows not written yet
        self._requests: dict[int, Request] = {}  # held: the session's identity map would drop them
        self._unwritten: dict[int, Request] = {}  # requests whose status columns changed since ``write``

    def request(self, session: Session, request_id: int) -> Request | None:
        """``session.get(Request, request_id)``, loaded once for the batch."""
        request = self._requests.get(request_id)
        if request is None:
            request = session.get(Request, request_id)
            if request is not None:
                self._requests[request_id] = request
        return request

    def registered(self, request: Request) -> None:
        """``request`` was just inserted in this session: no message counts for it yet (a message
        can only name a request that exists), so its facts need not be read."""
        self._requests[request.id] = request
        self._rows.setdefault(request.id, {})

    def note(self, message: Message) -> None:
        """``message`` was changed: its fact (and the request it counts for) as it is now."""
        for rows in self._rows.values():
            rows.pop(message.id, None)
        rows = self._rows.get(message.request_id) if message.request_id is not None else None
        if rows is not None and counts(message):
            rows[message.id] = _row(message.id, message.sent_at, message.created_at, message.direction, message.label,
                                    message.secondary_labels, message.extracted, message.message_id)

    def recompute(self, session: Session, request: Request, *, by: str = "foia-intake") -> int:
        """``models.status.recompute``; its StatusEvent rows are kept for ``write``. How many."""
        rows = self._rows.get(request.id)
        if rows is None:
            rows = self._rows[request.id] = _rows_for(session, [request.id])[request.id]
        facts = sorted((row.fact(request) for row in rows.values()), key=_fact_key)
        changes = _store(session, request, self._derive(request, facts), by=by)
        self._events += changes
        self._hold_back(request)
        return len(changes)

    def _hold_back(self, request: Request) -> None:
        """The status columns ``_store`` changed: to be written by ``write``, not by the ORM's flush."""
        changed = inspect(request).committed_state.keys() & _STATUS_COLUMNS
        if not changed:
            return
        for name in changed:
            set_committed_value(request, name, getattr(request, name))
        self._unwritten[request.id] = request

    def write(self, session: Session) -> None:
        """Write the requests' status columns and insert the StatusEvent rows of the batch, in the
        order they came (a statement each). Before the commit."""
        if self._unwritten:
            rows = [{"_pk": rid, **{name: getattr(request, name) for name in _STATUS_COLUMNS_ORDERED}}
                    for rid, request in self._unwritten.items()]
            session.connection().execute(_UPDATE_STATUS, rows)
            self._unwritten = {}
        if self._events:
            session.execute(insert(StatusEvent.__table__), self._events)
            self._events = []

    def _derive(self, request: Request, facts: list[MessageFact]) -> Derived:
        if request.closed_manually:
            self._folds.pop(request.id, None)
            self._results.pop(request.id, None)
            return _derive_from(request, facts)
        inputs = (request.submitted_on, request.jurisdiction, request.expedite_requested,
                  request.fee_waiver_requested)
        fold = self._folds.get(request.id)
        done = len(fold.facts) if fold is not None else 0
        if fold is None or fold.inputs != inputs or done > len(facts) or facts[:done] != fold.facts:
            fold = self._folds[request.id] = Fold(submitted_on=request.submitted_on, jurisdiction=request.jurisdiction,
                                                  expedite_requested=request.expedite_requested,
                                                  fee_waiver_requested=request.fee_waiver_requested)
            done = 0
        elif done == len(facts) and request.id in self._results:
            return self._results[request.id]  # nothing new: the same result (``_store`` only reads it)
        for fact in facts[done:]:
            fold.add(fact)
        result = self._results[request.id] = fold.result()
        return result


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, date):
        return value.isoformat()
    return str(value)
