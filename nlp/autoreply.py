"""Auto-replies, bounces and out-of-office mail: headers first, wording second."""

from __future__ import annotations

import re

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


def auto_reply_reason(headers: dict[str, str], subject: str) -> str | None:
    """Why this message is an automatic reply or a bounce, or None if it is not one."""
    auto = headers.get("auto-submitted", "").strip().lower()
    if auto and auto != "no":
        return f"auto-reply (Auto-Submitted: {auto})"
    for name in ("x-autoreply", "x-autorespond", "x-auto-response-suppress"):
        if name in headers and name != "x-auto-response-suppress":
            return f"auto-reply ({name} header)"
    ctype = headers.get("content-type", "").lower()
    if "multipart/report" in ctype:
        return "bounce (multipart/report)"
    if headers.get("precedence", "").strip().lower() in {"auto_reply", "bulk", "junk"}:
        if _SUBJECT.search(subject.strip()):
            return f"auto-reply (Precedence: {headers['precedence'].strip()})"
    if _SUBJECT.search(subject.strip()):
        return "auto-reply (subject)"
    return None


def out_of_office_wording(body: str) -> str | None:
    """"I am out of the office...": an auto-reply, unless the message also decides something
    (a person may mention their absence in a real answer); the classifier weighs that."""
    return "auto-reply (wording)" if _BODY.search(body[:600]) else None
