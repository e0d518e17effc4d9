"""High-precision wording cues per label: the explanation shown to people.

Each cue is a short named pattern of general agency wording (not any one letter's sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nlp.labels import Label as L

_W = r"\W+(?:\w+\W+){0,6}?"  # up to six words in between


@dataclass(frozen=True)
class Cue:
    label: str
    name: str
    pattern: re.Pattern[str]
    weight: float = 1.0


def _c(label: str, name: str, pattern: str, weight: float = 1.0) -> Cue:
    return Cue(label, name, re.compile(pattern, re.I), weight)


CUES: list[Cue] = [
    # acknowledgement
    _c(L.ACKNOWLEDGEMENT, "acknowledges receipt", r"\backnowledg\w*\s+(?:the\s+)?receipt\b|\bconfirm\w*\s+(?:the\s+)?receipt\b"),
    _c(L.ACKNOWLEDGEMENT, "request received", r"\b(?:we|this office|our office|the department|the agency)\s+(?:has\s+|have\s+)?received\s+your\b|\byour\s+(?:\w+\s+){0,5}request\s+(?:was|has been|is)\s+received\b"),
    _c(L.ACKNOWLEDGEMENT, "number assigned", r"\b(?:has been|was|been)\s+assigned\s+(?:the\s+|a\s+)?(?:\w+\s+){0,3}(?:number|no\.|#)|\bassigned\s+(?:to\s+your\s+request|reference)\b"),
    _c(L.ACKNOWLEDGEMENT, "this acknowledges", r"\bthis\s+(?:letter|email|e-mail|message|is to)\s+(?:\w+\s+)?acknowledge"),
    _c(L.ACKNOWLEDGEMENT, "request submitted", r"\byour (?:\w+\s+){0,4}request has been (?:submitted|logged|opened|created)\b|\bthank you for (?:your|submitting)\b" + _W + r"request", 0.6),
    # expedited processing
    _c(L.EXPEDITE_DENIED, "expedite denied", r"\bexpedit\w*\b" + _W + r"\b(?:is|are|has been|have been|must be|was)\s+(?:hereby\s+)?denied\b|\bden(?:y|ied|ying)\b" + _W + r"\bexpedit\w*"),
    _c(L.EXPEDITE_DENIED, "expedite criteria not met", r"\b(?:not|n't)\s+(?:\w+\s+){0,4}(?:met|meet|satisf\w*|qualif\w*|warrant\w*|demonstrat\w*)\b" + _W + r"\bexpedit\w*|\bexpedit\w*\b" + _W + r"\b(?:not|n't)\s+(?:been\s+)?(?:met|meet|warranted|justified)"),
    _c(L.EXPEDITE_GRANTED, "expedite granted", r"\bexpedit\w*\b" + _W + r"\b(?:is|has been|was|have been)\s+(?:hereby\s+)?(?:granted|approved)\b(?!\s+(?:only|if|when|where|unless))|\bgrant\w*\s+(?:\w+\s+){0,4}expedit\w*"),
    # fees
    _c(L.FEE_NOTICE, "fee estimate", r"\b(?:fee|cost)s?\s+estimate\b|\bestimated?\s+(?:\w+\s+){0,3}(?:fees?|costs?|charges?)\b"),
    _c(L.FEE_NOTICE, "payment requested", r"\b(?:advance payment|amount due|balance due|remit\w*|payment (?:of|is required|must be)|please (?:submit|send|make) (?:your )?payment|check or money order|payable to)\b"),
    _c(L.FEE_NOTICE, "agree to pay", r"\b(?:agree\w*|willing\w*|commit\w*)\s+to\s+pay\b|\bwillingness to pay\b|\bfee (?:agreement|assurance)\b", 0.8),
    _c(L.FEE_WAIVER_DENIED, "fee waiver denied", r"\b(?:fee\s+waiver|waiver\s+of\s+(?:the\s+)?fees?|fee\s+reduction)\b" + _W + r"\b(?:is|are|has been|was|must be)\s+(?:hereby\s+)?denied\b|\bden(?:y|ied|ying)\b" + _W + r"\b(?:fee\s+waiver|waiver\s+of\s+fees)"),
    _c(L.FEE_WAIVER_GRANTED, "fee waiver granted", r"\b(?:fee\s+waiver|waiver\s+of\s+(?:the\s+)?fees?|fee\s+reduction)\b" + _W + r"\b(?:is|has been|was)\s+(?:hereby\s+)?granted\b|\bgrant\w*\s+(?:\w+\s+){0,4}(?:fee\s+waiver|waiver\s+of\s+fees)"),
    # productions
    _c(L.PRODUCTION_INTERIM, "interim release", r"\binterim\s+(?:release|response|production)\b|\b(?:first|second|third|next|partial)\s+(?:interim\s+)?(?:release|production|installment)\b|\brolling\s+(?:basis|release|production)\b"),
    _c(L.PRODUCTION_INTERIM, "more to come", r"\b(?:remaining|additional|rest of the)\s+(?:responsive\s+)?(?:records|documents|pages)\b" + _W + r"\b(?:will be|are being|continue to be)\s+(?:processed|reviewed|released|produced|provided)\b|\bcontinu\w+\s+to\s+process\s+(?:your|the)\s+request", 0.8),
    _c(L.PRODUCTION_FINAL, "final response", r"\bfinal\s+(?:response|determination|release|production)\b|\bthis\s+(?:concludes|completes|closes)\s+(?:our|the|this office's)\b"),
    _c(L.PRODUCTION_FINAL, "records released", r"\b(?:records?|documents?|pages?|files?)\b" + _W + r"\b(?:are|is|were|was|being)\s+(?:\w+\s+)?(?:released|enclosed|attached|provided|produced|available)\b|\b(?:enclosed|attached)\s+(?:please\s+find|are|is)\b|\breleas\w+\s+(?:in\s+full|in\s+part)\b", 0.8),
    _c(L.PRODUCTION_FINAL, "partially releasable", r"\b(?:partially|partly)\s+releasable\b|\breleasable\s+in\s+(?:their\s+)?(?:entirety|part)\b|\bwith\s+(?:certain\s+)?(?:information|portions)\s+(?:withheld|redacted)\b"),
    # no records
    _c(L.NO_RECORDS, "no records found", r"\bno\s+(?:responsive\s+)?(?:records|documents)\b" + _W + r"\b(?:were|was|could be|have been|are)\s+(?:found|located|identified|held)\b|\b(?:did|does|could)\s+not\s+(?:locate|find|identify)\s+(?:any\s+)?(?:responsive\s+)?(?:records|documents)\b|\bunable\s+to\s+locate\s+(?:any\s+)?(?:\w+\s+)?(?:records|documents)\b|\bno\s+records\s+responsive\b"),
    _c(L.NO_RECORDS, "not held", r"\b(?:does|do)\s+not\s+(?:hold|have|maintain|possess)\s+(?:any\s+)?(?:\w+\s+){0,2}(?:records|information|documents)\b|\binformation\s+(?:is\s+)?not\s+held\b"),
    # denial
    _c(L.DENIAL, "withheld in full", r"\bwithh(?:e|o)ld\w*\s+(?:\w+\s+){0,4}(?:in\s+(?:full|(?:its|their)\s+entirety))\b|\b(?:denied|exempt)\s+in\s+(?:full|(?:its|their)\s+entirety)\b"),
    _c(L.DENIAL, "request denied", r"\byour\s+(?:\w+\s+){0,3}request\s+(?:is|has been|must be)\s+(?:hereby\s+)?denied\b|\b(?:must|will)\s+deny\s+your\s+request\b"),
    _c(L.DENIAL, "glomar", r"\bneither\s+confirm\s+nor\s+deny\b"),
    # clarification
    _c(L.CLARIFICATION_NEEDED, "clarification", r"\bclarif(?:y|ication)\b|\bnarrow\s+(?:the\s+scope|your\s+request)\b|\btoo\s+broad\b|\breasonably\s+describe\b|\bmore\s+specific\b"),
    _c(L.CLARIFICATION_NEEDED, "still interested", r"\bstill\s+interested\b|\bcontinued\s+interest\b|\bno\s+longer\s+interested\b|\badministratively\s+clos\w+"),
    # extension
    _c(L.EXTENSION, "extension", r"\bextension\b|\bextend\w*\s+(?:the\s+)?(?:time|deadline|date|period|response)\b|\bunusual\s+circumstances\b|\badditional\s+(?:ten|10|\w+)\s+(?:\(\d+\)\s+)?(?:working|business)\s+days\b"),
    # referral
    _c(L.REFERRAL, "referred", r"\b(?:referred|forwarded|transferred|re-?routed)\s+(?:\w+\s+){0,4}(?:to|for)\s+(?:the\s+)?(?:\w+\s+){0,4}(?:agency|component|office|department|bureau|division)\b|\bwill\s+respond\s+(?:to\s+you\s+)?directly\b|\breferral\b"),
    # appeals
    _c(L.APPEAL_RELATED, "appeal decided or received", r"\byour\s+(?:administrative\s+|FOIA\s+)?appeal\b\W+(?:\w+\W+){0,8}?(?:was|has been|is|were)\s+(?:received|granted|denied|remanded|affirmed|docketed|assigned|closed|decided)\b|\b(?:received|acknowledge\w*|decided|adjudicated)\s+your\s+(?:administrative\s+|FOIA\s+)?appeal\b|\b(?:responds?|response)\s+to\s+your\s+(?:administrative\s+|FOIA\s+)?appeal\b"),
    _c(L.APPEAL_RELATED, "appeal number", r"\bappeal\s+(?:number|no\.|#)|\b(?:affirm|remand)\w*\b\W+(?:\w+\W+){0,6}?(?:appeal|initial (?:action|determination|response))\b|\b\d{4}-[A-Z]{2}AP-\d{5}\b"),
]

# The order in which a label is preferred as the primary one when several fire.
PRECEDENCE: tuple[str, ...] = (
    L.APPEAL_RELATED, L.PRODUCTION_FINAL, L.NO_RECORDS, L.DENIAL, L.PRODUCTION_INTERIM,
    L.REFERRAL, L.FEE_NOTICE, L.CLARIFICATION_NEEDED, L.EXTENSION, L.EXPEDITE_DENIED,
    L.EXPEDITE_GRANTED, L.FEE_WAIVER_DENIED, L.FEE_WAIVER_GRANTED, L.ACKNOWLEDGEMENT,
    L.PORTAL_NOTICE, L.OTHER,
)


def fire(text: str) -> list[tuple[Cue, str]]:
    """Every cue that matches, with the text it matched."""
    hits: list[tuple[Cue, str]] = []
    for cue in CUES:
        m = cue.pattern.search(text)
        if m:
            hits.append((cue, m.group(0)))
    return hits
