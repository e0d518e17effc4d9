"""The sentence a span stands in: what a digest quotes for a deadline ("We will respond by ...").

A plain scan, no model: a sentence ends at ". ", "? ", "! " (not after a common abbreviation such
as "No." or "Nov.") or at a blank line; a line break inside a paragraph does not end it."""

from __future__ import annotations

import re

_ABBREVIATION = re.compile(
    r"(?:\b(?:no|nos|mr|mrs|ms|dr|st|jr|sr|inc|co|corp|ltd|dept|gov|govt|sec|ch|art|para|vol|"
    r"jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|e\.g|i\.e|etc|vs?|approx|ext|tel|ph)"
    r"|\b[A-Z](?:\.[A-Z])*)$",
    re.I,
)
_END = re.compile(r"[.!?](?=[\"')\]]*\s)|\n[ \t]*\n")
MAX_SENTENCE = 400  # characters kept on either side of a span inside a run-on "sentence"


def _is_end(text: str, m: re.Match[str]) -> bool:
    if m.group(0) != ".":
        return True
    return not _ABBREVIATION.search(text[max(0, m.start() - 12) : m.start()])


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``text[start:end]``, white space folded."""
    lo = max(0, start - MAX_SENTENCE)
    begin = lo
    for m in _END.finditer(text, lo, start):
        if _is_end(text, m):
            begin = m.end()
    stop = min(len(text), end + MAX_SENTENCE)
    finish = stop
    for m in _END.finditer(text, end, stop):
        if _is_end(text, m):
            finish = m.end() if m.group(0).strip() else m.start()
            break
    if begin == lo and lo > 0:  # cut inside a run-on stretch: start and end on whole words
        begin = min(text.find(" ", begin) + 1 or begin, start)
    if finish == stop and stop < len(text):
        finish = max(text.rfind(" ", end, finish), end)
    return " ".join(text[begin:finish].split())
