"""Outgoing mail: a request letter registers a Request; a reply in a thread joins its request."""

from __future__ import annotations

import re

from sqlalchemy import insert
from sqlalchemy.orm import make_transient_to_detached
from sqlmodel import Session

from inbox_worker.matching import MatchCache, request_by_sent_message_id, thread_request_id
from inbox_worker.parse import ParsedMail
from models.status import StatusBatch, recompute
from models.tables import MatchRule, Message, Request
from nlp.letter import Letter
from nlp.request_letter import looks_like_request, read_request_letter

_REPLY_SUBJECT = re.compile(r"^\s*(?:re|aw|sv)\s*:", re.I)
_REQUEST = Request.__table__
_INSERT_REQUEST = insert(_REQUEST).returning(_REQUEST.c.id)


def _insert(s: Session, request: Request) -> None:
    """Insert the new request's row as the ORM's flush would, and add it to the session as loaded.
    (A flush would also write the message being read, which its caller writes once, later.)"""
    row = {column.key: getattr(request, column.key) for column in _REQUEST.columns if column.key != "id"}
    request.id = s.connection().execute(_INSERT_REQUEST, row).scalar_one()
    make_transient_to_detached(request)
    s.add(request)


def register_outgoing(s: Session, *, msg: Message, parsed: ParsedMail, letter: Letter,
                      jurisdiction: str = "federal", cache: MatchCache | None = None,
                      status: StatusBatch | None = None) -> tuple[int | None, MatchRule | None]:
    """Returns (request id, rule). ``cache`` and ``status``: the batch's, told of a request registered."""
    thread_ids = [i for i in [parsed.in_reply_to, *parsed.references] if i]
    request_id = thread_request_id(s, thread_ids, exclude_pk=msg.id)
    if request_id is not None:
        return request_id, MatchRule.THREAD
    if parsed.message_id:
        existing = request_by_sent_message_id(s, parsed.message_id)
        if existing is not None:
            return existing, MatchRule.SENT_REQUEST
    if thread_ids or _REPLY_SUBJECT.match(parsed.subject):
        return None, None  # a reply to mail not seen yet: linked when its thread arrives
    if not looks_like_request(letter.subject, letter.full_text):
        return None, None
    facts = read_request_letter(letter.full_text)
    name, addr = parsed.to_pairs[0] if parsed.to_pairs else ("", "")
    addr = addr.lower()
    domain = addr.rsplit("@", 1)[-1] if "@" in addr else None
    request = Request(
        agency=name or (domain or addr),
        agency_email=addr or None,
        agency_domain=domain,
        subject=parsed.subject,
        reference=facts.reference,
        submitted_on=parsed.date.date() if parsed.date else None,
        sent_message_id=parsed.message_id,
        jurisdiction=jurisdiction,
        expedite_requested=facts.expedite_requested,
        fee_waiver_requested=facts.fee_waiver_requested,
    )
    _insert(s, request)
    if cache is not None:
        cache.add_request(request)
    if status is None:
        recompute(s, request)
    else:
        status.registered(request)
        status.recompute(s, request)
    return request.id, MatchRule.SENT_REQUEST
