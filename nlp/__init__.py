"""Pure text analysis: a Letter in, labels and fields out. No database, no network, no files.

    from nlp import Letter, read
    reading = read(Letter(subject=..., body=...))
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

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


if TYPE_CHECKING:
    from nlp.classify import classify
    from nlp.extract import extract


def __getattr__(name: str) -> Any:
    # classify and extract load spaCy: imported on first use, so `import nlp.labels` stays cheap.
    if name == "classify":
        from nlp.classify import classify

        return classify
    if name == "extract":
        from nlp.extract import extract

        return extract
    raise AttributeError(f"module 'nlp' has no attribute {name!r}")


def read(letter: Letter) -> Reading:
    """Classify the letter and extract its fields."""
    from nlp.classify import classify
    from nlp.extract import extract

    c = classify(letter)
    return Reading(classification=c, extraction=extract(letter))
