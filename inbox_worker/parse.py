"""Raw bytes -> a ParsedMail, with mail-parser. Any failure becomes UnparseableMessage."""

from __future__ import annotations

import base64
import binascii
import email.utils
import io
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from email.policy import compat32
from typing import Protocol

import mailparser

from inbox_worker.errors import UnparseableMessage


@dataclass
class RawAttachment:
    filename: str
    content_type: str
    data: bytes
    inline: bool = False  # has a Content-ID or an inline disposition (logos, signatures)


@dataclass
class ParsedMail:
    message_id: str | None
    subject: str
    from_name: str
    from_addr: str
    to_addrs: list[str]
    to_pairs: list[tuple[str, str]]  # (display name, address) as written
    cc_addrs: list[str]
    date: datetime | None
    in_reply_to: str | None
    references: list[str]
    headers: dict[str, str]
    text: str
    html: str
    attachments: list[RawAttachment] = field(default_factory=list)


logging.getLogger("mailparser").setLevel(logging.ERROR)  # "content not handled" chatter


class MailParser(mailparser.MailParser):
    """mail-parser as it is, but for its two dicts summing up the whole mail (``mail``, ``mail_partial``):
    its ``parse()`` builds both for every message, every header decoded twice more (a third of its
    time), and nothing here reads them. They are built when first asked for, as they would have been."""

    def _make_mail(self, *_args: object, **_kwargs: object) -> None:
        return None  # parse() stores this in _mail and _mail_partial: built on first use (below)

    @property
    def mail(self) -> dict:
        if self._mail is None:
            self._mail = super()._make_mail()
        return self._mail

    @property
    def mail_partial(self) -> dict:
        if self._mail_partial is None:
            self._mail_partial = super()._make_mail(complete=False)
        return self._mail_partial


MAX_HEADER_BLOCK = 1024 * 1024  # of the header block read by peek_headers
MAX_HEADER_CHARS = 2_000  # of a Subject, an address, a header value as kept
MAX_PART_CHARS = 2_000_000  # of the text and of the HTML body as kept

_MSGID = re.compile(r"<[^<>\s]+>")


def clean_message_id(value: str | None) -> str | None:
    if not value:
        return None
    m = _MSGID.search(value)
    return m.group(0) if m else value.strip() or None


def peek_headers(raw: bytes) -> dict[str, str]:
    """The headers alone, read by the standard library without touching the body. Never raises."""
    try:
        end = raw.find(b"\n\n")
        crlf = raw.find(b"\r\n\r\n")
        ends = [e for e in (end, crlf) if e >= 0]
        head = raw[: min(ends) + 4] if ends else raw[:MAX_HEADER_BLOCK]
        msg = BytesHeaderParser(policy=compat32).parsebytes(head[:MAX_HEADER_BLOCK])
        return {clean_text(k.lower()): clean_text(str(v)) for k, v in msg.items()}
    except Exception:  # noqa: BLE001 (malformed input: fall back to no headers)
        return {}


