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
    ("We have processed FOIA #23-412 as follows.", ["23-412"]),
    ("FOIA Case: 52210B was closed.", ["52210B"]),
    ("the request, document control number 2004-011277KL, is complete", ["2004-011277KL"]),
    ("Freedom of Information Act Request OSPR 2021-307", ["OSPR 2021-307"]),
])
def test_tracking_numbers_exactly_as_printed(text, expected):
    assert extract_tracking_numbers(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Thank you for FOIL #204-19; we are searching.", ["FOIL #204-19"]),
    ("Your PRA 23-0411209 has been assigned to the clerk.", ["PRA 23-0411209"]),
    ("Our ref: FOI 044/21", ["FOI 044/21"]),
    ("Please quote ORR 2024-0193 in any reply.", ["ORR 2024-0193"]),
    ("The clerk closed IPRA #2024-311 today.", ["IPRA #2024-311"]),
    ("Your KORA 24-0077 is complete.", ["KORA 24-0077"]),
    ("Material exempt under the TPIA 24-1045 ruling", ["TPIA 24-1045"]),
])
def test_a_state_or_uk_law_acronym_printed_against_its_number_is_part_of_it(text, expected):
    assert extract_tracking_numbers(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Re: F01A-91-12 (F01A-91-A-7)", ["F01A-91-12", "F01A-91-A-7"]),  # FOIA read by OCR as F01A
    ("Appeal FOIA/PA-2015-00411 received", ["FOIA/PA-2015-00411"]),
    ("Reference: FOI/23/0412 and EIR.22.1180", ["FOI/23/0412", "EIR.22.1180"]),
    ("OT:RR:RDL:FAPL H301122 ABC", ["H301122"]),  # CBP's appeals branch file number
])
def test_agency_number_families(text, expected):
    assert extract_tracking_numbers(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Re: 2021-KS-WD-04410-F", ["2021-KS-WD-04410-F"]),  # year, office codes, serial, track
    ("Our file 23-NRTH-F-00871 is closed.", ["23-NRTH-F-00871"]),
    ("We have closed 2020-MSHP-01977.", ["2020-MSHP-01977"]),
    ("Please cite 23-04412-F when you write.", ["23-04412-F"]),
    ("Please cite 2023-00812-FOIA when you write.", ["2023-00812-FOIA"]),
    ("Re: PX-2023-04417-F", ["PX-2023-04417-F"]),  # the track letter is part of the number
    ("We have processed 2024-F-01234 in full.", ["2024-F-01234"]),
    ("We answered FOI24/0123 and EIR24-0456 today.", ["FOI24/0123", "EIR24-0456"]),
    ("We closed PRR-24-0123 this morning.", ["PRR-24-0123"]),
])
def test_year_code_serial_shapes_without_a_label(text, expected):
    assert extract_tracking_numbers(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Re: 23-7781", ["23-7781"]),  # a letter's Re: line is read like a subject
    ("RE: KY-21-0442\n\nDear Ms. Roe:", ["KY-21-0442"]),
    ("Your records request, No. 2020-341, is closed.", ["2020-341"]),
    ("Your appeal, number 2024-AP-0077, was logged.", ["2024-AP-0077"]),
    ("Please write the request number (2023-0902) on the check.", ["2023-0902"]),
    ("Your open records request (OR-24-0195) is complete.", ["OR-24-0195"]),
    ("Freedom of Information Request - 2024/0617", ["2024/0617"]),
    ("Our Ref 24/617", ["24/617"]),  # not a month and year
    ("Your request, reference number 0617/24, was considered.", ["0617/24"]),
    ("The request has been designated as 2024-04417.", ["2024-04417"]),
    ("Case Reference: CAS-208417-K3P9Q1", ["CAS-208417-K3P9Q1"]),
    ("MPIA No. 24-0191", ["24-0191"]),
    ("Your appeal (#24-0877) is under review.", ["24-0877"]),
    ("24-0877 is your tracking number.", ["24-0877"]),
    ("Kindly use 24-0877 as your reference when writing.", ["24-0877"]),
    ("Please refer to 24-0877 in all correspondence.", ["24-0877"]),
])
def test_a_number_after_a_comma_a_bracket_or_on_a_re_line(text, expected):
    assert extract_tracking_numbers(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Our ref: F0012345", ["F0012345"]),
    ("Reference: FOI20/123", ["FOI20/123"]),
    ("Your request (ref IR-2021-1234) is being handled.", ["IR-2021-1234"]),
    ("Ref. No. 4471", ["4471"]),
    ("Request ID: 48213", ["48213"]),  # five digits after an explicit ID: not a ZIP code
])
def test_short_reference_labels(text, expected):
    assert extract_tracking_numbers(text) == expected


