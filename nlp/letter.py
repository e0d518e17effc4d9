"""What nlp/ reads (a Letter) and what it returns (a Reading). Plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class Letter:
    """One message as text: the subject, the new part of the body, attachments' text."""

    subject: str = ""
    body: str = ""
    attachments_text: tuple[str, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)  # lower-case names
    sender: str = ""
    sent_on: date | None = None  # the Date header, for resolving relative dates

    @property
    def full_text(self) -> str:
        parts = [self.subject, self.body, *self.attachments_text]
        return "\n\n".join(p for p in parts if p)


@dataclass(frozen=True)
class DateMention:
    text: str
    date: str  # ISO YYYY-MM-DD (or YYYY-MM)
    role: str  # sent | received | due | extension_until | respond_by | other
    sentence: str = ""  # the letter's own sentence the date stands in (what sets a deadline)
    computed: bool = False  # counted from the letter ("within 30 days of the date of this letter"), not printed

    def as_dict(self) -> dict[str, str | bool]:
        out: dict[str, str | bool] = {"text": self.text, "date": self.date, "role": self.role, "sentence": self.sentence}
        if self.computed:
            out["computed"] = True
        return out


@dataclass(frozen=True)
class Classification:
    label: str
    secondary_labels: tuple[str, ...] = ()
    confidence: float = 0.0
    cues: tuple[str, ...] = ()
    reason: str | None = None  # e.g. "auto-reply (Auto-Submitted header)"


@dataclass(frozen=True)
class Extraction:
    tracking_numbers: tuple[str, ...] = ()
    dates: tuple[DateMention, ...] = ()
    fee_amount: float | None = None
    other_amounts: tuple[float, ...] = ()
    exemptions: tuple[str, ...] = ()
    glomar: bool = False
    portal_links: tuple[str, ...] = ()

    def as_dict(self) -> dict:
        return {
            "tracking_numbers": list(self.tracking_numbers),
            "dates": [d.as_dict() for d in self.dates],
            "fee_amount": self.fee_amount,
            "other_amounts": list(self.other_amounts),
            "exemptions": list(self.exemptions),
            "glomar": self.glomar,
            "portal_links": list(self.portal_links),
        }


@dataclass(frozen=True)
class Reading:
    classification: Classification
    extraction: Extraction
