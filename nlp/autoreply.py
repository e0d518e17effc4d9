"""Auto-replies, bounces and out-of-office mail: headers first, wording second."""

from __future__ import annotations

import re
from enum import StrEnum


class AutoReplyKind(StrEnum):
    """What kind of automatic mail a message is."""

    AUTO_REPLY = "auto-reply"
    BOUNCE = "bounce"


class AutoReplyReason(str):
    """Why a message is automatic mail: reads as before ("auto-reply (subject)") wherever a
    reason is shown or stored, and carries its typed ``kind`` for code that decides on it."""

    kind: AutoReplyKind
    detail: str

    def __new__(cls, kind: AutoReplyKind, detail: str) -> AutoReplyReason:
        obj = super().__new__(cls, f"{kind} ({detail})")
        obj.kind, obj.detail = AutoReplyKind(kind), detail
        return obj

    def __reduce__(self) -> tuple:
        return (AutoReplyReason, (self.kind, self.detail))


def automatic_kind(reason: object) -> AutoReplyKind | None:
    """The kind of automatic mail a classification's reason names, None for any other reason."""
    return reason.kind if isinstance(reason, AutoReplyReason) else None

_SUBJECT = re.compile(
    r"^(?:auto(?:matic)?[- ]?reply|out of (?:the )?office|automatic reply|away from the office|"
    r"undeliverable|delivery status notification|mail delivery (?:failed|failure)|returned mail|"
    r"delivery has failed|undelivered mail)",
    re.I,
)
_BODY = re.compile(
    r"\b(?:I am|I'm|I will be) (?:currently )?(?:out of (?:the )?office|away|on (?:annual )?leave)\b"
    r"|\bwith limited access to (?:e-?mail|my email)\b"
    r"|\bmessage (?:could not|was not) be delivered\b",
    re.I,
)


def auto_reply_reason(headers: dict[str, str], subject: str) -> AutoReplyReason | None:
    """Why this message is an automatic reply or a bounce, or None if it is not one."""
    auto = headers.get("auto-submitted", "").strip().lower()
    if auto and auto != "no":
        return AutoReplyReason(AutoReplyKind.AUTO_REPLY, f"Auto-Submitted: {auto}")
    for name in ("x-autoreply", "x-autorespond", "x-auto-response-suppress"):
        if name in headers and name != "x-auto-response-suppress":
            return AutoReplyReason(AutoReplyKind.AUTO_REPLY, f"{name} header")
    ctype = headers.get("content-type", "").lower()
    if "multipart/report" in ctype:
        return AutoReplyReason(AutoReplyKind.BOUNCE, "multipart/report")
    if headers.get("precedence", "").strip().lower() in {"auto_reply", "bulk", "junk"}:
        if _SUBJECT.search(subject.strip()):
            return AutoReplyReason(AutoReplyKind.AUTO_REPLY, f"Precedence: {headers['precedence'].strip()}")
    if _SUBJECT.search(subject.strip()):
        return AutoReplyReason(AutoReplyKind.AUTO_REPLY, "subject")
    return None


def out_of_office_wording(body: str) -> AutoReplyReason | None:
    """"I am out of the office...": an auto-reply, unless the message also decides something
    (a person may mention their absence in a real answer); the classifier weighs that."""
    return AutoReplyReason(AutoReplyKind.AUTO_REPLY, "wording") if _BODY.search(body[:600]) else None
