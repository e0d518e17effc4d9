"""What the combiner sees of a letter: the decision statements found in it, and where they stand.

Each wording cue (``nlp.cuebank``) that fires becomes features: the cue itself, its label, the part
of the message it stands in (subject, a cover email before an attached letter, the attached letter,
or the body of a plain email), whether it is negated, and which decision is stated first and last.
A few words of the whole text are added (``w:`` features) so that a letter no cue speaks for is
still decided by something, with a low confidence.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from nlp.cuebank import SIGNALS
from nlp.letter import Letter
from nlp.pipeline import Cue

# Parts of a message, by where a cue stands; QUOTED: the request quoted back to the requester;
# NOTICE: a standing e-mail notice (confidentiality, "sent in error", "e-mail is a public record").
SUBJECT, COVER, ATTACHED, BODY, QUOTED, NOTICE = "subject", "cover", "attached", "body", "quoted", "notice"
# The requester's own words, quoted in a reply: between quotation marks, or after an introduction
# such as "you requested:" or "Records Requested:", to the end of that paragraph.
# A straight quote opens after a space, bracket or colon and closes before a non-letter, so the
# closing quote of one phrase and the opening quote of the next never pair up across the letter.
_QUOTES = re.compile(r"“[^“”]{40,3000}”|(?<![^\s(\[:])\"(?=\S)[^\"]{40,1500}(?<=\S)\"(?![A-Za-z0-9])")
# Earlier mail forwarded or quoted below the reply: the rest of that part is someone else's words.
# Also a mail client's attribution line ("On Tue, Nov 8, 2022 at 10:15 AM Jane <j@x.org> wrote:", perhaps wrapped
# once) and a block of ">"-quoted lines.
_EARLIER_MAIL = re.compile(r"^[ \t>]*(?:-{2,}\s*(?:Forwarded|Original) [Mm]essage|From:[^\n]*\n[ \t>]*(?:Sent|Date):"
                           r"|On [^\n]{4,200}(?:\n[^\n]{0,120})?\bwrote:[ \t]*$|>[^\n]*\n[ \t]*>)", re.M)
# (each pattern starts with a literal, so the search skips quickly; matched on the lower-cased text)
# An introduction ends at a colon, or at a line break that starts a list, a quotation, an indented or a new
# paragraph: letters wrapped at 72 characters break lines anywhere ("the records you requested\nare enclosed").
_INTRO_END = r"[^.:\n]{0,60}(?::|\n(?=[ \t]*(?:\n|[-*•\"“(\d])|[ \t]{2,}))"
_QUOTE_INTROS = tuple(re.compile(p.replace(" ", r"\s+") + _INTRO_END) for p in (
    r"request(?:s|ed|ing)? (?:mentioned|reads|states|was for)", r"records? requested",
    r"you (?:have )?(?:requested|asked for|seek|sought|are seeking)", r"seeking the following",
    r"requesting the following", r"request for the following", r"seek access to the following",
    # a portal's field: "Request Description: copies of all denial letters and fee estimates ..."
    r"request (?:description|details|summary)", r"description of (?:the )?(?:request|records)", r"description",
)) + (re.compile(r"\bi (?:am requesting|request|would like to request)\b"),)
# A standing notice under a signature says "privileged", "exempt from disclosure", "confidential" of every
# e-mail the office sends: it decides nothing. Found by what such notices say of the message itself.
_NOTICE = re.compile(
    r"(?:intended|meant) (?:only |solely |exclusively )?for (?:the )?(?:sole |exclusive )?(?:use|individual|person|addressee|recipient|named)"
    r"|(?:solely |only )?for the (?:sole )?use of the (?:intended|named|designated)|intended recipient"
    r"|received (?:this|the) (?:e-?mail|message|communication|transmission)\s*in error|confidentiality notice"
    r"|unauthori[sz]ed (?:use|review|disclosure|interception|dissemination|distribution)"
    r"|(?:e-?mail|correspondence|messages?) (?:to and from|sent to|received by)[^.]{0,100}(?:public record|may be disclosed|subject to)"
    r"|(?:e-?mail|message|communication|transmission)s? (?:and (?:any|its) [a-z() ]{0,30})?(?:may|might) (?:contain|include|be)[^.]{0,40}(?:privileged|confidential)")
# Where a notice can start: the first words of _NOTICE's alternatives. _NOTICE starts with no common
# literal, so a scan of the whole letter tries it at every character; it is tried only at these.
# A new alternative of _NOTICE (or _QUOTES) must start with one of its words here.
_NOTICE_STARTS = ("intended", "meant", "solely", "only", "for the", "received", "confidentiality", "unauthori",
                  "e-mail", "email", "correspondence", "message", "communication", "transmission")
# a portal's notice quoting the office's own message ("A message has been added to request 23-4471: "...""):
# those quotation marks hold the office's words, not the request
_MESSAGE_QUOTED = re.compile(r"(?i)message(?:s)? (?:has been |have been |was )?(?:added|posted|sent)|message from|\b(?:wrote|writes|said):")
_QUOTE_STARTS = ("“", '"')  # likewise where _QUOTES can start
_NO_FEE = re.compile(r"\bno (?:charge|fees?|costs?)\b|free of charge|without charge|not be (?:charged|billed)"
                     r"|\bwaive[ds]?\b|(?:below|under|less than) (?:the|our)? ?(?:\$|minimum|threshold)"
                     # the requester's own limit, restated in an acknowledgement: "you agreed to pay up to $25"
                     r"|\b(?:agreed|agree|willing|willingness|commit\w*|authori[sz]\w*) to pay\b[^.]{0,40}\bup to\b"
                     # a payment already made, or a request closed because none was
                     r"|\bthank(?:s| you) for (?:your |the )?(?:payment|check|deposit)\b"
                     r"|\b(?:payment|check|deposit) (?:has been|was|have been) (?:received|processed)\b"
                     r"|\b(?:invoice|fee|fees|balance)s? (?:has been |have been |was |were |is )?(?:paid|settled)\b"
                     # UK: the cost of answering exceeds the "appropriate limit" of the Fees Regulations (a refusal,
                     # section 12): a limit, not a fee to pay
                     r"|\b(?:appropriate|cost) limit\b|\bfees regulations\b"
                     # how fees work, in a federal acknowledgement: "you will be charged for search time beyond two
                     # hours", "the first 100 pages are free", "if fees are expected to exceed $25, we will contact you"
                     r"|\bbeyond (?:the first )?(?:two|2) hours\b|\bfirst (?:100|one hundred) pages\b|\bfirst (?:two|2) hours\b"
                     r"|\bif (?:the )?(?:fees?|costs?|charges?) (?:are|is|will be) (?:expected|estimated|anticipated|likely) to exceed\b"
                     r"|\bwe (?:have )?received (?:your |the )?(?:payment|check|deposit)\b"
                     r"|\bclosed\b[^.]{0,60}\b(?:not (?:been )?paid|non-?payment|unpaid|lack of payment|failure to pay)\b")
_SENTENCE_END = re.compile(r"[.!?](?=\s)(?<!\b[A-Z]\.)|\n[ \t]*\n")
_HYPOTHETICAL = re.compile(r"\bmay\b(?! \d)|\b(?:might|could|possib\w*|reserves?|allows?|permits?|entitled)\b|\bif (?:we|you|it|there|more|additional|necessary|needed|required)\b|\bext(?:ension)?\.? ?\d"
                           # the law's time limit and what it allows, stated in an acknowledgement
                           r"|\bshould (?:we|it|the|additional|more|further)\b|\bin the event\b|\bcan be extended\b|\bsubject to\b"
                           # "or you will be notified of the need for additional time", "if that is not possible"
                           r"|\b(?:will|shall) (?:be )?notif(?:y|ied)\b|\bif (?:that|this|so|not)\b"
                           # how long requests of a kind take in general: "complex requests typically take longer"
                           r"|\b(?:typically|generally|usually|often|normally|sometimes|on average)\b")
# a release sentence that closes the request ("no further records", "this completes", "second and final")
_CLOSING = re.compile(r"\bno (?:further|more|additional|other|remaining)\b|\bnothing (?:further|more|else)\b"
                      r"|\b(?:this|which) (?:completes|concludes|closes)\b|(?:\band|&) final\b"
                      r"|\b(?:completes|concludes|closes) (?:the|your|our|this) (?:request|search|processing|response)\b"
                      # more only if more is found, or the rest refused: "any additional records located will be
                      # sent to you", "we will not release the remainder"
                      r"|\bif (?:any|additional|further|more|we|there)\b|\bshould (?:any|additional|further|more)\b"
                      r"|\bany (?:additional|further|other) (?:responsive )?(?:records|documents|information)\b"
                      r"|\b(?:will|shall) not (?:be )?(?:releas|produc|provid|sen[dt]|disclos)\w*")
# "without this information we will be unable to locate records": a condition, not a search that failed
_CONDITION = re.compile(r"\bwithout (?:this|that|these|the|more|additional|further|such|clarification|it)\b|\bunless\b"
                        r"|\buntil (?:we|you)\b|\bif (?:you|we) (?:do not|don't|cannot|can't)\b"
                        # "no other records were located": the rest of a release, records were found
                        r"|\bno (?:other|additional|further|more|remaining) (?:responsive )?(?:records|documents|files|materials|information)\b")


def _till(conjunctions: str) -> str:
    """A clause of something still to come: "when your request is ...", "once the records are ..."."""
    return rf"\b(?:{conjunctions}) (?:your|the|this|all|it|they|any|records|documents|responsive)\b[^.]{{0,60}}\b"


_WHEN_IT = _till("when|once|after|until|before|as soon as")
_BEFORE_IT = _till("when|once|until|before|as soon as")  # ("after review, the records are released": released now)
# release wording that hands over another kind of letter ("attached is our acknowledgement", "please see the
# attached letter of extension"), speaks of a release to come ("you will receive an email when your request has
# been completed") or restates what the requester asked ("you requested that the records be provided ...")
_NOT_A_RELEASE = re.compile(
    r"\backnowledge?ment\b|\bletter of extension\b|\bextension (?:letter|notice)\b|\bnotice of extension\b"
    # "we are sending this email to let you know ...": the message itself, not records
    r"|\b(?:sending|send|sent) (?:you )?(?:this|the following|a) (?:e-?mail|message|letter|notice|note|reminder)\b"
    r"|\b(?:message|e-?mail|notification|reminder) (?:was|has been|is being) sent\b"
    # a portal "releases" every letter it carries, a fee letter or an extension as much as records: "A document has
    # been released for record request #22-1 along with the following message:" -- the message says which
    r"|\balong with the following message\b"
    # a copy of this letter itself, or where to read more about the law: "more information is available at www..."
    r"|\bcopy of (?:this|the|our|my) (?:previous |prior |earlier |original )?(?:letter|determination|decision|response|notice)\b"
    r"|\b(?:attached|enclosed|attaching|enclosing)\b[^.]{0,20}\b(?:our|my) (?:previous |prior |earlier |original |final |formal )?"
    r"(?:response|letter|determination|decision)\b(?![^.]{0,40}\b(?:records|documents|pages|files)\b)"
    r"|\b(?:more|further|additional) information\b[^.]{0,60}\bavailable\b"
    r"|\binformation (?:regarding|about|on|concerning) (?:the )?(?:foia|freedom of information|privacy act|our|this|how)\b"
    # released once paid, or if released: "once you pay the balance, we will release the documents", "if all of the
    # pages are released, you will owe $16.90"; able to provide them one day
    r"|\b(?:once|when|after|upon|until) (?:you pay|payment|we receive (?:your )?payment|receipt of (?:your )?payment|the (?:fee|deposit|balance) is)\b"
    r"|\bif (?:all|any|the|these|those|some|more|they|it|records|documents)\b[^.]{0,80}\b(?:are|is) (?:released|provided|produced|disclosed|available)\b"
    r"|\b(?:will|would|should|may|might) be able to\b"
    r"|\b(?:expect|anticipate|plan|hope|intend|aim)(?:s|ed)? to (?:release|provide|produce|send|make)\b"
    r"|\b(?:expected|anticipated|planned|estimated) (?:date of )?(?:to be )?(?:release|released|provided|produced|completed)\b"
    rf"|{_BEFORE_IT}(?:provided|released|produced|sent)\b"
    r"|\bgrant(?:ed)?,? (?:or|and/or) den(?:y|ied)\b"  # "we will grant or deny your request within 20 days"
    r"|\bfee (?:estimate|letter|notice|schedule)\b|\binvoice\b|\bschedule of fees\b"
    # the requester's own request or a form to fill in, handed back: "a copy of your request is attached"
    r"|\bcopy of (?:your|the|my) (?:original )?(?:request|appeal|e-?mail|letter|application|correspondence)\b"
    r"|\byour original (?:request|appeal|e-?mail|letter|application)\b|\byour (?:request|appeal|application) (?:is|was) (?:attached|enclosed|included)\b"
    r"|\b(?:form|forms|questionnaire|instructions|affidavit|declaration|certification of identity)\b[^.]{0,30}\b(?:attached|enclosed|included)\b"
    r"|\b(?:attached|enclosed|included)\b[^.]{0,30}\b(?:form|forms|questionnaire|instructions|affidavit|declaration)\b"
    # the office's standing papers handed over: "see the enclosed FOIPA Addendum", "a copy of our regulations"
    r"|\b(?:statutes?|laws?|ordinances?|code sections?|rules?)\b[^.]{0,30}\b(?:is|are) (?:attached|enclosed|included)\b"
    r"|\b(?:attached|enclosed|included)\b[^.]{0,40}\b(?:addendum|regulations?|brochure|pamphlet|guide|faqs?|information sheet"
    r"|fact sheet|explanation of exemptions|exemption codes|description of exemptions|list of exemptions)\b"
    rf"|{_WHEN_IT}(?:completed?|fulfilled|available|ready)\b"
    r"|\bwill be (?:made )?(?:available|posted|released|provided|uploaded|sent|mailed|e-?mailed)\b|\b(?:once|when|as) (?:they )?(?:become )?available\b"
    r"|\b(?:status|request|progress|account)\b[^.]{0,40}\bcan be (?:viewed|accessed|tracked|checked|monitored)\b"
    r"|\byou (?:also )?(?:requested|asked) that\b|\bwill (?:make|be made)\b[^.]{0,60}\bavailable\b"
    # "please see the attached letter": a letter handed over, no records named
    r"|(?s:\A\W*(?:please )?see (?:the )?attached\W*\Z)"  # a bare "See attached." points at whatever is attached
    r"|(?s:\A(?!.*\b(?:records?(?! requests?\b)|documents?|pages?|files?|copies|e-?mails?|reports?|videos?|footage|photos?|data"
    r"|spreadsheets?|information|productions?|responsive|materials?)\b).*?\b(?:attached|enclosed|attaching|enclosing)\b[^.]{0,40}"
    r"\b(?:letter|correspondence|response|notice|determination|decision|memo|memorandum)\b)")
# "cannot be released without the person's written consent": released on a condition the requester can meet
_RELEASE_CONDITION = re.compile(r"\b(?:granted|denied) in part\b|\bpartially (?:granted|denied)\b|\bpartial (?:grant|denial)\b|\breasonably accessible\b|\baccessible (?:to you )?by other means\b|\bgrant(?:ed)?,? (?:or|and/or) den(?:y|ied)\b|\bwithout (?:the |that |this |his |her |their |a |an |your )?(?:[\w'’-]+ ){0,3}"
                                r"(?:consent|authori[sz]ation|verification|proof|payment|identification|id)\b"
                                r"|\buntil (?:we|you|payment|the fee|the deposit)\b")
# "... when your request is complete": a completion to come
_LATER = re.compile(rf"{_WHEN_IT}(?:completed?|fulfilled|closed)\b"
                    # "this is not a final response": more to come
                    r"|\bnot (?:a |the |our |constitute (?:a |the |our )?)?(?:complete|final)\b")
# a question the office might ask one day, or a choice the requester may make: "we will contact you if we need
# any clarification", "you may narrow your request to move it to the simple track"
_MAY_ASK = re.compile(r"\bif (?:we|you) (?:need|require|have)\b|\bshould (?:we|you) (?:need|require|have)\b|\btime limits?\b"
                      # a request already closed because no answer came: a closure, not a question
                      r"|\b(?:has been|have been|was|were|is now|is being) (?:administratively )?(?:closed|withdrawn|cancell?ed)\b"
                      r"|\bwe (?:have )?(?:closed|withdrawn|cancell?ed)\b"
                      r"|\byou (?:may|can|could) (?:wish to |want to |choose to )?(?:narrow|limit|modify|refine|reduce)\b"
                      r"|\bin the event (?:that )?(?:we|clarification)\b")
# a grant a sentence takes back: "does not qualify for a fee waiver", "does not meet the criteria for expedited processing"
_NEGATED = re.compile(r"(?:\b(?:not|never|cannot)|n't)\s+(?:[\w'’-]+\s+){0,2}(?:qualif|meet|met\b|satisf|eligible|entitled|grant|approv|warrant|waive)")
_UNDO = {"expedite_granted": _NEGATED, "fee_waiver_granted": _NEGATED, "final": _LATER, "clarification_needed": _MAY_ASK, "fee_notice": _NO_FEE, "extension": _HYPOTHETICAL, "production_interim": _CLOSING, "no_records": _CONDITION,
         "production_final": _NOT_A_RELEASE, "denial": _RELEASE_CONDITION}
# records "maintained by this office" are the office's own: no other body holds them
_OWN_RECORDS = re.compile(r"\b(?:maintained|held|kept|managed|retained|created) by (?:this|our)\b|\bby us\b")
_UNDO_CUE = {("referral", "another body holds it"): _OWN_RECORDS}
_NOTICE_WORDS = ("intended", "in error", "confidential", "unauthori", "privileged", "subject to", "may be disclosed",
                 "public record")
_SENTENCE_START = re.compile(r"[.!?:]\s|\n\s*\n")
MAX_NOTICE = 2000
_PARAGRAPH_END = re.compile(r"\n[ \t]*\n|$")  # searched as _paragraph_end does it
_BLANK_LINE = re.compile(r"\n[ \t]*\n")  # starts with a literal: the search skips ahead in C
MAX_QUOTE = 1500
MAX_INTRODUCED = 600  # after "you requested:", a letter without paragraph breaks goes on in its own words
# ... until a sentence in the office's voice starts: "We searched ...", "That search identified ...", "Our office ..."
_OFFICE_RESUMES = re.compile(r"(?<=[.!?][\s\"”])\s*(?:We|Our|This (?:office|agency|department)|(?:That|The|A|Our) search"
                             r"|In response|Your request|After (?:a|reviewing|review|searching)|Please (?:find|see)|Attached"
                             r"|Enclosed)\b")
# words: runs of three or more a-z letters (every other character, ASCII or not, separates them)
_NOT_A_TO_Z = str.maketrans({c: " " for c in map(chr, range(128)) if not "a" <= c <= "z"})
WORD_CHARS = 6000  # words are read from the start of the text only (the decision comes early)
_NO_DECISION = {"portal_notice", "acknowledgement", "other", *SIGNALS}
SHORT_NOTE, LONG_LETTER = 700, 2500  # characters after the subject
EARLY = 0.4  # decisions are stated early; rights, fees and contacts come at the end
# A cover email above an attached letter that speaks of "the attached" decides nothing: the letter does.
# Release wording standing only in such a cover does not vote (it stays visible as a ``cue@cover`` feature).
COVER_POINTERS = frozenset({"production_final", "production_interim"})
# When the attached letter states a decision, other wording standing only in the cover does not vote
# either, except what only a cover says (a portal's own account or status wording).
COVER_KEEPS = frozenset({"portal_notice"})


@dataclass(frozen=True)
class Parts:
    """Character offsets where each part of ``letter_text`` starts."""

    body_start: int
    attached_start: int | None  # None: no attachment
    quoted: tuple[tuple[int, int], ...] = ()  # (start, end) of the request quoted back
    notices: tuple[tuple[int, int], ...] = ()  # (start, end) of standing e-mail notices

    def part_of(self, offset: int) -> str:
        if any(start <= offset < end for start, end in self.quoted):
            return QUOTED
        if any(start <= offset < end for start, end in self.notices):
            return NOTICE
        if offset < self.body_start:
            return SUBJECT
        if self.attached_start is None:
            return BODY
        return COVER if offset < self.attached_start else ATTACHED


def letter_text(letter: Letter, max_chars: int) -> tuple[str, Parts]:
    """The text the pipeline reads (subject, body, attachments) and where each part starts."""
    subject = _compatible(letter.subject.strip())
    head = f"{subject}\n\n" if subject else ""
    body = _compatible(letter.body.strip())
    attached = "\n\n".join(_compatible(a.strip()) for a in letter.attachments_text if a.strip())
    body_start = len(head)
    if attached:
        text = f"{head}{body}\n\n{attached}" if body else f"{head}{attached}"
        attached_start = body_start + (len(body) + 2 if body else 0)
    else:
        text, attached_start = f"{head}{body}", None
    text = text[:max_chars]
    return text, Parts(body_start, attached_start, quoted_spans(text, attached_start or len(text)),
                       notice_spans(text))


def _compatible(text: str) -> str:
    """Line breaks as "\n" (mail arrives with "\r\n": a blank line ends a paragraph either way); ligatures and
    other compatibility characters as plain letters ("ﬁnal" -> "final", as text copied from a PDF has them)."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text if text.isascii() else unicodedata.normalize("NFKC", text)


