"""Messages, end to end: store raw -> parse -> nlp -> match -> status -> commit.

``store_batch`` commits the raw bytes of a batch in one transaction (a crash after that loses
nothing); ``analyse_batch`` reads each stored message and commits the results of the batch together.
``process_message`` does both for one message. The intake loop (``inbox_worker.sync``), retries,
the CLI and the tests all go through these.

Every step that depends on the message runs under the per-message guard: whatever one message
makes a step raise, it is stored and quarantined with its error and the next message is read. Reading
a message is bounded: sizes are capped, and a time budget per message quarantines it as too costly.
"""

from __future__ import annotations

import hashlib
import json
import logging
import re
import time
import traceback
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import BrokenExecutor, CancelledError, Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from threading import Event
from typing import Any

from sqlalchemy import Engine, String, bindparam, cast, delete, insert, inspect, update
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.orm import defer
from sqlalchemy.orm.attributes import set_attribute, set_committed_value
from sqlmodel import Session, col, select

from inbox_worker import observe, raw_store, read_pool
from inbox_worker.attachment_text import AttachmentText, ReadBudget, extract_text
from inbox_worker.errors import (
    MessageError,
    OversizedMessage,
    StopRequested,
    TooCostly,
    TransientError,
)
from inbox_worker.matching import MatchCache, attach_tracking_numbers, match_message
from inbox_worker.parse import (
    LARGE_MESSAGE_BYTES,
    ParsedMail,
    RawAttachment,
    RawSlices,
    clean_json,
    clean_message_id,
    clean_text,
    header_date,
    parse_mail,
    peek_headers,
)
from inbox_worker.registry import register_outgoing
from inbox_worker.sources.base import Incoming
from models.db import session_scope
from models.status import StatusBatch
from models.tables import (
    Attachment,
    Direction,
    LabelSource,
    MatchRule,
    Message,
    MessageLocation,
    MessageRaw,
    MessageState,
    utcnow,
)
from nlp import Letter, Reading, read
from nlp.autoreply import automatic_kind
from nlp.text import html_to_text, strip_quoted

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)
# The database is down or busy: retried. Anything else a message makes the database refuse
# (a value it cannot hold) is the message's fault: quarantined.
TRANSIENT_DB_ERRORS = (OperationalError, InterfaceError)
_NO_RAW = (defer(Message.raw),)  # a message row loaded without its bytes (read when needed)


class Outcome(StrEnum):
    ALREADY_SEEN = "already_seen"  # this folder/UID was taken before
    DUPLICATE = "duplicate"  # the same message arrived again elsewhere (CC, copy)
    PROCESSED = "processed"
    NEEDS_REVIEW = "needs_review"
    QUARANTINED = "quarantined"
    FAILED = "failed"
    STORED = "stored"  # raw bytes committed, not analysed yet (a stop came first)


FINAL_OUTCOMES = frozenset(Outcome) - {Outcome.STORED}


@dataclass(frozen=True)
class Result:
    outcome: Outcome
    message_pk: int | None
    error: str | None = None
    label: str | None = None
    request_id: int | None = None


@dataclass(frozen=True)
class Pipeline:
    """The per-run knobs of processing."""

    review_threshold: float = 0.55
    default_jurisdiction: str = "federal"
    budget_seconds: float = 60.0  # reading one message takes longer: quarantined as too costly
    max_text_chars: int = 200_000  # of body and of each attachment's text handed to nlp
    read_workers: int = 0  # processes that read a batch ahead while this one writes (0: read here)


@dataclass
class Budget:
    """The time one message may take to read, and the stop request checked between its steps."""

    seconds: float
    stop: Event | None = None
    timings: Counter | None = None  # wall time per step, summed over messages
    started: float = field(default=0.0, init=False)
    last: float = field(default=0.0, init=False)

    def __post_init__(self) -> None:
        self.started = self.last = time.monotonic()

    def lap(self, step: str) -> None:
        """Add the time since the last lap to ``step``'s."""
        if self.timings is not None:
            now = time.monotonic()
            self.timings[step.split(" ", 1)[0]] += now - self.last
            self.last = now

    def check(self, step: str) -> None:
        """The end of ``step``: raise StopRequested or TooCostly if reading should not go on."""
        self.lap(step)
        if self.stop is not None and self.stop.is_set():
            raise StopRequested(f"stop requested while reading the message ({step})")
        spent = time.monotonic() - self.started
        if spent > self.seconds:
            raise TooCostly(f"reading it took over {self.seconds:g} s, the budget per message "
                            f"({spent:.1f} s by the end of step {step})")


# Headers added in transit: two deliveries of one message (CC to several addresses) differ only here.
_TRACE_HEADERS = re.compile(
    rb"^(?:received|delivered-to|return-path|x-original-to|x-received|arc-[a-z-]+|authentication-results|"
    rb"received-spf|dkim-signature|x-google-[a-z-]+|x-gm-[a-z-]+|x-ms-exchange-[a-z-]+|x-forefront-[a-z-]+|"
    rb"x-spam-[a-z-]+|x-virus-[a-z-]+|envelope-to|x-envelope-[a-z-]+)\s*:",
    re.I,
)


def content_hash(raw: bytes) -> str:
    """sha256 of the message without its transit headers: equal for every delivered copy."""
    end = raw.find(b"\r\n\r\n")
    end = end if end >= 0 else raw.find(b"\n\n")
    if end < 0:
        return hashlib.sha256(raw).hexdigest()
    kept, skipping = [], False
    for line in raw[:end].splitlines():
        if line[:1] in (b" ", b"\t"):
            if not skipping:
                kept.append(line)
            continue
        skipping = bool(_TRACE_HEADERS.match(line))
        if not skipping:
            kept.append(line)
    digest = hashlib.sha256(b"\n".join(kept))
    start = end
    while start < len(raw):  # the body in slices: no second copy of a large message
        stop = min(start + (1 << 20), len(raw))
        if raw[stop - 1:stop] == b"\r":
            stop = min(stop + 1, len(raw))  # never split a CRLF
        digest.update(raw[start:stop].replace(b"\r\n", b"\n"))
        start = stop
    return digest.hexdigest()


