"""Agency tracking numbers: known formats first, then numbers introduced by a label phrase.

Formats and phrases: ../shared/reference/foia-facts.md, part A. Numbers are returned exactly as
printed, in order of first appearance, without duplicates.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from nlp.extract.zones import number_zones

# Codes of court cases (civil, criminal, magistrate, bankruptcy...), never a request's own code.
_COURT_CODE = r"(?:CV|CR|CIV|CRIM|CRM|MJ|MC|BK|CF|CM|DR|JV|JD|DV|CH|SC|TR|TC|CA|CI|CT|FC|PC|CP|MV|OV|SM)"

# Codes of things that are not requests: bills, laws, orders, contracts, bids, invoices, rulings.
_NOT_REQUEST_CODE = r"(?:HB|SB|HR|AB|SF|HF|LB|PL|EO|RES|ORD|RFP|RFQ|RFI|RFB|ITB|IFB|BID|CON|INV|PO|OR|OAG|AGO|OP|ORL)"
_MONTH_CODE = r"(?:JAN|FEB|MAR|APR|MAY|JUNE?|JULY?|AUG|SEPT?|OCT|NOV|DEC)[A-Z]*"  # 15-DEC-2010 is a date

# Specific formats, most specific first. [O0] tolerates OCR damage on the component code.
_FORMATS: list[tuple[str, str]] = [
    ("dhs", r"\b(?:19|20)\d{2}[- ]?[A-Z]{2}(?:F[O0]|AP|LI)[- ]?\d{5}\b"),  # hyphens may be lost in OCR
    ("cbp", r"\bCBP-(?:(?:AP|FO|OAM|OPA)-)?20\d{2}-\d{6}\b"),
    ("eousa", r"\bEOUSA-20\d{2}-\d{6}\b"),
    ("dea", r"\b\d{2}-\d{5}-F\b"),
    ("oip_appeal", r"\bA-20\d{2}-\d{5}\b"),
    ("fbi", r"\b\d{7}-\d{3}\b"),
    ("state_cia", r"\bFL?-(?:19|20)\d{2}-\d{5}\b"),
    ("nara", r"\bNGC\d{2}-\d{1,4}\b"),
    ("hhs_os", r"\b20\d{2}[- ]\d{5}[- ]FOIA[- ]OS\b"),
    ("fda_portal", r"\bFDA\d{7,8}\b"),
    ("dod_osd", r"\b(?:19|20)?\d{2}-F-\d{3,6}\b"),  # 24-F-0123, 2024-F-01234 (F: the FOIA track)
    ("foiaonline", r"\b(?:FOIA-)?[A-Z]{2,5}(?:-[A-Z0-9]{2,5})?-(?:19|20)\d{2}-\d{5,6}(?:-[A-Z]{1,2}\b)?\b"),
    # A year, one to three office or law codes, a serial and maybe a one-letter track: 2022-FS-WO-01234-F,
    # 21-GSFC-F-00123, 2022-USMS-01234. Court dockets share the shape and are left out (22-CV-01234).
    ("year_codes_serial", rf"\b(?:19|20)?\d{{2}}-(?!{_COURT_CODE}-|{_MONTH_CODE}-)[A-Z]{{2,6}}(?:-(?!{_COURT_CODE}-)[A-Z]{{1,6}}){{0,2}}-\d{{3,6}}(?:-[A-Z]\b)?\b"),
    # A year and serial with a track or law suffix: 22-01234-F, 2022-00123-FOIA.
    ("year_serial_suffix", r"\b(?:19|20)?\d{2}-\d{4,6}-(?:[A-Z]|FOIA|FOI|PRA|PRR)\b"),
    ("govqa", r"\b[A-Z]\d{6}-(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{2}\b"),
    ("uscis", r"\b(?:NRC|COW|APP)20\d{8}\b"),
    ("ice_old", r"\b20\d{2}FOIA\d{1,5}\b"),
    # Local portals: a records-request acronym with a year or a date, e.g. PDRR2022-5590, 24-FOIA-563.
    ("acronym_year", r"\b(?:PDRR|PRR|PRA|ORR|PIR|RTKL?|FOIL|FOIA|OPRA|CPRA|GRAMA|R|W)(?:19|20)\d{2}-\d{3,6}\b"),
    # A records law's acronym joined to a year and a serial: FOI24/0123, EIR24-0123, PRR-24-0123, FOIL-2024-017.
    ("acronym_joined", r"\b(?:FOIA|FOIL|FOI|EIR|PRR|PRA|ORR|OPRA|CPRA|RTKL?|PIR|GRAMA|[A-Z]ORA|[A-Z]PIA|[A-Z]PRA)[-/]?"
                       r"(?:19|20)?\d{2}[-/]\d{2,6}(?![\w/-])"),
    ("year_acronym", r"\b(?:19|20)?\d{2}-(?:FOIA|FOIL|PRA|PRR|ORR|PIR|RTK|OPRA|CPRA)-\d{2,6}\b"),
    # The word FOIA itself, also as OCR reads it (F01A), with a short year: FOIA-89-47, FOIA/PA-2013-00239.
    ("foia_year", r"\bF[O0][I1l]A(?:/PA)?-(?:19|20)?\d{2}-(?:[A-Z]-)?\d{1,6}[A-Z]{0,2}\b"),
    # UK references: FOI.22.027711, FOI/2020/1234, EIR-21-0456 (a leading office code kept).
    ("uk_foi", r"(?:\b\d{2}\.)?\b(?:FOI|FOIR|EIR)[./-]\d{2,4}[./-]\d{2,6}\b"),
    # An office's letters with a year and a serial, in any order: NPS-2019-1686, FR-2023-97, PRR-533-2022,
    # TSA09-0624 (not a court's, a bill's or a contract's code: CV-2022-1234, HB-2023-45, RFP-2023-045).
    ("code_year_serial", rf"(?<![\w/.-])(?!{_COURT_CODE}-|{_NOT_REQUEST_CODE}-?\d)(?:[A-Z]{{2,6}}-?(?:19|20)\d{{2}}-\d{{2,6}}"
                         r"|[A-Z]{2,6}-\d{2,6}-(?:19|20)\d{2}|[A-Z]{2,5}\d{2}-\d{3,6})(?![\w/-])"),
]
# Every format starts with a digit or a capital: the lookahead lets the engine skip other
# positions before it tries the alternatives (several times faster on digit-dense letters).
_FORMAT_RE = re.compile("(?=[0-9A-Z])(?:" + "|".join(f"(?:{pat})" for _, pat in _FORMATS) + ")")

_NEXTREQUEST = re.compile(r"https?://[a-z0-9-]+\.nextrequest\.com/requests/(\d{2}-\d{1,6})", re.I)

# A state or UK records-law acronym printed against its number is part of the number as printed:
# "PRA 22-065", "PRR 04262021-Anon", "FOIL #118-23", "FOI 031/20". (Plain "FOIA" is the law's name,
# not part of the number: "FOIA #22-047" gives 22-047, found by the label rule below.)
_ACRONYM_NUMBER = re.compile(
    r"(?=[A-Z])\b(?:PRR|PRA|PDR|ORR|PIR|RTKL?|FOIL|FOI|FOIR|EIR|GRAMA|[A-Z]{1,2}PRA|[A-Z]ORA|[A-Z]{1,2}PIA)(?: ?# ?| )"
    r"(?:(?-i:[A-Z]{1,2})?\d+(?:[-/][A-Za-z0-9]+)+|(?!(?:19|20)\d{2}\b)\d{4,9})(?![\w/(-]|\.\d)",  # not a statute section: "PRA 6253(c)"
)

# A number introduced by a label phrase ("Request Number: 22-0417", "tracking number RD 77093").
# "case" and "file" need a number word: a bare "case file 100A-BA-1" is a record, not a request.
_NUMWORD = r"(?:no\.?|nos\.?|numb?ers?|num\.?|#|id)"
_LABEL = (
    rf"(?:tracking|control|confirmation|intake|requests?|req\.?(?=\s*{_NUMWORD})|ref(?:erence)?s?|log|ticket|appeals?|foipa|foia(?:/pa)?|foil|foi(?:/pa)?|pra|prr|cpra|opra|"
    # the acronym of any state records law (IPRA, KORA, CORA, TPIA, MPIA, APRA...), in capitals
    rf"(?-i:[A-Z]{{1,3}}(?:RA|PA|IA|RR|IR))(?=\s*{_NUMWORD})|"
    rf"(?:case|file)(?=\s*{_NUMWORD})|(?:(?<=\bour\s)|(?<=\bagency\s)|(?<=\boffice\s))file(?=\s*:))"
)
_NUM = (r"(?P<num>(?=[A-Z0-9/-]*\d)[A-Z0-9][A-Z0-9/-]{2,24}[A-Z0-9]"
        r"|(?-i:(?!NOS?\b|F[O0][I1]A\b)[A-Z]{2,5}) (?!(?:19|20)\d{2}(?![\w-]))\d{2,8}(?:-\d{1,6})?(?![\w-]))")
_LABELLED = re.compile(
    rf"\b{_LABEL}\.?(?![A-Za-z]),?\s*(?:\((?-i:[A-Z]{{2,6}})\)\s*(?={_NUMWORD}))?(?:\(\s*(?={_NUMWORD}))?{_NUMWORD}?,?\s*(?:for\s+(?:this|your|the)\s+(?:\w+\s+)?(?=is\b))?(?:is|of|[-–](?=\s))?\s*(?:[:#(*|]\s*){{0,3}}\b{_NUM}\b", re.I)
_REQUEST_DIGITS = re.compile(
    r"\b(?:FOIA|FOIL|FOI|FOIPA|PRA|records?|information|act|law)\s+(?:request|case|appeal)\s*" + _NUMWORD
    + r"?\s*[:#]?\s*(?P<num>\d{4,14}[A-Z]?)\b"
    # the request named as this one, then its figures: "your request 4471 has been", "we have closed request 4471",
    # "regarding request 44710," (not a count: "request 1500 pages"); the word before is checked apart (speed)
    r"|\b(?:request|appeal|ticket)\s*,?\s*#?\s*"
    r"(?P<num2>\d{4,9})(?![\w/-]|[.,]\d|\s+(?:pages|records|documents|items|e-?mails|files|hours|days|budget)\b)",
    re.I,
)
_NAMING_WORD = re.compile(r"\b(?:your|this|the|our|closed|regarding|concerning|re|of|for|to|under|in)\s+$", re.I)
# More numbers of the same shape listed after a labelled one: "FOIA requests 00-210 and 00-181".
_LIST_NEXT = re.compile(r"\s*(?:,|;|&|\band\b|\bor\b|\(\s*(?:formerly|previously|also|old|was)\b:?)\s*(?:(?:and|or)\s+)?(?P<num>[A-Z0-9][A-Z0-9-]{2,24}[A-Z0-9])\b", re.I)
# CBP's appeals branch files under its office symbol: "OT:RR:RDL:FAPL H225675".
_CBP_FILE = re.compile(r"\b[A-Z]{2,4}:RR(?::[A-Z]{2,6})* (?P<num>H\d{6})\b")
# A number after "#" may be printed with slashes: "Request #03/04/2022".
_HASH_SLASHED = re.compile(
    r"\b(?:request|case|reference|ref|ticket|file|appeal)\s*(?:no\.?|numb?er)?\s*#\s?(?P<num>\d{1,4}(?:/\d{1,4}){1,2})(?![\w/])",
    re.I,
)
_LABEL_REQUIRES_WORD = re.compile(r"(?:no\.?|nos\.?|numb?er|num\.?|#|id|ref(?:erence)?\s*:)\s*[:#]?\s*$", re.I)
# "our ref 20240031": a long run of figures after "ref" alone is a reference, not a count or a year.
_REF_WORD = re.compile(r"\bref(?:erence)?\.?\s*$", re.I)
_LONG_REF = 6
# A lower-case "case #" in prose is the request's only when the words before say so: "your case number",
# "assigned case no.", "FOIA case" (a capitalised "Case No.:" heads a letter's reference block).
_CASE_OF_REQUEST = re.compile(
    r"\b(?:your|our|this|the\s+following|assigned|given|FOIA|FOIL|FOI|PRA|request|appeal|privacy|records)\s*$", re.I)
_CODE = r"(?P<num>(?=[A-Z0-9-]*\d)[A-Z0-9][A-Z0-9-]{2,24}[A-Z0-9])"
_ASSIGNED = re.compile(
    r"\b(?:assigned|given)\s+(?:it\s+)?(?:the\s+|a\s+|our\s+)?(?:following\s+)?"
    rf"(?:[A-Za-z/]+\s+){{0,3}}(?:number|no\.|#)\s*:?\s*{_CODE}\b",
    re.I,
)
# "It has been entered into our system as SR-0193872", "logged as request 22-118"
_ENTERED_AS = re.compile(
    rf"\b(?:entered|logged|registered|recorded|opened|filed|designated|numbered|identified)\b[^.\n]{{0,40}}?\bas\s+"
    rf"(?:(?:request|case|ticket|reference)\s+)?(?:number\s+|no\.\s*|#\s*)?{_CODE}\b",
    re.I,
)
# "your requests, numbered 24-0031 and 24-0032" (not pages "Bates numbered DOJ-0001 through ...")
_NUMBERED = re.compile(
    rf"\b(?:requests?|appeals?|cases?|matters?)\b[^.\n]{{0,40}}?\b(?:numbered|renumbered)\s+(?:as\s+)?#?\s*{_CODE}\b", re.I)
# "logged under number 22-118", "filed under reference FOI-0456"
_FILED_UNDER = re.compile(
    r"\b(?:logged|filed|recorded|registered|opened|entered)\s+under\s+(?:(?:the|our)\s+)?"
    rf"(?:(?:request|case|reference|tracking|file)\s+)?(?:number|no\.|#|reference)\s*:?\s*{_CODE}\b",
    re.I,
)
# The number before the words that name it: "22-0456 is your request number", "please use 22-0456 as
# your reference", "refer to 22-0456 in all correspondence".
_NUMBER_FIRST = re.compile(
    rf"(?<![\w/-]){_CODE}\s+(?:is|will be|serves as)\s+(?:your|the|our)\s+(?:\w+\s+){{0,2}}?"
    r"(?:request|tracking|reference|case|control|confirmation|file|appeal)\s+(?:number|no\.|#|id)\b", re.I)
_REFER_TO = re.compile(
    rf"\b(?:use|cite|quote|reference|refer to)\s+#?{_CODE}\s+(?:as (?:your|the)|in (?:all|any|future|your)|when)\b", re.I)
# In a subject (or a letter's Re: line): a number shaped like a request number, or a subject that is only a code.
_SUBJECT_SHAPED = re.compile(r"(?<![\w/.-])(?P<num>(?:\d{2,4}-)?\d{2,4}-\d{3,7}(?:-[A-Z])?)(?![\w/-])")
_SUBJECT_LINE = re.compile(r"^[ \t>]*(?:Subject|Re|In re(?:ply|sponse),? refer to):[ \t]*(.*)$", re.M | re.I)
_SUBJECT_ONLY_CODE = re.compile(
    r"^\s*(?:(?:re|fwd?|fw|aw)\s*:\s*|\[[^\]]{1,20}\]\s*)*#?\s*(?P<num>[A-Z]{1,5}-?(?:\d{4,}|\d{2}-\d{3,8})(?:-\d{2,8})?)\s*$", re.I)
# A letter's Re: line (or a subject) that is one code and nothing else: "Re: 119845", "Re: 1248-23",
# "Re: PRR-545-2082", "Re: RD 77273", "Re: FOIL-2023-097-00473" (a date, a phone number or a year is not).
_CODE_ALONE = r"#?\s*(?P<num>(?:(?!F[O0][I1]A\b|FOI\b)(?-i:[A-Z]{1,6}))?[- ]?\d[\dA-Z]*(?:[-/.][\dA-Z]+){0,3})\s*$"
_RE_LINE_CODE = re.compile(rf"^[ \t>]*(?:Re|In re(?:ply|sponse),? refer to)\s*:\s*{_CODE_ALONE}", re.I | re.M)
_SUBJECT_CODE = re.compile(rf"^\s*(?:(?:re|fwd?|fw|aw)\s*:\s*)*{_CODE_ALONE}", re.I)

# In a subject, a request's word before figures is its number, "#" or not: "Request 4471", "Case 4471 - records",
# "OPRA Request C123456" (not a year, nor a count of pages: "Request for 1500 pages").
_SUBJECT_LABELLED = re.compile(
    r"\b(?:request|case|ticket|appeal|matter|inquiry|ref(?:erence)?)\s*(?:no\.?|number|#)?\s*:?\s*#?\s*"
    r"(?P<num>(?-i:[A-Z])?\d{4,9}(?-i:[A-Z])?)(?![\w/.-]|\s+(?:pages|records|documents|items|e-?mails|files|hours)\b)", re.I)

_LABEL_REACH = 90  # characters from a label phrase's first word to its number

_NOT_AFTER = re.compile(r"(?:your|requester'?s?|my|our client'?s?)\s+(?:own\s+)?ref\w*\W*$"
                        # a heading's field for the requester's own reference: "Your reference no.: JD/2023/1"
                        r"|(?:^|\n)[ \t]*(?:your|requester'?s?|my)\s+(?:own\s+)?ref\w*\.?\s*(?:no\.?|numb?er|#)\W*$|muckrock\b[^.\n]{0,30}$", re.I)
# Numbers of things inside or around the records, not of the request.
_RECORD_NUMBER_BEFORE = re.compile(
    r"\b(?:incident|report|invoice|account|acct|docket|citation|permit|parcel|policy|claim|order|check|"
    r"item|lot|bill|case file|complaint|police|badge|unit|vehicle|tag|plate|booking|inmate|warrant|"
    r"ordinance|resolution|contract|agreement|grant|bid|rfp|rfq|rfi|solicitation|project|purchase order|"
    r"public law|exhibit|attachment|page|form|omb(?: control)?|"
    r"(?:payment|transaction|order|purchase|shipping|delivery)\s+confirmation|transaction|receipt|customer|employee|"
    r"footage|video|recording|photo(?:graph)?s?|bates|"
    r"(?:police|incident|crime|criminal|civil|offen[cs]e|arrest|accident|court|sheriff'?s?)\s+(?:(?:office|department|dept\.?)'?s?\s+)?(?:case|file|report)|(?:\bv(?:s)?\.|\bversus)\s[^\n]{1,40}?)\s*"
    r"(?:\s+(?:reference|ref\.?|control|confirmation|tracking|identification))?"  # "Booking Reference Number:"
    r"\s*(?:no\.?|numb?er|#|id)?\s*(?:is\s*)?[:#]?\s*$",
    re.I,
)
_COURT_SEGMENT = re.compile(rf"-{_COURT_CODE}-|^(?:19|20)?\d{{2}}{_COURT_CODE}\d{{3,}}$", re.I)  # 21-cv-01234, 2022CF001234
_PLACEHOLDER = re.compile(r"(?<!\d)123456|0000000|(\d)\1{5}")  # "1234567-000": an example in instructions
_DATE_LIKE = re.compile(r"^(?:\d{1,2}([-/])\d{1,2}\1\d{2,4}|\d{4}([-/])\d{1,2}\2\d{1,2}|(?:0?[1-9]|1[0-2])/(?:\d{2}|\d{4}))$")  # 3/4/23, 2020-06-10, 11/2022
_PHONE_LIKE = re.compile(r"^\d{3}-\d{3}-\d{4}$|^\d{3}-\d{4}$|^1-\d{3}-\d{3}-\d{4}$")
_YEAR_RANGE = re.compile(r"^(?:19|20)\d{2}-(?:19|20)\d{2}$")
_ZIP = re.compile(r"^\d{5}(?:-\d{4})?$")
_STATUTE_BEFORE = re.compile(r"(?:§|sec(?:tion)?\.?|u\.s\.c\.?|c\.f\.r\.?|code)\s*$", re.I)
# The part before the first hyphen of a long number, printed alone elsewhere: "#W017342" for
# W017342-101522.
_SHORT_FORM_HEAD = re.compile(r"^(?=[A-Z0-9]*[A-Z])(?=[A-Z0-9]*\d{5})[A-Z0-9]{6,12}(?=-)")


def normalize_tracking(number: str) -> str:
    """A key for comparing numbers: upper case, separators dropped, O read as 0."""
    key = re.sub(r"[^A-Z0-9]", "", number.upper())
    return key.replace("O", "0")


def _is_fiscal_year(num: str) -> bool:
    """A year and the next one's last digits: "2021-22" names a season or budget year."""
    m = re.fullmatch(r"((?:19|20)\d{2})-(\d{2})", num)
    return m is not None and (int(m.group(1)) + 1) % 100 == int(m.group(2))


