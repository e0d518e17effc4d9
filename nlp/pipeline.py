"""The reading pipeline: a fast regex tokenizer (``nlp.tokenize``) and the wording cues found among its tokens.
The trained combiner that reads the cues ships in ``nlp/model`` (``nlp.combiner``)."""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate, chain, compress, count
from operator import add
from pathlib import Path
from typing import NamedTuple

import spacy
from spacy.attrs import IS_CURRENCY, LIKE_NUM, LOWER
from spacy.language import Language
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.cuebank import CUES
from nlp.patterns import SENTENCE_ENDS, expand, literal_phrases, split_gaps
from nlp.tokenize import CACHE_SIZE, FastTokenizer

MODEL_DIR = Path(__file__).resolve().parent / "model"
MAX_CHARS = 30_000  # a letter's first pages decide; long productions are cut here


class Cue(NamedTuple):
    """A wording cue found in a text: its label, name, weight, first matched text and where it starts."""

    label: str
    name: str
    weight: float
    text: str
    starts: tuple[int, ...]  # character offsets of every occurrence


@dataclass(frozen=True)
class CueDoc:
    """What the pipeline makes of a text: the wording cues found in it. Read as ``doc._.cues``, as
    from the spaCy Doc the pipeline made before (no Doc is built: the cues need only the tokens)."""

    text: str
    cues: list[Cue]

    @property
    def _(self) -> CueDoc:
        return self


