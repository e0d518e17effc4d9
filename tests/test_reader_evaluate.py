"""`foia-intake evaluate`: thread-grouped cross-validation and a readable confusion table."""

from __future__ import annotations

import json

import pytest

from inbox_worker.corpus import thread_of
from nlp.training.train import thread_folds
from tests.test_classifier import CASES


def _corpus(folder, cases):
    for i, (label, subject, body) in enumerate(cases):
        case = folder / f"C{i:03d}"
        case.mkdir(parents=True)
        text = (f"Subject: {subject}\n" if subject else "") + body
        (case / "message.txt").write_text(text, encoding="utf-8")
        (case / "case.json").write_text(json.dumps({"label": label, "secondary_labels": [], "tracking_numbers": [],
                                                    "dates": [], "fee_amount": None,
                                                    "source": f"MuckRock request {1000 + i % 5}"}), encoding="utf-8")
    return folder


def test_a_thread_stays_inside_one_fold_and_folds_are_balanced():
    groups = ["a", "a", "a", "b", "c", "c", "d", "e", "f", "f"]
    folds = thread_folds(groups, 3)
    assert sorted(i for f in folds for i in f) == list(range(len(groups)))
    for group in set(groups):
        assert sum(any(groups[i] == group for i in f) for f in folds) == 1
    assert max(map(len, folds)) - min(map(len, folds)) <= 2


def test_the_thread_of_a_case_is_read_from_its_source():
    assert thread_of("X1", {"source": "muckrockbot data — MuckRock request 136924 (https://x/)"}) == "136924"
    assert thread_of("X2", {"source": "https://www.muckrock.com/foi/some-agency-records-37917/ (page)"}) == "37917"
    assert thread_of("X3", {}) == "X3"


def test_the_confusion_table_keeps_production_final_and_interim_apart(cli, tmp_path):
    cases = [c for c in CASES if c[0].startswith("production")]
    code, out, err = cli("evaluate", str(_corpus(tmp_path / "corpus", cases)))
    assert code == 0, err
    assert "prod-fin" in out and "prod-int" in out
    assert "sent to review" in out


@pytest.mark.slow
def test_cross_validation_retrains_per_fold_and_reports_every_case(cli, tmp_path):
    code, out, err = cli("evaluate", str(_corpus(tmp_path / "corpus", CASES)), "--cv", "2", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["cases"] == len(CASES)
    assert 0 <= report["confidence"]["review_share"] <= 1


def test_too_many_folds_is_a_clear_error_not_a_traceback(cli, tmp_path):
    code, out, err = cli("evaluate", str(_corpus(tmp_path / "corpus", CASES[:3])), "--cv", "9")
    assert code != 0 and "Traceback" not in out + err
    assert "--cv" in out + err
