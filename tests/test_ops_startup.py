"""The health check stays cheap: `status --check` loads neither Alembic (only to migrate) nor spaCy,
nor SQLAlchemy, SQLModel and the table models (it reads its few columns through the database's
driver), nor Typer and rich, nor the digest, scheduler or mail parsing code, and still says when
the schema is old. Checked by what is imported, not by timing. What it answers itself, it answers
as the full command line does; what goes wrong, it leaves to the full command line."""

from __future__ import annotations

from datetime import timedelta

import pytest

from inbox_worker import health
from inbox_worker.cli import quick
from models.db import make_engine, session_scope, upgrade
from models.tables import ServiceHealth, utcnow
from tests.test_cli_startup import COMMAND_LINE, HEAVY, _loaded

# Not needed to read the health verdict: each costs the check a noticeable share of its start.
NOT_FOR_THE_CHECK = ("sqlalchemy", "sqlmodel", "sqlalchemy.orm", "models.tables", "alembic", "spacy",
                     "nlp.classify", "nlp.pipeline", "mailparser", "imapclient", "apscheduler", "holidays",
                     "inbox_worker.digest", "inbox_worker.daemon", "inbox_worker.process", "inbox_worker.sync",
                     *COMMAND_LINE)


def test_status_check_on_a_current_database_loads_neither_alembic_nor_spacy(sqlite_url, cli):
    engine = make_engine(sqlite_url)
    upgrade(engine)
    engine.dispose()
    loaded = _loaded(["status", "--check"], env={"FOIA_INTAKE_DATABASE__URL": sqlite_url},
                     watch=(*HEAVY, "inbox_worker.health"))
    assert "inbox_worker.health" in loaded  # the check did read the verdict
    assert not loaded & {"alembic", "spacy", "nlp.classify"}
    code, _, err = cli("status", "--check", env={"FOIA_INTAKE_DATABASE__URL": sqlite_url})
    assert code == 0, err


def test_status_check_on_an_old_schema_says_how_to_upgrade(sqlite_url, cli):
    engine = make_engine(sqlite_url)
    upgrade(engine, "0003")
    engine.dispose()
    code, _, err = cli("status", "--check", env={"FOIA_INTAKE_DATABASE__URL": sqlite_url})
    assert code == 2 and "foia-intake db upgrade" in err


def test_status_check_reads_health_without_sqlalchemy_the_command_line_or_the_daemon(sqlite_url, cli):
    engine = make_engine(sqlite_url)
    upgrade(engine)
    engine.dispose()
    env = {"FOIA_INTAKE_DATABASE__URL": sqlite_url}
    loaded = _loaded(["status", "--check"], env=env,
                     watch=(*HEAVY, *NOT_FOR_THE_CHECK, "inbox_worker.health", "sqlite3", "psycopg"))
    assert "inbox_worker.health" in loaded and loaded & {"sqlite3", "psycopg"}  # read from the database
    assert not loaded & set(NOT_FOR_THE_CHECK)
    code, _, err = cli("status", "--check", env=env)
    assert code == 0, err


SOURCE = "imap:foia@mail"


def _full(cli, monkeypatch, *args: str, env: dict[str, str]) -> tuple[int, str, str]:
    """``foia-intake ARGS`` through the Typer application, the quick answers switched off."""
    with monkeypatch.context() as m:
        m.setattr(quick, "answer", lambda _args: None)
        return cli(*args, env=env)


def _stale(engine) -> None:
    with session_scope(engine) as s:
        s.get(ServiceHealth, SOURCE).started_at = utcnow() - timedelta(hours=1)


@pytest.mark.parametrize("state", ["never started", "healthy", "refused", "stale"])
def test_status_check_answers_quickly_as_the_full_command_line_does(engine, sqlite_url, cli, monkeypatch, state):
    if state != "never started":
        health.record_start(engine, [SOURCE], poll_interval_seconds=60)
    if state == "refused":  # an error text from the server, with a terminal escape in it
        health.record_failure(engine, [SOURCE], "AUTH\x1b[2J failed\nagain", login_refused=True)
    if state == "stale":
        health.record_failure(engine, [SOURCE], "cannot connect", login_refused=False)
        _stale(engine)
    env = {"FOIA_INTAKE_DATABASE__URL": sqlite_url}
    monkeypatch.setenv("FOIA_INTAKE_DATABASE__URL", sqlite_url)
    expected = 1 if state in ("refused", "stale") else 0
    assert quick.answer(["-q", "status", "--check"]) == expected  # answered here, not handed on
    answered = cli("-q", "status", "--check", env=env)
    assert answered == _full(cli, monkeypatch, "-q", "status", "--check", env=env)
    assert answered[0] == expected and (expected == 0) == (answered[2] == "")
    assert "\x1b" not in answered[2]


