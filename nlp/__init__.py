"""Pure text analysis: a Letter in, labels and fields out. No database, no network, no files.

    from nlp import Letter, read
    reading = read(Letter(subject=..., body=...))
"""

from __future__ import annotations

from nlp.classify import classify
from nlp.extract import extract
from nlp.labels import LABELS, Label, parse_label
from nlp.letter import Classification, DateMention, Extraction, Letter, Reading

__all__ = [
    "LABELS",
    "Classification",
    "DateMention",
    "Extraction",
    "Label",
    "Letter",
    "Reading",
    "classify",
    "extract",
    "parse_label",
    "read",
]


def read(letter: Letter) -> Reading:
    """Classify the letter and extract its fields."""
    c = classify(letter)
    return Reading(classification=c, extraction=extract(letter, labels=frozenset({c.label, *c.secondary_labels})))
