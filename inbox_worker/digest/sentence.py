"""The letter's own sentence that sets a deadline, to quote it in the digest."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

_MAX = 320
_END = re.compile(r"[.!?](?=\s)|\n\s*\n")


def deadline_sentence(extracted: dict[str, Any], texts: Iterable[str | None], *, role: str, iso_date: str | None) -> str | None:
    """The sentence around the date mention with ``role`` (and ``iso_date``, when given).

    nlp's DateMention carries the sentence when it knows it; otherwise the mention's text is looked
    up in the letter's texts (body, then attachments) and widened to its sentence.
    """
    mentions = [d for d in extracted.get("dates", []) if isinstance(d, dict) and d.get("role") == role]
    exact = [d for d in mentions if iso_date is None or d.get("date") == iso_date]
    for mention in exact or mentions:
        given = mention.get("sentence")
        if isinstance(given, str) and given.strip():
            return _tidy(given)
        found = _around(str(mention.get("text") or ""), texts)
        if found:
            return found
    return None


def _around(needle: str, texts: Iterable[str | None]) -> str | None:
    if not needle.strip():
        return None
    for text in texts:
        if not text:
            continue
        at = text.find(needle)
        if at < 0:
            continue
        start = 0
        for m in _END.finditer(text, 0, at):
            start = m.end()
        end_match = _END.search(text, at + len(needle))
        end = end_match.end() if end_match else len(text)
        return _tidy(text[start:end])
    return None


def _tidy(sentence: str) -> str:
    flat = " ".join(sentence.split())
    return flat if len(flat) <= _MAX else flat[: _MAX - 1].rstrip() + "…"
