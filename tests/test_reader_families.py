"""Families of wording the reader recognises however a letter puts them: an office that routes a request
inside itself, says it cannot answer in time, found nothing, keeps records back, cannot tell what is
asked, names a cost in pounds or in words, sends a first part, or grants a request and answers it.

Letters written for these tests (federal, state, local and UK phrasing); each states one decision."""

from __future__ import annotations

import pytest

from nlp import Letter
from nlp.classify import classify
from nlp.features import features, letter_text
from nlp.patterns import split_gaps
from nlp.pipeline import MAX_CHARS, load_pipeline


def _feats(text: str) -> dict[str, float]:
    letter = Letter(body=text)
    body, parts = letter_text(letter, MAX_CHARS)
    return features(load_pipeline()(body)._.cues, parts, body, portal=False)


def _cue_names(text: str) -> set[tuple[str, str]]:
    return {(c.label, c.name) for c in load_pipeline()(text)._.cues}


# (the letter, the label it states, a cue of that label that must be found in it)
FAMILIES = [
    ("Your request has been passed to the relevant department who will provide a response. Your reference "
     "is FOI-22-0456.", "acknowledgement", "routed for a response"),
    ("Hello, I wanted to let you know that your request is in our queue and it will be handled as soon as "
     "possible.", "acknowledgement", "routed for a response"),
    ("Due to the volume of records that must be reviewed, the Department will require an additional 30 days "
     "to respond, until June 14, 2022.", "extension", "late reply announced"),
    ("We regret that we will not be able to respond to your request within the statutory time frame.",
     "extension", "late reply announced"),
    ("We searched the email accounts of the named officials for the date range specified and nothing "
     "responsive was found.", "no_records", "nothing found"),
    ("We have decided to withhold this information under section 31 of the Freedom of Information Act (law "
     "enforcement).", "denial", "withheld"),
    ("The requested information is confidential under state law and will not be provided.", "denial", "withheld"),
    ("It is not clear which incident you are referring to. Can you provide the case number or the date and "
     "location of the incident?", "clarification_needed", "what the request means"),
    ("Your request as written would require a search of every email sent by the department. Could you narrow "
     "it to specific custodians or search terms?", "clarification_needed", "what the request means"),
    ("We have decided to waive all fees associated with your request.", "fee_waiver_granted", "fee waiver granted"),
    ("Your request for a waiver of fees does not meet the criteria and is therefore denied.",
     "fee_waiver_denied", "fee waiver denied"),
    ("Good afternoon, Please find attached Part 1 of the documents responsive to your request. The City "
     "anticipates producing additional records by March 3, 2023.", "production_interim", "part of the records"),
    ("Hi, Here is what we have gathered so far. The remaining emails are being reviewed by legal and I will "
     "get those to you as soon as they are ready.", "production_interim", "part of the records"),
    ("Records have been released on the portal. Your request remains open while staff continue to gather "
     "responsive documents.", "production_interim", "more releases to follow"),
    ("We are granting your request. The contract you asked for is attached.", "production_final",
     "request granted"),
    ("Following a search of our paper and electronic records, I can confirm that the Trust holds the "
     "information you requested. Our response is set out below.", "production_final", "request granted"),
    ("Your request for an internal review has been completed. The reviewer upheld the original decision.",
     "appeal_related", "appeal decided or received"),
    ("I am responding to your administrative appeal. I have determined that the agency conducted an adequate "
     "search and I am closing your appeal.", "appeal_related", "appeal decided or received"),
    ("This request has been closed at your request because you withdrew it on April 4.", "other",
     "closed for another reason"),
    ("Dear Applicant, I am writing to inform you that we are unable to provide the information you have "
     "requested. We consider it exempt under section 43(2) of the Act, and the public interest in maintaining "
     "the exemption outweighs the public interest in disclosure.", "denial", "withheld"),
    ("We have received your request but need more information before we can begin our search. Please reply "
     "with the approximate date of the incident.", "clarification_needed", "clarification"),
]


@pytest.mark.parametrize(("text", "label", "cue"), FAMILIES, ids=[f"{x[1]}-{i}" for i, x in enumerate(FAMILIES)])
def test_a_family_of_wording_is_recognised_and_decides_the_label(text: str, label: str, cue: str):
    assert (label, cue) in _cue_names(text)
    assert classify(Letter(body=text)).label == label


