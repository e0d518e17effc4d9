"""Dates with their meaning.

Candidate spans are found by patterns (fast, no false "may"/"we"), parsed with fixed formats, and
only then handed to dateparser. The role comes from the words around the date:

    sent             the letter's own date: a date before the salutation of its letter
    received         when the agency received the request
    due              when the agency says it will respond or produce next (future tense)
    extension_until  a new deadline set by an extension
    respond_by       a deadline on the requester ("please let us know by", "within 30 days of this letter")
    other            anything else (request dates, past events, record date ranges)

Relative deadlines resolve against the letter's date (or the email's Date header), and so does
the year of a date printed without one ("on Monday, May 1").
"""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from nlp.extract.sentences import sentence_around
from nlp.extract.zones import number_zones
from nlp.letter import DateMention

_MONTHS = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|"
    r"Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
)
# Months as typed in a hurry or read by OCR; only ever read with a day and a year.
_MONTH_TYPOS = ("Janurary|Janaury|Januray|Febuary|Feburary|Februrary|Febraury|Aprl|Apirl|Augsut|Agust|Augst|Septmber|"
                "Setpember|Sepember|Septemeber|Septernber|Ocotber|Ocober|0ctober|Novmber|Novemeber|Novernber|Decmber|"
                "Decemeber|Decernber")
_MONTH_TYPO = re.compile(rf"\b(?:{_MONTH_TYPOS})\b", re.I)
_STAMP_MONTH = r"(?-i:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)"
_CANDIDATE = re.compile(  # the lookahead skips positions no date can start at
    rf"(?=[\dJFMASONDjfmasond])\b(?:{_STAMP_MONTH}\s+[0-3] \d \d{{4}}(?!\d)"  # JAN 1 8 2018: a stamp read by OCR (maybe a line apart)
    rf"|(?:{_MONTHS}|{_MONTH_TYPOS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:\s?,\s*|\s+)\d{{4}}"  # June 10, 2020 / May 22,2023
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:day\s+)?(?:of\s+)?(?:{_MONTHS}|{_MONTH_TYPOS})\.?,?\s+\d{{4}}"  # 10 June 2020, 10th day of June, 2020
    r"|\d{1,2}\s+(?-i:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+\d{2}(?!\d|:\d)"  # 9 Mar 22
    r"|(?<![\w/.-])(?:\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})|\d{1,2}-\d{1,2}-\d{4}|\d{1,2}\.\d{1,2}\.\d{4})(?![\w/-]|\.\d)"  # 6/10/2020, 6-10-2020, 10.06.2020
    r"|(?<![\w/.-])\d{4}[-/]\d{2}[-/]\d{2}(?![\w/-])"  # 2020-06-10, 2020/06/10
    rf"|(?<![\w/.-])\d{{1,2}}-{_MONTHS}-(?:\d{{4}}|\d{{2}})(?![\w/-])"  # 10-Jun-2020, 10-JUN-20
    rf"|{_MONTHS},?\s+\d{{4}}"  # June 2020, June, 2020 (a month)
    rf"|(?<![\d/]){_MONTHS}\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?![\d,]*\s*\d{{4}})(?!\d)(?!:\d)"  # May 1 (no year)
    rf"|(?<![\d/,.]\s)(?<![\d/,.])\d{{1,2}}(?:st|nd|rd|th)?\s+(?!May\b){_MONTHS}(?![\w.,]*\s*\d))\b",  # 1 June (no year)
    re.I,
)
# A month and day in figures without a year ("by 12/2") is a date only after a word that calls for one.
_NUMERIC_NO_YEAR = re.compile(
    r"\b(?:on|by|before|until|through|thru|due|received|dated|since|after|today|tomorrow|of)\s+"
    r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?,?\s+)?"
    r"(?P<d>(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01]))(?![\d/]|\.\d|\s*(?:of|pages?|hours?)\b)", re.I)
_FORMATS = ("%d-%b-%Y", "%d-%b-%y", "%d-%B-%Y", "%d-%B-%y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%m/%d/%Y", "%m/%d/%y", "%Y-%m-%d",
            "%d/%m/%Y", "%d/%m/%y",  # 30/07/2010: a day first where the month cannot be
            "%m-%d-%Y", "%d-%m-%Y", "%Y/%m/%d", "%d %m %Y", "%d %b %y")
_MONTH_FORMATS = ("%B %Y", "%b %Y")

# ... or a greeting that is only the requester's name with a title: "Ms. Doe:", "Mr. John Smith,"
_TITLED_NAME = r"(?-i:(?:Mr|Mrs|Ms|Mx|Dr|Messrs)\.?\s+[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+){0,2}\s*[:,][ \t]*$)"
_SALUTATION = re.compile(rf"^\s*(?:Dear\b|To whom\b|Hello\b|Hi\b|Good (?:morning|afternoon|evening)\b|Greetings\b|Re:|RE:|Subject:|{_TITLED_NAME})", re.M | re.I)
_GREETING = re.compile(rf"^\s*(?:Dear\b|To whom\b|Hello\b|Hi\b|Good (?:morning|afternoon|evening)\b|Greetings\b|{_TITLED_NAME})", re.M | re.I)
_NOT_SENT = re.compile(r"(?:received|receipt|dated|of|on|by|until|from|through|to|since|before|after|between|and|thru)\W*$", re.I)
_DATE_LABEL = re.compile(
    r"(?:^|\n|[ \t]{3}|\t)\s*(?:Date|Dated|Sent|Date (?:responded|sent|issued|of (?:this )?(?:letter|response|reply))|"
    r"(?:Response|Letter|Reply) date)\s*:?\s*$", re.I)

# A letterhead flattened onto one line ends with the agency's ZIP code or telephone number; the letter's date follows.
_LETTERHEAD_END = re.compile(r"(?:\b\d{5}(?:-\d{4})?|\(?\b\d{3}\)?[ .-]?\d{3}[ .-]\d{4})\s*$")
# A date set in its own column after a wide gap: "Via email          Monday, May 1, 2023".
_COLUMN_GAP = re.compile(r"\S[ \t]{4,}(?:[A-Za-z]+day,?[ \t]*)?$")
# ... unless the column is a field of a table: "Date received        May 1, 2023".
_FIELD_NAME = re.compile(r"\b(?:date|request\w*|receiv\w*|due|submit\w*|deadline|closed|created|updated|complet\w*|"
                         r"open\w*|modified|status)\b", re.I)
# Dates in a list of attached files or links ("May 2004 agenda.pdf") say nothing about the request.
_FILE_LINE = re.compile(r"\.(?:pdf|docx?|xlsx?|csv|zip)\b|https?://", re.I)

_B = 200  # characters of context read before a date
_HEAD = 3000  # a letter's date and salutation stand in its first characters

# "The due date was changed from May 1 to": the second date is the new one, not the end of a range.
_CHANGED_FROM_TO = re.compile(
    r"\b(?:due date|deadline|response date|completion date)\b[^.;]{0,60}?\b(?:changed|moved|reset|pushed|postponed|"
    r"adjusted|updated|extended)\s+from\b[^.;]{0,40}?\bto\s*:?\s*$", re.I)
