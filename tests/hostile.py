"""Hostile mail written by the tests: several variants per class of attack, each a raw message
that a stranger could send to a FOIA mailbox. ``hostile_mix`` interleaves them with ordinary
agency replies."""

from __future__ import annotations

import base64
import random
from collections.abc import Callable

from tests.mailgen import backlog

_AGENCY = "FOIA Office <foia@agency.example.gov>"
_ME = "Records Desk <foia@newsroom.example.org>"


def raw_mail(*, subject: bytes = b"Your request", frm: bytes = _AGENCY.encode(), date: bytes | None = None,
             msgid: bytes | None = None, headers: bytes = b"", content_type: bytes = b"text/plain; charset=utf-8",
             body: bytes = b"This acknowledges receipt of your request.\n") -> bytes:
    """A message byte for byte as given: nothing is escaped or checked on the way."""
    date = date if date is not None else b"Tue, 02 Jan 2024 10:00:00 +0000"
    msgid = msgid if msgid is not None else f"<h{random.getrandbits(48):x}@agency.example.gov>".encode()
    return (b"From: " + frm + b"\r\nTo: " + _ME.encode() + b"\r\nSubject: " + subject + b"\r\nDate: " + date
            + b"\r\nMessage-ID: " + msgid + b"\r\nMIME-Version: 1.0\r\nContent-Type: " + content_type + b"\r\n"
            + headers + b"\r\n" + body)


def overflow_dates(rng: random.Random) -> list[bytes]:
    year = str(rng.randrange(10**19, 10**20)).encode()
    return [
        raw_mail(date=b"Fri, 31 Dec 9999 23:00:00 -1200"),
        raw_mail(date=b"Fri, 31 Dec " + year + b" 23:00:00 +0000"),
        raw_mail(date=b"Mon, 1 Jan 0001 00:00:00 +1400"),
        raw_mail(date=b"Sat, 31 Feb 2024 25:61:61 +9999"),
        raw_mail(date=b"Sun, " + str(rng.randrange(10**30)).encode() + b" Jan 2024 00:00:00 +0000"),
    ]


def quadratic_html(rng: random.Random) -> list[bytes]:
    size = rng.randrange(300_000, 500_000)
    def html(markup: str) -> bytes:
        return raw_mail(content_type=b"text/html; charset=utf-8", body=markup[:size].encode())
    return [
        html("<script>" * size),
        html("</" * size),
        html("<!--" * size),
        html("<p>" + "<a " * size),
        html("<style>x</style" * size),
        html("<div><script>a</script>x" * (size // 10)),
    ]


def control_characters(rng: random.Random) -> list[bytes]:
    junk = bytes(rng.choice([0, 1, 7, 8, 11, 12, 27, 127]) for _ in range(5))
    return [
        raw_mail(subject=b"Ack\x00nowledgement of request"),
        raw_mail(frm=b"FOIA\x00 Office <foia@agency\x00.example.gov>"),
        raw_mail(msgid=b"<nul\x00id@agency.example.gov>"),
        raw_mail(subject=b"Status " + junk + b"\x1b[2J\x1b]8;;http://x\x07link\x1b]8;;\x07",
                 body=b"Body with NUL \x00 and escape \x1b[31m red\n"),
        raw_mail(subject=b"=?utf-8?b?" + base64.b64encode(b"encoded \x00 nul " + junk) + b"?="),
        raw_mail(subject=b"\xff\xfe lone bytes \xed\xa0\x80 surrogate", body=b"\xed\xa0\x80\xff\n"),
    ]


def oversized_parts(rng: random.Random) -> list[bytes]:
    many = b"".join(
        b"--b\r\nContent-Type: text/plain\r\nContent-Disposition: attachment; filename=\"p%d.txt\"\r\n\r\npart %d\r\n" % (i, i)
        for i in range(rng.randrange(150, 250))
    )
    return [
        raw_mail(body=b"This acknowledges receipt of your request. " * rng.randrange(60_000, 90_000)),
        raw_mail(content_type=b'multipart/mixed; boundary="b"', body=many + b"--b--\r\n"),
        raw_mail(subject=b"S" * rng.randrange(100_000, 200_000)),
        raw_mail(headers=b"".join(b"X-H%d: %s\r\n" % (i, b"v" * 100) for i in range(5_000))),
    ]


def broken_mime(rng: random.Random) -> list[bytes]:
    return [
        raw_mail(content_type=b'multipart/mixed; boundary="never"', body=b"--other\r\nno part here\r\n"),
        raw_mail(content_type=b"text/plain; charset=x-no-such-charset", body=b"caf\xe9\n"),
        raw_mail(headers=b"Content-Transfer-Encoding: base64\r\n", body=b"!!!not base64 at all" * 50),
        raw_mail(content_type=b'multipart/mixed; boundary="' + b"b" * 5000 + b'"', body=b"x"),
        b"\x00" * rng.randrange(10, 1000),
        b"",
        b"Subject: only a header",
        raw_mail(content_type=b"multipart/alternative; boundary=a",
                 body=b"--a\r\n" * 2000 + b"Content-Type: text/html\r\n\r\n<p>hi\r\n--a--\r\n"),
    ]


HOSTILE: dict[str, Callable[[random.Random], list[bytes]]] = {
    "overflow date": overflow_dates,
    "quadratic html": quadratic_html,
    "control characters": control_characters,
    "oversized parts": oversized_parts,
    "broken mime": broken_mime,
}


def hostile_mix(seed: int, *, requests: int = 4) -> list[tuple[str, str, bytes]]:
    """(kind, folder, raw): every hostile variant, each followed by ordinary mail of a request's life."""
    rng = random.Random(seed)
    hostile = [(kind, raw) for kind, make in HOSTILE.items() for raw in make(rng)]
    rng.shuffle(hostile)
    ordinary = [("ordinary", folder, raw) for folder, raw in backlog(requests)]
    sent = [m for m in ordinary if m[1] == "Sent"]
    replies = [m for m in ordinary if m[1] != "Sent"]
    mix: list[tuple[str, str, bytes]] = list(sent)
    for i, (kind, raw) in enumerate(hostile):
        mix.append((kind, "INBOX", raw))
        if i < len(replies):
            mix.append(replies[i])
    mix.extend(replies[len(hostile):])
    return mix