def _header_str(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(_header_str(v) for v in value)
    return str(value)


def _addresses(value: object) -> list[tuple[str, str]]:
    out = []
    if isinstance(value, list):
        for item in value:
            if isinstance(item, (tuple, list)) and len(item) == 2:
                out.append((str(item[0] or ""), str(item[1] or "")))
    return out


def parse_mail(raw: bytes | RawSlices) -> ParsedMail:
    """Parse one message (held whole, or read a slice at a time). Raises UnparseableMessage with the
    reason when it cannot be read."""
    if isinstance(raw, bytes) and (not raw or not raw.strip()):
        raise UnparseableMessage("empty message")
    try:
        raw, set_aside = _set_aside_large_parts(raw)
        if not set_aside and not raw.strip():
            raise UnparseableMessage("empty message")
        mail = MailParser.from_bytes(raw)
        headers = {k.lower(): _header_str(v) for k, v in (mail.headers or {}).items()}
        if not headers:
            raise UnparseableMessage("no RFC 5322 headers found (not an email message?)")
        senders = _addresses(mail.from_)
        from_name, from_addr = senders[0] if senders else ("", "")
        date = sane_date(_safe_date(mail))
        refs = [clean_text(r) for r in _MSGID.findall(headers.get("references", ""))]
        attachments = []
        for att in mail.attachments or []:
            payload = att.get("payload") or ""
            data = base64.b64decode(payload) if att.get("binary") else str(payload).encode("utf-8", "replace")
            attachments.append(
                RawAttachment(
                    filename=clean_text(str(att.get("filename") or ""))[:500],
                    content_type=clean_text(str(att.get("mail_content_type") or "application/octet-stream").lower())[:200],
                    data=data,
                    inline=bool(att.get("content-id")) or str(att.get("content-disposition") or "").lower().startswith("inline"),
                )
            )
        attachments.extend(set_aside)
        to = [(clean_text(n), clean_text(a)) for n, a in _addresses(mail.to) if a]
        return ParsedMail(
            message_id=clean_message_id(clean_text(headers.get("message-id", ""))),
            subject=unfold(clean_text(_header_str(mail.subject).strip()))[:MAX_HEADER_CHARS],
            from_name=clean_text(from_name)[:MAX_HEADER_CHARS],
            from_addr=clean_text(from_addr.lower())[:MAX_HEADER_CHARS],
            to_addrs=[a.lower() for _, a in to],
            to_pairs=to,
            cc_addrs=[clean_text(a.lower()) for _, a in _addresses(mail.cc) if a],
            date=date,
            in_reply_to=clean_message_id(clean_text(headers.get("in-reply-to", ""))),
            references=refs,
            headers={k: clean_text(v)[:MAX_HEADER_CHARS] for k, v in headers.items()},
            text=clean_text("\n\n".join(str(t) for t in (mail.text_plain or []))[:MAX_PART_CHARS]),
            html=clean_text("\n\n".join(str(t) for t in (mail.text_html or []))[:MAX_PART_CHARS]),
            attachments=attachments,
        )
    except UnparseableMessage:
        raise
    except Exception as err:  # mail-parser raises AttributeError, HeaderParseError, ...
        raise UnparseableMessage(f"{type(err).__name__}: {err}") from err


LARGE_MESSAGE_BYTES = 4 * 1024 * 1024  # above this, big base64 parts are taken out before parsing
LARGE_PART_BYTES = 256 * 1024
_WINDOW = 64 * 1024
_CHUNK = 1024 * 1024  # read and decoded a slice at a time
_BASE64_BYTES = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n"
_CTE_BASE64 = re.compile(rb"^content-transfer-encoding:[ \t]*base64[ \t]*\r?$", re.I | re.M)


class RawSlices(Protocol):
    """A stored message's raw bytes, read a slice at a time (``inbox_worker.raw_store``)."""

    size: int

    def read(self, start: int, length: int) -> bytes:
        """``length`` bytes from ``start`` (fewer at the end)."""
        ...


class _Scan:
    """Searches over raw bytes held whole (``bytes``) or read a slice at a time (``RawSlices``)."""

    def __init__(self, raw: bytes | RawSlices) -> None:
        self.whole = raw if isinstance(raw, bytes) else None
        self.raw = raw
        self.size = len(raw) if isinstance(raw, bytes) else raw.size

    def read(self, start: int, end: int) -> bytes:
        if self.whole is not None:
            return self.whole[start:end]
        return self.raw.read(start, max(0, end - start))

    def find(self, sub: bytes, start: int) -> int:
        if self.whole is not None:
            return self.whole.find(sub, start)
        for pos in range(start, self.size, _CHUNK):
            i = self.read(pos, pos + _CHUNK + len(sub) - 1).find(sub)
            if i >= 0:
                return pos + i
        return -1

    def rfind(self, sub: bytes, start: int, end: int) -> int:
        if self.whole is not None:
            return self.whole.rfind(sub, start, end)
        hi = end
        while hi > start:
            lo = max(start, hi - _CHUNK)
            i = self.read(lo, min(end, hi + len(sub) - 1)).rfind(sub)
            if i >= 0:
                return lo + i
            hi = lo
        return -1

    def base64(self, start: int, end: int) -> bytes:
        """The base64 text in ``[start, end)`` decoded, a slice at a time (no copy of the text whole)."""
        out, rest = io.BytesIO(), b""
        for pos in range(start, end, _CHUNK):
            text = rest + self.read(pos, min(pos + _CHUNK, end)).translate(None, b"\r\n")
            cut = len(text) - len(text) % 4
            out.write(binascii.a2b_base64(text[:cut]))
            rest = text[cut:]
            if b"=" in text[:cut]:  # padding: the decoder stops there, as over the text whole
                return out.getvalue()
        if rest:
            out.write(binascii.a2b_base64(rest))
        return out.getvalue()  # the buffer itself: no second copy


def _set_aside_large_parts(raw: bytes | RawSlices) -> tuple[bytes, list[RawAttachment]]:
    """For a large message, its big base64 parts decoded straight from the bytes and cut out of
    what the parsers are handed: mail-parser and the standard library's parser each hold many
    copies of a part (a 50 MB attachment cost 900 MB). Small messages are returned as they are.
    ``raw`` may be read a slice at a time: the message is then never held whole beside its parts."""
    scan = _Scan(raw)
    if scan.size <= LARGE_MESSAGE_BYTES:
        return scan.read(0, scan.size), []
    set_aside: list[RawAttachment] = []
    kept: list[bytes] = []
    pos = after = 0
    while (found := _base64_window(scan, after)) >= 0:
        body_start = max(scan.rfind(b"\n\n", pos, found) + 2, scan.rfind(b"\n\r\n", pos, found) + 3)
        boundary = scan.rfind(b"\n--", pos, body_start)
        end = scan.find(b"\n-", found)
        end = scan.size if end < 0 else end + 1
        after = end
        if body_start < 2 or boundary < 0 or end - body_start < LARGE_PART_BYTES:
            continue
        head_start = scan.find(b"\n", boundary + 1) + 1
        head = scan.read(head_start, body_start)
        if not _CTE_BASE64.search(head) or not _all_base64(scan, body_start, end):
            continue  # not a base64 part as a whole: left to the parser
        headers = BytesHeaderParser(policy=compat32).parsebytes(head)
        set_aside.append(RawAttachment(
            filename=clean_text(str(headers.get_filename() or ""))[:500],
            content_type=clean_text(headers.get_content_type().lower())[:200],
            data=scan.base64(body_start, end),
            inline=bool(headers.get("content-id")) or str(headers.get("content-disposition") or "").lower().startswith("inline"),
        ))
        kept.append(scan.read(pos, head_start))  # the part, headers and all, is gone
        pos = end
    if not set_aside:
        return scan.read(0, scan.size), []
    kept.append(scan.read(pos, scan.size))
    return b"".join(kept), set_aside


def _all_base64(scan: _Scan, start: int, end: int) -> bool:
    """``[start, end)`` holds base64 text alone (checked a window at a time: no copy of it all)."""
    return not any(scan.read(i, min(i + _WINDOW, end)).translate(None, _BASE64_BYTES)
                   for i in range(start, end, _WINDOW))


def _base64_window(scan: _Scan, start: int) -> int:
    """The start of the first aligned window after ``start`` holding base64 text alone, or -1."""
    for i in range(start - start % _WINDOW + _WINDOW, scan.size - _WINDOW, _WINDOW):
        if not scan.read(i, i + _WINDOW).translate(None, _BASE64_BYTES):
            return i
    return -1


def _safe_date(mail: object) -> object:
    """mail-parser's date; its own conversion overflows on years like 9999 at -1200."""
    try:
        return mail.date
    except (OverflowError, ValueError, TypeError):
        return None


def header_date(value: str | None) -> datetime | None:
    """A Date header as an aware UTC datetime; None when it is missing, malformed or out of range
    (a 20-digit year, 31 Dec 9999 at -1200). Never raises."""
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
        return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def sane_date(value: object) -> datetime | None:
    """A date mail-parser produced, as an aware UTC datetime, or None when it cannot be one."""
    if not isinstance(value, datetime):
        return None
    try:
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    except (OverflowError, ValueError):
        return None


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


_FOLD = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t]*")


def unfold(header: str) -> str:
    """A header value on one line: folded continuation lines joined (RFC 5322 2.2.3)."""
    return _FOLD.sub(" ", header)


def clean_text(value: str) -> str:
    """Text fit for any database: NUL and other control characters dropped (tab and line breaks
    kept), lone surrogates replaced."""
    value = _CONTROL.sub("", value)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def clean_json(value: object) -> object:
    """``clean_text`` applied to every string in a JSON-like value."""
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {clean_text(str(k)): clean_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [clean_json(v) for v in value]
    return value
