"""The classifier: one primary label, secondary labels, a confidence and the cues that fired.

The wording cues (``nlp.cuebank``) find decision statements and their negations wherever they
stand; ``nlp.features`` turns them, and the part of the message they stand in, into features; a
learned combiner (``nlp.combiner``, trained on real letters, the project's examples and people's
corrections) chooses the primary label by the conventions it was taught. Its probability is the
confidence. Headers decide auto-replies and bounces before any of this.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from nlp.autoreply import auto_reply_reason, out_of_office_wording
from nlp.combiner import Combiner
from nlp.features import features, letter_text
from nlp.labels import LABELS, Label
from nlp.letter import Classification, Letter
from nlp.pipeline import MAX_CHARS, MODEL_DIR, Cue, load_pipeline
from nlp.portals import detect_portal

SECONDARY_CUE_MIN = 1.0  # a decision stated this strongly is listed beside the primary one
SECONDARY_PROB_MIN = 0.25
# The convention: a fee to accept or pay, or a question the requester must answer, is primary
# "whatever else the message says" when it is stated outright and the combiner finds it plausible.
ACTION_NEEDED = (Label.FEE_NOTICE, Label.CLARIFICATION_NEEDED)
# A fee is named in many letters that ask for none (the requester's stated limit, a fee category, fees to
# come): the combiner must find a fee notice likelier before a fee outranks the rest. Chosen in thread-grouped
# cross-validation on real letters (201): at 0.25 one letter fewer was wrongly made a fee notice and no fee
# notice was missed; at 0.3 one was missed, which costs more than a wrong one a person looks at.
ACTION_MIN_PROBABILITY = {Label.FEE_NOTICE: 0.25, Label.CLARIFICATION_NEEDED: 0.2}
# ... or where the combiner spreads its belief over many labels, at least this share of its first choice (a
# release with a price for the rest: release 0.37, fee 0.24). 0.6 changed nothing in cross-validation; 0.5 cost one.
ACTION_RELATIVE = 0.6
# Decided in one sentence, and too rare in real mail for the combiner to learn: a letter that only
# acknowledges (or says nothing else) and decides one of these is labelled by that decision.
ONE_SENTENCE_DECISIONS = (Label.EXPEDITE_DENIED, Label.EXPEDITE_GRANTED, Label.FEE_WAIVER_DENIED,
                          Label.FEE_WAIVER_GRANTED)
OUTRANKED = (Label.ACKNOWLEDGEMENT, Label.OTHER, Label.PORTAL_NOTICE, Label.EXTENSION)


@dataclass(frozen=True)
class Outranking:
    """A decision stated outright (``evidence``, a feature) outranks the labels ``over`` when the combiner finds
    it at least ``min_probability`` likely."""

    label: str
    evidence: str
    min_probability: float
    over: tuple[str, ...] = OUTRANKED


# "We received your request ... the records are withheld in full" is a denial, not an acknowledgement. An
# extension is invoked in the boilerplate of many federal acknowledgements ("the law allows a 10-day extension
# ... we will invoke a 10-day extension"), which the corpus labels acknowledgements where the letter is mostly an
# acknowledgement and extensions where the extension is the news: it needs 0.2 (0.1 to 0.2 cost nothing in
# thread-grouped cross-validation). "We received your email withdrawing your request; it has been closed" is a
# closure for another reason ("other"), over an acknowledgement or a portal notice only.
OUTRANKING = (
    Outranking(Label.DENIAL, f"strong:{Label.DENIAL}", 0.1),
    Outranking(Label.NO_RECORDS, f"strong:{Label.NO_RECORDS}", 0.1),
    Outranking(Label.EXTENSION, f"strong:{Label.EXTENSION}", 0.2),
    Outranking(Label.OTHER, "cue:other:closed for another reason", 0.05,
               over=(Label.ACKNOWLEDGEMENT, Label.PORTAL_NOTICE)),
)
# The combiner's "other" stands as a judgement from this probability on (0.3 to 0.6, or no fall-back at all, changed
# nothing in thread-grouped cross-validation or on 435 letters of our own).
OTHER_BY_JUDGEMENT = 0.5
RULES_ONLY_CONFIDENCE = 0.5  # without a trained combiner nothing is sure enough to skip review
# The combiner's probability, raised to this power, is the confidence: chosen from thread-grouped
# 5-fold cross-validation on real letters (as text and as PDF attachments) so that answers at or above
# the default review threshold (0.55) are right about 92% of the time while about half go to review
# (probability 0.58 -> confidence 0.55). 1.0 sends fewer to review but leaves no margin above 90%.
# (The chosen label's lead over the runner-up, ((p1-p2)/(p1+p2))^1.6, ranked train letters slightly
# better, 94% right with 47% to review, but not the unseen ones: not used.)
CONFIDENCE_POWER = 1.1

# Without a trained combiner: when two labels score alike, the more consequential decision leads.
PRIORITY: dict[str, float] = {
    Label.FEE_NOTICE: 0.07, Label.CLARIFICATION_NEEDED: 0.07, Label.APPEAL_RELATED: 0.06,
    Label.DENIAL: 0.05, Label.NO_RECORDS: 0.05, Label.PRODUCTION_FINAL: 0.045,
    Label.PRODUCTION_INTERIM: 0.04, Label.REFERRAL: 0.03, Label.EXPEDITE_DENIED: 0.03,
    Label.EXPEDITE_GRANTED: 0.03, Label.FEE_WAIVER_DENIED: 0.02, Label.FEE_WAIVER_GRANTED: 0.02,
    Label.EXTENSION: 0.015, Label.ACKNOWLEDGEMENT: 0.0, Label.PORTAL_NOTICE: -0.02, Label.OTHER: -0.05,
}


_retrained: list[Path] = []  # the folder of a retrained model chosen by the application (``use_model``)


def use_model(folder: Path | None) -> None:
    """Load the combiner from ``folder`` (a retrained model) instead of the shipped one; None: the shipped one."""
    _retrained[:] = [folder] if folder is not None else []
    load_combiner.cache_clear()


@lru_cache(maxsize=1)
def load_combiner() -> Combiner | None:
    """The combiner of ``use_model``'s folder, else the shipped one, or None (rules only) when none is installed."""
    folder = _retrained[0] if _retrained else MODEL_DIR
    if not (folder / "combiner.json").is_file():
        return None
    return Combiner.load(folder)


