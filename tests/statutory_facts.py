"""Messages of a request written as short facts, for the tests of the status machine and deadlines."""

from __future__ import annotations

from datetime import UTC, date, datetime

from models.status import Derived, MessageFact, derive


def fact(pk: int, day: str, label: str | None, *secondary: str, direction: str = "in", dates=()) -> MessageFact:
    """Message ``pk`` of ``day`` with its labels and the dates read in it as (YYYY-MM-DD, role)."""
    return MessageFact(
        message_pk=pk, at=datetime.fromisoformat(day).replace(tzinfo=UTC), direction=direction,
        label=label, secondary=tuple(secondary),
        extracted={"dates": [{"text": d, "date": d, "role": r} for d, r in dates]},
    )


def reply(pk: int, day: str) -> MessageFact:
    """The requester's answer to the agency."""
    return fact(pk, day, None, direction="out")


def derive_request(*facts: MessageFact, submitted: str = "2023-03-01", jurisdiction: str = "federal",
                   expedite: bool = False, fee_waiver: bool = False) -> Derived:
    return derive(submitted_on=date.fromisoformat(submitted), jurisdiction=jurisdiction, expedite_requested=expedite,
                  fee_waiver_requested=fee_waiver, facts=list(facts))
