"""`make test` runs the database tests again on PostgreSQL; with CI=true a PostgreSQL that cannot
be reached fails that run instead of skipping it (elsewhere: skipped, a user's clone has none)."""

from __future__ import annotations

import os
import subprocess
import sys
from types import SimpleNamespace

import pytest

from tests import conftest
from tests.dovecot import free_port

PROBE = "tests/test_ops_startup.py::test_status_check_on_an_old_schema_says_how_to_upgrade"  # uses `sqlite_url`


def _pytest_on_unreachable_postgresql(*, ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["FOIA_INTAKE_TEST_PG"] = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test"  # nothing listens
    env["FOIA_INTAKE_TEST_DATABASE"] = "postgresql"
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "database", PROBE],
                          cwd=conftest.REPO, env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow
def test_GIVEN_CI_WHEN_postgresql_is_unreachable_THEN_the_postgresql_run_fails_and_elsewhere_skips():
    on_ci = _pytest_on_unreachable_postgresql(ci=True)
    assert on_ci.returncode == 1, on_ci.stdout[-2000:]
    assert "PostgreSQL not reachable" in on_ci.stdout and "1 error" in on_ci.stdout
    elsewhere = _pytest_on_unreachable_postgresql(ci=False)
    assert elsewhere.returncode == 0 and "1 skipped" in elsewhere.stdout, elsewhere.stdout[-2000:]


def test_the_tests_that_use_the_database_under_test_are_marked_for_the_postgresql_run():
    def item(*fixtures: str, any_database: bool = False) -> SimpleNamespace:
        marks: list[str] = []
        return SimpleNamespace(fixturenames=list(fixtures), marks=marks, add_marker=lambda m: marks.append(m.name),
                               get_closest_marker=lambda name: name if any_database and name == "any_database" else None)

    uses_engine, uses_url, other = item("engine", "sqlite_url", "tmp_path"), item("cli", "sqlite_url"), item("cli")
    only_to_start = item("engine", any_database=True)
    conftest.pytest_collection_modifyitems(None, [uses_engine, uses_url, other, only_to_start])
    assert uses_engine.marks == uses_url.marks == ["database"]
    assert other.marks == [] and only_to_start.marks == []