@pytest.mark.parametrize(("text", "expected"), [
    ("Req. No. 2024-0318 has been completed.", ["2024-0318"]),
    ("The request was logged under number 24-0561.", ["24-0561"]),
    ("Our file was opened under reference FOI-24-0093.", ["FOI-24-0093"]),
    ("It concerns your Freedom of Information Act request 202400871.", ["202400871"]),
    ("Your EIR 40917 and your FOI 40918 are both with the team.", ["EIR 40917", "FOI 40918"]),
    ("Thank you for writing; our ref: FOI 4512.", ["FOI 4512"]),
    ("Your request (No. 24-00871) is with the records officer.", ["24-00871"]),
    ("Your information request ref 20240871 has been answered.", ["20240871"]),
    ("Your two requests, numbered 24-0871 and 24-0872, were joined.", ["24-0871", "24-0872"]),
    ("Please use reference FOIA 24-0871 in all letters.", ["24-0871"]),  # the law's name is not part of the number
    ("Your confirmation number is 24-0871.", ["24-0871"]),
    ("Intake No. 24-0871 was opened for you.", ["24-0871"]),
    ("The records request number for this is 24-0871.", ["24-0871"]),
    ("Request no. 24-0871 (formerly 24-0123) is closed.", ["24-0871", "24-0123"]),
    ("Please quote your case number 4417-24 when you call.", ["4417-24"]),
    ("Case No.: 4417-24", ["4417-24"]),
])
def test_more_label_families(text, expected):
    assert extract_tracking_numbers(text) == expected


@pytest.mark.parametrize("text", [
    "The Act covers requests for information. Our ref: FOI 2024",
    "Ask the officer about police case number 24-017731 instead.",
    "The CPRA 6254(k) exemption applies, as does CPRA 6255.5 in part.",
    "The sheriff's report number 24-017731 is in the file.",
])
def test_a_bare_year_or_a_police_case_is_not_a_request_number(text):
    assert extract_tracking_numbers(text) == []


def test_numbers_listed_after_a_plural_label_are_all_found():
    text = "Both FOIA requests 01-311 and 01-298 were searched again."
    assert extract_tracking_numbers(text) == ["01-311", "01-298"]


def test_a_number_after_hash_may_be_printed_with_slashes():
    assert extract_tracking_numbers("Re: Open Records Request #11/02/2023 status") == ["11/02/2023"]


def test_a_number_the_agency_entered_or_logged_something_as():
    text = "Your email was received and has been logged in our system as TK-0048211."
    assert extract_tracking_numbers(text) == ["TK-0048211"]


def test_a_short_form_of_a_known_number_is_listed_too():
    text = "Your request R004521-030424 is open. Questions about #R004521 go to the clerk."
    assert extract_tracking_numbers(text) == ["R004521-030424", "R004521"]


@pytest.mark.parametrize(("subject", "expected"), [
    ("Re: TK-0048211", ["TK-0048211"]),
    ("RE: [External] 24-1187 records response", ["24-1187"]),
    ("Records for the years 2018-2021", []),
])
def test_numbers_read_from_the_subject(subject, expected):
    assert extract_tracking_numbers("Please see the attached letter.", subject=subject) == expected


def test_numbers_in_the_subject_of_a_forwarded_mail_are_read_like_a_subject():
    text = "Please see below.\n\n---- Forwarded message ----\nSubject: Re: Records request 24-0917\n\nHello,"
    assert extract_tracking_numbers(text, subject="Fwd: your records") == ["24-0917"]


def test_a_record_number_in_the_subject_is_not_a_tracking_number():
    assert extract_tracking_numbers("See attached.", subject="Re: incident report 24-0917") == []


def test_extract_reads_a_number_printed_only_in_the_subject():
    letter = Letter(subject="Re: 24-1187 records response", body="The records are attached.")
    assert extract(letter).tracking_numbers == ("24-1187",)


