"""High-precision wording cues per label: general agency phrasing, written for this project.

Each cue: (label, name, weight, patterns). A pattern is in the language of ``nlp.patterns``.
A few cues are signals rather than decisions (``SIGNALS``): "this is our final response" and
"you may appeal" stand beside every kind of decision; the combiner learns what they add.
Weights: 1.0 decisive on its own, 0.5-0.8 supporting. The name is what people see as the reason.
"""

from __future__ import annotations

NOT = "not|n't|never"
REC = "records|record|documents|document|information|files|file|materials|emails|data|responsive"
REQ = "request|requests|foia|foil|foi|pra|cpra|opra|application"
ITEMS = f"{REC}|pages|emails|e-mails|videos|video|footage|recordings|recording|reports|report|photos|photographs|items|materials|spreadsheet|spreadsheets|logs|log"

SIGNALS = frozenset({"final", "appeal_rights", "located"})

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
        "received your ~4 " + f"{REQ}|correspondence|email|letter",
        f"your ~6 {REQ} ~2 has|was|have been? received|logged|submitted|opened|created",
        "[submitted successfully|successfully submitted|successfully received|received successfully|successfully filed]",
        f"{REQ} ~3 was|has been received by|in",
        "thank you for submitting|contacting ~5 " + f"{REQ}",
        f"{REQ} ~3 has|have been? ~2 assigned ~3 to ~3 analyst|specialist|officer|staff|processor|coordinator|team|department",
    ]),
    ("acknowledgement", "thanks for the request", 0.3, [
        # every kind of reply opens with it, a UK final answer as often as an acknowledgement
        "thank you for your ~4 " + f"{REQ}",
    ]),
    ("acknowledgement", "number assigned", 1.0, [
        "has|have|was|been assigned ~4 number|no|no.|#|reference|id",
        "has|have|was|been given|issued ~4 number|no|no.|#|reference|id",
        "assigned ~5 tracking|reference|case|request|control|file|log number|no|no.|#",
        "assigned for action|processing|handling",
    ]),
    ("acknowledgement", "reference number", 0.4, [
        # a reference printed, or the requester asked to quote it: every kind of letter says this
        "tracking|reference|case|control|confirmation number|no|no.|# is|:",
        "please refer to this ~4 number|identifier",
        "refer to ~3 this|your ~3 number|reference ~3 future|all correspondence",
        "please provide|reference|cite|use ~3 the|your|this ~3 reference|tracking|case|request number",
    ]),
    ("acknowledgement", "processing under way", 0.5, [
        "currently [working on|processing|reviewing] ~3 request",
        "request ~3 [is being|will be] processed|reviewed",
        "processed|handled in the order ~2 received",
        "[make a|issue a|reach a|making a|issuing a|provide a|send a|make our|issue our|make its|issue its] ~3 determination ~6 [within|in approximately|by]",
        "determination ~3 [will be made|will be issued|will be sent|is expected|is due|should be made] ~4 within|by|on",
        "will ~3 respond ~6 within ~3 days",
        "delay in processing",
        # UK: "your request is being handled under the Freedom of Information Act 2000 and we aim to respond within"
        "[being handled|being dealt with|being considered|being processed|will be handled|will be dealt with] under",
        "aim|aims|endeavour|endeavor|endeavours|endeavors ~3 to ~2 respond|reply|provide|answer ~6 within|by",
        "[get back to you|be in touch|follow up with you|reach out to you] ~4 within|by|in|once|when|soon",
        "[will let you know|will notify you|will contact you|will inform you|will email you|will advise you] ~6 when|once|soon ~6 ready|available|complete|completed|done|located",
        "queue|backlog of ~3 requests",
    ]),
    ("acknowledgement", "in receipt", 1.0, [
        "in receipt of ~3 your|the|this ~3 " + f"{REQ}|email|letter|correspondence|message",
        "i|we have? received your ~3 " + f"{REQ}|email|letter",
        "acknowledg* letter|notice|email", "official receipt date", "date of receipt",
        "attached|enclosed|attaching|enclosing ~4 acknowledg*",
        "number ~6 has|have|was been? assigned", "in the order of receipt",
        "will [get started|begin|start] ~3 on|working|processing|pulling|gathering|searching",
    ]),
    ("acknowledgement", "routed for a response", 0.8, [
        # passed inside the office to whoever answers it (not another body: that is a referral)
        "forwarded|sent|routed|passed|assigned|given ~3 to the? ~2 appropriate|relevant|responsible|proper|correct ~2 department|departments|division|divisions|staff|team|teams|office|unit|units|person|individual|custodian|custodians|section|area|service",
        "[placed in|added to|entered into|entered in] ~3 queue|system|log|tracking",
        "request ~4 [in our queue|in the queue]",
    ]),
    ("acknowledgement", "work under way", 0.5, [
        "currently|now|are|am ~2 researching|gathering|compiling|collecting|searching|locating|reviewing",
        "still ~3 compiling|reviewing|gathering|collecting|processing|searching",
        "to the extent ~4 exist", "requested|asked ~4 from ~3 department|division|office|unit|custodian",
    ]),
    # -- expedited processing ---------------------------------------------------------------
    ("expedite_denied", "expedite denied", 1.0, [
        "expedit* ~8 is|are|has|have|was|were|be been? hereby? denied",
        "den* ~6 expedit*", "expedit* ~6 not been? granted|warranted|justified|approved",
        f"{NOT} ~6 meet|met|satisfy|satisfied|qualify|demonstrate|warrant ~8 expedit*",
        "expedit* ~8 " + f"{NOT} ~3 met|meet|satisfied|demonstrated|warranted",
        "request for expedit* ~10 must|cannot|could|can|will ~2 be? denied|rejected",
        f"{NOT} ~3 established|demonstrated|shown|show|establish|demonstrate|met ~4 [a compelling need|compelling need|an urgency|urgency|an urgent need|urgent need|exceptional need|the standard for expedit*|the criteria for expedit*]",
        "[no urgency|no compelling need|no compelling reason|not a compelling need|not demonstrate urgency]",
    ]),
    ("expedite_granted", "expedite granted", 1.0, [
        "expedit* ~8 is|are|has|have|was been? hereby? granted|approved",
        "grant* ~6 expedit*", "approv* ~6 expedit*",
        # "your request qualifies for expedited processing" (a sentence that says "not" is taken back)
        "qualif* ~4 for ~2 expedit*", "meet|meets|met|satisfies|satisfied ~4 [criteria|standard|standards|requirements] ~4 expedit*",
        "[will be expedited|has been expedited|is being expedited|have been expedited]",
    ]),
    # -- fees -----------------------------------------------------------------------------
    ("fee_notice", "fee estimate", 1.0, [
        "fee|fees|cost|costs estimate", "estimat* ~3 fee|fees|cost|costs|charge|charges|total|amount",
        "estimat* the cost|fees", "statement of ~2 cost|costs|charges|fees",
        "fee|fees|charges|cost|costs ~4 [total|totals|totaling|amount to|will be|are|is] ~2 $",
        "cost ~4 [to complete|to process|to produce|for this request]",
        "quote ~4 for|is",
        "charge|charges|fee|fees|cost|costs|price ~4 [is|are|will be|would be|comes to|come to|amounts to|totals] ~2 $",
        "will|would ~2 cost|costs ~3 $",
        "good faith estimate", "estimate ~4 following|below", "fees ~3 [calculated|computed|broken down]",
        "you ~2 must|will ~2 [pay|be charged|be responsible for]",
    ]),
    ("fee_notice", "payment asked", 1.0, [
        "[check|checks|money order|payment] ~3 in the amount of", "in the amount of ~2 $ ~6 payable|payment|check|remit|submit|pay",
        "[how you would like to pay|how you wish to pay|how you want to pay]",
        "[advance payment|deposit]", "amount|balance due|owed|owing", "remaining|outstanding|unpaid balance",
        "invoice", "[check|checks|money order] ~3 payable", "payable to",
        "please ~3 [remit|pay|submit payment|send payment|make payment]",
        "once|upon|after|until ~4 payment|pay ~4 received|release|made|fee",
        "pending payment", "receipt of payment", "payment ~4 [must be|is required|is due|before]",
        "fee ~3 issued", "pay ~3 fee|fees|invoice|balance|cost|costs|charges",
        "pay [online|by check|by credit card]", "[credit card|money order]", "[method of payment|payment method|payment options]",
        "fee|fees|charge|charges|cost|costs|deposit|payment ~3 of ~2 $", "$ # ~4 fee|fees|charge|charges|deposit|payment|estimate",
        "before ~4 [proceed|continue|begin|process|release] ~6 fee|fees|pay|payment|cost|costs|charges",
        # a sum to send, however asked: "please mail a check", "please send $7.50 to cover", "it will be $3 for the copies"
        "please|kindly ~2 mail|send|forward|submit|bring|drop off ~3 [a check|the check|your check|a money order|the money order|payment|the payment|the fee|the amount]",
        "please|kindly ~2 send|remit|submit|pay|mail|forward ~2 $",
        "[it will be|that will be|it would be|that would be|it 's|it is|the total is|the total will be] ~2 $ # ~4 for|to",
        "cost|costs|charge|charges|fee|fees|total|amount ~2 : ~6 $",
    ]),
    ("fee_notice", "agreement to pay", 0.8, [
        "agree|agreed|willing|willingness|commit* ~2 to pay", "fee|fees agreement|assurance|commitment",
        "notify us ~6 willingness", "proceed ~6 fee|fees|cost|costs|payment|charges",
        "charges ~3 exceed", "authoriz* ~4 fees|charges|costs",
        # asked whether to go on, after a price: "would you like us to proceed with the remaining pages?"
        "[like us to proceed|like to proceed|want us to proceed|want to proceed|wish us to proceed|wish to proceed|wish to continue|like us to continue]",
    ]),
    ("fee_notice", "fee amounts", 0.5, [
        "$ # ~3 per hour|page", "hourly rate", "at a rate of", "per page", "duplication|search|review|copying fees|charges|costs",
        "fee category|categories",  # every federal acknowledgement names the requester's
    ]),
    ("fee_notice", "fee assessed", 0.8, [
        "fee ~3 [is being|will be|has been] assessed|charged", "assess* ~3 fee|fees|charge|charges",
        "cost ~3 of ~4 $", "total ~3 $", "$ # ~6 due|owed|payable|required",
    ]),
    ("fee_notice", "cost stated", 0.8, [
        # an amount in another currency or in words: "will cost £450", "charges of 75 dollars"
        "will|would ~2 cost|costs ~2 approximately|about|around|roughly|£|€|an|a",
        "£|€ ~3 [to comply|to process|to produce|to complete|for this request|in total|in fees]",
        "dollars ~4 fee|fees|charge|charges|cost|costs|deposit|payment",
        "charge|charges|fee|fees|cost|costs ~3 of ~2 £|€",
        "wish|want|like ~3 to ~2 proceed ~6 cost|costs|fee|fees|charge|charges|estimate",
    ]),
    ("fee_waiver_denied", "fee waiver denied", 1.0, [
        "fee waiver|reduction ~8 is|are|has|have|was been? hereby? denied",
        "waiver of ~2 fees|fee|costs ~8 is|has|was been? denied",
        "den* ~6 fee waiver", "den* ~6 waiver of ~2 fee|fees",
        "waiver|reduction of ~2 fees|fee|costs|charges ~10 [not meet|does not meet|did not meet|is denied|are denied|is therefore denied|is not granted|cannot be granted]",
        f"fee waiver ~8 {NOT} ~4 granted|met|meet|satisf*|qualify|warranted",
        f"{NOT} ~2 qualify|qualified|eligible|entitled ~4 for|to ~3 [a fee waiver|fee waiver|a waiver|waiver|a reduction|reduced fees]",
        f"{NOT} ~4 meet|met|satisfy|satisfied ~6 [fee waiver|a waiver|waiver of fees|waiver of the fees]",
    ]),
    ("fee_waiver_granted", "fee waiver granted", 1.0, [
        "fee waiver|reduction ~8 is|has|was|have been? hereby? granted|approved",
        "waiver of ~2 fees|fee|costs ~8 is|has|was been? granted|approved",
        "grant* ~6 fee waiver", "grant* ~6 waiver of ~2 fee|fees",
        "fees|fee ~3 waived",
        "waive|waiving ~3 all|the|any|your ~3 fees|fee|costs|charges", "fees|fee|costs|charges ~4 [will be waived|have been waived|are waived|are being waived]",
        # "you meet the criteria for a fee waiver" (a sentence that says "not" is taken back)
        "qualify|qualifies|qualified|eligible|entitled ~4 for|to ~3 [a fee waiver|fee waiver|a waiver|waiver]",
        "meet|meets|met|satisfy|satisfies ~4 [criteria|standard|standards|requirements] ~4 [fee waiver|a waiver|waiver]",
    ]),
    # -- productions --------------------------------------------------------------------------
    ("production_interim", "interim release", 1.0, [
        "interim response|release|production|installment|disclosure",
        "first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth|next|latest|additional|partial "
        "interim|monthly|rolling|weekly|quarterly|partial? [installment|release|production|batch|tranche|set of records]",
        "rolling basis|release|releases|production|productions", "partial release|response|production|disclosure",
        "a portion of the ~2 records|documents", "more|further|additional records|documents ~4 [will follow|to follow]",
    ]),
    ("production_interim", "more to come", 0.8, [
        "[remaining|additional|rest of the|other] ~4 records|documents|pages|material ~6 [will be|are being|are still being|still] ~2 processed|reviewed|released|produced|provided",
        "continu* ~3 process*|review*|search*",
        "will ~3 provide|release|send|produce ~6 remaining|additional|next|rest",
        "next ~3 release|production|installment ~6 [expect*|anticipat*|on or before|by]",
        "will|to ~4 forward|send|release|provide|produce ~3 more|additional|remaining|rest|further|next",
        "anticipate|expect ~8 release|produce|send|forward ~8 by|on|within",
    ]),
    ("production_interim", "further release", 0.6, [
        "in further response", "further|supplemental|subsequent response|release|production|disclosure",
        "first|second|third|one ~2 of ~2 several|multiple|many|two|three|four ~2 releases|productions|installments|batches|responses",
        "further|more|additional|remaining ~2 records|documents|pages ~4 [will be|are to be] ~2 released|produced|provided|sent ~4 as|when|once",
    ]),
    ("production_interim", "more releases to follow", 1.0, [
        # the office says it will go on releasing: a later batch, the rest, once a review is done
        "subsequent|next|further|later ~2 production|productions|release|releases|installment|installments|batch|batches",
        "will|to ~2 continue ~2 to? ~2 process|processing|review|reviewing ~6 remaining|rest|records|documents|request",
        "remaining|additional|further ~2 records|documents|pages|material|materials|files|emails|videos|footage|recordings ~6 will|shall ~3 be? ~2 released|produced|provided|sent|reviewed|processed",
        "once|when|after ~6 review|processing ~4 complete|completed|finished ~6 will ~3 send|release|provide|produce|forward",
        "as ~3 records|documents ~6 become ready|available",
        "anticipate|expect ~4 [able to|to|will] ~2 release|produce|provide ~3 additional|remaining|more|further|materials|records|documents",
        "anticipat*|expect*|plan|plans ~4 [producing|releasing|providing|sending|to produce|to release|to provide|to send] ~3 [additional|remaining|more|further|the rest|the remainder|next]",
        f"additional|remaining|other|more|rest ~3 {ITEMS} ~4 [are undergoing|are pending|are awaiting|require|requires|are in|are still|remain|remains|are being|is being|will be] ~3 consultation|consultations|review|redaction|redacted|reviewed|processed|processing|prepared|compiled|gathered|collected",
        "still being ~2 redacted|reviewed|processed|compiled|gathered|prepared|collected|located|searched",
        "[will be provided|will be sent|will be released|will follow|will be produced|will be forwarded] ~4 [in a separate|separately|in a later|in a subsequent|in another|under separate]",
        "request ~4 [remains open|will remain open|remain open|is still open|will stay open]",
        "supplement ~3 this|our|the|my ~2 response|production|release|disclosure",
        # (a release cue holding "not" is read as negated: "this is not a complete response" cannot be written here)
        "[more to follow|more to come|more will follow|additional to follow|to be continued]",
        "[balance of the|remainder of the|rest of the] ~2 records|documents|pages|materials|emails|files ~6 will ~3 be? ~2 provided|released|sent|produced|forwarded",
        "will be ~2 released|provided|sent|produced ~4 [when|once|after|upon] ~6 [finished|complete|completed|done|redacted|reviewed]",
        "[part 2|part two|part ii|second part|next batch|next set|next installment|next release] ~6 will|to|shall",
        "[first of|second of|third of|one of] ~2 two|three|four|five|several|multiple|many ~2 responses|releases|productions|installments|batches|parts",
        # the rest is waited for, still in work, or promised for a later day
        "[still working on|still waiting|still awaiting|are awaiting|am awaiting|are waiting on|am waiting on|are waiting for|am waiting for] ~6 part|records|documents|rest|remaining|remainder|emails|files|videos|footage|reports",
        "[i 'll|we 'll|i will|we will] ~2 upload|send|provide|release|forward|produce ~8 [next week|next month|in the coming|when received|when we receive|once received|once we receive|as they are received]",
        "will ~2 respond|release|provide|produce|send ~3 [regarding those|regarding these|about those|about these|on those|those records|these records|those documents|those pages|the rest|the remainder]",
        "[once the consultation|when the consultation|after the consultation|consultation is complete|consultations are complete]",
    ]),
    ("production_interim", "part of the records", 0.8, [
        # a first part now, the rest later: named as a part, said to be still in work, or kept open
        "part|batch|set|group|round|portion|installment|volume 1|one|i ~2 of",
        "first|1st|initial ~2 batch|set|group|round|portion|installment|production|release|part",
        "what|everything ~2 we have ~3 [so far|to date|at this time|at this point]",
        "[so far|to date|at this point|at this time] ~6 remaining|rest|more|additional|still|outstanding",
        "[get those|send those|get them|send the rest|get the rest|provide the rest|provide those|provide them] ~4 to you ~4 [as soon as|once|when]",
    ]),
    # -- signals: not a decision on their own; the combiner weighs them with what they stand beside
    # records found: before a release and before a refusal to release them alike
    ("located", "records located", 1.0, [
        "located ~4 records|documents|pages ~3 responsive", "has|have located ~4 records|documents|pages",
    ]),
    ("final", "final response", 1.0, [
        "final ~2 response|determination|release|production|installment",  # "final partial response"
        "this concludes|completes|closes ~4 response|processing|request",
        "request ~4 [has been|is now|is] ~2 fulfilled|completed|complete|satisfied|met",
        "fully satisfies|fulfills", "last of ~4 records|documents",
        "now complete", "records request ~2 complete",
        # nothing more will come: the request is closed with this release
        "request|file|matter ~3 [is now|has been|will now be|is hereby] ~2 closed",
        "no further|additional|more|other ~2 records|documents|pages|releases|productions|installments ~4 will|remain|to",
    ]),
    ("production_final", "request completed", 0.8, [
        f"{REQ} ~2 completed|fulfilled", f"{REQ} ~3 [has been|is|was] ~2 processed",
        "release ~3 those|these|the ~2 records|documents|pages|material",
        "[i am|i'm|we are|we're] attaching|sending|providing|enclosing ~4 records|documents|files|responsive|copies|copy|report|reports",
        "here is|are ~3 the ~3 records|documents|report|reports|information|data|files",
        "[here you go|here it is|here they are]",
        "[closure reason|reason for closure|closed reason|reason closed] ~6 [records provided|records released|fulfilled|completed|request completed|records produced|documents provided|documents released]",
        "[records provided|documents provided|records produced|documents produced]",
        "can be downloaded|accessed|retrieved|viewed ~4 at|here|from|via|using|through|by",
        "download ~4 records|documents|files|materials|responsive", "please see|find ~3 below|following|link",
        "we|i ~2 [are releasing|are providing|are producing|have released|have provided|am providing|am releasing|am sending|are sending|have attached|have enclosed]",
        "requested ~2 records|documents|information|files|report|reports|video|footage|data|material|materials ~4 attached|enclosed|available|provided|below",
        "information|records|data|documents ~4 as follows", "in answer|response to your ~2 question|questions",
        "hold|holds ~3 the|this|some ~2 information ~3 [requested|you requested|you asked]", "copies of ~4 [are attached|are enclosed|attached|enclosed]",
    ]),
    ("production_final", "records released", 0.8, [
        f"{REC} ~6 are|is|were|was|been|being ~2 released|enclosed|attached|provided|produced|available|uploaded|disclosed",
        "enclosed|attached ~2 [please find|are|is|you will find]",
        "please see|find ~3 attached|enclosed",
        "see the attached ~3 " + f"{ITEMS}|pdf|pdfs|response|letter",
        "attached ~6 responsive|records|documents",
        "released|releasable|disclosed ~3 [in full|in part|in their entirety|in its entirety]",
        "responsive " + f"{REC} ~6 attached|enclosed|uploaded|available|released|provided",
        "documents have been released", "document has been released",
        "records ~4 available ~4 download|link|portal",
        "released ~2 to you", "copy of the ~4 you requested",
    ]),
    ("production_final", "release stated", 0.8, [
        # copies, pages and extracts said to be enclosed, released or ready
        "copies|extracts|attachments|items ~4 are|is|were|been|being ~2 enclosed|attached|released|releasable|provided|produced|disclosed",
        "releasing|producing|disclosing|providing ~3 pages|page",
        "[are releasing|am releasing|is releasing|are producing|am producing|is producing|are disclosing|is disclosing] ~2 them|it|these|those|all|some|portions",
        "the enclosed|attached ~2 " + f"{REC}|copies|pages|extracts ~4 responsive|releasable|requested",
        "appropriate|suitable|approved for ~2 release|disclosure", "release|released|releasable ~2 without ~2 excision|redaction|redactions",
        # the requester can now get them
        "you [can|may|will be able to] ~2 access|download|view|retrieve|obtain|inspect ~4 " + f"{REC}|copies|response|responsive|them",
        f"{REC} ~4 [ready for|available for] ~2 download|pickup|review|viewing",
        "please find|see ~3 the? ~2 responsive|requested ~2 " + f"{REC}|copies|pages",
        # released with parts withheld
        "redacted portion|portions|information|material", "portions ~6 redacted|withheld",
        # the office (in any person) is handing them over now
        "pleased|happy|able ~2 to ~2 provide|release|send|share|enclose ~4 " + f"{REC}|copies|copy|pages|report|reports|enclosed|attached|requested|responsive",
        "[i 've|we 've|i have|we have] ~2 attached|enclosed|included|uploaded|provided|released ~4 " + f"{REC}|copies|copy|pages|report|reports|file|files|responsive|requested|them|it",
        f"{REQ} ~3 [is|has been|was|is hereby] ~2 granted ~2 in? ~2 full|part|partially",
        "[granted in part|partially granted|partial grant|full grant]",
        "completed|concluded|finalized|finished ~3 its|our|the|their ~2 response|production|processing",
        "is|are|am ~2 disclosing|releasing|producing|providing|enclosing|attaching ~4 " + f"{REC}|copies|copy|pages|extracts",
        "see attached", "identified|located ~3 the? ~2 enclosed|attached ~3 record|records|document|documents|pages|files",
        "results|response|responses ~8 [are now|is now|are|is] available ~4 at|via|through|on|in|from",
        "processing of your ~2 " + f"{REQ} ~2 [is|has been|is now] ~2 complete|completed",
    ]),
    ("production_final", "request granted", 0.8, [
        # the office grants the request or answers it, in the words of UK and US letters alike
        f"[are granting|am granting|have granted|has granted|hereby grant|will grant|grant] ~3 your|the|this ~2 {REQ}",
        "you ~2 [requested|asked for|sought|seek|are seeking|were seeking] ~4 [is attached|are attached|is enclosed|are enclosed|is provided|are provided|is included|are included|is below|are below|is available|are available]",
        "[i can confirm|we can confirm|can confirm] ~6 hold|holds|held ~4 information|the|some|this|records",
        "[our response|my response|the response|the answer|our answers|the answers|answers|responses] ~4 [is set out|are set out|is provided|are provided|is as follows|are as follows|can be found|follows|is below|are below|to your questions|to each]",
        "[information you requested|information requested|information you have requested|information you asked for] ~4 [is held|is attached|is enclosed|is provided|is set out|is below|is as follows|follows|can be found]",
    ]),
    ("production_final", "questions answered", 0.8, [
        # a reply laid out as the question asked and the answer to it
        "you asked :", "[our response|response|answer|our answer|reply] :", "in answer to ~3 question|questions|point|points",
    ]),
    ("production_final", "records handed over", 0.8, [
        # what is handed over is named in a thousand ways (a contract, the minutes, a bid tabulation, "what we
        # found"): the handing over is the cue; a letter of another kind handed over is taken back by context
        "here 's|is|are ~3 the|a|an|your|our|all|what|everything|copies|copy",
        "[i 've|we 've|i have|we have|i 'm|we 're|i am|we are] ~2 attached|enclosed|uploaded|attaching|enclosing|uploading",
        "[i 'm|we 're|i am|we are|i have|we have|i 've|we 've] ~2 sending|sent|forwarding|forwarded|emailing|emailed ~2 over|along|you",
        "[is attached|are attached|is enclosed|are enclosed|are linked|is linked]",
        f"{ITEMS}|copies|pdf|pdfs ~1 attached|enclosed", f"attaching|enclosing ~4 {ITEMS}|copies|copy|pdf|pdfs",
        "accompany|accompanies|accompanying ~2 this|the ~2 letter|email|e-mail|message|response",
        "in|within the attached|enclosed ~3 pdf|file|files|zip|folder|document|documents|attachment|attachments|spreadsheet|link",
        "[is in|are in|can be found in|may be found in|are located in|is located in|are contained in|is contained in] the ~2 attached|enclosed|attachment|attachments|zip|folder|link|portal|dropbox|box|sharefile",
        "[have been|has been|were|was] ~2 sent|mailed|emailed|delivered ~3 to you",
        "[is available|are available|can be found|can be downloaded|can be accessed] ~6 [following link|link below|link provided|this link|the link]",
        "[we have|i have|we 've|i 've|has|have] ~2 fulfilled|completed|satisfied ~3 your|the|this ~2 request",
        "[you requested|you asked for|you have requested|requested] ~3 [below|is below|are below|follows|as follows]",
        "[the requested|you requested|you asked for] ~4 [is on|are on|is at|are at|is posted|are posted|has been posted|have been posted|can be found on|can be found at]",
        "[were uploaded|was uploaded|have been uploaded|has been uploaded|were posted|was posted|have been posted|has been posted] ~4 to|in|on|into ~3 the|your|our ~2 dropbox|folder|portal|account|website|site|drive|box|sharefile|request|link",
        f"copies|copy|{ITEMS} ~4 [are being|is being|have been|has been|were|was] ~2 mailed|emailed|sent ~3 to you|today|separately|under",
        f"please find|see ~4 a|the|your ~2 copy|copies|{ITEMS}",
    ]),
    ("production_final", "redactions", 0.6, [
        "redact* ~6 pursuant|under|per|exempt*", "partially releasable", "portions ~6 withheld|redacted",
        "withheld ~6 [pursuant to|under] ~4 exemption*",
    ]),
    # -- no records -----------------------------------------------------------------------------
    ("no_records", "no records found", 1.0, [
        "no ~2 responsive? " + f"{ITEMS} ~6 found|located|identified|held",
        "found|located|identified|retrieved ~2 no ~3 " + f"{ITEMS}",
        f"did|does|could|can|ca|was|were {NOT} ~2 locate|find|identify|uncover ~8 {REC}",
        f"{NOT} able to locate|find|identify", "unable to locate|find|identify",
        f"no {REC} ~2 responsive", "no responsive " + f"{REC}",
        "records|files|search|searches|database|system|systems|review ~2 show|shows|showed|indicate|indicates|indicated|reflect|reflects|reflected|revealed ~3 no|zero",
        f"search ~8 no|zero|negative ~2 results|{REC}", "did not yield|produce|reveal ~3 any|responsive",
        "no such " + f"{REC}|documents|records", "there are no ~8 " + f"{REC}|records|documents|spreadsheets|databases|lists|logs|reports|responsive",
        "there is no ~6 " + f"{REC}|record|document|report|data",
        "returned|yielded|produced|revealed ~2 no|zero ~2 results|records|hits|matches|documents",
        "no records ~2 response|determination|letter|certification|certificate",
    ]),
    ("no_records", "nothing found", 1.0, [
        "nothing ~3 responsive? ~2 [was found|were found|was located|was identified|could be found|could be located|has been found|has been located]",
        "[did not find|didn't find|could not find|couldn't find|did not locate|could not locate|failed to locate|failed to find] ~3 anything|any|responsive",
        "search|searches ~8 [came back empty|were negative|was negative|negative results|no hits|no matches|came up empty]",
        "found|located|identified nothing",
        "nothing|none ~3 on file", "no ~2 record|records|reports|report|files ~2 on file",
    ]),
    ("no_records", "closure reason: none found", 1.0, [
        "[closure reason|reason for closure|closed reason|reason closed|closing reason|final disposition|disposition] ~6 [no responsive|no records|no documents|not held|does not exist|do not exist|none exist|no such|not located|not found|none found]",
    ]),
    ("no_records", "records no longer kept", 0.8, [
        # what once existed was not kept: overwritten, purged, destroyed under a retention schedule
        "[not retained|no longer retained|not preserved|no longer exist|no longer exists|no longer maintained|no longer on file]",
        "[been destroyed|was destroyed|were destroyed|been purged|was purged|were purged|was overwritten|were overwritten|been overwritten|been disposed|was disposed|were disposed]",
    ]),
    ("no_records", "not held", 1.0, [
        f"do|does|did {NOT} ~2 have|maintain|possess|hold|keep|collect|create|retain|track ~6 {REC}|records|documents|lists|data|such|any|this|that|the",
        f"{NOT} ~2 in possession|custody of", f"{NOT} ~3 maintained|kept|collected|held|retained by",
        "information ~2 is not held", "does not hold", "not the custodian|custodians",
        f"{NOT} ~4 any ~2 responsive",
    ]),
    ("no_records", "none exist", 0.8, [
        f"{NOT} aware of ~2 any", "does|do|did not exist", "doesn't|don't exist", "no longer exist|exists|available",
        "[were|was|have been|had been] destroyed|purged|disposed",
        "we|department|agency|office|council ~2 hold|holds|has|have no ~3 " + f"{REC}|record|document|information",
        "no record|records|documentation of",
    ]),
    # -- denial ------------------------------------------------------------------------------
    ("denial", "withheld in full", 1.0, [
        "withheld|withhold|withholding ~6 [in full|in its entirety|in their entirety]", "denied|exempt ~2 [in full|in its entirety|in their entirety]",
        "neither confirm nor deny", "existence or nonexistence|non-existence",
        "[can not|will not|neither|do not|does not|must] ~2 confirm or|nor deny",
    ]),
    ("denial", "request denied", 1.0, [
        f"{REQ} ~4 [is|are|has been|have been|must be|was] hereby? denied",
        "must|will|hereby|to ~2 deny ~3 your|this ~2 request",
        f"{NOT} subject to disclosure|release", f"{NOT} a? [public record|public records|disclosable|releasable]", "[not considered|not deemed] ~2 [public record|public records|public|disclosable]", "refus* ~4 request|disclose",
        "decline ~3 to|your ~3 release|disclose|request", "cannot be released|disclosed|provided",
        f"{REQ} ~6 [is|has been|was|must be|will be|are|have been] ~2 respectfully? ~2 declined|rejected|refused|denied",
        "[unable to|not able to|can not|will not|must] ~2 fulfill|fulfil|grant|honor|honour ~3 your|this|the ~2 request",
        "exempt ~6 [will not be|are not being|is not being|shall not be|will not be] ~2 released|disclosed|produced|provided",
    ]),
    ("denial", "exempt", 0.5, [
        "exempt from ~3 disclosure|release|production", "confidential ~6 not|cannot ~3 released|disclosed",
        "protected from disclosure", "privileged",
    ]),
    ("denial", "refused", 1.0, [
        "neither ~3 nor deny", "confirm nor deny", "refusal notice", "vexatious", "repeated request",
        "exceed ~4 [cost limit|appropriate limit]", "cost limit", "appropriate limit",
        f"{NOT} ~2 obliged|required|obligated ~4 comply|respond|provide|create|produce|disclose|release",
        "[are not public|is not public|not public records|not a public record|not public information|not open to the public|not open to public inspection]",
        "withheld ~4 in full|entirety", "must|will ~2 withhold ~3 the|these|those|this ~2 record|records|document|documents|information",
    ]),
    ("denial", "withheld", 0.8, [
        # the office keeps the records back, however it says so
        f"decided|determined|decision|obliged|required ~3 to ~2 withhold|deny|refuse ~4 {ITEMS}|it|them|this|these|those|the|your|request",
        f"withhold|withholding ~3 {ITEMS}|it|them|this|these|those|the ~6 under|pursuant|section|exemption|exemptions|exempt",
        "[will not be|shall not be|are not being|is not being|won't be|cannot be|can not be|could not be|may not be] ~2 [released|disclosed|produced|provided|made available|made public|shared]",
        "exempt from ~3 disclosure|release|production ~6 under|pursuant|section|exemption",
        f"[unable to|not able to|cannot|can not|can't|will not|won't|must not] ~2 provide|release|disclose|supply|share ~4 [{ITEMS}|it|them|this|these|the|copies|a copy]",
        "consider|considered|deem|deemed|determined ~6 exempt", "exempt ~2 under|pursuant ~4 section|sections|s.|subsection|code|article|exemption|exemptions|regulation",
        "[maintaining the exemption|maintaining the exemptions|favour of withholding|favor of withholding|in withholding the information]",
        "[are being withheld|is being withheld|will be withheld|must be withheld|shall be withheld|are withheld|is withheld] ~6 [because|as|since|under|pursuant|in accordance|due to|per]",
        "[are withholding|am withholding|is withholding|will withhold|must withhold|will be withholding|are therefore withholding] ~2 them|it|these|those|this|all|each|the",
        "[none of the|none of these|none of those|none of them|none of it|no part of the|no portion of the|no portion of these] ~6 [can be|could be|may be|will be|is|are|were] ~2 released|disclosed|produced|provided|releasable|disclosable",
    ]),
    ("denial", "closure reason: refused", 1.0, [
        "[closure reason|reason for closure|closed reason|reason closed|closing reason|final disposition|disposition] ~6 exempt|exemptions|denied|denial|withheld|confidential|investigation|privileged|refused",
    ]),
    ("appeal_rights", "appeal rights", 1.0, [
        "right to ~3 appeal", "may|can ~2 appeal", "file|submit ~2 an? ~2 appeal", "seek ~3 review|dispute resolution",
        "information commissioner", "ombudsman",
    ]),
    # -- clarification --------------------------------------------------------------------------
    ("clarification_needed", "clarification", 1.0, [
        "clarify|clarifying|clarified|clarifies", "clarification ~4 of|regarding|on|about ~3 your|the|this ~2 request|scope",
        "[we need|we require|we request|we are requesting|we are seeking|is needed|is required|will need] ~3 clarification",
        "need|needs|needed|require|requires|required|requesting|seek|seeking|seeks ~3 clarification|clarifications",
        f"{REQ} ~3 requires|needs|require|need ~2 additional|more|further ~2 information|details|clarification",
        "requested|requesting|requests|asked for|asking for ~2 additional|more|further ~2 information|details ~4 regarding|about|on|concerning|for|to ~3 your|the|this",
        "too broad", "overly broad", "unduly burdensome", "reasonably describe*",
        # the request waits on the requester: "your request is on hold pending your response"
        "[on hold pending your|pending your response|pending your reply|held in abeyance pending|until we hear from you|until you respond]",
        "narrow|limit|reformulate|rephrase|refine|modify ~3 the|your ~2 request|scope|search",
        "more specific", "please specify", "perfect ~2 request", "fix is required",
        "additional|more information ~6 to ~2 process|locate|identify|search",
        "we are uncertain|unclear", "unable to determine ~4 seeking|requesting",
        "please advise ~4 if|whether|which|how", "unable to process ~6 [without|until|as written|as submitted|as currently]",
        "we|i|office|department|agency ~2 need|needs|require|requires ~3 additional|more|further ~2 information|details|specificity",
        "[signed|notarized] ~4 [consent|authorization|release form|privacy waiver|verification]",
        "proof|verification|certification of identity",
        "verify|confirm|establish|prove ~2 your|the|requester's ~2 identity",
        "[unable to|not able to|cannot|can not|could not] ~2 identify|determine|ascertain|understand|tell ~6 [you seek|you are seeking|being sought|you want|you are looking|you are requesting|you mean|you intend|you have requested]",
        "[before we can|in order to|so that we can|to allow us to|to enable us to] ~2 proceed|process|continue|begin|locate|search|identify ~6 please|need|require|provide",
        "need|needs|require|requires ~2 more|additional|further ~2 information|details ~4 [before we can|in order to|to be able to|so that we can|to process|to proceed|to begin|to search|to locate|to identify]",
    ]),
    ("clarification_needed", "still interested", 1.0, [
        "still interested", "continued interest", "no longer interested", "administratively clos*",
        "wish to ~3 continue|proceed|pursue ~3 request", "would you like ~4 continue|proceed",
        "[do not hear|don't hear|do not receive|have not heard|haven't heard|not received a response] ~3 from you",
        "[or the request will be closed|or your request will be closed|or we will close|otherwise the request will be closed|otherwise your request will be closed|otherwise we will close|or the request will be withdrawn]",
        "[if you do not respond|if you do not reply|if you fail to respond|if no response is received|without a response from you|absent a response] ~8 close|closed|closing|withdrawn|withdraw",
        "if we do not ~3 [hear|receive a response|receive a reply]", "close ~4 request|file ~8 if|unless",
        "do you ~2 still ~2 want|wish|need|seek", "confirm ~4 still ~2 want|wish|need|seeking|interested",
    ]),
    ("clarification_needed", "question to the requester", 0.8, [
        "is that correct", "please confirm", "can|could|would ~2 you ~4 [confirm|clarify|specify|provide|identify|tell|narrow|limit|refine|let us know]",
        "will need ~4 your|the|requester's|following|additional|more ~2 name|address|information|details",
        "burdensome", "do|does|did not specify|identify|indicate", "misinterpreted|misunderstood ~3 request",
        "[requires your attention|needs your attention|requires your response|requires a response|response required|action required|awaiting your response|awaiting your reply|waiting for your response|waiting on your response|requires your action]",
        "asked|has ~2 a? ~2 question|questions ~4 about|regarding|on|concerning ~2 your|the|this ~2 request",
        "without ~4 written|signed|notarized ~2 consent|authorization|authorisation|release",
        "please let ~2 know ~3 if|whether ~6 [you would|you want|you wish|this is|that is]",
        "please provide ~6 [date range|time frame|timeframe|keywords|search terms|names]",
        "please ~2 tell|give|send|provide ~2 us ~4 the|a|an|your|which|what|whether|more|additional|full|name|names|date|dates|address",
        "which|what ~6 [are you requesting|are you seeking|are you looking for|are you referring to|do you want|would you like|did you mean|do you mean|are you interested in]",
        "[date range|time frame|timeframe] ~6 request",
    ]),
    ("clarification_needed", "question asked outright", 1.0, [
        # the office asks the requester something in so many words
        "[would you like|do you want|are you looking for|are you interested in|are you seeking|are you requesting|did you mean|do you mean|can you help us|could you help us|help us understand|help us narrow]",
        "is there a|any ~2 particular|specific ~4 date|dates|time|period|range|department|person|subject|type|incident|location|address|employee|individual|timeframe",
        "which one|ones ~2 [do you|would you|are you]",
        "need|needs|require|requires ~3 more|additional|further ~2 info",
        "please|kindly ~2 submit|provide|send|sign ~3 the|a|an ~2 signed? ~2 release|waiver|authorization|authorisation|consent",
    ]),
    ("clarification_needed", "what the request means", 0.8, [
        # the office cannot tell what is asked, or asks the requester to say more
        "[not clear|unclear|uncertain|ambiguous] ~4 which|what|whether|if|who|how",
        "narrow|narrowing|narrowed|refine|refining ~4 it|this|that|scope|search|down|your|the",
        "confirm|clarify|define|understand ~3 the|your ~2 scope",
        "please ~2 reply|respond|write back ~2 with ~3 the|a|an|your|any",
        "would|will ~2 require ~4 search|searching|review|reviewing ~4 every|all|each|thousands|hundreds",
        "please|kindly ~2 provide|specify|identify|indicate|send|supply ~4 [date range|time frame|timeframe|case number|report number|incident number|names|name|address|location|keywords|search terms|specific|more detail|more details|further detail|further details|additional detail|additional details]",
        "[does not include|did not include|does not contain|did not contain|is missing|was missing|lacks|omits] ~3 a|an|the|your ~3 address|name|date|signature|description|details|number|identification",
    ]),
    # -- extension ---------------------------------------------------------------------------
    ("extension", "extension", 1.0, [
        "extension", "extend* ~4 [time|deadline|date|period|response|timeline|due date]",
        "unusual circumstances", "additional|another ~2 ten|10|fourteen|14|five|5|twenty|20 ~3 working|business|calendar|day|days",
        "unable to meet ~8 deadline|date", "need|needs|require|requires ~2 additional|more time",
        "new|revised|updated|amended ~3 estimated|anticipated|due|completion|response date",
        "date|deadline|time ~6 [has been|have been|was|is being|will be] ~2 extended|moved|changed|postponed|pushed",
        "[will need until|need until|require until]",
    ]),
    ("extension", "late reply announced", 1.0, [
        "[take longer|taking longer|take a little longer|take a bit longer|take more time|taking more time|longer than expected|longer than anticipated|longer than we anticipated|longer than originally]",
        # the office says it cannot answer in the time the law gives, or needs longer
        "[not be able|unable|not able|cannot|can not] ~2 to? ~2 respond|reply|complete|provide|answer|meet|produce|release|process|fulfill|fulfil ~6 [within the|within|by the] ~3 statutory|statutorily|required|time|deadline|limit|timeframe|twenty|20|ten|10|days",
        "[not be able|unable|not able|cannot|can not] ~2 to? ~2 respond|reply|complete|provide|answer|produce|release|process|fulfill|fulfil ~6 [by that date|by this date|by the due date|by that deadline|by the deadline|on time|in time]",
        "require|requires|need|needs|take|takes ~2 an? ~2 additional|further|extra ~4 days|weeks|months",
        "additional|further|extra ~2 15|30|45|60|fifteen|thirty|forty-five|sixty|ninety|90 ~3 days|working|business|calendar",
        "estimat* ~4 [a response|a reply|completion|a completion date|a determination] ~4 in|within|by ~2 approximately|about|around|the",
    ]),
    ("extension", "due date stated", 0.4, [
        # an acknowledgement names the date as often as an extension moves it ("new", "revised": above)
        "estimated|anticipated|expected completion|response|production date",
    ]),
    ("extension", "extension statute cited", 0.5, [
        # the sections that allow an extension are also cited for the ordinary time limit
        "6253(c)|7922.535|552(a)(6)(b)|552(a)(6)(b)(i)",
    ]),
    ("extension", "new estimate", 0.8, [
        "now estimate|expect|anticipate", "update ~4 estimate|estimated|timeline|date",
        "need|needs ~3 approximately|about|around|another|additional|more|few|couple ~3 days|weeks|months|time",
        "additional time", "more time", "will take ~4 days|weeks|months|time",
        "revised ~3 estimate|date|timeline",
        "anticipate|expect|plan|hope ~6 [responding|to respond|a response|to provide|providing|to complete|completing|to send] ~8 by|on|before|within",
        "anticipate|expect|plan|hope ~6 [responding|to respond|a response|to provide|providing|to complete|completing|to send] ~8 [later than]",
        "anticipate|anticipates|expect|expects|estimate|estimates ~6 [will be ready|will be complete|will be completed|will be available|to be ready|to be complete|to be completed] ~4 by|on|before|within",
        "[should have|will have|hope to have|expect to have] ~3 them|it|the|these|those|a|your ~4 [for you|to you|ready|completed|done] ~4 by|on|before|within",
    ]),
    # -- referral ----------------------------------------------------------------------------
    ("referral", "referred", 1.0, [
        "referred|forwarded|transferred|routed|rerouted ~8 to ~6 agency|component|office|department|bureau|division|custodian|for",
        "referral", "respond ~3 directly", "[direct response|direct reply]",
        "[transferred|forwarded|referred|redirected|sent] ~3 [to them|to that agency|to that office|to that department|to the appropriate agency]",
        "sent|passed|forwarded ~2 it|this|them ~2 on|along ~2 to", "misdirected",
        "is|are the ~2 custodian|custodians|keeper ~3 of ~2 those|these|the|such ~2 records|documents|files|information", "[contact you|respond to you|reply to you|get back to you|be in touch|correspond with you] ~2 directly",
        "forwarded|transferred|referred|sent ~3 your|the|this ~2 request ~3 to ~4 unit|section|sheriff|sheriff's|police|court|clerk|county|city|state|district|authority|commission|board|council|ministry|trust|agency|department|office|bureau|division",
        "[suggest that you contact|suggest you contact|recommend that you contact|recommend you contact|advise you to contact|you may wish to contact|you may want to contact|you will need to contact|you should contact]",
"refer ~4 request ~4 to",
        "direct your request to", "[should|may wish to|would need to|suggest|recommend] ~4 contact|submit|send|file|reach ~6 directly|agency|department|office|division|bureau",
        f"{NOT} ~2 the ~2 main|primary|proper|appropriate ~2 custod*|agency|office",
    ]),
    ("referral", "another body holds it", 0.8, [
        "[records|information|documents] ~6 [maintained by|held by|kept by|managed by|determined by|in the custody of]",
        "may|might|would|could|probably|likely ~2 be ~2 held|maintained|kept ~2 by",
        "handles|handle|processes|process|responds to|maintains ~4 requests|records ~4 not|rather than",
        "outside ~3 jurisdiction|purview|remit", f"{NOT} ~3 within ~3 jurisdiction|purview|remit",
        "originated with ~3 [another|other|a different]", "will be sent to ~4 agency|department|office|administration|bureau",
        "[please contact|reach out to] ~6 directly|agency|department|office|division",
        "[will need to|need to|must|should] ~2 submit|send|direct|file|make|address ~3 request|requests ~4 to|with",
    ]),
    # -- appeals ---------------------------------------------------------------------------
    ("appeal_related", "appeal decided or received", 1.0, [
        "your ~3 appeal ~3 [has been|was|is|is hereby|have been] ~2 received|granted|denied|remanded|affirmed|docketed|assigned|closed|decided|considered|logged",
        "received|acknowledge*|decided|adjudicated|reviewed|considered your ~3 appeal", "in response to your ~3 appeal",
        "responds|respond|response to your ~3 appeal", "you appealed", "appeal number|#", "appeal no .",
        # ("No." is read as "No" and a full stop: written "appeal no." the pattern never matched)
        "[denied on appeal|affirmed on appeal|upheld on appeal|granted on appeal|reversed on appeal|remanded on appeal]",
        "denial|decision|determination|response|action ~3 [is upheld|is affirmed|is sustained|is reversed|was upheld|was affirmed|has been upheld|has been affirmed|are upheld|are affirmed]",
        "affirm*|remand* ~6 action|determination|decision|response|appeal",
        "remanded ~4 request|matter|case ~4 to|for", "remand* ~4 for ~3 further|new|additional ~2 search|review|processing",
        "final determination on your ~3 appeal", "agency release panel", "determination on ~2 appeal",
        "internal review|reconsideration ~6 completed|concluded|upheld|overturned|decided|received|requested",
        "completed|concluded|decided ~6 [request for reconsideration|internal review|review of your appeal]",
        "[upheld|uphold|upholding|overturn|overturned|affirming|affirm] ~4 [original|initial|earlier|previous|agency's|department's] ~2 decision|determination|response",
        "[completed|concluded|carried out|conducted] ~3 [internal review|review of your appeal|reconsideration]",
        "uphold|upheld|upholding|overturn|overturned ~2 the|this|that|our|its ~2 decision|determination|refusal|response",
        "administrative appeal", "closing your appeal", "appeal ~4 [is closed|has been closed|is denied|is granted|is remanded]",
    ]),
    # -- portals (content; sender and subject are read in nlp.portals) -----------------------------
    ("portal_notice", "portal account", 1.0, [
        "one time passcode|password", "passcode", "reset ~2 password", "verify your email|account",
        "[log in|login|sign in] ~4 account|portal", "portal account", "security key", "activate ~3 account",
        "authorization url|link", "has been processed with the following",
        "request status|state ~3 changed|updated",
        f"{REQ} ~3 [has been|was|is] ~2 published|modified|updated ~4 by|to|in|on",
        "[log in|login|sign in] ~4 [to view|to read|to see] ~3 message|messages|correspondence",
        "efoia files available", "do not reply to this ~2 email|message", "this is an automated ~2 message|email|notification",
    ]),
    ("portal_notice", "online status check", 0.5, ["check|track|monitor|view ~3 status ~4 online|portal|request|website"]),
    ("portal_notice", "portal account words", 0.8, [
        "password", "[username|user name]", "user account", "thank you for registering", "registration", "welcome to the",
        "account ~4 reset|created|activated|registered", "message ~4 posted|added|attached ~4 portal|center|request",
        "[log in|login|sign in] ~6 [to view|to read|to see|to access|to download]", "unmonitored ~2 email|mailbox|account",
        "[auto-generated|automatically generated] ~2 email|message",
    ]),
    # -- other ----------------------------------------------------------------------------------
    ("other", "message recalled", 1.0, ["would like to recall the message"]),
    ("other", "delivery failure", 1.0, ["could not be delivered", "delivery has failed", "undeliverable"]),
    ("other", "test message", 0.8, ["this is a test email|message"]),
    ("other", "payment received", 0.6, ["thank you|thanks for ~2 your|the ~2 payment|check|deposit",
                                        "[we have received|we received|has been received|was received] ~3 payment|check|deposit"]),
    ("other", "a courtesy note", 0.6, ["[thank you|thanks] for your ~2 email|message|note|reply|response|patience|follow-up|inquiry",
                                       "[you 're|you are] ~2 welcome", "happy to help"]),
    ("other", "status update", 0.8, [
        # where a request stands, told in answer to a follow-up (no receipt confirmed, no decision, no new date)
        "[quick update|status update|an update on|as of today|as of now|checking in|for checking|your inquiry|your status inquiry|following up on|for the follow up|for your follow-up|for following up]",
        "still ~2 [being worked on|open|pending|in progress|under review|being processed|being reviewed|in the queue|compiling|gathering|collecting|working on]",
        "number ~2 of ~3 pending|requests|open",
    ]),
    ("other", "answered before", 0.8, [
        # a reminder answered by pointing at the answer already given, perhaps sent again
        "[already responded|already answered|previously responded|previously answered|already been answered|already been responded to|already been completed|already been fulfilled|already been closed]",
        "responded ~3 to ~3 request ~2 on ~4 2019|2020|2021|2022|2023|2024|2025|2026|january|february|march|april|may|june|july|august|september|october|november|december",
        "[our previous response|our prior response|our earlier response|our original response|a copy of our response|a copy of our previous response]",
        "[resending|re-sending|resent|re-sent|sending again|send again]",
    ]),
    ("other", "not this office's to answer", 0.8, [
        # a procedural note: the request went to the wrong address of the same body ("all requests must be sent to")
        "[does not handle|do not handle|does not process|do not process|is not responsible for|are not responsible for|does not accept|do not accept] ~3 records|requests|foia|pra|public",
        "all ~3 requests ~3 must ~2 be? ~2 submitted|sent|made|directed|filed",
    ]),
    ("other", "closed for another reason", 1.0, [
        f"{REQ} ~4 withdrawn", "withdraw* ~3 your|the|this ~2 request", "duplicate ~2 request|requests",
        "you ~2 withdrew|withdrawn|cancelled|canceled", "at your request ~4 closed|cancelled|canceled|withdrawn", "duplicate of",
        "closed ~8 [did not respond|no response|not receive a response|failure to respond|nonpayment|non-payment|not paid|did not pay]",
        "closed ~4 [as a duplicate|as duplicative]", "closed ~8 [not receive payment|not received payment|payment was not|lack of payment]",
        "withdrawn|cancelled|canceled|closed ~2 by|at ~3 requester|requestor|requester's|requestor's|customer|user",
        "[closure reason|reason for closure|closed reason|reason closed|closing reason|final disposition|disposition] ~6 withdrawn|withdrew|duplicate|cancelled|canceled|abandoned|unresponsive|inactive|abandonment|unpaid|non-payment|nonpayment",
    ]),
]
