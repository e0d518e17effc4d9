"""Train the combiner: real letters (a labelled corpus), the project's examples, people's corrections.

Deterministic: the same inputs give the same weights. The model's metadata records a hash of each
input (examples, corrections, corpus, cue bank) so a stale model is detected from its inputs.
"""

from __future__ import annotations

import hashlib
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from nlp.classify import analyse
from nlp.combiner import Combiner, fit
from nlp.cuebank import CUES
from nlp.labels import LABELS
from nlp.letter import Letter
from nlp.training.examples import Example, generate

SEED = 13
ATTACHMENT_MARK = "----- Attachment"
# How much one letter of each source counts: real letters lead; the project's own examples
# teach the wording families; a person's correction counts most.
WEIGHTS = {"corpus": 1.0, "examples": 0.4, "corrections": 2.0}


@dataclass(frozen=True)
class Labelled:
    letter: Letter
    label: str
    source: str  # corpus | examples | corrections
    group: str = ""  # request thread (corpus letters): kept inside one fold when cross-validating


def read_corrections(path: Path) -> list[Example]:
    """Examples from `foia-intake corrections export` (JSON lines: text, label, secondary_labels)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        if row.get("label") in LABELS:
            out.append(Example(row["text"], row["label"], tuple(x for x in row.get("secondary_labels", []) if x in LABELS)))
    return out


def example_letter(text: str) -> Letter:
    """An example's text as a Letter: an optional subject line, then a body, then any attached letter."""
    subject = ""
    first, sep, rest = text.partition("\n\n")
    if sep and "\n" not in first and len(first) < 120 and not first.endswith((".", ",")):
        subject, text = first, rest
    body, *attached = text.split(ATTACHMENT_MARK)
    attached = [a.split("\n", 1)[1] if "\n" in a else a for a in attached]
    return Letter(subject=subject, body=body.strip(), attachments_text=tuple(a.strip() for a in attached))


def project_examples(corrections: Iterable[Example] = (), *, seed: int = SEED) -> list[Labelled]:
    out = [Labelled(example_letter(e.text), e.label, "examples") for e in generate(seed)]
    out += [Labelled(example_letter(e.text), e.label, "corrections") for e in corrections]
    return out


def _digest(items: Iterable[str]) -> str:
    h = hashlib.sha256()
    for item in items:
        h.update(item.encode("utf-8"))
        h.update(b"\0")
    return h.hexdigest()[:16]


def letter_key(letter: Letter) -> str:
    return "\x1f".join([letter.subject, letter.body, *letter.attachments_text])


def input_hashes(data: Sequence[Labelled]) -> dict[str, str]:
    """One hash per kind of input, and one of the cue bank the features come from."""
    hashes = {source: _digest(sorted(f"{x.label}\x1e{letter_key(x.letter)}" for x in data if x.source == source))
              for source in WEIGHTS}
    hashes["cues"] = _digest(repr(c) for c in CUES)
    return hashes


def train(data: Sequence[Labelled], rows: Sequence[dict[str, float]] | None = None) -> Combiner:
    """The combiner trained on ``data`` (``rows``: their features, when already computed)."""
    rows = list(rows) if rows is not None else [analyse(x.letter)[0] for x in data]
    combiner = fit(rows, [x.label for x in data], [WEIGHTS[x.source] for x in data])
    counts = {source: sum(x.source == source for x in data) for source in WEIGHTS}
    combiner.meta = {"inputs": input_hashes(data), "letters": counts}
    return combiner


def thread_folds(groups: Sequence[str], k: int, *, seed: int = SEED) -> list[list[int]]:
    """K folds of indices; every index of one group lands in the same fold; folds of similar size."""
    by_group: dict[str, list[int]] = {}
    for i, group in enumerate(groups):
        by_group.setdefault(group, []).append(i)
    names = sorted(by_group)
    random.Random(seed).shuffle(names)
    names.sort(key=lambda g: -len(by_group[g]))  # largest threads first, each to the smallest fold
    folds: list[list[int]] = [[] for _ in range(k)]
    for name in names:
        min(folds, key=len).extend(by_group[name])
    return [sorted(f) for f in folds]
