"""The labels a reply can carry (definitions: README.md, "Labels")."""

from __future__ import annotations

from enum import StrEnum


class Label(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    EXPEDITE_DENIED = "expedite_denied"
    EXPEDITE_GRANTED = "expedite_granted"
    FEE_NOTICE = "fee_notice"
    FEE_WAIVER_DENIED = "fee_waiver_denied"
    FEE_WAIVER_GRANTED = "fee_waiver_granted"
    PRODUCTION_INTERIM = "production_interim"
    PRODUCTION_FINAL = "production_final"
    NO_RECORDS = "no_records"
    DENIAL = "denial"
    CLARIFICATION_NEEDED = "clarification_needed"
    EXTENSION = "extension"
    REFERRAL = "referral"
    APPEAL_RELATED = "appeal_related"
    PORTAL_NOTICE = "portal_notice"
    OTHER = "other"


LABELS: tuple[str, ...] = tuple(label.value for label in Label)


def parse_label(value: str) -> Label:
    """The label named by ``value`` (case-insensitive); ``ValueError`` lists the valid ones."""
    try:
        return Label(value.strip().lower())
    except ValueError:
        raise ValueError(f"unknown label {value!r}; valid labels: {', '.join(LABELS)}") from None