@pytest.mark.parametrize("problem", ["unknown key", "bad value", "old schema", "no such folder", "not sqlite"])
def test_status_check_leaves_every_problem_to_the_full_command_line(sqlite_url, cli, monkeypatch, tmp_path, capsys,
                                                                    problem):
    engine = make_engine(sqlite_url)
    upgrade(engine, "0003" if problem == "old schema" else "head")
    engine.dispose()
    env = {"FOIA_INTAKE_DATABASE__URL": sqlite_url}
    if problem == "unknown key":
        env["FOIA_INTAKE_IMAP__PROT"] = "993"
    if problem == "bad value":
        env["FOIA_INTAKE_IMAP__PORT"] = "imaps"
    if problem == "no such folder":
        env["FOIA_INTAKE_DATABASE__URL"] = f"sqlite:///{tmp_path / 'missing' / 'foia.db'}"
    if problem == "not sqlite":
        env["FOIA_INTAKE_DATABASE__URL"] = "mysql+nosuchdriver://db/foia"
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    capsys.readouterr()
    assert quick.answer(["status", "--check"]) is None
    assert capsys.readouterr() == ("", "")  # nothing said: the full command line says it
    code, _, err = cli("status", "--check", env=env)
    assert code == 2 and err.startswith("Error:")


@pytest.mark.parametrize(("args", "answered"), [
    (["status", "--check"], True),
    (["-q", "-vv", "--log-format", "json", "status", "--check", "--quiet"], True),
    (["--config", "{cfg}", "status", "--check"], True),
    (["--config={cfg}", "-c", "{cfg}", "status", "-v", "--check"], True),
    (["status", "--check", "--json"], False),
    (["status", "--check", "--help"], False),
    (["status"], False),
    (["--log-format", "fancy", "status", "--check"], False),
    (["--config", "status", "--check"], False),
    (["messages", "status", "--check"], False),
])
def test_status_check_is_answered_quickly_only_in_its_plain_forms(engine, sqlite_url, tmp_path, monkeypatch,
                                                                   args, answered):
    cfg, elsewhere = tmp_path / "foia.toml", tmp_path / "elsewhere.toml"
    cfg.write_text(f'[database]\nurl = "{sqlite_url}"\n')
    elsewhere.write_text(f'[database]\nurl = "sqlite:///{tmp_path / "missing" / "foia.db"}"\n')
    monkeypatch.delenv("FOIA_INTAKE_DATABASE__URL", raising=False)
    # --config wins over $FOIA_INTAKE_CONFIG (which names a database that cannot be opened)
    monkeypatch.setenv("FOIA_INTAKE_CONFIG", str(elsewhere if any("{cfg}" in a for a in args) else cfg))
    code = quick.answer([a.replace("{cfg}", str(cfg)) for a in args])
    assert (code == 0) if answered else (code is None)


# `foia-intake run` up to the moment it says it runs (its first pass has started): which modules are loaded.
RUN_PROBE = """
import json, os, sys
sys.argv = ["foia-intake", "run"]
from inbox_worker import daemon

def echo(message):
    if message.startswith("foia-intake running"):
        sys.__stdout__.write("LOADED " + json.dumps(sorted(sys.modules)) + "\\n")
        sys.__stdout__.flush()
        os._exit(0)

first_run = daemon.Daemon.run
daemon.Daemon.run = lambda self, **kw: (setattr(self, "echo", echo), first_run(self, **kw))[1]
from inbox_worker.cli.main import run
run()
"""


@pytest.mark.parametrize("retrained", [False, True])
def test_the_service_polls_before_loading_spacy_or_the_digest(sqlite_url, tmp_path, retrained):
    import json
    import os
    import subprocess
    import sys

    maildir = tmp_path / "Maildir"
    for sub in ("cur", "new", "tmp"):
        (maildir / sub).mkdir(parents=True)
    model_dir = tmp_path / "model"
    if retrained:  # the shipped model as a retrained one: chosen (and so loaded) before the first poll
        from nlp.pipeline import MODEL_DIR

        model_dir.mkdir()
        (model_dir / "combiner.json").write_bytes((MODEL_DIR / "combiner.json").read_bytes())
    env = {**os.environ, "FOIA_INTAKE_DATABASE__URL": sqlite_url, "FOIA_INTAKE_MAILDIR__PATH": str(maildir),
           "FOIA_INTAKE_CLASSIFIER__MODEL_DIR": str(model_dir)}
    proc = subprocess.run([sys.executable, "-c", RUN_PROBE], capture_output=True, text=True, timeout=120, env=env,
                          check=False)
    line = [x for x in proc.stdout.splitlines() if x.startswith("LOADED ")]
    assert line, proc.stderr[-2000:]
    loaded = set(json.loads(line[-1][len("LOADED "):]))
    assert "inbox_worker.sync" in loaded and "inbox_worker.digest.schedule" not in loaded
    assert ("spacy" in loaded) == retrained