# Alternatives of several words are written in brackets; without them the words were read in sequence
# and these patterns never matched. A curly apostrophe (as word processors type it) reads as a straight one.
@pytest.mark.parametrize(("text", "cue"), [
    ("Please provide a date range for the emails.", ("clarification_needed", "question to the requester")),
    ("You will be responsible for the duplication costs.", ("fee_notice", "fee estimate")),
    ("Your fee is being assessed at the commercial rate.", ("fee_notice", "fee assessed")),
    ("I’ve attached the permits.", ("production_final", "records handed over")),
    ("We can’t provide the records you asked for.", ("denial", "withheld")),
    ("We don’t have any records of that kind.", ("no_records", "not held")),
])
def test_a_pattern_matches_its_words_however_grouped_or_typed(text: str, cue: tuple[str, str]):
    assert cue in _cue_names(text)


def test_a_standard_response_time_in_an_acknowledgement_is_not_an_extension():
    text = ("Thank you for your Freedom of Information request, which we received on 3 March 2022. We will aim "
            "to respond within 20 working days.")
    assert not any(label == "extension" for label, _ in _cue_names(text))
    assert classify(Letter(body=text)).label == "acknowledgement"


def test_records_withheld_in_part_beside_a_release_do_not_make_a_denial():
    text = ("Enclosed are 40 pages responsive to your request. We are withholding the home addresses of "
            "employees under Exemption 6. This completes our response.")
    assert classify(Letter(body=text)).label == "production_final"


def test_the_requesters_own_fee_limit_restated_in_an_acknowledgement_asks_for_no_payment():
    text = ("This acknowledges receipt of your FOIA request dated April 3, 2023; it has been assigned tracking number "
            "2023-HQ-01187. You have agreed to pay up to $25.00 in applicable processing fees.")
    assert classify(Letter(body=text)).label == "acknowledgement"


def test_a_search_that_could_fail_without_more_detail_is_not_a_search_that_failed():
    text = ("Please send the names of the officers involved. Without this information we will be unable to locate "
            "responsive records.")
    feats = _feats(text)
    assert "strong:no_records" not in feats
    assert classify(Letter(body=text)).label == "clarification_needed"


def test_records_maintained_by_this_office_are_not_held_by_another_body():
    feats = _feats("A search of the records maintained by this office located 57 pages, which are enclosed.")
    assert "label:referral" not in feats


def test_a_reply_laid_out_as_question_and_answer_is_read_as_an_answer():
    text = ("Thank you for your request for information received on 2 May 2022. Your request has been handled under "
            "the Freedom of Information Act 2000.\n\nYou asked: How many charging points does the council own?\n\n"
            "Response: The council owns 48 charging points across 12 car parks.")
    assert ("production_final", "questions answered") in _cue_names(text)
    assert classify(Letter(body=text)).label == "production_final"


@pytest.mark.parametrize("text", [
    "Please see the attached letter of extension.",
    "Good afternoon, attached is our acknowledgment of your FOIA request.",
    "You will receive an email when your request has been completed.",
])
def test_release_wording_that_hands_over_another_kind_of_letter_or_speaks_of_later_is_taken_back(text: str):
    assert "label:production_final" not in _feats(text)


@pytest.mark.parametrize("text", [
    "Enclosed are 45 pages of records. Additional records are undergoing consultation with other agencies.",
    "Attached is the video footage you requested. The incident reports are still being redacted and will be "
    "provided in a separate email.",
])
def test_a_release_with_more_stated_to_come_is_interim(text: str):
    assert classify(Letter(body=text)).label == "production_interim"


def test_a_second_and_final_partial_release_is_final():
    text = "Attached please find our 2nd & final partial response to your FOIA request."
    assert "label:production_interim" not in _feats(text)


def test_a_quoted_request_ends_where_the_office_speaks_again():
    text = ("Your request was assigned the tracking number above. You have requested: all emails of the director "
            "that mention drones, from May 2021 to the present. We searched the director's mailbox for that range. "
            "That search turned up the enclosed record, which is responsive to your request.")
    feats = _feats(text)
    assert "label@quoted:production_final" not in feats
    assert feats.get("label@body:production_final", 0.0) > 0


@pytest.mark.parametrize("text", [
    "Subject: Request 22-9981 needs your attention\n\nThe City has asked a question about your request: do you want "
    "the final report only, or the drafts as well? Reply in the portal.",
    "The Department is unable to identify the records you seek. Please provide the full name of the individual and "
    "the approximate date of the incident.",
    "Records about a third party cannot be released without that person's written consent. If you are the subject of "
    "the records, please send a copy of a photo ID so that we can verify your identity.",
])
def test_a_question_the_requester_must_answer_is_action_needed(text: str):
    subject, _, body = text.rpartition("\n\n")
    assert classify(Letter(subject=subject.removeprefix("Subject: "), body=body)).label == "clarification_needed"


def test_an_optional_word_alone_between_gaps_may_be_absent():
    assert split_gaps("cannot ~2 to? ~2 produce ~6 within") == (["cannot", "produce", "within"], [5, 6])
    text = "We cannot produce the information you requested within ten business days."
    assert ("extension", "late reply announced") in _cue_names(text)