@pytest.mark.parametrize("text", [
    "Call us at 202-555-0147 or (866) 633-1182.",
    "Washington, DC 20536-5009",
    "pursuant to 5 U.S.C. 552(b)(6) and Gov. Code 7922.535",
    "Invoice 44871 is attached; account 0012-3391.",
    "records dated 2019-04-01 to 2019-06-30",
    "Please enter your number in the form [1234567-000].",
    "the records show incident report 23-11872 and case file 100A-BA-25222",
    "Your reference: NEWS-2024-17",
    "Invoice #4471-22 is attached.",
    "The police report # 24-118234 is withheld.",
    "Smith v. Agency, docket no. 2:21-cv-00412",
    "see 28 C.F.R. 16.11 and 5 U.S.C. 552",
    "Records for the years 2019-2022 were searched.",
    "Your ref: AB/123/45",
    "We answered your request of 10/12/2022 on 3/4/23.",
    "Re: Resolution No. 2021-045 of the council",
    "RE: Doe v. Township, No. 22-1234",
    "Re: Contract 2022-0456 renewal",
    "Case 22-CV-01234 is pending in the district court.",
    "Your request (2020-21 budget) is complete.",
    "The export ran on 15-DEC-2010 at noon.",
    "Delivered via 24-1234 route",
    "Board votes via KT333/Socket 462",
    "Rent due 11/2024 is late.",
    "See Case No. 23-cv-04410 (D. Md.).",
    "In the matter of case no. 2023-CA-004410",
    "The form bears OMB Control No. 1105-0071.",
    "The suit 2023-L-004410 and the chancery matter 2023-CH-00441 are pending.",
    "Please use 202-555-0147 when calling.",
    "Please refer to 5 U.S.C. 552 when appealing.",
    "Our reference 4471 is in the footer.",  # a short run of figures after a bare "ref" is not enough
    "The Sheriff's Office case number 24-017731 is an open investigation.",
    "Camera footage BWC-2024-04177 is withheld in full.",
    "The pages, Bates numbered CITY-0001 through CITY-0417, are attached.",
    "The only papers we hold are filed with case # 24X417.",  # a case in the records, not the request
])
def test_things_that_are_not_tracking_numbers(text):
    assert extract_tracking_numbers(text) == []


def test_ocr_variants_compare_equal_but_are_kept_as_printed():
    assert normalize_tracking("2020-ICFO-12345") == normalize_tracking("2020 ICF0 12345")


def _roles(text, **kw):
    return {(m.date, m.role) for m in extract_dates(text, **kw)}


def _in_letter(sentence):
    """A sentence inside a letter's body, after its salutation (where no date is the letter's own)."""
    return f"Dear Requester:\n\n{sentence}"


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
    text = "March 1, 2024\n\nUnless you reply within 30 days of the date of this letter, we will close your request."
    assert ("2024-03-31", "respond_by") in _roles(text, parts=[text])


def test_a_date_without_a_year_takes_the_letters_year():
    text = "Your request was received on Monday, May 1, and will be processed."
    assert ("2023-05-01", "received") in _roles(text, letter_date=date(2023, 5, 22))


def test_a_weekday_or_emphasis_between_the_words_and_the_date_keeps_its_role():
    text = "On *Tuesday, April 9, 2024,* the Records Unit received your request by mail."
    assert ("2024-04-09", "received") in _roles(_in_letter(text))


@pytest.mark.parametrize("text", [
    "We acknowledge receipt of your March 3, 2023 Freedom of Information Act request.",
    "This office is in receipt of your March 3, 2023 public records request.",
    "We received your March 3, 2023, appeal last week.",
])
def test_a_date_naming_a_request_or_appeal_is_other(text):
    assert _roles(_in_letter(text)) == {("2023-03-03", "other")}


def test_a_date_repeated_without_its_year_is_listed_once():
    text = "You wrote on June 2, 2021. Your June 2 letter asked for emails."
    assert [(m.date, m.role) for m in extract_dates(text)] == [("2021-06-02", "other")]


def test_a_reference_after_hash_is_not_a_date():
    assert extract_dates("Subject: Records Request #04/11/2023 update") == []


def test_an_office_closed_for_a_holiday_sets_no_deadline():
    text = "Our offices will be closed on Thursday, Nov. 23, 2023 for the holiday."
    assert _roles(_in_letter(text)) == {("2023-11-23", "other")}


def test_a_word_containing_intend_is_not_a_promise():
    text = "The report was presented by the Superintendent on May 5, 2023."
    assert _roles(_in_letter(text)) == {("2023-05-05", "other")}


def test_portal_summary_fields_give_the_received_date():
    text = "Request Details\n* Tracking Number: ABC-2022-000123\n* Date Submitted: 10/04/2022\n* Status: Open"
    assert ("2022-10-04", "received") in _roles(text, parts=[text])


def test_the_letters_date_may_follow_a_letterhead_on_the_same_line():
    text = ("DEPARTMENT OF EXAMPLES WASHINGTON, D.C. 20001-0001 March 4, 2019 Ms. Rivera "
            "This responds to your request.")
    assert ("2019-03-04", "sent") in _roles(text, parts=[text])


def test_the_letters_date_may_carry_its_weekday():
    text = "OFFICE OF RECORDS\n100 Main Street\n\nTuesday, June 1, 2021\n\nDear Mr. Okafor:\nWe have your request."
    assert ("2021-06-01", "sent") in _roles(text, parts=[text])


