"""The reader follows the labelling conventions, on letters written for these tests."""

from __future__ import annotations

import pytest

from nlp import Letter, read
from nlp.classify import classify
from nlp.pipeline import load_pipeline


def _label(letter: Letter) -> tuple[str, tuple[str, ...], float]:
    c = read(letter).classification
    return c.label, c.secondary_labels, c.confidence


def test_a_cover_line_does_not_outvote_the_attached_letter():
    letter = Letter(
        subject="Your records request",
        body="Good morning, please find attached our response to your request.",
        attachments_text=("After a thorough search of the files of the Planning Division, no records responsive "
                          "to your request were located. You may appeal this response within 90 days.",),
    )
    assert _label(letter)[0] == "no_records"


def test_a_fee_that_must_be_accepted_is_primary_over_the_acknowledgement():
    label, secondary, _ = _label(Letter(body=(
        "We received your public records request on May 2 and assigned it number 24-118. The estimated cost to "
        "produce the records is $86.50. Please confirm that you agree to pay this amount before we proceed.")))
    assert label == "fee_notice"
    assert "acknowledgement" in secondary


def test_still_interested_with_a_closing_date_needs_the_requester():
    label, _, _ = _label(Letter(body=(
        "We have not heard from you since our last message. If you are still interested in these records, please "
        "reply by July 15; otherwise we will consider the request withdrawn and close it.")))
    assert label == "clarification_needed"


def test_a_portal_email_that_states_a_decision_is_labelled_by_the_decision():
    label, secondary, _ = _label(Letter(
        subject="Records request 24-3310 has been closed", sender="no-reply@records.example-portal.com",
        body=("Your record request 24-3310 has been closed. The Department searched its records and found no "
              "documents responsive to your request. This is an automated message; do not reply.")))
    assert label == "no_records"


def test_a_password_email_from_a_portal_is_a_portal_notice():
    label, _, _ = _label(Letter(
        subject="Your Password Information - County Records Portal",
        body="Dear requester, once you log in please change your temporary password. Password: [password]"))
    assert label == "portal_notice"


def test_a_negated_grant_is_read_as_a_denial():
    label, _, _ = _label(Letter(body=(
        "We are unable to grant your request for expedited processing because you have not shown a compelling need.")))
    assert label == "expedite_denied"


def test_a_letter_no_cue_speaks_for_is_decided_with_a_low_confidence():
    label, _, confidence = _label(Letter(body="Hi, thanks. Talk soon about the Tuesday meeting agenda."))
    assert label  # something decides
    assert confidence < 0.55


def test_a_withdrawn_request_is_closed_for_another_reason():
    label, _, _ = _label(Letter(body=(
        "As you asked in your email of March 3, your request has been withdrawn and the file is now closed.")))
    assert label == "other"


def test_every_occurrence_of_a_cue_is_found_with_its_offset():
    doc = load_pipeline()("Records were released. More records were released later.")
    (cue,) = [c for c in doc._.cues if c.name == "records released"]
    assert len(cue.starts) == 2 and cue.starts[0] == 0


def test_an_expedite_refusal_is_not_also_a_denial_of_the_records_nor_a_grant():
    label, secondary, _ = _label(Letter(body=(
        "Your request for expedited treatment is hereby denied. Under the regulations, expedited processing is "
        "granted only where there is an urgency to inform the public. Your request will be processed in the "
        "order in which it was received.")))
    assert label == "expedite_denied"
    assert "denial" not in secondary and "expedite_granted" not in secondary


def test_an_interim_release_is_not_also_a_final_one():
    label, secondary, _ = _label(Letter(body=(
        "Enclosed is the first interim release: 120 pages, partially releasable, with redactions under "
        "exemption 6. We continue to process the remaining records and will release them next month.")))
    assert label == "production_interim"
    assert "production_final" not in secondary


class _FixedCombiner:
    """A combiner that finds the same probabilities in every letter."""

    def __init__(self, probs: dict[str, float]) -> None:
        self.probs = probs

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        return dict(self.probs)


_NO_DECISION_LETTER = Letter(body=(
    "Dear Ms. Park, I am the new records coordinator for the department. I wanted to introduce myself and let you "
    "know that I can be reached at the number below on weekdays between nine and five. Our office moved last month "
    "to the second floor of the annex building, next to the planning counter. I look forward to working with you. "
    "Please note our new mailing address and telephone number, and update your address book. The building is open to "
    "the public on weekdays, and visitors should sign in at the front desk on the ground floor before going upstairs. "
    "Parking is available in the garage across the street, and the bus stops at the corner every twenty minutes. "
    "The elevator is at the end of the hall, past the water fountain and the notice board. Best regards, Sam"))


@pytest.mark.parametrize(("other", "expected"), [(0.45, "acknowledgement"), (0.7, "other")])
def test_other_stands_as_the_combiners_judgement_only_when_it_is_sure_of_it(other: float, expected: str):
    combiner = _FixedCombiner({"other": other, "acknowledgement": 0.2, "production_final": 0.1})
    assert classify(_NO_DECISION_LETTER, combiner).label == expected