@pytest.mark.parametrize(("text", "label"), [
    ("The City received your public records request on March 1. Under Government Code section 7922.535, the City "
     "will determine within 10 days whether your request seeks disclosable records. In unusual circumstances the "
     "City may extend this period by up to 14 days.", "acknowledgement"),
    ("We cannot produce the information you requested within ten business days. We will make the responsive "
     "information available to you on or before July 15, 2023.", "extension"),
    ("Our records staff are still working through a large number of emails for your request. We are going to need "
     "a couple more weeks.", "extension"),
    ("The Sheriff's Office is a separate agency from the County and maintains its own records. I have forwarded your "
     "request to the Sheriff's records unit, and they will contact you directly.", "referral"),
    ("The information you have requested is not held by this authority. It may be held by the Department for "
     "Education, and I would suggest that you contact them.", "referral"),
    ("We are still reviewing records in response to your request. We anticipate that we will be able to respond on or "
     "before June 15, 2023.", "extension"),
    ("Please find attached Part 1 of the documents responsive to your request. The City anticipates producing "
     "additional records by March 3, 2023.", "production_interim"),
    ("You requested expedited processing of your request. After reviewing your justification, we find that you have "
     "not established a compelling need. Your request will be processed in the simple queue.", "expedite_denied"),
    ("Record request #R002233-091922 has been closed. The closure reason supplied was: Records provided. Please log "
     "in to the Records Center to view the documents.", "production_final"),
    ("We located 34 pages of records responsive to your request. After careful review, all 34 pages are exempt "
     "from disclosure in their entirety under Exemptions 6 and 7(C), and we are withholding them in full.", "denial"),
    ("The video you requested relates to an incident under active investigation. It is not a public record at this "
     "time.", "denial"),
    ("I have now completed the internal review you asked for and have decided to uphold the decision to withhold "
     "the information.", "appeal_related"),
    # an acknowledgement that names its due date, or the extension the law allows
    ("Subject: Public Records Request Received\n\nYour public records request has been received. The estimated "
     "completion date for your request is 02/15/2023. You will be notified when records are available.",
     "acknowledgement"),
    ("The City received your request on 10/3/22. Responsive records will be provided by 10/17/22, or you will be "
     "notified of the need for additional time.",
     "acknowledgement"),
    ("This will acknowledge receipt of your Freedom of Information Law request. We will grant or deny your request "
     "within 20 business days, or if that is not possible, we will tell you the date by which we will respond.",
     "acknowledgement"),
    ("The statutory period for responding to your request will expire on June 29, 2022. However, because of the need "
     "to search for and collect records from field facilities, we are unable to complete our response by that date. We "
     "expect to send you a response no later than July 14, 2022.", "extension"),
    ("Dear Ms Patel, Thank you for your email requesting information. Your request is being handled under the Freedom "
     "of Information Act 2000 and we aim to respond within 20 working days, by 14 December 2022.", "acknowledgement"),
    # a question asked outright inside an acknowledgement
    ("We received your request for \"all records related to the park\". Can you help us understand what types of "
     "records you are looking for? For example, maintenance records, contracts, or meeting minutes?",
     "clarification_needed"),
    ("Hello, we received your request. Is there a particular date range you are interested in? Our system can only "
     "search a year at a time.", "clarification_needed"),
    ("We'll need a bit more info to find what you're looking for: the address or the parcel number would help.",
     "clarification_needed"),
    ("Your request has been received. However, the Department requires that requests for personnel records include a "
     "signed release from the employee. Please submit the release so we can proceed.", "clarification_needed"),
    ("Dear Mr. Olsen, We have received your request and need to confirm one thing before we begin: do you want copies "
     "of the full case file, or only the final report?", "clarification_needed"),
    # a reminder answered by pointing at the answer already given
    ("Hi, as noted in my last email, the Water District responded to this request on March 14, 2023. I am attaching "
     "our earlier response once more so you have it handy.", "other"),
    ("Subject: RE: Follow up\n\nWe already responded to this request. A copy of our previous response is attached.",
     "other"),
    ("In addition to the records previously released to you on May 1, enclosed are the remaining 40 pages. This "
     "completes our response.", "production_final"),
    ("Dear Requester, After reviewing the records responsive to your request, we have determined that none of the "
     "records can be released, as they are part of an active criminal investigation.", "denial"),
    ("We need additional time to complete your request. We expect to release the records by March 1, 2023.",
     "extension"),
    # where a request stands, told in answer to a follow-up: a note; more promised with nothing released is no part
    ("Ms. Ortega, As of today, request 23-0481 is with the records unit, which is still running the search. Thank "
     "you for your inquiry.", "other"),
    ("Hello, I spoke with the records custodian today and she is still compiling the documents. I will follow up "
     "next week.", "other"),
    ("Thank you for checking in. The request is still open and under review by our legal team.", "other"),
    ("We have processed 500 pages of potentially responsive records and are releasing them to you with redactions. We "
     "will continue processing your request and will release records on a monthly basis until complete.",
     "production_interim"),
    # a federal acknowledgement's standing papers and fee rules are no release and no fee to pay
    ("This acknowledges receipt of your FOIA request, assigned number 2023-0456. Enclosed is a copy of our FOIA "
     "regulations and a brochure describing our fee categories.", "acknowledgement"),
    ("This letter acknowledges receipt of your FOIA request, received on May 5, 2022 and assigned tracking number "
     "EPA-R5-2022-00456. Your request falls under the \"other\" fee category; you will be charged for search time "
     "beyond two hours and duplication beyond 100 pages. If fees are expected to exceed $25, we will contact you "
     "before incurring costs.", "acknowledgement"),
    ("We were unable to identify records responsive to your request. Please see the enclosed FOIPA Addendum for "
     "standard responses applicable to all requests.", "no_records"),
    # a referral however the request is passed on; a procedural note is no refusal
    ("Dear Requester, The Department of Public Works is not the custodian of the records you requested. The Police "
     "Department is the custodian of those records and your request has been transferred to them.", "referral"),
    ("Your request was misdirected to this office. We have sent it on to the U.S. Marshals Service, which is the "
     "component likely to have responsive records.", "referral"),
    ("Good morning, This office does not handle public records requests. Please submit your request to the City "
     "Clerk at clerk@city.example.gov.", "other"),
    # a grant or refusal of expedited processing or a fee waiver put as qualifying or not
    ("We have reviewed your justification and determined that your request qualifies for expedited processing.",
     "expedite_granted"),
    ("After reviewing your request, we have determined that you meet the criteria for a fee waiver. No fees will be "
     "charged.", "fee_waiver_granted"),
    ("You asked that we waive fees for this request. We have determined that you do not qualify for a fee waiver "
     "because you have not shown how the information will contribute to public understanding.", "fee_waiver_denied"),
    ("Subject: Public Records Request :: P002233-110322\n\nThe City has responded to your public records request. "
     "Please log in to the Public Records Center to view the response.", "portal_notice"),
    ("Hi, I wanted to let you know the records will take a little longer than expected. I should have them for you by "
     "the end of next week.", "extension"),
    ("Good morning, Our legal team is still reviewing the documents. We anticipate the production will be ready by "
     "October 31.", "extension"),
    ("Thank you for your request. Your request has been placed in the complex processing track. Complex requests "
     "typically take longer than 20 business days to complete.", "acknowledgement"),
    ("Subject: FOIA Request Submitted Successfully\n\nYour FOIA request has been successfully submitted to the "
     "Department of Labor. Your tracking number is DOL-2023-000123. Please retain this number for future reference.",
     "acknowledgement"),
    ("Subject: Request withdrawn\n\nWe received your email withdrawing your request. Your request has been closed.",
     "other"),
    ("The Department has determined that the requested documents are protected by the deliberative process privilege. "
     "We are therefore withholding them. A copy of the relevant statute is enclosed.", "denial"),
    ("Your request for records relating to Jane Doe is denied. The requested records pertain to a juvenile, and "
     "release is prohibited by Welfare and Institutions Code section 827.", "denial"),
    ("Your request is granted in part and denied in part: we attach the responsive emails with redactions, and "
     "attorney-client communications are withheld in full under Section 552.107.", "production_final"),
    ("Subject: Records Request 22-1182 - Extension\n\nGood afternoon, We are still gathering the responsive records "
     "and need until December 9 to provide them to you. Thank you for your patience.", "extension"),
    # an appeal decided about a fee waiver is an appeal decided
    ("Re: Appeal No. 2023-045. Your request for a waiver of fees is denied on appeal. You may seek judicial review in "
     "federal district court.", "appeal_related"),
    ("Dear Mr. Hale, I have considered your appeal of the denial of your request for a fee waiver. Your request does "
     "not meet the public interest standard, and the fee waiver denial is upheld.", "appeal_related"),
    ("Our search of the Police Department's records found no reports matching your description. We will continue to "
     "check with the Fire Department and will let you know if they locate anything.", "no_records"),
    ("Dear Requester, With respect to item 1 of your request, no responsive records were located. Items 2 and 3 are "
     "still being processed, and we will respond to them separately.", "no_records"),
    ("Got it, thanks. We'll get back to you within 10 days.", "acknowledgement"),
    ("Received. I will let you know when the records are ready.", "acknowledgement"),
    ("We have nothing on file for that address.", "no_records"),
    ("Subject: Action Required: Request 22-4470\n\nYour request is on hold pending your response to our message of "
     "11/10/2022. Please log in to the portal and reply.", "clarification_needed"),
    ("We are unable to process your request because it does not include a mailing address, which our statute "
     "requires. Please provide one.", "clarification_needed"),
    # the rest waited for or promised makes a part; more only if more is found does not
    ("Attached are the first 100 emails. More to follow.", "production_interim"),
    ("Enclosed are 60 pages. The balance of the records will be provided once our review is complete.",
     "production_interim"),
    ("Attached is the incident report. The body camera video requires redaction and will be released when that "
     "process is finished.", "production_interim"),
    ("This is the first of three responses to your request. Enclosed please find 200 pages of records.",
     "production_interim"),
    ("Dear Requester, Enclosed are 88 pages. Some records have been sent to the Department of Justice for "
     "consultation, and we will respond regarding those records once the consultation is complete.",
     "production_interim"),
    ("Hello, I've uploaded the 2020 reports. I'll upload 2021 and 2022 next week.", "production_interim"),
    ("The attached documents are responsive to part 1 of your request. We are still working on part 2.",
     "production_interim"),
    ("Attached are the records from the Police Department. We are awaiting records from the Fire Department and "
     "will forward them when received.", "production_interim"),
    ("Dear Requester: This is our final response to your request. We located 60 pages and are releasing them with "
     "redactions under Exemption 6. Should additional responsive records be located, we will provide them to you.",
     "production_final"),
    ("Attached are 20 pages. We will not release the remainder, which is exempt under Section 7(A). You may appeal.",
     "production_final"),
    ("The City has completed its search and the records are attached. If additional records are found, they will "
     "be forwarded.", "production_final"),
    ("Your request for fire department records has been sent to the Fire Department for consultation and direct "
     "response to you.", "referral"),
])
def test_a_whole_letter_of_the_family_gets_its_label(text: str, label: str):
    assert classify(Letter(body=text)).label == label


