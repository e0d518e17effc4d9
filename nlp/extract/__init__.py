"""Field extraction from a letter: tracking numbers, dates with roles, fees, exemptions, links."""

from __future__ import annotations

from nlp.extract.dates import extract_dates
from nlp.extract.fees import extract_fees
from nlp.extract.misc import extract_exemptions, extract_portal_links, is_glomar
from nlp.extract.tracking import extract_tracking_numbers, normalize_tracking, year_of_numbers
from nlp.letter import Extraction, Letter

__all__ = ["extract", "extract_tracking_numbers", "normalize_tracking"]


def extract(letter: Letter) -> Extraction:
    """Fields of a letter; the role of a date is read from the words around it."""
    text = letter.full_text
    fee, others = extract_fees(text)
    parts = [letter.subject, letter.body, *letter.attachments_text]
    numbers = extract_tracking_numbers(text, subject=letter.subject)
    return Extraction(
        tracking_numbers=tuple(numbers),
        dates=tuple(extract_dates(text, letter_date=letter.sent_on, parts=parts, subject_parts=1,
                                  year_hint=year_of_numbers(numbers))),
        fee_amount=fee,
        other_amounts=tuple(others),
        exemptions=tuple(extract_exemptions(text)),
        glomar=is_glomar(text),
        portal_links=tuple(extract_portal_links(text)),
    )
