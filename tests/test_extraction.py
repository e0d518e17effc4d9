"""Extraction on text written for these tests: tracking numbers, dates with roles, fees, exemptions."""

from __future__ import annotations

from datetime import date

import pytest

from nlp import Letter
from nlp.extract import extract, extract_tracking_numbers, normalize_tracking
from nlp.extract.dates import extract_dates
from nlp.extract.fees import extract_fees
from nlp.extract.misc import extract_exemptions, extract_portal_links, is_glomar


@pytest.mark.parametrize(("text", "expected"), [
    ("Your request has been assigned 2023-ICFO-04512.", ["2023-ICFO-04512"]),
    ("Re: CBP-OAM-2022-088958 and CBP-2022-088958", ["CBP-OAM-2022-088958", "CBP-2022-088958"]),
    ("FOIPA Request No.: 1592850-000", ["1592850-000"]),
    ("Request Number: EOUSA-2018-005579", ["EOUSA-2018-005579"]),
    ("Case Number 22-00941-F has been assigned", ["22-00941-F"]),
    ("Your appeal A-2023-01089 is closed", ["A-2023-01089"]),
    ("Reference #D013442-061620", ["D013442-061620"]),
    ("see https://oakland.nextrequest.com/requests/21-4820 for status", ["21-4820"]),
    ("FOIA tracking number RD 77093 was updated", ["RD 77093"]),
    ("NSA FOIA Request 116287", ["116287"]),
    ("Subject: PDRR2022-5590 - Records Request", ["PDRR2022-5590"]),
    ("Our Re: 24-FOIA-563", ["24-FOIA-563"]),
    ("scanned: 2020-ICF0-12345", ["2020-ICF0-12345"]),  # OCR read the O as a zero
    ("scanned: 2020 ICFO 12345 (hyphens lost)", ["2020 ICFO 12345"]),
])
def test_tracking_numbers_exactly_as_printed(text, expected):
    assert extract_tracking_numbers(text) == expected


@pytest.mark.parametrize("text", [
    "Call us at 202-555-0147 or (866) 633-1182.",
    "Washington, DC 20536-5009",
    "pursuant to 5 U.S.C. 552(b)(6) and Gov. Code 7922.535",
    "Invoice 44871 is attached; account 0012-3391.",
    "records dated 2019-04-01 to 2019-06-30",
    "Please enter your number in the form [1234567-000].",
    "the records show incident report 23-11872 and case file 100A-BA-25222",
    "Your reference: NEWS-2024-17",
])
def test_things_that_are_not_tracking_numbers(text):
    assert extract_tracking_numbers(text) == []


def test_ocr_variants_compare_equal_but_are_kept_as_printed():
    assert normalize_tracking("2020-ICFO-12345") == normalize_tracking("2020 ICF0 12345")


def _roles(text, **kw):
    return {(m.date, m.role) for m in extract_dates(text, **kw)}


def test_date_roles_in_a_letter():
    letter = ("June 17, 2020\n\nDear Ms. Park:\n"
              "This acknowledges receipt of your request dated June 10, 2020, which was received in this "
              "office on June 12, 2020. We expect to respond by August 3, 2020. Please let us know by "
              "July 1, 2020 whether you agree to pay the fees. The records cover January 2019 to March 2019.")
    roles = _roles(letter, parts=[letter])
    assert {("2020-06-17", "sent"), ("2020-06-10", "other"), ("2020-06-12", "received"),
            ("2020-08-03", "due"), ("2020-07-01", "respond_by"), ("2019-01", "other")} <= roles


def test_a_date_promised_after_words_of_extension_is_extension_until():
    text = "We need more time to review the records. We now expect to respond on or before October 9, 2023."
    assert ("2023-10-09", "extension_until") in _roles(text)


def test_a_date_promised_without_words_of_extension_is_due():
    text = "Thank you for your request. We expect to respond on or before October 9, 2023."
    assert ("2023-10-09", "due") in _roles(text)


def test_each_date_carries_the_sentence_it_stands_in():
    text = ("Dear Mr. Ortiz:\n\nYour request was received on Feb. 2, 2024. Because of the volume of\n"
            "records, the time to respond is extended to March 15, 2024. Questions? Call us.")
    sentences = {m.date: m.sentence for m in extract_dates(text)}
    assert sentences["2024-02-02"] == "Your request was received on Feb. 2, 2024."
    assert sentences["2024-03-15"] == ("Because of the volume of records, the time to respond is extended "
                                       "to March 15, 2024.")


def test_relative_deadlines_resolve_against_the_letters_date():
    text = "March 1, 2024\n\nIf we do not hear from you within 30 days of the date of this letter, we will close your request."
    assert ("2024-03-31", "respond_by") in _roles(text, parts=[text])


def test_a_date_without_a_year_takes_the_letters_year():
    text = "Your request was received on Monday, May 1, and will be processed."
    assert ("2023-05-01", "received") in _roles(text, letter_date=date(2023, 5, 22))


def test_no_false_dates_from_words_like_may():
    assert extract_dates("You may wish to narrow the request; we may need more time.") == []


@pytest.mark.parametrize(("text", "fee", "others"), [
    ("The estimated fee for your request is $125.50.", 125.5, []),
    ("Search time is billed at $38.00 per hour; the estimate for this request is $76.00.", 76.0, []),
    ("Please send an advance deposit of $50.00 toward the total estimated cost of $200.00.", 200.0, [50.0]),
    ("We will construe your request as an agreement to pay up to $25.00.", None, [25.0]),
    ("Invoice total $70.40; payment received $30.00; remaining balance $40.40.", 40.4, [70.4, 30.0]),
    ("The hourly rate ($4.00, $7.00, $10.25) applies after two hours.", None, []),
])
def test_fees(text, fee, others):
    got_fee, got_others = extract_fees(text)
    assert got_fee == fee
    assert set(got_others) >= set(others)


def test_exemptions_glomar_and_portal_links():
    text = ("Portions are withheld under 5 U.S.C. 552(b)(6) and (b)(7)(C), and Exemption 5. "
            "We can neither confirm nor deny the existence of records. "
            "Track it at https://foia.example.gov/app/CheckStatus.aspx?id=7.")
    assert extract_exemptions(text)[:3] == ["(b)(6)", "(b)(7)(C)", "(b)(5)"]
    assert is_glomar(text)
    assert extract_portal_links(text) == ["https://foia.example.gov/app/CheckStatus.aspx?id=7"]


def test_the_552c_boilerplate_is_not_a_glomar_response():
    text = ("This is a standard notification that is given to all our requesters and should not be taken "
            "as an indication that excluded records do, or do not, exist; we neither confirm nor deny.")
    assert not is_glomar(text)


def test_extract_reads_subject_body_and_attachments():
    letter = Letter(subject="Re: 2021-HQFO-01216", body="See the attached letter.",
                    attachments_text=("May 4, 2021\nDear Requester:\nThe fee estimate is $90.00.",))
    x = extract(letter)
    assert x.tracking_numbers == ("2021-HQFO-01216",) and x.fee_amount == 90.0
    assert ("2021-05-04", "sent") in {(d.date, d.role) for d in x.dates}