def process_message(engine: Engine, item: Incoming, *, pipeline: Pipeline = Pipeline(),
                    stop: Event | None = None) -> Result:
    """Store one incoming message and process it. Never raises for a bad message."""
    stored = store_message(engine, item)
    if stored.outcome != Outcome.STORED:
        return stored
    return analyse_message(engine, stored.message_pk, pipeline=pipeline, stop=stop)


# -- storing --------------------------------------------------------------------------------------

def store_batch(engine: Engine, items: Sequence[Incoming]) -> list[Result]:
    """Commit the raw bytes and sightings of several messages in one transaction.

    ``STORED`` means "stored, analyse it". If one message makes the batch fail, each is stored
    on its own so that only that one is quarantined."""
    if not items:
        return []
    try:
        with session_scope(engine) as s:
            return _store_many(s, items)
    except TRANSIENT_DB_ERRORS as err:
        raise TransientError(f"database unavailable while storing messages: {err.orig}") from err
    except Exception:  # noqa: BLE001 (one message broke the batch: store them one by one)
        log.info("a message broke the stored batch; storing its %d messages one by one", len(items))
        return [store_message(engine, item) for item in items]


def store_message(engine: Engine, item: Incoming) -> Result:
    """Commit the raw bytes and the sighting of one message; a message that cannot be stored as
    read is stored bare (raw bytes and sighting) and quarantined with its error."""
    try:
        with session_scope(engine) as s:
            return _store_in(s, item)
    except TRANSIENT_DB_ERRORS as err:
        raise TransientError(f"database unavailable while storing a message: {err.orig}") from err
    except Exception as err:  # noqa: BLE001 (the message's content broke the store)
        return _store_bare(engine, item, err)


def _store_many(s: Session, items: Sequence[Incoming]) -> list[Result]:
    """``_store_in`` for a batch, in a few statements: the sightings and the same messages
    already stored are looked up together, the new rows inserted together."""
    keys = [_StoreKey.of(item) for item in items]
    seen: dict[tuple[str, str, int, str], int] = {}
    for (source, folder, uidvalidity), uids in _group_uids(items).items():
        rows = s.exec(select(MessageLocation.uid, MessageLocation.message_pk).where(
            MessageLocation.source == source, MessageLocation.folder == folder,
            MessageLocation.uidvalidity == uidvalidity, col(MessageLocation.uid).in_(uids))).all()
        seen.update({(source, folder, uidvalidity, uid): pk for uid, pk in rows})
    # (hash, direction, Message-ID) -> (pk or None, index of a row new in this batch or None, state)
    same: dict[tuple[str, str, str | None], tuple[int | None, int | None, str]] = {}
    rows = s.exec(select(Message.id, Message.content_hash, Message.direction, Message.message_id, Message.state)
                  .where(col(Message.content_hash).in_({k.digest for k in keys})).order_by(col(Message.id))).all()
    for pk, digest, direction, msgid, state in rows:
        same.setdefault((digest, direction, msgid), (pk, None, state))
    states = dict(s.exec(select(Message.id, Message.state).where(col(Message.id).in_(set(seen.values())))).all()) if seen else {}
    # Decide each item in order, as one by one: a later item may be a copy of an earlier new one.
    plans: list[tuple[Outcome, int | None, int | None]] = []  # (outcome, pk, index of a new row)
    new_rows: list[dict] = []
    new_raws: list[bytes] = []
    locations: list[tuple[Incoming, int | None, int | None]] = []
    taken: dict[tuple[str, str, int, str], tuple[int | None, int | None, str]] = {}
    for item, key in zip(items, keys, strict=True):
        where = (item.source, item.folder, item.uidvalidity, item.uid)
        if where in seen or where in taken:  # a sighting stored before, or twice in this batch
            pk, index, state = taken.get(where) or (seen[where], None, states.get(seen[where]))
            plans.append((Outcome.STORED if state == MessageState.NEW else Outcome.ALREADY_SEEN, pk, index))
            continue
        found = same.get((key.digest, str(item.direction), key.msgid))
        if found is None:
            found = (None, len(new_rows), MessageState.NEW)
            new_rows.append(_new_row(item, key))
            new_raws.append(item.raw)
            same[(key.digest, str(item.direction), key.msgid)] = found
            outcome = Outcome.STORED
        else:
            outcome = Outcome.STORED if found[2] == MessageState.NEW else Outcome.DUPLICATE
        taken[where] = found
        locations.append((item, found[0], found[1]))
        plans.append((outcome, found[0], found[1]))
    pks: list[int] = []
    # Core statements on the session's connection: the ORM's bulk INSERT costs several times as much
    # per row for the same statement (every column is given, as the ORM would write it).
    if new_rows:
        inserted = s.connection().execute(_INSERT_MESSAGES, new_rows)
        pks = [row[0] for row in inserted]
        raw_store.write(s, zip(pks, new_raws, strict=True))
    if locations:
        s.connection().execute(_INSERT_LOCATIONS, [_location_row(item, pk if index is None else pks[index])
                                                   for item, pk, index in locations])
    return [Result(outcome, pk if index is None else pks[index]) for outcome, pk, index in plans]


_INSERT_MESSAGES = insert(Message.__table__).returning(Message.__table__.c.id, sort_by_parameter_order=True)
_INSERT_LOCATIONS = insert(MessageLocation.__table__)


@dataclass(frozen=True)
class _StoreKey:
    digest: str
    msgid: str | None
    headers: dict[str, str]

    @classmethod
    def of(cls, item: Incoming) -> _StoreKey:
        headers = peek_headers(item.raw)
        msgid = clean_message_id(clean_text(headers.get("message-id", ""))[:998])
        return cls(content_hash(item.raw), msgid, headers)


def _group_uids(items: Sequence[Incoming]) -> dict[tuple[str, str, int], list[str]]:
    groups: dict[tuple[str, str, int], list[str]] = {}
    for item in items:
        groups.setdefault((item.source, item.folder, item.uidvalidity), []).append(item.uid)
    return groups


