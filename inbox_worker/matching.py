"""Which request a message belongs to. Rules in order; the rule that matched is recorded.

1. thread: In-Reply-To / References name the sent request or an earlier message of a request
2. tracking_number: a known tracking number (portal references included) is in the subject or body
3. request_reference: the request's own reference is quoted in the subject or body
4. agency_address: the sender's address is a request's agency address
5. agency_domain: the sender's domain is a request's agency domain
   (4 and 5 are ranked by subject similarity and whether the request's subject is quoted)

When no rule is sure the message goes to review with ranked suggestions; exactly one strong
suggestion is applied automatically and logged.
"""

from __future__ import annotations

import difflib
import logging
from dataclasses import dataclass, field

from sqlmodel import Session, col, select

from models.status import OPEN
from models.tables import MatchRule, Message, Request, TrackingNumber
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


def _strip_prefixes(subject: str) -> str:
    import re

    return re.sub(r"^(?:\s*(?:re|fw|fwd|aw)\s*:\s*)+", "", subject or "", flags=re.I).strip().lower()


def thread_request_id(session: Session, message_ids: list[str | None], *, exclude_pk: int | None = None) -> int | None:
    """The request a thread belongs to: In-Reply-To / References naming the sent request or an
    earlier message of a request."""
    thread_ids = [i for i in message_ids if i]
    if not thread_ids:
        return None
    req = session.exec(select(Request.id).where(col(Request.sent_message_id).in_(thread_ids))).first()
    if req is not None:
        return req
    query = select(Message.request_id).where(col(Message.message_id).in_(thread_ids), col(Message.request_id).is_not(None))
    if exclude_pk is not None:
        query = query.where(Message.id != exclude_pk)
    return session.exec(query).first()  # only the column: a message's raw bytes are not loaded


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
) -> Match:
    # 1. thread headers
    request_id = thread_request_id(session, [in_reply_to, *references], exclude_pk=message_pk)
    if request_id is not None:
        return Match(request_id, MatchRule.THREAD)
    # 2. a known tracking number
    keys = {normalize_tracking(n) for n in tracking_numbers}
    if keys:
        rows = session.exec(select(TrackingNumber).where(col(TrackingNumber.normalized).in_(keys))).all()
        ids = {r.request_id for r in rows}
        if len(ids) == 1:
            return Match(ids.pop(), MatchRule.TRACKING_NUMBER)
    # 3. the request's own reference quoted in the subject or body
    text = f"{subject}\n{body}".lower()
    quoted = [r for r in session.exec(select(Request).where(col(Request.reference).is_not(None))).all()
              if len(r.reference) >= 5 and r.reference.lower() in text]
    if len(quoted) == 1:
        return Match(quoted[0].id, MatchRule.REQUEST_REFERENCE)
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


def attach_tracking_numbers(session: Session, *, request_id: int, numbers: list[str], message_pk: int | None) -> list[str]:
    """Record numbers not yet known for this request; returns the new ones."""
    added = []
    existing = {
        t.normalized
        for t in session.exec(select(TrackingNumber).where(TrackingNumber.request_id == request_id)).all()
    }
    request = session.get(Request, request_id)
    if request is not None and request.reference:
        existing.add(normalize_tracking(request.reference))  # our own reference is not the agency's number
    for number in numbers:
        key = normalize_tracking(number)
        if key in existing:
            continue
        existing.add(key)
        session.add(TrackingNumber(request_id=request_id, number=number, normalized=key, message_id=message_pk))
        added.append(number)
    return added
