"""Each label pinned by letters written for these tests (not the dev letters, not the training banks)."""

from __future__ import annotations

import json

import pytest

from nlp import Letter, read

CASES = [
    ("acknowledgement", "FOIA request received",
     "Dear Ms. Park,\nThe Department of Labor received your FOIA request on March 3, 2024. It has been given "
     "control number 2024-LAB-00417. We will contact you if we need anything further.\nFOIA Staff"),
    ("acknowledgement", "",
     "Thank you for submitting a public records request to the Town of Brookfield. Your request has been "
     "logged and our clerk is reviewing it."),
    ("expedite_denied", "Request 24-00331-F",
     "We have reviewed your request for expedited processing. You have not shown an imminent threat to life or "
     "an urgency to inform the public, so expedited processing is denied. Your request remains in the complex queue."),
    ("expedite_granted", "",
     "Your request for expedited processing has been approved and the request was moved to the expedited track."),
    ("fee_notice", "Cost estimate",
     "The Sheriff's Office estimates the cost of producing the video at $212.00 (4 hours of redaction). "
     "Please let us know if you wish to proceed; payment is required before release."),
    ("fee_notice", "",
     "Your records are ready. The balance due is $18.40 for 184 copies. Checks should be made payable to the "
     "City Treasurer."),
    ("fee_waiver_denied", "",
     "You asked that all fees be waived. Because you have not explained how the records would contribute to "
     "public understanding, the fee waiver request is denied."),
    ("fee_waiver_granted", "",
     "We have reviewed your justification and your request for a fee waiver is granted."),
    ("production_interim", "Installment 3",
     "Enclosed is our third installment of records, 118 pages released in part. We continue processing the "
     "remaining pages and expect to send the next installment in about 30 days."),
    ("production_final", "Response to your records request",
     "Good afternoon, attached please find the incident reports you requested. Personal information has been "
     "redacted. This completes your request."),
    ("production_final", "",
     "This is the final response to your request. The Agency located 42 pages; 40 pages are released in full "
     "and 2 pages are released in part."),
    ("no_records", "",
     "Hello, after a diligent search the Parks Department could not locate any records responsive to your request."),
    ("no_records", "",
     "We do not maintain a list of the kind you describe, and we are not required to create one."),
    ("denial", "",
     "The records you requested are part of an open criminal investigation and are withheld in their entirety."),
    ("denial", "",
     "Your request is denied. The documents are attorney-client privileged communications and are not subject "
     "to disclosure."),
    ("clarification_needed", "",
     "Your request for all emails of the department is too broad. Please identify the employees, keywords and "
     "date range so that we can search."),
    ("clarification_needed", "Are you still interested?",
     "We sent you a question about your request on May 1. Please tell us whether you are still interested; "
     "otherwise the request will be administratively closed on June 1."),
    ("extension", "",
     "Because the records are stored at a regional facility, we need an extension of ten working days. We now "
     "expect to respond by April 30, 2024."),
    ("referral", "",
     "The records you asked for belong to the State Police. We have forwarded your request to the State Police "
     "records office, which will respond directly."),
    ("appeal_related", "Appeal No. A-2024-00212",
     "This responds to your administrative appeal. After review, we affirm the agency's action on your request."),
    ("portal_notice", "Verify your account",
     "Please verify your email address to activate your account on the Public Records Portal. This is an "
     "automated message; do not reply."),
    ("other", "",
     "Hi, I'm forwarding this to our records clerk, who will get back to you."),
]


@pytest.mark.parametrize(("label", "subject", "body"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_each_label_on_letters_of_our_own(label, subject, body):
    c = read(Letter(subject=subject, body=body)).classification
    assert c.label == label, (c.label, c.secondary_labels, c.cues)


def test_one_letter_can_decide_several_things():
    c = read(Letter(body=(
        "This acknowledges receipt of your FOIA request dated June 2, 2024, which was assigned number "
        "2024-HQFO-00999. Your request for expedited processing is denied. Your request for a fee waiver is granted."
    ))).classification
    assert c.label == "expedite_denied"
    assert {"acknowledgement", "fee_waiver_granted"} <= set(c.secondary_labels)


def test_auto_replies_are_other_with_a_reason_from_the_headers():
    c = read(Letter(subject="Your records request", body="We received your request.",
                    headers={"auto-submitted": "auto-replied"})).classification
    assert c.label == "other" and "Auto-Submitted" in c.reason


def test_a_portal_email_about_released_documents_is_a_production():
    c = read(Letter(subject="[Document Released] City of Springfield public records request #24-101",
                    sender="support@nextrequest.com",
                    body="Documents have been released for record request #24-101. All responsive records have been uploaded.")).classification
    assert c.label in {"production_final", "production_interim"} and "portal_notice" in c.secondary_labels


def test_the_cues_explain_the_decision():
    c = read(Letter(body="No records responsive to your request were located.")).classification
    assert c.label == "no_records" and any("no records found" in cue for cue in c.cues)


def test_classify_json_prints_one_line_per_file_in_the_documented_shape(cli, tmp_path):
    letter = tmp_path / "fee.txt"
    letter.write_text("Subject: FOIA 2020-ICFO-12345\nThe estimated fee for your request is $25.00. "
                      "Your request was received on June 10, 2020.\n")
    code, out, err = cli("classify", "--json", str(letter))
    assert code == 0, err
    (line,) = out.splitlines()
    row = json.loads(line)
    assert list(row) == ["path", "label", "secondary_labels", "confidence", "needs_review", "cues",
                         "tracking_numbers", "dates", "fee_amount"]
    assert row["label"] == "fee_notice" and row["tracking_numbers"] == ["2020-ICFO-12345"]
    assert row["fee_amount"] == 25.0
    assert {"text": "June 10, 2020", "date": "2020-06-10", "role": "received"} in [
        {k: d[k] for k in ("text", "date", "role")} for d in row["dates"]]
