"""Agency tracking numbers: known formats first, then numbers introduced by a label phrase.

Formats and phrases: ../shared/reference/foia-facts.md, part A. Numbers are returned exactly as
printed, in order of first appearance, without duplicates.
"""

from __future__ import annotations

import re

from nlp.extract.zones import number_zones

# Specific formats, most specific first. [O0] tolerates OCR damage on the component code.
_FORMATS: list[tuple[str, str]] = [
    ("dhs", r"\b(?:19|20)\d{2}[- ]?[A-Z]{2}(?:F[O0]|AP|LI)[- ]?\d{5}\b"),  # hyphens may be lost in OCR
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
    # Local portals: a records-request acronym with a year or a date, e.g. PDRR2022-5590, 24-FOIA-563.
    ("acronym_year", r"\b(?:PDRR|PRR|PRA|ORR|PIR|RTKL?|FOIL|FOIA|OPRA|CPRA|GRAMA|R|W)(?:19|20)\d{2}-\d{3,6}\b"),
    ("year_acronym", r"\b(?:19|20)?\d{2}-(?:FOIA|FOIL|PRA|PRR|ORR|PIR|RTK|OPRA|CPRA)-\d{2,6}\b"),
    ("acronym_date", r"\b(?:PRR|PRA|ORR|PIR|RTKL?|FOIL|OPRA|CPRA) \d{6,8}(?:-[A-Za-z0-9]+)?(?![\w-])"),
]
_FORMAT_RE = re.compile("|".join(f"(?:{pat})" for _, pat in _FORMATS))

_NEXTREQUEST = re.compile(r"https?://[a-z0-9-]+\.nextrequest\.com/requests/(\d{2}-\d{1,6})", re.I)

# A number introduced by a label phrase ("Request Number: 22-0417", "tracking number RD 77093").
# "case" and "file" need a number word: a bare "case file 100A-BA-1" is a record, not a request.
_NUMWORD = r"(?:no\.?|nos\.?|number|num\.?|#|id)"
_LABEL = (
    rf"(?:tracking|control|request|reference|log|ticket|appeal|foipa|foia|foil|foi|pra|cpra|opra|"
    rf"(?:case|file)(?=\s*{_NUMWORD}))"
)
_NUM = r"(?P<num>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{2,24}[A-Z0-9]|[A-Z]{1,4} \d{4,8})"
_LABELLED = re.compile(rf"\b{_LABEL}(?![A-Za-z])\s*{_NUMWORD}?\s*(?:is|of)?\s*[:#]?\s*\*?{_NUM}\b", re.I)
_REQUEST_DIGITS = re.compile(
    r"\b(?:FOIA|FOIL|FOI|FOIPA|PRA|records?|information)\s+(?:request|case|appeal)\s*" + _NUMWORD + r"?\s*[:#]?\s*(?P<num>\d{4,9})\b",
    re.I,
)
_LABEL_REQUIRES_WORD = re.compile(r"(?:no\.?|nos\.?|number|num\.?|#|id)\s*[:#]?\s*$", re.I)
_ASSIGNED = re.compile(
    r"\b(?:assigned|given)\s+(?:it\s+)?(?:the\s+|a\s+|our\s+)?(?:following\s+)?"
    r"(?:[A-Za-z/]+\s+){0,3}(?:number|no\.|#)\s*:?\s*(?P<num>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{2,24}[A-Z0-9])\b",
    re.I,
)
_SUBJECT_NUM = re.compile(r"^Subject:.*?\b(?P<num>(?:\d{2,4}-)?\d{2,4}-\d{3,6})\b", re.I | re.M)

_NOT_AFTER = re.compile(r"(?:your|requester'?s?|my|our client'?s?)\s+(?:own\s+)?ref\w*\W*$", re.I)
_PLACEHOLDER = re.compile(r"123456|0000000|(\d)\1{5}")  # "1234567-000": an example in instructions
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
        if _PLACEHOLDER.search(num):
            return
        if num not in found:
            found[num] = (pos, num)

    for lo, hi in number_zones(text):
        for m in _FORMAT_RE.finditer(text, lo, hi):
            add(m.group(0), m.start())
    for m in _NEXTREQUEST.finditer(text):
        add(m.group(1), m.start(1))
    for m in _REQUEST_DIGITS.finditer(text):
        add(m.group("num"), m.start("num"))
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
