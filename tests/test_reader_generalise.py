"""What makes the reader carry over to letters it has never seen: standing e-mail notices decide nothing,
the attached letter outvotes its cover, a hypothetical extension or a fee that costs nothing is taken back,
and "other" needs evidence.

Letters written for these tests."""

from __future__ import annotations

import pytest

from nlp import Letter
from nlp.classify import classify
from nlp.features import features, letter_text, notice_spans
from nlp.pipeline import MAX_CHARS, load_pipeline


def _feats(letter: Letter) -> dict[str, float]:
    text, parts = letter_text(letter, MAX_CHARS)
    return features(load_pipeline()(text)._.cues, parts, text, portal=False)


def _cues(text: str) -> list[tuple[str, str]]:
    return [(c.label, c.name) for c in load_pipeline()(text)._.cues]


NOTICE = ("NOTICE: This message may contain privileged and confidential material that is exempt from "
          "disclosure. If you received this e-mail in error, please delete it and tell the sender.")


def test_a_standing_confidentiality_notice_decides_nothing():
    body = f"Hi, thanks for checking in. Our records clerk is back next week.\n\n{NOTICE}"
    spans = notice_spans(body)
    assert any(start <= body.index("privileged") < end for start, end in spans)
    feats = _feats(Letter(body=body))
    assert not any(name.startswith("label") and name.endswith("denial") for name in feats)


def test_an_ordinary_sentence_about_confidential_records_is_not_a_notice():
    body = "The personnel files you asked for are confidential under state law and are withheld in full."
    assert notice_spans(body) == ()
    assert _feats(Letter(body=body)).get("strong:denial") == 1.0


def test_an_attached_letter_that_decides_outvotes_wording_in_its_cover():
    letter = Letter(body="Sorry this needed an extension of time. Our letter is attached.",
                    attachments_text=("A search of the county's permit files located no records responsive to "
                                      "your request.",))
    feats = _feats(letter)
    assert "label:extension" not in feats
    assert feats.get("cover_outvoted") == 1.0
    assert feats.get("strong:no_records") == 1.0


def test_release_wording_in_a_cover_speaks_when_the_attached_letter_decides_nothing():
    letter = Letter(body="Attached are the records responsive to your request.",
                    attachments_text=("Harbor District\nClerk's office\n\nTo the requester,\nkind regards from the "
                                      "clerk's office.",))
    assert _feats(letter).get("label:production_final", 0.0) > 0


@pytest.mark.parametrize("sentence", [
    "State law gives us ten business days to answer, subject to the possibility of a ten-day extension.",
    "If we need additional time to answer, we will write to you before the due date.",
])
def test_an_extension_the_law_allows_or_the_office_may_take_is_not_taken(sentence):
    assert "label:extension" not in _feats(Letter(body=sentence))


def test_an_extension_stated_outright_is_taken():
    feats = _feats(Letter(body="We are taking an extension of ten working days because of unusual circumstances."))
    assert feats.get("strong:extension") == 1.0


def test_a_fee_sentence_that_says_there_is_nothing_to_pay_is_no_fee_notice():
    body = "The copying fees for this request total $3.50, which is below our minimum, so there is no charge."
    assert any(label == "fee_notice" for label, _ in _cues(body))
    assert "label:fee_notice" not in _feats(Letter(body=body))


def test_a_decision_outranks_the_acknowledgement_around_it():
    letter = Letter(body="We received your request on May 2 and assigned it number 22-1234. After review, the "
                         "investigative file is withheld in full under the law enforcement exemption.")
    assert classify(letter).label == "denial"


def test_nothing_falls_to_other_only_because_nothing_matched():
    body = ("Good afternoon,\n\n" + "The harbor committee met on Tuesday and the minutes mention the dredging "
            "schedule, the ferry timetable and the new parking meters along the quay. " * 6 + "\n\nRegards,\nClerk")
    assert not any(label == "other" for label, _ in _cues(body))
    result = classify(Letter(body=body))
    assert result.label != "other"
    assert result.confidence < 0.55


