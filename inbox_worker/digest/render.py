"""The digest as an email: a plain-text and an HTML alternative from jinja2 templates.

The HTML environment autoescapes: every piece of agency text (subjects, names, sentences,
filenames, errors) is escaped, whatever it contains.
"""

from __future__ import annotations

from datetime import date, datetime
from email.message import EmailMessage
from email.utils import format_datetime
from functools import lru_cache
from zoneinfo import ZoneInfo

from jinja2 import Environment, PackageLoader, StrictUndefined

from inbox_worker.digest.build import UNREAD, Digest
from nlp.labels import LABELS

EMPTY_LINE = "Nothing new: nothing to do, nothing overdue, no new replies, nothing to review."


@lru_cache(maxsize=2)
def _env(*, html: bool) -> Environment:
    env = Environment(loader=PackageLoader("inbox_worker.digest", "templates"), autoescape=html,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.filters.update(days_left=days_left, size=human_size, money=money, label=label_name,
                       tracking=lambda t: ", ".join(t) or "no tracking number", field=field_name)
    return env


def days_left(days: int | None) -> str:
    if days is None:
        return "no date given"
    if days == 0:
        return "due today"
    if days == 1:
        return "1 day left"
    if days > 1:
        return f"{days} days left"
    return f"{-days} day{'s' if days < -1 else ''} late"


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("bytes", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            return f"{size} bytes" if unit == "bytes" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{size} bytes"


def money(amount: float | None) -> str:
    return "" if amount is None else f"${amount:,.2f}"


def label_name(label: str) -> str:
    return label if label == UNREAD else label.replace("_", " ")


def field_name(name: str) -> str:
    return {"status": "status", "expedite_status": "expedite", "fee_waiver_status": "fee waiver",
            "due_date": "agency due date", "respond_by": "respond by", "appeal_by": "appeal by",
            "received_on": "received on",
            "response_due": "statutory response deadline", "expedite_decision_due": "expedite decision due"}.get(name, name.replace("_", " "))


def _label_order(label: str) -> int:
    return LABELS.index(label) if label in LABELS else len(LABELS)


def _context(digest: Digest, *, tz: ZoneInfo) -> dict:
    def local(moment: datetime | None) -> str:
        return "the beginning" if moment is None else moment.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")

    return {
        "d": digest,
        "replies": sorted(digest.replies.items(), key=lambda kv: (_label_order(kv[0]), kv[0])),
        "since": local(digest.window_from),
        "until": local(digest.window_to),
        "empty_line": EMPTY_LINE,
    }


def render_text(digest: Digest, *, tz: ZoneInfo) -> str:
    return _env(html=False).get_template("digest.txt.j2").render(**_context(digest, tz=tz))


def render_html(digest: Digest, *, tz: ZoneInfo) -> str:
    return _env(html=True).get_template("digest.html.j2").render(**_context(digest, tz=tz))


def subject_line(digest: Digest) -> str:
    day = digest.today.strftime("%a %d %b %Y")
    if digest.is_empty:
        return f"FOIA digest {day}: nothing new"
    parts = [f"{len(digest.actions)} to do" if digest.actions else "",
             f"{len(digest.overdue)} overdue" if digest.overdue else "",
             f"{sum(len(v) for v in digest.replies.values())} new replies" if digest.replies else "",
             f"{len(digest.review)} to review" if digest.review else ""]
    return f"FOIA digest {day}: " + (", ".join(p for p in parts if p) or "status changes")


def compose(digest: Digest, *, tz: ZoneInfo, sender: str, to: list[str], message_id: str,
            sent_at: datetime) -> EmailMessage:
    """The email, with the fixed Message-ID of its digest record."""
    msg = EmailMessage()
    msg["Subject"] = subject_line(digest)
    msg["From"] = sender
    msg["To"] = ", ".join(to)
    msg["Date"] = format_datetime(sent_at)
    msg["Message-ID"] = message_id
    msg["Auto-Submitted"] = "auto-generated"
    msg.set_content(render_text(digest, tz=tz))
    msg.add_alternative(render_html(digest, tz=tz), subtype="html")
    return msg


def today_in(tz: ZoneInfo, moment: datetime) -> date:
    return moment.astimezone(tz).date()