class CueMatcher:
    """Finds the wording cues of a cue bank (``nlp.cuebank``) among a text's tokens.

    Patterns are split at their gaps: the gap-free segments are found by their words, and the segments
    are chained here, each gap bounded and never crossing a sentence end. What the spaCy PhraseMatcher
    (a trie over every token) used to find, token by token, is found from the words alone:
    - the letter's distinct lower-case words tell which segments may be present: a one-word phrase
      when its word is there, a longer one when all its words are; only the chains whose every segment
      may be present are followed (those of one trigger segment, the one fewest chains share);
    - a segment's spans are read from the positions of its phrases' first words (a dict of the words
      those chains need), the rest of a phrase compared in place.
    Any cue bank, any tokens: the spans are those the trie found (tests/test_cue_matching_fast_path.py).
    """

    def __init__(self, vocab: Vocab, cues: list[tuple[str, str, float, list[str]]] = CUES) -> None:
        getters = vocab.lex_attr_getters
        lower = getters.get(LOWER, str.lower)  # pattern words are matched on their Lexeme's LOWER, as tokens
        self._is_currency = getters[IS_CURRENCY]
        self._like_num = getters[LIKE_NUM]
        self.amounts: dict[int, int] = {}  # "$" and "$ #" segments, found from token flags
        segment_ids: dict[str, int] = {}
        phrase_segments: dict[tuple[str, ...], set[int]] = {}
        # segment -> {first word: [the rest of each phrase starting with it]}
        self._phrases: dict[int, dict[str, list[list[str]]]] = {}
        # cue index -> (label, name, weight, [(segment ids, gaps, set of segment ids), ...])
        self.cues: list[tuple[str, str, float, list[tuple[list[int], list[int], frozenset[int]]]]] = []
        for label, cue_name, weight, patterns in cues:
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
                                firsts = self._phrases[seg] = {}
                                for words in literal:
                                    phrase = tuple(map(lower, words))
                                    phrase_segments.setdefault(phrase, set()).add(seg)
                                    tails = firsts.setdefault(phrase[0], [])
                                    if list(phrase[1:]) not in tails:
                                        tails.append(list(phrase[1:]))
                        ids.append(segment_ids[segment])
                    chains.append((ids, gaps, frozenset(ids)))
            self.cues.append((label, cue_name, weight, chains))
        self._first_words = {seg: frozenset(firsts) for seg, firsts in self._phrases.items()}
        # which segments a text may hold, from its words: one-word phrases by their word; longer ones
        # by their longest word (a rare one), then all their words looked for
        self._single: dict[str, set[int]] = {}
        self._longer: dict[str, list[tuple[frozenset[str], frozenset[int]]]] = {}
        for phrase, segs in phrase_segments.items():
            if len(phrase) == 1:
                self._single.setdefault(phrase[0], set()).update(segs)
            else:
                key = max(phrase, key=len)
                self._longer.setdefault(key, []).append((frozenset(phrase), frozenset(segs)))
        self._single_words = frozenset(self._single)
        self._longer_words = frozenset(self._longer)
        # a chain is looked at only when its trigger, the one of its segments fewest chains share, may be there
        shared = Counter(seg for *_, chains in self.cues for _, _, segs in chains for seg in segs)
        self._chains_by_trigger: dict[int, list[tuple[int, int, frozenset[int]]]] = {}
        for c, (*_, chains) in enumerate(self.cues):
            for n, (_, _, segs) in enumerate(chains):
                trigger = min(segs, key=lambda seg: (shared[seg], seg))
                self._chains_by_trigger.setdefault(trigger, []).append((c, n, segs))
        # sentence ends that are punctuation are single tokens; "\n\n" stands in whitespace tokens
        self._stop_words = frozenset(lower(end) for end in SENTENCE_ENDS if end.strip())
        self._known: set[str] = set()  # words whose IS_CURRENCY is known, and those that are currency signs
        self._money: set[str] = set()

    def _currency_words(self, words: set[str]) -> set[str]:
        """The currency signs among ``words`` (IS_CURRENCY, remembered). A currency sign has no case:
        a token is one exactly when its lower-case form is."""
        unknown = words - self._known
        if unknown:
            if len(self._known) >= CACHE_SIZE:
                self._known, self._money = set(), set()
                unknown = words
            self._known |= unknown
            self._money.update(filter(self._is_currency, unknown))
        return self._money

    def __call__(self, words: list[str], spaces: list[bool], lowers: list[str]) -> list[Cue]:
        """The cues in the tokens (texts, trailing spaces, lower-case forms), in the order of the cue bank;
        a cue's occurrences after a negation (or negated inside a release) are a cue of their own."""
        found = self.spans(words, lowers)
        offsets = list(accumulate(map(add, map(len, words), spaces), initial=0)) if found else []  # token.idx
        cues = []
        for c, spans in found:
            label, name, weight, _ = self.cues[c]
            plain, negated = [], []
            for span in spans:
                inside = label in _RELEASES and not _NOT_INSIDE.isdisjoint(lowers[span[0] : span[1]])
                before = lowers[max(0, span[0] - 4) : span[0]]
                (negated if inside or not _NEGATIONS.isdisjoint(before) else plain).append(span)
            for group, neg in ((plain, False), (negated, True)):
                if not group:
                    continue
                cue_label, cue_name = label, name
                if neg and label.endswith("_granted"):
                    cue_label, cue_name = label.replace("_granted", "_denied"), f"not {name}"  # a refusal
                elif neg:
                    cue_name = f"{name} (negated)"
                starts = tuple(offsets[s] for s, _ in group)
                cues.append(Cue(cue_label, cue_name, weight, _span_text(words, spaces, *group[0]), starts))
        return cues

    def spans(self, words: list[str], lowers: list[str]) -> list[tuple[int, list[tuple[int, int]]]]:
        """(cue index, its sorted token spans) of every cue found, in the order of the cue bank."""
        seen = set(lowers)
        possible: set[int] = set()
        for word in seen & self._single_words:
            possible |= self._single[word]
        for word in seen & self._longer_words:
            for phrase, segs in self._longer[word]:
                if phrase <= seen:
                    possible |= segs
        amounts: dict[int, list[tuple[int, int]]] = {}
        if self.amounts:
            money = seen & self._currency_words(seen)
            if money:
                like_num = self._like_num
                at = list(compress(count(), map(money.__contains__, lowers)))
                for seg, width in self.amounts.items():
                    spans = [(i, i + width) for i in at if width == 1 or (i + 1 < len(words) and like_num(words[i + 1]))]
                    if spans:
                        amounts[seg] = spans
                        possible.add(seg)
        # the chains whose every segment may be there, by cue (in the order of the cue bank)
        found_chains: dict[int, list[int]] = {}
        by_trigger = self._chains_by_trigger
        for seg in possible:
            for c, n, segs in by_trigger.get(seg, ()):
                if segs <= possible:
                    found_chains.setdefault(c, []).append(n)
        if not found_chains:
            return []
        candidates = [(c, [self.cues[c][3][n] for n in sorted(found_chains[c])]) for c in sorted(found_chains)]
        # the positions of the words the candidate chains start their phrases with (and of sentence ends)
        needed_segs = frozenset().union(*(chain[2] for _, chains in candidates for chain in chains))
        first_words = self._first_words
        needed = set(self._stop_words)
        for seg in needed_segs:
            if seg in first_words:
                needed |= first_words[seg] & seen
        breaks = [word for word in filter(str.isspace, seen) if "\n\n" in word]  # IS_SPACE is str.isspace
        needed.update(breaks)
        index: dict[str, list[int]] = {word: [] for word in needed}
        for i in compress(count(), map(needed.__contains__, lowers)):
            index[lowers[i]].append(i)
        # token positions of the sentence ends (a gap may not cross one)
        stops = sorted(chain.from_iterable(index[word] for word in self._stop_words | set(breaks)))
        found: dict[int, list[tuple[int, int]]] = {}  # segment -> its sorted spans, filled when needed
        phrases = self._phrases

        def spans_of(seg: int) -> list[tuple[int, int]]:
            spans = found.get(seg)
            if spans is None:
                if seg in amounts:
                    spans = amounts[seg]
                elif seg in self.amounts:
                    spans = []
                else:
                    firsts = phrases[seg]
                    spans = []
                    for word in first_words[seg] & seen:
                        for tail in firsts[word]:
                            if not tail:
                                spans.extend((i, i + 1) for i in index[word])
                            else:
                                width = len(tail) + 1
                                spans.extend((i, i + width) for i in index[word] if lowers[i + 1 : i + width] == tail)
                    spans.sort()  # each phrase of a segment is kept once: no span twice
                found[seg] = spans
            return spans

        found_cues = []
        for c, chains in candidates:
            spans = sorted({span for ids, gaps, _ in chains for span in _chain(ids, gaps, spans_of, stops)})
            if spans:
                found_cues.append((c, spans))
        return found_cues


