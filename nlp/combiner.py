"""The learned combiner: a multinomial logistic regression over the features of ``nlp.features``.

Small (a few thousand weights, stored as JSON), fast to train (numpy, full batch, fixed number of
steps, so the same inputs give the same weights) and fast to apply (a sparse dot product).
"""

from __future__ import annotations

import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy

from nlp.labels import LABELS

FILE_NAME = "combiner.json"
MIN_FEATURE_COUNT = 2  # a feature seen in fewer training letters is left out
MIN_WORD_COUNT = 8  # words (``w:`` features) are many: only the common ones are kept
L2 = 0.02
STEPS = 400
LEARNING_RATE = 0.1


@dataclass
class Combiner:
    labels: tuple[str, ...]
    vocabulary: dict[str, int]
    weights: numpy.ndarray  # (features, labels)
    meta: dict[str, Any] = field(default_factory=dict)

    def probabilities(self, feats: dict[str, float]) -> dict[str, float]:
        # the rows of the features the model knows, weighted and summed in one numpy call (the rows
        # are added in the order of ``feats``, as one addition per feature would add them)
        rows: list[int] = []
        values: list[float] = []
        vocabulary = self.vocabulary
        for name, value in feats.items():
            row = vocabulary.get(name)
            if row is not None:
                rows.append(row)
                values.append(value)
        scores = (self.weights[rows] * numpy.array(values)[:, None]).sum(axis=0)
        scores -= scores.max()
        exp = numpy.exp(scores)
        probs = exp / exp.sum()
        return dict(zip(self.labels, probs.tolist(), strict=True))

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        names = sorted(self.vocabulary, key=self.vocabulary.get)
        weights = {name: [round(float(w), 4) for w in self.weights[self.vocabulary[name]]] for name in names}
        data = {"labels": list(self.labels), "meta": self.meta, "weights": weights}
        (folder / FILE_NAME).write_text(json.dumps(data, indent=0, sort_keys=True) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> Combiner:
        data = json.loads((folder / FILE_NAME).read_text(encoding="utf-8"))
        names = list(data["weights"])
        weights = numpy.array([data["weights"][n] for n in names], dtype=float).reshape(len(names), len(data["labels"]))
        return cls(tuple(data["labels"]), {n: i for i, n in enumerate(names)}, weights, data.get("meta", {}))


def fit(rows: Sequence[dict[str, float]], targets: Sequence[str], sample_weights: Sequence[float], *,
        l2: float = L2, steps: int = STEPS) -> Combiner:
    """Weights minimising weighted cross-entropy + L2 (Adam, full batch, deterministic)."""
    counts = Counter(name for row in rows for name in row)
    names = sorted(name for name, n in counts.items()
                   if n >= (MIN_WORD_COUNT if name.startswith("w:") else MIN_FEATURE_COUNT) or name == "bias")
    vocabulary = {name: i for i, name in enumerate(names)}
    x = numpy.zeros((len(rows), len(names)), dtype=numpy.float32)
    for i, row in enumerate(rows):
        for name, value in row.items():
            j = vocabulary.get(name)
            if j is not None:
                x[i, j] = value
    label_index = {label: k for k, label in enumerate(LABELS)}
    y = numpy.zeros((len(rows), len(LABELS)), dtype=numpy.float32)
    for i, target in enumerate(targets):
        y[i, label_index[target]] = 1.0
    sw = numpy.asarray(sample_weights, dtype=numpy.float32)[:, None]
    total = float(sw.sum())
    w = numpy.zeros((len(names), len(LABELS)), dtype=numpy.float32)
    m = numpy.zeros_like(w)
    v = numpy.zeros_like(w)
    beta1, beta2 = 0.9, 0.999
    for step in range(1, steps + 1):
        z = x @ w
        z -= z.max(axis=1, keepdims=True)
        p = numpy.exp(z)
        p /= p.sum(axis=1, keepdims=True)
        grad = x.T @ ((p - y) * sw) / total + l2 * w
        m = beta1 * m + (1 - beta1) * grad
        v = beta2 * v + (1 - beta2) * grad * grad
        lr = LEARNING_RATE * math.sqrt(1 - beta2**step) / (1 - beta1**step)
        w -= lr * m / (numpy.sqrt(v) + 1e-8)
    return Combiner(LABELS, vocabulary, w.astype(float))