@pytest.mark.parametrize(("text", "iso"), [
    ("It was mailed 11-03-2022 to you.", "2022-11-03"),
    ("It was mailed on 2022/11/03.", "2022-11-03"),
    ("It was mailed on 03.11.2022.", "2022-11-03"),  # dotted: day first
    ("It was signed on the 15th day of March, 2023.", "2023-03-15"),
    ("Status as of 9 Mar 22: pending.", "2022-03-09"),
    ("It was mailed on 3 Sept 2022.", "2022-09-03"),
    ("Logged 7-Feb-2022 by the clerk.", "2022-02-07"),
    ("Logged 07-FEB-22 by the clerk.", "2022-02-07"),
    ("Logged 7-February-2022 by the clerk.", "2022-02-07"),
    ("It was mailed on February 7 , 2022.", "2022-02-07"),
    ("Records from February, 2022 only.", "2022-02"),
])
def test_printed_shapes_of_dates(text, iso):
    assert iso in {m.date for m in extract_dates(text)}


def test_a_day_and_month_without_a_year_take_the_letters_year():
    assert ("2022-11-03", "received") in _roles("We received it on 3 November.", letter_date=date(2022, 12, 1))


def test_dates_that_name_attached_files_or_links_are_skipped():
    text = "Minutes:\n4.12.2021 Council Meeting\nhttps://files.example.gov/m/41221\nApril 2021 agenda.pdf\n"
    assert extract_dates(_in_letter(text)) == []


@pytest.mark.parametrize(("line", "role"), [
    ("Due Date 02/05/2024", "due"),
    ("Status: open (due 02/05/2024)", "due"),
    ("Payment Due: 02/05/2024", "respond_by"),
    ("Date Received: 02/05/2024", "received"),
    ("Create Date: 02/05/2024", "received"),
    ("Submitted: 02/05/2024", "received"),
    ("Reply By: 02/05/2024", "respond_by"),
    ("New Due Date: 02/05/2024", "extension_until"),
    ("Estimated Completion Date: 02/05/2024", "due"),
])
def test_a_portal_status_block(line, role):
    assert _roles(_in_letter(f"Request 24-88\n{line}\nAssigned to: Clerk")) == {("2024-02-05", role)}


def test_a_month_and_day_in_figures_after_a_word_that_calls_for_a_date():
    text = "Hi,\n\nWe logged it on Monday 2/5 and plan to reply by 2/20. About 1/2 of it is done; open 24/7."
    assert _roles(text, letter_date=date(2024, 2, 6)) == {("2024-02-05", "received"), ("2024-02-20", "due")}


def test_words_after_a_date_may_name_it_the_date_of_receipt():
    text = "Hi,\n\nWe will treat 2/5/24 as the formal receipt date for the narrowed request."
    assert _roles(text) == {("2024-02-05", "received")}


def test_words_after_an_earlier_date_decide_for_the_later_one():
    text = "Dear Jo,\n\nIt reached us on March 4, 2024 and we expect to answer by April 1, 2024."
    assert _roles(text) == {("2024-03-04", "received"), ("2024-04-01", "due")}


@pytest.mark.parametrize(("head", "role"), [
    ("TOWN CLERK\n\nBy electronic mail                  April 2, 2024\n\nDear Mr. Poe:\n\nBody.", "sent"),
    ("Ref: 24-31          Date: 2 April 2024\n\nDear Mr. Poe\n\nBody.", "sent"),
    ("Request 24-31\nDate of request        April 2, 2024\n\nDear Mr. Poe:\n\nBody.", "other"),
    # between a Re: line and the greeting, only a date alone on its line
    ("RE: Records Request No. 24-0318\nApril 2, 2024\n\nDear Mr. Poe:\nBody.", "sent"),
    ("Re: Your records request\n\nTuesday, April 2, 2024\n\nMs. Ann Poe\nDear Ms. Poe:\nBody.", "sent"),
    ("RE: Request for logs\nApril 2, 2024 entries only\nDear Mr. Poe:\nBody.", "other"),
    ("Re: Your request dated\nApril 2, 2024\n\nDear Mr. Poe:\nBody.", "other"),
])
def test_the_letters_date_set_in_a_column_of_its_heading(head, role):
    assert _roles(head) == {("2024-04-02", role)}


@pytest.mark.parametrize("text", [
    "Logs from March 1 through April 30, 2017 were searched.",
    "Logs dated between 1 March and 30 April 2017 were searched.",
])
def test_the_first_day_of_a_range_takes_the_year_printed_at_its_end(text):
    assert {d for d, _ in _roles(_in_letter(text), letter_date=date(2024, 1, 5))} == {"2017-03-01", "2017-04-30"}


def test_a_date_in_a_paragraph_that_also_holds_a_link_is_kept():
    text = ("We looked again at the matter you raised in your letter of June 3, 2021, and the report you asked "
            "about is now posted at https://www.example.gov/reports/annual/ for anyone to read.")
    assert ("2021-06-03", "other") in _roles(_in_letter(text))


