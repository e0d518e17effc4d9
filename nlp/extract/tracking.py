"""Agency tracking numbers: known formats first, then numbers introduced by a label phrase.

Formats and phrases: ../shared/reference/foia-facts.md, part A. Numbers are returned exactly as
printed, in order of first appearance, without duplicates.
"""

from __future__ import annotations

import re

# Specific formats, most specific first. [O0] tolerates OCR damage on the component code.
_FORMATS: list[tuple[str, str]] = [
    ("dhs", r"\b(?:19|20)\d{2}-[A-Z]{2}(?:F[O0]|AP|LI)-\d{5}\b"),
    ("cbp", r"\bCBP-(?:(?:AP|FO|OAM|OPA)-)?20\d{2}-\d{6}\b"),
    ("eousa", r"\bEOUSA-20\d{2}-\d{6}\b"),
    ("dea", r"\b\d{2}-\d{5}-F\b"),
    ("oip_appeal", r"\bA-20\d{2}-\d{5}\b"),
    ("fbi", r"\b\d{7}-\d{3}\b"),
    ("state_cia", r"\bFL?-(?:19|20)\d{2}-\d{5}\b"),
    ("nara", r"\bNGC\d{2}-\d{1,4}\b"),
    ("hhs_os", r"\b20\d{2}[- ]\d{5}[- ]FOIA[- ]OS\b"),
    ("fda_portal", r"\bFDA\d{7,8}\b"),
    ("dod_osd", r"\b\d{2}-F-\d{4}\b"),
    ("foiaonline", r"\b(?:FOIA-)?[A-Z]{2,5}(?:-[A-Z0-9]{2,5})?-(?:19|20)\d{2}-\d{5,6}\b"),
    ("govqa", r"\b[A-Z]\d{6}-(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{2}\b"),
    ("uscis", r"\b(?:NRC|COW|APP)20\d{8}\b"),
    ("ice_old", r"\b20\d{2}FOIA\d{1,5}\b"),
]
_FORMAT_RE = re.compile("|".join(f"(?P<{name}>{pat})" for name, pat in _FORMATS))

_NEXTREQUEST = re.compile(r"https?://[a-z0-9-]+\.nextrequest\.com/requests/(\d{2}-\d{1,6})", re.I)

# A number introduced by a label phrase ("Request Number: 22-0417", "case # 75473").
_LABEL = (
    r"(?:tracking|control|case|request|reference|file|log|ticket|appeal|foipa|foia|foi|pra|"
    r"cpra|opra|records?)"
)
_LABELLED = re.compile(
    rf"\b{_LABEL}\s*(?:no\.?|nos\.?|number|num\.?|#|id)?\s*(?:is|of)?\s*[:#]?\s*"
    r"(?P<num>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{2,24}[A-Z0-9])\b",
    re.I,
)
_LABEL_REQUIRES_WORD = re.compile(r"(?:no\.?|nos\.?|number|num\.?|#|id)\s*[:#]?\s*$", re.I)
_ASSIGNED = re.compile(
    r"\b(?:assigned|given)\s+(?:it\s+)?(?:the\s+|a\s+|our\s+)?(?:following\s+)?"
    r"(?:[A-Za-z/]+\s+){0,3}(?:number|no\.|#)\s*:?\s*(?P<num>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{2,24}[A-Z0-9])\b",
    re.I,
)
_SUBJECT_NUM = re.compile(r"^Subject:.*?\b(?P<num>(?:\d{2,4}-)?\d{2,4}-\d{3,6})\b", re.I | re.M)

_NOT_AFTER = re.compile(r"(?:your|requester'?s?|my|our client'?s?)\s+(?:own\s+)?ref", re.I)
_DATE_LIKE = re.compile(r"^(?:\d{1,2}-\d{1,2}-\d{2,4}|\d{4}-\d{1,2}-\d{1,2})$")
_PHONE_LIKE = re.compile(r"^\d{3}-\d{3}-\d{4}$|^\d{3}-\d{4}$|^1-\d{3}-\d{3}-\d{4}$")
_ZIP = re.compile(r"^\d{5}(?:-\d{4})?$")
_STATUTE_BEFORE = re.compile(r"(?:§|sec(?:tion)?\.?|u\.s\.c\.?|c\.f\.r\.?|code)\s*$", re.I)


def normalize_tracking(number: str) -> str:
    """A key for comparing numbers: upper case, separators dropped, O read as 0."""
    key = re.sub(r"[^A-Z0-9]", "", number.upper())
    return key.replace("O", "0")


def _plausible_labelled(num: str, before: str) -> bool:
    if _DATE_LIKE.match(num) or _PHONE_LIKE.match(num) or _ZIP.match(num):
        return False
    if _STATUTE_BEFORE.search(before):
        return False
    digits = sum(c.isdigit() for c in num)
    if digits < 3:
        return False
    if num.isdigit():
        # A bare number needs an explicit "number/no./#" in its label and 4+ digits, not a year.
        return len(num) >= 4 and not re.fullmatch(r"(?:19|20)\d{2}", num)
    return "-" in num or any(c.isalpha() for c in num)


def extract_tracking_numbers(text: str) -> list[str]:
    found: dict[str, tuple[int, str]] = {}

    def add(num: str, pos: int) -> None:
        num = num.strip("-")
        before = text[max(0, pos - 40) : pos]
        if _NOT_AFTER.search(before):
            return
        if num not in found:
            found[num] = (pos, num)

    for m in _FORMAT_RE.finditer(text):
        add(m.group(0), m.start())
    for m in _NEXTREQUEST.finditer(text):
        add(m.group(1), m.start(1))
    for rx in (_LABELLED, _ASSIGNED):
        for m in rx.finditer(text):
            num = m.group("num")
            head = text[m.start() : m.start("num")]
            if num.isdigit() and not _LABEL_REQUIRES_WORD.search(head):
                continue
            if _plausible_labelled(num, text[max(0, m.start() - 12) : m.start()]):
                if any(num in other and num != other for other in found):
                    continue  # a fragment of a number already found
                add(num, m.start("num"))
    for m in _SUBJECT_NUM.finditer(text):
        if _plausible_labelled(m.group("num"), ""):
            add(m.group("num"), m.start("num"))
    # Drop fragments of longer numbers (e.g. "2020-00123" inside "EPA-2020-00123").
    nums = sorted(found.values())
    keep = [n for _, n in nums if not any(n != o and n in o for _, o in nums)]
    return keep