def notice_spans(text: str) -> tuple[tuple[int, int], ...]:
    """Standing e-mail notices: from the start of the sentence that names the message as confidential,
    privileged or sent in error, to the end of that paragraph."""
    lowered = text.lower()
    spans: list[tuple[int, int]] = []
    if not any(word in lowered for word in _NOTICE_WORDS):  # most letters: a few substring checks
        return ()
    for m in _finditer_at(_NOTICE, lowered, _NOTICE_STARTS):
        if spans and m.start() < spans[-1][1]:
            continue
        window = lowered[max(0, m.start() - 300) : m.start()]
        starts = [x.end() for x in _SENTENCE_START.finditer(window)]
        start = max(0, m.start() - 300) + (starts[-1] if starts else 0)
        spans.append((start, min(_paragraph_end(text, m.end()), m.end() + MAX_NOTICE)))
    return tuple(spans)


def _paragraph_end(text: str, pos: int) -> int:
    """``_PARAGRAPH_END.search(text, pos).start()``: the next blank line, else the end of the text (``$``:
    before a last line break). The pattern's ``|$`` made the regex try every character; a blank line is
    found by its literal line break, and ``$`` placed by hand."""
    pos = min(pos, len(text))
    end = len(text) - 1 if text.endswith("\n") and pos < len(text) else len(text)
    blank = _BLANK_LINE.search(text, pos)
    return min(blank.start(), end) if blank else end


