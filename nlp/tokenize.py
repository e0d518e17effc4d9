"""A fast tokenizer for the pipeline: one regular expression, tokens close to spaCy's English ones.

spaCy's rule-based English tokenizer (prefix, suffix and infix searches per chunk) was the slowest
step of reading a letter. The wording cues need only what this gives, in one ``findall``:
- words and numbers ("W017342", "1,250.00", "10/12/2023", "3rd", "FOIA-2023"), lower-cased by the Doc;
- punctuation split off as tokens, so the sentence ends of ``nlp.patterns.SENTENCE_ENDS`` stand alone;
  "...", "--" and abbreviations ("U.S.", "e.g.", "Mr.", "Jan.") stay whole, as in spaCy;
- contractions split as spaCy splits them: "don't" -> "do" "n't", "can't" -> "ca" "n't",
  "cannot" -> "can" "not", "agency's" -> "agency" "'s"; a curly apostrophe is read as a straight one
  in the lower-case forms the cues match ("don’t" -> "do" "n't");
- "$" a token of its own (IS_CURRENCY), numbers LIKE_NUM (the Vocab's lexical attributes);
- whitespace as spaCy keeps it: one space after a token is that token's trailing space, any other
  run of whitespace is a token ("\\n\\n" ends a sentence for the cues); offsets match the text.
"""

from __future__ import annotations

import re

from spacy.attrs import LOWER
from spacy.tokens import Doc
from spacy.vocab import Vocab

# Abbreviations spaCy's English exceptions keep whole (a period there does not end a sentence).
_ABBREVIATIONS = (
    "Adm Ak Ala Apr Ariz Ark Aug Bros Calif Co Colo Conn Corp Dec Del Dr Feb Fla Ga Gen Gov Ia Id Ill Inc "
    "Ind Jan Jr Jul Jun Kan Kans Ky La Ltd Mar Mass Md Messrs Mich Minn Miss Mo Mont Mr Mrs Ms Mt Neb Nebr "
    "Nev Nov Oct Okla Ore Pa Prof Rep Rev Sen Sep Sept St Tenn Va Wash Wis co vs"
).split()
_TOKEN = re.compile(
    r"(\s+"  # whitespace beyond one trailing space
    r"|(?:https?://|www\.)[^\s<]+?(?=[.,;:!?)\]\"'”’]*(?:[\s<]|$))"  # a link, without the punctuation after it
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an email address
    r"|(?:[A-Za-z]\.){2,}"  # U.S., e.g., p.m.
    rf"|(?<!\w)(?:{'|'.join(_ABBREVIATIONS)}|[a-zA-Z])\.(?!\w)"  # Mr., Jan., a., initials (J.)
    r"|(?<!\w)[Cc]an(?=not(?!\w))"  # cannot -> can not
    r"|\w+?(?=[nN]['’][tT](?!\w))"  # don't -> do n't
    r"|(?<=\w)(?:[nN]['’][tT]|['’](?:[sSmMdD]|re|RE|ve|VE|ll|LL))(?!\w)"  # n't 's 're 've 'll 'd 'm
    r"|and/or(?!\w)"
    # a word or number: digits joined by . , : / ("1,250.00", "5:00", "10/12/2023"), a word joined by - to
    # digits ("FOIA-2023"); as in spaCy, no split at ? ( ) inside a word ("department(s", "con?rm" read
    # from a scan) nor at a / ending it ("Order/")
    r"|\w+(?:(?<=\d)[.,:/](?=\d)\w+|(?<=[^\W\d_])-(?=\d)\w+|[?()](?=\w)\w+|\)\(\w+)*(?:/(?!\S))?"
    r"|\.{2,}|-{2,}|[^\w\s]"  # punctuation: "...", "--", any other sign alone
    r")( ?)"  # one space after a token is its trailing space
)


def pattern_word_tokens(word: str) -> list[str]:
    """The lower-case tokens this tokenizer makes of one pattern word (``nlp.patterns.as_tokens``)."""
    return [token.lower() for token, _ in _TOKEN.findall(word)]


_APOSTROPHES = str.maketrans({"’": "'", "‘": "'"})
_PIECE = re.compile(r"\S+ ?|\s+")  # a chunk with its trailing space, or a whitespace token
CACHE_SIZE = 100_000  # pieces whose tokens are remembered (most words of a letter were seen before)


class FastTokenizer:
    """``nlp.tokenizer``: text -> Doc, each chunk between spaces split by ``_TOKEN`` (remembered).
    ``tokens`` gives the same tokens as plain lists (the wording cues need no Doc)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._lower = vocab.lex_attr_getters.get(LOWER, str.lower)  # a token's LOWER, as its Lexeme has it
        self._cache: dict[str, tuple[list[str], list[bool], list[str]]] = {}

    def __call__(self, text: str) -> Doc:
        words, spaces, _ = self.tokens(text)
        return Doc(self.vocab, words=words, spaces=spaces)

    def tokens(self, text: str) -> tuple[list[str], list[bool], list[str]]:
        """The Doc's tokens without the Doc: their texts, trailing spaces and lower-case forms."""
        pieces = _PIECE.findall(text)
        known = list(map(self._cache.get, pieces))  # looked up in C
        if None in known:
            known = [split or self._split(piece) for split, piece in zip(known, pieces, strict=True)]
        words: list[str] = []
        spaces: list[bool] = []
        lowers: list[str] = []
        for piece_words, piece_spaces, piece_lowers in known:  # cheaper than chaining each list
            words += piece_words
            spaces += piece_spaces
            lowers += piece_lowers
        return words, spaces, lowers

    def _split(self, piece: str) -> tuple[list[str], list[bool], list[str]]:
        """A piece's words, trailing spaces and lower-case forms: a whitespace token never has a space of its own."""
        if piece[0].isspace():
            words, spaces = [piece], [False]
        else:
            space = piece.endswith(" ")
            words = [word for word, _ in _TOKEN.findall(piece[:-1] if space else piece)]
            spaces = [False] * (len(words) - 1) + [space]
        # a curly apostrophe (as word processors type it: "don’t", "I’ve", "agency’s") is read as a straight one
        split = (words, spaces, [self._lower(word).translate(_APOSTROPHES) for word in words])
        if len(self._cache) >= CACHE_SIZE:
            self._cache.clear()
        self._cache[piece] = split
        return split

    # Rules are code, not trained state: nothing to save.
    def to_disk(self, path, *, exclude=()):  # noqa: ANN001, ARG002
        return None

    def from_disk(self, path, *, exclude=()):  # noqa: ANN001, ARG002
        return self