def _plausible_labelled(num: str, before: str, *, numbered: bool = False) -> bool:
    """Whether a number after a label phrase is a request number; ``numbered``: the label says
    "number", "no.", "#" or "ID" (then five digits are a number, not a ZIP code)."""
    if _DATE_LIKE.match(num) or _PHONE_LIKE.match(num) or _YEAR_RANGE.match(num) or _is_fiscal_year(num):
        return False
    if _ZIP.match(num) and not numbered:
        return False
    if _COURT_SEGMENT.search(num):
        return False  # a court docket: 21-cv-01234, 2022-CA-001234
    if _STATUTE_BEFORE.search(before):
        return False
    digits = sum(c.isdigit() for c in num)
    if digits < 3:
        return False
    if num.isdigit():
        # A bare number needs an explicit "number/no./#" in its label and 4+ digits, not a year.
        return len(num) >= 4 and not re.fullmatch(r"(?:19|20)\d{2}", num)
    return "-" in num or "/" in num or any(c.isalpha() for c in num)


def extract_tracking_numbers(text: str, *, subject: str = "") -> list[str]:
    """Agency numbers in ``text`` (subject, body and attachments together) and, read with the looser
    rules of a subject line, in ``subject``."""
    found: dict[str, int] = {}

    def add(num: str, pos: int, *, source: str = text, rank: int | None = None) -> None:
        """Keep ``num`` found at ``pos`` of ``source``; ``rank`` orders it (default: ``pos``)."""
        num = num.strip("-")
        before = source[max(0, pos - 40) : pos]
        if _NOT_AFTER.search(before) or _RECORD_NUMBER_BEFORE.search(before) or _PLACEHOLDER.search(num):
            return
        found.setdefault(num, pos if rank is None else rank)

    for lo, hi in number_zones(text):
        for m in _FORMAT_RE.finditer(text, lo, hi):
            add(m.group(0), m.start())
        for m in _ACRONYM_NUMBER.finditer(text, lo, hi):
            add(m.group(0), m.start())
    if ":RR" in text:
        for m in _CBP_FILE.finditer(text):
            add(m.group("num"), m.start("num"))
    if "nextrequest" in text:
        for m in _NEXTREQUEST.finditer(text):
            add(m.group(1), m.start(1))
    # Label phrases stand at most a few words before their number: read only near digits.
    for lo, hi in number_zones(text, reach=_LABEL_REACH):
        for m in _REQUEST_DIGITS.finditer(text, lo, hi):
            if m.group("num"):
                add(m.group("num"), m.start("num"))
            elif (_NAMING_WORD.search(text, max(0, m.start() - 14), m.start())
                  and _plausible_labelled(m.group("num2"), "", numbered=True)):
                add(m.group("num2"), m.start("num2"))
        for m in _HASH_SLASHED.finditer(text, lo, hi):
            add(m.group("num"), m.start("num"))
        for rx in (_LABELLED, _ASSIGNED, _ENTERED_AS, _FILED_UNDER, _NUMBERED):
            for m in rx.finditer(text, lo, hi):
                num = m.group("num")
                numbered = (_LABEL_REQUIRES_WORD.search(text, m.start(), m.start("num")) is not None
                            or len(num) >= _LONG_REF and _REF_WORD.search(text, m.start(), m.start("num")) is not None)
                if num.isdigit() and not numbered:
                    continue
                if m.group(0).startswith("case") and not _CASE_OF_REQUEST.search(text, max(0, m.start() - 30), m.start()):
                    continue  # "the records associated with case # 23F055": a case in the records
                if _plausible_labelled(num, text[max(0, m.start() - 12) : m.start()], numbered=numbered):
                    add(num, m.start("num"))
                    _add_listed(text, m.end("num"), num, add)
        for rx in (_NUMBER_FIRST, _REFER_TO):
            for m in rx.finditer(text, lo, hi):
                if _plausible_labelled(m.group("num"), "", numbered=True):
                    add(m.group("num"), m.start("num"))
    # The subject, the Subject lines of mail quoted or forwarded in the body, and a letter's Re: line.
    quoted = [(m.group(1), m.start(1)) for m in _SUBJECT_LINE.finditer(text)] if ":" in text else []
    for line, at in [(subject, -1), *quoted]:
        numbers = []
        whole = _SUBJECT_ONLY_CODE.match(line) or (_SUBJECT_CODE.match(line) if at < 0 else None)
        if whole and _plausible_labelled(whole.group("num"), "", numbered=True):
            numbers.append(whole.group("num"))
        numbers += [m.group("num") for m in _SUBJECT_SHAPED.finditer(line)
                    if _plausible_labelled(m.group("num"), line[max(0, m.start() - 12) : m.start()])]
        numbers += [m.group("num") for m in _SUBJECT_LABELLED.finditer(line)
                    if _plausible_labelled(m.group("num"), "", numbered=True)]
        for num in numbers:
            if at < 0:
                add(num, line.find(num), source=line, rank=-1)  # the subject comes first
            else:
                add(num, at + line.find(num))
    if "e:" in text or "E:" in text:
        for m in _RE_LINE_CODE.finditer(text):
            if _plausible_labelled(m.group("num"), "", numbered=True):
                add(m.group("num"), m.start("num"))
    _add_short_forms(text, found)
    # Drop fragments of longer numbers (e.g. "2020-00123" inside "EPA-2020-00123").
    nums = sorted(found, key=lambda n: found[n] if found[n] >= 0 else text.find(n))
    return [n for n in nums if not any(n != o and n in o and not _is_short_form(n, o) for o in nums)]


