#!/usr/bin/env python3
"""Write the bundled sample Maildir: the life of one 2020 FOIA request to ICE, as email.

The messages are written by this project (not copied from any real agency letter); they follow
the form of such mail: headers, threading, multipart bodies, PDF letters on the productions.

    python scripts/make_sample_mailbox.py            # rewrites inbox_worker/sample_mailbox
"""

from __future__ import annotations

import shutil
import sys
from datetime import datetime, timedelta, timezone
from email.message import EmailMessage
from email.utils import format_datetime
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "inbox_worker" / "sample_mailbox"
EDT = timezone(timedelta(hours=-4))
EST = timezone(timedelta(hours=-5))
REQ_ID = "<CAE7x2020061015423901.epic-foia@epic.org>"
TRACKING = "2020-ICFO-51234"
ICE = "ICE FOIA Office <ICE-FOIA@ice.dhs.gov>"
EPIC = "EPIC FOIA <foia@epic.org>"


def pdf(lines: list[str]) -> bytes:
    """A one-page PDF with a real text layer (Helvetica), no dependencies."""
    def esc(s: str) -> str:
        return s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream = ["BT", "/F1 10 Tf", "14 TL", "60 750 Td"]
    for line in lines:
        stream.append(f"({esc(line)}) Tj T*")
    stream.append("ET")
    content = "\n".join(stream).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def message(*, frm, to, subject, date, msgid, body, html=None, in_reply_to=None, extra=None, attachment=None):
    m = EmailMessage()
    m["From"] = frm
    m["To"] = to
    m["Subject"] = subject
    m["Date"] = format_datetime(date)
    m["Message-ID"] = msgid
    if in_reply_to:
        m["In-Reply-To"] = in_reply_to
        m["References"] = in_reply_to
    for k, v in (extra or {}).items():
        m[k] = v
    m.set_content(body)
    if html:
        m.add_alternative(html, subtype="html")
    if attachment:
        name, data = attachment
        m.add_attachment(data, maintype="application", subtype="pdf", filename=name)
    return m.as_bytes()


def html_of(text: str) -> str:
    paras = "".join(f"<p>{p.replace(chr(10), '<br>')}</p>" for p in text.strip().split("\n\n"))
    return f"<html><body style=\"font-family:Arial\">{paras}</body></html>"


REQUEST_BODY = """\
Dear FOIA Officer,

Attached and below is a request under the Freedom of Information Act, 5 U.S.C. 552(a)(3),
submitted on behalf of the Electronic Privacy Information Center (EPIC) to U.S. Immigration
and Customs Enforcement (ICE).

EPIC seeks records about ICE's use of facial recognition software (FRS):
1. contracts between ICE and commercial FRS vendors;
2. records of ICE's approval process for commercial FRS vendors;
3. training materials and standard operating procedures for Homeland Security Investigations
   agents on the use of FRS and the collection of probe photos;
4. audits of HSI agents' use of FRS;
5. agreements between ICE and law enforcement agencies about their FRS.

Request for expedited processing: EPIC is an organization primarily engaged in disseminating
information, and there is an urgency to inform the public about this federal government
activity (5 U.S.C. 552(a)(6)(E)(v)(II)). EPIC certifies this statement is true and correct.

Request for news media fee status and fee waiver: EPIC is a representative of the news media,
and disclosure is in the public interest and not primarily in EPIC's commercial interest, so
any duplication fees should be waived.

EPIC anticipates your determination on the request for expedited processing within ten
calendar days.

Respectfully submitted,
EPIC Open Government Project
"""

ACK_BODY = f"""\
June 17, 2020

RE: ICE FOIA Case Number {TRACKING}

This acknowledges receipt of your June 10, 2020, Freedom of Information Act (FOIA) request to
U.S. Immigration and Customs Enforcement (ICE), seeking records related to ICE's use of facial
recognition software. Your request was received in this office on June 10, 2020.

Your request has been assigned the reference number {TRACKING}. Please refer to this
identifier in any future correspondence.

This office is receiving more FOIA requests than ever, so the processing of your request may
be delayed. ICE will make every effort to respond within the time
allowed by the FOIA. Your request for expedited treatment and for a fee waiver will be
addressed in separate correspondence.

If you have any questions, please contact the FOIA Public Liaison at (866) 633-1182.

Regards,
ICE FOIA Office
U.S. Immigration and Customs Enforcement
500 12th Street SW, Stop 5009
Washington, D.C. 20536-5009
"""

