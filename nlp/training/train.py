"""Train the text classifier: fixed seed, the project's examples plus people's corrections."""

from __future__ import annotations

import json
import random
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language
from spacy.training import Example as SpacyExample
from thinc.api import fix_random_seed

from nlp.labels import LABELS
from nlp.pipeline import MAX_CHARS, TEXTCAT, build_pipeline
from nlp.training.examples import Example, generate

SEED = 13
EPOCHS = 12
BATCH = 16


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


def train(extra: Iterable[Example] = (), *, seed: int = SEED, epochs: int = EPOCHS) -> Language:
    """A trained pipeline. The same inputs and seed give the same model."""
    fix_random_seed(seed)
    rng = random.Random(seed)
    data = generate(seed) + list(extra)
    nlp = build_pipeline()
    examples = [SpacyExample.from_dict(nlp.make_doc(e.text[:MAX_CHARS]), {"cats": e.cats}) for e in data]
    with nlp.select_pipes(enable=[TEXTCAT]):
        optimizer = nlp.initialize(lambda: examples)
        for _ in range(epochs):
            rng.shuffle(examples)
            losses: dict[str, float] = {}
            for i in range(0, len(examples), BATCH):
                nlp.update(examples[i : i + BATCH], sgd=optimizer, losses=losses, drop=0.1)
    return nlp


def save(nlp: Language, path: Path) -> None:
    nlp.to_disk(path)

