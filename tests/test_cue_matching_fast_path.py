"""The wording cues are found without a spaCy Doc or PhraseMatcher (nlp/pipeline.py's CueMatcher): for any
cue bank and any text, exactly the spans the trie over a Doc found. The reference here is that plain
computation: a PhraseMatcher over every segment, every chain of every cue followed, sentence ends and
amounts read from the Doc's token flags. Sentences and cue banks written (or generated) for these tests."""

from __future__ import annotations

import random
from itertools import chain

import pytest
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from nlp.cuebank import CUES
from nlp.patterns import SENTENCE_ENDS, expand, literal_phrases, split_gaps
from nlp.pipeline import CueMatcher, _chain, blank_english, load_pipeline
from nlp.tokenize import _PIECE

NLP = blank_english()

TEXTS = [
    "We don't have them; the agency's records CANNOT be released. Fees: $25.00 or £10, US$ 3 and $ five.",
    "Your request has been received.\n\nA fee of $ 1,250.00 is due.  Records   were\n\nreleased — in part…",
    "ÉTAT: naïve İstanbul café ﬁles; the RECORDS are not enclosed!? e.g. Mr. Lee, U.S. office (see 10/12/2023)",
    "", "   ", "$", "$ $ 3rd", "no records were located", "\n\n\n", "a\u00a0b\u2003c ©®™ <br/> x@y.z",
]


class Reference:
    """(cue index, sorted token spans) for every cue found, computed the plain way on a spaCy Doc."""

    def __init__(self, bank: list[tuple[str, str, float, list[str]]]) -> None:
        self.chains = [[split_gaps(variant) for pattern in patterns for variant in expand(pattern)]
                       for _, _, _, patterns in bank]
        self.matcher = PhraseMatcher(NLP.vocab, attr="LOWER")
        self.amounts: dict[str, int] = {}
        for segment in {segment for chains in self.chains for segments, _ in chains for segment in segments}:
            literal = literal_phrases(segment)
            if literal is None:
                self.amounts[segment] = len(segment.split())
            else:
                self.matcher.add(segment, [Doc(NLP.vocab, words=words) for words in literal])
        self.ends = {end.lower() for end in SENTENCE_ENDS if end.strip()}

    def __call__(self, text: str) -> list[tuple[int, list[tuple[int, int]]]]:
        doc = NLP.make_doc(text)
        spans: dict[str, set[tuple[int, int]]] = {segment: set() for chains in self.chains
                                                  for segments, _ in chains for segment in segments}
        for segment, width in self.amounts.items():
            spans[segment] = {(t.i, t.i + width) for t in doc
                              if t.is_currency and (width == 1 or (t.i + 1 < len(doc) and doc[t.i + 1].like_num))}
        for key, start, end in self.matcher(doc):
            spans[NLP.vocab.strings[key]].add((start, end))
        stops = [t.i for t in doc if t.lower_ in self.ends or (t.is_space and "\n\n" in t.text)]
        found = []
        for c, chains in enumerate(self.chains):
            cue_spans = set()
            for segments, gaps in chains:
                cue_spans.update(_chain(segments, gaps, lambda seg: sorted(spans[seg]), stops))
            if cue_spans:
                found.append((c, sorted(cue_spans)))
        return found


def fast_spans(matcher: CueMatcher, text: str) -> list[tuple[int, list[tuple[int, int]]]]:
    words, _, lowers = NLP.tokenizer.tokens(text)
    return matcher.spans(words, lowers)


WORDS = ["the", "records", "record", "request", "fee", "fees", "not", "no", "were", "are", "released", "denied",
         "your", "of", "a", "in", "part", "final", "$", "25", "five", ".", ";", "?", "!", "can", "n't", "'s"]


def random_bank(rng: random.Random) -> list[tuple[str, str, float, list[str]]]:
    """A cue bank in the pattern language: alternatives, optional words, stems, gaps, phrase groups, amounts,
    upper-case pattern words and punctuation among the words."""
    def spec() -> str:
        roll = rng.random()
        if roll < 0.15:
            return "|".join(rng.sample([w for w in WORDS if w not in "$.?"], rng.randint(2, 3)))
        if roll < 0.25 and not stemmed:
            stemmed.append(True)  # one stem a segment (a few stand for too many phrases)
            return rng.choice(["record*", "fee*", "releas*", "den*"])
        if roll < 0.32:
            return rng.choice(["the?", "not?", "fees?"])
        if roll < 0.38:
            return "[" + " ".join(rng.sample(WORDS[:14], 2)) + "|" + rng.choice(WORDS[:14]) + "]"
        if roll < 0.42:
            return rng.choice(["Records", "FEE", "Not"])
        return rng.choice([w for w in WORDS if w not in ("$", "25", "five")])

    def segment() -> str:
        if rng.random() < 0.08:
            return rng.choice(["$", "$ #"])
        stemmed.clear()
        return " ".join(spec() for _ in range(rng.choice([1, 1, 1, 2, 3])))

    stemmed: list[bool] = []

    bank = []
    for n in range(rng.randint(3, 12)):
        patterns = []
        for _ in range(rng.randint(1, 4)):
            parts = [segment()]
            for _ in range(rng.choice([0, 0, 1, 1, 2])):
                parts += [f"~{rng.randint(0, 5)}", segment()]
            patterns.append(" ".join(parts))
        bank.append((f"label{n % 3}", f"cue {n}", 1.0, patterns))
    return bank


