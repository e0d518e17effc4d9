"""Which request a message belongs to. Rules in order; the rule that matched is recorded.

1. thread: In-Reply-To / References name the sent request or an earlier message of a request
2. tracking_number: a known tracking number (portal references included) is in the subject or body
3. request_reference: the request's own reference is quoted in the subject or body
4. agency_address: the sender's address is a request's agency address
5. agency_domain: the sender's domain is a request's agency domain
   (4 and 5 are ranked by subject similarity and whether the request's subject is quoted)

When no rule is sure the message goes to review with ranked suggestions; exactly one strong
suggestion is applied automatically and logged.

A batch of messages written in one session shares a ``MatchCache``: the tracking numbers and the
requests' own references are read once for the batch (and kept as the batch adds to them), and
the tracking numbers it adds are inserted together before the commit (``MatchCache.write``).
"""

from __future__ import annotations

import difflib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import bindparam, insert
from sqlmodel import Session, select

from models.status import OPEN
from models.tables import MatchRule, Message, Request, TrackingNumber, utcnow
from nlp.extract import normalize_tracking

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Suggestion:
    """A request the message may belong to, for a person to confirm."""

    request_id: int
    score: float
    rule: MatchRule  # AGENCY_ADDRESS or AGENCY_DOMAIN: how the request was found
    similarity: float  # of the subjects
    quotes_reference: bool = False  # the request's own reference is in the body
    quotes_subject: bool = False  # the request's subject is in the body

    @property
    def why(self) -> str:
        reasons = [str(self.rule), f"subject similarity {self.similarity:.2f}"]
        if self.quotes_reference:
            reasons.append(str(MatchRule.REQUEST_REFERENCE))
        elif self.quotes_subject:
            reasons.append("request subject quoted")
        return ", ".join(reasons)

    def as_dict(self) -> dict:
        """As stored in ``Message.extracted["match_suggestions"]``."""
        return {"request_id": self.request_id, "score": self.score, "why": self.why}


@dataclass
class Match:
    request_id: int | None
    rule: MatchRule | None
    suggestions: list[Suggestion] = field(default_factory=list)


def _domain(addr: str) -> str:
    return addr.rsplit("@", 1)[-1].lower() if "@" in addr else ""


_REPLY_PREFIXES = re.compile(r"^(?:\s*(?:re|fw|fwd|aw)\s*:\s*)+", re.I)


def _strip_prefixes(subject: str) -> str:
    return _REPLY_PREFIXES.sub("", subject or "").strip().lower()


_REQUEST = Request.__table__.c
_MESSAGE = Message.__table__.c
_TRACKING = TrackingNumber.__table__
# Built once: the statements of every message, without building and keying them again each time.
_SENT_REQUEST = select(_REQUEST.id).where(_REQUEST.sent_message_id.in_(bindparam("ids", expanding=True)))
_THREAD_MESSAGE = select(_MESSAGE.request_id).where(_MESSAGE.message_id.in_(bindparam("ids", expanding=True)),
                                                   _MESSAGE.request_id.is_not(None))
_THREAD_MESSAGE_BUT = _THREAD_MESSAGE.where(_MESSAGE.id != bindparam("exclude_pk"))
_BY_SENT_MESSAGE_ID = select(_REQUEST.id).where(_REQUEST.sent_message_id == bindparam("sent_message_id"))
_REFERENCES = select(_REQUEST.id, _REQUEST.reference).where(_REQUEST.reference.is_not(None))
_TRACKING_BY_KEY = select(_TRACKING.c.normalized, _TRACKING.c.request_id).where(
    _TRACKING.c.normalized.in_(bindparam("keys", expanding=True)))
_TRACKING_OF_REQUEST = select(_TRACKING.c.normalized).where(_TRACKING.c.request_id == bindparam("request_id"))


def _rows(session: Session, statement: Any, params: dict[str, Any]) -> Any:
    """``statement`` on the session's connection. No autoflush: the caller has flushed what it reads."""
    return session.connection().execute(statement, params)


