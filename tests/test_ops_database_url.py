"""A database URL that can never work is a configuration error (exit 2), never "retry later" (4),
and a mistyped SQLite path never creates an empty database somewhere."""

from __future__ import annotations

import pytest


def _said(err: str) -> str:
    return " ".join(err.split())


def test_GIVEN_a_sqlite_path_in_a_folder_that_does_not_exist_THEN_it_exits_2_and_creates_nothing(cli, tmp_path):
    missing = tmp_path / "typo" / "foia.db"
    code, _, err = cli("sync", "--once", "--sample", env={"FOIA_INTAKE_DATABASE__URL": f"sqlite:///{missing}"})
    assert code == 2
    assert f"the folder {missing.parent} does not exist" in _said(err)
    assert not missing.parent.exists()


@pytest.mark.parametrize(("url", "said"), [
    ("not a url", "is not a database URL"),
    ("postgresql+psycopg2://foia@db/foia", "driver for 'postgresql+psycopg2' is not installed"),
    ("mysqlish://foia@db/foia", "unknown database type 'mysqlish'"),
])
def test_GIVEN_an_unusable_database_url_THEN_every_command_exits_2_with_what_to_fix(cli, url, said):
    for command in (["status"], ["db", "upgrade"], ["requests", "list"]):
        code, _, err = cli(*command, env={"FOIA_INTAKE_DATABASE__URL": url})
        assert code == 2, command
        assert said in _said(err)
        assert "Traceback" not in err


def test_GIVEN_a_database_url_with_a_password_WHEN_refused_THEN_the_password_is_not_shown(cli):
    code, _, err = cli("status", env={"FOIA_INTAKE_DATABASE__URL": "postgresql+psycopg2://foia:hunter2@db/foia"})
    assert code == 2
    assert "hunter2" not in err


def test_GIVEN_a_sqlite_path_that_is_a_folder_THEN_it_exits_2(cli, tmp_path):
    code, _, err = cli("status", env={"FOIA_INTAKE_DATABASE__URL": f"sqlite:///{tmp_path}"})
    assert code == 2
    assert "which is a folder" in _said(err)


def test_GIVEN_a_new_sqlite_file_in_an_existing_folder_THEN_it_is_created(cli, tmp_path):
    database = tmp_path / "new.db"
    code, _, err = cli("db", "upgrade", env={"FOIA_INTAKE_DATABASE__URL": f"sqlite:///{database}"})
    assert code == 0, err
    assert database.exists()
