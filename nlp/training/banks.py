"""Phrase banks for the example letters: agencies, forms, and what each kind of reply says.

Written for this project from general knowledge of public-records correspondence. Placeholders:
{agency} {num} {date} {date2} {amount} {pages} {days} {other_agency} {topic} {law}
"""

from __future__ import annotations

AGENCIES = [
    ("U.S. Immigration and Customs Enforcement", "federal", "{y}-ICFO-{n5}"),
    ("Federal Bureau of Investigation", "federal", "{n7}-000"),
    ("U.S. Customs and Border Protection", "federal", "CBP-{y}-{n6}"),
    ("Environmental Protection Agency", "federal", "EPA-R{d}-{y}-{n6}"),
    ("Department of State", "federal", "F-{y}-{n5}"),
    ("Executive Office for U.S. Attorneys", "federal", "EOUSA-{y}-{n6}"),
    ("Drug Enforcement Administration", "federal", "{yy}-{n5}-F"),
    ("Department of Veterans Affairs", "federal", "{yy}-{n5}-FOIA"),
    ("National Park Service", "federal", "NPS-{y}-{n5}"),
    ("Federal Aviation Administration", "federal", "{y}-{n5}"),
    ("California Department of Justice", "state", "PRA-{y}-{n4}"),
    ("New York State Police", "state", "FOIL-{y}-{n4}"),
    ("Texas Department of Public Safety", "state", "PIR-{yy}-{n4}"),
    ("Illinois State Board of Education", "state", "{yy}-{n3}"),
    ("Washington State Patrol", "state", "P{n6}-{mmddyy}"),
    ("Massachusetts State Police", "state", "R{n6}-{mmddyy}"),
    ("City of Oakland", "city", "{yy}-{n4}"),
    ("City of San Diego", "city", "{yy}-{n4}"),
    ("Chicago Police Department", "police", "P{n6}"),
    ("Seattle Police Department", "police", "P{n6}-{mmddyy}"),
    ("Dallas Police Department", "police", "D{n6}-{mmddyy}"),
    ("Cook County Sheriff's Office", "police", "CCSO-{y}-{n4}"),
    ("Los Angeles Unified School District", "school", "PRR-{y}-{n4}"),
    ("Denver Public Schools", "school", "ORR-{n4}"),
    ("Fairfax County Public Schools", "school", "FOIA-{yy}-{n3}"),
    ("Metropolitan Police Service", "uk", "{y}{n6}"),
    ("Home Office", "uk", "FOI {n5}"),
    ("Manchester City Council", "uk", "FOI-{n6}"),
    ("Ministry of Defence", "uk", "FOI{y}/{n5}"),
    ("University of Michigan", "school", "FOIA-{yy}-{n3}"),
]

LAWS = {
    "federal": ["Freedom of Information Act (FOIA)", "FOIA", "Freedom of Information Act, 5 U.S.C. 552"],
    "state": ["Public Records Act", "Freedom of Information Law", "Public Information Act", "open records law"],
    "city": ["Public Records Act", "public records request", "California Public Records Act"],
    "police": ["public records request", "Public Records Act", "open records request"],
    "school": ["public records request", "Freedom of Information Act", "records request"],
    "uk": ["Freedom of Information Act 2000", "FOI request", "Freedom of Information request"],
}

TOPICS = [
    "use of force reports", "contracts with surveillance vendors", "emails about the budget",
    "training materials for officers", "complaints against staff", "payroll data",
    "records about facial recognition software", "drone program records", "meeting minutes",
    "inspection reports", "communications with a contractor", "policies on data retention",
    "travel records of senior officials", "body camera footage", "procurement records",
]

NAMES = ["Ms. Rivera", "Mr. Chen", "Dr. Okafor", "Ms. Novak", "Mr. Haddad", "Requester", "Mx. Lindqvist"]

OPENERS = ["Dear {name},", "Dear {name}:", "Good morning,", "Good afternoon,", "Hello,", "Hi,",
           "Dear Requester,", "Dear Sir or Madam,", "Greetings,", ""]

REF_LINES = ["RE: {law} Request {num}", "Re: Request No. {num}", "Our reference: {num}", "Request #{num}",
             "Subject: {topic}", "RE: Your request dated {date}", "Tracking number: {num}", ""]

CLOSERS = ["Sincerely,", "Regards,", "Thank you,", "Best regards,", "Respectfully,", "Kind regards,", "Thanks,"]

SIGNATURES = [
    "{agency}\nFOIA Office", "Records Unit\n{agency}", "Public Records Officer\n{agency}\n(555) 010-2000",
    "FOIA Officer\n{agency}\nfoia@agency.example.gov", "Legal Assistant, Office of General Counsel\n{agency}",
    "Custodian of Records\n{agency}", "Information Governance Team\n{agency}",
]