_EXTENSION_UNTIL = re.compile(
    r"\b(?:due date|deadline|response date|completion date)\b[^.;]{0,60}?\b(?:changed|moved|reset|pushed|"
    r"postponed|adjusted|updated)\s+(?:back\s+)?(?:to|until)\s*:?\s*$"
    r"|\b(?:date|deadline)\b[^.;]{0,20}?\b(?:is|has been|will be)\s+now\s*:?\s*$"
    # "it is now due on", "the response is now expected by"
    r"|\b(?:is|are)\s+now\s+(?:due|expected|scheduled|estimated|anticipated|set)\b[^.;]{0,20}?\b(?:on|by|for|to|until)?\s*$"
    r"|\b(?:delay\w*|postpon\w*)\b[^.;]{0,60}?\b(?:until|to)\s*$"
    r"|\b(?:additional|further|more|another)\s+(?:\w+\s+){0,3}?(?:days?|weeks?|time)\b[^.;]{0,40}?\b(?:until|through|thru)\s*$"
    r"|\b(?:extend\w*|extension|toll\w*|new|revised|updated|amended)\b[^.;]{0,80}?(?:until|to|through|by|is|now|of|:|date|estimate)\s*(?:now\s*)?$", re.I)
_BY = r"(?:by|before|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|until)"
_RESPOND_BY = re.compile(
    r"(?:(?:(?:please|kindly)(?!\s+(?:be\s+advised|be\s+aware|note|know|see|find|expect)\b)|you|your)\b[^.;]{0,100}?"
    r"\b(?:respond\w*|reply|replies|confirm\w*|answer|decision|(?:write|get) back|"
    r"pay|payment|remit\w*|clarif\w*|interest\w*|withdraw\w*|submit\w*|response)"
    rf"[^.;]{{0,60}}?\b{_BY}"
    # what the requester must do with the records: "if you do not pick up the copies by"
    rf"|\byou\s+(?:\w+\s+){{0,3}}?(?:pick\s*up|collect|claim|retrieve|download|sign|return|postmark\w*)\b[^.;]{{0,60}}?\b{_BY}"
    rf"|(?:please|kindly)\s+(?:\w+\s+){{0,2}}?(?:provide|send|return|sign|submit|make|mail|e-?mail|advise|indicate|"
    rf"inform|tell|notify|write|call|contact|complete|narrow|specify|select|choose|download|pick\s*up|collect|claim|retrieve)\b"
    rf"[^.;]{{0,80}}?\b{_BY}"
    # the request waits for the requester: "we will hold your request open until"
    rf"|\b(?:hold|keep|leave|remain)\w*\s+(?:\w+\s+){{0,3}}?open\s+(?:\w+\s+){{0,4}}?(?:until|through|to)"
    # records kept for the requester to collect: "we will hold the records for you until"
    rf"|\b(?:hold|keep|retain)\w*\s+(?:the\s+|these\s+|your\s+)?(?:records?|documents?|files?|materials?|copies|packet)\s+(?:\w+\s+){{0,4}}?(?:until|through)"
    rf"|(?:let (?:us|me) know|notify (?:us|me|this office)|hear from you|contact (?:us|me|this office))[^.;]{{0,160}}?\b{_BY}"
    # what the requester must send: "the requested information must be provided to us no later than"
    rf"|\b(?:must|should|needs?\s+to)\s+be\s+(?:provided|sent|returned|submitted|received|delivered|mailed|e-?mailed|signed)\s+"
    rf"(?:and\s+\w+\s+)?(?:to|by|at)\s+(?:us|me|this\s+office|our\s+office|the\s+\w+(?:\s+\w+)?)\b[^.;]{{0,40}}?\b{_BY}"
    # what the agency asks for: "we would appreciate a reply by", "we need your decision by"
    rf"|\b(?:we|I)\s+(?:would\s+)?(?:appreciate|need|require|request|ask\s+for|look\s+forward\s+to)\s+(?:\w+\s+)?"
    rf"(?:a|an|your|the)\s+(?:\w+\s+)?(?:response|reply|answer|decision|payment|clarification|confirmation)\b[^.;]{{0,40}}?\b{_BY}"
    r"|if (?:we|the \w+|this office)\s+(?:are|is) not (?:contacted|notified|advised)[^.;]{0,40}?\b(?:by|before)"
    # an order at the head of its clause: "Reply by May 1 or the request is closed"
    rf"|(?:^|[:!?\n])\s*(?:respond|reply|write back|confirm|pay|remit|submit|return|clarify)\b[^.;]{{0,60}}?\b{_BY}"
    r"|(?:if|should) (?:we|the \w+|this office)\s+(?:do(?:es)? not|don'?t|doesn'?t|ha(?:ve|s) not|haven'?t|hasn'?t|not)\s+"
    r"(?:hear|heard|receive[ds]?|get|gotten)[^.;]{0,80}?\b(?:by|before)"
    r"|unless (?:we|the \w+|this office)\s+(?:hear|receive[ds]?|get)[^.;]{0,80}?\b(?:by|before)"
    rf"|(?:absent|without|in the absence of|lacking) (?:a|any|your|such) (?:response|reply|payment|clarification|word)[^.;]{{0,20}}?\b{_BY}"
    rf"|\b(?:response|reply|answer|decision|payment|clarification|confirmation|word) from you\b[^.;]{{0,40}}?\b{_BY}"
    r"|\b(?:your|the\s+requester'?s?)\s+(?:\w+\s+)?(?:response|reply|answer|clarification|confirmation|decision|payment)\s+"
    r"(?:is|will\s+be)\s+due\s*(?:on|by|no\s+later\s+than|on\s+or\s+before)?"
    rf"|failure to (?:respond|reply|pay|provide|clarify|submit|confirm|return)\w*[^.;]{{0,60}}?\b{_BY}"
    rf"|(?:payment|deposit|balance|fees?|invoice|amount|estimate|bill)\s+(?:[\w$.,]+\s+){{0,3}}?(?:is|are|must be|should be|will be)\s+"
    rf"(?:due|made|paid|remitted|submitted|received)\b(?:[^.;]{{0,40}}?\b{_BY})?"
    r"|(?:payment|deposit|balance)\s+due(?:\s+date)?\s*:?"
    # what the requester owes must reach the agency: "the fee must reach us no later than"
    rf"|(?:payment|deposit|balance|fees?|check|cheque|remittance|(?:your|the requester'?s?)\s+(?:\w+\s+)?"
    rf"(?:response|reply|answer|clarification|confirmation|decision|form))\s+(?:\w+\s+){{0,3}}?"
    rf"(?:must|should|needs?\s+to|has\s+to|is\s+to)\b[^.;]{{0,40}}?\b{_BY}"
    r"|if (?:no|a|your|the)? ?(?:response|reply|payment|deposit|fee|clarification|confirmation)s? (?:is|are|has|have) not (?:been )?"
    r"(?:received|paid|submitted|made|remitted)[^.;]{0,40}?\b(?:by|before)"
    r"|if no (?:response|reply|payment) is received[^.;]{0,40}?\b(?:by|before)"
    r"|(?:response|reply|payment|clarification)\s+(?:must|should)\s+be\s+received[^.;]{0,40}?\b(?:by|before|no\s+later\s+than)"
    r"|deadline (?:to|for) (?:respond|reply|pay|clarif)\w*(?:\s+\w+){0,3}\s+(?:is|of)"
    r"|deadline for (?:your|a|the requester'?s?) (?:response|reply|payment|clarification|decision)\s+(?:is|of|:)"
    r"|you have until"
    r"|(?:(?:request|file|case|matter)\s+(?:will|shall|may|would)\s+be\s+(?:\w+\s+)?(?:closed|withdrawn)"
    r"|clos(?:e|ing|ure of)\s+(?:your|the|this)\s+(?:request|file|case))[^.;]{0,60}?\b(?:on|after|by)\b[^.;]{0,20}?)\s*$",
    re.I)