@pytest.mark.parametrize(("text", "action"), [
    ("Hi, thank you for your payment of $15.00, which we received today. Your request is now being finalized.",
     "fee_notice"),
    ("This request has been closed because the invoice was not paid within 60 days.", "fee_notice"),
    ("As we have not heard back from you regarding the clarification we requested on September 1, your request has "
     "been closed. You are welcome to submit a new request at any time.", "clarification_needed"),
    ("This request has been closed because we did not receive a response to our request for clarification.",
     "clarification_needed"),
])
def test_a_payment_made_or_a_request_closed_for_want_of_a_payment_or_an_answer_asks_nothing_now(text: str, action: str):
    assert f"strong:{action}" not in _feats(text)
    assert classify(Letter(body=text)).label == "other"


@pytest.mark.parametrize("text", [
    "Please see the attached letter regarding your request.",
    "Attached is a letter concerning your records request.",
    "See attached.",
    "Your request has been received and can be viewed at any time by logging into the portal. Documents will be "
    "available for download here when your request is complete.",
    "Thank you for your records request. Responsive documents, once available, will be posted to the portal.",
])
def test_a_letter_handed_over_or_records_still_to_come_are_not_a_release(text: str):
    feats = _feats(text)
    assert "label:production_final" not in feats
    assert "label:final" not in feats