def thread_request_id(session: Session, message_ids: list[str | None], *, exclude_pk: int | None = None) -> int | None:
    """The request a thread belongs to: In-Reply-To / References naming the sent request or an
    earlier message of a request."""
    thread_ids = [i for i in message_ids if i]
    if not thread_ids:
        return None
    req = _rows(session, _SENT_REQUEST, {"ids": thread_ids}).scalar()
    if req is not None:
        return req
    if exclude_pk is None:
        return _rows(session, _THREAD_MESSAGE, {"ids": thread_ids}).scalar()
    return _rows(session, _THREAD_MESSAGE_BUT, {"ids": thread_ids, "exclude_pk": exclude_pk}).scalar()


def request_by_sent_message_id(session: Session, message_id: str) -> int | None:
    """The request registered from the sent letter with this Message-ID."""
    return _rows(session, _BY_SENT_MESSAGE_ID, {"sent_message_id": message_id}).scalar()


class MatchCache:
    """What matching reads and writes, held for the messages of one session (one batch): tracking
    numbers by key and by request, the requests' own references, and the tracking-number rows not
    inserted yet. Read from the database once, then kept as the batch changes them: every request
    the session registers goes through ``add_request``, every tracking number through
    ``attach_tracking_numbers`` with this cache, and ``write`` before the commit."""

    def __init__(self) -> None:
        self._by_key: dict[str, set[int]] = {}  # normalized number -> requests (for keys looked up)
        self._by_request: dict[int, set[str]] = {}  # request -> its normalized numbers (requests looked up)
        self._references: list[tuple[int, str]] | None = None  # (request, reference lower-cased), 5+ characters
        self._pending: list[dict[str, Any]] = []  # TrackingNumber rows, in the order they were added
        self._requests: dict[int, Request | None] = {}  # held: the session's identity map would drop them

    def requests_numbered(self, session: Session, keys: Iterable[str]) -> set[int]:
        """The requests that have any of these normalized tracking numbers."""
        keys = set(keys)
        missing = [k for k in keys if k not in self._by_key]
        if missing:
            found: dict[str, set[int]] = {k: set() for k in missing}
            for key, request_id in _rows(session, _TRACKING_BY_KEY, {"keys": missing}):
                found[key].add(request_id)
            for row in self._pending:
                if row["normalized"] in found:
                    found[row["normalized"]].add(row["request_id"])
            self._by_key.update(found)
        return set().union(*(self._by_key[k] for k in keys))

    def numbers_of(self, session: Session, request_id: int) -> set[str]:
        """The normalized tracking numbers a request has (the cache's own set: read, not to change)."""
        numbers = self._by_request.get(request_id)
        if numbers is None:
            numbers = set(_rows(session, _TRACKING_OF_REQUEST, {"request_id": request_id}).scalars())
            numbers.update(r["normalized"] for r in self._pending if r["request_id"] == request_id)
            self._by_request[request_id] = numbers
        return numbers

    def request(self, session: Session, request_id: int) -> Request | None:
        """``session.get(Request, request_id)``, loaded once for the batch."""
        if request_id not in self._requests:
            self._requests[request_id] = session.get(Request, request_id)
        return self._requests[request_id]

    def references(self, session: Session) -> list[tuple[int, str]]:
        if self._references is None:
            self._references = [(rid, ref.lower()) for rid, ref in _rows(session, _REFERENCES, {}) if len(ref) >= 5]
        return self._references

    def add_request(self, request: Request) -> None:
        """A request registered in this session (flushed: it has its id)."""
        if self._references is not None and request.reference and len(request.reference) >= 5:
            self._references.append((request.id, request.reference.lower()))

    def add_number(self, *, request_id: int, number: str, key: str, message_pk: int | None) -> None:
        self._pending.append({"request_id": request_id, "number": number, "normalized": key,
                              "message_id": message_pk, "created_at": utcnow()})
        if key in self._by_key:
            self._by_key[key].add(request_id)
        if request_id in self._by_request:
            self._by_request[request_id].add(key)

    def write(self, session: Session) -> None:
        """Insert the tracking numbers added, in the order they came (one statement). Before the commit."""
        if self._pending:
            session.connection().execute(insert(_TRACKING), self._pending)
            self._pending = []