_AGENCY_ACTS = re.compile(
    r"\b(?:we|will|shall|agency|office|department|expect\w*|anticipat\w*|intend\w*|plan\w*|aim\w*)\b(?:(?!\byour?\b)[^.;]){0,30}?"
    r"(?<!\ba\s)(?<!\ban\s)(?<!\bthe\s)\b(?:respond|reply|provide|produce|send|sent|release|complete|answer|process|"
    r"fulfil|fill|deliver|issue|mail|e-?mail|make\s+(?:\w+\s+)?available)\w*"
    r"\b[^.;]{0,80}?\b(?:by|on|before|until|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|around|about|approximately)\s*$"
    # "Please expect a response by": what the agency will send
    r"|\bexpect\s+(?:a|an|our|the|its|this office'?s)\s+(?:\w+\s+){0,2}?(?:response|reply|answer|decision|determination|"
    r"records?|production|release|installment|documents)\b[^.;]{0,40}?"
    r"\b(?:by|on|before|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|around|about|approximately)\s*$"
    # what the requester will get: "you can expect a response by"
    r"|\byou\s+(?:can|will|should|may)\s+(?:expect|receive|anticipate|hear)\b[^.;]{0,80}?"
    r"\b(?:by|on|before|no\s+later\s+than|not\s+later\s+than|on\s+or\s+before|around|about|approximately)\s*$", re.I)
# A trailing weekday or emphasis between the words and the date: "on *Thursday, March 17*".
_WEEKDAY_TAIL = re.compile(
    r"[*_\s]*(?:\b(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)\.?),?)?[*_\s]*$", re.I)
# An hour between a deadline's words and its day: "by close of business on", "no later than 5:00 p.m. (ET) on".
_HOUR_TAIL = re.compile(
    r"(?<=\s)(?:the\s+)?(?:close\s+of\s+business|end\s+of\s+(?:the\s+)?(?:business\s+|work(?:ing)?\s+)?day|COB|EOD|"
    r"midnight|noon|\d{1,2}(?::\d{2})?\s*(?:[ap]\.?\s?m\b\.?|o'?clock)(?:\s*\(?(?:[ECMP][SD]?T|Eastern|Central|Mountain|"
    r"Pacific|local)(?:\s+time)?\)?)?|(?:the\s+)?week\s+of"
    # a day counted and then named: "by the 20th business day, March 29", "on the tenth working day (i.e."
    r"|(?:the\s+)?\w+(?:st|nd|rd|th)?[- ](?:business|working|calendar)[- ]days?(?:\s+(?:after|from|following)\s+"
    r"(?:\w+\s+){0,3}?(?:receipt|received|request))?(?:\s*,?\s*(?:which\s+is|that\s+is|i\.e\.,?))?)\s*,?\s*(?:on\s*)?(?:the\s+)?$", re.I)
# A date used as an adjective names a letter or request: "your April 20 appeal".
_DATE_AS_NAME = re.compile(
    r"^[*_]*,?\s*(?:(?:Freedom|of|Information|Act|Privacy|Public|Open|Records?|FOIA|FOIL|FOI|PRA|CPRA|OPRA|"
    r"\((?:FOIA|PA|FOIL)\)|/|and|(?-i:[A-Z]{2,6}))\s*){0,7}(?:request|appeal|letter|email|e-mail|correspondence|"
    r"submission|application|response|reply|message)s?\b", re.I)
# Portal summaries: "Date Submitted: 10/21/2019", "Received Date: ...".
_FIELD_RECEIVED = (r"(?:Date\s+(?:Submitted|Received|Filed|Created)|(?:Submitted|Submit|Received|Filed|Created?)\s+(?:Date|On)"
                   r"|(?:Request\s+)?(?:Submitted|Received))")
_RECEIVED_LABEL = re.compile(
    rf"(?:Date\s+(?:Submitted|Received|Filed|Created)|(?:Submitted|Submit|Received|Filed|Created?)\s+(?:Date|On))\s*:\s*$"
    rf"|(?:^|\n)[\s*•-]*(?-i:(?=[A-Z])){_FIELD_RECEIVED}\s*:?\s*$", re.I)  # a field's name is capitalised
# A portal's field for the requester's deadline: "Reply By: 03/03/2024".
_RESPOND_BY_LABEL = re.compile(r"(?:^|\n)[\s*•-]*(?-i:(?=[A-Z]))(?:Reply|Respond|Response\s+Requested|Payment\s+Required)\s+By\s*:?\s*$", re.I)
# "... on May 1 as the official receipt date", "May 1 is the date of receipt".
_RECEIPT_AFTER = re.compile(
    r"^[*_]*,?\s*(?:receipt|delivery)\s+of\s+(?:your|the|this|a)\b"
    r"|^[*_]*,?\s*(?:as|is|will be|was)\s+(?:the|our|its)\s+(?:\w+\s+)?(?:(?:receipt|received|perfected)\s+date|date\s+of\s+receipt)"
    r"|^[*_]*,?\s*(?:is|was)\s+the\s+(?:date|day)\s+(?:on\s+which\s+|that\s+)?(?:we|the\s+\w+|this\s+office|our\s+office)\s+"
    r"(?:received|logged)", re.I)
# A link or a download that lapses ("the link will expire on", "available for download until"), or an event
# that is not the request's.
_LAPSES = re.compile(r"\b(?:expire[sd]?|expiring|expiration|deleted|removed|purged|destroyed|"
                     r"(?:available|accessible)\s+(?:\w+\s+){0,3}?until|"
                     # events that are not the request's: "the board will meet on", "the rule takes effect on"
                     r"meet|convene|be\s+held|take\s+effect|takes\s+effect|effective|reopen)\b[^.;]{0,20}$", re.I)
# The agency's deadline named right before its day: "the statutory response date is", "the response period ends",
# "the next production is scheduled for".
_NAMED_DUE = re.compile(
    r"\b(?:(?:statutory|response|reply|answer|determination|completion|production|release)\s+(?:\w+\s+)?(?:date|deadline)\s*(?:is|:|will\s+be)"
    r"|(?:response|reply|answer|determination|statutory|\w+[- ](?:calendar[- ]|business[- ]|working[- ])?day)\s+(?:\w+\s+)?"
    r"(?:time\s+)?period\s+(?:ends|expires|closes|runs\s+(?:until|through|to))(?:\s+on)?"
    r"|(?:production|release|installment|response|reply|completion|delivery|determination)\b[^.;]{0,30}?\b"
    r"(?:is|are|has\s+been|have\s+been|was)\s+(?:scheduled|set|slated|planned|targeted)\s+(?:for|on))\s*$", re.I)