@pytest.mark.parametrize("text", [
    "So we cannot release the records you asked for.",
    "We can't provide the records you asked for.",
])
def test_a_contraction_in_a_pattern_matches_the_tokens_it_is_split_into(text: str):
    assert ("denial", "withheld") in _cue_names(text)


@pytest.mark.parametrize("text", [
    "Your records are ready. The charge for this request is $8.40. To receive the records, please submit a check in "
    "the amount of $8.40 made out to the Town of Milford.",
    "Hi, I have the records you requested, about 400 pages. The cost would be $60 for paper copies or $15 for a "
    "flash drive. Which would you prefer?",
    "We are releasing the first 100 pages free of charge. The remaining 1,150 pages will cost $115.00 to duplicate. "
    "Please let us know if you would like us to proceed with the remaining pages.",
    "Copy costs: 45 pages x $.25 = $11.25. Please mail a check.",
    "Please send $7.50 to cover the cost of postage and copying and we will mail the report.",
    "I have the records ready for you; it will be $3 for the copies. You can pay when you pick them up.",
])
def test_a_price_to_pay_however_stated_makes_a_fee_notice(text: str):
    assert classify(Letter(body=text)).label == "fee_notice"


@pytest.mark.parametrize(("subject", "body"), [
    ("NextRequest: Request 23-4471 - Message from the City",
     'A message has been added to request 23-4471:\n\n"Hello, before we begin searching, we want to confirm the '
     'scope. Are you seeking only final reports, or also drafts and emails? Please respond within 10 business days '
     'or the request will be closed."\n\nView the request in the portal.'),
    ("Your FOIAonline request EPA-2023-001122 requires your attention",
     "The agency has requested additional information regarding your FOIA request. Please log in to FOIAonline to "
     "view the message and respond. If you do not respond within 30 days, your request may be closed."),
])
def test_a_portal_notice_that_carries_a_question_is_action_needed(subject: str, body: str):
    assert classify(Letter(subject=subject, body=body)).label == "clarification_needed"