def analyse(letter: Letter) -> tuple[dict[str, float], list[Cue], str | None]:
    """(features, cues found, portal name or None): everything the combiner reads of a letter."""
    nlp = load_pipeline()
    text, parts = letter_text(letter, MAX_CHARS)
    doc = nlp(text)
    portal = detect_portal(letter.sender, letter.subject, letter.body)
    return features(doc._.cues, parts, text, portal=portal is not None), list(doc._.cues), portal


def classify(letter: Letter, combiner: Combiner | None = None) -> Classification:
    reason = auto_reply_reason(letter.headers, letter.subject)
    if reason:
        return Classification(label=str(Label.OTHER), confidence=0.95, cues=(reason,), reason=reason)
    feats, cues, portal = analyse(letter)
    reason = out_of_office_wording(letter.body)
    if reason and not any(feats.get(f"strong:{lab}") for lab in LABELS if lab not in OUTRANKED):
        return Classification(label=str(Label.OTHER), confidence=0.9, cues=(reason,), reason=reason)
    combiner = combiner or load_combiner()
    # decisions stated (not negated, not in the request quoted back), by label
    cue_score = {label: feats.get(f"label:{label}", 0.0) for label in LABELS}
    if combiner is None:
        probs = _rules_only(cue_score)
    else:
        probs = combiner.probabilities(feats)
    primary = max(LABELS, key=lambda lab: probs.get(lab, 0.0))
    for action in ACTION_NEEDED:
        likely = probs.get(action, 0.0)
        if feats.get(f"strong:{action}") and (likely >= ACTION_MIN_PROBABILITY[action]
                                              or likely >= ACTION_RELATIVE * max(probs.values())):
            primary = str(action)
            break
    other_said = any(feats.get(f"label@{part}:{Label.OTHER}") for part in ("body", "cover", "attached", "subject"))
    if (primary == Label.OTHER and not other_said and feats.get("no_decision_cue") and not feats.get("short_note")
            and probs.get(Label.OTHER, 0.0) < OTHER_BY_JUDGEMENT):
        # nothing falls to "other" only because nothing matched: the likeliest answer decides, unsure. Where a
        # decision was stated and the combiner still finds "other" likeliest (a release mentioned in a note about
        # something else), or it is sure of "other" from the letter's words, that is its judgement, not a fall for
        # want of a match. (A few lines with no decision in them are a note: "other".)
        primary = max((lab for lab in LABELS if lab != Label.OTHER), key=lambda lab: probs.get(lab, 0.0))
    if primary == Label.PRODUCTION_INTERIM and not _release_stated(feats):
        # more promised, nothing released: "your request is still open and under review" is a status, not a part
        primary = max((lab for lab in LABELS if lab not in RELEASES), key=lambda lab: probs.get(lab, 0.0))
    if primary in OUTRANKED:
        decided = [lab for lab in ONE_SENTENCE_DECISIONS if feats.get(f"strong:{lab}")]
        decided += [rule.label for rule in OUTRANKING if primary in rule.over and rule.label != primary
                    and feats.get(rule.evidence) and probs.get(rule.label, 0.0) >= rule.min_probability]
        primary = str(max(decided, key=lambda lab: probs.get(lab, 0.0))) if decided else primary
    secondary = [lab for lab in LABELS if lab not in (primary, Label.OTHER)
                 and (cue_score.get(lab, 0.0) >= SECONDARY_CUE_MIN or probs.get(lab, 0.0) >= SECONDARY_PROB_MIN)]
    secondary = _consistent(secondary, primary, cue_score, cues)
    if portal and primary != Label.PORTAL_NOTICE and Label.PORTAL_NOTICE not in secondary:
        secondary.append(str(Label.PORTAL_NOTICE))
    secondary.sort(key=lambda lab: -(probs.get(lab, 0.0) + cue_score.get(lab, 0.0)))
    shown = [f"{c.label}: {c.name} ({c.text[:60]!r})" for c in cues]
    if portal:
        shown.insert(0, f"portal_notice: {portal} sender or subject")
    confidence = probs.get(primary, 0.0) ** CONFIDENCE_POWER if combiner is not None else min(probs[primary], RULES_ONLY_CONFIDENCE)
    return Classification(str(primary), tuple(str(s) for s in secondary), round(max(0.05, min(0.99, confidence)), 3),
                          tuple(shown), reason=portal if primary == Label.PORTAL_NOTICE else None)


