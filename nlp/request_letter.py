"""Reading an outgoing request letter: what was asked for."""

from __future__ import annotations

import re
from dataclasses import dataclass

_EXPEDITE = re.compile(r"\b(?:request\w*|seek\w*|entitled to|ask\w* for)\b[^.]{0,60}\bexpedit\w*|\bexpedited processing\b", re.I)
_FEE_WAIVER = re.compile(r"\bfee[s]?\s+waiver\b|\bwaive[sd]?\b[^.]{0,40}\bfees?\b|\bfees?\b[^.]{0,40}\bwaived\b", re.I)
_REFERENCE = re.compile(r"\b(?:our|my)\s+(?:reference|ref\.?)\s*(?:no\.?|number|#)?\s*[:#]?\s*([A-Z0-9][A-Z0-9-]{2,30})", re.I)


@dataclass(frozen=True)
class RequestFacts:
    expedite_requested: bool
    fee_waiver_requested: bool
    reference: str | None


def read_request_letter(text: str) -> RequestFacts:
    ref = _REFERENCE.search(text)
    return RequestFacts(
        expedite_requested=bool(_EXPEDITE.search(text)),
        fee_waiver_requested=bool(_FEE_WAIVER.search(text)),
        reference=ref.group(1) if ref else None,
    )


_REQUEST_WORDING = re.compile(
    r"\b(?:freedom of information|FOIA|FOI\b|public records?|open records|records request|"
    r"5 U\.S\.C\.?\s*§?\s*552|right to know|sunshine law|public information act)\b",
    re.I,
)


def looks_like_request(subject: str, body: str) -> bool:
    """Whether an outgoing message is a records request (not, say, a thank-you note)."""
    return bool(_REQUEST_WORDING.search(subject) or _REQUEST_WORDING.search(body[:3000]))