# Offices closed for a holiday: "the office will be closed on Friday, Nov. 25".
_OFFICE_CLOSED = re.compile(r"\b(?:closed|closing|closure|holiday)\b[^.;]{0,12}$", re.I)
# A number after "#" or "No." is a reference, not a date: "Request #03/04/2022".
_NUMBER_SIGN = re.compile(r"(?:#|\bNo\.?|\bNumber)\s*:?\s*$", re.I)
_PAST = re.compile(r"(?:\b(?:originally|previously|original|earlier|prior|initial(?:ly)?)\b[^.;]{0,60}?"
                   # a promise reported as history: "in which we estimated that we would respond by"
                   r"|\b(?:estimated|said|told\s+you|informed\s+you|indicated|stated|advised\s+you|anticipated|expected|promised)"
                   r"\s+(?:that\s+)?(?:we|it|the\s+\w+|this\s+office|a\s+response)\s+would\b[^.;]{0,60}?)\s*$", re.I)
# What was done on a day: "we sent you a fee letter on", "the office released 40 pages to you on", "the
# request was closed on" (but "the records will be sent to you on" is promised: see _FUTURE).
_PAST_ACT = re.compile(
    r"\b(?:sent|mailed|emailed|e-mailed|provided|issued|dated|wrote|written|responded|replied|answered|gave|given|made|"
    r"released|produced|delivered|completed|closed|forwarded|referred|notified|informed|asked|requested|posted|uploaded|"
    r"processed|conducted|searched|located|found|denied|granted|approved|was|were)\s+(?:[\w$'’-]+,?[ \t]+){0,6}?(?:on|dated|of)\s*$",
    re.I)
# A promise or a plan in the clause: what follows is future, whatever the verb's form ("will be provided on").
_FUTURE = re.compile(r"\b(?:will|shall|would|going\s+to|expect\w*|anticipat\w*|plan\w*|hope|intend\w*|aim\w*|"
                     r"scheduled|to\s+be|should)\b", re.I)
_RANGE_END_YEAR = re.compile(
    rf"\s*(?:-|–|to|through|thru|until|and)\s*(?:{_MONTHS}\.?\s+)?\d{{1,2}}(?:st|nd|rd|th)?(?:\s+{_MONTHS}\.?)?,?\s+"
    r"((?:19|20)\d{2})\b", re.I)
_RANGE_BEFORE = re.compile(r"(?:from|between)\s*$|\d\s*(?:thru|through|to|-|–|and)\s*$", re.I)
_RANGE_AFTER = re.compile(r"^\s*(?:thru|through|to|-|–|and|until)\s+(?:\w+\.?\s+)?\d", re.I)
# Another event named between "received" and the date is the date's own: "request dated May 1 and
# modified on", "the request you sent on".
# ... and so is a payment received: "we received your check on" is not the request's receipt.
_OTHER_EVENT = (r"(?!\b(?:modified|revised|amended|submitted|sent|mailed|filed|clarified|narrowed|withdrawn|"
                r"payments?|checks?|cheques?|deposits?|money\s+orders?|remittances?|fees?)\b)")
_ARRIVED = (r"|receiving|arrived|came\s+(?:in|to|into)|was\s+delivered\s+to|(?:date|day)\s+of\s+receipt"
            r"|got\s+(?:your|the|this)\s+(?:\w+\s+)?request"
            r"|(?:routed|forwarded|transferred|referred|assigned)\s+to\s+(?:this|our)\s+(?:\w+\s+)?(?:office|unit|division|section|"
            r"department|agency|component|bureau)")
# Words of what the agency will do stand between "received" and a promised date: "we received many
# requests, so we will respond by".
_PROMISE_WORD = (r"(?!\b(?:will|shall|would|expect\w*|anticipat\w*|respond\w*|reply|answer\w*|complet\w*|releas\w*|"
                 r"provid\w*|produc\w*|send|need|must|should|please|estimat\w*|intend\w*|plan\w*)\b)")
# A time counted from the receipt is not its date: "within 20 days of receipt (by May 1)".
_COUNTED_FROM = r"(?=[rlpacwdgft])(?<!\bof )(?<!\bfrom )(?<!\bafter )(?<!\bupon )(?<!\bon )"  # the lookahead: speed
_WEEKDAY_ON = re.compile(rf"{_COUNTED_FROM}(?:received|receipt|logged|docketed|perfected|reached\s+(?:us|our|this|the){_ARRIVED})\b(?:{_OTHER_EVENT}{_PROMISE_WORD}[^.;]){{0,100}}?\bon\s*$", re.I)
_RECEIVED = re.compile(
    rf"{_COUNTED_FROM}(?:received|receipt|logged|docketed|perfected|reached\s+(?:us|our|this|the){_ARRIVED})\b(?:(?!\brequest (?:of|dated)\b){_OTHER_EVENT}{_PROMISE_WORD}[^.;]){{0,70}}$", re.I)
# A receipt denied: "we have no record of receiving a request on", "I do not see that the office received a request on".
_NOT_RECEIVED = re.compile(
    r"\b(?:not|never|no\s+record\s+of|no\s+indication|unable\s+to\s+(?:find|locate|confirm))\b[^.;]{0,40}?"
    r"\b(?:receiv\w*|got|reached)\b[^.;]{0,60}$", re.I)
_SAME_DAY_RECEIPT = re.compile(
    r"[*_]*,?\s*(?:and\s+)?(?:(?:was|were|it\s+was|(?:which|that)\s+(?:we|the\s+\w+|this\s+office|our\s+\w+))\s+)?(?:received|logged|reached\s+us)\b[^.;]{0,40}?\b(?:the\s+same\s+day|that\s+(?:same\s+)?day)\b", re.I)
# Records, not the request, received: "the unit received 45 pages from the county on".
_RECEIVED_THINGS = re.compile(
    # (not the office that received the request: "received by the Records Access Officer on")
    r"\breceived\s+(?!(?:by|in|at|into|through|via)\b)(?:(?!your\b|an?\b)\w+\s+){0,3}"
    r"(?:pages|records|documents|files|materials|responses|e-?mails|data|footage|videos?|photos|boxes)\b"
    r"(?![^.;]{0,40}\brequest)[^.;]{0,80}$", re.I)
_ON_END = re.compile(r"(?:^\s*|\bthat\s+|[\n:]\s*)on\s*$", re.I)  # "On May 1, the office received", "that on May 1, ..."
_RECEIVED_AFTER = re.compile(r"^[*_]*,[*_]*\s*(?:the\s+)?(?:[\w.&'-]+\s+){1,4}?(?:received|logged)\s+(?:your|the|a)\b", re.I)
# When the requester sent it, even inside "we acknowledge receipt of the request you submitted on".
_SUBMITTED_ON = re.compile(
    r"\b(?:you|requester)\s+(?:\w+\s+){0,2}?(?:submitted|filed|sent|made|emailed|e-mailed|mailed|placed)\b"
    r"(?:(?!receiv)[^.;]){0,80}?\b(?:on|dated)\s*$", re.I)
