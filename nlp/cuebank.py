"""High-precision wording cues per label: general agency phrasing, written for this project.

Each cue: (label, name, weight, patterns). A pattern is in the language of ``nlp.patterns``.
Weights: 1.0 decisive on its own, 0.5-0.8 supporting. The name is what people see as the reason.
"""

from __future__ import annotations

NOT = "not|n't|never"
REC = "records|record|documents|document|information|files|file|materials|emails|data|responsive"
REQ = "request|requests|foia|foil|foi|pra|cpra|opra|application"

CUES: list[tuple[str, str, float, list[str]]] = [
    # -- acknowledgement ------------------------------------------------------------------
    ("acknowledgement", "acknowledges receipt", 1.0, [
        "acknowledg* ~3 receipt", "confirm* ~2 receipt", "receipt of your ~4 " + f"{REQ}",
        "this letter|email|message|correspondence|notice|is ~2 acknowledg*",
        "acknowledg* that ~4 request ~3 received|submitted",
        "this is to confirm ~4 submitted|received",
    ]),
    ("acknowledgement", "request received", 0.7, [
        "have|has received your ~4 " + f"{REQ}|correspondence|email|letter",
        "we|office|department|agency received your",
        f"your ~6 {REQ} ~2 has|was|have been? received|logged|submitted|opened|created",
        f"{REQ} ~3 was|has been received by|in",
        "thank you for submitting|contacting ~5 " + f"{REQ}",
    ]),
    ("acknowledgement", "number assigned", 1.0, [
        "has|have|was|been assigned ~4 number|no|no.|#|reference|id",
        "assigned ~5 tracking|reference|case|request|control|file|log number|no|no.|#",
        "tracking|reference|case|control|confirmation number|no|no.|# is|:",
        "assigned for action|processing|handling",
        "please refer to this ~4 number|identifier",
        "refer to ~3 this|your ~3 number|reference ~3 future|all correspondence",
        "please provide|reference|cite|use ~3 the|your|this ~3 reference|tracking|case|request number",
    ]),
    ("acknowledgement", "processing under way", 0.5, [
        "currently [working on|processing|reviewing] ~3 request",
        "request ~3 [is being|will be] processed|reviewed",
        "processed|handled in the order ~2 received",
        "determination ~6 within|in approximately|by",
        "will ~3 respond ~6 within ~3 days",
        "delay in processing",
        "queue|backlog of ~3 requests",
    ]),
    # -- expedited processing ---------------------------------------------------------------
    ("expedite_denied", "expedite denied", 1.0, [
        "expedit* ~8 is|are|has|have|was|were|be been? hereby? denied",
        "den* ~6 expedit*", "expedit* ~6 not been? granted|warranted|justified|approved",
        f"{NOT} ~6 meet|met|satisfy|satisfied|qualify|demonstrate|warrant ~8 expedit*",
        "expedit* ~8 " + f"{NOT} ~3 met|meet|satisfied|demonstrated|warranted",
        "request for expedit* ~10 must|cannot|could|can|will ~2 be? denied|rejected",
    ]),
    ("expedite_granted", "expedite granted", 1.0, [
        "expedit* ~8 is|are|has|have|was been? hereby? granted|approved",
        "grant* ~6 expedit*", "approv* ~6 expedit*",
    ]),
    # -- fees -----------------------------------------------------------------------------
    ("fee_notice", "fee estimate", 1.0, [
        "fee|fees|cost|costs estimate", "estimat* ~3 fee|fees|cost|costs|charge|charges|total|amount",
        "estimat* the cost|fees", "statement of ~2 cost|costs|charges|fees",
        "fee|fees|charges|cost|costs ~4 [total|totals|totaling|amount to|will be|are|is] ~2 $",
        "cost ~4 [to complete|to process|to produce|for this request]",
        "quote ~4 for|is",
    ]),
    ("fee_notice", "payment asked", 1.0, [
        "[advance payment|deposit]", "amount|balance due|owed|owing", "remaining|outstanding|unpaid balance",
        "invoice", "[check|checks|money order] ~3 payable", "payable to",
        "please ~3 [remit|pay|submit payment|send payment|make payment]",
        "once|upon|after|until ~4 payment|pay ~4 received|release|made|fee",
        "pending payment", "receipt of payment", "payment ~4 [must be|is required|is due|before]",
        "fee ~3 issued", "pay ~3 fee|fees|invoice|balance|cost|costs|charges",
    ]),
    ("fee_notice", "agreement to pay", 0.8, [
        "agree|agreed|willing|willingness|commit* ~2 to pay", "fee|fees agreement|assurance|commitment",
        "notify us ~6 willingness", "proceed ~6 fee|fees|cost|costs|payment|charges",
        "charges ~3 exceed", "authoriz* ~4 fees|charges|costs",
    ]),
    ("fee_notice", "fee amounts", 0.5, [
        "$ # ~3 per hour|page", "hourly rate", "at a rate of", "per page", "duplication|search|review|copying fees|charges|costs",
    ]),
    ("fee_waiver_denied", "fee waiver denied", 1.0, [
        "fee waiver|reduction ~8 is|are|has|have|was been? hereby? denied",
        "waiver of ~2 fees|fee|costs ~8 is|has|was been? denied",
        "den* ~6 fee waiver", "den* ~6 waiver of ~2 fee|fees",
        f"fee waiver ~8 {NOT} ~4 granted|met|meet|satisf*|qualify|warranted",
    ]),
    ("fee_waiver_granted", "fee waiver granted", 1.0, [
        "fee waiver|reduction ~8 is|has|was|have been? hereby? granted|approved",
        "waiver of ~2 fees|fee|costs ~8 is|has|was been? granted|approved",
        "grant* ~6 fee waiver", "grant* ~6 waiver of ~2 fee|fees",
        "fees|fee ~3 waived",
    ]),
    # -- productions --------------------------------------------------------------------------
    ("production_interim", "interim release", 1.0, [
        "interim response|release|production|installment|disclosure",
        "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|next|latest|additional|partial "
        "interim? [installment|release|production|batch|tranche|set of records]",
        "rolling basis|release|releases|production|productions", "partial release|response|production|disclosure",
        "a portion of the ~2 records|documents", "more|further|additional records|documents ~4 [will follow|to follow]",
    ]),
    ("production_interim", "more to come", 0.8, [
        "[remaining|additional|rest of the|other] ~4 records|documents|pages|material ~6 [will be|are being|are still being|still] ~2 processed|reviewed|released|produced|provided",
        "continu* ~3 process*|review*|search*",
        "will ~3 provide|release|send|produce ~6 remaining|additional|next|rest",
        "next ~3 release|production|installment ~6 [expect*|anticipat*|on or before|by]",
    ]),
    ("production_final", "final response", 1.0, [
        "final response|determination|release|production|installment",
        "this concludes|completes|closes ~4 response|processing|request",
        "request ~4 [has been|is now|is] ~2 fulfilled|completed|complete|satisfied|met",
        "fully satisfies|fulfills", "last of ~4 records|documents",
        "now complete", "records request ~2 complete",
    ]),
    ("production_final", "records released", 0.8, [
        f"{REC} ~6 are|is|were|was|been|being ~2 released|enclosed|attached|provided|produced|available|uploaded|disclosed",
        "enclosed|attached ~2 [please find|are|is|you will find]",
        "please see|find ~3 attached|enclosed",
        "see the attached ~3 " + f"{REC}|response|letter",
        "attached ~6 responsive|records|documents",
        "released|releasable|disclosed ~3 [in full|in part|in their entirety|in its entirety]",
        "responsive " + f"{REC} ~6 attached|enclosed|uploaded|available|released|provided",
        "documents have been released", "document has been released",
        "records ~4 available ~4 download|link|portal",
        "released ~2 to you", "copy of the ~4 you requested",
    ]),
    ("production_final", "redactions", 0.6, [
        "redact* ~6 pursuant|under|per|exempt*", "partially releasable", "portions ~6 withheld|redacted",
        "withheld ~6 [pursuant to|under] ~4 exemption*",
    ]),
    # -- no records -----------------------------------------------------------------------------
    ("no_records", "no records found", 1.0, [
        "no ~2 responsive? " + f"{REC} ~6 found|located|identified|held",
        f"did|does|could|can|was|were {NOT} ~2 locate|find|identify|uncover ~8 {REC}",
        f"{NOT} able to locate|find|identify", "unable to locate|find|identify",
        f"no {REC} ~2 responsive", "no responsive " + f"{REC}",
        f"search ~8 no|zero|negative ~2 results|{REC}", "did not yield|produce|reveal ~3 any|responsive",
        "no such " + f"{REC}|documents|records", "there are no ~8 " + f"{REC}|records|documents|spreadsheets|databases|lists|logs|reports|responsive",
        "there is no ~6 " + f"{REC}|record|document|report|data",
    ]),
    ("no_records", "not held", 1.0, [
        f"do|does|did {NOT} ~2 have|maintain|possess|hold|keep|collect|create|retain|track ~6 {REC}|records|documents|lists|data|such|any|this|that|the",
        f"{NOT} ~2 in possession|custody of", f"{NOT} ~3 maintained|kept|collected|held|retained by",
        "information ~2 is not held", "does not hold", "not the custodian|custodians",
        f"{NOT} ~4 any ~2 responsive",
    ]),
    # -- denial ------------------------------------------------------------------------------
    ("denial", "withheld in full", 1.0, [
        "withh* ~6 [in full|in its entirety|in their entirety]", "denied|exempt ~2 [in full|in its entirety|in their entirety]",
        "neither confirm nor deny", "existence or nonexistence|non-existence",
    ]),
    ("denial", "request denied", 1.0, [
        f"{REQ} ~4 [is|are|has been|have been|must be|was] hereby? denied",
        "must|will|hereby|to ~2 deny ~3 your|this ~2 request",
        f"{NOT} subject to disclosure|release", f"{NOT} ~2 public records", "refus* ~4 request|disclose",
        "decline ~3 to|your ~3 release|disclose|request", "cannot be released|disclosed|provided",
    ]),
    ("denial", "exempt", 0.5, [
        "exempt from ~3 disclosure|release|production", "confidential ~6 not|cannot ~3 released|disclosed",
        "protected from disclosure", "privileged",
    ]),
    # -- clarification --------------------------------------------------------------------------
    ("clarification_needed", "clarification", 1.0, [
        "clarif*", "too broad", "overly broad", "unduly burdensome", "reasonably describe*",
        "narrow|limit|reformulate|rephrase|refine|modify ~3 the|your ~2 request|scope|search",
        "more specific", "please specify", "perfect ~2 request", "fix is required",
        "additional|more information ~6 to ~2 process|locate|identify|search",
        "we are uncertain|unclear", "unable to determine ~4 seeking|requesting",
    ]),
    ("clarification_needed", "still interested", 1.0, [
        "still interested", "continued interest", "no longer interested", "administratively clos*",
        "wish to ~3 continue|proceed|pursue ~3 request", "would you like ~4 continue|proceed",
    ]),
    # -- extension ---------------------------------------------------------------------------
    ("extension", "extension", 1.0, [
        "extension", "extend* ~4 [time|deadline|date|period|response|timeline|due date]",
        "unusual circumstances", "additional|another ~2 ten|10|fourteen|14|five|5|twenty|20 ~3 working|business|calendar|day|days",
        "unable to meet ~8 deadline|date", "need|needs|require|requires ~2 additional|more time",
        "6253(c)|7922.535|552(a)(6)(b)|552(a)(6)(b)(i)", "new|revised|updated|amended ~3 estimated|anticipated|due|completion|response date",
        "estimated|anticipated|expected completion|response|production date",
    ]),
    # -- referral ----------------------------------------------------------------------------
    ("referral", "referred", 1.0, [
        "referred|forwarded|transferred|routed|rerouted ~8 to ~6 agency|component|office|department|bureau|division|custodian|for",
        "referral", "respond ~3 directly", "refer ~4 request ~4 to",
        "direct your request to", "[should|may wish to|would need to|suggest|recommend] ~4 contact|submit|send|file|reach ~6 directly|agency|department|office|division|bureau",
        f"{NOT} ~2 the ~2 main|primary|proper|appropriate ~2 custod*|agency|office",
    ]),
    # -- appeals ---------------------------------------------------------------------------
    ("appeal_related", "appeal decided or received", 1.0, [
        "your ~3 appeal ~10 received|granted|denied|remanded|affirmed|docketed|assigned|closed|decided|considered",
        "received|acknowledge*|decided|adjudicated|reviewed your ~3 appeal", "in response to your ~3 appeal",
        "responds|respond|response to your ~3 appeal", "you appealed", "appeal number|no|no.|#",
        "affirm*|remand* ~6 action|determination|decision|response|appeal",
        "final determination on your ~3 appeal", "agency release panel", "determination on ~2 appeal",
    ]),
    # -- portals (content; sender and subject are read in nlp.portals) -----------------------------
    ("portal_notice", "portal account", 1.0, [
        "one time passcode|password", "passcode", "reset ~2 password", "verify your email|account",
        "[log in|login|sign in] ~4 account|portal", "portal account", "security key", "activate ~3 account",
        "authorization url|link", "has been processed with the following",
        "request status|state ~3 changed|updated",
        "efoia files available", "do not reply to this ~2 email|message", "this is an automated ~2 message|email|notification",
    ]),
    ("portal_notice", "online status check", 0.5, ["check|track|monitor|view ~3 status ~4 online|portal|request|website"]),
    # -- other ----------------------------------------------------------------------------------
    ("other", "message recalled", 1.0, ["would like to recall the message"]),
    ("other", "delivery failure", 1.0, ["could not be delivered", "delivery has failed", "undeliverable"]),
    ("other", "test message", 0.8, ["this is a test email|message"]),
]
