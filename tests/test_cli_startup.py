"""Start-up stays cheap: `--version`, `--help` and `status --check` load neither spaCy nor the
NLP pipeline; `--version` and `--help` not even the database layer or the settings; `--version` and
`status --check` not even Typer, rich or SQLAlchemy (issue 12).
Checked by what is imported, not by timing (timings belong in bench/)."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("spacy", "numpy", "nlp.pipeline", "nlp.classify", "inbox_worker.process", "imapclient", "mailparser",
         "sqlalchemy", "sqlmodel", "alembic", "pydantic_settings", "holidays", "dateparser")
PROBE = """
import json, sys
heavy = json.loads(sys.argv[2])
sys.argv = ["foia-intake", *json.loads(sys.argv[1])]
from inbox_worker.cli.main import run
try:
    run()
except SystemExit:
    pass
sys.__stdout__.write("\\nLOADED " + json.dumps(sorted(m for m in heavy if m in sys.modules)) + "\\n")
"""


def _loaded(args: list[str], env: dict[str, str] | None = None, *, watch: tuple[str, ...] = HEAVY) -> set[str]:
    """Which of the ``watch`` modules running ``foia-intake *args`` imported."""
    import os

    proc = subprocess.run([sys.executable, "-c", PROBE, json.dumps(args), json.dumps(watch)], capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})}, check=False)
    line = [x for x in proc.stdout.splitlines() if x.startswith("LOADED ")]
    assert line, proc.stderr
    return set(json.loads(line[-1][len("LOADED "):]))


@pytest.mark.parametrize("args", [["--version"], ["--help"], ["requests", "--help"], ["classify", "--help"]])
def test_version_and_help_load_nothing_heavy(args):
    assert _loaded(args) == set()


# What the command line itself costs: the quick answers do without them.
COMMAND_LINE = ("typer", "rich", "click", "inbox_worker.cli.app", "inbox_worker.cli.output")


@pytest.mark.parametrize("args", [["--version"], ["-q", "--version"]])
def test_version_loads_neither_the_command_line_nor_pydantic(args):
    assert _loaded(args, watch=(*HEAVY, *COMMAND_LINE, "pydantic")) == set()


def test_status_check_reads_the_database_with_its_driver_alone(sqlite_url):
    from models.db import make_engine, upgrade

    engine = make_engine(sqlite_url)
    upgrade(engine)
    engine.dispose()
    loaded = _loaded(["status", "--check"], env={"FOIA_INTAKE_DATABASE__URL": sqlite_url},
                     watch=(*HEAVY, *COMMAND_LINE, "sqlite3", "psycopg"))
    assert loaded & {"sqlite3", "psycopg"}  # the check did reach the database
    assert "pydantic_settings" in loaded  # the real settings, every key validated
    assert not loaded - {"sqlite3", "psycopg", "pydantic_settings"}
