"""A fast tokenizer for the pipeline: one regular expression, tokens close to spaCy's English ones.

spaCy's rule-based English tokenizer (prefix, suffix and infix searches per chunk) was the slowest
step of reading a letter. The wording cues need only what this gives, in one ``findall``:
- words and numbers ("W017342", "1,250.00", "10/12/2023", "3rd", "FOIA-2023"), lower-cased by the Doc;
- punctuation split off as tokens, so the sentence ends of ``nlp.patterns.SENTENCE_ENDS`` stand alone;
  "...", "--" and abbreviations ("U.S.", "e.g.", "Mr.", "Jan.") stay whole, as in spaCy;
- contractions split as spaCy splits them: "don't" -> "do" "n't", "can't" -> "ca" "n't",
  "cannot" -> "can" "not", "agency's" -> "agency" "'s";
- "$" a token of its own (IS_CURRENCY), numbers LIKE_NUM (the Vocab's lexical attributes);
- whitespace as spaCy keeps it: one space after a token is that token's trailing space, any other
  run of whitespace is a token ("\\n\\n" ends a sentence for the cues); offsets match the text.
"""

from __future__ import annotations

import re

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


_CHUNK = re.compile(r"(\S+)( ?)|(\s+)")  # a chunk and its trailing space, or a whitespace token
CACHE_SIZE = 100_000  # chunks whose tokens are remembered (most words of a letter were seen before)


class FastTokenizer:
    """``nlp.tokenizer``: text -> Doc, each chunk between spaces split by ``_TOKEN`` (remembered)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._cache: dict[str, tuple[list[str], list[bool]]] = {}

    def __call__(self, text: str) -> Doc:
        words: list[str] = []
        spaces: list[bool] = []
        cache = self._cache
        for chunk, space, blank in _CHUNK.findall(text):
            if blank:  # a whitespace token never has a trailing space of its own
                words.append(blank)
                spaces.append(False)
                continue
            known = cache.get(chunk)
            if known is None:
                if len(cache) >= CACHE_SIZE:
                    cache.clear()
                tokens = [word for word, _ in _TOKEN.findall(chunk)]
                known = cache[chunk] = (tokens, [False] * len(tokens))
            words += known[0]
            spaces += known[1]
            if space:
                spaces[-1] = True
        return Doc(self.vocab, words=words, spaces=spaces)

    # Rules are code, not trained state: nothing to save.
    def to_disk(self, path, *, exclude=()):  # noqa: ANN001, ARG002
        return None

    def from_disk(self, path, *, exclude=()):  # noqa: ANN001, ARG002
        return self
