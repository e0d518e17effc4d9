"""The spaCy pipeline: a fast regex tokenizer (``nlp.tokenize``) and the wording cues (a PhraseMatcher).
The trained combiner that reads the cues ships in ``nlp/model`` (``nlp.combiner``)."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from functools import lru_cache
from operator import itemgetter
from pathlib import Path
from typing import NamedTuple

import numpy
import spacy
from spacy.attrs import IS_CURRENCY, IS_SPACE, LOWER
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlp.cuebank import CUES
from nlp.patterns import SENTENCE_ENDS, expand, literal_phrases, split_gaps
from nlp.tokenize import FastTokenizer

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
    bounded and never crossing a sentence end. Speed: each literal phrase is keyed by the set of
    segments it belongs to (one match per place, however many segments share the phrase), and only
    the chains whose every segment was found are followed.
    """

    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.phrases = PhraseMatcher(nlp.vocab, attr="LOWER")  # word segments: a trie, fast
        self.amounts: dict[int, int] = {}  # "$" and "$ #" segments, found from token flags
        segment_ids: dict[str, int] = {}
        phrase_segments: dict[tuple[str, ...], set[int]] = {}
        # cue index -> (label, name, weight, [(segment ids, gaps, set of segment ids), ...])
        self.cues: list[tuple[str, str, float, list[tuple[list[int], list[int], frozenset[int]]]]] = []
        for label, cue_name, weight, patterns in CUES:
            chains = []
            for pattern in patterns:
                for variant in expand(pattern):
                    segments, gaps = split_gaps(variant)
                    ids = []
                    for segment in segments:
                        if segment not in segment_ids:
                            segment_ids[segment] = seg = len(segment_ids)
                            literal = literal_phrases(segment)
                            if literal is None:
                                if segment.split() not in (["$"], ["$", "#"]):
                                    raise ValueError(f"segment {segment!r}: only '$' and '$ #' may stand outside phrases")
                                self.amounts[seg] = len(segment.split())
                            else:
                                for words in literal:
                                    phrase_segments.setdefault(tuple(words), set()).add(seg)
                        ids.append(segment_ids[segment])
                    chains.append((ids, gaps, frozenset(ids)))
            self.cues.append((label, cue_name, weight, chains))
        # a chain is looked at only when its trigger, the one of its segments fewest chains share, was found
        shared = Counter(seg for *_, chains in self.cues for _, _, segs in chains for seg in segs)
        self._chains_by_trigger: dict[int, list[tuple[int, int, frozenset[int]]]] = {}
        for c, (*_, chains) in enumerate(self.cues):
            for n, (_, _, segs) in enumerate(chains):
                trigger = min(segs, key=lambda seg: (shared[seg], seg))
                self._chains_by_trigger.setdefault(trigger, []).append((c, n, segs))
        # phrases that stand for the same segments share a key: key -> those segments
        by_segments: dict[frozenset[int], list[tuple[str, ...]]] = {}
        for words, segs in phrase_segments.items():
            by_segments.setdefault(frozenset(segs), []).append(words)
        self._key_segments: dict[int, frozenset[int]] = {}
        self._segment_keys: dict[int, list[int]] = {}
        for n, (segs, phrases) in enumerate(sorted(by_segments.items(), key=lambda kv: sorted(kv[0]))):
            key = nlp.vocab.strings.add(f"foia_phrase{n}")
            self.phrases.add(f"foia_phrase{n}", [Doc(nlp.vocab, words=list(words)) for words in phrases])
            self._key_segments[key] = segs
            for seg in segs:
                self._segment_keys.setdefault(seg, []).append(key)
        strings = nlp.vocab.strings
        # sentence ends that are punctuation are found by the trie too; "\n\n" from whitespace tokens
        self._stop_key = strings.add("foia_sentence_end")
        self.phrases.add("foia_sentence_end", [Doc(nlp.vocab, words=[end]) for end in SENTENCE_ENDS if end.strip()])
        self._not_inside = frozenset(strings.add(w) for w in _NOT_INSIDE)
        self._negations = frozenset(strings.add(w) for w in _NEGATIONS)

    def __call__(self, doc: Doc) -> Doc:
        matches = self.phrases(doc)
        keys = set(map(itemgetter(0), matches))
        keys.discard(self._stop_key)
        present: set[int] = set()
        for key in keys:
            present.update(self._key_segments[key])
        flags = doc.to_array([LOWER, IS_CURRENCY, IS_SPACE])
        amounts: dict[int, list[tuple[int, int]]] = {}
        if self.amounts:
            money = numpy.flatnonzero(flags[:, 1]).tolist()
            if money:
                for seg, width in self.amounts.items():
                    spans = [(i, i + width) for i in money if width == 1 or (i + 1 < len(doc) and doc[i + 1].like_num)]
                    if spans:
                        amounts[seg] = spans
                        present.add(seg)
        # the chains whose every segment was found, by cue (in the order of the cue bank)
        found_chains: dict[int, list[int]] = {}
        by_trigger = self._chains_by_trigger
        for seg in present:
            for c, n, segs in by_trigger.get(seg, ()):
                if segs <= present:
                    found_chains.setdefault(c, []).append(n)
        if not found_chains:
            doc._.cues = []
            return doc
        candidates = [(self.cues[c], [self.cues[c][3][n] for n in sorted(found_chains[c])]) for c in sorted(found_chains)]
        # the spans of the keys the candidate chains need (most matches are of common words no chain needs)
        segment_keys = self._segment_keys
        needed = {self._stop_key}
        for seg in frozenset().union(*(chain[2] for _, chains in candidates for chain in chains)):
            needed.update(segment_keys.get(seg, ()))
        by_key: dict[int, list[tuple[int, int]]] = {}
        for key, start, end in [m for m in matches if m[0] in needed]:
            spans = by_key.get(key)
            if spans is None:
                by_key[key] = [(start, end)]
            else:
                spans.append((start, end))
        # token positions of the sentence ends (a gap may not cross one)
        strings = doc.vocab.strings
        lowers = flags[:, 0].tolist()
        stops = sorted([start for start, _ in by_key.pop(self._stop_key, ())]
                       + [i for i in numpy.flatnonzero(flags[:, 2]).tolist() if "\n\n" in strings[lowers[i]]])
        found: dict[int, list[tuple[int, int]]] = {}  # segment -> its sorted spans, filled when needed

        def spans_of(seg: int) -> list[tuple[int, int]]:
            spans = found.get(seg)
            if spans is None:
                if seg in amounts:
                    spans = amounts[seg]
                else:
                    lists = [by_key[k] for k in segment_keys[seg] if k in by_key]
                    spans = sorted(lists[0] if len(lists) == 1 else {s for group in lists for s in group})
                found[seg] = spans
            return spans

        cues = []
        for (label, name, weight, _), chains in candidates:
            if not chains:
                continue
            spans = sorted({span for ids, gaps, _ in chains for span in _chain(ids, gaps, spans_of, stops)})
            if not spans:
                continue
            plain, negated = [], []
            for span in spans:
                inside = label in _RELEASES and not self._not_inside.isdisjoint(lowers[span[0] : span[1]])
                before = lowers[max(0, span[0] - 4) : span[0]]
                (negated if inside or not self._negations.isdisjoint(before) else plain).append(span)
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


def _chain(ids: list[int], gaps: list[int], spans_of, stops: list[int]) -> list[tuple[int, int]]:  # noqa: ANN001
    """Every span where the segments follow each other within their gaps (never across a sentence end:
    ``stops`` holds the sorted token positions of the sentence ends)."""
    spans = spans_of(ids[0])
    for seg, gap in zip(ids[1:], gaps, strict=True):
        nexts = spans_of(seg)
        starts = [start for start, _ in nexts]
        joined = []
        for s0, e1 in spans:
            i = bisect_left(starts, e1)
            while i < len(nexts) and starts[i] <= e1 + gap:
                s2, e2 = nexts[i]
                if s2 == e1 or bisect_left(stops, e1) == bisect_left(stops, s2):
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


@Language.factory("foia_cues")
def make_cue_matcher(nlp: Language, name: str) -> CueMatcher:
    return CueMatcher(nlp, name)


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """A blank English pipeline with the fast tokenizer of ``nlp.tokenize`` and the wording cues
    (code, not trained state)."""
    nlp = spacy.blank("en")
    nlp.tokenizer = FastTokenizer(nlp.vocab)  # spaCy's rule-based one was the slowest step
    nlp.add_pipe("foia_cues")
    return nlp