_RECEIVED_RANGE = re.compile(r"\breceived\s+(?:before|after|since|prior to|between)\s*$", re.I)  # a class of requests
_REQUEST_DATE = re.compile(r"(?:request|letter|email|e-mail|correspondence|application)\s+(?:\w+\s+)?(?:of|dated|from|submitted on)\s*$|\bdated\s*$", re.I)
_DUE = re.compile(
    r"\b(?:is|are|will be)\s+(?:\w+ly\s+|still\s+)?due\s*(?:on\s+or\s+before|by|on|before|no\s+later\s+than|not\s+later\s+than)?\s*$"
    r"|\bneed\w*\s+(?:\w+\s+){0,3}?until\s*$"
    # what the law allows the agency: "the City has until", "a response is required by", "the custodian must respond by"
    r"|\b(?:we|it|the\s+\w+|this\s+\w+|agency|department|office)\s+(?:has|have)\s+until\s*$"
    r"|\b(?:a|our|the|its|an)\s+(?:\w+\s+)?(?:response|reply|determination|decision|answer)\s+(?:is|are)\s+(?:required|owed)\s*"
    r"(?:by|on\s+or\s+before|no\s+later\s+than|not\s+later\s+than|before)?\s*$"
    r"|\b(?:must|(?:is|are)\s+required\s+to|requires?\s+(?:us|it|the\s+\w+)\s+to)\s+(?:respond|reply|answer|provide|produce|release)\w*\b"
    r"[^.;]{0,40}?\b(?:by|on\s+or\s+before|no\s+later\s+than|not\s+later\s+than|before|within)\s*$"
    r"|\b(?:statutory|response|current|agency'?s?)\s+deadline\b[^.;]{0,40}?\b(?:is|of|:)\s*$"
    r"|\bdeadline\s+(?:for|on|of)\s+(?:your|this|the)\s+(?:\w+\s+){0,3}?(?:request|appeal)\s+(?:is|will\s+be|:)\s*$"
    r"|\bdeadline\s+(?:for|of)\s+(?:our|the|a|an|its|this office'?s|the \w+'s)\s+(?:\w+\s+)?"
    r"(?:response|reply|answer|decision|determination)\b[^.;]{0,30}?\b(?:is|of|:|will be)\s*$"
    r"|\b(?:date|deadline)\b[^.;]{0,60}?\b(?:set|scheduled)\s+(?:for|as)\s*$"
    r"|\b(?:due(?:\s+date)?|date\s+due)\s*:?\s*$"  # a portal's status block: "Due Date 11/15/2022"
    # the request's due date named: "The due date for this request is", "the current due date is now"
    r"|\b(?:due\s+date|date\s+due)\b[^.;:]{0,40}?\b(?:is|will\s+be|has\s+been\s+set\s+(?:for|to|as))\s*(?:now\s*)?:?\s*$"
    r"|\b(?:will|shall|expect\w*|anticipat\w*|estimat\w*|target\w*|projected|plan\w* to|due date|"
    r"scheduled|intend\w*|hope|aim|goal|should be (?:ready|available|completed?)|should\s+have\s+(?:\w+\s+){0,3}?(?:ready|available|done|completed?|finished))\b[^.;]{0,120}?\b(?:by|on\s+or\s+before|no\s+later\s+than|not\s+later\s+than|on|before|approximately|"
    # "is" and "of" only after the name of a date: "its estimated completion date is", not "records of"
    r"around|about|(?:beginning|starting|commencing)(?:\s+on)?|"
    r"(?:date|deadline|estimate|target|time|completion|response)\w*\b[^.;]{0,60}?\s(?:is|of)|:|date)\s*$", re.I)

_RELATIVE = re.compile(
    r"within\s+(?P<n>\d{1,3}|ten|fifteen|twenty|thirty|sixty|ninety)\s*(?:\(\d+\)\s*)?"
    r"(?P<kind>calendar|business|working)?\s*days?\s+(?:of|from|after)\s+(?:the\s+date\s+of\s+)?this\s+(?:letter|email|e-mail|notice|correspondence)",
    re.I,
)
_WORD_NUMBERS = {"ten": 10, "fifteen": 15, "twenty": 20, "thirty": 30, "sixty": 60, "ninety": 90}
_APPEAL = re.compile(r"appeal", re.I)


@lru_cache(maxsize=1)
def _dateparser():
    from dateparser.date import DateDataParser

    return DateDataParser(languages=["en"], settings={"PREFER_DAY_OF_MONTH": "first"})


# A British letter writes 05/03/2024 for 5 March: the law or the regulator it names, pounds, a postcode.
_BRITISH_WORDS = ("Freedom of Information Act 2000", "Freedom of Information (Scotland)", "Environmental Information Regulations",
                  "Information Commissioner", "FOISA", "£", "Yours faithfully", "internal review", "organisation",
                  "Constabulary", "NHS", "Borough Council", "section 1(1)(a)")  # looked up as plain substrings: fast
_POSTCODE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]? [0-9](?!(?:ST|ND|RD|TH)\b)[ABD-HJLNP-UW-Z]{2}\b")  # not "B2 3RD"


def _british(text: str) -> bool:
    return any(word in text for word in _BRITISH_WORDS) or any(
        m.start() == 0 or not text[m.start() - 1].isalnum() for m in _POSTCODE.finditer(text))


_NUMERIC_DATE = re.compile(r"([0-9]{1,2})([/.-])([0-9]{1,2})\2(?:[0-9]{4}|[0-9]{2})(?![\w/-]|\.\d)")


def _writes_day_first(text: str) -> bool:
    """Whether the letter's figures put the day first: a figure above 12 in the first place (22/02/2021) and
    none in the second (02/22/2021); when the figures cannot tell, a British letter does."""
    firsts = seconds = False
    if "/" in text or "." in text or "-" in text:
        for m in _NUMERIC_DATE.finditer(text):
            if m.start() and (text[m.start() - 1].isalnum() or text[m.start() - 1] in "/.-_"):
                continue  # inside a longer code or number
            firsts |= int(m.group(1)) > 12
            seconds |= int(m.group(3)) > 12
    if firsts != seconds:
        return firsts
    return _british(text)


_NUMERIC_DAY_FIRST = re.compile(r"(\d{1,2})([/.-])(\d{1,2})\2(\d{4}|\d{2})")


@lru_cache(maxsize=4096)
def parse_date_span(span: str, *, base_year: int | None = None, day_first: bool = False) -> tuple[date, str] | None:
    """(date, kind) for one candidate span: kind is "day", "month" or "no_year"; or None.
    ``day_first``: figures such as 05/03/2024 read as day, month, year (a British letter)."""
    if day_first and (m := _NUMERIC_DAY_FIRST.fullmatch(span.strip())):
        day, month, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        year += 2000 if year < 100 else 0
        try:
            return date(year, month, day), "day"
        except ValueError:
            pass
    clean = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", span, flags=re.I)
    clean = _MONTH_TYPO.sub(lambda m: m.group(0)[:3].replace("0", "O").replace("Set", "Sep"), clean)
    clean = re.sub(r"^([A-Z]{3})\s+([0-3]) (\d) (\d{4})$", r"\1 \2\3 \4", clean)  # a stamp's day split by OCR
    clean = re.sub(r"\b(?:day\s+)?of\s+", "", clean.replace(",", " ").replace(".", " "), flags=re.I)
    clean = re.sub(r"\s+", " ", clean).strip()
    clean = re.sub(r"\bSept\b", "Sep", clean, flags=re.I)
    if re.fullmatch(rf"{_MONTHS} \d{{1,2}}|\d{{1,2}} {_MONTHS}|\d{{1,2}}/\d{{1,2}}", clean, re.I):
        if base_year is None:
            return None
        for fmt in ("%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%m/%d %Y"):
            try:
                return datetime.strptime(f"{clean} {base_year}", fmt).date(), "no_year"
            except ValueError:
                continue
        return None
    for fmt in _FORMATS:
        try:
            return datetime.strptime(clean, fmt).date(), "day"
        except ValueError:
            continue
    for fmt in _MONTH_FORMATS:
        try:
            return datetime.strptime(clean, fmt).date(), "month"
        except ValueError:
            continue
    data = _dateparser().get_date_data(clean)
    if data and data.date_obj:
        if re.fullmatch(rf"{_MONTHS} \d{{4}}", clean, re.I):
            return data.date_obj.date().replace(day=1), "month"
        return data.date_obj.date(), "day"
    return None