def _shape(num: str) -> str:
    return re.sub(r"[A-Z]", "A", re.sub(r"\d", "9", num.upper()))


def _add_listed(text: str, pos: int, first: str, add: Callable[[str, int], None]) -> None:
    """Numbers of the same shape listed right after a labelled one."""
    while (m := _LIST_NEXT.match(text, pos)) and _shape(m.group("num")) == _shape(first):
        add(m.group("num"), m.start("num"))
        pos = m.end()


def _is_short_form(short: str, full: str) -> bool:
    head = _SHORT_FORM_HEAD.match(full)
    return head is not None and head.group(0) == short


def _add_short_forms(text: str, found: dict[str, int]) -> None:
    for num in list(found):
        head = _SHORT_FORM_HEAD.match(num)
        if head is None:
            continue
        for m in re.finditer(rf"(?<![\w-]){re.escape(head.group(0))}(?![\w-])", text):
            found.setdefault(head.group(0), m.start())
            break


_NUMBER_YEAR = (re.compile(r"(?:^|[A-Z]-|-)((?:19|20)\d{2})-"),  # FOIA-2023-000022, 2022-APHIS-00316-F
                re.compile(r"^[A-Z]\d{6}-(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])(\d{2})$"),  # R000549-111622 (GovQA: its date)
                re.compile(r"^(?:[A-Z]{2,6} ?#? ?)?([0-3]\d)-\d{3,6}$"))  # 22-17354, PRA 22-065


def year_of_numbers(numbers: list[str] | tuple[str, ...]) -> int | None:
    """The latest year the request numbers carry, if any does."""
    years = []
    for num in numbers:
        for rx in _NUMBER_YEAR:
            if m := rx.search(num):
                year = int(m.group(1))
                years.append(year + 2000 if year < 100 else year)
                break
    return max(years, default=None)
