"""The spaCy pipeline: a blank English tokenizer, the wording cues (Matcher), and a trained
multi-label text classifier (bag of words). The trained model ships in ``nlp/model``."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from nlp.cuebank import CUES
from nlp.labels import LABELS
from nlp.patterns import compile_patterns

log = logging.getLogger(__name__)

MODEL_DIR = Path(__file__).resolve().parent / "model"
TEXTCAT = "textcat_multilabel"
MAX_CHARS = 30_000  # a letter's first pages decide; long productions are cut here

if not Doc.has_extension("cues"):
    Doc.set_extension("cues", default=[])

TEXTCAT_CONFIG = {
    "threshold": 0.5,
    "model": {
        "@architectures": "spacy.TextCatBOW.v3",
        "exclusive_classes": False,
        "ngram_size": 2,
        "no_output_layer": False,
        "length": 2**16,
    },
}


class CueMatcher:
    """Finds the wording cues of ``nlp.cuebank``; stores (label, name, weight, text) on doc._.cues."""

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.matcher = Matcher(nlp.vocab)
        self.meta: dict[int, tuple[str, str, float]] = {}
        for i, (label, cue_name, weight, patterns) in enumerate(CUES):
            key = f"cue{i}"
            self.matcher.add(key, [tok for p in patterns for tok in compile_patterns(p)])
            self.meta[nlp.vocab.strings[key]] = (label, cue_name, weight)

    def __call__(self, doc: Doc) -> Doc:
        seen: set[tuple[str, str]] = set()
        cues = []
        for match_id, start, end in self.matcher(doc):
            label, name, weight = self.meta[match_id]
            if label.endswith("_granted") and _negated(doc, start):
                label, name = label.replace("_granted", "_denied"), f"{name} (negated)"
            if (label, name) in seen:
                continue
            seen.add((label, name))
            cues.append((label, name, weight, doc[start:end].text))
        doc._.cues = cues
        return doc

    # The cues are code, not trained state: nothing to save.
    def to_disk(self, path, *, exclude=()):  # noqa: ANN001, ARG002
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, *, exclude=()):  # noqa: ANN001, ARG002
        return self


_NEGATIONS = {"not", "n't", "cannot", "unable", "never", "no", "decline", "declines", "declined"}


def _negated(doc: Doc, start: int) -> bool:
    """"we cannot grant the fee waiver": a grant preceded by a negation is a denial."""
    return any(t.lower_ in _NEGATIONS for t in doc[max(0, start - 4) : start])


@Language.factory("foia_cues")
def make_cue_matcher(nlp: Language, name: str) -> CueMatcher:
    return CueMatcher(nlp, name)


def build_pipeline() -> Language:
    """A fresh, untrained pipeline (for training, or when no trained model is installed)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("foia_cues")
    textcat = nlp.add_pipe(TEXTCAT, config=TEXTCAT_CONFIG)
    for label in LABELS:
        textcat.add_label(label)
    return nlp


@lru_cache(maxsize=1)
def load_pipeline(path: Path | None = None) -> tuple[Language, bool]:
    """(pipeline, trained?). The packaged model when present; else rules only."""
    path = path or MODEL_DIR
    if (path / "config.cfg").is_file():
        return spacy.load(path), True
    log.warning("no trained model in %s: classifying with the wording cues only (run `foia-intake train`)", path)
    nlp = spacy.blank("en")
    nlp.add_pipe("foia_cues")
    return nlp, False
