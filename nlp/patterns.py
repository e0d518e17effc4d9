"""A small language for token patterns, compiled to spaCy Matcher patterns.

    "acknowledg* ~3 receipt"      acknowledg<anything> then up to 3 tokens then "receipt"
    "has|have been? assigned"     one of has/have, optional "been", "assigned"
    "[please find|you will find]" one of several phrases (expanded into several patterns)
    "#"  a number      "$"  a currency sign      "_"  any one token

Matching is on lower-cased tokens. Readable cues, compiled once, run by the Matcher (no regex
over whole letters).
"""

from __future__ import annotations

import re
from typing import Any

Token = dict[str, Any]
SENTENCE_ENDS = [".", "!", "?", ";", "\n\n"]


def _word(spec: str) -> Token:
    optional = spec.endswith("?") and len(spec) > 1
    spec = spec.rstrip("?") if optional else spec
    if spec == "#":
        tok: Token = {"LIKE_NUM": True}
    elif spec == "$":
        tok = {"IS_CURRENCY": True}
    elif spec == "_":
        tok = {}
    else:
        alts = spec.split("|")
        if any(a.endswith("*") for a in alts):
            regex = "^(?:" + "|".join(re.escape(a[:-1]) + r".*" if a.endswith("*") else re.escape(a) + "$" for a in alts) + ")"
            tok = {"LOWER": {"REGEX": regex}}
        elif len(alts) > 1:
            tok = {"LOWER": {"IN": alts}}
        else:
            tok = {"LOWER": alts[0]}
    if optional:
        tok["OP"] = "?"
    return tok


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


def compile_patterns(text: str) -> list[list[Token]]:
    return [compile_pattern(p) for p in expand(text)]


def compile_pattern(text: str) -> list[Token]:
    out: list[Token] = []
    for spec in text.split():
        if spec.startswith("~") and spec[1:].isdigit():
            # A gap never crosses the end of a sentence.
            out.append({"ORTH": {"NOT_IN": SENTENCE_ENDS}, "OP": f"{{0,{int(spec[1:])}}}"})
        else:
            out.append(_word(spec))
    if not out or all(t.get("OP") for t in out):
        raise ValueError(f"pattern {text!r} matches nothing definite")
    return out