def _new_row(item: Incoming, key: _StoreKey) -> dict:
    """A new ``Message`` row as the ORM would write it (every default spelled out)."""
    headers = key.headers
    return {
        "message_id": key.msgid, "content_hash": key.digest, "direction": str(item.direction),
        "source": item.source, "folder": item.folder, "uidvalidity": item.uidvalidity, "uid": item.uid,
        "raw_size": item.size or len(item.raw), "headers_only": item.headers_only,
        "subject": _short(headers.get("subject", "")), "from_addr": _short(headers.get("from", "")),
        "to_addrs": [], "sent_at": header_date(headers.get("date")), "in_reply_to": None, "references": [],
        "body_text": None, "state": str(MessageState.NEW), "error": None, "attempts": 0, "next_attempt_at": None,
        "processed_at": None, "label": None, "secondary_labels": [], "confidence": None, "cues": [],
        "label_source": str(LabelSource.AUTO), "extracted": {}, "request_id": None, "match_rule": None,
        "created_at": utcnow(),
    }


def _location_row(item: Incoming, message_pk: int | None) -> dict:
    return {"source": item.source, "folder": item.folder, "uidvalidity": item.uidvalidity, "uid": item.uid,
            "message_pk": message_pk, "post_action_done": False, "seen_at": utcnow()}


def _store_in(s: Session, item: Incoming) -> Result:
    digest = content_hash(item.raw)
    headers = peek_headers(item.raw)
    msgid = clean_message_id(clean_text(headers.get("message-id", ""))[:998])
    seen = s.exec(
        select(MessageLocation).where(
            MessageLocation.source == item.source,
            MessageLocation.folder == item.folder,
            MessageLocation.uidvalidity == item.uidvalidity,
            MessageLocation.uid == item.uid,
        )
    ).first()
    if seen:
        stored = s.get(Message, seen.message_pk, options=_NO_RAW)
        if stored is not None and stored.state == MessageState.NEW:
            return Result(Outcome.STORED, stored.id)  # stored before a crash, not analysed
        return Result(Outcome.ALREADY_SEEN, seen.message_pk)
    existing = _find_same(s, msgid, digest, item.direction)
    if existing is not None:
        s.add(_location(item, existing.id))
        if existing.state == MessageState.NEW:
            return Result(Outcome.STORED, existing.id)  # stored earlier, never analysed
        return Result(Outcome.DUPLICATE, existing.id)
    msg = Message(
        message_id=msgid, content_hash=digest, direction=item.direction,
        source=item.source, folder=item.folder, uidvalidity=item.uidvalidity, uid=item.uid,
        raw_size=item.size or len(item.raw), headers_only=item.headers_only,
        subject=_short(headers.get("subject", "")), from_addr=_short(headers.get("from", "")),
        sent_at=header_date(headers.get("date")),
    )
    s.add(msg)
    s.flush()
    raw_store.write(s, [(msg.id, item.raw)])
    s.add(_location(item, msg.id))
    return Result(Outcome.STORED, msg.id)


def _location(item: Incoming, message_pk: int | None) -> MessageLocation:
    return MessageLocation(source=item.source, folder=item.folder, uidvalidity=item.uidvalidity,
                           uid=item.uid, message_pk=message_pk)


def _store_bare(engine: Engine, item: Incoming, err: Exception) -> Result:
    error = f"could not be stored as read: {_describe(err)}"
    log.warning("%s %s UID %s: %s; stored bare and quarantined", item.source, item.folder, item.uid, error)
    try:
        with session_scope(engine) as s:
            msg = Message(content_hash=content_hash(item.raw), direction=item.direction, source=item.source,
                          folder=item.folder, uidvalidity=item.uidvalidity, uid=item.uid,
                          raw_size=item.size or len(item.raw), headers_only=item.headers_only,
                          state=MessageState.QUARANTINED, error=error, processed_at=utcnow())
            s.add(msg)
            s.flush()
            raw_store.write(s, [(msg.id, item.raw)])
            s.add(_location(item, msg.id))
            return Result(Outcome.QUARANTINED, msg.id, error)
    except DBAPIError as again:
        raise TransientError(f"database refused a message, even bare: {again.orig}") from again


def _find_same(s: Session, msgid: str | None, digest: str, direction: str) -> Message | None:
    """The same message stored before: same content (transit headers aside), same Message-ID
    and direction. A different message reusing a Message-ID is stored on its own, not dropped."""
    query = select(Message).options(*_NO_RAW).where(Message.content_hash == digest, Message.direction == direction)
    query = query.where(Message.message_id == msgid) if msgid else query.where(col(Message.message_id).is_(None))
    return s.exec(query).first()


def _short(value: str, limit: int = 500) -> str:
    return clean_text(" ".join(value.split())[:limit])


def _describe(err: BaseException) -> str:
    return "".join(traceback.format_exception_only(err)).strip()[:2000]


# -- reading --------------------------------------------------------------------------------------

def _raw_of(msg: Message) -> bytes:
    """The message's raw bytes: as loaded with it, or read from their table when they were left out."""
    session = Session.object_session(msg)
    if "raw" in msg.__dict__ or session is None:
        return msg.raw or b""
    return raw_store.read(session, msg.id)


@dataclass(frozen=True)
class AttachmentResult:
    filename: str
    content_type: str
    size: int
    sha256: str
    text: AttachmentText


@dataclass(frozen=True)
class MessageReading:
    """What was read from one message before anything is written: parse, text, nlp."""

    parsed: ParsedMail
    letter: Letter
    attachments: tuple[AttachmentResult, ...]
    reading: Reading | None  # incoming mail only


def _read(msg: Message, pipeline: Pipeline, budget: Budget) -> MessageReading:
    """Parse and understand a stored message. Raises MessageError (quarantine) or StopRequested.
    A large one is read from the database a slice at a time: never held whole beside its decoded parts."""
    session = Session.object_session(msg)
    how = {"headers_only": msg.headers_only, "raw_size": msg.raw_size, "outgoing": msg.direction == Direction.OUTGOING,
           "pipeline": pipeline, "budget": budget}
    if session is not None and "raw" not in msg.__dict__ and msg.raw_size > LARGE_MESSAGE_BYTES and not msg.headers_only:
        with raw_store.slices(session, msg.id) as raw:
            return _read_bytes(raw, **how)
    return _read_bytes(_raw_of(msg), **how)