def _finditer_at(pattern: re.Pattern[str], text: str, literals: tuple[str, ...]) -> Iterator[re.Match[str]]:
    """``pattern.finditer(text)`` for a pattern whose every match starts with one of ``literals``:
    the pattern is tried only where they stand (``str.find`` skips the rest of the text in C)."""
    starts: set[int] = set()
    for literal in literals:
        at = text.find(literal)
        while at >= 0:
            starts.add(at)
            at = text.find(literal, at + 1)
    after = 0  # matches do not overlap: the next one starts after the last one ends
    for start in sorted(starts):
        if start >= after:
            m = pattern.match(text, start)
            if m is not None:
                after = max(m.end(), start + 1)
                yield m


def quoted_spans(text: str, body_end: int) -> tuple[tuple[int, int], ...]:
    """Where the reply quotes the request back (cues there are the requester's words, not a decision)."""
    spans = [(m.start(), m.end()) for m in _finditer_at(_QUOTES, text, _QUOTE_STARTS)
             if not _MESSAGE_QUOTED.search(text, max(0, m.start() - 120), m.start())]
    earlier = _earlier_mail(text, body_end)
    if earlier is not None:
        spans.append((earlier, body_end))
    lowered = text.lower()
    for m in (m for pattern in _QUOTE_INTROS for m in pattern.finditer(lowered)):
        stop = min(_paragraph_end(text, m.end() + 1), m.end() + MAX_INTRODUCED)
        office = _OFFICE_RESUMES.search(text, m.end() + 1, stop)  # the office's own words again
        spans.append((m.end(), office.start() if office else stop))
    return tuple(sorted(spans))


