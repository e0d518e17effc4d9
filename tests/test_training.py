"""`foia-intake train` is reproducible and the shipped model is the one it builds."""

from __future__ import annotations

import hashlib
import json

import pytest

from nlp.pipeline import MODEL_DIR
from nlp.training.examples import generate

pytestmark = pytest.mark.slow


def _digest(path) -> str:
    return hashlib.sha256((path / "textcat_multilabel" / "model").read_bytes()).hexdigest()


def test_training_twice_with_the_seed_rebuilds_the_shipped_model(cli, tmp_path):
    code, out, err = cli("train", "--output", str(tmp_path / "m"))
    assert code == 0, err
    assert _digest(tmp_path / "m") == _digest(MODEL_DIR), "the shipped model is stale: run `foia-intake train`"
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 20_000_000


def test_corrections_change_the_model_and_are_used(cli, tmp_path):
    corrections = tmp_path / "c.jsonl"
    corrections.write_text(json.dumps({"text": "Subject: zebra\nThe zebra unicorn notice.", "label": "denial",
                                       "secondary_labels": []}) + "\n")
    code, out, err = cli("train", "--corrections", str(corrections), "--output", str(tmp_path / "m"))
    assert code == 0 and "1 corrections" in out
    assert _digest(tmp_path / "m") != _digest(MODEL_DIR)


def test_every_label_has_many_varied_examples():
    examples = generate()
    by_label: dict[str, set[str]] = {}
    for e in examples:
        by_label.setdefault(e.label, set()).add(e.text)
    assert all(len(texts) >= 60 for texts in by_label.values()), {k: len(v) for k, v in by_label.items()}
