"""The spaCy pipeline: a blank English tokenizer and the wording cues (a PhraseMatcher).
The trained combiner that reads the cues ships in ``nlp/model`` (``nlp.combiner``)."""

from __future__ import annotations

from bisect import bisect_left
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import numpy
import spacy
from spacy.attrs import IS_CURRENCY, IS_SPACE, LIKE_NUM, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlp.cuebank import CUES
from nlp.patterns import SENTENCE_ENDS, expand, literal_phrases, split_gaps

MODEL_DIR = Path(__file__).resolve().parent / "model"
MAX_CHARS = 30_000  # a letter's first pages decide; long productions are cut here


class Cue(NamedTuple):
    """A wording cue found in a text: its label, name, weight, first matched text and where it starts."""

    label: str
    name: str
    weight: float
    text: str
    starts: tuple[int, ...]  # character offsets of every occurrence


if not Doc.has_extension("cues"):
    Doc.set_extension("cues", default=[])

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
        self._stop_orths = [nlp.vocab.strings.add(end) for end in SENTENCE_ENDS]

    def __call__(self, doc: Doc) -> Doc:
        found: dict[int, list[tuple[int, int]]] = {}
        for match_id, start, end in self.phrases(doc):
            found.setdefault(self._key_to_segment[match_id], []).append((start, end))
        flags = doc.to_array([ORTH, IS_CURRENCY, LIKE_NUM, IS_SPACE])
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
        spaces = numpy.unique(orths[flags[:, 3] == 1])
        stops = [*self._stop_orths, *(o for o in spaces if "\n\n" in doc.vocab.strings[int(o)])]
        ends = numpy.concatenate(([0], numpy.cumsum(numpy.isin(orths, stops)))).tolist()
        cues = []
        for label, name, weight, chains in self.cues:
            spans = sorted({span for ids, gaps in chains if all(i in found for i in ids)
                            for span in _chain(ids, gaps, found, ends)})
            if not spans:
                continue
            plain, negated = [], []
            for span in spans:
                inside = label in _RELEASES and any(t.lower_ in _NOT_INSIDE for t in doc[span[0] : span[1]])
                (negated if inside or _negated(doc, span[0]) else plain).append(span)
            for group, neg in ((plain, False), (negated, True)):
                if not group:
                    continue
                cue_label, cue_name = label, name
                if neg and label.endswith("_granted"):
                    cue_label, cue_name = label.replace("_granted", "_denied"), f"not {name}"  # a refusal
                elif neg:
                    cue_name = f"{name} (negated)"
                starts = tuple(doc[s].idx for s, _ in group)
                cues.append(Cue(cue_label, cue_name, weight, doc[group[0][0] : group[0][1]].text, starts))
        doc._.cues = cues
        return doc

    # The cues are code, not trained state: nothing to save.
    def to_disk(self, path, *, exclude=()):  # noqa: ANN001, ARG002
        Path(path).mkdir(parents=True, exist_ok=True)

    def from_disk(self, path, *, exclude=()):  # noqa: ANN001, ARG002
        return self


def _chain(ids: list[int], gaps: list[int], found: dict[int, list[tuple[int, int]]],
           ends: list[int]) -> list[tuple[int, int]]:
    """Every span where the segments follow each other within their gaps (never across a sentence end)."""
    spans = found[ids[0]]
    for seg, gap in zip(ids[1:], gaps, strict=True):
        nexts = found[seg]
        starts = [start for start, _ in nexts]
        joined = []
        for s0, e1 in spans:
            i = bisect_left(starts, e1)
            while i < len(nexts) and starts[i] <= e1 + gap:
                s2, e2 = nexts[i]
                if ends[s2] == ends[e1]:
                    joined.append((s0, e2))
                i += 1
        if not joined:
            return []
        spans = joined
    return spans


# "the records are not enclosed", "pages will not be released": a release negated inside its own span
_RELEASES = frozenset({"production_final", "production_interim"})
_NOT_INSIDE = frozenset({"not", "n't", "never", "cannot"})
_NEGATIONS = {"not", "n't", "cannot", "unable", "never", "no", "decline", "declines", "declined"}


def _negated(doc: Doc, start: int) -> bool:
    """"we cannot grant the fee waiver": a grant preceded by a negation is a denial."""
    return any(t.lower_ in _NEGATIONS for t in doc[max(0, start - 4) : start])


@Language.factory("foia_cues")
def make_cue_matcher(nlp: Language, name: str) -> CueMatcher:
    return CueMatcher(nlp, name)


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """A blank English tokenizer and the wording cues (code, not trained state)."""
    nlp = spacy.blank("en")
    nlp.add_pipe("foia_cues")
    return nlp