def _read_bytes(raw: bytes | RawSlices, *, headers_only: bool, raw_size: int, outgoing: bool, pipeline: Pipeline,
                budget: Budget) -> MessageReading:
    if headers_only:
        raise OversizedMessage(
            f"message is {raw_size} bytes, over the maximum message size (imap.max_message_bytes); only its headers were fetched"
        )
    parsed = parse_mail(raw)
    del raw
    budget.check("parse")
    letter, attachments = _letter(parsed, pipeline=pipeline, budget=budget)
    reading = None
    if not outgoing:
        reading = read(letter)
        budget.check("nlp")
    return MessageReading(parsed, letter, attachments, reading)


# -- reading in worker processes ------------------------------------------------------------------

REMOTE_MAX_BYTES = 2 * 1024 * 1024  # a larger message is read in this process (its bytes are not copied)
READ_AHEAD_BYTES = 16 * 1024 * 1024  # raw bytes of a batch handed to the readers at once, at most
HANG_GRACE_SECONDS = 5.0  # a reader past its budget by this much is taken for hung and replaced


class ReadBug(Exception):
    """An unexpected error while a worker read a message (a parser or nlp bug): quarantined."""

    def __init__(self, kind: str, text: str, trace: str) -> None:
        super().__init__(kind, text, trace)
        self.kind, self.text, self.trace = kind, text, trace

    def __str__(self) -> str:
        return f"{self.kind}: {self.text}"


def _read_remote(raw: bytes, *, headers_only: bool, raw_size: int, outgoing: bool,
                 pipeline: Pipeline) -> tuple[MessageReading, Counter]:
    """In a reader: ``_read_bytes`` with its own budget; its step timings travel back."""
    timings: Counter = Counter()
    try:
        what = _read_bytes(raw, headers_only=headers_only, raw_size=raw_size, outgoing=outgoing,
                           pipeline=pipeline, budget=Budget(pipeline.budget_seconds, None, timings))
    except MessageError:
        raise
    except Exception as err:  # noqa: BLE001 (sent back as text: any exception may not pickle)
        raise ReadBug(type(err).__name__, str(err)[:2000], traceback.format_exc()[-4000:]) from None
    return what, timings


READ_CHUNK_MESSAGES = 8  # messages handed to a reader in one task: one round trip, not eight
READ_CHUNK_BYTES = 1024 * 1024  # of raw bytes in one task, at most (one larger message goes alone)


def _read_chunk(jobs: list[tuple[bytes, int, bool]], pipeline: Pipeline) -> list[tuple[bool, Any]]:
    """In a reader: ``_read_remote`` of each ``(raw, raw_size, outgoing)``, in order; per message
    ``(True, (reading, timings))`` or ``(False, the MessageError or ReadBug it raised)``."""
    out: list[tuple[bool, Any]] = []
    for raw, raw_size, outgoing in jobs:
        try:
            out.append((True, _read_remote(raw, headers_only=False, raw_size=raw_size, outgoing=outgoing,
                                           pipeline=pipeline)))
        except (MessageError, ReadBug) as err:
            out.append((False, err))
    return out


class _Chunk:
    """Messages read by one reader task, and which of them are still wanted."""

    def __init__(self, future: Future, size: int) -> None:
        self.future, self.size, self.unwanted = future, size, set()


class Pending:
    """One message's reading, in a reader task (``_read_chunk``) that may read others with it: answers
    as a ``Future`` of ``(reading, timings)`` would for the calls made here."""

    def __init__(self, chunk: _Chunk, index: int, job: tuple[bytes, int, bool]) -> None:
        self.chunk, self.index, self.job = chunk, index, job

    @property
    def shared(self) -> bool:
        """Read in one task with other messages: if the task hangs, which one hung is not known."""
        return self.chunk.size > 1

    def result(self, timeout: float | None = None) -> tuple[MessageReading, Counter]:
        ok, value = self.chunk.future.result(timeout)[self.index]
        if not ok:
            raise value
        return value

    def running(self) -> bool:
        return self.chunk.future.running()

    def cancelled(self) -> bool:
        return self.chunk.future.cancelled()

    def cancel(self) -> bool:
        """Not needed any more; the task is cancelled once none of its messages is. True if no reader
        has taken the task (as ``Future.cancel``)."""
        self.chunk.unwanted.add(self.index)
        if len(self.chunk.unwanted) == self.chunk.size:
            return self.chunk.future.cancel()
        return not (self.chunk.future.running() or self.chunk.future.done())


def _hand_over(jobs: list[tuple[bytes, int, bool]], pipeline: Pipeline) -> list[Pending]:
    """``jobs`` (``(raw, raw_size, outgoing)``) to the readers, a few messages a task, in order; fewer
    than given when the pool cannot take work (the rest are read here)."""
    handed: list[Pending] = []
    start = 0
    while start < len(jobs):
        end, size = start, 0
        while end < len(jobs) and end - start < READ_CHUNK_MESSAGES and (end == start or size + jobs[end][1] <= READ_CHUNK_BYTES):
            size += jobs[end][1]
            end += 1
        group = jobs[start:end]
        future = read_pool.submit(pipeline.read_workers, _read_chunk, group, pipeline)
        if future is None:
            break
        chunk = _Chunk(future, len(group))
        handed += [Pending(chunk, i, job) for i, job in enumerate(group)]
        start = end
    return handed


@dataclass
class Early:
    """A reading started before its message was stored: the readers read the next batch while this
    process writes the one before. It stands for the stored message only if that message's bytes and
    facts are those it was read from (a copy stored earlier may differ in its transit headers)."""

    raw: bytes
    raw_size: int
    outgoing: bool
    future: Pending
    pool: int  # read_pool.generation() when it was handed over


