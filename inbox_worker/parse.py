"""Raw bytes -> a ParsedMail, with mail-parser. Any failure becomes UnparseableMessage."""

from __future__ import annotations

import base64
import email.utils
import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email.parser import BytesHeaderParser
from email.policy import compat32

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

_MSGID = re.compile(r"<[^<>\s]+>")


def clean_message_id(value: str | None) -> str | None:
    if not value:
        return None
    m = _MSGID.search(value)
    return m.group(0) if m else value.strip() or None


def peek_headers(raw: bytes) -> dict[str, str]:
    """The headers alone, read by the standard library without touching the body. Never raises."""
    try:
        msg = BytesHeaderParser(policy=compat32).parsebytes(raw)
        return {k.lower(): str(v) for k, v in msg.items()}
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


def parse_mail(raw: bytes) -> ParsedMail:
    """Parse one message. Raises UnparseableMessage with the reason when it cannot be read."""
    if not raw or not raw.strip():
        raise UnparseableMessage("empty message")
    try:
        mail = mailparser.parse_from_bytes(raw)
        headers = {k.lower(): _header_str(v) for k, v in (mail.headers or {}).items()}
        if not headers:
            raise UnparseableMessage("no RFC 5322 headers found (not an email message?)")
        senders = _addresses(mail.from_)
        from_name, from_addr = senders[0] if senders else ("", "")
        date = mail.date
        if isinstance(date, datetime):
            date = date.replace(tzinfo=UTC) if date.tzinfo is None else date.astimezone(UTC)
        else:
            date = None
        refs = _MSGID.findall(headers.get("references", ""))
        attachments = []
        for att in mail.attachments or []:
            payload = att.get("payload") or ""
            data = base64.b64decode(payload) if att.get("binary") else str(payload).encode("utf-8", "replace")
            attachments.append(
                RawAttachment(
                    filename=str(att.get("filename") or ""),
                    content_type=str(att.get("mail_content_type") or "application/octet-stream").lower(),
                    data=data,
                    inline=bool(att.get("content-id")) or str(att.get("content-disposition") or "").lower().startswith("inline"),
                )
            )
        return ParsedMail(
            message_id=clean_message_id(headers.get("message-id")),
            subject=_header_str(mail.subject).strip(),
            from_name=from_name,
            from_addr=from_addr.lower(),
            to_addrs=[a.lower() for _, a in _addresses(mail.to) if a],
            to_pairs=[(n, a) for n, a in _addresses(mail.to) if a],
            cc_addrs=[a.lower() for _, a in _addresses(mail.cc) if a],
            date=date,
            in_reply_to=clean_message_id(headers.get("in-reply-to")),
            references=refs,
            headers=headers,
            text="\n\n".join(str(t) for t in (mail.text_plain or [])),
            html="\n\n".join(str(t) for t in (mail.text_html or [])),
            attachments=attachments,
        )
    except UnparseableMessage:
        raise
    except Exception as err:  # mail-parser raises AttributeError, HeaderParseError, ...
        raise UnparseableMessage(f"{type(err).__name__}: {err}") from err


def header_date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)
