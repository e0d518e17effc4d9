"""The tables. Status columns are written only by ``models.status``."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, LargeBinary, Text, UniqueConstraint, select
from sqlalchemy.orm import column_property
from sqlmodel import Field, SQLModel

from models.types import UTCDateTime, utcnow


# Python functions, not the builtins ``list``/``dict``: pydantic inspects a default factory's
# signature on every row built, and a builtin's is parsed from text each time (4 ms per message).
def empty_list() -> list:
    return []


def empty_dict() -> dict:
    return {}


def _ts(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(
        default=None,
        sa_type=UTCDateTime,
        nullable=nullable,
        index=index,
    )


class MessageState(StrEnum):
    NEW = "new"  # raw bytes stored, not analysed yet
    PROCESSED = "processed"
    NEEDS_REVIEW = "needs_review"  # analysed, but a person must look (low confidence, no match)
    QUARANTINED = "quarantined"  # the message itself is bad (unparseable, oversized)
    FAILED = "failed"  # processing hit a transient error; retried with backoff


class Direction(StrEnum):
    INCOMING = "in"
    OUTGOING = "out"


class LabelSource(StrEnum):
    AUTO = "auto"
    MANUAL = "manual"


class MatchRule(StrEnum):
    """How a message was tied to its request (``Message.match_rule``)."""

    THREAD = "thread"  # In-Reply-To / References
    SENT_REQUEST = "sent_request"  # our own request letter registered the request
    TRACKING_NUMBER = "tracking_number"
    REQUEST_REFERENCE = "request_reference"  # the requester's reference quoted
    AGENCY_ADDRESS = "agency_address"
    AGENCY_DOMAIN = "agency_domain"
    MANUAL = "manual"  # a person assigned it


class Request(SQLModel, table=True):
    """One FOIA request, registered from the sent letter or added by hand."""

    id: int | None = Field(default=None, primary_key=True)
    agency: str = ""
    agency_email: str | None = Field(default=None, index=True)
    agency_domain: str | None = Field(default=None, index=True)
    subject: str = ""
    reference: str | None = None  # the requester's own reference, if any
    jurisdiction: str = "federal"
    submitted_on: date | None = None
    sent_message_id: str | None = Field(default=None, index=True)
    expedite_requested: bool = False  # read from the request letter
    fee_waiver_requested: bool = False
    # Status fields: written only by models.status.
    status: str = "submitted"
    expedite_status: str = "not_requested"
    fee_waiver_status: str = "not_requested"
    received_on: date | None = None
    due_date: date | None = None  # the statutory deadline while no determination came; never a letter's date
    due_explanation: str | None = Field(default=None, sa_type=Text)
    clock_stopped_since: date | None = None  # the statutory clock is tolled, waiting on the requester
    estimated_completion: date | None = None  # the agency's own date, from its letter (open requests)
    estimated_completion_explanation: str | None = Field(default=None, sa_type=Text)
    respond_by: date | None = None
    appeal_by: date | None = None  # 90 days after the latest adverse determination
    appeal_explanation: str | None = Field(default=None, sa_type=Text)
    closed_manually: bool = False
    notes: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class TrackingNumber(SQLModel, table=True):
    """An agency-assigned number of a request; a request may carry several."""

    __table_args__ = (UniqueConstraint("request_id", "normalized"),)

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    number: str  # exactly as printed
    normalized: str = Field(index=True)  # upper case, OCR O/0 folded, separators removed
    message_id: int | None = Field(default=None, foreign_key="message.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Message(SQLModel, table=True):
    """One email, stored raw before anything else happens to it."""

    id: int | None = Field(default=None, primary_key=True)
    message_id: str | None = Field(default=None, index=True)  # the Message-ID header
    content_hash: str = Field(index=True)  # sha256 of the raw bytes
    direction: str = Direction.INCOMING
    # Where it was first seen (every sighting is a MessageLocation).
    source: str = ""
    folder: str = ""
    uidvalidity: int | None = None
    uid: str | None = None
    # The raw bytes live in MessageRaw (``Message.raw`` reads them, below).
    raw_size: int = 0
    headers_only: bool = False  # oversized: only the headers were fetched
    subject: str = ""
    from_addr: str = ""
    to_addrs: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON))
    sent_at: datetime | None = _ts()
    in_reply_to: str | None = None
    references: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON))
    body_text: str | None = Field(default=None, sa_type=Text)
    # Processing state.
    state: str = Field(default=MessageState.NEW, index=True)
    error: str | None = Field(default=None, sa_type=Text)
    attempts: int = 0
    next_attempt_at: datetime | None = _ts()
    processed_at: datetime | None = _ts()
    # What the machine (or a person) read in it.
    label: str | None = None
    secondary_labels: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON))
    confidence: float | None = None
    cues: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON))
    label_source: str = LabelSource.AUTO
    extracted: dict[str, Any] = Field(default_factory=empty_dict, sa_column=Column(JSON))
    request_id: int | None = Field(default=None, foreign_key="request.id", index=True)
    match_rule: str | None = None
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MessageRaw(SQLModel, table=True):
    """A message's raw bytes, in a table of their own: written once when the message is stored, and
    never rewritten by the updates of its ``Message`` row (SQLite rewrites a whole row, blob and
    all, on every UPDATE). ``message_pk`` is the rowid on SQLite, so the bytes can be read and
    written in slices (blob I/O)."""

    __tablename__ = "message_raw"

    message_pk: int = Field(foreign_key="message.id", primary_key=True, sa_column_kwargs={"autoincrement": False})
    raw: bytes | None = Field(default=None, sa_column=Column(LargeBinary))


# ``Message.raw``: the stored bytes, loaded with the row as a column was (``defer(Message.raw)`` leaves
# them out), read-only: they are written through MessageRaw (``inbox_worker.raw_store``).
Message.raw = column_property(
    select(MessageRaw.raw).where(MessageRaw.message_pk == Message.id).correlate_except(MessageRaw).scalar_subquery())


class MessageLocation(SQLModel, table=True):
    """One sighting of a message in a mailbox folder: the per-message status row.

    Keyed on source + folder + UIDVALIDITY + UID, so a re-sync never takes a message twice and a
    UIDVALIDITY change is seen as a new epoch, not as old UIDs.
    """

    __table_args__ = (UniqueConstraint("source", "folder", "uidvalidity", "uid"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str
    folder: str
    uidvalidity: int = 0
    uid: str
    message_pk: int = Field(foreign_key="message.id", index=True)
    post_action_done: bool = False
    seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Attachment(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    message_pk: int = Field(foreign_key="message.id", index=True)
    filename: str = ""
    content_type: str = ""
    size: int = 0
    sha256: str = ""
    text: str | None = Field(default=None, sa_type=Text)
    text_method: str | None = None  # "pdf-text", "ocr", None
    error: str | None = None


class StatusEvent(SQLModel, table=True):
    """One change of a request's status fields: the history."""

    id: int | None = Field(default=None, primary_key=True)
    request_id: int = Field(foreign_key="request.id", index=True)
    field: str = "status"  # status | expedite_status | fee_waiver_status | due_date | estimated_completion | respond_by | appeal_by | label | request
    from_value: str | None = None
    to_value: str | None = None
    message_pk: int | None = Field(default=None, foreign_key="message.id")
    rule: str = ""
    by: str = "foia-intake"
    note: str | None = Field(default=None, sa_type=Text)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class LabelChange(SQLModel, table=True):
    """A manual reclassification: who, when, before and after."""

    id: int | None = Field(default=None, primary_key=True)
    message_pk: int = Field(foreign_key="message.id", index=True)
    before_label: str | None = None
    before_secondary: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON))
    after_label: str
    after_secondary: list[str] = Field(default_factory=empty_list, sa_column=Column(JSON))
    by: str = ""
    note: str | None = Field(default=None, sa_type=Text)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class MailboxState(SQLModel, table=True):
    """Per-folder checkpoint: highest UID fully committed within a UIDVALIDITY epoch."""

    __table_args__ = (UniqueConstraint("source", "folder"),)

    id: int | None = Field(default=None, primary_key=True)
    source: str
    folder: str
    uidvalidity: int = 0
    last_uid: int = 0
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Lease(SQLModel, table=True):
    """A short lease on a mailbox folder, so that several daemons never process it at once."""

    name: str = Field(primary_key=True)
    holder: str
    expires_at: datetime = Field(sa_type=UTCDateTime)