def test_a_date_stamp_whose_day_ocr_split_in_two():
    text = "OFFICE OF THE SECRETARY\nWASHINGTON, D.C. 20001\nMAR 2 7 2019\nMs. Jane Roe\nDear Ms. Roe:\nThis answers."
    assert _roles(text) == {("2019-03-27", "sent")}


def test_a_date_stamp_read_a_blank_line_apart_from_its_month():
    text = "BOARD OF EXAMPLES\nSPRINGFIELD, IL 62701 APR\n\n0 9 2021 Mr. Lee\nDear Mr. Lee:\nThis answers."
    assert _roles(text) == {("2021-04-09", "sent")}


def test_a_letterhead_ending_in_a_telephone_number_is_followed_by_the_letters_date():
    text = ("Office of Records\n200 Elm Road Springfield Telephone: (217) 555-0143 October 2,\n\n"
            "2021 Ms. Rivera\nDear Ms. Rivera:\nWe answer your request.")
    assert ("2021-10-02", "sent") in _roles(text)


@pytest.mark.parametrize("header", ["", "CITY RECORDS UNIT\n\n"])
def test_a_heading_flattened_onto_one_line_gives_the_letters_date_under_a_running_header(header):
    heading = ("City of Example Records Unit 12 Oak Lane Springfield, IL 62701 Department of Streets "
               "June 3, 2022 Ms. Ana Diaz 40 Pine Road Dear Ms. Diaz: We have your request of May 30, 2022 "
               "and answer it in this letter, which sets out what we found and what we could not find.")
    assert ("2022-06-03", "sent") in _roles(header + heading)


@pytest.mark.parametrize("gap", [" ", "\n"])
def test_words_of_a_deadline_wrapped_onto_two_lines_keep_the_dates_role(gap):
    text = f"We will try to send the remaining pages no later{gap}than August 2, 2024."
    assert _roles(_in_letter(text)) == {("2024-08-02", "due")}


def test_a_due_date_changed_by_the_portal_is_extension_until():
    text = "The due date for record request #23-77 has been changed to: January 9, 2024."
    assert _roles(_in_letter(text)) == {("2024-01-09", "extension_until")}