# Words near a promised date that make it a new date set by an extension.
_EXTENDING = re.compile(
    r"\b(?:extend\w*|extension|(?:additional|further) (?:time|\d+|ten|five|fifteen|twenty|thirty)|more time|"
    r"unusual circumstances|(?:now|revised|updated?|new)\s+(?:\w+\s+)?(?:estimate\w*|expect\w*|anticipate\w*|due|target|date)|"
    r"update (?:to|on) (?:our|the|its) (?:\w+ )?estimate|"
    # a promise restated: "originally due ..., will now be provided by"
    r"(?:will|shall|should|can)\s+now\s+(?:be\s+)?(?:\w+ed|respond|reply|provide|send|complete|release|produce|issue)\b|"
    r"\b(?:originally|previously|initially)\s+(?:\w+\s+)?(?:due|scheduled|estimated|expected|anticipated|promised|set)\b|"
    # a deadline the agency says it will miss: "we will be unable to meet the May 28 deadline"
    r"(?:unable|not\s+be\s+able|cannot|can\s*not|can't|won't|will\s+not)\s+(?:to\s+)?(?:meet|make|(?:complet|respond|repl|answer|provid)\w*\s+(?:\w+\s+){0,4}?(?:by|within))|"
    # ... or says so in the passive: "the statutory deadline cannot be met", "will not be met"
    r"\b(?:deadline|due\s+date|time\s+(?:limit|frame)|response\s+date)\b[^.;]{0,60}?\b(?:cannot|can\s*not|can't|will\s+not|won't|could\s+not)\s+be\s+(?:met|honou?red)|"
    r"(?:has|have|had|been|was|were|is|are)\s+(?:been\s+)?(?:delayed|postponed|pushed\s+back))",
    re.I,
)
# An extension stated as done, earlier in the letter: "we are extending the time limit", "the City will need
# additional time", "is hereby extended" (not one that may happen: "if unusual circumstances apply, we may extend").
_EXTENSION_STATED = re.compile(
    r"\b(?:(?:are|is|am)\s+(?:hereby\s+)?(?:extending|invoking\s+(?:a|an|the|our|its)\s+(?:[\w-]+\s+){0,3}?extension|"
    r"taking\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?extension)"
    r"|(?:is|has\s+been|have\s+been)\s+(?:hereby\s+)?extended"
    # the agency (not "requests in this track") needs the time
    r"|(?:\bwe|\bI|\b(?:the|this|our)\s+(?-i:[A-Z])\w+(?:\s+(?-i:[A-Z])\w+){0,3})\s+(?:will\s+|shall\s+|does\s+|do\s+)?"
    r"(?:need|needs|require|requires)\s+(?:an?\s+)?(?:additional|more|further|extra)\s+(?:[\w-]+\s+){0,3}?(?:time|days))\b",
    re.I)
_HEDGE = re.compile(r"\b(?:if|may|might|could|should|whether|when|unless|would)\b|\b(?:that|which|who)\s*$", re.I)  # or "requests that require"


def _first_extension(part: str) -> int | None:
    """Where a letter first states an extension as done (the dates it promises after that are new ones; the
    date's own sentence is read by the role's words), or None. Once per letter: its dates share it."""
    if "xten" not in part and "dditional" not in part and "further" not in part:
        return None
    for m in _EXTENSION_STATED.finditer(part):
        before = part[max(0, m.start() - _EXTENDING_REACH) : m.start()]
        if not _HEDGE.search(_clause_before(before, len(before))):
            return m.start()
    return None


_EXTENSION_SUBJECT = re.compile(r"\b(?:extension|extended|extending|time\s+extension|delay(?:ed)?)\b", re.I)
_EXTENDING_REACH = 300  # characters before the date: its sentence and the one before
_EXTENDING_AFTER = re.compile(r"[^.;\n]{0,100}?\b(?:extension|extended|(?:additional|further) time)\b", re.I)  # "by May 1, as the extension allows"


_LINK_OR_FILE = re.compile(r"<?https?://\S*|\S+\.(?:pdf|docx?|xlsx?|csv|zip)\b", re.I)
_PROSE_WORDS = 12  # words besides links and file names: a line with more is a sentence


def _in_file_list(part: str, start: int, end: int) -> bool:
    """The date names a file or link: on its line, or a short line whose next line is a link."""
    stop = part.find("\n", end)
    stop = stop if stop >= 0 else len(part)
    line = part[part.rfind("\n", 0, start) + 1 : stop]
    if _FILE_LINE.search(line) and len(_LINK_OR_FILE.sub(" ", line).split()) < _PROSE_WORDS:
        return True  # a sentence that happens to hold a link is prose, not a list of files
    following = part[stop : stop + 200].lstrip().split("\n", 1)[0]
    return len(line.strip()) < 60 and following.startswith(("http://", "https://", "<http"))


_CLAUSE_START = re.compile(r"[.;!?]|\n[ \t]*\n|\n[ \t]*[-•*]|-{2,}")  # a sentence's end, a blank line, a list's item


def _clause_before(text: str, pos: int) -> str:
    """The words of ``text`` from the start of the clause holding ``pos`` up to it."""
    starts = [m.end() for m in _CLAUSE_START.finditer(text, 0, pos)]
    return text[starts[-1] if starts else 0 : pos]


def _promised(part: str, start: int, end: int) -> str:
    """A date the agency promises: a new one set by an extension, or the next one due.

    Read from the words near the date, not from the letter's label: an acknowledgement may extend
    in passing, and an extension letter may also restate an earlier date."""
    window = part[max(0, start - _EXTENDING_REACH) : start]
    # an extension only spoken of as possible ("this may take some additional time") extends nothing
    extending = any(not _HEDGE.search(_clause_before(window, m.start())) for m in _EXTENDING.finditer(window))
    return "extension_until" if extending or _EXTENDING_AFTER.match(part, end) else "due"


_ABBREVIATION_POINT = re.compile(
    r"\b((?i:mr|mrs|ms|dr|st|jr|sr|no|nos|inc|co|corp|ltd|dept|govt?|sec|ch|art|para|vol|approx|ext|tel|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun|vs?|etc|[ap]\.m|e\.g|i\.e))\."
    r"|\b([A-Z])\.(?=\s*[A-Z]\.|\s+[A-Z][a-z]+\b(?!\s+(?:we|you|the|this|our|your|it|i)\b))")
