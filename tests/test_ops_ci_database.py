"""`make test` runs the database tests again on PostgreSQL; with CI=true a PostgreSQL that cannot
be reached fails that run instead of skipping it (elsewhere: skipped, a user's clone has none)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import REPO
from tests.dovecot import free_port

PROBE = "tests/test_postgres.py::test_db_upgrade_command_on_postgresql"


def _pytest(*args: str, ci: bool) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("CI", "FOIA_INTAKE_TEST_DATABASE")}
    env["FOIA_INTAKE_TEST_PG"] = f"postgresql+psycopg://postgres@127.0.0.1:{free_port()}/test"  # nothing listens
    env["FOIA_INTAKE_TEST_DATABASE"] = "postgresql"
    if ci:
        env["CI"] = "true"
    return subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=300, check=False)


@pytest.mark.slow
def test_GIVEN_CI_WHEN_postgresql_is_unreachable_THEN_the_postgresql_run_fails_and_elsewhere_skips():
    on_ci = _pytest(PROBE, "tests/test_ops_startup.py::test_the_revisions_read_without_alembic_are_alembics", ci=True)
    assert on_ci.returncode == 1, on_ci.stdout[-2000:]
    assert "PostgreSQL not reachable" in on_ci.stdout and "2 errors" in on_ci.stdout
    elsewhere = _pytest(PROBE, ci=False)
    assert elsewhere.returncode == 0 and "1 skipped" in elsewhere.stdout, elsewhere.stdout[-2000:]


def test_the_tests_that_use_the_database_under_test_are_marked_for_the_postgresql_run(request):
    marked = _pytest("--collect-only", "-m", "database", "tests/test_ops_startup.py", "tests/test_ops_model_dir.py",
                     ci=False)
    assert "test_the_revisions_read_without_alembic_are_alembics" in marked.stdout
    assert "test_ops_model_dir" not in marked.stdout  # no database there