EXPEDITE_BODY = f"""\
June 19, 2020

Re: {TRACKING}

This letter responds to the request for expedited processing contained in your Freedom of
Information Act request to ICE dated June 10, 2020.

Your request for expedited treatment is hereby denied. Under the DHS FOIA regulations,
expedited processing is granted only where there is an urgency to inform the public about an
actual or alleged federal government activity and the requester is primarily engaged in
disseminating information. After careful review, we have determined that you have not
demonstrated an urgency that would warrant processing your request ahead of those received
earlier. Your request will be processed in the order in which it was received.

You have the right to appeal this determination within 90 days of the date of this letter.

Sincerely,
ICE FOIA Office
"""

FEE_BODY = f"""\
August 4, 2020

Re: ICE FOIA Case Number {TRACKING}

A search of ICE's records has located approximately 1,050 pages of records that may be
responsive to your request. As a representative of the news media you are charged duplication
fees only; the first 100 pages are provided free of charge.

The estimated fee for processing your request is $95.00 (950 pages at $0.10 per page).
Please notify us in writing of your willingness to pay the estimated fees. If you do not
reply within 30 days of the date of this letter, we will take it that you no longer want
this request, and it will be administratively closed.

Your request for a fee waiver remains under review.

Sincerely,
ICE FOIA Office
"""

FEE_REPLY = f"""\
Dear ICE FOIA Office,

EPIC agrees to pay the estimated duplication fees of $95.00 for request {TRACKING}, and
maintains its request for a fee waiver.

Thank you,
EPIC Open Government Project
"""

INTERIM_COVER = f"""\
Good afternoon,

Please find attached ICE's first interim release for FOIA request {TRACKING}.

Thank you,
ICE FOIA Office
"""

INTERIM_LETTER = [
    "U.S. Department of Homeland Security",
    "U.S. Immigration and Customs Enforcement",
    "Freedom of Information Act Office",
    "",
    "October 30, 2020",
    "",
    f"RE: ICE FOIA Case Number {TRACKING}",
    "",
    "This letter is the first interim response to your Freedom of Information Act (FOIA)",
    "request to U.S. Immigration and Customs Enforcement (ICE) dated June 10, 2020,",
    "seeking records related to ICE's use of facial recognition software.",
    "",
    "ICE has reviewed 300 pages of potentially responsive records. Of those pages,",
    "255 pages are partially releasable pursuant to 5 U.S.C. 552 (b)(6), (b)(7)(C) and",
    "(b)(7)(E). The releasable records are enclosed.",
    "",
    "The remaining records are still being processed and will be released on a rolling",
    "basis. ICE will continue to process your request and will send the next release",
    "as soon as it is complete.",
    "",
    "Sincerely,",
    "ICE FOIA Office",
]

FINAL_COVER = f"""\
Good morning,

Attached is ICE's final response to your FOIA request {TRACKING}.

Regards,
ICE FOIA Office
"""

FINAL_LETTER = [
    "U.S. Department of Homeland Security",
    "U.S. Immigration and Customs Enforcement",
    "Freedom of Information Act Office",
    "",
    "February 26, 2021",
    "",
    f"RE: ICE FOIA Case Number {TRACKING}",
    "",
    "This is the final response to your Freedom of Information Act (FOIA) request to",
    "U.S. Immigration and Customs Enforcement (ICE), dated June 10, 2020.",
    "",
    "ICE has completed its review of the remaining 750 pages of records. Of those pages,",
    "402 pages are releasable in their entirety and 348 pages are partially releasable",
    "pursuant to 5 U.S.C. 552 (b)(5), (b)(6), (b)(7)(C) and (b)(7)(E). The records are",
    "enclosed. Your request for a fee waiver has been granted; no fees are due.",
    "",
    "You have the right to appeal this determination. Your appeal must be sent within",
    "90 days of the date of this letter to the Office of the Principal Legal Advisor.",
    "",
    "Sincerely,",
    "ICE FOIA Office",
]

OOO_BODY = """\
Thank you for your message. I am out of the office until July 6, 2020 with limited access
to email. For FOIA questions please write to ICE-FOIA@ice.dhs.gov.
"""


