"""Fee amounts: the principal amount (estimate or amount due) and the others (deposits, alternatives).

Hourly and per-page rates are not amounts due."""

from __future__ import annotations

import re

_AMOUNT = re.compile(r"\$\s?(?P<num>\d{1,3}(?:,\d{3})*(?:\.\d{2})?|\d+(?:\.\d{2})?)(?!\d)")
_RATE_AFTER = re.compile(r"^\s*(?:/|per\b|an?\s+(?:hour|page)|each\b|for each\b|hourly)", re.I)
_RATE_BEFORE = re.compile(r"(?:rate of|\bat|hourly rate|charged?s?|\brates?\b[^.$]{0,6}(?:\$[\d.,]+\W+){0,4})\s*$", re.I)
_DEPOSIT = re.compile(r"(?:deposit|advance payment of|first installment|half)\W*(?:\w+\W+){0,4}$", re.I)
_OWED = re.compile(r"(?:balance|remaining|outstanding|amount due|now due|still owe|owed|total due)\b[^.$]{0,30}$", re.I)
_FEE_CONTEXT = re.compile(
    r"(?:fee|fees|cost|costs|charge|charges|estimate\w*|total|amount|due|owe|pay|payment|invoice|balance)",
    re.I,
)
_NOT_FEE = re.compile(r"(?:agree(?:ment|d)?\s+to\s+pay\s+up\s+to|willing to pay(?: up to)?|up to|exceed|first\s+\$?\d)\W*$", re.I)


def extract_fees(text: str) -> tuple[float | None, list[float]]:
    principal: list[float] = []
    principal_context: list[tuple[float, str]] = []
    others: list[float] = []
    for m in _AMOUNT.finditer(text):
        value = float(m.group("num").replace(",", ""))
        after = text[m.end() : m.end() + 20]
        before = text[max(0, m.start() - 60) : m.start()]
        if _RATE_AFTER.match(after) or _RATE_BEFORE.search(before):
            continue
        if _NOT_FEE.search(before):
            others.append(value)
            continue
        window = text[max(0, m.start() - 120) : m.end() + 60]
        if not _FEE_CONTEXT.search(window):
            continue
        if _DEPOSIT.search(before):
            others.append(value)
        else:
            principal.append(value)
            principal_context.append((value, before))
    if not principal:
        return None, others
    # What is owed now (a balance after a partial payment) beats the largest figure.
    owed = [value for value, before in principal_context if _OWED.search(before)]
    main = owed[-1] if owed else max(principal)
    rest = [v for v in principal if v != main]
    return main, sorted(set(rest + others), key=(rest + others).index)
