"""Fee amounts: the principal amount (estimate or amount due) and the others (deposits, alternatives,
payments already made, thresholds).

Each amount is read with the words just before and after it:

    rate          "$38 per hour", "$0.10 a page", "$5.00 each": not an amount due; dropped
    threshold     "fees exceed $25", "willing to pay up to $50", "below the $50 minimum": other
                  (but an agency's bound on its estimate, "the estimate is under $300", is the fee)
    paid          "we received a check for $30", "payment received -$30.00": other
    deposit       "a deposit of $100", "half of the estimate": other
    alternative   "if you narrow the request, the fee would be $40": other
    waived        "fees of $48.00 were waived": other
    owed          "balance due $40.40", "amount due: $12": principal, the last one wins
    total         "total $170", "your total cost is $3,121": principal candidates
    estimate      "the estimated fee is $300", any other fee amount: principal candidates
    item          "search: $120", "duplication $50" (fee items with no total): summed

The principal is what is owed now: an owed amount; else an amount less a payment when the letter
prints that difference; else the largest total; else the largest estimate; else the sum of
itemised fees.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_AMOUNT = re.compile(
    r"(?P<neg>-\s?)?(?:\$|£|US\$|USD\s?)\s?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{2})?|\d+(?:\.\d{2})?)"
    r"(?![\d+]|[.,]\d)",  # "$2+.,30": OCR debris, not an amount
)
_RATE_AFTER = re.compile(
    r"^\s*(?:/|per\b|an?\s+(?:hour|hr|page|sheet|copy|disc|disk|cd|dvd|minute|quarter)\b|each\b|for each\b|"
    r"hourly|apiece)", re.I)
_RATE_BEFORE = re.compile(
    r"(?:rate of|\bat|@|\bx|×|hourly rate|charged?s?|\brates?\b[^.$]{0,6}(?:\$[\d.,]+\W+){0,4})\s*$", re.I)
_THRESHOLD_BEFORE = re.compile(
    r"(?:agree(?:ment|d|s)?\s+to\s+pay|willing\s+to\s+pay|up to|exceed\w*|in excess of|more than|"
    r"at least|minimum(?: fee)?(?: of)?|threshold(?: of)?|limit(?: of)?|"
    r"first|cap(?: of)?|not to exceed)\W*(?:the\s+)?$", re.I)
# "if fees are less than $25", "costs over $50": a bound someone sets, not the fee; unless the
# agency bounds its own estimate ("our estimate is under $300").
_COMPARED = re.compile(r"\b(?:over|under|below|less than|more than|greater than)\W*$", re.I)
_ESTIMATE_BOUND = re.compile(
    r"\b(?:estimate\w*|costs?|fees?|charges?|total)\s+(?:is|are|will be|would be|should be)\s+(?:\w+\s+)?"
    r"(?:under|below|less than)\W*$", re.I)
_CONDITION = re.compile(r"\b(?:if|when|should|unless|whether)\b[^.$]{0,60}$", re.I)
# The UK cost limit under section 12 ("the appropriate limit ... is £450").
_COST_LIMIT = re.compile(r"\b(?:appropriate|cost)\s+limit\b[^$£.]{0,120}$", re.I)
_THRESHOLD_AFTER = re.compile(r"^\W{0,3}(?:minimum|threshold|limit|or less|or more|cap)\b", re.I)
_PAID_BEFORE = re.compile(
    r"(?:payment\s+(?:of\s+)?received|received\s+(?:a\s+|your\s+)?(?:check|cheque|payment|money order)"
    r"\b[^.$]{0,40}|(?:you|requester)\s+(?:have\s+|has\s+)?(?:already\s+)?paid|"
    r"payments?(?:\s+made)?|less|credit)\W*$",
    re.I,
)
_DEPOSIT_BEFORE = re.compile(
    r"(?:deposit|advance payment|first installment|down payment|half|50\s?%|fifty percent)"
    r"(?:(?!\b(?:estimated|total|estimate)\b)[^.$\n]){0,30}\s*$",  # the amount may start the next line
    re.I,
)
_ALTERNATIVE_BEFORE = re.compile(
    r"(?:\bif\b[^.$]{0,80}\b(?:narrow|limit|reduce|modif|choose|select|elect|prefer|only)\w*[^.$]{0,80}"
    r"|\b(?:would|could)\s+(?:be\s+)?(?:reduced?\s+to|be|cost|drop to|decrease to))\W*(?:\w+\W+){0,3}$",
    re.I,
)
_OWED_BEFORE = re.compile(
    r"(?:balance|remaining|outstanding|amount due|now due|still owe|owed?|total due|due now|"
    r"amount owed|please (?:pay|remit)|remit|updated (?:total|invoice|estimate))\b[^.$]{0,30}$", re.I)
_TOTAL_BEFORE = re.compile(r"\b(?:total\w*|altogether|in all|grand total|sum)\b[^.$\n]{0,30}\s*$", re.I)
_ITEM_BEFORE = re.compile(
    r"\b(?:search\w*|review\w*|duplicat\w*|cop(?:y|ies|ying)|reproduction|postage|shipping|mailing|media|"
    r"programming|processing|labou?r|staff time|certif\w*|cd|dvd|usb|flash drive|printing|scanning)\b"
    r"(?:[^.$\n]|\$\d[\d,]*(?:\.\d\d)?){0,40}\s*$", re.I)  # a rate may stand between: "2 hours at $30 ="
_FEE_CONTEXT = re.compile(
    r"(?:fee|fees|cost|costs|charge|charges|estimate\w*|total|amount|due|owe|pay|payment|invoice|balance|"
    r"search|duplicat|cop(?:y|ies|ying)|postage|shipping|reproduction|review)", re.I)
# "fees of $48.00 were waived": stated, but not asked for.
_WAIVED_AFTER = re.compile(r"^[^.$]{0,30}\b(?:waived|forgiven|not (?:be )?charged|no charge)\b", re.I)

@dataclass(frozen=True)
class _Amount:
    value: float
    kind: str  # owed | total | estimate | item | threshold | paid | deposit | alternative | waived
    pos: int


def _kind(text: str, start: int, end: int) -> str | None:
    before = text[max(0, start - 160) : start]
    near = before[-60:]
    after = text[end : end + 20]
    if _RATE_AFTER.match(after) or _RATE_BEFORE.search(near):
        return None
    if _THRESHOLD_BEFORE.search(near) or _THRESHOLD_AFTER.match(after) or _COST_LIMIT.search(before):
        return "threshold"
    if _COMPARED.search(near) and (_CONDITION.search(near) or not _ESTIMATE_BOUND.search(near)):
        return "threshold"
    if _PAID_BEFORE.search(near) or text[start] == "-":
        return "paid"
    window = text[max(0, start - 120) : end + 60]
    if not _FEE_CONTEXT.search(window):
        return None
    if _DEPOSIT_BEFORE.search(near):
        return "deposit"
    if _WAIVED_AFTER.match(text[end : end + 60]):
        return "waived"
    if _ALTERNATIVE_BEFORE.search(before):
        return "alternative"
    if _OWED_BEFORE.search(near):
        return "owed"
    if _TOTAL_BEFORE.search(near):
        return "total"
    if _ITEM_BEFORE.search(near):
        return "item"
    return "estimate"


def _amounts(text: str) -> list[_Amount]:
    out = []
    for m in _AMOUNT.finditer(text):
        kind = _kind(text, m.start(), m.end())
        if kind is not None:
            out.append(_Amount(float(m.group("num").replace(",", "")), kind, m.start()))
    return out


def _principal(amounts: list[_Amount]) -> float | None:
    owed = [a.value for a in amounts if a.kind == "owed"]
    if owed:
        return owed[-1]
    totals = [a.value for a in amounts if a.kind == "total"]
    estimates = [a.value for a in amounts if a.kind == "estimate"] + totals
    paid = [a.value for a in amounts if a.kind == "paid"]
    for p in paid:
        for t in estimates:
            if any(abs(t - p - other) < 0.005 for other in estimates):
                return round(t - p, 2)  # an invoice less a payment: the balance is printed too
    if totals:
        return max(totals)  # "estimated at $3,259 ... your total cost is $3,121": the total
    if estimates:
        return max(estimates)
    items = [a.value for a in amounts if a.kind == "item"]
    return round(sum(items), 2) if items else None


def extract_fees(text: str) -> tuple[float | None, list[float]]:
    """(principal fee or None, other amounts in order of appearance, without duplicates)."""
    if "$" not in text and "£" not in text and "USD" not in text:
        return None, []
    amounts = _amounts(text)
    principal = _principal(amounts)
    others: list[float] = []
    for a in amounts:
        if a.value != principal and a.value not in others:
            others.append(a.value)
    return principal, others