def read_early(items: Sequence[Incoming], pipeline: Pipeline) -> dict[str, Early]:
    """Hand the small messages of a batch just fetched to the readers (by uid), as ``_read_ahead``
    would once they are stored; none without readers."""
    if pipeline.read_workers < 1:
        return {}
    picked: dict[str, tuple[bytes, int, bool]] = {}
    total = 0
    for item in items:
        size = item.size or len(item.raw)
        if item.headers_only or size > REMOTE_MAX_BYTES or total + size > READ_AHEAD_BYTES or item.uid in picked:
            continue
        picked[item.uid] = (item.raw, size, item.direction == Direction.OUTGOING)
        total += size
    handed = _hand_over(list(picked.values()), pipeline)
    generation = read_pool.generation()
    return {uid: Early(*job, pending, generation) for (uid, job), pending in zip(picked.items(), handed, strict=False)}


def cancel_early(early: dict[Any, Early]) -> None:
    """Readings started early and not used: not needed."""
    for e in early.values():
        e.future.cancel()
    early.clear()


def _read_ahead(s: Session, msgs: Sequence[Message], pipeline: Pipeline,
                early: dict[int, Early] | None = None) -> dict[int, Pending]:
    """Hand the batch's small messages to the readers, in order; the others are read here. A reading
    started early (``read_early``) is taken instead where it was read from the same bytes and facts,
    by the readers still at work (after a reset, those it was handed to are gone)."""
    picked, total = [], 0
    for msg in msgs:
        if msg.headers_only or msg.raw_size > REMOTE_MAX_BYTES or total + msg.raw_size > READ_AHEAD_BYTES:
            continue
        picked.append(msg)
        total += msg.raw_size
    if not picked or pipeline.read_workers < 1:
        return {}
    raws = dict(s.exec(select(MessageRaw.message_pk, MessageRaw.raw)
                       .where(col(MessageRaw.message_pk).in_([m.id for m in picked]))).all())
    futures: dict[int, Pending] = {}
    jobs: dict[int, tuple[bytes, int, bool]] = {}
    for msg in picked:
        raw, outgoing = raws.pop(msg.id, None) or b"", msg.direction == Direction.OUTGOING
        started = early.pop(msg.id, None) if early else None
        if started is not None:
            if (started.raw == raw and started.raw_size == msg.raw_size and started.outgoing == outgoing
                    and started.pool == read_pool.generation() and not started.future.cancelled()):
                futures[msg.id] = started.future
                continue
            started.future.cancel()
        jobs[msg.id] = (raw, msg.raw_size, outgoing)
    futures.update(zip(jobs, _hand_over(list(jobs.values()), pipeline), strict=False))
    return futures


def _collect(future: Pending, msg: Message, pipeline: Pipeline, budget: Budget) -> MessageReading:
    """The reading a worker made of ``msg``; read here instead if the pool broke. A message read in one
    task with others is handed to a reader alone when that task cannot be waited for (it hung, or the
    pool it was in was ended): which of them hung would not be known, and none is read here."""
    limit = pipeline.budget_seconds + HANG_GRACE_SECONDS
    waiting_since = budget.started
    while True:
        if budget.stop is not None and budget.stop.is_set():
            read_pool.reset()  # a reader may be stuck; readers write nothing, so ending them loses nothing
            raise StopRequested("stop requested while a reader had the message")
        try:
            what, timings = future.result(timeout=0.1)
            break
        except FutureTimeout:
            if time.monotonic() - waiting_since <= limit:
                continue
            if future.running():
                read_pool.reset()
                if future.shared and (alone := _hand_over([future.job], pipeline)):
                    future, waiting_since = alone[0], time.monotonic()
                    continue
                raise TooCostly(f"reading it took over {pipeline.budget_seconds:g} s, the budget per message "
                                "(the reader did not come back)") from None
            if future.cancel():  # no reader took it: they are stuck on messages no longer waited for
                log.warning("message %s: no reader took it within its budget; the readers are ended and it "
                            "is read here", msg.id)
                read_pool.reset()
                return _read(msg, pipeline, Budget(pipeline.budget_seconds, budget.stop, budget.timings))
        except (BrokenExecutor, CancelledError):
            if future.shared and (alone := _hand_over([future.job], pipeline)):
                future, waiting_since = alone[0], time.monotonic()
                continue
            log.warning("message %s: the reader pool broke; read here", msg.id)
            read_pool.reset()
            return _read(msg, pipeline, budget)
    budget.lap("wait")
    if budget.timings is not None:
        budget.timings.update(timings)
    return what


def _letter(parsed: ParsedMail, *, pipeline: Pipeline, budget: Budget | None = None,
            ) -> tuple[Letter, tuple[AttachmentResult, ...]]:
    limit = pipeline.max_text_chars
    body = parsed.text or html_to_text(parsed.html)
    if budget:
        budget.check("html")
    results = []
    ocr = ReadBudget()  # one OCR and page budget for all of the message's attachments
    for att in parsed.attachments:
        results.append(_attachment(att, limit, ocr))
        if budget:
            budget.check(f"attachments ({att.filename!r})")
    parsed.attachments = []  # their bytes are no longer needed: hashed and read
    letter = Letter(
        subject=parsed.subject,
        body=strip_quoted(body[:limit]),
        attachments_text=tuple(r.text.text for r in results if r.text.text),
        headers=parsed.headers,
        sender=parsed.from_addr,
        sent_on=parsed.date.date() if parsed.date else None,
    )
    return letter, tuple(results)


def _attachment(att: RawAttachment, limit: int, ocr: ReadBudget) -> AttachmentResult:
    try:
        result = extract_text(att, budget=ocr)
    except Exception as err:  # noqa: BLE001 (one unreadable attachment does not stop the message)
        result = AttachmentText(None, None, f"could not be read: {_describe(err)}")
    text = clean_text(result.text[:limit]) if result.text else result.text
    error = clean_text(result.error) if result.error else result.error
    return AttachmentResult(filename=att.filename, content_type=att.content_type, size=len(att.data),
                            sha256=hashlib.sha256(att.data).hexdigest(),
                            text=AttachmentText(text, result.method, error))


