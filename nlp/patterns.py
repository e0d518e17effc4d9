"""A small language for word patterns, turned into the phrase lists ``nlp.pipeline`` finds among tokens.

    "acknowledg* ~3 receipt"      acknowledg<anything> then up to 3 tokens then "receipt"
    "has|have been? assigned"     one of has/have, optional "been", "assigned"
    "[please find|you will find]" one of several phrases (expanded into several patterns)
    "$"  a currency sign, "$ #" an amount (read from token flags, not phrases)

Matching is on lower-cased tokens. Readable cues, expanded once into the literal phrases they
stand for (no regex over whole letters); gaps are bounded and checked between segments.
"""

from __future__ import annotations

from nlp.tokenize import pattern_word_tokens

SENTENCE_ENDS = [".", "!", "?", ";", "\n\n"]


# "word*" stands for the word's inflections, listed (a trie of exact words beats a regex per token).
_SUFFIXES = ("", "s", "e", "es", "ed", "d", "ing", "ment", "ments", "ion", "ions", "ation", "ations",
             "ly", "al", "ive", "er", "ers", "ity", "ies", "y", "ied", "ying", "ement", "ements",
             "ised", "ized", "ize", "ise", "ial", "ially", "ian", "ians", "ance", "ence", "ant", "ent",
             "ication", "ications", "ure", "ures")


def _inflections(stem: str) -> list[str]:
    return sorted({stem + suffix for suffix in _SUFFIXES})


def expand(text: str) -> list[str]:
    """Expand every ``[phrase a|phrase b]`` group into one pattern per phrase."""
    start = text.find("[")
    if start < 0:
        return [text]
    end = text.index("]", start)
    head, body, tail = text[:start], text[start + 1 : end], text[end + 1 :]
    out = []
    for alt in body.split("|"):
        out.extend(expand(f"{head} {alt} {tail}"))
    return [" ".join(p.split()) for p in out]


def split_gaps(text: str) -> tuple[list[str], list[int]]:
    """A pattern as its gap-free segments and the gaps between them:
    "a b ~3 c" -> (["a b", "c"], [3])."""
    segments: list[list[str]] = [[]]
    gaps: list[int] = []
    for spec in text.split():
        if spec.startswith("~") and spec[1:].isdigit():
            gaps.append(int(spec[1:]))
            segments.append([])
        else:
            segments[-1].append(spec)
    if any(not seg for seg in segments):
        raise ValueError(f"pattern {text!r} starts or ends with a gap, or has two in a row")
    # a segment of optional words only ("~2 to? ~2") may be absent: it is part of the gap around it
    # ("~5"), else it would be required after all
    for i in range(len(segments) - 2, 0, -1):
        if all(spec.endswith("?") and len(spec) > 1 for spec in segments[i]):
            gaps[i - 1 : i + 1] = [gaps[i - 1] + gaps[i] + len(segments[i])]
            del segments[i]
    return [" ".join(seg) for seg in segments], gaps


MAX_PHRASES = 5000


# A pattern word is split as the tokenizer splits it (``nlp.tokenize``), or it could never match.
_CLITICS = ("'m", "'re", "'ve", "'ll", "'s", "'d")


def as_tokens(word: str) -> list[str]:
    """A pattern word as the tokens the tokenizer makes of it: contractions ("cannot" -> can not, "can't" -> ca
    n't, "we're" -> we 're), words joined by a hyphen ("non-existence" -> non - existence), a closing bracket
    ("6253(c)" -> 6253(c )), a full stop after a word that is no abbreviation ("no." -> no .). A clitic written
    alone ("n't", "'s") is the token it is after a word."""
    if word == "n't" or word in _CLITICS:
        return [word]
    return pattern_word_tokens(word) or [word]


def literal_phrases(segment: str) -> list[list[str]] | None:
    """A gap-free segment as the literal word sequences it stands for, or None when it has
    tokens a phrase list cannot hold (numbers, currency, wildcards)."""
    choices: list[list[str | None]] = []
    for spec in segment.split():
        optional = spec.endswith("?") and len(spec) > 1
        spec = spec.rstrip("?") if optional else spec
        if spec in {"#", "$"}:
            return None
        words: list[str | None] = [w for a in spec.split("|") for w in (_inflections(a[:-1]) if a.endswith("*") else [a])]
        if optional:
            words.append(None)
        choices.append(words)
    phrases: list[list[str]] = [[]]
    for words in choices:
        phrases = [p + (as_tokens(w) if w else []) for p in phrases for w in words]
        if len(phrases) > MAX_PHRASES:
            raise ValueError(f"segment {segment!r} stands for too many phrases")
    return [p for p in phrases if p]
