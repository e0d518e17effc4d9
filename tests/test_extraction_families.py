"""Extraction by family of wording, on letters and sentences written for these tests (none copied
from a real letter): each test names the behaviour it pins, with several phrasings of it."""

from __future__ import annotations

from datetime import date

import pytest

from nlp.extract import extract, extract_tracking_numbers
from nlp.extract.dates import extract_dates
from nlp.letter import Letter

HEAD = "March 1, 2023\n\nDear Requester:\n\n"  # a letter's date, so that a sentence's dates have a year to fall in


def roles(sentence: str) -> list[tuple[str, str]]:
    """(iso, role) of the dates in one sentence under a dated letterhead, the letter's own date left out."""
    return [(m.date, m.role) for m in extract_dates(HEAD + sentence) if m.role != "sent"]


@pytest.mark.parametrize("sentence", [
    "Your request was received by the Records Access Officer on January 12, 2023.",
    "The request was received in the Records Office on January 12, 2023.",
    "Your FOIL request was received at the Records Unit on January 12, 2023.",
])
def test_the_office_that_received_the_request_is_not_records_received(sentence):
    assert roles(sentence) == [("2023-01-12", "received")]


@pytest.mark.parametrize("sentence", [
    "The unit received 45 pages of records from the county on January 12, 2023.",
    "We received the documents from the vendor on January 12, 2023.",
])
def test_records_received_from_elsewhere_are_not_the_request_received(sentence):
    assert roles(sentence) == [("2023-01-12", "other")]


@pytest.mark.parametrize("sentence", [
    "We sent you a fee letter on February 10, 2023.",
    "We emailed you a clarification letter on February 10, 2023.",
    "The Department mailed a response to your previous request on February 10, 2023.",
    "We responded to your previous request on February 10, 2023.",
    "The office released 40 pages to you on February 10, 2023.",
    "We completed the search on February 10, 2023.",
    "The request was closed on February 10, 2023.",
])
def test_what_the_agency_did_on_a_past_day_is_not_a_promise(sentence):
    assert roles(sentence) == [("2023-02-10", "other")]


@pytest.mark.parametrize("sentence", [
    "The records will be sent to you on March 15, 2023.",
    "The remaining records will be provided to you on March 15, 2023.",
    "The next production is expected to be made on March 15, 2023.",
    "Your request is currently scheduled to be completed on 3/15/2023.",
    "We hope to send you the records on or about March 15, 2023.",
    "We expect to have an answer for you by the week of March 15, 2023.",
])
def test_what_the_agency_will_do_on_a_day_is_due_whatever_the_verb_form(sentence):
    assert roles(sentence) == [("2023-03-15", "due")]


@pytest.mark.parametrize("sentence", [
    "The due date for this request is 3/29/2023.",
    "The due date for your request will be March 29, 2023.",
    "The 20-business-day deadline for your request is March 29, 2023.",
    "Your request has been assigned to an analyst and will be completed by the 20th business day, March 29, 2023.",
    "We will respond on the tenth working day, which is March 29, 2023.",
])
def test_the_requests_due_date_named_or_counted_is_due(sentence):
    assert roles(sentence) == [("2023-03-29", "due")]


@pytest.mark.parametrize("sentence", [
    "The statutory deadline of February 10, 2023 cannot be met. We will provide the records by March 3, 2023.",
    "The response deadline of February 10, 2023 will not be met; we will respond by March 3, 2023.",
])
def test_a_deadline_that_cannot_be_met_makes_the_next_date_an_extension(sentence):
    assert roles(sentence) == [("2023-02-10", "due"), ("2023-03-03", "extension_until")]


@pytest.mark.parametrize("sentence", [
    "The deposit of $25.00 is due by March 15, 2023.",
    "A payment of $112.50 must be received no later than March 15, 2023.",
])
def test_an_amount_with_cents_does_not_end_the_clause_of_a_payment_deadline(sentence):
    assert roles(sentence) == [("2023-03-15", "respond_by")]


