"""One message, end to end: store raw -> parse -> nlp -> match -> status -> commit.

``process_message`` is the one entry point: the daemon, ``sync --once``, retries and the tests
all call it. Durability: the raw bytes are committed first (a crash after that loses nothing);
the analysis and its effects are committed together in a second transaction; only then does the
caller advance its checkpoint.
"""

from __future__ import annotations

import hashlib
import logging
import re
import traceback
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum

from sqlalchemy import Engine, String, cast
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session, col, select

from inbox_worker import observe
from inbox_worker.attachment_text import extract_all
from inbox_worker.errors import MessageError, OversizedMessage, TransientError
from inbox_worker.matching import attach_tracking_numbers, match_message
from inbox_worker.parse import ParsedMail, clean_message_id, header_date, parse_mail, peek_headers
from inbox_worker.registry import register_outgoing
from inbox_worker.sources.base import Incoming
from models.db import session_scope
from models.status import recompute
from models.tables import (
    Attachment,
    Direction,
    LabelSource,
    Message,
    MessageLocation,
    MessageState,
    Request,
    utcnow,
)
from nlp import Letter, read
from nlp.text import html_to_text, strip_quoted

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
BACKOFF_BASE = timedelta(minutes=1)


class Outcome(StrEnum):
    ALREADY_SEEN = "already_seen"  # this folder/UID was taken before
    DUPLICATE = "duplicate"  # the same message arrived again elsewhere (CC, copy)
    PROCESSED = "processed"
    NEEDS_REVIEW = "needs_review"
    QUARANTINED = "quarantined"
    FAILED = "failed"


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
    digest.update(raw[end:].replace(b"\r\n", b"\n"))
    return digest.hexdigest()


def process_message(engine: Engine, item: Incoming, *, pipeline: Pipeline = Pipeline()) -> Result:
    """Store one incoming message and process it. Never raises for a bad message."""
    stored = store_message(engine, item)
    if stored.outcome != Outcome.PROCESSED:
        return stored
    return analyse_message(engine, stored.message_pk, pipeline=pipeline)


def store_message(engine: Engine, item: Incoming) -> Result:
    """Commit the raw bytes and the sighting. ``PROCESSED`` here means "stored, go on"."""
    digest = content_hash(item.raw)
    headers = peek_headers(item.raw)
    msgid = clean_message_id(headers.get("message-id"))
    try:
        with session_scope(engine) as s:
            seen = s.exec(
                select(MessageLocation).where(
                    MessageLocation.source == item.source,
                    MessageLocation.folder == item.folder,
                    MessageLocation.uidvalidity == item.uidvalidity,
                    MessageLocation.uid == item.uid,
                )
            ).first()
            if seen:
                stored = s.get(Message, seen.message_pk)
                if stored is not None and stored.state == MessageState.NEW:
                    return Result(Outcome.PROCESSED, stored.id)  # stored before a crash, not analysed
                return Result(Outcome.ALREADY_SEEN, seen.message_pk)
            existing = _find_same(s, msgid, digest, item.direction)
            if existing is not None:
                s.add(MessageLocation(source=item.source, folder=item.folder,
                                      uidvalidity=item.uidvalidity, uid=item.uid,
                                      message_pk=existing.id))
                if existing.state == MessageState.NEW:
                    return Result(Outcome.PROCESSED, existing.id)  # stored earlier, never analysed
                return Result(Outcome.DUPLICATE, existing.id)
            msg = Message(
                message_id=msgid, content_hash=digest, direction=item.direction,
                source=item.source, folder=item.folder, uidvalidity=item.uidvalidity, uid=item.uid,
                raw=item.raw, raw_size=item.size or len(item.raw), headers_only=item.headers_only,
                subject=_short(headers.get("subject", "")), from_addr=_short(headers.get("from", "")),
                sent_at=header_date(headers.get("date")),
            )
            s.add(msg)
            s.flush()
            s.add(MessageLocation(source=item.source, folder=item.folder,
                                  uidvalidity=item.uidvalidity, uid=item.uid, message_pk=msg.id))
            return Result(Outcome.PROCESSED, msg.id)
    except (OperationalError, DBAPIError) as err:
        raise TransientError(f"database unavailable while storing a message: {err.orig}") from err


def _find_same(s: Session, msgid: str | None, digest: str, direction: str) -> Message | None:
    """The same message stored before: same content (transit headers aside), same Message-ID
    and direction. A different message reusing a Message-ID is stored on its own, not dropped."""
    query = select(Message).where(Message.content_hash == digest, Message.direction == direction)
    query = query.where(Message.message_id == msgid) if msgid else query.where(col(Message.message_id).is_(None))
    return s.exec(query).first()