@pytest.mark.parametrize(("sentence", "role"), [
    ("If no response is received by March 3, 2024, we will close the file.", "respond_by"),
    ("The deadline to respond to this letter is March 3, 2024.", "respond_by"),
    ("You have until March 3, 2024 to reply.", "respond_by"),
    ("We hope to have a response to you by March 3, 2024.", "due"),
    ("The records should be ready by March 3, 2024.", "due"),
    ("Our goal is to complete it on or before March 3, 2024.", "due"),
    ("You should expect to hear from the unit by March 3, 2024.", "due"),
    ("Kindly send the signed form no later than March 3, 2024.", "respond_by"),
    ("Owing to the volume of records, the response date is now March 3, 2024.", "extension_until"),
    ("The intake desk logged your application on March 3, 2024.", "received"),
    ("We acknowledge receipt of the application you submitted through our portal on March 3, 2024.", "other"),
    ("We have received your request, which you then amended on March 3, 2024.", "other"),
    ("We have received your request of last month, which we processed, on March 3, 2024.", "received"),
    ("The production is due on or before March 3, 2024.", "due"),
    ("Our staff will need until March 3, 2024 to finish.", "due"),
    ("Failure to reply by March 3, 2024 will close the matter.", "respond_by"),
    ("The deposit is due by March 3, 2024.", "respond_by"),
    ("We will treat the request as withdrawn if we haven't heard from you by March 3, 2024.", "respond_by"),
    ("If the unit has not received the fee by March 3, 2024, the file is closed.", "respond_by"),
    ("The statutory deadline is March 3, 2024.", "due"),
    ("We only search logs received before March 3, 2024.", "other"),
    ("Owing to staff leave, our reply is postponed until March 3, 2024.", "extension_until"),
    ("Please be advised that an answer will be forthcoming on or before March 3, 2024.", "due"),
    ("We ask that you write back no later than March 3, 2024.", "respond_by"),
    ("To keep the file open we need your decision by March 3, 2024.", "respond_by"),
    ("Absent a reply by March 3, 2024, the file is closed.", "respond_by"),
    ("Unless we receive your answer by March 3, 2024, we will close it.", "respond_by"),
    ("Please advise by March 3, 2024 whether the narrower scope suits you.", "respond_by"),
    ("We shall keep the file open until March 3, 2024 while we wait for you.", "respond_by"),
    ("Without a reply by March 3, 2024, the unit closes the matter.", "respond_by"),
    ("If payment has not been received by March 3, 2024, work stops.", "respond_by"),
    ("If this office is not contacted by March 3, 2024, the file is closed.", "respond_by"),
    ("A decision from you is needed by March 3, 2024.", "respond_by"),
    ("The attached invoice is due March 3, 2024.", "respond_by"),
    ("Fees must be paid in full by March 3, 2024.", "respond_by"),
    ("Our answer slipped; it is now expected by March 3, 2024.", "extension_until"),
    # the request reaching the agency, in other verbs
    ("Your letter arrived in our office on March 3, 2024.", "received"),
    ("The application came to the records desk on March 3, 2024.", "received"),
    ("This note confirms the March 3, 2024 receipt of your request.", "received"),
    ("Thank you. On March 3, 2024, the Records Office received your request.", "received"),
    ("This confirms that on March 3, 2024, the clerk received your request.", "received"),
    ("We acknowledge receiving your application on March 3, 2024.", "received"),
    # "received" earlier in the clause does not outvote what the agency will do by the date
    ("As we received many requests this month, we will answer by March 3, 2024.", "due"),
    ("Your appeal, received last week, will be decided by March 3, 2024.", "due"),
    ("We have received your request and anticipate replying by March 3, 2024.", "due"),
    ("Because your letter was received late, the records will be sent by March 3, 2024.", "due"),
    # a payment received, or another event of the request, is not its receipt
    ("We received your check on March 3, 2024.", "other"),
    ("The unit received 45 pages of records from the county on March 3, 2024.", "other"),
    ("We received the responsive files from the police department on March 3, 2024.", "other"),
    ("The office received your records request on March 3, 2024.", "received"),
    ("The request was received in January and narrowed on March 3, 2024.", "other"),
    # the agency's own deadline, named as such or as a date set for it
    ("The twenty working day deadline for our reply is March 3, 2024.", "due"),
    ("A completion date has been set for March 3, 2024.", "due"),
    ("Please expect a reply from the unit by March 3, 2024.", "due"),
    ("We logged it as received, and the statutory response date is March 3, 2024.", "due"),
    ("The ten-day reply period ends March 3, 2024.", "due"),
    ("The second release of records is scheduled for March 3, 2024.", "due"),
    ("Our reply is currently due on March 3, 2024.", "due"),
    # what the law allows the agency
    ("Under the statute the county has until March 3, 2024 to answer.", "due"),
    ("By law, a determination is required by March 3, 2024.", "due"),
    ("The custodian must provide the records by March 3, 2024.", "due"),
    ("We will answer within ten working days of receipt (by March 3, 2024).", "due"),
    ("The clock was tolled, and the response deadline now runs until March 3, 2024.", "extension_until"),
    # a link or a download that lapses sets no deadline
    ("The download link will expire on March 3, 2024.", "other"),
    ("Files stay accessible on the portal until March 3, 2024.", "other"),
    ("The council will meet on March 3, 2024 to vote on it.", "other"),
    ("The new fee schedule will take effect on March 3, 2024.", "other"),
    # "will ... of" names a date only after the name of one
    ("We will send you the minutes of March 3, 2024 with the rest.", "other"),
    ("Our estimated date of completion for this request is March 3, 2024.", "due"),
    ("The estimated date by which we expect to finish work on your request is March 3, 2024.", "due"),
    # extra time and a date: the new date
    ("Staff will need another 15 working days, until March 3, 2024, to finish.", "extension_until"),
    ("We are taking the statutory extension. The request will be answered by March 3, 2024.", "extension_until"),
    ("We need further time to weigh the public interest and will reply by March 3, 2024.", "extension_until"),
    ("We cannot meet the earlier date. We now plan to send the rest on or before March 3, 2024.", "extension_until"),
    ("The release has been delayed; we will send it by March 3, 2024.", "extension_until"),
    ("We will not be able to reply within the time limit. We now aim to reply by 3 March 2024.", "extension_until"),
    ("We will reply by March 3, 2024, as the statutory extension allows.", "extension_until"),
    # deadlines on the requester, however they are worded
    ("Should we not hear back by March 3, 2024, the file will be closed.", "respond_by"),
    ("Kindly answer this message by March 3, 2024.", "respond_by"),
    ("Reply by March 3, 2024 or the request lapses.", "respond_by"),
    ("In the absence of a reply by March 3, 2024, we close the matter.", "respond_by"),
    ("The deadline for your payment is March 3, 2024.", "respond_by"),
    ("Unless you collect the copies by March 3, 2024, they will be discarded.", "respond_by"),
    ("You must sign the release form and return it by March 3, 2024.", "respond_by"),
    ("The clerk will hold the documents at the front desk until March 3, 2024.", "respond_by"),
    ("Your request is in process and we will return the originals to you by March 3, 2024.", "due"),
    # an hour between the words and the day
    ("If no reply is received by close of business on March 3, 2024, the file is closed.", "respond_by"),
    ("The fee must reach us no later than 5:00 p.m. on March 3, 2024.", "respond_by"),
    ("Please write back by 4:30 PM (ET) on Sunday, March 3, 2024.", "respond_by"),
    ("If we do not receive your answer by COB March 3, 2024, we will close it.", "respond_by"),
    ("We will send the records by the end of the business day on March 3, 2024.", "due"),
])