@pytest.mark.parametrize(("text", "expected"), [
    ("Subject: MPIA #R2023-0004 fee estimate", ["MPIA #R2023-0004"]),
    ("Your PRR W22-0113 is complete.", ["PRR W22-0113"]),
])
def test_a_law_acronym_against_a_lettered_number_is_part_of_it(text, expected):
    assert extract_tracking_numbers(text) == expected


def test_an_acknowledgement_from_a_records_access_officer_reads_whole():
    letter = Letter(subject="FOIL #118-23", body=(
        "January 17, 2023\n\nDear Mr. Greene:\n\nThis letter acknowledges receipt of your Freedom of Information "
        "Law request, FOIL #118-23, which was received by the Records Access Officer on January 12, 2023. We expect "
        "to grant or deny your request in whole or in part on or before February 13, 2023.\n\nRecords Access Officer"))
    found = extract(letter)
    assert found.tracking_numbers == ("FOIL #118-23",)
    assert [(d.date, d.role) for d in found.dates] == [
        ("2023-01-17", "sent"), ("2023-01-12", "received"), ("2023-02-13", "due")]


@pytest.mark.parametrize(("text", "expected"), [
    ("FOIA/PA No. 23-0456", ["23-0456"]),
    ("Request Number | 23-0456 | Status | Open", ["23-0456"]),  # a table flattened with bars
    ("Your requests, numbers 23-0456 and 23-0457, were combined.", ["23-0456", "23-0457"]),
    ("Please include the tracking number, 2023-0456, in all correspondence.", ["2023-0456"]),
    ("PIR No. 23-4567 is complete.", ["23-4567"]),  # Texas: a public information request
    ("Your request, reference number 101001234567, has been logged.", ["101001234567"]),
    ("Request ID\n23-0456\nStatus\nClosed", ["23-0456"]),
    ("Regarding your request, 23-0456, the records are attached.", ["23-0456"]),
])
def test_a_labelled_request_number_however_the_label_is_set(text, expected):
    assert extract_tracking_numbers(text) == expected


@pytest.mark.parametrize("text", [
    "Your payment confirmation number is 8841-2291-0034.",
    "Receipt No. 2023-00451 for your payment is attached.",
    "Transaction ID: 9923-1145",
    "Customer ID: 4452211",
    "Employee ID 204511 was redacted.",
    "The invoice number is 2023-0045.",
    "The records relate to Case No. 2022CF001234 in circuit court.",  # a docket, letters and figures joined
    "Case No. 22CV01234 was dismissed.",
    "Booking Reference Number: B210154",  # a record word, then the kind of number it is
    "Invoice Reference No. 2023-0451",
    "Order Confirmation Number: 4471-2231",
    "Incident Tracking Number 23-004512",
])
def test_numbers_of_payments_people_and_court_cases_are_not_request_numbers(text):
    assert extract_tracking_numbers(text) == []


@pytest.mark.parametrize(("code", "expected"), [
    ("119845", ["119845"]),
    ("1248-23", ["1248-23"]),
    ("PRR-545-2082", ["PRR-545-2082"]),
    ("RD 77273", ["RD 77273"]),
    ("FOIL-2023-097-00473", ["FOIL-2023-097-00473"]),
    ("1998-008034GL", ["1998-008034GL"]),
    ("12/05/2022", []),  # a date
    ("555-0143", []),  # a telephone number
    ("2023", []),  # a year
])
def test_a_letters_re_line_that_is_only_a_code_names_the_request(code, expected):
    text = f"March 3, 2023\n\nRe: {code}\n\nDear Ms. Doe:\n\nThe records are attached."
    assert extract_tracking_numbers(text) == expected


@pytest.mark.parametrize("code", ["2087652623325", "41437A", "RD 77273"])
def test_a_subject_that_is_only_a_code_names_the_request(code):
    assert extract_tracking_numbers("The records are attached.", subject=f"RE: {code}") == [code]


def test_a_long_number_after_records_request_is_the_request():
    assert extract_tracking_numbers("Your public records request 2010080000104 is complete.") == ["2010080000104"]


