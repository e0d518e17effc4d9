"""The classifier: one primary label, secondary labels, a confidence and the cues that fired.

This first version combines the wording cues of ``nlp.cues`` by precedence. It is the interface
the trained spaCy pipeline plugs into.
"""

from __future__ import annotations

from collections import defaultdict

from nlp.autoreply import auto_reply_reason
from nlp.cues import PRECEDENCE, fire
from nlp.labels import Label
from nlp.letter import Classification, Letter
from nlp.portals import detect_portal

# Labels that are decisions in their own right and can be secondary to another.
_SECONDARY_OK = {
    Label.ACKNOWLEDGEMENT, Label.EXPEDITE_DENIED, Label.EXPEDITE_GRANTED, Label.FEE_NOTICE,
    Label.FEE_WAIVER_DENIED, Label.FEE_WAIVER_GRANTED, Label.EXTENSION, Label.REFERRAL,
    Label.PRODUCTION_INTERIM, Label.CLARIFICATION_NEEDED, Label.NO_RECORDS, Label.DENIAL,
}


_OPPOSITES = (
    (Label.EXPEDITE_GRANTED, Label.EXPEDITE_DENIED),
    (Label.FEE_WAIVER_GRANTED, Label.FEE_WAIVER_DENIED),
)


def classify(letter: Letter) -> Classification:
    reason = auto_reply_reason(letter.headers, letter.subject, letter.body)
    if reason:
        return Classification(label=str(Label.OTHER), confidence=0.95, cues=(reason,), reason=reason)
    text = letter.full_text
    hits = fire(text)
    scores: dict[str, float] = defaultdict(float)
    cues: list[str] = []
    names: dict[str, set[str]] = defaultdict(set)
    for cue, matched in hits:
        scores[cue.label] += cue.weight
        names[cue.label].add(cue.name)
        cues.append(f"{cue.label}: {cue.name} ({matched.strip()[:60]!r})")
    portal = detect_portal(letter.sender, letter.subject, text)
    if portal:
        cues.insert(0, f"portal_notice: {portal} sender/subject")
    for granted, denied in _OPPOSITES:
        if scores.get(granted) and scores.get(denied):
            loser = granted if scores[denied] >= scores[granted] else denied
            scores.pop(loser)  # one letter does not both grant and deny the same thing
    fired = [label for label in PRECEDENCE if scores.get(label, 0) >= 0.8]
    if not fired:
        if portal:
            return Classification(str(Label.PORTAL_NOTICE), (), 0.8, tuple(cues), reason=portal)
        return Classification(str(Label.OTHER), (), 0.4, tuple(cues), reason="no decision found")
    # The strongest label wins; precedence breaks ties.
    primary = max(fired, key=lambda lab: (scores[lab], -PRECEDENCE.index(lab)))
    # A final production that also speaks of "remaining records" is interim.
    if primary == Label.PRODUCTION_FINAL and scores.get(Label.PRODUCTION_INTERIM, 0) >= 1.0 and scores[Label.PRODUCTION_FINAL] < 2:
        primary = Label.PRODUCTION_INTERIM
    secondary = [lab for lab in fired if lab != primary and lab in _SECONDARY_OK and scores[lab] >= 1.0]
    if primary == Label.FEE_NOTICE and names.get(Label.CLARIFICATION_NEEDED) == {"still interested"}:
        secondary.remove(Label.CLARIFICATION_NEEDED)  # "or we will close it": part of the fee notice
    if portal and primary != Label.PORTAL_NOTICE:
        secondary.append(Label.PORTAL_NOTICE)
    strength = scores[primary]
    confidence = min(0.97, 0.5 + 0.2 * strength)
    return Classification(str(primary), tuple(str(s) for s in secondary), round(confidence, 3), tuple(cues))