def match_message(
    session: Session,
    *,
    message_pk: int | None,
    in_reply_to: str | None,
    references: list[str],
    tracking_numbers: list[str],
    from_addr: str,
    subject: str,
    body: str,
    cache: MatchCache | None = None,
) -> Match:
    """``cache``: the batch's (see ``MatchCache``); None reads everything from the database."""
    if cache is None:
        cache = MatchCache()
    # 1. thread headers
    request_id = thread_request_id(session, [in_reply_to, *references], exclude_pk=message_pk)
    if request_id is not None:
        return Match(request_id, MatchRule.THREAD)
    # 2. a known tracking number
    keys = {normalize_tracking(n) for n in tracking_numbers}
    if keys:
        ids = cache.requests_numbered(session, keys)
        if len(ids) == 1:
            return Match(ids.pop(), MatchRule.TRACKING_NUMBER)
    # 3. the request's own reference quoted in the subject or body
    text = f"{subject}\n{body}".lower()
    quoted = [rid for rid, reference in cache.references(session) if reference in text]
    if len(quoted) == 1:
        return Match(quoted[0], MatchRule.REQUEST_REFERENCE)
    # 4-5. the agency's address or domain, with subject similarity
    candidates = _agency_candidates(session, from_addr)
    suggestions = []
    body_l = (body or "").lower()
    subj = _strip_prefixes(subject)
    for req, rule in candidates:
        score = 0.4 if rule == MatchRule.AGENCY_ADDRESS else 0.25
        sim = difflib.SequenceMatcher(None, subj, _strip_prefixes(req.subject)).ratio() if subj else 0
        score += 0.4 * sim
        quotes_reference = bool(req.reference) and req.reference.lower() in body_l
        quotes_subject = (not quotes_reference and bool(req.subject) and len(req.subject) > 12
                          and _strip_prefixes(req.subject) in body_l)
        score += 0.3 if quotes_reference else 0.2 if quotes_subject else 0.0
        if req.status in OPEN:
            score += 0.05
        suggestions.append(Suggestion(req.id, round(min(score, 1.0), 3), rule, sim,
                                      quotes_reference=quotes_reference, quotes_subject=quotes_subject))
    suggestions.sort(key=lambda s: -s.score)
    strong = [s for s in suggestions if s.score >= 0.6]
    if len(strong) == 1 and (len(suggestions) == 1 or suggestions[1].score < strong[0].score - 0.15):
        best = strong[0]
        rule = MatchRule.REQUEST_REFERENCE if best.quotes_reference else best.rule
        log.info("message %s: one strong suggestion, applied: request %s (%s)", message_pk, best.request_id, best.why)
        return Match(best.request_id, rule, suggestions)
    open_candidates = [(r, w) for r, w in candidates if r.status in OPEN]
    if len(open_candidates) == 1 and len(candidates) == 1:
        return Match(open_candidates[0][0].id, open_candidates[0][1], suggestions)
    return Match(None, None, suggestions[:5])


def _agency_candidates(session: Session, from_addr: str) -> list[tuple[Request, MatchRule]]:
    if not from_addr:
        return []
    out: list[tuple[Request, MatchRule]] = []
    by_addr = session.exec(select(Request).where(Request.agency_email == from_addr.lower())).all()
    out.extend((r, MatchRule.AGENCY_ADDRESS) for r in by_addr)
    domain = _domain(from_addr)
    if domain:
        by_domain = session.exec(select(Request).where(Request.agency_domain == domain)).all()
        seen = {r.id for r in by_addr}
        out.extend((r, MatchRule.AGENCY_DOMAIN) for r in by_domain if r.id not in seen)
    return out


def attach_tracking_numbers(session: Session, *, request_id: int, numbers: list[str], message_pk: int | None,
                            cache: MatchCache | None = None) -> list[str]:
    """Record numbers not yet known for this request; returns the new ones. With a ``cache``, they are
    inserted by its ``write``; without, now."""
    own = MatchCache() if cache is None else cache
    existing = own.numbers_of(session, request_id)
    request = own.request(session, request_id)
    # our own reference is not the agency's number
    reference = normalize_tracking(request.reference) if request is not None and request.reference else None
    added = []
    for number in numbers:
        key = normalize_tracking(number)
        if key in existing or key == reference:
            continue
        own.add_number(request_id=request_id, number=number, key=key, message_pk=message_pk)  # added to ``existing``
        added.append(number)
    if cache is None:
        own.write(session)
    return added
