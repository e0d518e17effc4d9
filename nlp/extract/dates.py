"""Dates with their meaning.

Candidate spans are found by patterns (fast, no false "may"/"we"), parsed with fixed formats, and
only then handed to dateparser. The role comes from the words just before (and after) the date.
Relative deadlines ("within 30 days of the date of this letter") resolve against the letter's date.
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from nlp.letter import DateMention

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
_CANDIDATE = re.compile(
    rf"\b(?:{_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # June 10, 2020
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MONTHS}\.?,?\s+\d{{4}}"  # 10 June 2020
    r"|\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})"  # 6/10/2020
    r"|\d{4}-\d{2}-\d{2}"  # 2020-06-10
    rf"|{_MONTHS}\s+\d{{4}})\b",  # June 2020 (a month)
    re.I,
)
_FORMATS = (
    "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d",
)

# Role cues: the words before a date (searched in the preceding ~80 characters).
_ROLE_BEFORE: list[tuple[str, re.Pattern[str]]] = [
    ("extension_until", re.compile(r"(?:extend\w*|extension)\b[^.]{0,80}\b(?:until|to|through|by|on)\s*$", re.I)),
    ("respond_by", re.compile(
        r"(?:(?:respond|reply|response|hear from you|confirm\w*|let us know|notify us|contact us|"
        r"payment|pay|remit\w*|clarif\w*|interest\w*)\b[^.]{0,80}\b(?:by|before|no later than|on or before)"
        r"|if we do not (?:hear|receive)[^.]{0,60}\bby)\s*$", re.I)),
    ("received", re.compile(r"(?:received|receipt|was received|dated and received)\b[^.]{0,40}\b(?:on|in\s+\w+\s+office\s+on|as of)?\s*$", re.I)),
    ("due", re.compile(
        r"(?:(?:respond|response|determination|complete\w*|produce|production|release|provide|"
        r"expect\w*|anticipate\w*|estimated?)\b[^.]{0,80}\b(?:by|on or before|on|before)"
        r"|due date[^.]{0,30}?(?:is|of|:)?|(?:estimated|expected)\s+(?:completion|response|delivery)\s+date[^.]{0,20}?(?:is|of|:)?)\s*$",
        re.I)),
    ("other", re.compile(r"(?:request(?:ed)?\s+dated|dated|your (?:request|letter|email) of|submitted on|filed on|sent on)\s*$", re.I)),
]
_LETTER_DATE_LINE = re.compile(r"^\s*(?:Date:\s*)?$", re.I)
_RELATIVE = re.compile(
    r"within\s+(?P<n>\d{1,3}|ten|fifteen|twenty|thirty|sixty|ninety)\s*(?:\(\d+\)\s*)?"
    r"(?P<kind>calendar|business|working)?\s*days?\s+(?:of|from|after)\s+(?:the\s+date\s+of\s+)?this\s+(?:letter|email|e-mail|notice|correspondence)",
    re.I,
)
_WORD_NUMBERS = {"ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90}
_APPEAL = re.compile(r"appeal", re.I)


@lru_cache(maxsize=1)
def _dateparser():
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})


def parse_date_span(span: str) -> tuple[date, bool] | None:
    """(date, is_month_only) for one candidate span, or None."""
    clean = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", span, flags=re.I)
    clean = re.sub(r"\bof\s+", "", clean.replace(",", " ").replace(".", " "), flags=re.I)
    clean = re.sub(r"\s+", " ", clean).strip()
    clean = re.sub(r"^Sept\b", "Sep", clean, flags=re.I)
    for fmt in _FORMATS:
        try:
            return datetime.strptime(clean, fmt).date(), False
        except ValueError:
            continue
    if re.fullmatch(rf"{_MONTHS}\s+\d{{4}}", clean, re.I):
        data = _dateparser().get_date_data(clean)
        if data and data.date_obj:
            return data.date_obj.date().replace(day=1), True
        return None
    data = _dateparser().get_date_data(clean)
    if data and data.date_obj:
        return data.date_obj.date(), False
    return None


def _role(text: str, start: int, *, is_first: bool) -> str:
    before = text[max(0, start - 120) : start]
    line_start = text.rfind("\n", 0, start) + 1
    line_before = text[line_start:start]
    for role, rx in _ROLE_BEFORE:
        if rx.search(before):
            return role
    if is_first and _LETTER_DATE_LINE.match(line_before):
        return "sent"
    return "other"


def extract_dates(text: str, *, letter_date: date | None = None) -> list[DateMention]:
    mentions: list[DateMention] = []
    seen: set[tuple[str, str]] = set()
    first_full_date = True
    sent: date | None = None
    for m in _CANDIDATE.finditer(text):
        parsed = parse_date_span(m.group(0))
        if parsed is None:
            continue
        value, month_only = parsed
        if not 1900 <= value.year <= 2100:
            continue
        role = "other" if month_only else _role(text, m.start(), is_first=first_full_date)
        if not month_only:
            first_full_date = False
        iso = value.strftime("%Y-%m") if month_only else value.isoformat()
        if role == "sent" and sent is None:
            sent = value
        key = (m.group(0), role)
        if key in seen:
            continue
        seen.add(key)
        mentions.append(DateMention(text=m.group(0), date=iso, role=role))
    base = sent or letter_date
    if base is not None:
        for m in _RELATIVE.finditer(text):
            if _APPEAL.search(text[max(0, m.start() - 200) : m.start()]):
                continue  # appeal windows are computed by the deadline rules
            n = m.group("n")
            days = int(n) if n.isdigit() else _WORD_NUMBERS[n.lower()]
            due = base + timedelta(days=days)
            key = (m.group(0), "respond_by")
            if key not in seen:
                seen.add(key)
                mentions.append(DateMention(text=m.group(0), date=due.isoformat(), role="respond_by"))
    return mentions