def _earlier_mail(text: str, body_end: int) -> int | None:
    """Where ``_EARLIER_MAIL.search(text, 0, body_end)`` finds earlier mail, or None. The pattern starts a
    line (``^``): it is tried at line starts only, not at every character."""
    at = 0
    while at <= body_end:
        m = _EARLIER_MAIL.match(text, at, body_end)
        if m is not None:
            return m.start()
        at = text.find("\n", at, body_end) + 1
        if not at:
            return None
    return None


def _sentence(text: str, start: int) -> str:
    """The sentence around ``start`` (at most a few hundred characters either side), lower-cased."""
    lo = max(0, start - 300)
    left = [m.end() for m in _SENTENCE_END.finditer(text, lo, start)]
    right = _SENTENCE_END.search(text, start, start + 300)
    return text[left[-1] if left else lo : right.end() if right else start + 300].lower()


def _context_negated(cue: Cue, text: str) -> Cue:
    """A cue whose every sentence takes it back is negated: a fee sentence that says there is nothing
    to pay ("the cost is below the minimum, so there is no charge"); an extension the law merely allows
    or the office may take ("subject to a possible ten-day extension", "if we need more time")."""
    undo = _UNDO_CUE.get((cue.label, cue.name)) or _UNDO.get(cue.label)
    if undo is None or cue.name.endswith("(negated)"):
        return cue
    if any(not undo.search(_sentence(text, start)) for start in cue.starts):
        return cue
    return cue._replace(name=f"{cue.name} (negated)")


