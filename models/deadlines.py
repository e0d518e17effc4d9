"""Statutory deadlines in working days, with the explanation of how each was computed.

Pure date arithmetic (no database). Holidays come from the ``holidays`` package: US federal
holidays with the observed-day rules (Saturday -> Friday, Sunday -> Monday) and Juneteenth from 2021,
imported when a deadline is first computed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache


@dataclass(frozen=True)
class Rule:
    """How long an agency has to answer, in one jurisdiction, and what a missed deadline gives."""

    name: str
    initial_days: int
    working_days: bool  # False: calendar days
    extension_days: int  # the most a timely written notice of unusual circumstances adds
    subdiv: str | None = None  # state for holidays.US(subdiv=...)
    citation: str = ""
    # 552(a)(6)(A)(ii): one information request and any fee-assessment clarification stop the clock.
    tolling: bool = False
    # The start is the agency's stated receipt, but no later than this many working days after
    # submission (552(a)(6)(A)(ii), misrouted requests); None: no cap.
    receipt_cap_days: int | None = None
    # The statute lets a timely written notice set the date (NY date certain, TX certified date,
    # WA reasonable estimate): such a date, given while the clock runs, becomes the deadline.
    agency_sets_date: bool = False
    after_acknowledgement_days: int = 0  # NY: grant or deny within 20 business days of the acknowledgement
    next_business_day: bool = False  # CA: a period ending on a weekend or holiday runs to the next business day
    missed: str = ""  # what the requester may do once the deadline passed without a determination
    missed_fees: str = ""  # what a missed deadline does to fees ("" : nothing in the statute)


RULES: dict[str, Rule] = {
    "federal": Rule(
        "federal", 20, True, 10, None, "5 U.S.C. 552(a)(6)(A)(i), (B)(i)", tolling=True, receipt_cap_days=10,
        missed="you may treat the request as denied and sue in federal court without an administrative "
               "appeal (constructive exhaustion, 5 U.S.C. 552(a)(6)(C)(i))",
        missed_fees="search fees, and for news-media and educational requesters duplication fees, may not be "
                    "charged (5 U.S.C. 552(a)(4)(A)(viii))",
    ),
    "CA": Rule(
        "California", 10, False, 14, "CA", "Gov. Code 7922.535", next_business_day=True,
        missed="the CPRA has no administrative appeal: you may ask the superior court to order disclosure "
               "(Gov. Code 7923.000)",
    ),
    "NY": Rule(
        "New York", 5, True, 0, "NY", "Public Officers Law 89(3)(a)", agency_sets_date=True,
        after_acknowledgement_days=20,
        missed="no answer in time is a constructive denial: you may appeal to the agency's appeals officer "
               "(Public Officers Law 89(4)(a))",
    ),
    "TX": Rule(
        "Texas", 10, True, 0, "TX", "Gov't Code 552.221(d)", agency_sets_date=True,
        missed="you may sue for a writ of mandamus (Gov't Code 552.321); information the body did not ask the "
               "Attorney General to withhold within 10 business days is presumed public (552.302)",
    ),
    "IL": Rule(
        "Illinois", 5, True, 5, "IL", "5 ILCS 140/3(d),(e)",
        missed="no answer in time is a denial (5 ILCS 140/3(d)): you may ask the Public Access Counselor "
               "to review it (5 ILCS 140/9.5) or sue (5 ILCS 140/11)",
        missed_fees="a public body that missed the deadline may not charge for copies it later provides "
                    "(5 ILCS 140/3(d))",
    ),
    "MA": Rule(
        "Massachusetts", 10, True, 20, "MA", "950 CMR 32.06(2)(b), 32.06(4)",
        missed="you may appeal to the Supervisor of Records (950 CMR 32.08)",
        missed_fees="no fee may be charged when the response deadline was missed (950 CMR 32.06(2)(c))",
    ),
    "WA": Rule(
        "Washington", 5, True, 0, "WA", "RCW 42.56.520", agency_sets_date=True,
        missed="you may sue for the records (RCW 42.56.550)",
    ),
}
FALLBACK = "federal"
_configured_fallback = FALLBACK


def configure(*, fallback: str) -> None:
    """Set the rule used for jurisdictions without one of their own (from the configuration)."""
    global _configured_fallback
    if fallback not in RULES:
        raise ValueError(f"unknown fallback jurisdiction {fallback!r}; known: {', '.join(RULES)}")
    _configured_fallback = fallback
EXPEDITE_DECISION_DAYS = 10  # calendar days, 552(a)(6)(E)(ii)(I)
APPEAL_WINDOW_DAYS = 90  # calendar days after an adverse determination (PL 114-185)


@dataclass(frozen=True)
class Deadline:
    date: date
    explanation: str


def rule_for(jurisdiction: str | None) -> Rule:
    """The jurisdiction's rule; an unknown one gets the configured fallback rule."""
    key = (jurisdiction or "").strip()
    key = "federal" if key.lower() == "federal" else key.upper()
    return RULES.get(key) or RULES[_configured_fallback]


@lru_cache(maxsize=64)
def _holidays(subdiv: str | None, year: int) -> dict[date, str]:
    import holidays  # imported on first use: commands that compute no deadline do not pay for it

    cal = holidays.US(subdiv=subdiv, years=[year]) if subdiv else holidays.US(years=[year])
    return dict(cal.items())


def holiday_name(day: date, subdiv: str | None = None) -> str | None:
    return _holidays(subdiv, day.year).get(day)


def is_working_day(day: date, subdiv: str | None = None) -> bool:
    return day.weekday() < 5 and holiday_name(day, subdiv) is None


def add_working_days(start: date, days: int, *, subdiv: str | None = None) -> tuple[date, list[str]]:
    """The date ``days`` working days after ``start`` (the start day itself does not count),
    and the holidays skipped on the way, as "YYYY-MM-DD (name)"."""
    if days < 0:
        raise ValueError("days must be >= 0")
    end, skipped = _add_working_days(start, days, subdiv)
    return end, list(skipped)


@lru_cache(maxsize=8192)
def _add_working_days(start: date, days: int, subdiv: str | None) -> tuple[date, tuple[str, ...]]:
    # Cached: the status fold asks the same (date, days) for every message of a request, and the
    # holidays depend only on (subdiv, year).
    current, left, skipped = start, days, []
    while left > 0:
        current += timedelta(days=1)
        if current.weekday() >= 5:
            continue
        name = holiday_name(current, subdiv)
        if name:
            skipped.append(f"{current.isoformat()} ({name})")
            continue
        left -= 1
    return current, tuple(skipped)


def working_days_between(start: date, end: date, *, subdiv: str | None = None) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start)."""
    count, current = 0, start
    while current < end:
        current += timedelta(days=1)
        if is_working_day(current, subdiv):
            count += 1
    return count


def expedite_decision_due(submitted: date) -> Deadline:
    due = submitted + timedelta(days=EXPEDITE_DECISION_DAYS)
    return Deadline(
        due,
        f"expedite decision within {EXPEDITE_DECISION_DAYS} calendar days of {submitted.isoformat()} "
        f"(5 U.S.C. 552(a)(6)(E)(ii)(I)) -> {due.isoformat()}",
    )


def appeal_due(determination: date) -> Deadline:
    due = determination + timedelta(days=APPEAL_WINDOW_DAYS)
    return Deadline(
        due,
        f"appeal within {APPEAL_WINDOW_DAYS} days of the adverse determination of "
        f"{determination.isoformat()} (5 U.S.C. 552(a)(6)(A)(i)(III)(aa)) -> {due.isoformat()}",
    )