class DigestState(StrEnum):
    PENDING = "pending"  # the intent is recorded; not sent yet (or the last attempt failed)
    SENDING = "sending"  # connected and handing the message over; a crash here is never resent
    SENT = "sent"
    SKIPPED = "skipped"  # an empty day, and digest.send_empty is off


class DigestRun(SQLModel, table=True):
    """One daily digest: the window of events it covers, and whether it went out.

    Windows chain (each starts where the previous one ended), so every event falls in exactly one.
    The row is written before the email is sent; the Message-ID is fixed then.
    """

    __tablename__ = "digest_run"

    id: int | None = Field(default=None, primary_key=True)
    window_from: datetime | None = Field(default=None, sa_type=UTCDateTime, unique=True)  # None: from the beginning
    window_to: datetime = Field(sa_type=UTCDateTime, index=True)
    # The events it covers, by id: (after, through]. Ids, not times: a row committed a moment late
    # still has a higher id than every row the previous digest saw (SQLite writes one at a time).
    messages_after: int = 0
    messages_through: int = 0
    events_after: int = 0
    events_through: int = 0
    message_id: str = Field(unique=True)
    state: str = Field(default=DigestState.PENDING, index=True)
    attempts: int = 0
    next_attempt_at: datetime | None = _ts()
    last_error: str | None = Field(default=None, sa_type=Text)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    sent_at: datetime | None = _ts()


class ServiceHealth(SQLModel, table=True):
    """What the running service last saw of each mailbox, for ``status`` and health checks.

    Written by ``inbox_worker.health`` around every poll; read by ``foia-intake status``.
    """

    __tablename__ = "service_health"

    source: str = Field(primary_key=True)
    poll_interval_seconds: int = 60
    started_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_attempt_at: datetime | None = _ts()
    last_success_at: datetime | None = _ts()
    last_error: str | None = Field(default=None, sa_type=Text)
    login_refused: bool = False
