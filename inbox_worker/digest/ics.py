"""Deadlines as an iCalendar file (RFC 5545): one all-day event per deadline, stable UIDs."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from inbox_worker.digest.deadlines import DeadlineKind, deadlines_by_request
from inbox_worker.views import tracking_numbers_by_request
from models.tables import Request

TITLES = {
    DeadlineKind.RESPOND_BY: "Respond to the agency",
    DeadlineKind.RESPONSE_DUE: "Agency response due",
    DeadlineKind.AGENCY_ESTIMATE: "Agency's own estimate",
    DeadlineKind.EXPEDITE_DECISION_DUE: "Expedite decision due",
    DeadlineKind.APPEAL_BY: "Appeal deadline",
}


@dataclass(frozen=True)
class CalendarEvent:
    uid: str
    day: date
    summary: str
    description: str


def calendar_events(s: Session) -> list[CalendarEvent]:
    """Every dated deadline of every request, soonest first."""
    events = []
    requests = list(s.exec(select(Request).order_by(Request.id)))
    deadlines = deadlines_by_request(s, requests)
    numbers_of = tracking_numbers_by_request(s, [r.id for r in requests])
    for req in requests:
        numbers = ", ".join(numbers_of[req.id]) or "no tracking number"
        for deadline in deadlines[req.id]:
            if deadline.date is None:
                continue
            events.append(CalendarEvent(
                uid=f"{deadline.kind}-request-{req.id}@foia-intake",  # one per deadline: a re-export updates it
                day=deadline.date,
                summary=f"{TITLES[deadline.kind]}: request #{req.id} {req.subject} ({req.agency})",
                description=f"{req.agency}, {numbers}\n{deadline.explanation}",
            ))
    events.sort(key=lambda e: (e.day, e.uid))
    return events


def to_ics(events: list[CalendarEvent], *, now: datetime) -> str:
    stamp = now.strftime("%Y%m%dT%H%M%SZ")
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//foia-intake//deadlines//EN", "CALSCALE:GREGORIAN",
             "X-WR-CALNAME:FOIA deadlines"]
    for e in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{_text(e.uid)}",
            f"DTSTAMP:{stamp}",
            f"DTSTART;VALUE=DATE:{e.day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(e.day + timedelta(days=1)).strftime('%Y%m%d')}",
            f"SUMMARY:{_text(e.summary)}",
            f"DESCRIPTION:{_text(e.description)}",
            "TRANSP:TRANSPARENT",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def _text(value: str) -> str:
    """A TEXT value: backslash, semicolon, comma and newlines escaped, other controls dropped."""
    value = value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    value = value.replace("\r\n", "\n").replace("\r", "\n").replace("\n", "\\n")
    return "".join(ch for ch in value if ch >= " " or ch == "\t")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space, never inside a character."""
    out, current, size = [], "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        if size + width > (75 if not out else 74):
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out)