def letter_from(parsed: ParsedMail, *, pipeline: Pipeline = Pipeline(),
                ) -> tuple[Letter, list[tuple[AttachmentResult, AttachmentText]]]:
    """The Letter nlp reads from a parsed message, and what was read from each attachment."""
    letter, results = _letter(parsed, pipeline=pipeline)
    return letter, [(r, r.text) for r in results]


# -- analysing ------------------------------------------------------------------------------------

def analyse_message(engine: Engine, message_pk: int, *, pipeline: Pipeline = Pipeline(),
                    stop: Event | None = None) -> Result:
    """(Re)process a stored message and commit its result. Manual labels are kept. Never raises
    for a bad message; a StopRequested leaves it stored for the next run."""
    result = _analyse_one(engine, message_pk, pipeline=pipeline, stop=stop)
    _observe([result])
    return result


def _observe(results: Sequence[Result]) -> None:
    """Committed: log and count each."""
    for r in results:
        if r.outcome != Outcome.STORED:
            observe.message_done(message_pk=r.message_pk, outcome=r.outcome, label=r.label,
                                 request_id=r.request_id, error=r.error)


def _analyse_one(engine: Engine, message_pk: int, *, pipeline: Pipeline, stop: Event | None) -> Result:
    try:
        with session_scope(engine) as s:
            msg = s.get(Message, message_pk, options=_NO_RAW)
            if msg is None:
                raise MessageError(f"message {message_pk} does not exist")
            batch = _Batch()
            result = _analyse_in(s, msg, pipeline=pipeline, budget=Budget(pipeline.budget_seconds, stop), batch=batch)
            batch.write(s)
            return result
    except StopRequested:
        return Result(Outcome.STORED, message_pk)
    except TRANSIENT_DB_ERRORS as err:
        error = f"database error: {err.orig}"
        _mark_failed(engine, message_pk, error)
        return Result(Outcome.FAILED, message_pk, error)
    except Exception as err:  # noqa: BLE001 (a bug or a refused value on one message must not stop the run)
        error = _describe(err)
        log.exception("message %s: unexpected error, quarantined", message_pk)
        _quarantine_by_pk(engine, message_pk, f"internal error: {error}\n{traceback.format_exc()[-4000:]}")
        return Result(Outcome.QUARANTINED, message_pk, error)


def analyse_batch(engine: Engine, pks: Sequence[int], *, pipeline: Pipeline = Pipeline(),
                  stop: Event | None = None, timings: Counter | None = None,
                  early: dict[int, Early] | None = None) -> list[Result]:
    """Analyse stored messages in order and commit their results in one transaction.
    ``early``: readings started before the messages were stored, by message pk (those taken are removed).

    Returns a result per message analysed; a stop cuts the list short (the rest stay stored).
    If writing one result fails, nothing of the batch is kept and each message is analysed on
    its own, so that only the one at fault is quarantined or retried."""
    results: list[Result] = []
    try:
        with session_scope(engine) as s:
            # One query for the batch; each message's raw bytes are loaded when it is read, and dropped after.
            loaded = {m.id: m for m in s.exec(select(Message).where(col(Message.id).in_(pks))
                                               .options(defer(Message.raw))).all()}
            ahead = _read_ahead(s, [loaded[pk] for pk in pks if pk in loaded], pipeline, early)
            batch = _Batch.of(s, list(loaded))
            try:
                for pk in pks:
                    msg = loaded.get(pk)
                    if msg is None:
                        continue
                    budget = Budget(pipeline.budget_seconds, stop, timings)
                    results.append(_analyse_in(s, msg, pipeline=pipeline, budget=budget, batch=batch,
                                               pending=ahead.pop(pk, None)))
                    s.expire(msg, ["raw"])  # read: its bytes need not stay in memory until the commit
                    budget.lap("write")
            finally:
                for future in ahead.values():  # a stop or an error: what was read ahead is not needed
                    future.cancel()
            batch.write(s)
            started = time.monotonic()
        if timings is not None:
            timings["commit"] += time.monotonic() - started
        _observe(results)
        return results
    except StopRequested:
        pass  # the batch is rolled back; its messages are analysed one by one below, up to the stop
    except Exception:  # noqa: BLE001 (one message broke the batch)
        log.info("a message broke the analysed batch; analysing its %d messages one by one", len(pks))
    results = []
    for pk in pks:
        result = analyse_message(engine, pk, pipeline=pipeline, stop=stop)
        if result.outcome == Outcome.STORED:
            break
        results.append(result)
    return results


class _Orphans:
    """Every message that may be an orphan (no request, analysed) in a batch's session: those at its
    start and those it leaves so; more, never fewer. ``may_answer`` is False only where the query of
    ``_adopt_replies`` can find nothing: it tests what that query's LIKE could match, loosely (any
    case, ``_`` as any character, ``%`` as any run, a backslash as optional)."""

    def __init__(self, s: Session) -> None:
        rows = s.exec(select(Message.in_reply_to, cast(Message.references, String)).where(_is_orphan())).all()
        self.replying_to = {in_reply_to for in_reply_to, _ in rows if in_reply_to}
        self.texts = [text.casefold() for _, text in rows if text]  # casefold: one character at a time

    def add(self, msg: Message) -> None:
        if msg.request_id is None and msg.state in _ORPHAN_STATES:
            if msg.in_reply_to:
                self.replying_to.add(msg.in_reply_to)
            if msg.references:  # as the column holds it (JSON), and as plain text
                self.texts += [json.dumps(msg.references).casefold(), "\n".join(msg.references).casefold()]

    def may_answer(self, message_id: str) -> bool:
        if message_id in self.replying_to:
            return True
        if not self.texts:
            return False
        needle = message_id.casefold()
        if not any(c in needle for c in "%_\\"):
            return any(needle in text for text in self.texts)
        loose = re.compile("".join(".*" if c == "%" else "." if c == "_" else "\\\\?" if c == "\\" else re.escape(c)
                                   for c in needle), re.DOTALL)
        return any(loose.search(text) for text in self.texts)