def features(cues: Iterable[Cue], parts: Parts, text: str, *, portal: bool) -> dict[str, float]:
    """Sparse features (name -> value) of one letter."""
    feats: dict[str, float] = {"bias": 1.0}
    if parts.attached_start is not None:
        feats["has_attachment"] = 1.0
    if portal:
        feats["portal_sender"] = 1.0
    firsts: list[tuple[int, str]] = []
    labels_seen: dict[str, float] = {}
    # the attached letter states a decision: the cover email above it does not outvote it
    # what the attached letter says (nothing when there is none)
    attached = {c.label for c in cues if parts.attached_start is not None and not c.name.endswith("(negated)")
                and any(parts.part_of(s) == ATTACHED for s in c.starts)}
    letter_decides = bool(attached - _NO_DECISION)
    # "See attached." above an attached acknowledgement (or any letter that says something) points at that
    # letter: the cover's release wording speaks only when the attached letter says nothing at all
    letter_speaks = bool(attached - SIGNALS)
    cues = [_context_negated(c, text) for c in cues]
    for cue in cues:
        negated = cue.name.endswith("(negated)")
        tag = f"{cue.label}:{cue.name}"
        feats[f"cue:{tag}"] = 1.0
        where = {s: parts.part_of(s) for s in cue.starts}
        if set(where.values()) == {COVER} and cue.label not in COVER_KEEPS and (
                letter_decides or (letter_speaks and cue.label in COVER_POINTERS)):
            feats[f"cue@{COVER}:{tag}"] = 1.0
            feats["cover_points_at_attachment" if cue.label in COVER_POINTERS else "cover_outvoted"] = 1.0
            continue
        for part in set(where.values()):
            feats[f"cue@{part}:{tag}"] = 1.0
            if not negated and part != NOTICE:
                feats[f"label@{part}:{cue.label}"] = max(feats.get(f"label@{part}:{cue.label}", 0.0), cue.weight)
        said = [s for s, part in where.items() if part not in (QUOTED, NOTICE)]
        if negated or not said:
            continue
        labels_seen[cue.label] = labels_seen.get(cue.label, 0.0) + cue.weight
        firsts.append((min(said), cue.label))
        if min(said) < parts.body_start + EARLY * (len(text) - parts.body_start):
            feats[f"early:{cue.label}"] = 1.0
    for label, weight in labels_seen.items():
        feats[f"label:{label}"] = min(weight, 2.0)
        if weight >= 1.0:
            feats[f"strong:{label}"] = 1.0
    decisions = sorted((s, lab) for s, lab in firsts if lab not in _NO_DECISION)
    if decisions:
        feats[f"first:{decisions[0][1]}"] = 1.0
        feats[f"last:{decisions[-1][1]}"] = 1.0
    else:
        feats["no_decision_cue"] = 1.0
    if not firsts:
        feats["no_cue"] = 1.0
    # a few lines (a thank-you, a status note, a question) against a letter of several paragraphs
    length = len(text) - parts.body_start - sum(end - start for start, end in parts.notices)
    feats["short_note" if length < SHORT_NOTE else "long_letter" if length > LONG_LETTER else "mid_length"] = 1.0
    for word in _words(text[:WORD_CHARS]):
        feats[f"w:{word}"] = 0.3
    return feats


def _words(text: str) -> set[str]:
    """The distinct words of three or more letters a-z in ``text``, lower-cased (a ``str.translate``
    and a split: a regex ``findall`` was slower)."""
    ascii_text = text.lower().encode("ascii", "replace").decode("ascii")  # "?" for every other character
    return {word for word in set(ascii_text.translate(_NOT_A_TO_Z).split()) if len(word) >= 3}
