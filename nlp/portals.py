"""Records portals recognised from sender and subject (facts: foia-facts.md A.4, A.5, part C)."""

from __future__ import annotations

import re

_PORTALS: list[tuple[str, re.Pattern[str], re.Pattern[str] | None]] = [
    # (name, sender pattern, subject pattern that also suffices)
    ("FOIAonline", re.compile(r"@(?:foiaonline\.gov|regulations\.gov)", re.I), None),
    ("GovQA", re.compile(r"@[\w.-]*(?:mycusthelp\.(?:com|net)|custhelp\.com|govqa\.us)", re.I),
     re.compile(r"::\s*[A-Z]\d{6}-\d{6}")),
    ("NextRequest", re.compile(r"@nextrequest\.com", re.I),
     re.compile(r"record request [#]?[0-9-]+ has been|\[(?:Document Released|External Message Added|Due Date Changed|Department Changed)", re.I)),
    ("JustFOIA", re.compile(r"@request\.justfoia\.com", re.I), None),
    ("FBI eFOIPA", re.compile(r"@subscriptions\.fbi\.gov", re.I),
     re.compile(r"eFOIA (?:Request Received|files available)", re.I)),
    ("FOIAXpress PAL", re.compile(r"(?:noreply|no-reply|donotreply)@[\w.-]*foia[\w.-]*", re.I), None),
]
_BODY_MARKERS = re.compile(r"POWERED BY NEXTREQUEST|/app/(?:Home|CheckStatus|ReadingRoom)\.aspx|foiaonline", re.I)
# Each marker contains one of these (lower-case): the regex runs only on a body that has one.
_BODY_MARKER_WORDS = ("nextrequest", "/app/", "foiaonline")


def detect_portal(sender: str, subject: str, body: str) -> str | None:
    """The portal an automated email came from, or None."""
    for name, sender_rx, subject_rx in _PORTALS:
        if sender_rx.search(sender or ""):
            return name
        if subject_rx is not None and subject_rx.search(subject or ""):
            return name
    head = body[:4000]
    lowered = head.lower()
    if not any(word in lowered for word in _BODY_MARKER_WORDS):
        return None
    if _BODY_MARKERS.search(head) and re.search(r"(?:no-?reply|do not reply|automated)", head + sender, re.I):
        return "portal"
    return None
