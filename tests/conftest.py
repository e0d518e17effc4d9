"""Shared fixtures: databases (SQLite, real PostgreSQL), Maildirs, the CLI, ../shared material."""

from __future__ import annotations

import importlib.util
import os
import shutil
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, text

from models.db import make_engine, upgrade

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("FOIA_INTAKE_SHARED", REPO.parent / "shared"))  # ../shared, or where it is
IN_CI = os.environ.get("CI", "").lower() == "true"
PG_ADMIN_URL = os.environ.get("FOIA_INTAKE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def wait_for(predicate, timeout: float) -> bool:
    """Poll ``predicate`` until it holds or ``timeout`` seconds pass; whether it held."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def shared_path(*parts: str) -> Path:
    """A path under ../shared; skips the test where it is absent (a user's clone), never on CI."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        if IN_CI:
            pytest.fail(f"{path} is missing on CI")
        pytest.skip(f"{path} not present (only in the development workspace)")
    return path


# FOIA_INTAKE_TEST_DATABASE=postgresql: the tests' database (`sqlite_url`, `engine`) is a fresh
# PostgreSQL database instead of a SQLite file, to run the suite on both. The tests that use it are
# marked `database`: `make test` runs the suite on SQLite, then those again on PostgreSQL.
DATABASE_UNDER_TEST = os.environ.get("FOIA_INTAKE_TEST_DATABASE", "sqlite")
DATABASE_FIXTURES = {"sqlite_url", "engine"}


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "database: uses the database under test (sqlite_url, engine); "
                            "run again with FOIA_INTAKE_TEST_DATABASE=postgresql -m database")
    config.addinivalue_line("markers", "any_database: needs a database only to start (a refused login, say); "
                            "not run again on PostgreSQL")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:  # noqa: ARG001
    for item in items:
        if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())) and not item.get_closest_marker("any_database"):
            item.add_marker(pytest.mark.database)


@pytest.fixture
def sqlite_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The test's database URL: a SQLite file (or PostgreSQL, see DATABASE_UNDER_TEST). Empty, but
    for a test that also uses `engine` (which migrates it): on PostgreSQL, a copy of a migrated one."""
    if DATABASE_UNDER_TEST == "postgresql":
        return request.getfixturevalue("pg_migrated_url" if "engine" in request.fixturenames else "pg_url")
    return f"sqlite:///{tmp_path / 'foia.db'}"


@pytest.fixture
def engine(sqlite_url: str) -> Iterator[Engine]:
    eng = make_engine(sqlite_url)
    upgrade(eng)
    yield eng
    eng.dispose()


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    try:
        eng = make_engine(PG_ADMIN_URL)
        with eng.connect() as conn:
            conn.execute(text("select 1"))
        eng.dispose()
    except Exception as err:  # noqa: BLE001
        if IN_CI:
            pytest.fail(f"PostgreSQL not reachable at {PG_ADMIN_URL}: {err}")
        pytest.skip(f"PostgreSQL not reachable at {PG_ADMIN_URL}")
    return PG_ADMIN_URL


@contextmanager
def _pg_database(admin_url: str, *, template: str | None = None) -> Iterator[str]:
    """A new PostgreSQL database (empty, or a copy of ``template``), dropped afterwards; its URL."""
    name = f"foia_intake_test_{uuid.uuid4().hex[:10]}"
    admin = make_engine(admin_url).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else "")))
    try:
        yield admin_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with _pg_database(pg_admin_url) as url:
        yield url


@pytest.fixture(scope="session")
def pg_template(pg_admin_url: str) -> Iterator[str]:
    """The name of a PostgreSQL database at the current schema, for `pg_migrated_url` to copy."""
    with _pg_database(pg_admin_url) as url:
        eng = make_engine(url)
        upgrade(eng)
        eng.dispose()  # a template must have no connection while it is copied
        yield url.rsplit("/", 1)[1]


@pytest.fixture
def pg_migrated_url(pg_admin_url: str, pg_template: str) -> Iterator[str]:
    """A PostgreSQL database for one test at the current schema (a copy: faster than migrating)."""
    with _pg_database(pg_admin_url, template=pg_template) as url:
        yield url


@pytest.fixture
def sample_maildir(tmp_path: Path) -> Path:
    """A writable copy of the bundled sample mailbox."""
    from inbox_worker.sync import sample_mailbox_path

    dest = tmp_path / "Maildir"
    shutil.copytree(sample_mailbox_path(), dest)
    return dest


def add_to_maildir(maildir: Path, name: str, data: bytes, *, folder: str = "INBOX") -> Path:
    where = maildir if folder == "INBOX" else maildir / f".{folder}"
    for sub in ("cur", "new", "tmp"):
        (where / sub).mkdir(parents=True, exist_ok=True)
    path = where / "new" / name
    path.write_bytes(data)
    return path


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture):
    """Run ``foia-intake ARGS`` in-process through the real entry point; returns (code, out, err)."""
    from inbox_worker.cli.main import run

    monkeypatch.setenv("COLUMNS", "200")

    def invoke(*args: str, env: dict[str, str] | None = None) -> tuple[int, str, str]:
        for k, v in (env or {}).items():
            monkeypatch.setenv(k, v)
        monkeypatch.setattr(sys, "argv", ["foia-intake", *args])
        capsys.readouterr()
        code = 0
        try:
            run()
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else (0 if e.code is None else 1)
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


@pytest.fixture(scope="session")
def dovecot_server():
    """One Dovecot for the test run (each test gets its own user and mailbox)."""
    from tests.dovecot import Dovecot

    if shutil.which("dovecot") is None:
        if IN_CI:
            pytest.fail("dovecot is not installed on CI (make system-deps)")
        pytest.skip("dovecot not installed (make system-deps)")
    server = Dovecot()
    server.start()
    yield server
    server.close()


@pytest.fixture
def imap_user(dovecot_server) -> str:
    return dovecot_server.new_user()


@pytest.fixture
def imap_settings(dovecot_server, imap_user):
    from config.settings import ImapSettings

    return ImapSettings(host="127.0.0.1", port=dovecot_server.port, username=imap_user,
                        password="secret", security="none", sent_folder="Sent", timeout_seconds=10)


def corpus_variants_script():
    """scripts/make_corpus_variants.py as a module (loaded once)."""
    if "make_corpus_variants" not in sys.modules:
        spec = importlib.util.spec_from_file_location("make_corpus_variants", REPO / "scripts/make_corpus_variants.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
    return sys.modules["make_corpus_variants"]
