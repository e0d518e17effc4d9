"""Files on disk -> Letters: .eml through the same parser as the mailbox, .txt as a body."""

from __future__ import annotations

from pathlib import Path

from inbox_worker.parse import parse_mail
from inbox_worker.process import letter_from
from nlp import Letter

SUBJECT_PREFIX = "Subject:"
ATTACHMENT_MARK = "----- Attachment (extracted text) -----"


def letter_from_text(text: str) -> Letter:
    """A .txt letter: an optional first line 'Subject: ...', the body, then any attached letters'
    text, each after a line ``----- Attachment (extracted text) -----``."""
    subject = ""
    first, _, rest = text.partition("\n")
    if first.startswith(SUBJECT_PREFIX):
        subject, text = first[len(SUBJECT_PREFIX):].strip(), rest
    body, *attachments = text.split(ATTACHMENT_MARK)
    return Letter(subject=subject, body=body.strip(), attachments_text=tuple(a.strip() for a in attachments))


def letter_from_file(path: Path) -> Letter:
    data = path.read_bytes()
    if path.suffix.lower() == ".eml":
        letter, _ = letter_from(parse_mail(data))
        return letter
    return letter_from_text(data.decode("utf-8", "replace"))