# Sentences any reply may carry; they say nothing about the decision.
BOILERPLATE = [
    "If you have any questions, please contact our FOIA Public Liaison at (555) 010-2200.",
    "Please include the request number in all future correspondence.",
    "You may contact the Office of Government Information Services (OGIS) for mediation services.",
    "This message and any attachments may contain confidential information.",
    "Thank you for your patience.",
    "Under state law, e-mail addresses are public records.",
    "Our office hours are Monday through Friday, 8:00 a.m. to 5:00 p.m.",
    "We appreciate your interest in {agency}.",
    "Please do not hesitate to reach out with any questions.",
    "Your request sought {topic}.",
    "You requested {topic} from {date} to {date2}.",
    "The request was submitted through our online portal.",
    "For more information about the {law}, visit our website.",
]

CORE: dict[str, list[str]] = {
    "acknowledgement": [
        "This letter acknowledges receipt of your {law} request dated {date}.",
        "We have received your request for {topic} and it has been assigned tracking number {num}.",
        "Your request was received in this office on {date} and assigned request number {num}.",
        "This email confirms that your records request has been received and logged as {num}.",
        "Thank you for your request. It has been assigned reference number {num}; please use it when contacting us.",
        "The {agency} received your {law} request on {date}. Your request is being processed.",
        "Your request has been assigned to an analyst and will be processed in the order in which it was received.",
        "We are currently working on your request and will respond within {days} business days.",
        "I write to confirm that your request for information was received on {date}.",
        "Your request has been logged under case number {num}. A determination will be made within the time allowed by law.",
        "We acknowledge your request and have begun searching for responsive records.",
        "This is to let you know we received your request and it is in our queue.",
    ],
    "expedite_denied": [
        "Your request for expedited processing is denied.",
        "After careful consideration, we have determined that your request does not meet the criteria for expedited processing.",
        "You have not demonstrated a compelling need; therefore, expedited treatment is denied.",
        "Your request for expedited processing has been denied because you did not show an urgency to inform the public.",
        "We are unable to grant expedited processing, and your request will be handled in the order received.",
    ],
    "expedite_granted": [
        "Your request for expedited processing has been granted.",
        "We have determined that your request meets the standard for expedited treatment, and it is granted.",
        "Expedited processing is approved, and your request has been placed in the expedited track.",
        "We grant your request for expedited processing.",
    ],
    "fee_notice": [
        "The estimated fee to process your request is ${amount}.",
        "We estimate the cost of search and duplication at ${amount}; please confirm that you agree to pay this amount.",
        "Before we can proceed, an advance payment of ${amount} is required.",
        "Please remit ${amount} by check or money order payable to the {agency}.",
        "The total amount due for the records is ${amount}. The records will be released upon receipt of payment.",
        "Attached is an invoice for ${amount} for the {pages} pages of copies.",
        "Processing will be suspended until you confirm in writing your willingness to pay the estimated fees of ${amount}.",
        "The cost estimate for this request is ${amount}, based on staff time at an hourly rate.",
        "A fee of ${amount} has been assessed. Once payment is received we will send the documents.",
        "The remaining balance of ${amount} must be paid before the records are released.",
    ],
    "fee_waiver_denied": [
        "Your request for a fee waiver is denied.",
        "We have determined that you have not shown that disclosure is in the public interest, and your fee waiver request is denied.",
        "We cannot grant the requested fee waiver because the request is primarily in your commercial interest.",
        "The request for a waiver of fees has been denied.",
    ],
    "fee_waiver_granted": [
        "Your request for a fee waiver has been granted.",
        "We have determined that disclosure is likely to contribute significantly to public understanding, and your fee waiver is granted.",
        "All fees have been waived for this request.",
        "We grant your request for a waiver of fees.",
    ],
    "production_interim": [
        "This is our first interim release of records responsive to your request; {pages} pages are enclosed.",
        "Please find attached the second installment of responsive records. Additional records are still being reviewed.",
        "We are releasing records on a rolling basis. The next production is expected by {date2}.",
        "Enclosed is a partial release of {pages} pages. We continue to process the remaining records.",
        "Attached is the third production of documents responsive to your request; more records will follow.",
        "A portion of the records responsive to your request has been uploaded to the portal. We will provide the rest as they are reviewed.",
        "This interim response includes {pages} pages released in part. Processing of your request continues.",
    ],
    "production_final": [
        "This is the final response to your {law} request.",
        "Attached are the records responsive to your request. This completes our response.",
        "Enclosed are {pages} pages, released in part with redactions pursuant to the applicable exemptions.",
        "The responsive documents are attached. Your request is now complete.",
        "The records answering your request are attached for you to review.",
        "We have completed our review; {pages} pages are released in full and {pages} pages are released in part.",
        "All responsive records have been uploaded to the portal and your request has been fulfilled.",
        "Attached is the report you requested.",
        "The documents you requested are available for download at the link below. This concludes our response.",
        "Certain information has been redacted under the personal privacy exemption; the remaining records are enclosed.",
    ],
    "no_records": [
        "A thorough search was conducted, but no records responsive to your request were located.",
        "We did not find any records responsive to your request.",
        "The {agency} does not maintain the records you requested.",
        "After searching our files, we were unable to locate any documents matching your description.",
        "There are no responsive records.",
        "We do not have any records of that kind.",
        "The information you requested is not held by this office.",
        "Our search produced no responsive documents.",
        "This office has no records regarding {topic}.",
        "The department does not collect or keep that data.",
    ],
    "denial": [
        "Your request is denied because the records are exempt from disclosure in their entirety.",
        "The records are withheld in full pursuant to the law enforcement exemption.",
        "We can neither confirm nor deny the existence of records responsive to your request.",
        "The requested records are not subject to disclosure under state law, and your request is denied.",
        "After review, we must deny your request because the records are confidential personnel files.",
        "The information is exempt, and we are withholding all responsive records.",
        "We are refusing your request under section 14 because it is vexatious.",
        "The records you seek are confidential by statute and cannot be released.",
    ],
    "clarification_needed": [
        "Your request is too broad as written. Please narrow the scope so we can conduct a search.",
        "Could you please clarify which records you are seeking?",
        "We need additional information to process your request, such as a date range or the names of the individuals involved.",
        "Please confirm whether you are still interested in this request. If we do not hear from you within {days} days, we will administratively close it.",
        "Your request does not reasonably describe the records sought. Please provide more specific details.",
        "If you wish to continue with this request, please let us know by {date2}.",
        "We have not received a response to our request for clarification. Please reply within {days} days or the request will be closed.",
        "Please specify the time period and the department for the records you want.",
    ],
    "extension": [
        "We are extending the time to respond to your request by {days} working days due to unusual circumstances.",
        "Because your request requires a search in field offices, we are invoking a 10-day extension.",
        "We will need additional time to respond. The new estimated completion date is {date2}.",
        "Due to the volume of records, we are unable to meet the original deadline and expect to respond by {date2}.",
        "Pursuant to the statute, the agency is taking a 14-day extension to determine whether the records are disclosable.",
        "The estimated date of completion for your request has been updated to {date2}.",
        "We require an extension of time to consult with another agency that has an interest in the records.",
    ],
    "referral": [
        "We have referred your request to the {other_agency}, which will respond to you directly.",
        "Records responsive to your request originated with another agency, and we have forwarded them to the {other_agency} for a direct response.",
        "Your request has been transferred to the {other_agency}, the appropriate component to handle it.",
        "This office is not the custodian of those records; we suggest you contact the {other_agency}.",
        "Please direct your request to the {other_agency}, which maintains these records.",
        "Part of your request was referred to the {other_agency} for processing.",
    ],
    "appeal_related": [
        "We have received your administrative appeal and assigned it appeal number {num}.",
        "This responds to your appeal of the agency's initial determination on your request.",
        "After review, your appeal is denied and the initial decision is affirmed.",
        "Your appeal has been granted in part and remanded to the component for further processing.",
        "This letter acknowledges receipt of your appeal dated {date}.",
        "We have completed our review of your appeal and affirm the decision to withhold the records.",
    ],
    "portal_notice": [
        "Your one time passcode is 482913. Please enter it to log in to your account.",
        "Please verify your email address to activate your portal account.",
        "The status of your request has changed. Log in to the portal to view details.",
        "A new message has been posted to your request. Please log in to view it.",
        "Your request security key is shown below. Keep it for future reference.",
        "This is an automated message. Please do not reply to this email.",
        "Click the link below to reset your password.",
        "You can track the status of your request online at any time.",
        "The due date for your request has been changed.",
    ],
    "other": [
        "I am out of the office until Monday with limited access to email.",
        "Thank you for your email. I will forward it to the right person.",
        "This is a test message to confirm your address.",
        "Please call me when you have a moment to discuss.",
        "I would like to recall the previous message.",
        "Your message could not be delivered to one or more recipients.",
        "Thanks for the update; we will keep you posted.",
        "Happy holidays from all of us at the records office.",
    ],
}

# Pairs of labels that often arrive in one letter: (primary, secondary).
COMBOS = [
    ("acknowledgement", "expedite_denied"), ("acknowledgement", "fee_waiver_granted"),
    ("acknowledgement", "fee_waiver_denied"), ("acknowledgement", "extension"),
    ("acknowledgement", "referral"), ("expedite_denied", "acknowledgement"),
    ("production_final", "no_records"), ("production_interim", "extension"),
    ("fee_notice", "no_records"), ("no_records", "referral"), ("referral", "no_records"),
    ("denial", "portal_notice"), ("production_final", "portal_notice"), ("portal_notice", "acknowledgement"),
    ("portal_notice", "fee_notice"), ("clarification_needed", "acknowledgement"),
    ("appeal_related", "denial"), ("appeal_related", "no_records"), ("production_final", "fee_waiver_granted"),
    ("fee_notice", "fee_waiver_denied"),
]