def test_a_portals_quoted_message_is_the_offices_words_not_the_request():
    text = ('A message has been added to request 23-4471:\n\n"Hello, we want to confirm the scope. Are you seeking '
            'only final reports, or also drafts and emails?"')
    body, parts = letter_text(Letter(body=text), MAX_CHARS)
    assert parts.quoted == ()


def test_see_attached_above_an_attached_acknowledgement_is_not_a_release():
    letter = Letter(body="See attached.\n\nRecords Office",
                    attachments_text=("Dear Requester: This letter acknowledges receipt of your request dated May 2, "
                                      "2023, which has been assigned number 2023-0412.",))
    body, parts = letter_text(letter, MAX_CHARS)
    feats = features(load_pipeline()(body)._.cues, parts, body, portal=False)
    assert "label:production_final" not in feats
    assert feats.get("cover_points_at_attachment") == 1.0
    assert classify(letter).label == "acknowledgement"


@pytest.mark.parametrize("text", [
    "Your request has been received by the Office of the General Counsel. We will contact you if we need any "
    "clarification.",
    "This is to acknowledge that your FOIA request was received on May 1, 2023. Your request has been placed in the "
    "complex track. You may narrow your request to move it to the simple track.",
])
def test_a_question_the_office_might_ask_one_day_is_not_a_question_now(text: str):
    assert "strong:clarification_needed" not in _feats(text)
    assert classify(Letter(body=text)).label == "acknowledgement"


@pytest.mark.parametrize("text", [
    "Good morning, Attached is the parking management agreement you asked about. Let me know if you have trouble "
    "opening it.",
    "Hi there, here's the incident report. Thanks!",
    "The minutes from the March and April board meetings are attached to this email.",
    "I've attached the permits and the inspection log. Hope this helps.",
    "Good afternoon, I'm sending over the three bid tabulations you requested. That's everything we have on this "
    "project.",
    "Copies of the requested permits accompany this letter.",
    "Thank you for your request. The documents responsive to your request may be found in the attached PDF.",
    "Your requested documents have been sent to you by mail to the address on file.",
    "Attached please find the City's production in response to your request. The City considers your request "
    "closed.",
    "I have fulfilled your request. Please let me know if there is anything else.",
    "Please find the information you requested below.\nNumber of fines issued in 2021: 4,512",
    "Good afternoon, the requested report is on the website at the link below.",
    "The City has reviewed the records and determined they are public records. Copies are being mailed to you today.",
    "Good morning, the body cam videos were uploaded to the Dropbox folder shared with you.",
    "Good afternoon, Please find a copy of the police report for the incident you requested.",
    "Records attached. Thank you.",
    "See the attached PDF.",
    "Attaching the documents you requested.",
])
def test_records_handed_over_are_a_release_whatever_they_are_called(text: str):
    assert classify(Letter(body=text)).label == "production_final"


@pytest.mark.parametrize("text", [
    "This acknowledges receipt of your request, which has been assigned number 2023-FOIA-00123. A copy of your "
    "request is attached for your reference.",
    "Hello, we are sending this email to inform you that our office will be closed on November 24 for the "
    "holiday. Responses may be delayed.",
    "We have received your request and are working on it. The records will be mailed to you when they are ready.",
    "Please contact your assigned FOIA specialist, who is included in this e-mail.",
    "A copy of this determination is attached for your files.",
    "More information about the Freedom of Information Act is available at our website.",
    "After you pay the $18.40 still owed, we will release the records to you.",
    "If all of the records we located are released, the copying charge will come to $9.80.",
    "The Township expects it will be able to send you every responsive record by the end of April.",
    "A notification was sent to you about request 23-5120.",
    "We received your request today. We will send the records next week if they are available.",
    "Your request as written would require a search of every email account. Please narrow the date range. "
    "Attached is a form you may use to revise your request.",
])
def test_the_requesters_own_letter_a_form_or_the_message_itself_handed_over_is_not_a_release(text: str):
    assert "label:production_final" not in _feats(text)


def test_no_other_records_closes_a_release_it_does_not_find_nothing():
    text = "The audit report and management letter are attached. No other records were located."
    assert "strong:no_records" not in _feats(text)
    assert classify(Letter(body=text)).label == "production_final"