RELEASES = (Label.PRODUCTION_FINAL, Label.PRODUCTION_INTERIM)
# interim cues that name a part released now (the others only promise more)
RELEASE_NAMED = ("interim release", "part of the records")


def _release_stated(feats: dict[str, float]) -> bool:
    return bool(feats.get(f"label:{Label.PRODUCTION_FINAL}")) or any(
        feats.get(f"cue:{Label.PRODUCTION_INTERIM}:{name}") for name in RELEASE_NAMED)


_OPPOSITES = ((Label.EXPEDITE_GRANTED, Label.EXPEDITE_DENIED), (Label.FEE_WAIVER_GRANTED, Label.FEE_WAIVER_DENIED))
_SIDE_DECISIONS = {Label.EXPEDITE_DENIED, Label.FEE_WAIVER_DENIED}


def _consistent(secondary: list[str], primary: str, cue_score: dict[str, float], cues: list[Cue]) -> list[str]:
    """Secondary labels that do not contradict each other or the primary one: "your request for
    expedited processing is denied" is not a denial of the records; a release is final or interim,
    not both; of a grant and a refusal of the same thing, the stronger (the refusal on a tie) stays."""
    decided = {primary, *secondary}
    drop: set[str] = set()
    denial_cues = {c.name for c in cues if c.label == Label.DENIAL}
    if decided & _SIDE_DECISIONS and denial_cues <= {"request denied", "exempt"}:
        drop.add(Label.DENIAL)
    releases = {Label.PRODUCTION_FINAL, Label.PRODUCTION_INTERIM}
    if primary in releases:
        drop |= releases - {primary}  # a release is either the last one or one with more to come
    for granted, denied in _OPPOSITES:
        if granted in decided and denied in decided:
            weaker = granted if cue_score.get(denied, 0.0) >= cue_score.get(granted, 0.0) else denied
            drop.add(weaker if weaker != primary else (denied if weaker == granted else granted))
    return [lab for lab in secondary if lab not in drop]


def _rules_only(cue_score: dict[str, float]) -> dict[str, float]:
    """Label scores from the cues alone (no trained combiner installed)."""
    if not any(cue_score.values()):
        return {label: (0.1 if label == Label.OTHER else 0.0) for label in LABELS}
    scores = {label: min(cue_score.get(label, 0.0), 1.5) / 1.5 + PRIORITY[label] for label in LABELS}
    return {label: max(0.0, s) for label, s in scores.items()}