def test_a_short_courtesy_note_is_other():
    assert classify(Letter(body="You're most welcome. Have a good weekend!")).label == "other"


@pytest.mark.parametrize(("sentence", "label"), [
    ("We are pleased to provide the enclosed copies of the inspection reports.", "production_final"),
    ("Your request has been granted in part; names of witnesses were removed.", "production_final"),
    ("The Authority has completed its response to your request.", "production_final"),
    ("This is the first of several releases we expect to make.", "production_interim"),
    ("The due date for your request has been moved to June 30.", "extension"),
    ("The audit workpapers are exempt and will not be released.", "denial"),
    ("Your request was closed as a duplicate of an earlier one.", "other"),
    ("A search of the dispatch system returned no results for that address.", "no_records"),
])
def test_general_families_of_decision_wording(sentence, label):
    assert any(lab == label and not name.endswith("(negated)") for lab, name in _cues(sentence))


@pytest.mark.parametrize("sentence", [
    "The county will continue to process the remaining emails and send them in a later batch.",
    "The remaining body camera files will be reviewed and released as each review is finished.",
    "Once the legal review is complete, we will send you the second set of pages.",
    "We expect to be able to release additional records from the planning division next month.",
    "A subsequent production is scheduled for the end of the quarter.",
])
def test_wording_that_says_more_releases_will_follow_is_read_as_interim(sentence):
    assert ("production_interim", "more releases to follow") in _cues(sentence)


@pytest.mark.parametrize("sentence", [
    "Attached is the third and final partial response to your request; some pages are redacted.",
    "Please accept this final release of the inspection files.",
])
def test_a_final_release_is_signalled_even_with_words_between(sentence):
    assert ("final", "final response") in _cues(sentence)


def test_a_release_with_more_to_follow_is_interim_and_a_closing_one_is_final():
    interim = ("Attached are 40 pages of the inspection reports you requested, released in part. The department "
               "will continue to review the remaining reports and expects to release additional records in the coming "
               "weeks.")
    final = ("Attached are the last 12 pages of the inspection reports you requested, released in part. This is "
             "our final response and completes the processing of your request.")
    assert classify(Letter(body=interim)).label == "production_interim"
    assert classify(Letter(body=final)).label == "production_final"


@pytest.mark.parametrize("sentence", [
    "Should we need more time because of unusual circumstances, we will write to you before the due date.",
    "In the event that unusual circumstances apply, the response date will be extended by ten working days.",
    "The statute sets a twenty-day limit, which can be extended by ten working days in unusual circumstances.",
])
def test_an_acknowledgement_naming_the_time_limit_takes_no_extension(sentence):
    body = f"We received your records request on May 2 and assigned it number 24-118. {sentence}"
    feats = _feats(Letter(body=body))
    assert "label:extension" not in feats
    assert classify(Letter(body=body)).label == "acknowledgement"


def test_an_office_that_actually_takes_more_time_is_an_extension():
    body = ("We are extending the time to respond to your request by ten working days because the files are held "
            "off site. The new estimated date of our response is June 14.")
    assert classify(Letter(body=body)).label == "extension"


def test_a_release_sentence_that_closes_the_request_is_not_interim():
    body = ("This partial release of the permit files, 30 pages with signatures redacted, completes the search. "
            "No further pages remain to be processed, and your request is now closed.")
    assert ("production_interim", "interim release") in _cues(body)
    feats = _feats(Letter(body=body))
    assert "label:production_interim" not in feats
    assert "label:final" in feats


def test_records_sent_while_the_office_is_still_gathering_more_is_interim():
    body = ("Attached are the two policy manuals that respond to your request. The clerk is still gathering the "
            "contracts, and as further records become available we will send them to you.")
    assert ("production_interim", "more releases to follow") in _cues(body)
    assert classify(Letter(body=body)).label == "production_interim"