@pytest.mark.parametrize(("text", "label"), [
    ("Good afternoon, Your request for the autopsy report is respectfully declined. Autopsy reports are "
     "confidential under state law.", "denial"),
    ("Dear Requester, We cannot confirm or deny the existence of records responsive to your request, as doing so "
     "would itself reveal information protected by Exemption 7(C).", "denial"),
    ("After review, the District has determined that the records you seek are student records protected by FERPA. "
     "Therefore, we are unable to fulfill your request.", "denial"),
    ("In accordance with 5 ILCS 140/7(1)(c), the requested disciplinary records are being withheld because their "
     "disclosure would be an unwarranted invasion of personal privacy.", "denial"),
    ("Hello, unfortunately these records are not public. The Sheriff's Office is not required to produce "
     "investigative files.", "denial"),
    ("Our records show no contracts with the vendor named in your request during that period.", "no_records"),
    ("The Appeals Office has remanded your request to the component for a further search. The component will send "
     "you a new response.", "appeal_related"),
    ("Dear Requester, please find attached the records we have located so far. We continue to search for "
     "additional records and will supplement this response.", "production_interim"),
    ("Attached are the records responsive to your request. Social security numbers are withheld pursuant to "
     "Section 119.071(5).", "production_final"),
])
def test_a_refusal_nothing_found_a_remand_or_a_release_to_be_supplemented_however_worded(text: str, label: str):
    assert classify(Letter(body=text)).label == label



@pytest.mark.parametrize(("text", "label"), [
    ("The requested recording was not retained and was overwritten in the normal course of business after 30 "
     "days.", "no_records"),
    ("To help us find the records, please tell us the full name and date of birth of the person involved.",
     "clarification_needed"),
    ("Good afternoon. Which incident report are you requesting? We have three for that address. Please advise.",
     "clarification_needed"),
    ("Attached are the records we have been able to gather to date. Additional records from the Parks Department "
     "will be sent when received.", "production_interim"),
    ("Dear Requester, this is the third monthly production in response to your request. Please find the enclosed "
     "500 pages.", "production_interim"),
    ("The Department has completed its review of your request for reconsideration and has decided to release the "
     "documents.", "appeal_related"),
])
def test_records_not_kept_a_question_asked_more_to_come_or_a_reconsideration_however_worded(text: str, label: str):
    assert classify(Letter(subject="", body=text)).label == label


def test_an_invoice_paid_asks_for_no_payment():
    letter = Letter(subject="Invoice paid", body="We have received your payment. Thank you.")
    assert classify(letter).label == "other"




@pytest.mark.parametrize(("subject", "body", "label"), [
    ("Request 22-5505 closed", "Your request 22-5505 has been closed. Closure reason: Withdrawn by requester.", "other"),
    ("Request 22-5504 closed", "Request 22-5504 has been closed. Closure reason: No responsive records exist.",
     "no_records"),
    ("Request 22-5507 closed", "Your request 22-5507 has been closed. Closure reason: The records are exempt from "
     "disclosure as part of an ongoing investigation.", "denial"),
    # FOIAonline's final dispositions
    ("FOIA Request DOL-2023-000789 has been processed", "DOL-2023-000789 has been processed with the following final "
     "disposition: Full denial based on exemptions.", "denial"),
    ("FOIA Request NARA-2023-000111 has been processed", "NARA-2023-000111 has been processed with the following final "
     "disposition: No records.", "no_records"),
    ("FOIA Request EPA-2023-001235 has been processed", "EPA-2023-001235 has been processed with the following final "
     "disposition: Request withdrawn.", "other"),
    ("FOIA Request DOI-2023-000456 has been processed", "DOI-2023-000456 has been processed with the following final "
     "disposition: Partial grant/partial denial.", "production_final"),
])
def test_a_portals_closure_reason_decides_the_label(subject: str, body: str, label: str):
    assert classify(Letter(subject=subject, body=body)).label == label


def test_no_cue_pattern_joins_a_bracketed_group_to_a_word_alternation():
    # "by|on|[later than]" expands to "by|on| later than": the group's words become a required sequence
    from nlp.cuebank import CUES
    joined = [p for _, _, _, patterns in CUES for p in patterns if "|[" in p or "]|" in p]
    assert joined == []


@pytest.mark.parametrize(("subject", "body"), [
    # "FOI request" holds the letters of "I request": an introduction must start a word
    ("Your FOI request", "Dear Ms Wood, The information you asked for is published on our website and can be accessed "
     "at the link below."),
    # a letter wrapped at 72 characters breaks its lines anywhere, also after "you requested"
    ("", "Good afternoon,\nThe City has gathered the records you requested\nand they are attached to this email. This "
     "completes our response."),
])
def test_the_offices_own_words_are_not_read_as_the_request_quoted_back(subject: str, body: str):
    _, parts = letter_text(Letter(subject=subject, body=body), MAX_CHARS)
    assert parts.quoted == ()