def _short(value: str, limit: int = 500) -> str:
    return " ".join(value.split())[:limit]


def analyse_message(engine: Engine, message_pk: int, *, pipeline: Pipeline = Pipeline()) -> Result:
    """(Re)process a stored message and commit its result. Manual labels are kept."""
    result = _analyse(engine, message_pk, pipeline=pipeline)
    observe.message_done(message_pk=result.message_pk, outcome=result.outcome, label=result.label,
                         request_id=result.request_id, error=result.error)  # committed: log, count
    return result


def _analyse(engine: Engine, message_pk: int, *, pipeline: Pipeline) -> Result:
    try:
        with session_scope(engine) as s:
            msg = s.get(Message, message_pk)
            if msg is None:
                raise MessageError(f"message {message_pk} does not exist")
            try:
                if msg.headers_only:
                    raise OversizedMessage(
                        f"message is {msg.raw_size} bytes, over imap.max_message_bytes; only its headers were fetched"
                    )
                parsed = parse_mail(msg.raw or b"")
            except MessageError as err:
                _quarantine(msg, err)
                s.add(msg)
                return Result(Outcome.QUARANTINED, msg.id, msg.error)
            outcome = _apply(s, msg, parsed, pipeline)
            return Result(outcome, msg.id, label=msg.label, request_id=msg.request_id)
    except (OperationalError, DBAPIError) as err:
        error = f"database error: {err.orig}"
        _mark_failed(engine, message_pk, error)
        return Result(Outcome.FAILED, message_pk, error)
    except Exception as err:  # noqa: BLE001 (a bug on one message must not stop the run)
        error = "".join(traceback.format_exception_only(err)).strip()
        log.exception("message %s: unexpected error, quarantined", message_pk)
        _quarantine_by_pk(engine, message_pk, f"internal error: {error}\n{traceback.format_exc()}")
        return Result(Outcome.QUARANTINED, message_pk, error)


def _quarantine(msg: Message, err: Exception) -> None:
    msg.state = MessageState.QUARANTINED
    msg.error = f"{type(err).__name__}: {err}"
    msg.processed_at = utcnow()
    log.warning("message %s quarantined: %s", msg.id, msg.error)


def _quarantine_by_pk(engine: Engine, pk: int, error: str) -> None:
    with session_scope(engine) as s:
        msg = s.get(Message, pk)
        if msg is not None:
            msg.state, msg.error, msg.processed_at = MessageState.QUARANTINED, error, utcnow()
            s.add(msg)


def _mark_failed(engine: Engine, pk: int, error: str) -> None:
    """Record a transient failure for a later retry, if the database lets us."""
    try:
        with session_scope(engine) as s:
            msg = s.get(Message, pk)
            if msg is None:
                return
            msg.attempts += 1
            msg.error = error
            if msg.attempts >= MAX_ATTEMPTS:
                msg.state = MessageState.QUARANTINED
                msg.error = f"gave up after {msg.attempts} attempts: {error}"
            else:
                msg.state = MessageState.FAILED
                msg.next_attempt_at = utcnow() + BACKOFF_BASE * (2 ** (msg.attempts - 1))
            s.add(msg)
    except (OperationalError, DBAPIError):
        log.error("message %s: database unavailable; it stays 'new' and is retried", pk)


def letter_from(parsed: ParsedMail) -> tuple[Letter, list[tuple[ParsedMail, object]]]:
    """The Letter nlp reads, and each attachment's extracted text."""
    body = parsed.text or html_to_text(parsed.html)
    texts = []
    extracted = []
    for att, result in zip(parsed.attachments, extract_all(parsed.attachments), strict=True):
        extracted.append((att, result))
        if result.text:
            texts.append(result.text)
    letter = Letter(
        subject=parsed.subject,
        body=strip_quoted(body),
        attachments_text=tuple(texts),
        headers=parsed.headers,
        sender=parsed.from_addr,
        sent_on=parsed.date.date() if parsed.date else None,
    )
    return letter, extracted


