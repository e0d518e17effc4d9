"""The spaCy pipeline: a blank English tokenizer, the wording cues (Matcher), and a trained
multi-label text classifier (bag of words). The trained model ships in ``nlp/model``."""

from __future__ import annotations

import logging
from functools import lru_cache
from pathlib import Path

import numpy
import spacy
from spacy.attrs import IS_CURRENCY, LIKE_NUM, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlp.cuebank import CUES
from nlp.labels import LABELS
from nlp.patterns import SENTENCE_ENDS, expand, literal_phrases, split_gaps

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
    """Finds the wording cues of ``nlp.cuebank``; stores (label, name, weight, text) on doc._.cues.

    Patterns are split at their gaps: a PhraseMatcher finds the gap-free segments (every word
    alternative listed, so a trie does the work), and the segments are chained here, each gap
    bounded and never crossing a sentence end.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")  # word segments: a trie, fast
        self.amounts: dict[int, int] = {}  # "$" and "$ #" segments, found from token flags
        segment_ids: dict[str, int] = {}
        # cue index -> (label, name, weight, [(segment ids, gaps), ...])
        self.cues: list[tuple[str, str, float, list[tuple[list[int], list[int]]]]] = []
        for label, cue_name, weight, patterns in CUES:
            chains = []
            for pattern in patterns:
                for variant in expand(pattern):
                    segments, gaps = split_gaps(variant)
                    ids = []
                    for segment in segments:
                        if segment not in segment_ids:
                            segment_ids[segment] = len(segment_ids)
                            key = f"seg{segment_ids[segment]}"
                            literal = literal_phrases(segment)
                            if literal is None:
                                if segment.split() not in (["$"], ["$", "#"]):
                                    raise ValueError(f"segment {segment!r}: only '$' and '$ #' may stand outside phrases")
                                self.amounts[segment_ids[segment]] = len(segment.split())
                            else:
                                self.phrases.add(key, [Doc(nlp.vocab, words=words) for words in literal])
                        ids.append(segment_ids[segment])
                    chains.append((ids, gaps))
            self.cues.append((label, cue_name, weight, chains))
        self._key_to_segment = {nlp.vocab.strings[f"seg{i}"]: i for i in segment_ids.values()}

    def __call__(self, doc: Doc) -> Doc:
        found: dict[int, list[tuple[int, int]]] = {}
        for match_id, start, end in self.phrases(doc):
            found.setdefault(self._key_to_segment[match_id], []).append((start, end))
        flags = doc.to_array([ORTH, IS_CURRENCY, LIKE_NUM])
        if self.amounts:
            money = numpy.flatnonzero(flags[:, 1])
            for seg, width in self.amounts.items():
                spans = [(int(i), int(i) + width) for i in money
                         if width == 1 or (i + 1 < len(doc) and flags[i + 1, 2])]
                if spans:
                    found[seg] = spans
        for spans in found.values():
            spans.sort()
        # ends[i]: sentence ends before token i (a gap may not cross one)
        orths = flags[:, 0]
        stops = [o for o in numpy.unique(orths) if _is_sentence_end(doc.vocab.strings[int(o)])]
        ends = numpy.concatenate(([0], numpy.cumsum(numpy.isin(orths, stops)))).tolist()
        cues = []
        seen: set[tuple[str, str]] = set()
        for label, name, weight, chains in self.cues:
            span = None
            for ids, gaps in chains:
                span = _chain(ids, gaps, found, ends)
                if span:
                    break
            if span is None:
                continue
            if label.endswith("_granted") and _negated(doc, span[0]):
                label, name = label.replace("_granted", "_denied"), f"{name} (negated)"
            if (label, name) not in seen:
                seen.add((label, name))
                cues.append((label, name, weight, doc[span[0] : span[1]].text))
        doc._.cues = cues
        return doc

    # The cues are code, not trained state: nothing to save.
    def to_disk(self, path, *, exclude=()):  # noqa: ANN001, ARG002
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, *, exclude=()):  # noqa: ANN001, ARG002
        return self


_SENTENCE_ENDS = set(SENTENCE_ENDS)


def _chain(ids: list[int], gaps: list[int], found: dict[int, list[tuple[int, int]]],
           ends: list[int]) -> tuple[int, int] | None:
    """The first span where the segments follow each other within their gaps, or None."""
    current = found.get(ids[0])
    if not current:
        return None
    spans = [(start, end) for start, end in current]
    for seg, gap in zip(ids[1:], gaps, strict=True):
        nexts = found.get(seg)
        if not nexts:
            return None
        spans = [(s0, e2) for s0, e1 in spans for s2, e2 in nexts
                 if e1 <= s2 <= e1 + gap and ends[s2] == ends[e1]]
        if not spans:
            return None
    return spans[0]


def _is_sentence_end(text: str) -> bool:
    return text in _SENTENCE_ENDS or "\n\n" in text


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