def test_a_request_quoted_after_an_introduction_that_wraps_its_line_is_still_the_requesters():
    body = ("I note you seek\naccess to the following information:\n\n* all records of cancelled appointments\n\n"
            "We do not hold this information.")
    text, parts = letter_text(Letter(body=body), MAX_CHARS)
    assert [text[start:end].strip()[:5] for start, end in parts.quoted] == ["* all"]


def test_a_uk_cost_limit_refusal_is_a_denial_not_a_fee_to_pay():
    text = ("We estimate that the cost of complying with your request would exceed the appropriate limit of £450 set "
            "out in the Fees Regulations. Section 12 of the Act therefore means we are not obliged to comply with your "
            "request.")
    assert "strong:fee_notice" not in _feats(text)
    assert classify(Letter(body=text)).label == "denial"


@pytest.mark.parametrize(("message", "label"), [
    ("Please find attached an estimated invoice for preparation of the materials. Please remit payment of $42.50 "
     "before the records are released.", "fee_notice"),
    ("Our office found the records you asked for; you can inspect them once you log in to your portal account.",
     "production_final"),
])
def test_a_portals_document_released_wrapper_lets_the_message_it_carries_decide(message: str, label: str):
    body = f"A document has been released for record request #22-1771 along with the following message:\n\n{message}"
    assert classify(Letter(subject="[Records Center] Request #22-1771", body=body)).label == label



def test_a_ligature_copied_from_a_pdf_reads_as_its_letters():
    assert classify(Letter(body="This is our \ufb01nal response. We were unable to \ufb01nd any records responsive to your "
                                "request.")).label == "no_records"


def test_a_letter_with_mail_line_breaks_reads_as_with_plain_ones():
    body = "Dear Requester,\n\nYou requested:\n\nall emails about the park.\n\nWe found no records.\n\nRecords Office"
    plain = letter_text(Letter(body=body), MAX_CHARS)
    assert letter_text(Letter(body=body.replace("\n", "\r\n")), MAX_CHARS) == plain


def test_the_request_quoted_under_a_mail_clients_attribution_line_is_the_requesters():
    body = ("Hello,\n\nAttached are the records you requested.\n\nThanks,\nClerk\n\nOn Tue, Nov 8, 2022 at 10:15 AM "
            "Jane Doe <jane@example.org> wrote:\n> Please provide all contracts. Please clarify if anything is "
            "unclear.\n> Sincerely, Jane")
    feats = _feats(body)
    assert "label:clarification_needed" not in feats
    assert classify(Letter(body=body)).label == "production_final"


def test_a_portals_request_description_field_is_the_requesters_words():
    letter = Letter(subject="Request 23-1112 received",
                    body="Request Description: Copies of all denial letters and fee estimates issued by the Planning "
                         "Department, and all records released to the public in 2022.\n\nYour request has been received "
                         "and is being processed.")
    assert classify(letter).label == "acknowledgement"


def test_the_appeal_deadline_of_a_decision_is_not_an_appeal_number():
    text = "You may file an appeal; we must have your appeal no later than 60 days from the date of this letter."
    assert ("appeal_related", "appeal decided or received") not in _cue_names(text)


def _written(phrase: list[str]) -> tuple[str, int]:
    """A phrase of pattern tokens as a letter would print it (a clitic joined to the word before; one that
    starts the phrase after a word of its own), and how many tokens that added word makes."""
    lead = ["do"] if phrase[0] == "n't" else ["it"] if phrase[0].startswith("'") else []
    text = ""
    for token in lead + phrase:
        text += token if text and (token.startswith("'") or token == "n't") else f" {token}" if text else token
    return text, len(lead)


def test_every_cue_phrase_is_a_sequence_of_tokens_the_tokenizer_makes():
    # a pattern word the tokenizer splits ("no." -> no ., "non-existence" -> non - existence, "6253(c)" -> 6253(c ))
    # was a phrase that could never match
    from nlp.cuebank import CUES
    from nlp.patterns import expand, literal_phrases

    tokens = load_pipeline().tokenizer.tokens
    dead = []
    for _, name, _, patterns in CUES:
        for pattern in patterns:
            for variant in expand(pattern):
                for segment in split_gaps(variant)[0]:
                    for phrase in literal_phrases(segment) or []:
                        text, lead = _written(phrase)
                        if [t for t in tokens(text)[2] if t.strip()][lead:] != phrase:
                            dead.append((name, text))
    assert dead == []
