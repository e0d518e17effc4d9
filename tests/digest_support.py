"""Support for the digest tests: a real SMTP server on loopback, and a mailbox with things to do."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path

from aiosmtpd.controller import Controller

from tests.conftest import add_to_maildir
from tests.mailgen import email

ME = "Records Desk <foia@newsroom.example.org>"
HOSTILE_SUBJECT = '<script>alert("x")</script> <b>Your FOIA</b> & more'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Collect:
    def __init__(self, box: list[EmailMessage]) -> None:
        self.box = box

    async def handle_DATA(self, server, session, envelope) -> str:  # noqa: ANN001 (aiosmtpd hook)
        self.box.append(message_from_bytes(envelope.original_content, policy=policy.default))
        return "250 OK"


class SmtpServer:
    """aiosmtpd on a fixed loopback port, so it can be down and come back on the same port."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or free_port()
        self.received: list[EmailMessage] = []
        self._controller: Controller | None = None

    def start(self) -> SmtpServer:
        self._controller = Controller(_Collect(self.received), hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None


def wait_for(condition: Callable[[], bool], *, timeout: float = 20.0, what: str = "condition") -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        threading.Event().wait(0.05)


def smtp_env(sqlite_url: str, port: int) -> dict[str, str]:
    return {
        "FOIA_INTAKE_DATABASE__URL": sqlite_url,
        "FOIA_INTAKE_SMTP__HOST": "127.0.0.1",
        "FOIA_INTAKE_SMTP__PORT": str(port),
        "FOIA_INTAKE_SMTP__SECURITY": "none",
        "FOIA_INTAKE_DIGEST__TO": '["me@newsroom.example.org"]',
        "FOIA_INTAKE_DIGEST__TIMEZONE": "UTC",
    }


def _d(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def write_action_mailbox(maildir: Path, *, today: date, still_interested_in: int = 12, fee_in: int = 25) -> dict[str, str]:
    """Three requests of ours: one asked "still interested?", one sent a fee estimate, one is late;
    plus a hostile message nobody can match. Returns the respond-by dates by request subject."""
    at = lambda days: datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(days=days, hours=15)  # noqa: E731
    interested_by, fee_by = today + timedelta(days=still_interested_in), today + timedelta(days=fee_in)
    mails = [
        ("Sent", email(frm=ME, to="FBI FOIA <foipa@fbi.example.gov>", subject="FOIA request: border drone logs",
                       date=at(-200), msgid="<r1@newsroom.example.org>",
                       body="Under the Freedom of Information Act, 5 U.S.C. 552, I request the drone flight logs.\n")),
        ("INBOX", email(frm="FBI FOIA <foipa@fbi.example.gov>", to=ME, subject="Your FOIA request 1500123-000",
                        date=at(-3), msgid="<si@fbi.example.gov>", in_reply_to="<r1@newsroom.example.org>",
                        body="Dear Requester:\n\nWe are writing about your FOIA request 1500123-000 for drone flight logs. "
                             "Please let us know whether you are still interested in pursuing this request. "
                             f"If we do not hear from you by {_d(interested_by)}, we will administratively close "
                             "your request.\n\nSincerely,\nRecord Information Section\n")),
        ("Sent", email(frm=ME, to="EPA FOIA <foia@epa.example.gov>", subject="FOIA request: plant inspection reports",
                       date=at(-60), msgid="<r2@newsroom.example.org>",
                       body="Under the Freedom of Information Act, 5 U.S.C. 552, I request the inspection reports.\n")),
        ("INBOX", email(frm="EPA FOIA <foia@epa.example.gov>", to=ME, subject="Fee estimate for EPA-HQ-2026-004411",
                        date=at(-2), msgid="<fee@epa.example.gov>", in_reply_to="<r2@newsroom.example.org>",
                        body="The estimated fees for request EPA-HQ-2026-004411 are $245.50. Please confirm in writing "
                             f"that you agree to pay the estimated fees by {_d(fee_by)}.\n")),
        ("Sent", email(frm=ME, to="Navy FOIA <foia@navy.example.mil>", subject="FOIA request: pier contracts",
                       date=at(-90), msgid="<r3@newsroom.example.org>",
                       body="Under the Freedom of Information Act, 5 U.S.C. 552, I request the pier contracts.\n")),
        ("INBOX", email(frm="Navy FOIA <foia@navy.example.mil>", to=ME, subject="Acknowledgement of FOIA request DON-NAVY-2026-000777",
                        date=at(-88), msgid="<ack@navy.example.mil>", in_reply_to="<r3@newsroom.example.org>",
                        body=f"This acknowledges receipt of your FOIA request. Your request was received in this office on "
                             f"{_d(today - timedelta(days=89))} and has been assigned tracking number DON-NAVY-2026-000777.\n")),
        ("INBOX", email(frm='"<img src=x onerror=alert(1)>" <spam@unknown.example.com>', to=ME, subject=HOSTILE_SUBJECT,
                        date=at(-1), msgid="<hostile@unknown.example.com>",
                        body="<script>document.location='http://evil.example.com'</script> Click here.\n")),
    ]
    for i, (folder, raw) in enumerate(mails):
        add_to_maildir(maildir, f"{1700000000 + i}.M{i}P1.digest", raw, folder=folder)
    return {"interested": interested_by.isoformat(), "fee": fee_by.isoformat()}


def digest_settings(sqlite_url: str, port: int, **digest: object):
    from config.settings import DigestSettings, Settings, SmtpSettings

    return Settings(
        database={"url": sqlite_url},
        smtp=SmtpSettings(host="127.0.0.1", port=port, security="none"),
        digest=DigestSettings(**{"to": ["me@newsroom.example.org"], "timezone": "UTC", **digest}),
    )


def sync_maildir(engine, maildir: Path):  # noqa: ANN001, ANN201
    from inbox_worker.process import Pipeline
    from inbox_worker.sources.maildir import MaildirSource
    from inbox_worker.sync import sync_once

    return sync_once(engine, [MaildirSource(maildir, folders=["INBOX"], sent_folder="Sent")], pipeline=Pipeline())


SECTIONS = ("NEEDS YOUR ACTION", "OVERDUE", "NEW REPLIES", "STATUS CHANGES", "RECORDS RECEIVED", "NEEDS REVIEW", "TOTALS")


def text_part(msg: EmailMessage) -> str:
    return msg.get_body(preferencelist=("plain",)).get_content().replace("\r\n", "\n")


def html_part(msg: EmailMessage) -> str:
    return msg.get_body(preferencelist=("html",)).get_content().replace("\r\n", "\n")


def sections(text: str) -> dict[str, str]:
    """The text digest cut at its section headings (in the order they appear)."""
    found = [(text.index(f"\n{name}\n"), name) for name in SECTIONS if f"\n{name}\n" in text]
    found.sort()
    out = {}
    for i, (start, name) in enumerate(found):
        end = found[i + 1][0] if i + 1 < len(found) else len(text)
        out[name] = text[start + len(name) + 2 : end]
    return out
