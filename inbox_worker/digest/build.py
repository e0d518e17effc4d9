"""What the digest says, read from the database into typed rows (no formatting here)."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum

from sqlmodel import Session, col, select

from inbox_worker.digest.deadlines import CAN_BE_OVERDUE, DeadlineKind, deadlines_by_request
from inbox_worker.digest.ledger import Window
from inbox_worker.digest.sentence import deadline_sentence
from inbox_worker.views import tracking_numbers
from models.status import OPEN, Status
from models.tables import (
    Attachment,
    Direction,
    LabelSource,
    Message,
    MessageState,
    Request,
    StatusEvent,
)

PRODUCTION_LABELS = frozenset({"production_interim", "production_final"})
UNREAD = "not read yet"
REVIEW_STATES = [str(x) for x in (MessageState.NEEDS_REVIEW, MessageState.QUARANTINED, MessageState.FAILED)]


class ActionKind(StrEnum):
    ANSWER = "answer the agency"  # a clarification, or "are you still interested?"
    FEE_DECISION = "decide on the fee"


class ReviewReason(StrEnum):
    UNMATCHED = "no matching request"
    LOW_CONFIDENCE = "low confidence"
    QUARANTINED = "quarantined"
    FAILED = "failed"


@dataclass(frozen=True)
class RequestRef:
    id: int
    subject: str
    agency: str
    tracking: tuple[str, ...]


@dataclass(frozen=True)
class ActionItem:
    request: RequestRef
    kind: ActionKind
    due: date | None
    days_left: int | None
    fee_amount: float | None
    sentence: str | None
    message_pk: int | None


@dataclass(frozen=True)
class OverdueItem:
    request: RequestRef
    kind: DeadlineKind
    due: date
    days_overdue: int
    explanation: str


@dataclass(frozen=True)
class ReplyItem:
    message_pk: int
    subject: str
    from_addr: str
    request: RequestRef | None


@dataclass(frozen=True)
class StatusChange:
    request: RequestRef
    field: str
    from_value: str | None
    to_value: str | None
    at: datetime
    rule: str


@dataclass(frozen=True)
class AttachmentInfo:
    name: str
    size: int


@dataclass(frozen=True)
class RecordsItem:
    message_pk: int
    subject: str
    request: RequestRef | None
    attachments: tuple[AttachmentInfo, ...]


@dataclass(frozen=True)
class ReviewItem:
    message_pk: int
    subject: str
    from_addr: str
    reasons: tuple[ReviewReason, ...]
    detail: str
    command: str


@dataclass(frozen=True)
class Digest:
    window_from: datetime | None
    window_to: datetime
    today: date
    actions: list[ActionItem] = field(default_factory=list)
    overdue: list[OverdueItem] = field(default_factory=list)
    replies: dict[str, list[ReplyItem]] = field(default_factory=dict)
    changes: list[StatusChange] = field(default_factory=list)
    records: list[RecordsItem] = field(default_factory=list)
    review: list[ReviewItem] = field(default_factory=list)
    open_by_status: list[tuple[str, int]] = field(default_factory=list)
    closed_total: int = 0

    @property
    def is_empty(self) -> bool:
        """Nothing to do, nothing overdue, nothing new, nothing to review (the totals do not count)."""
        return not (self.actions or self.overdue or self.replies or self.changes or self.records or self.review)

    @property
    def open_total(self) -> int:
        return sum(n for _, n in self.open_by_status)


def one_line(text: str | None) -> str:
    """Header text as one line (folded subjects keep their line breaks)."""
    return " ".join((text or "").split())


class _Refs:
    """Request references, read once per request."""

    def __init__(self, s: Session) -> None:
        self.s, self.cache = s, {}

    def get(self, request_id: int | None) -> RequestRef | None:
        if request_id is None:
            return None
        if request_id not in self.cache:
            req = self.s.get(Request, request_id)
            self.cache[request_id] = None if req is None else RequestRef(
                req.id, one_line(req.subject), one_line(req.agency), tuple(tracking_numbers(self.s, req.id)))
        return self.cache[request_id]

    def of(self, req: Request) -> RequestRef:
        ref = self.get(req.id)
        assert ref is not None
        return ref


def build_digest(s: Session, *, window: Window, today: date, review_threshold: float) -> Digest:
    """The digest of the events in ``window``, with deadlines and the review queue as of ``today``."""
    refs = _Refs(s)
    actions, overdue = deadline_items(s, today=today, refs=refs)
    incoming = s.exec(select(Message).where(
        Message.direction == Direction.INCOMING,
        col(Message.id) > window.messages_after, col(Message.id) <= window.messages_through,
    ).order_by(Message.id)).all()
    events = s.exec(select(StatusEvent).where(
        col(StatusEvent.id) > window.events_after, col(StatusEvent.id) <= window.events_through,
    ).order_by(StatusEvent.at, StatusEvent.id)).all()
    return Digest(
        window_from=window.since, window_to=window.until, today=today,
        actions=actions, overdue=overdue,
        replies=_replies(incoming, refs),
        changes=_changes(events, refs),
        records=_records(s, incoming, refs),
        review=review_items(s, review_threshold=review_threshold),
        open_by_status=_open_by_status(s),
        closed_total=len(s.exec(select(Request.id).where(col(Request.status).not_in([str(x) for x in OPEN]))).all()),
    )


def deadline_items(s: Session, *, today: date, refs: _Refs | None = None) -> tuple[list[ActionItem], list[OverdueItem]]:
    """What waits on the requester (soonest first, undated last) and what the agency let pass (longest overdue first)."""
    refs = refs or _Refs(s)
    actions: list[ActionItem] = []
    overdue: list[OverdueItem] = []
    requests = list(s.exec(select(Request).where(col(Request.status).in_([str(x) for x in OPEN])).order_by(Request.id)))
    deadlines = deadlines_by_request(s, requests)
    for req in requests:
        for deadline in deadlines[req.id]:
            if deadline.kind == DeadlineKind.RESPOND_BY:
                actions.append(_action(s, refs.of(req), deadline.date, deadline.message_pk, today=today))
            elif deadline.kind in CAN_BE_OVERDUE and deadline.date is not None and deadline.date < today:
                overdue.append(OverdueItem(refs.of(req), deadline.kind, deadline.date,
                                           (today - deadline.date).days, deadline.explanation))
    actions.sort(key=lambda a: (a.due is None, a.due or today, a.request.id))
    overdue.sort(key=lambda o: (o.due, o.request.id))
    return actions, overdue


def attention_counts(s: Session) -> dict[str, int]:
    """For `status`: how much is overdue, waiting on you, and waiting for review (today in UTC)."""
    actions, overdue = deadline_items(s, today=datetime.now(UTC).date())
    review = s.exec(select(Message.id).where(col(Message.state).in_(REVIEW_STATES))).all()
    return {"overdue": len(overdue), "waiting_on_you": len(actions), "needs_review": len(review)}


def _action(s: Session, ref: RequestRef, due: date | None, message_pk: int | None, *, today: date) -> ActionItem:
    msg = s.get(Message, message_pk) if message_pk is not None else None
    labels = {msg.label, *(msg.secondary_labels or [])} if msg else set()
    extracted = (msg.extracted or {}) if msg else {}
    sentence = None
    if msg is not None:
        texts = [msg.body_text, *s.exec(select(Attachment.text).where(Attachment.message_pk == msg.id)).all()]
        sentence = deadline_sentence(extracted, texts, role="respond_by", iso_date=due.isoformat() if due else None)
    fee = extracted.get("fee_amount") if "fee_notice" in labels else None
    return ActionItem(
        request=ref, kind=ActionKind.FEE_DECISION if "fee_notice" in labels else ActionKind.ANSWER,
        due=due, days_left=(due - today).days if due else None,
        fee_amount=float(fee) if isinstance(fee, (int, float)) else None,
        sentence=sentence, message_pk=message_pk,
    )


def _replies(incoming: list[Message], refs: _Refs) -> dict[str, list[ReplyItem]]:
    groups: dict[str, list[ReplyItem]] = defaultdict(list)
    for m in incoming:
        label = m.label if m.state not in (MessageState.NEW, MessageState.FAILED) and m.label else UNREAD
        groups[label].append(ReplyItem(m.id, one_line(m.subject), one_line(m.from_addr), refs.get(m.request_id)))
    return dict(sorted(groups.items()))


def _changes(events: list[StatusEvent], refs: _Refs) -> list[StatusChange]:
    out = []
    for e in events:
        ref = refs.get(e.request_id)
        if ref is not None:
            out.append(StatusChange(ref, e.field, e.from_value, e.to_value, e.at, e.rule))
    return out


def _records(s: Session, incoming: list[Message], refs: _Refs) -> list[RecordsItem]:
    out = []
    for m in incoming:
        if not ({m.label, *(m.secondary_labels or [])} & PRODUCTION_LABELS):
            continue
        files = s.exec(select(Attachment).where(Attachment.message_pk == m.id).order_by(Attachment.id)).all()
        out.append(RecordsItem(m.id, one_line(m.subject), refs.get(m.request_id),
                               tuple(AttachmentInfo(a.filename or "(unnamed)", a.size) for a in files)))
    return out


def review_items(s: Session, *, review_threshold: float) -> list[ReviewItem]:
    """Messages a person must look at, each with the command that settles it."""
    rows = s.exec(select(Message).where(col(Message.state).in_(REVIEW_STATES)).order_by(Message.id)).all()
    out = []
    for m in rows:
        reasons: list[ReviewReason] = []
        if m.state == MessageState.QUARANTINED:
            reasons.append(ReviewReason.QUARANTINED)
        elif m.state == MessageState.FAILED:
            reasons.append(ReviewReason.FAILED)
        else:
            if m.request_id is None:
                reasons.append(ReviewReason.UNMATCHED)
            if m.label_source == LabelSource.AUTO and m.confidence is not None and m.confidence < review_threshold:
                reasons.append(ReviewReason.LOW_CONFIDENCE)
        out.append(ReviewItem(m.id, one_line(m.subject), one_line(m.from_addr), tuple(reasons), _detail(m), _command(m, reasons)))
    return out


def _detail(m: Message) -> str:
    if m.state in (MessageState.QUARANTINED, MessageState.FAILED):
        return (m.error or "").strip().splitlines()[0][:200] if m.error else ""
    parts = []
    if m.label:
        parts.append(f"read as {m.label}" + (f" ({m.confidence:.2f})" if m.confidence is not None else ""))
    suggestions = (m.extracted or {}).get("match_suggestions") or []
    if m.request_id is None and suggestions:
        parts.append("maybe request " + ", ".join(str(x.get("request_id", x)) if isinstance(x, dict) else str(x)
                                                  for x in suggestions[:3]))
    return "; ".join(parts)


def _command(m: Message, reasons: list[ReviewReason]) -> str:
    if ReviewReason.QUARANTINED in reasons or ReviewReason.FAILED in reasons:
        return f"foia-intake messages retry {m.id}"
    if ReviewReason.UNMATCHED in reasons:
        return f"foia-intake assign {m.id} REQUEST_ID"
    return f"foia-intake reclassify {m.id} {m.label or 'LABEL'}"


def _open_by_status(s: Session) -> list[tuple[str, int]]:
    counts = Counter(s.exec(select(Request.status)).all())
    return [(str(status), counts[str(status)]) for status in Status if status in OPEN and counts[str(status)]]
