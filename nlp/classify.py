"""The classifier: one primary label, secondary labels, a confidence and the cues that fired.

Evidence from three places is combined: headers (auto-replies, bounces), the sender and subject
(records portals), and the text: the wording cues (high precision, shown to people) and the
trained text classifier (a probability per label).
"""

from __future__ import annotations

from collections import defaultdict

from nlp.autoreply import auto_reply_reason
from nlp.labels import LABELS, Label
from nlp.letter import Classification, Letter
from nlp.pipeline import MAX_CHARS, load_pipeline
from nlp.portals import detect_portal

CUE_WEIGHT = 0.8  # share of the score from the cues; the rest from the text classifier
CUE_CAP = 1.5
MODEL_ONLY_WEIGHT = 0.6  # a letter no cue speaks for: the classifier's word, discounted
SECONDARY_MIN = 0.45

# When two labels score alike, the more consequential decision is the primary one.
PRIORITY: dict[str, float] = {
    Label.APPEAL_RELATED: 0.06, Label.DENIAL: 0.05, Label.NO_RECORDS: 0.05, Label.PRODUCTION_FINAL: 0.045,
    Label.PRODUCTION_INTERIM: 0.04, Label.FEE_NOTICE: 0.035, Label.CLARIFICATION_NEEDED: 0.035,
    Label.REFERRAL: 0.03, Label.EXPEDITE_DENIED: 0.03, Label.EXPEDITE_GRANTED: 0.03,
    Label.FEE_WAIVER_DENIED: 0.02, Label.FEE_WAIVER_GRANTED: 0.02, Label.EXTENSION: 0.015,
    Label.ACKNOWLEDGEMENT: 0.0, Label.PORTAL_NOTICE: -0.02, Label.OTHER: -0.05,
}
# Decisions on the records themselves: these win over "this is a portal notification".
DECISIVE = {Label.PRODUCTION_FINAL, Label.PRODUCTION_INTERIM, Label.DENIAL, Label.NO_RECORDS, Label.APPEAL_RELATED}
# A letter that acknowledges a request and also decides one of these is labelled by the decision.
ACK_OUTRANKED_BY = (
    Label.CLARIFICATION_NEEDED, Label.FEE_NOTICE, Label.EXPEDITE_DENIED, Label.EXPEDITE_GRANTED,
    Label.PRODUCTION_FINAL, Label.PRODUCTION_INTERIM, Label.NO_RECORDS, Label.DENIAL,
)
DECIDED_IN_ONE_SENTENCE = {Label.EXPEDITE_DENIED, Label.EXPEDITE_GRANTED, Label.DENIAL, Label.NO_RECORDS}
# Labels that can stand beside another as a secondary decision.
SECONDARY_OK = set(LABELS) - {Label.OTHER}
_OPPOSITES = (
    (Label.EXPEDITE_GRANTED, Label.EXPEDITE_DENIED),
    (Label.FEE_WAIVER_GRANTED, Label.FEE_WAIVER_DENIED),
)


def letter_text(letter: Letter) -> str:
    parts = [letter.subject, letter.body, *letter.attachments_text]
    text = "\n\n".join(p for p in parts if p)
    return text[:MAX_CHARS]


def classify(letter: Letter) -> Classification:
    reason = auto_reply_reason(letter.headers, letter.subject, letter.body)
    if reason:
        return Classification(label=str(Label.OTHER), confidence=0.95, cues=(reason,), reason=reason)
    nlp, trained = load_pipeline()
    doc = nlp(letter_text(letter))
    cue_score: dict[str, float] = defaultdict(float)
    cues: list[str] = []
    for label, name, weight, matched in doc._.cues:
        cue_score[label] += weight
        cues.append(f"{label}: {name} ({matched[:60]!r})")
    portal = detect_portal(letter.sender, letter.subject, letter.body)
    if portal:
        cue_score[Label.PORTAL_NOTICE] += 1.0
        cues.insert(0, f"portal_notice: {portal} sender or subject")
    raw_cues = dict(cue_score)
    _resolve_overlaps(cue_score, {(label, name) for label, name, _, _ in doc._.cues})
    if letter.attachments_text and Label.PORTAL_NOTICE in cue_score:
        cue_score[Label.PORTAL_NOTICE] = min(cue_score[Label.PORTAL_NOTICE], 0.5)  # the attached letter decides
    for granted, denied in _OPPOSITES:
        if cue_score.get(granted) and cue_score.get(denied):
            cue_score.pop(granted if cue_score[denied] >= cue_score[granted] else denied)
    probs = doc.cats if trained else {}
    # With cues, they lead and the classifier refines; without any, the classifier alone decides,
    # with less confidence (such letters usually go to review) and no secondary labels.
    scores = {}
    for label in LABELS:
        cue = min(cue_score.get(label, 0.0), CUE_CAP) / CUE_CAP
        if not trained:
            scores[label] = cue
        elif cue_score:
            scores[label] = CUE_WEIGHT * cue + (1 - CUE_WEIGHT) * probs.get(label, 0.0)
        else:
            scores[label] = MODEL_ONLY_WEIGHT * probs.get(label, 0.0)
    ranked = sorted(LABELS, key=lambda lab: scores[lab] + PRIORITY[lab], reverse=True)
    primary = ranked[0]
    if scores[primary] < (0.3 if cue_score else 0.4) or (primary == Label.PORTAL_NOTICE and scores[primary] < 0.5):
        primary = str(Label.OTHER)
    # An automated portal email is a portal notice, unless it carries a decision on the records;
    # a letter attached to a portal email is read as the letter it is.
    if (portal or cue_score.get(Label.PORTAL_NOTICE, 0) >= 1.0) and not letter.attachments_text:
        decisions = [lab for lab in ranked if lab in DECISIVE and scores[lab] >= 0.4]
        primary = decisions[0] if decisions else str(Label.PORTAL_NOTICE)
    secondary = [lab for lab in ranked if lab != primary and lab in SECONDARY_OK and cue_score.get(lab)
                 and (scores[lab] >= SECONDARY_MIN or raw_cues.get(lab, 0) >= 1.0)]
    confidence = _confidence(primary, raw_cues, scores, probs, ranked)
    return Classification(str(primary), tuple(str(s) for s in secondary), confidence, tuple(cues),
                          reason=portal if primary == Label.PORTAL_NOTICE else None)


