"""`foia-intake train` is deterministic, uses its inputs, and the shipped model is not stale."""

from __future__ import annotations

import json

import pytest

from nlp import Letter
from nlp.classify import classify
from nlp.combiner import Combiner
from nlp.pipeline import MODEL_DIR
from nlp.training.examples import generate
from nlp.training.train import input_hashes, project_examples
from tests.conftest import shared_path
from tests.test_classifier import CASES

CONFIDENCE_TOLERANCE = 0.02


def _readings(combiner: Combiner) -> list[tuple[str, float]]:
    out = []
    for _, subject, body in CASES:
        c = classify(Letter(subject=subject, body=body), combiner)
        out.append((c.label, c.confidence))
    return out


def test_the_shipped_model_was_trained_on_the_current_examples_and_cues():
    recorded = Combiner.load(MODEL_DIR).meta["inputs"]
    current = input_hashes(project_examples())
    assert recorded["examples"] == current["examples"], "the examples changed: run `foia-intake train --corpus ../shared/corpus/train --output nlp/model`"
    assert recorded["cues"] == current["cues"], "the cue bank changed: run `foia-intake train --corpus ../shared/corpus/train --output nlp/model`"


@pytest.mark.slow
def test_retraining_on_the_corpus_gives_the_shipped_labels_and_confidences(cli, tmp_path):
    corpus = shared_path("corpus", "train")
    code, out, err = cli("train", "--corpus", str(corpus), "--output", str(tmp_path / "m"))
    assert code == 0, err
    retrained = Combiner.load(tmp_path / "m")
    shipped = Combiner.load(MODEL_DIR)
    assert retrained.meta["inputs"] == shipped.meta["inputs"], "the shipped model is stale: run `foia-intake train`"
    for (label_a, conf_a), (label_b, conf_b) in zip(_readings(retrained), _readings(shipped), strict=True):
        assert label_a == label_b
        assert abs(conf_a - conf_b) <= CONFIDENCE_TOLERANCE
    size = sum(p.stat().st_size for p in MODEL_DIR.rglob("*") if p.is_file())
    assert size < 5_000_000


@pytest.mark.slow
def test_corrections_are_counted_and_recorded_in_the_model_inputs(cli, tmp_path):
    corrections = tmp_path / "c.jsonl"
    corrections.write_text(json.dumps({"text": "Subject: zebra\nThe zebra unicorn notice.", "label": "denial",
                                       "secondary_labels": []}) + "\n")
    code, out, err = cli("train", "--corrections", str(corrections), "--output", str(tmp_path / "with"))
    assert code == 0 and "1 corrections" in out, err
    code, out, err = cli("train", "--output", str(tmp_path / "without"))
    assert code == 0, err
    with_fix = Combiner.load(tmp_path / "with").meta
    without = Combiner.load(tmp_path / "without").meta
    assert with_fix["letters"]["corrections"] == 1 and without["letters"]["corrections"] == 0
    assert with_fix["inputs"]["corrections"] != without["inputs"]["corrections"]
    assert with_fix["inputs"]["examples"] == without["inputs"]["examples"]


def test_every_label_has_many_varied_examples():
    examples = generate()
    by_label: dict[str, set[str]] = {}
    for e in examples:
        by_label.setdefault(e.label, set()).add(e.text)
    assert all(len(texts) >= 60 for texts in by_label.values()), {k: len(v) for k, v in by_label.items()}