@pytest.mark.parametrize(("text", "expected"), [
    ("We have completed our review of NPS-2019-1686.", ["NPS-2019-1686"]),
    ("The records for FR-2023-97 are attached.", ["FR-2023-97"]),
    ("PRR-533-2022 is now closed.", ["PRR-533-2022"]),
    ("Documents released under TSA09-0624 follow.", ["TSA09-0624"]),
    ("The bill HB-2023-45 and contract RFP-2023-045 are attached.", []),
    ("The district court case CV-2022-1234 is sealed.", []),
    ("as decided in Attorney General Letter Ruling OR2017-17710", []),
])
def test_an_office_code_with_a_year_and_a_serial_is_a_request_number_without_a_label(text, expected):
    assert extract_tracking_numbers(text) == expected


@pytest.mark.parametrize("sentence", [
    "This letter follows our letter of January 20, 2023, in which we estimated that we would respond by February 6, 2023.",
    "We told you that we would respond by February 6, 2023, but the search took longer.",
])
def test_a_promise_reported_as_history_is_other(sentence):
    assert ("2023-02-06", "other") in roles(sentence)


@pytest.mark.parametrize("text", [
    "Subject: Records Request\n\nThis letter dated March 1, 2023 serves as notice that your request is complete.",
    "Dear Ms. Doe:\n\nEnclosed are the records you requested.\n\nSincerely,\nRecords Officer\nDated: March 1, 2023",
])
def test_the_letter_naming_its_own_date_is_sent(text):
    assert [(d.date, d.role) for d in extract_dates(text)] == [("2023-03-01", "sent")]


@pytest.mark.parametrize("sentence", [
    "If the fee is not paid by March 15, 2023, we will assume you are no longer interested.",
    "If the deposit has not been submitted by March 15, 2023, the request will be closed.",
])
def test_a_fee_not_paid_by_a_day_is_the_requesters_deadline(sentence):
    assert roles(sentence) == [("2023-03-15", "respond_by")]


@pytest.mark.parametrize("text", [
    "Your request was received by the City on Wednesday, November 2, 2022 and given the reference number W001660.",
    "Hello,\nThe City received your request on Wednesday, November 2, 2022.",
])
def test_a_weekday_before_a_date_does_not_make_it_the_letters_date(text):
    assert [(d.date, d.role) for d in extract_dates(text)] == [("2022-11-02", "received")]


def test_a_forwarded_messages_date_header_is_not_the_letters_date():
    text = ("---------- Forwarded message ---------\nFrom: Clerk <clerk@town.gov>\nDate: Thu, Oct 20, 2022 at 9:05 AM\n"
            "Subject: Records\n\nHello,\nYour records are attached.")
    assert [d.role for d in extract_dates(text)] == ["other"]


@pytest.mark.parametrize("sentence", [
    "Please let us know, either by replying to this email or by writing to the address listed above, whether you "
    "would like us to proceed with your request as written, no later than February 9, 2023.",
    "The requested information must be provided to us no later than February 9, 2023.",
    "The signed form should be returned to this office by February 9, 2023.",
    "We would appreciate a reply by February 9, 2023.",
    "We need your decision by February 9, 2023.",
    "Please respond within 30 days, i.e. by February 9, 2023.",
])
def test_what_the_requester_must_send_and_by_when_is_respond_by(sentence):
    assert roles(sentence) == [("2023-02-09", "respond_by")]


@pytest.mark.parametrize("sentence", [
    "Responsive documents will be produced on a rolling basis beginning February 9, 2023.",
    "We will release records monthly, starting on February 9, 2023.",
    "The Public Records Act requires a response within ten calendar days of receipt; the ten-day period ends on February 9, 2023.",
    "We anticipate a response by February 9, 2023.",
])
def test_when_the_agency_starts_or_its_period_ends_is_due(sentence):
    assert roles(sentence) == [("2023-02-09", "due")]


def test_an_appeal_docketed_on_a_day_was_received_that_day():
    assert roles("The appeal was docketed on January 12, 2023.") == [("2023-01-12", "received")]


def test_the_law_foia_before_a_subjects_only_code_is_not_part_of_it():
    assert extract_tracking_numbers("The records are attached.", subject="RE: FOIA 23-00451") == ["23-00451"]