def _span_text(words: list[str], spaces: list[bool], start: int, end: int) -> str:
    """The text of tokens start..end as a spaCy Span gives it (without the last token's trailing space)."""
    text = "".join([word + " " if space else word for word, space in zip(words[start:end], spaces[start:end], strict=True)])
    return text[:-1] if spaces[end - 1] else text


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
_NEGATIONS = frozenset({"not", "n't", "cannot", "unable", "never", "no", "decline", "declines", "declined"})


class CueReader:
    """``load_pipeline()``: text -> ``CueDoc`` (the cues); ``make_doc`` gives the spaCy Doc of the same tokens."""

    def __init__(self, nlp: Language, cues: list[tuple[str, str, float, list[str]]] = CUES) -> None:
        self.nlp = nlp
        self.vocab = nlp.vocab
        self.tokenizer: FastTokenizer = nlp.tokenizer
        self.matcher = CueMatcher(nlp.vocab, cues)

    def __call__(self, text: str) -> CueDoc:
        return CueDoc(text, self.matcher(*self.tokenizer.tokens(text)))

    def make_doc(self, text: str) -> Doc:
        return self.nlp.make_doc(text)


def blank_english() -> Language:
    """A blank English pipeline with the fast tokenizer of ``nlp.tokenize``."""
    nlp = spacy.blank("en")
    nlp.tokenizer = FastTokenizer(nlp.vocab)  # spaCy's rule-based one was the slowest step
    return nlp


@lru_cache(maxsize=1)
def load_pipeline() -> CueReader:
    """The fast tokenizer of ``nlp.tokenize`` and the wording cues (code, not trained state)."""
    return CueReader(blank_english())