@dataclass
class _Batch:
    """What the messages analysed in one session share: their requests' status (``StatusBatch``),
    what matching reads and adds (``MatchCache``), which of them have attachment rows from an
    earlier reading, and the messages that may be orphans (None: not known, look in the database)."""

    status: StatusBatch = field(default_factory=StatusBatch)
    match: MatchCache = field(default_factory=MatchCache)
    with_attachments: set[int] | None = None
    orphans: _Orphans | None = None

    def write(self, s: Session) -> None:
        """What the batch holds back (status events, tracking numbers): written before the commit."""
        self.status.write(s)
        self.match.write(s)

    @classmethod
    def of(cls, s: Session, pks: list[int]) -> _Batch:
        found = s.exec(select(Attachment.message_pk).where(col(Attachment.message_pk).in_(pks)).distinct()).all()
        return cls(with_attachments=set(found), orphans=_Orphans(s))


def _analyse_in(s: Session, msg: Message, *, pipeline: Pipeline, budget: Budget, batch: _Batch,
                pending: Pending | None = None) -> Result:
    """Read the message (guarded: a message error quarantines it) and write what was read.
    ``pending``: a worker is reading it."""
    try:
        what = _read(msg, pipeline, budget) if pending is None else _collect(pending, msg, pipeline, budget)
    except StopRequested:
        raise
    except MessageError as err:
        _quarantine(msg, err)
        s.add(msg)
        batch.status.note(msg)
        return Result(Outcome.QUARANTINED, msg.id, msg.error)
    except ReadBug as err:
        log.error("message %s: unexpected error while reading it, quarantined\n%s", msg.id, err.trace)
        msg.state, msg.processed_at = MessageState.QUARANTINED, utcnow()
        msg.error = clean_text(f"internal error: {err}")[:4000]
        s.add(msg)
        batch.status.note(msg)
        return Result(Outcome.QUARANTINED, msg.id, msg.error)
    except Exception as err:  # noqa: BLE001 (a parser or nlp bug on one message)
        log.exception("message %s: unexpected error while reading it, quarantined", msg.id)
        _quarantine(msg, err, prefix="internal error: ")
        s.add(msg)
        batch.status.note(msg)
        return Result(Outcome.QUARANTINED, msg.id, msg.error)
    outcome = _apply(s, msg, what, pipeline, batch)
    return Result(outcome, msg.id, label=msg.label, request_id=msg.request_id)


def _quarantine(msg: Message, err: Exception, *, prefix: str = "") -> None:
    msg.state = MessageState.QUARANTINED
    msg.error = clean_text(f"{prefix}{type(err).__name__}: {err}")[:4000]
    msg.processed_at = utcnow()
    log.warning("message %s quarantined: %s", msg.id, msg.error)


def _quarantine_by_pk(engine: Engine, pk: int, error: str) -> None:
    try:
        with session_scope(engine) as s:
            msg = s.get(Message, pk, options=_NO_RAW)
            if msg is not None:
                msg.state, msg.error, msg.processed_at = MessageState.QUARANTINED, clean_text(error), utcnow()
                s.add(msg)
    except DBAPIError:
        log.error("message %s: database unavailable; it stays 'new' and is retried", pk)


def _mark_failed(engine: Engine, pk: int, error: str) -> None:
    """Record a transient failure for a later retry, if the database lets us."""
    try:
        with session_scope(engine) as s:
            msg = s.get(Message, pk, options=_NO_RAW)
            if msg is None:
                return
            msg.attempts += 1
            msg.error = clean_text(error)
            if msg.attempts >= MAX_ATTEMPTS:
                msg.state = MessageState.QUARANTINED
                msg.error = f"gave up after {msg.attempts} attempts: {msg.error}"
            else:
                msg.state = MessageState.FAILED
                msg.next_attempt_at = utcnow() + BACKOFF_BASE * (2 ** (msg.attempts - 1))
            s.add(msg)
    except DBAPIError:
        log.error("message %s: database unavailable; it stays 'new' and is retried", pk)


def _apply(s: Session, msg: Message, what: MessageReading, pipeline: Pipeline, batch: _Batch) -> Outcome:
    # The message's own changes are written once, below: the queries on the way (matching,
    # registering a request) never need them, and would otherwise flush them piecemeal.
    with s.no_autoflush:
        outcome, previous_request = _apply_unflushed(s, msg, what, pipeline, batch)
    _write_changes(s, msg)
    status = batch.status
    status.note(msg)
    if batch.orphans is not None:
        batch.orphans.add(msg)
    adopted = _adopt_replies(s, msg, batch.orphans) if msg.request_id is not None else []
    for orphan in adopted:
        status.note(orphan)
    # Recomputed after every message (not once per batch): matching the next message reads the
    # request's status, and the history keeps every step.
    for request_id in {previous_request, msg.request_id} - {None}:
        request = status.request(s, request_id)
        if request is not None:
            status.recompute(s, request)
    if adopted:
        s.flush()  # the replies' request is in the database before the next message is matched (no autoflush there)
    return Outcome(outcome)


_UPDATE_MESSAGE = update(Message.__table__).where(Message.__table__.c.id == bindparam("_pk"))  # SET: the keys given


def _write_changes(s: Session, msg: Message) -> None:
    """The message's changed columns in one UPDATE, told to the session as written: the ORM's flush
    of one row costs several times the statement."""
    state = inspect(msg)
    attrs = state.attrs
    # Only an attribute set since the row was loaded can have changed: those are in committed_state.
    changed = {key: attrs[key].value for key in list(state.committed_state) if attrs[key].history.has_changes()}
    if not changed:
        return
    # On the session's connection: Session.execute would autoflush first, writing the row through the ORM as well.
    s.connection().execute(_UPDATE_MESSAGE, {"_pk": msg.id, **changed})
    for key, value in changed.items():
        set_committed_value(msg, key, value)