@pytest.mark.parametrize("text", [
    "Our ref: FOI-2023-0456\nYour reference no.: 2023-01\n\nDear Ms Doe,",
    "Requester's reference number: JD-2023-11",
])
def test_the_requesters_own_reference_with_a_number_word_is_not_the_agencys(text):
    assert "2023-01" not in extract_tracking_numbers(text)
    assert "JD-2023-11" not in extract_tracking_numbers(text)


@pytest.mark.parametrize(("text", "expected"), [
    ("Please note your reference number: 23-0456.", ["23-0456"]),  # the agency telling the requester
    ("Our File: 23-0456", ["23-0456"]),
    ("Public Records Request (PRR) No. 23-0456", ["23-0456"]),
])
def test_more_ways_an_agency_labels_its_number(text, expected):
    assert extract_tracking_numbers(text) == expected


def test_figures_that_can_only_be_day_first_make_the_whole_letter_day_first():
    text = ("05/03/2021\n\nDear Ms Khan\n\nThank you for your request received on 22/02/2021. "
            "We will respond by 01/04/2021.\n\nRegards")
    assert [(d.date, d.role) for d in extract_dates(text)] == [
        ("2021-03-05", "sent"), ("2021-02-22", "received"), ("2021-04-01", "due")]


def test_figures_that_can_only_be_month_first_keep_the_letter_month_first():
    text = "05/03/2021\n\nDear Ms Khan, thank you for your request received on 02/22/2021."
    assert [(d.date, d.role) for d in extract_dates(text)] == [("2021-05-03", "sent"), ("2021-02-22", "received")]


@pytest.mark.parametrize("closing", ["Yours faithfully", "You may ask for an internal review.", "Essex Constabulary"])
def test_a_british_letter_without_the_acts_name_reads_figures_day_first(closing):
    text = f"Date: 05/03/2021\n\nDear Ms Khan\n\nThe information is attached.\n\n{closing}"
    assert [(d.date, d.role) for d in extract_dates(text)] == [("2021-03-05", "sent")]


@pytest.mark.parametrize(("sentence", "iso"), [
    ("We received your request on Febuary 3, 2023.", "2023-02-03"),
    ("We received your request on 0ctober 12, 2022.", "2022-10-12"),  # OCR: a zero for the O
    ("We received your request on 14 Septmber 2022.", "2022-09-14"),
    ("We received your request on Novernber 7, 2022.", "2022-11-07"),  # OCR: rn for m
])
def test_a_misspelt_month_with_its_day_and_year_is_still_a_date(sentence, iso):
    assert roles(sentence) == [(iso, "received")]


def test_words_that_begin_like_a_month_are_not_dates():
    assert roles("The Decree 5 and the separate 12 items were reviewed in the Decision 3 of 2022.") == []


def test_the_agency_that_should_have_the_records_ready_by_a_day_promises_it():
    sentence = "We should have it ready for you by the end of the day on March 31, 2023."
    assert roles(sentence) == [("2023-03-31", "due")]


@pytest.mark.parametrize(("subject", "expected"), [
    ("Request 4471", ["4471"]),
    ("FW: Request 4471 ready for pickup", ["4471"]),
    ("Case 4471 - records released", ["4471"]),
    ("Ticket 44710 has been resolved", ["44710"]),
    ("OPRA Request C104471", ["C104471"]),
    ("Request 2023 records", []),
    ("Your request for 1500 pages", []),
    ("Police Case 4471 - report", []),
])
def test_a_subjects_request_word_before_figures_names_the_request(subject, expected):
    assert extract_tracking_numbers(f"{subject}\n\nThe records are attached.", subject=subject) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Your request 4471 has been completed.", ["4471"]),
    ("Regarding request 44710, the records are attached.", ["44710"]),
    ("We have closed request 4471.", ["4471"]),
    ("your request, 44710, is complete", ["44710"]),
    ("Your request 1500 pages long was received.", []),
    ("In response to your request 2022 records are attached.", []),
    ("for request 5,000 pages", []),
])
def test_the_request_named_then_its_bare_figures_is_its_number(text, expected):
    assert extract_tracking_numbers(text) == expected