def _resolve_overlaps(score: dict[str, float], fired: set[tuple[str, str]]) -> None:
    """Cues of one label that are really part of another decision."""
    denial_names = {name for label, name in fired if label == Label.DENIAL}
    if denial_names <= {"request denied", "exempt"} and (score.get(Label.EXPEDITE_DENIED) or score.get(Label.FEE_WAIVER_DENIED)):
        score.pop(Label.DENIAL, None)  # "your request for expedited processing / a fee waiver is denied"
    final_names = {name for label, name in fired if label == Label.PRODUCTION_FINAL}
    if score.get(Label.PRODUCTION_INTERIM) and final_names and final_names <= {"records released", "redactions"}:
        score[Label.PRODUCTION_INTERIM] += score.pop(Label.PRODUCTION_FINAL)  # a release with more to come
    if score.get(Label.PRODUCTION_FINAL, 0) >= 0.8 and score.get(Label.NO_RECORDS):
        score[Label.PRODUCTION_FINAL] = max(score[Label.PRODUCTION_FINAL], score[Label.NO_RECORDS] + 0.1)  # some released, some not held
    if score.get(Label.REFERRAL, 0) >= 1.0 and score.get(Label.NO_RECORDS):
        score[Label.REFERRAL] = max(score[Label.REFERRAL], score[Label.NO_RECORDS] + 0.1)  # not here: ask them
    released = "records released" in final_names
    if score.get(Label.EXTENSION, 0) >= 1.0 and score.get(Label.PRODUCTION_INTERIM) and not released:
        score[Label.EXTENSION] = max(score[Label.EXTENSION], score[Label.PRODUCTION_INTERIM] + 0.1)  # the next installment is late
    ack = score.get(Label.ACKNOWLEDGEMENT, 0)
    outranking = [score[lab] for lab in ACK_OUTRANKED_BY
                  if score.get(lab, 0) >= (1.0 if lab in DECIDED_IN_ONE_SENTENCE else max(1.0, 0.75 * ack))]
    if ack and outranking:
        score[Label.ACKNOWLEDGEMENT] = min(score[Label.ACKNOWLEDGEMENT], min(max(outranking), CUE_CAP) - 0.5)  # "we received it, and..."
    if score.get(Label.APPEAL_RELATED, 0) >= 1.0:
        score[Label.APPEAL_RELATED] = max(score.values()) + 0.1  # an appeal decision speaks of the request's outcome too


def _confidence(primary: str, raw_cues: dict[str, float], scores: dict[str, float],
                probs: dict[str, float], ranked: list[str]) -> float:
    """How sure the label is, from the evidence: a decisive cue, several cues, the classifier
    agreeing, and how far the runner-up is behind. Letters no cue speaks for stay below the
    default review threshold."""
    strength = raw_cues.get(primary, 0.0)
    if strength >= 1.0:
        conf = 0.75 + 0.1 * min(2.0, (strength - 1.0) / 0.7)
    elif strength > 0:
        conf = 0.45 + 0.15 * strength
    else:
        conf = min(scores.get(primary, 0.0), 0.5)
    if probs and max(probs, key=probs.get) == primary:
        conf += 0.04
    runner_up = next((scores[lab] + PRIORITY[lab] for lab in ranked if lab != primary), 0.0)
    if scores.get(primary, 0.0) + PRIORITY.get(primary, 0.0) - runner_up < 0.05:
        conf -= 0.1
    return round(min(0.99, max(0.05, conf)), 3)