def _apply_unflushed(s: Session, msg: Message, what: MessageReading, pipeline: Pipeline, batch: _Batch,
                     ) -> tuple[MessageState, int | None]:
    parsed, letter = what.parsed, what.letter
    _set(msg, message_id=parsed.message_id or msg.message_id, subject=parsed.subject, from_addr=parsed.from_addr,
         to_addrs=parsed.to_addrs + parsed.cc_addrs, sent_at=parsed.date or msg.sent_at,
         in_reply_to=parsed.in_reply_to, references=parsed.references, body_text=letter.body)
    # Earlier results (a message read again): one statement, nothing loaded.
    if batch.with_attachments is None or msg.id in batch.with_attachments:
        s.execute(delete(Attachment).where(col(Attachment.message_pk) == msg.id)
                  .execution_options(synchronize_session=False))
    if what.attachments:
        s.execute(insert(Attachment), [{
            "message_pk": msg.id, "filename": att.filename, "content_type": att.content_type, "size": att.size,
            "sha256": att.sha256, "text": att.text.text, "text_method": att.text.method, "error": att.text.error,
        } for att in what.attachments])
    previous_request = msg.request_id
    if msg.direction == Direction.OUTGOING:
        outcome = _apply_outgoing(s, msg, parsed, letter, pipeline, batch)
    else:
        outcome = _apply_incoming(s, msg, letter, what.reading, pipeline, batch.match)
    _set(msg, error=None, processed_at=utcnow(), next_attempt_at=None, state=outcome)
    s.add(msg)
    return outcome, previous_request


def _set(row: Any, **values: Any) -> None:
    """``row.key = value`` for each, as SQLAlchemy's instrumentation takes it (history, the value read
    back), without SQLModel's ``__setattr__`` on the way: for every assignment it checks the class and
    the attribute and hands the value to pydantic again, whose record of the fields set nothing reads."""
    for key, value in values.items():
        set_attribute(row, key, value)


_ORPHAN_STATES = (MessageState.PROCESSED, MessageState.NEEDS_REVIEW)


def _is_orphan() -> Any:
    return col(Message.request_id).is_(None) & col(Message.state).in_(_ORPHAN_STATES)


def _adopt_replies(s: Session, msg: Message, orphans: _Orphans | None = None) -> list[Message]:
    """Messages seen earlier that answer this one, but could not be matched then, join its request.
    ``orphans``: what such messages could be, to skip the query when none can answer this one."""
    if not msg.message_id or (orphans is not None and not orphans.may_answer(msg.message_id)):
        return []
    orphan_pks = s.exec(
        select(Message.id).where(
            _is_orphan(),
            Message.id != msg.id,
            (Message.in_reply_to == msg.message_id)
            | cast(Message.references, String).contains(msg.message_id),
        )
    ).all()
    if not orphan_pks:
        return []
    orphans = s.exec(select(Message).where(col(Message.id).in_(orphan_pks)).options(defer(Message.raw))
                     .order_by(col(Message.id))).all()
    for orphan in orphans:
        orphan.request_id, orphan.match_rule = msg.request_id, MatchRule.THREAD
        if orphan.state == MessageState.NEEDS_REVIEW and orphan.direction == Direction.OUTGOING:
            orphan.state = MessageState.PROCESSED  # our own reply: it waited only for its thread
        s.add(orphan)
        log.info("message %s joins request %s through its thread", orphan.id, msg.request_id)
    return list(orphans)


def _apply_incoming(s: Session, msg: Message, letter: Letter, reading: Reading | None,
                    pipeline: Pipeline, cache: MatchCache) -> MessageState:
    reading = reading or read(letter)
    c, x = reading.classification, reading.extraction
    if msg.label_source != LabelSource.MANUAL:
        _set(msg, label=c.label, secondary_labels=list(c.secondary_labels), confidence=c.confidence, cues=list(c.cues))
    extracted = x.as_dict()
    if c.reason:
        extracted["reason"] = c.reason
    if msg.match_rule != MatchRule.MANUAL:
        match = match_message(
            s, message_pk=msg.id, in_reply_to=msg.in_reply_to, references=msg.references,
            tracking_numbers=list(x.tracking_numbers), from_addr=msg.from_addr,
            subject=msg.subject, body=letter.full_text, cache=cache,
        )
        _set(msg, request_id=match.request_id, match_rule=match.rule)
        if match.suggestions:
            extracted["match_suggestions"] = [x.as_dict() for x in match.suggestions]
    _set(msg, extracted=clean_json(extracted))
    if msg.request_id is not None and x.tracking_numbers:
        attach_tracking_numbers(s, request_id=msg.request_id, numbers=list(x.tracking_numbers), message_pk=msg.id,
                                cache=cache)
    if msg.label_source == LabelSource.MANUAL:
        return MessageState.PROCESSED if msg.request_id or msg.label == "other" else MessageState.NEEDS_REVIEW
    if msg.label == "other" and automatic_kind(c.reason) is not None:
        return MessageState.PROCESSED  # recognised from its headers: nothing for a person to do
    if msg.request_id is None or (msg.confidence or 0) < pipeline.review_threshold:
        return MessageState.NEEDS_REVIEW
    return MessageState.PROCESSED


def _apply_outgoing(s: Session, msg: Message, parsed: ParsedMail, letter: Letter, pipeline: Pipeline,
                    batch: _Batch) -> MessageState:
    msg.label = None
    request_id, rule = register_outgoing(s, msg=msg, parsed=parsed, letter=letter, jurisdiction=pipeline.default_jurisdiction,
                                         cache=batch.match, status=batch.status)
    msg.request_id, msg.match_rule = request_id, rule
    return MessageState.PROCESSED


def due_for_retry(s: Session, *, now: datetime | None = None, source: str | None = None,
                  folder: str | None = None, stored_before: datetime | None = None) -> list[int]:
    """Failed messages whose backoff has passed, and stored ones never analysed: of one source
    folder (the caller holds its lease), or anywhere (``stored_before``: only those stored long
    enough ago that no live holder is still at work on them)."""
    now = now or datetime.now(UTC)
    failed = select(Message.id).where(Message.state == MessageState.FAILED, col(Message.next_attempt_at) <= now)
    new = select(Message.id).where(Message.state == MessageState.NEW)
    if source is not None:
        failed, new = failed.where(Message.source == source), new.where(Message.source == source)
    if folder is not None:
        failed, new = failed.where(Message.folder == folder), new.where(Message.folder == folder)
    if stored_before is not None:
        new = new.where(col(Message.created_at) < stored_before)
    return sorted(set(s.exec(failed).all()) | set(s.exec(new).all()))