_LONG_MIDDLE = (" Your request seeks all communications between the Regional Administrator and representatives of three "
                "named companies concerning permits issued in recent years. Responsive records are located in several "
                "field offices, and they must be collected and reviewed by program staff and by other agencies with an "
                "interest in them before they can be released.\n\n")


@pytest.mark.parametrize("opening", [
    "This letter is to notify you that we are extending the time limit for responding to your request.",
    "Per the statute, the City will need additional time to respond.",
    "The time to respond to your request is hereby extended under the unusual circumstances provision.",
])
def test_an_extension_stated_paragraphs_before_makes_the_promised_date_the_new_one(opening):
    text = f"{HEAD}{opening}\n\n{_LONG_MIDDLE}We anticipate providing a response by April 21, 2023."
    assert ("2023-04-21", "extension_until") in [(m.date, m.role) for m in extract_dates(text)]


@pytest.mark.parametrize("opening", [
    "If unusual circumstances apply, we may need additional time to respond.",
    "Requests that require additional time are placed in our complex track.",
])
def test_an_extension_that_may_happen_leaves_the_promised_date_due(opening):
    text = f"{HEAD}{opening}\n\n{_LONG_MIDDLE}We anticipate providing a response by April 21, 2023."
    assert ("2023-04-21", "due") in [(m.date, m.role) for m in extract_dates(text)]


@pytest.mark.parametrize("sentence", [
    "The response, originally due March 20, 2023, will now be provided by April 7, 2023.",
    "The records, previously scheduled for release on March 20, 2023, will now be released on April 7, 2023.",
])
def test_a_promise_restated_with_now_is_an_extension(sentence):
    assert roles(sentence) == [("2023-03-20", "other"), ("2023-04-07", "extension_until")]


@pytest.mark.parametrize("sentence", [
    "Your request arrived on February 20, 2023.",
    "Your request was routed to this office on February 20, 2023.",
    "Your request was forwarded to our FOIA unit on February 20, 2023.",
    "We got your request on February 20, 2023.",
    "February 20, 2023 is the date we received your request.",
])
def test_more_ways_of_saying_the_request_reached_the_office(sentence):
    assert roles(sentence) == [("2023-02-20", "received")]


def test_a_request_referred_elsewhere_on_a_day_was_not_received_that_day():
    assert roles("We referred your request to the Department of Labor on February 20, 2023.") == [("2023-02-20", "other")]


@pytest.mark.parametrize(("sentence", "role"), [
    ("Please submit payment within 30 days from the date of this letter (by March 31, 2023).", "respond_by"),
    ("If you do not respond within 30 days (March 31, 2023), we will close your request.", "respond_by"),
    ("You have 30 days (until March 31, 2023) to respond.", "respond_by"),
    ("We will respond within 20 working days (by March 31, 2023).", "due"),
    ("The response is due within ten business days - March 31, 2023.", "due"),
])
def test_a_count_of_days_with_its_date_in_brackets_or_after_a_dash_gives_the_deadline(sentence, role):
    assert roles(sentence) == [("2023-03-31", role)]


def test_the_requesters_reply_due_on_a_day_is_respond_by():
    assert roles("Your reply is due March 31, 2023.") == [("2023-03-31", "respond_by")]


def test_a_track_that_requires_more_time_is_not_an_extension_of_this_request():
    text = (f"{HEAD}Your request has been placed in our complex track. Requests in this track require additional time "
            f"to process.\n\n{_LONG_MIDDLE}We anticipate providing a response by April 21, 2023.")
    assert ("2023-04-21", "due") in [(m.date, m.role) for m in extract_dates(text)]


def test_an_invoices_due_date_is_when_the_requester_must_pay():
    text = "INVOICE #2023-045\nInvoice Date: 03/01/2023\nDue Date: 03/31/2023\nAmount Due: $45.00\n"
    assert ("2023-03-31", "respond_by") in [(m.date, m.role) for m in extract_dates(text)]


def test_a_portal_status_blocks_due_date_is_the_agencys():
    text = "Request Number: 2023-1207\nDate Received: 04/03/2023\nDue Date: 04/17/2023\nStatus: In Progress\n"
    assert [(m.date, m.role) for m in extract_dates(text)] == [("2023-04-03", "received"), ("2023-04-17", "due")]