def random_text(rng: random.Random) -> str:
    pieces = []
    for _ in range(rng.randint(0, 60)):
        word = rng.choice(WORDS + ["Records", "FEES", "RELEASED", "recording", "denial", "cannot", "don't",
                                   "agency's", "$25", "£10", "1,250.00", "\n\n", "\n", "  ", "e.g.", "Mr."])
        pieces.append(word + rng.choice([" ", " ", " ", "", "\n"]))
    return "".join(pieces)


@pytest.mark.parametrize("seed", range(40))
def test_cues_of_a_generated_cue_bank_are_found_where_a_phrase_matcher_on_a_doc_finds_them(seed):
    rng = random.Random(seed)
    bank = random_bank(rng)
    matcher, reference = CueMatcher(NLP.vocab, bank), Reference(bank)
    for _ in range(25):
        text = random_text(rng)
        assert fast_spans(matcher, text) == reference(text), (bank, text)


@pytest.mark.parametrize("text", TEXTS)
def test_cues_of_the_cue_bank_are_found_where_a_phrase_matcher_on_a_doc_finds_them(text):
    assert fast_spans(load_pipeline().matcher, text) == Reference(CUES)(text)


def test_cue_bank_sentences_are_found_as_on_a_doc():
    """Each cue's own wording (its patterns with the gaps left out) is found as the plain way finds it."""
    sentences = [" ".join(w.split("|")[0].rstrip("?*") for w in variant.split() if not w.startswith("~"))
                 for _, _, _, patterns in CUES for pattern in patterns for variant in expand(pattern)]
    text = ". ".join(sentences[::3]) + "\n\n" + " ".join(sentences[1::3]) + "; " + "! ".join(sentences[2::3])
    found = fast_spans(load_pipeline().matcher, text)
    assert len(found) > len(CUES) // 2
    assert found == Reference(CUES)(text)


@pytest.mark.parametrize("text", TEXTS)
def test_tokens_without_a_doc_are_the_docs_tokens_with_their_lower_forms_offsets_and_currency(text):
    reader = load_pipeline()
    words, spaces, lowers = reader.tokenizer.tokens(text)
    doc = reader.make_doc(text)
    assert words == [t.text for t in doc]
    assert spaces == [bool(t.whitespace_) for t in doc]
    assert lowers == [t.lower_ for t in doc]
    assert reader.matcher._currency_words(set(lowers)) & set(lowers) == {t.lower_ for t in doc if t.is_currency}


def test_a_cues_text_and_offsets_are_those_of_the_doc_span():
    text = "Dear requester,  the records  were\n\nreleased.  The RECORDS were released in part. Fees were waived."
    doc = load_pipeline().make_doc(text)
    cues = load_pipeline()(text)._.cues
    assert cues
    for cue in cues:
        (start,) = [t.i for t in doc if t.idx == cue.starts[0]]
        assert any(doc[start:end].text == cue.text for end in range(start + 1, len(doc) + 1))
        assert all(any(t.idx == s for t in doc) for s in cue.starts)


@pytest.mark.parametrize("seed", range(4))
def test_tokens_of_a_text_are_those_of_its_pieces_read_fresh_or_remembered(seed):
    rng = random.Random(seed)
    tokenizer = blank_english().tokenizer  # nothing remembered yet
    bits = ["a", "B.", "don't", "$5", " ", " ", "  ", "\n", "\n\n", "\t", "\u00a0", "x y", ".", "U.S. ", "—"]
    for _ in range(300):
        text = "".join(rng.choice(bits) for _ in range(rng.randint(0, 30)))
        pieces = [tokenizer._split(piece) for piece in _PIECE.findall(text)]
        expected = tuple(list(chain.from_iterable(piece[i] for piece in pieces)) for i in range(3))
        assert tokenizer.tokens(text) == expected, text  # read, then remembered
        assert tokenizer.tokens(text) == expected, text
