"""Example letters for training, composed from the phrase banks with a fixed seed.

Forms: a short email, a formal letter, a portal email, a cover email with the letter attached,
and OCR-damaged scans. Each example carries its primary label and any secondary label.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta

from nlp.labels import LABELS
from nlp.training.banks import (
    AGENCIES,
    BOILERPLATE,
    CLOSERS,
    COMBOS,
    CORE,
    LAWS,
    NAMES,
    OPENERS,
    REF_LINES,
    SIGNATURES,
    TOPICS,
)

PER_LABEL = 70
PER_COMBO = 12
SUBJECTS = {
    "acknowledgement": ["Acknowledgement of your request {num}", "Request {num} received", "Your {law} request"],
    "fee_notice": ["Fee estimate for request {num}", "Invoice - {num}", "Payment required: {num}"],
    "production_final": ["Final response - {num}", "Records for request {num}", "Response to your request"],
    "production_interim": ["Interim release - {num}", "Production 2 for {num}", "Partial release"],
    "no_records": ["Response to request {num}", "No records - {num}", "Your records request"],
    "denial": ["Determination on request {num}", "Response to your {law} request"],
    "clarification_needed": ["Clarification needed - {num}", "Are you still interested? {num}", "Question about your request"],
    "extension": ["Extension of time - {num}", "Update on request {num}", "Revised due date"],
    "referral": ["Referral of request {num}", "Your request has been forwarded"],
    "appeal_related": ["FOIA Appeal {num}", "Appeal determination", "Your appeal"],
    "portal_notice": ["[Portal] Request {num} updated", "Records Center: action required", "Account verification"],
    "other": ["Automatic reply", "RE: your message", "Out of office"],
}


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    secondary: tuple[str, ...] = ()

    @property
    def cats(self) -> dict[str, float]:
        wanted = {self.label, *self.secondary}
        return {label: 1.0 if label in wanted else 0.0 for label in LABELS}


def _number(fmt: str, rng: random.Random, day: date) -> str:
    return fmt.format(
        y=day.year, yy=day.strftime("%y"), d=rng.randint(1, 10), mmddyy=day.strftime("%m%d%y"),
        n3=rng.randint(100, 999), n4=rng.randint(1000, 9999), n5=f"{rng.randint(1, 99999):05d}",
        n6=f"{rng.randint(1, 999999):06d}", n7=rng.randint(1000000, 9999999),
    )


def _fill(template: str, ctx: dict[str, str]) -> str:
    return template.format(**ctx)


def _ocr_noise(text: str, rng: random.Random) -> str:
    swaps = {"l": "1", "O": "0", "o": "0", "e": "c", "rn": "m", "i": "l"}
    out = []
    for word in text.split(" "):
        if rng.random() < 0.08:
            for a, b in swaps.items():
                if a in word:
                    word = word.replace(a, b, 1)
                    break
        out.append(word)
    return " ".join(out).replace("\n", " \n" if rng.random() < 0.5 else "\n")


def _letter(labels: list[str], rng: random.Random) -> str:
    agency, kind, fmt = rng.choice(AGENCIES)
    other_agency = rng.choice([a for a, _, _ in AGENCIES if a != agency])
    day = date(2015, 1, 1) + timedelta(days=rng.randint(0, 3800))
    ctx = {
        "agency": agency, "other_agency": other_agency, "num": _number(fmt, rng, day),
        "date": f"{day:%B} {day.day}, {day.year}" if rng.random() < 0.7 else f"{day:%m/%d/%Y}",
        "date2": f"{day + timedelta(days=rng.randint(10, 90)):%B %d, %Y}",
        "amount": f"{rng.choice([12, 25, 40, 85, 150, 310, 800, 1240, 3929]) + rng.choice([0, 0.5, 0.25]):.2f}",
        "pages": str(rng.randint(3, 2400)), "days": str(rng.choice([5, 10, 14, 20, 30])),
        "topic": rng.choice(TOPICS), "law": rng.choice(LAWS[kind]), "name": rng.choice(NAMES),
    }
    sentences = []
    for i, label in enumerate(labels):
        picks = rng.sample(CORE[label], k=min(len(CORE[label]), 1 if i else rng.choice([1, 1, 2])))
        sentences.extend(_fill(p, ctx) for p in picks)
    boiler = [_fill(b, ctx) for b in rng.sample(BOILERPLATE, k=rng.choice([0, 1, 1, 2, 3]))]
    body = sentences + boiler
    rng.shuffle(body) if rng.random() < 0.3 else None
    form = rng.choices(["email", "letter", "portal", "cover", "ocr"], weights=[4, 4, 1, 2, 1])[0]
    subject_choices = SUBJECTS.get(labels[0], ["Your request {num}"])
    subject = _fill(rng.choice(subject_choices), ctx) if rng.random() < 0.6 else ""
    opener = _fill(rng.choice(OPENERS), ctx)
    closing = f"{rng.choice(CLOSERS)}\n{_fill(rng.choice(SIGNATURES), ctx)}"
    if form == "email":
        text = "\n\n".join(x for x in [opener, " ".join(body), closing] if x)
    elif form == "portal":
        text = "\n".join([f"{agency} Records Center", "*" * 30, " ".join(body), "Request: " + ctx["num"],
                          "This is an automated notification."])
    else:
        header = "\n".join([agency.upper(), f"{day:%B} {day.day}, {day.year}", _fill(rng.choice(REF_LINES), ctx)])
        letter = "\n\n".join(x for x in [header, opener, "\n".join(body), closing] if x)
        if form == "cover":
            cover = rng.choice(["Please see the attached letter regarding your request.",
                                "Attached is our response to your request.", "Please find attached correspondence.",
                                "See attached."])
            text = f"{opener}\n{cover}\n{closing}\n----- Attachment -----\n{letter}"
        elif form == "ocr":
            text = _ocr_noise(letter, rng)
        else:
            text = letter
    return (f"{subject}\n\n{text}" if subject else text).strip()


def generate(seed: int = 13) -> list[Example]:
    rng = random.Random(seed)
    out: list[Example] = []
    for label in LABELS:
        for _ in range(PER_LABEL):
            out.append(Example(_letter([label], rng), label))
    for primary, secondary in COMBOS:
        for _ in range(PER_COMBO):
            out.append(Example(_letter([primary, secondary], rng), primary, (secondary,)))
    rng.shuffle(out)
    return out