# The letter names its own date: "this letter dated", "this notice, dated"; or a signature block's "Dated:".
_THIS_LETTER_DATED = re.compile(r"\bthis\s+(?:letter|notice|correspondence|response|determination|decision)\s*,?\s+(?:is\s+)?dated\s*$", re.I)
_DATED_FIELD = re.compile(r"(?:^|\n)[ \t]*(?-i:Dated)\s*:\s*$", re.I)
# A count of days with the date it ends on after a bracket or a dash: "within 30 days (by", "within ten business
# days - ", "30 days (until" (read as the deadline's own words: "respond by", "have until").
_DAYS_APPOSITION = re.compile(
    r"\s(?:within\s+)?(?:\d+|\w+)[- ](?:\(\d+\)\s+)?(?:calendar[- ]|business[- ]|working[- ])?days?"
    r"(?:\s+(?:of|from|after)\s+[\w ]{0,40}?)?\s*[(\-–—]\s*(?:ie\s*,?\s*)?"
    r"(?P<by>by|until|through|on\s+or\s+before|no\s+later\s+than)?\s*$", re.I)
_DECIMAL_POINT = re.compile(r"(?<=\d)\.(?=\d{2}(?![\d.]))")
_WRAPPED = re.compile(r"(?<![\n])[ \t]*\n[ \t]*(?=[^\s])")  # one line break, not a blank line


def _role(part: str, start: int, end: int) -> str:
    before = part[max(0, start - _B) : start]
    before = before[: _WEEKDAY_TAIL.search(before).start()]
    if (hour := _HOUR_TAIL.search(before)) is not None:  # before the clause is cut: "5:00 p.m." has full stops
        before = before[: hour.start()]
        before = before[: _WEEKDAY_TAIL.search(before).start()]
    # No role pattern crosses a full stop or a semicolon: read only the clause the date ends (the
    # point of "Ms.", "Nov." or "U.S." ends no clause).
    before = _ABBREVIATION_POINT.sub(lambda m: (m.group(1) or m.group(2)).replace(".", "") + " ", before)  # "i.e." too
    before = _DECIMAL_POINT.sub("_", before)  # nor does the point of "$25.00"
    before = before[max(before.rfind("."), before.rfind(";")) + 1 :]
    if (days := _DAYS_APPOSITION.search(before)) is not None:  # "within 30 days (by May 1": the day count names the date
        before = f"{before[: days.start()]} {days.group('by') or 'by'} "
    lines = before  # a portal's field name stands at the start of its line
    before = _WRAPPED.sub(" ", before)  # a line the page wrapped reads as one: "no later\nthan"
    after = part[end : end + 60]
    if _SAME_DAY_RECEIPT.match(after):  # "dated May 1 and received on the same day"
        return "received"
    if _THIS_LETTER_DATED.search(before) or _DATED_FIELD.search(lines):
        return "sent"
    if _REQUEST_DATE.search(before) or _RANGE_BEFORE.search(before) or _RANGE_AFTER.match(after):
        return "extension_until" if _CHANGED_FROM_TO.search(before) else "other"
    if _DATE_AS_NAME.match(after) or _SUBMITTED_ON.search(before) or _RECEIVED_RANGE.search(before):
        return "other"
    # "We received it on May 1 and will reply by May 15": words of its own after an earlier date
    # decide for the later one.
    cut = max((m.end() for rx in (_CANDIDATE, _NUMERIC_NO_YEAR) for m in rx.finditer(before)), default=0)
    if cut:
        tail = before[cut:]
        if any(rx.search(tail) for rx in (_DUE, _AGENCY_ACTS, _RESPOND_BY, _EXTENSION_UNTIL)):
            before = tail
    if _RECEIVED_LABEL.search(lines) or _RECEIVED_LABEL.search(before) or _RECEIPT_AFTER.match(after):
        return "received"
    if _RESPOND_BY_LABEL.search(lines):
        return "respond_by"
    if (_OFFICE_CLOSED.search(before) or _LAPSES.search(before)) and not _RESPOND_BY.search(before):
        return "other"
    if _RECEIVED_THINGS.search(before) or (_NOT_RECEIVED.search(before) and not _RESPOND_BY.search(before)):
        return "other"  # records received from another office, not the request; a receipt denied
    if _WEEKDAY_ON.search(before):
        return "received"
    if _PAST.search(before) or (_PAST_ACT.search(before) and not _FUTURE.search(before)):
        return "received" if _RECEIVED.search(before) else "other"
    if _RESPOND_BY.search(before) and not _AGENCY_ACTS.search(before):
        return "respond_by"
    if _EXTENSION_UNTIL.search(before):
        return "extension_until"
    if _NAMED_DUE.search(before):  # "received May 1; the statutory response date is": the nearer words decide
        return _promised(part, start, end)
    if _RECEIVED.search(before) or (_ON_END.search(before) and _RECEIVED_AFTER.match(after)):
        return "received"
    if _DUE.search(before) or _AGENCY_ACTS.search(before):
        if _DUE_FIELD.search(before) and _INVOICE.search(part, max(0, start - _INVOICE_REACH), end + _INVOICE_REACH):
            return "respond_by"  # an invoice's "Due Date:" is when the requester must pay
        return _promised(part, start, end)
    return "other"


_DUE_FIELD = re.compile(r"(?:^|\n|[ \t]{2}|\|)[ \t*•-]*(?:due(?:\s+date)?|date\s+due)\s*:?\s*$", re.I)
_INVOICE = re.compile(r"\b(?:invoice|amount\s+due|balance\s+due|total\s+due|amount\s+owed|please\s+remit|remit\s+to)\b", re.I)
_INVOICE_REACH = 200


_AHEAD = ("due", "extension_until", "respond_by")  # roles of dates the letter looks forward to
_LOOK_BACK = timedelta(days=14)  # a deadline a little before the letter's date: a late letter, same year


def _next_after(value: date, base: date) -> date:
    """``value`` (a day and month read with a guessed year) moved to the first year in which it
    falls no earlier than a fortnight before ``base``."""
    while value < base - _LOOK_BACK:
        try:
            value = value.replace(year=value.year + 1)
        except ValueError:  # 29 February
            value = value.replace(year=value.year + 1, day=28)
    return value


_SHORT_LINE = 60  # a running header or a letterhead's line, above a heading flattened onto one line
_FLAT_LINE = 200  # a line this long at the top holds a whole heading (address, date, salutation)


def _flattened_heading(part: str) -> tuple[int, int] | None:
    """Where a letter's heading flattened onto one long line stands, when only short lines (a running
    header, a letterhead) come before it: its date is the letter's as if the letter were one line."""
    pos = 0
    for line in part.split("\n")[:6]:
        if len(line.strip()) >= _SHORT_LINE:
            return (pos, pos + len(line)) if len(line) >= _FLAT_LINE else None
        pos += len(line) + 1
    return None


_REF_TO_GREETING_LINES = 8  # a Re: block, the date, an addressee: more is the body of a letter
_ALONE_ON_LINE = re.compile(r"[ \t]*(?:\n|$)")