def test_wording_of_deadlines_on_the_requester_and_of_agency_promises(sentence, role):
    assert _roles(_in_letter(sentence)) == {("2024-03-03", role)}

@pytest.mark.parametrize(("sentence", "iso", "role"), [
    ("Please send the fee by January 9.", "2025-01-09", "respond_by"),
    ("We expect to reply by January 9.", "2025-01-09", "due"),
    ("We received your letter on October 30.", "2024-10-30", "received"),
])
def test_a_deadline_without_a_year_falls_after_the_letter(sentence, iso, role):
    letter = f"November 20, 2024\n\nDear requester,\n\n{sentence}\n"
    assert (iso, role) in _roles(letter)


def test_a_due_date_changed_from_one_date_to_another_gives_the_new_one():
    text = "The response deadline was moved from February 2, 2024 to March 3, 2024."
    assert _roles(_in_letter(text)) == {("2024-02-02", "other"), ("2024-03-03", "extension_until")}


def test_no_false_dates_from_words_like_may():
    assert extract_dates("You may wish to narrow the request; we may need more time.") == []


@pytest.mark.parametrize(("text", "fee", "others"), [
    ("The estimated fee for your request is $125.50.", 125.5, []),
    ("Search time is billed at $38.00 per hour; the estimate for this request is $76.00.", 76.0, []),
    ("Please send an advance deposit of $50.00 toward the total estimated cost of $200.00.", 200.0, [50.0]),
    ("Your request is taken as your consent to pay up to $25.00.", None, [25.0]),
    ("Invoice total $70.40; payment received $30.00; remaining balance $40.40.", 40.4, [70.4, 30.0]),
    ("The hourly rate ($4.00, $7.00, $10.25) applies after two hours.", None, []),
    # Per item: the total wins; with no total the items are added up.
    ("Search: $120.00\nDuplication: $50.00\nTotal: $170.00", 170.0, []),
    ("Search fees: $120.00. Duplication fees: $50.00.", 170.0, []),
    # An amount given, then the total after a free allowance: the total.
    ("Search would cost about $900.00. After two free hours, your total cost is $820.00.", 820.0, [900.0]),
    # A payment received: the balance the letter prints is what is owed.
    ("Our invoice totalled $90.00. We received your check for $40.00. New total $50.00.", 50.0, [90.0, 40.0]),
    ("We received a check for $500 from you. The review fee is $120.00.", 120.0, [500.0]),
    # Bounds someone sets are not the fee; an agency's bound on its own estimate is.
    ("If the fees are less than $25.00, we will send the records without charge.", None, [25.0]),
    ("As the cost falls under the $50 minimum, there is no charge.", None, [50.0]),
    ("Our overall estimate is under $400.", 400.0, []),
    ("Complying would exceed the appropriate limit under section 12, which is £450.", None, [450.0]),
    ("Please send half, $60.00, as a deposit on the estimated fee of $120.00.", 120.0, [60.0]),
    ("If you narrow the request to one year, the fee would be $40.00. The estimate is $150.00.", 150.0, [40.0]),
    ("You will owe $2+.,30 for copies.", None, []),  # OCR debris is not an amount
    ("Search 3 hours @ $25/hr = $75; copies 200 pages @ $0.15 = $30; total due: $105", 105.0, [75.0, 30.0]),
    ("Search time: 2 hours at $30.00 = $60.00 and copies 100 pages at $0.10 = $10.00.", 70.0, [60.0, 10.0]),
    ("Processing fees of $48.00 were waived.", None, [48.0]),
])
def test_fees(text, fee, others):
    got_fee, got_others = extract_fees(text)
    assert got_fee == fee
    assert set(got_others) >= set(others)


@pytest.mark.parametrize("gap", [" ", "\n", "\n\n"])
def test_a_fee_reads_the_same_when_a_page_break_or_blank_line_splits_it_from_its_words(gap):
    text = (f"The estimated cost is $820.00, half of it in advance. Net of the $200.00 already sent,"
            f" the balance of that deposit owed is{gap}$210.00.")
    assert extract_fees(text)[0] == 820.0


def test_exemptions_glomar_and_portal_links():
    text = ("Portions are withheld under 5 U.S.C. 552(b)(6) and (b)(7)(C), and Exemption 5. "
            "We can neither confirm nor deny the existence of records. "
            "Track it at https://foia.example.gov/app/CheckStatus.aspx?id=7.")
    assert extract_exemptions(text)[:3] == ["(b)(6)", "(b)(7)(C)", "(b)(5)"]
    assert is_glomar(text)
    assert extract_portal_links(text) == ["https://foia.example.gov/app/CheckStatus.aspx?id=7"]


