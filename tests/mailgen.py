"""Realistic test mail written by this project: requests and agency replies, many at a time."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import format_datetime

AGENCIES = [
    ("ICE FOIA Office", "ice-foia@ice.dhs.gov", "{y}-ICFO-{n:05d}"),
    ("CBP FOIA Division", "foia@cbp.dhs.gov", "CBP-{y}-{n:06d}"),
    ("EPA Region 5 FOIA", "r5foia@epa.gov", "EPA-R5-{y}-{n:06d}"),
    ("FEMA FOIA", "fema-foia@fema.dhs.gov", "{y}-FEFO-{n:05d}"),
    ("State Department FOIA", "foiastatus@state.gov", "F-{y}-{n:05d}"),
]


def email(*, frm: str, to: str, subject: str, date: datetime, msgid: str, body: str,
          in_reply_to: str | None = None, attachment: tuple[str, bytes] | None = None) -> bytes:
    m = EmailMessage()
    m["From"], m["To"], m["Subject"] = frm, to, subject
    m["Date"] = format_datetime(date)
    m["Message-ID"] = msgid
    if in_reply_to:
        m["In-Reply-To"] = m["References"] = in_reply_to
    m.set_content(body)
    if attachment:
        m.add_attachment(attachment[1], maintype="application", subtype="octet-stream", filename=attachment[0])
    return m.as_bytes()


def request_thread(i: int) -> list[tuple[str, bytes]]:
    """(folder, raw) for one request's life: the request, ack, fee notice, interim, final."""
    name, addr, fmt = AGENCIES[i % len(AGENCIES)]
    start = datetime(2022, 1, 3, 15, 0, tzinfo=UTC) + timedelta(days=3 * i)
    number = fmt.format(y=start.year, n=1000 + i)
    req_id = f"<req-{i}@newsroom.example.org>"
    me = "Records Desk <foia@newsroom.example.org>"
    agency = f"{name} <{addr}>"
    topic = f"records on contract {4000 + i}"
    d = lambda days: start + timedelta(days=days)  # noqa: E731
    return [
        ("Sent", email(frm=me, to=agency, subject=f"FOIA request: {topic}", date=d(0), msgid=req_id,
                       body=f"Under the Freedom of Information Act, 5 U.S.C. 552, I request {topic}.\n"
                            "I request a waiver of all fees as a member of the news media.\n")),
        ("INBOX", email(frm=agency, to=me, subject=f"Acknowledgement of FOIA request {number}", date=d(5),
                        msgid=f"<ack-{i}@agency.example.gov>", in_reply_to=req_id,
                        body=f"This acknowledges receipt of your FOIA request dated {d(0):%B %d, %Y}. "
                             f"Your request was received in this office on {d(1):%B %d, %Y} and has been "
                             f"assigned tracking number {number}.\n")),
        ("INBOX", email(frm=agency, to=me, subject=f"Fee estimate for {number}", date=d(20),
                        msgid=f"<fee-{i}@agency.example.gov>",
                        body=f"The estimated fees for request {number} are ${20 + i}.00. Please confirm in "
                             "writing that you agree to pay the estimated fees within 30 days of the date of this letter.\n")),
        ("INBOX", email(frm=agency, to=me, subject=f"Interim release - {number}", date=d(60),
                        msgid=f"<int-{i}@agency.example.gov>",
                        body=f"This is the first interim release for request {number}. The remaining records "
                             "are still being processed and will be released on a rolling basis.\n")),
        ("INBOX", email(frm=agency, to=me, subject=f"Final response - {number}", date=d(120),
                        msgid=f"<fin-{i}@agency.example.gov>",
                        body=f"This is the final response to your request {number}. Enclosed are 40 pages "
                             "released in part under (b)(6).\n")),
    ]


def backlog(requests: int) -> list[tuple[str, bytes]]:
    out: list[tuple[str, bytes]] = []
    for i in range(requests):
        out.extend(request_thread(i))
    return out