@pytest.mark.parametrize("sentence", [
    "We have no record of receiving a request from you on February 20, 2023.",
    "The office did not receive any request on February 20, 2023.",
    "We were unable to locate a request received on February 20, 2023.",
])
def test_a_receipt_denied_is_not_a_receipt(sentence):
    assert roles(sentence) == [("2023-02-20", "other")]


def test_a_payment_not_received_by_a_day_stays_the_requesters_deadline():
    sentence = "If payment is not received within 30 days, or by March 31, 2023, the request will be closed."
    assert roles(sentence) == [("2023-03-31", "respond_by")]


_LONG_LETTERHEAD = ("CITY OF MAPLETON\nOFFICE OF THE CITY ATTORNEY\n"
                    + "\n".join(f"Council Member {i}, District {i}" for i in range(1, 12))
                    + "\n100 Civic Center Drive\nMapleton, CA 94000\n(555) 555-0100\n\n")


@pytest.mark.parametrize("greeting", ["Ms. Doe:", "Mr. John Smith,", "Dr. Okafor:"])
def test_a_greeting_that_is_only_a_titled_name_ends_the_heading_that_holds_the_letters_date(greeting):
    text = f"{_LONG_LETTERHEAD}March 1, 2023\n\nJane Doe\n[requester-address]\n\n{greeting}\n\nThe records are attached."
    assert [(d.date, d.role) for d in extract_dates(text)] == [("2023-03-01", "sent")]


def test_an_extension_stated_in_a_letters_first_words_counts_too():
    text = f"We are extending the time to respond.\n\n{_LONG_MIDDLE}We anticipate providing a response by April 21, 2023."
    assert [(m.date, m.role) for m in extract_dates(text, letter_date=date(2023, 3, 1))] == [
        ("2023-04-21", "extension_until")]


@pytest.mark.parametrize(("number", "year"), [
    ("22-18816", 2022), ("R000812-100422", 2022), ("FOIA-2023-000417", 2023), ("2021-APHIS-00582-F", 2021)])
def test_a_date_without_a_year_in_a_letter_without_any_takes_the_year_its_request_number_carries(number, year):
    letter = Letter(subject=f"Records released for request #{number}",
                    body="Records have been released.\n\nThese download links expire in thirty days.\n"
                         "After November 25, a portal login is required to open the files.")
    assert [(d.date, d.role) for d in extract(letter).dates] == [(f"{year}-11-25", "other")]


def test_the_years_of_the_records_sought_do_not_outrank_the_request_numbers_year():
    body = "We pulled the data for 2015 through 2018. We will send it no later than November 25."
    letter = Letter(subject="Request #22-18816", body=body)
    assert [(d.date, d.role) for d in extract(letter).dates] == [("2022-11-25", "due")]


def test_a_later_printed_year_or_the_letters_own_date_outranks_the_request_numbers_year():
    body = "Your request was received on November 2 in 2023. After November 25, a portal login is required."
    letter = Letter(subject="Request #22-18816", body=body)
    assert {d.date[:4] for d in extract(letter).dates} == {"2023"}
    dated = Letter(subject="Request #22-18816", body="After November 25, a portal login is required.", sent_on=date(2020, 11, 3))
    assert [d.date for d in extract(dated).dates] == ["2020-11-25"]


@pytest.mark.parametrize("sentence", [
    "This is a large request, so it may\ntake some additional time. We will provide the records no later than April 21, 2023.",
    "If we need additional time we will let you know. We will respond by April 21, 2023.",
])
def test_more_time_spoken_of_as_possible_leaves_the_promise_due(sentence):
    assert roles(sentence) == [("2023-04-21", "due")]


def test_more_time_the_agency_requires_in_a_list_after_a_question_still_extends():
    text = (f"{HEAD}You asked for:\n- whether the injury occurred at work\n- the incident date\n"
            "--begin response--- The Department will require additional time and will respond on April 21, 2023.")
    assert ("2023-04-21", "extension_until") in [(m.date, m.role) for m in extract_dates(text)]
