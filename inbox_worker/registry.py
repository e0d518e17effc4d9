"""Outgoing mail: a request letter registers a Request; a reply in a thread joins its request."""

from __future__ import annotations

import re

from sqlmodel import Session

from inbox_worker.matching import MatchCache, request_by_sent_message_id, thread_request_id
from inbox_worker.parse import ParsedMail
from models.status import StatusBatch, recompute
from models.tables import MatchRule, Message, Request
from nlp.letter import Letter
from nlp.request_letter import looks_like_request, read_request_letter

_REPLY_SUBJECT = re.compile(r"^\s*(?:re|aw|sv)\s*:", re.I)


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
    s.add(request)
    s.flush([request])  # for its id; the message's own changes are written by the caller
    if cache is not None:
        cache.add_request(request)
    if status is None:
        recompute(s, request)
    else:
        status.registered(request)
        status.recompute(s, request)
    return request.id, MatchRule.SENT_REQUEST