def _apply(s: Session, msg: Message, parsed: ParsedMail, pipeline: Pipeline) -> Outcome:
    letter, extracted = letter_from(parsed)
    msg.message_id = parsed.message_id or msg.message_id
    msg.subject = parsed.subject
    msg.from_addr = parsed.from_addr
    msg.to_addrs = parsed.to_addrs + parsed.cc_addrs
    msg.sent_at = parsed.date or msg.sent_at
    msg.in_reply_to = parsed.in_reply_to
    msg.references = parsed.references
    msg.body_text = letter.body
    for old in s.exec(select(Attachment).where(Attachment.message_pk == msg.id)).all():
        s.delete(old)
    for att, result in extracted:
        s.add(Attachment(
            message_pk=msg.id, filename=att.filename, content_type=att.content_type,
            size=len(att.data), sha256=hashlib.sha256(att.data).hexdigest(),
            text=result.text, text_method=result.method, error=result.error,
        ))
    previous_request = msg.request_id
    if msg.direction == Direction.OUTGOING:
        outcome = _apply_outgoing(s, msg, parsed, letter, pipeline)
    else:
        outcome = _apply_incoming(s, msg, letter, pipeline)
    msg.error = None
    msg.processed_at = utcnow()
    msg.next_attempt_at = None
    msg.state = outcome
    s.add(msg)
    s.flush()
    if msg.request_id is not None:
        _adopt_replies(s, msg)
    for request_id in {previous_request, msg.request_id} - {None}:
        request = s.get(Request, request_id)
        if request is not None:
            recompute(s, request)
    return Outcome(outcome)


def _adopt_replies(s: Session, msg: Message) -> None:
    """Messages seen earlier that answer this one, but could not be matched then, join its request."""
    if not msg.message_id:
        return
    orphans = s.exec(
        select(Message).where(
            col(Message.request_id).is_(None),
            Message.id != msg.id,
            col(Message.state).in_([MessageState.PROCESSED, MessageState.NEEDS_REVIEW]),
            (Message.in_reply_to == msg.message_id)
            | cast(Message.references, String).contains(msg.message_id),
        )
    ).all()
    for orphan in orphans:
        orphan.request_id, orphan.match_rule = msg.request_id, "thread"
        if orphan.state == MessageState.NEEDS_REVIEW and orphan.direction == Direction.OUTGOING:
            orphan.state = MessageState.PROCESSED  # our own reply: it waited only for its thread
        s.add(orphan)
        log.info("message %s joins request %s through its thread", orphan.id, msg.request_id)


def _apply_incoming(s: Session, msg: Message, letter: Letter, pipeline: Pipeline) -> MessageState:
    reading = read(letter)
    c, x = reading.classification, reading.extraction
    if msg.label_source != LabelSource.MANUAL:
        msg.label = c.label
        msg.secondary_labels = list(c.secondary_labels)
        msg.confidence = c.confidence
        msg.cues = list(c.cues)
    extracted = x.as_dict()
    if c.reason:
        extracted["reason"] = c.reason
    if msg.match_rule != "manual":
        match = match_message(
            s, message_pk=msg.id, in_reply_to=msg.in_reply_to, references=msg.references,
            tracking_numbers=list(x.tracking_numbers), from_addr=msg.from_addr,
            subject=msg.subject, body=letter.full_text,
        )
        msg.request_id, msg.match_rule = match.request_id, match.rule
        if match.suggestions:
            extracted["match_suggestions"] = match.suggestions
    msg.extracted = extracted
    if msg.request_id is not None and x.tracking_numbers:
        attach_tracking_numbers(s, request_id=msg.request_id, numbers=list(x.tracking_numbers), message_pk=msg.id)
    if msg.label_source == LabelSource.MANUAL:
        return MessageState.PROCESSED if msg.request_id or msg.label == "other" else MessageState.NEEDS_REVIEW
    if msg.label == "other" and (c.reason or "").startswith(("auto-reply", "bounce")):
        return MessageState.PROCESSED  # recognised from its headers: nothing for a person to do
    if msg.request_id is None or (msg.confidence or 0) < pipeline.review_threshold:
        return MessageState.NEEDS_REVIEW
    return MessageState.PROCESSED


def _apply_outgoing(s: Session, msg: Message, parsed: ParsedMail, letter: Letter, pipeline: Pipeline) -> MessageState:
    msg.label = None
    request_id, rule = register_outgoing(s, msg=msg, parsed=parsed, letter=letter, jurisdiction=pipeline.default_jurisdiction)
    msg.request_id, msg.match_rule = request_id, rule
    return MessageState.PROCESSED


def due_for_retry(s: Session, *, now: datetime | None = None) -> list[int]:
    """Failed messages whose backoff has passed, and stored ones never analysed."""
    now = now or datetime.now(UTC)
    failed = s.exec(
        select(Message.id).where(Message.state == MessageState.FAILED, col(Message.next_attempt_at) <= now)
    ).all()
    new = s.exec(select(Message.id).where(Message.state == MessageState.NEW)).all()
    return sorted(set(failed) | set(new))