def test_the_552c_boilerplate_is_not_a_glomar_response():
    text = ("Please note: a standard notification that is given to all people who write to us; it does not "
            "mean that records excluded by law exist or are absent, and we neither confirm nor deny.")
    assert not is_glomar(text)


def test_extract_reads_subject_body_and_attachments():
    letter = Letter(subject="Re: 2021-HQFO-01216", body="See the attached letter.",
                    attachments_text=("May 4, 2021\nDear Requester:\nThe fee estimate is $90.00.",))
    x = extract(letter)
    assert x.tracking_numbers == ("2021-HQFO-01216",) and x.fee_amount == 90.0
    assert ("2021-05-04", "sent") in {(d.date, d.role) for d in x.dates}


def test_a_british_letter_writes_the_day_before_the_month():
    text = ("Our ref: FOI 118/24\nDate: 05/03/2024\n\nDear Mr Hale\n\nWe received your request on 01/03/2024 "
            "under the Freedom of Information Act 2000 and will reply by 28/03/2024.\n\nYours sincerely")
    assert _roles(text) == {("2024-03-05", "sent"), ("2024-03-01", "received"), ("2024-03-28", "due")}


def test_an_american_letter_writes_the_month_first():
    assert _roles(_in_letter("We received your request on 01/03/2024.")) == {("2024-01-03", "received")}


@pytest.mark.parametrize(("sentence", "role"), [
    ("We received your letter to Ms. Ortiz on March 3, 2024.", "received"),
    ("The U.S. Attorney's office will send the rest on or before Sun., March 3, 2024.", "due"),
    ("Mr. J. R. Hale of our staff will reply no later than March 3, 2024.", "due"),
])
def test_the_point_of_an_abbreviation_ends_no_clause(sentence, role):
    assert _roles(_in_letter(sentence)) == {("2024-03-03", role)}


def test_a_day_printed_alike_for_the_request_and_its_receipt_is_listed_once_as_received():
    text = "Your request dated June 6, 2023, and received by this office on June 6, 2023, was searched."
    assert [(m.date, m.role) for m in extract_dates(_in_letter(text))] == [("2023-06-06", "received")]


def test_a_day_printed_two_ways_keeps_both_roles():
    text = "Subject: PRA 6/6/23 update\n\nDear Ms. Roe:\n\nThe office received your request on June 6, 2023."
    assert _roles(text) == {("2023-06-06", "other"), ("2023-06-06", "received")}


@pytest.mark.parametrize("text", [
    "Your records request, which was dated June 6, 2023 and received by our office the same day, is closed.",
    "Thank you for your letter dated 6 June 2023, which the council received that day.",
])
def test_a_request_dated_a_day_and_received_the_same_day_gives_its_receipt(text):
    assert _roles(_in_letter(text)) == {("2023-06-06", "received")}


def test_a_wrapped_line_that_starts_with_submitted_is_not_a_portal_field():
    text = "We have the request that you\nsubmitted on March 3, 2024 and will answer it."
    assert _roles(_in_letter(text)) == {("2024-03-03", "other")}


@pytest.mark.parametrize(("subject", "role"), [
    ("Time extension - records request 24-31", "extension_until"),
    ("Records request 24-31 received", "due"),
])
def test_a_subject_that_announces_an_extension_makes_the_promised_date_the_new_one(subject, role):
    body = "Dear Mr. Poe:\n\nThank you for your patience. We expect to send the records by May 3, 2024."
    x = extract(Letter(subject=subject, body=body))
    assert {(d.date, d.role) for d in x.dates} == {("2024-05-03", role)}


def test_a_floor_numbered_like_a_postcode_does_not_make_a_letter_british():
    text = "Records Unit, Suite B2 3RD Floor\n\nDear Ms. Roe:\n\nWe received your request on 01/03/2024."
    assert ("2024-01-03", "received") in _roles(text)


def test_a_deadline_counted_from_the_letter_is_marked_computed_and_not_scored_as_a_printed_date():
    from nlp.evaluation import Case, score

    letter = Letter(body="Please respond within 30 days of the date of this letter.", sent_on=date(2023, 3, 1))
    computed = [d for d in extract(letter).dates if d.computed]
    assert [(d.date, d.role) for d in computed] == [("2023-03-31", "respond_by")]
    case = Case("X1", {"label": "other", "dates": []},
                {"label": "other", "dates": [d.as_dict() for d in computed], "tracking_numbers": []})
    assert score([case])["dates_with_role"]["fp"] == 0