def _letter_date_position(part: str) -> int | None:
    """Where the letter's own date stands: the first date before the salutation, not introduced
    by words that give it another meaning."""
    salutation = _SALUTATION.search(part, 0, _HEAD)
    limit = salutation.start() if salutation else min(len(part), 400)
    # Between a Re: line and the greeting, a date on a line of its own is still the letter's.
    greeting = _GREETING.search(part, limit, _HEAD) if salutation else None
    if greeting is not None and part.count("\n", limit, greeting.start()) <= _REF_TO_GREETING_LINES:
        limit, ref_end = greeting.start(), limit
    else:
        ref_end = limit
    one_line = "\n" not in part.strip()
    flat = _flattened_heading(part)
    for m in _CANDIDATE.finditer(part, 0, max(limit, 0)):
        if not re.search(r"\d{4}|/\d{2}$", m.group(0)):
            continue  # a letter is dated with its year
        before = part[max(0, m.start() - 40) : m.start()]
        bare_before = before[: _WEEKDAY_TAIL.search(before).start()]  # "received on Wednesday, November 2, 2022"
        line_before = part[part.rfind("\n", 0, m.start()) + 1 : m.start()]
        line_before = line_before[: _WEEKDAY_TAIL.search(line_before).start()]  # "Tuesday, June 1, 2021"
        after_letterhead = _LETTERHEAD_END.search(line_before) is not None
        raw_line = part[part.rfind("\n", 0, m.start()) + 1 : m.start()]
        after_letterhead |= _COLUMN_GAP.search(raw_line) is not None and not _FIELD_NAME.search(raw_line)
        if m.start() >= ref_end and not (_DATE_LABEL.search(before) or _ALONE_ON_LINE.match(part, m.end())
                                         and not line_before.strip()):
            continue
        if _DATE_LABEL.search(before) or (
                not _NOT_SENT.search(bare_before) and (one_line or after_letterhead or not line_before.strip()
                                                  or (flat is not None and flat[0] <= m.start() < flat[1]))):
            return m.start()
    return None


def extract_dates(text: str, *, letter_date: date | None = None, parts: list[str] | None = None,
                  subject_parts: int = 0, year_hint: int | None = None) -> list[DateMention]:
    """Dates in ``parts`` (subject, body, each attached letter; default: ``text`` as one part),
    each with its role and the sentence it stands in. The first ``subject_parts`` parts never
    hold the letter's own date. ``year_hint``: a year the request is known to belong to (the one its number
    carries); without the letter's own date, dates printed without a year fall in it or in the latest year
    printed, whichever is later (the years of the records sought are older than the request)."""
    parts = parts if parts is not None else [text]
    day_first = _writes_day_first(text)
    extension_subject = any(_EXTENSION_SUBJECT.search(p) for p in parts[:subject_parts])
    if letter_date is None:
        years = [int(y) for y in re.findall(r"\b(?:19|20)\d{2}\b", text)]
        if not years and "/" in text:  # only short years: 11/4/21
            years = [2000 + int(y) for y in re.findall(r"\b\d{1,2}/\d{1,2}/(\d{2})\b", text)]
        latest = max((y for y in years if y <= 2100), default=None)
        fallback_year = max((y for y in (latest, year_hint) if y is not None), default=None)  # records are older than requests
    else:
        fallback_year = letter_date.year
    mentions: list[DateMention] = []
    seen: set[tuple[str, str, str]] = set()
    with_year: set[str] = set()
    sent: date | None = None
    letter_dates: set[str] = set()
    base_year = fallback_year
    found: list[tuple[str, int, int, str]] = []
    for i, part in enumerate(parts):
        sent_at = _letter_date_position(part) if i >= subject_parts else None
        zones = number_zones(part, min_digits=1)
        for m in (m for lo, hi in zones for m in _NUMERIC_NO_YEAR.finditer(part, lo, hi)) if "/" in part else ():
            found.append((part, m.start("d"), m.end("d"), ""))
        for m in (m for lo, hi in zones for m in _CANDIDATE.finditer(part, lo, hi)):
            if m.start() == sent_at:
                parsed = parse_date_span(m.group(0), day_first=day_first)
                if parsed and parsed[1] == "day":
                    letter_dates.add(parsed[0].isoformat())
                    if sent is None:
                        sent = parsed[0]
                        base_year = sent.year
            found.append((part, m.start(), m.end(), "sent" if m.start() == sent_at else ""))
    base = sent or letter_date
    extended_from: dict[int, int | None] = {}  # per part: where it first states an extension as done
    for part, start, end, fixed in found:
        span = part[start:end]
        if _NUMBER_SIGN.search(part, max(0, start - 10), start):
            continue
        year_after = _RANGE_END_YEAR.match(part, end, end + 40)  # "March 6 - May 1, 2020": the range's year
        parsed = parse_date_span(span, base_year=int(year_after.group(1)) if year_after else base_year,
                                 day_first=day_first)
        if parsed is None:
            continue
        value, kind = parsed
        if kind == "no_year" and base is not None and value > base + timedelta(days=60):
            value = value.replace(year=value.year - 1)  # "December 18" in a January letter
        if not 1900 <= value.year <= 2100:
            continue
        if kind == "month":
            role, iso = "other", value.strftime("%Y-%m")
        else:
            role = fixed or _role(part, start, end)
            if role == "due" and not extension_subject:
                if id(part) not in extended_from:
                    extended_from[id(part)] = _first_extension(part)
                first = extended_from[id(part)]
                if first is not None and first < start:
                    role = "extension_until"  # the letter stated an extension before it promises this date
            if role == "due" and extension_subject:
                role = "extension_until"  # "Subject: Extension of time - request 24-31": the date it promises is the new one
            if kind == "no_year" and base is not None and role in _AHEAD:
                value = _next_after(value, base)  # "pay by January 5" in a November letter: next January
            iso = value.isoformat()
        if role == "other" and (iso in letter_dates or _in_file_list(part, start, end)):
            continue  # the letter's own date again ("the letter emailed to you on ..."), or a file's name
        key = (span, iso, role)
        if key in seen or (kind == "no_year" and iso in with_year):
            continue  # printed before; "the February 14 request" after "February 14, 2000"
        seen.add(key)
        if kind == "day":
            with_year.add(iso)
        mentions.append(DateMention(text=span, date=iso, role=role, sentence=sentence_around(part, start, end)))
    # A day printed the same way for the request and its receipt ("dated March 6, 2023 and received
    # March 6, 2023") is listed once, by the role that says more than "other".
    meant = {(m.text, m.date) for m in mentions if m.role != "other"}
    mentions = [m for m in mentions if m.role != "other" or (m.text, m.date) not in meant]
    if base is not None:
        for part in parts:
            for m in _RELATIVE.finditer(part) if "ithin" in part else ():
                if _APPEAL.search(part[max(0, m.start() - 200) : m.start()]):
                    continue  # appeal windows are computed by the deadline rules
                n = m.group("n")
                days = int(n) if n.isdigit() else _WORD_NUMBERS[n.lower()]
                due = (base + timedelta(days=days)).isoformat()
                if any(x.date == due and x.role == "respond_by" for x in mentions):
                    continue
                mentions.append(DateMention(text=m.group(0), date=due, role="respond_by",
                                            sentence=sentence_around(part, m.start(), m.end()), computed=True))
    return mentions
