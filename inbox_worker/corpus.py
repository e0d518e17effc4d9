"""Reading a labelled folder in the ../shared/corpus format: NNN/case.json with NNN/message.txt,
or NNN/message.eml (a real email, read through the intake's own parser and attachment reader)."""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from inbox_worker.errors import UnparseableMessage, UserInputError
from inbox_worker.letters import letter_from_file, letter_from_text
from nlp import Letter

log = logging.getLogger(__name__)


def read_corpus(folder: Path) -> Iterator[tuple[str, Letter, dict[str, Any]]]:
    if not folder.is_dir():
        raise UserInputError(f"not a folder: {folder}")
    cases = sorted(p for p in folder.iterdir() if (p / "case.json").is_file())
    if not cases:
        raise UserInputError(f"{folder} holds no NNN/case.json cases")
    for case in cases:
        gold = json.loads((case / "case.json").read_text(encoding="utf-8"))
        yield case.name, _letter(case), gold


def _letter(case: Path) -> Letter:
    eml = case / "message.eml"
    if eml.is_file():
        try:
            return letter_from_file(eml)
        except UnparseableMessage as err:  # the intake would quarantine it: scored as read from nothing
            log.warning("case %s: message.eml cannot be parsed: %s", case.name, err)
            return Letter(subject="", body="")
    text = (case / "message.txt").read_text(encoding="utf-8", errors="replace")
    return letter_from_text(text)


# A thread's id in a case's `source`, most specific first: a MuckRock request number, else the page.
_THREAD = (re.compile(r"MuckRock request (\d+)"), re.compile(r"muckrock\.com/foi/\S*?-(\d+)/"),
           re.compile(r"(https?://[^\s,;)]+)"))


def thread_of(case_id: str, gold: dict[str, Any]) -> str:
    """The request thread a case belongs to (from its `source`), so that a thread stays in one fold."""
    source = str(gold.get("source") or "")
    for pattern in _THREAD:
        found = pattern.search(source)
        if found:
            return found.group(1)
    return source or case_id
