"""`[classifier] model_dir`: `train` writes the model there (never into the installed package), the
commands that classify load it from there when present, else the shipped model."""

from __future__ import annotations

import dataclasses
import json
import logging
from pathlib import Path

import pytest

from nlp.combiner import FILE_NAME, Combiner
from nlp.pipeline import MODEL_DIR

NEUTRAL = "Subject: Your request\n\nWe received your request and will be in touch.\n"


@pytest.fixture(autouse=True)
def _shipped_model_afterwards():
    """The in-process CLI chooses the model for the whole process: back to the shipped one after each test."""
    from nlp.classify import use_model

    yield
    use_model(None)


@pytest.fixture
def letter(tmp_path: Path) -> Path:
    path = tmp_path / "letter.txt"
    path.write_text(NEUTRAL, encoding="utf-8")
    return path


@pytest.fixture
def everything_is_a_referral(monkeypatch: pytest.MonkeyPatch):
    """Training reads a small set of the project's examples, every one labelled 'referral': the model
    trained from them answers 'referral' to a plain acknowledgement, the shipped model does not."""
    import nlp.training.train as training

    examples = training.project_examples()[:40]
    monkeypatch.setattr(training, "project_examples",
                        lambda extra=(): [dataclasses.replace(x, label="referral") for x in examples])


def _label(cli, letter: Path, env: dict[str, str]) -> str:
    code, out, err = cli("classify", "--json", str(letter), env=env)
    assert code == 0, err
    return json.loads(out.splitlines()[0])["label"]


def test_GIVEN_train_with_a_model_dir_THEN_the_model_is_written_there_and_classify_uses_it(
        cli, tmp_path, letter, everything_is_a_referral, caplog):
    shipped = (MODEL_DIR / FILE_NAME).read_bytes()
    env = {"FOIA_INTAKE_CLASSIFIER__MODEL_DIR": str(tmp_path / "data" / "model")}
    assert _label(cli, letter, env) != "referral"  # the shipped model, no retrained one yet

    code, out, err = cli("train", env=env)
    assert code == 0, err
    assert (tmp_path / "data" / "model" / FILE_NAME).is_file()
    assert str(tmp_path / "data" / "model") in " ".join(out.split())
    assert (MODEL_DIR / FILE_NAME).read_bytes() == shipped  # the installed package is left alone
    assert not list((tmp_path / "data" / "model").glob(".staging-*"))

    caplog.set_level(logging.INFO, logger="inbox_worker.model_location")
    assert _label(cli, letter, env) == "referral"
    assert f"the retrained model in {tmp_path / 'data' / 'model'}" in caplog.text


def test_GIVEN_a_relative_model_dir_THEN_it_is_under_the_working_directory(cli, tmp_path, monkeypatch,
                                                                          everything_is_a_referral):
    monkeypatch.chdir(tmp_path)
    code, _, err = cli("train")
    assert code == 0, err
    assert (tmp_path / "foia-intake-model" / FILE_NAME).is_file()  # the default, under the data directory


@pytest.mark.parametrize("content", ["{not json", json.dumps({"labels": ["denial"], "weights": {}})])
def test_GIVEN_a_corrupt_model_THEN_classify_falls_back_to_the_shipped_model_and_says_so(
        cli, tmp_path, letter, caplog, content):
    folder = tmp_path / "model"
    folder.mkdir()
    (folder / FILE_NAME).write_text(content, encoding="utf-8")
    env = {"FOIA_INTAKE_CLASSIFIER__MODEL_DIR": str(folder)}
    caplog.set_level(logging.INFO, logger="inbox_worker.model_location")
    label = _label(cli, letter, env)
    assert label == _label(cli, letter, {"FOIA_INTAKE_CLASSIFIER__MODEL_DIR": str(tmp_path / "none")})
    warning = [r for r in caplog.records if r.levelno == logging.WARNING]
    assert warning and f"cannot use the model in {folder / FILE_NAME}" in warning[0].getMessage()
    assert "using the shipped model" in warning[0].getMessage()


def test_GIVEN_no_model_in_the_model_dir_THEN_the_shipped_model_is_used_and_logged(cli, tmp_path, letter, caplog):
    from nlp.classify import load_combiner

    caplog.set_level(logging.INFO, logger="inbox_worker.model_location")
    _label(cli, letter, {"FOIA_INTAKE_CLASSIFIER__MODEL_DIR": str(tmp_path / "missing")})
    assert f"the shipped model (no retrained model in {tmp_path / 'missing'})" in caplog.text
    assert load_combiner().meta == Combiner.load(MODEL_DIR).meta


def test_GIVEN_an_unwritable_model_dir_THEN_train_exits_2_before_training_without_a_traceback(
        cli, tmp_path, monkeypatch):
    import nlp.training.train as training

    a_file = tmp_path / "a-file"  # a folder cannot be made inside a file, not even by root
    a_file.write_text("", encoding="utf-8")
    monkeypatch.setattr(training, "train", lambda *a, **k: pytest.fail("trained before checking the folder"))
    for args in (["train"], ["train", "--output", str(a_file / "m")]):
        code, _, err = cli(*args, env={"FOIA_INTAKE_CLASSIFIER__MODEL_DIR": str(a_file / "model")})
        assert code == 2, args
        assert "cannot write the model to" in " ".join(err.split())
        assert "model_dir" in err
        assert "Traceback" not in err
