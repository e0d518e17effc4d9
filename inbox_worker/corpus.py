"""Reading a labelled folder in the ../shared/corpus format: NNN/message.txt + NNN/case.json."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from inbox_worker.errors import UserInputError
from inbox_worker.letters import letter_from_text
from nlp import Letter


def read_corpus(folder: Path) -> Iterator[tuple[str, Letter, dict[str, Any]]]:
    if not folder.is_dir():
        raise UserInputError(f"not a folder: {folder}")
    cases = sorted(p for p in folder.iterdir() if (p / "case.json").is_file())
    if not cases:
        raise UserInputError(f"{folder} holds no NNN/case.json cases")
    for case in cases:
        gold = json.loads((case / "case.json").read_text(encoding="utf-8"))
        text = (case / "message.txt").read_text(encoding="utf-8", errors="replace")
        yield case.name, letter_from_text(text), gold