def build() -> list[tuple[str, str, bytes]]:
    """(folder, filename, bytes) for every sample message."""
    d = lambda y, mo, day, h, mi, tz=EDT: datetime(y, mo, day, h, mi, tzinfo=tz)  # noqa: E731
    ack_id = "<20200617143001.ICFO51234.ack@ice.dhs.gov>"
    fee_id = "<20200804101500.ICFO51234.fee@ice.dhs.gov>"
    final_id = "<20210226093000.ICFO51234.final@ice.dhs.gov>"
    final = message(frm=ICE, to=EPIC, subject=f"ICE FOIA {TRACKING} - Final Response", date=d(2021, 2, 26, 9, 30, EST),
                    msgid=final_id, body=FINAL_COVER, html=html_of(FINAL_COVER),
                    attachment=(f"{TRACKING} Final Response.pdf", pdf(FINAL_LETTER)))
    msgs = [
        ("Sent", "1591818159.M1P1.sample", message(
            frm=EPIC, to="ICE FOIA Office <ICE-FOIA@dhs.gov>", subject="Freedom of Information Act Request: ICE use of facial recognition software",
            date=d(2020, 6, 10, 15, 42), msgid=REQ_ID, body=REQUEST_BODY)),
        ("INBOX", "1591888201.M2P1.sample", message(
            frm="Jordan Ellis <jordan.ellis@ice.dhs.gov>", to=EPIC, subject="Automatic reply: Freedom of Information Act Request: ICE use of facial recognition software",
            date=d(2020, 6, 10, 15, 43), msgid="<ooo.20200610154300.jellis@ice.dhs.gov>", body=OOO_BODY,
            in_reply_to=REQ_ID, extra={"Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All"})),
        ("INBOX", "1592418601.M3P1.sample", message(
            frm=ICE, to=EPIC, subject=f"ICE FOIA Request {TRACKING} - Acknowledgement", date=d(2020, 6, 17, 14, 30),
            msgid=ack_id, body=ACK_BODY, html=html_of(ACK_BODY), in_reply_to=REQ_ID)),
        ("INBOX", "1592591401.M4P1.sample", message(
            frm=ICE, to=EPIC, subject=f"{TRACKING} Expedited Processing Determination", date=d(2020, 6, 19, 14, 30),
            msgid="<20200619143000.ICFO51234.exp@ice.dhs.gov>", body=EXPEDITE_BODY)),
        ("INBOX", "1596550501.M5P1.sample", message(
            frm=ICE, to=EPIC, subject=f"ICE FOIA {TRACKING} - Fee Estimate", date=d(2020, 8, 4, 10, 15),
            msgid=fee_id, body=FEE_BODY, html=html_of(FEE_BODY))),
        ("Sent", "1596729601.M6P1.sample", message(
            frm=EPIC, to=ICE, subject=f"RE: ICE FOIA {TRACKING} - Fee Estimate", date=d(2020, 8, 6, 12, 0),
            msgid="<CAE7x2020080612000001.epic-foia@epic.org>", body=FEE_REPLY, in_reply_to=fee_id)),
        ("INBOX", "1604070001.M7P1.sample", message(
            frm=ICE, to=EPIC, subject=f"ICE FOIA {TRACKING} - Interim Release 1", date=d(2020, 10, 30, 15, 0),
            msgid="<20201030150000.ICFO51234.int1@ice.dhs.gov>", body=INTERIM_COVER, html=html_of(INTERIM_COVER),
            attachment=(f"{TRACKING} Interim Release 1.pdf", pdf(INTERIM_LETTER)))),
        ("INBOX", "1614349801.M8P1.sample", final),
        # The same final response, delivered again through a CC to a second address.
        ("INBOX", "1614349802.M9P1.sample", b"Delivered-To: open-gov@epic.org\r\n" + final),
    ]
    return msgs


def main() -> int:
    if OUT.exists():
        shutil.rmtree(OUT)
    for folder in ("", ".Sent"):
        for sub in ("cur", "new", "tmp"):
            (OUT / folder / sub).mkdir(parents=True, exist_ok=True)
            (OUT / folder / sub / ".keep").write_text("")
    for folder, name, data in build():
        where = OUT if folder == "INBOX" else OUT / f".{folder}"
        (where / "cur" / f"{name}:2,S").write_bytes(data)
    print(f"wrote {len(build())} messages to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
