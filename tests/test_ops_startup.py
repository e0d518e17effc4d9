"""The health check stays cheap: `status --check` loads neither Alembic (only to migrate) nor spaCy,
and still says when the schema is old. Checked by what is imported, not by timing."""

from __future__ import annotations

from models.db import make_engine, upgrade
from tests.test_cli_startup import _loaded


def test_status_check_on_a_current_database_loads_neither_alembic_nor_spacy(sqlite_url, cli):
    engine = make_engine(sqlite_url)
    upgrade(engine)
    engine.dispose()
    loaded = _loaded(["status", "--check"], env={"FOIA_INTAKE_DATABASE__URL": sqlite_url})
    assert "sqlalchemy" in loaded  # the check did reach the database
    assert not loaded & {"alembic", "spacy", "nlp.classify"}
    code, _, err = cli("status", "--check", env={"FOIA_INTAKE_DATABASE__URL": sqlite_url})
    assert code == 0, err


def test_status_check_on_an_old_schema_says_how_to_upgrade(sqlite_url, cli):
    engine = make_engine(sqlite_url)
    upgrade(engine, "0003")
    engine.dispose()
    code, _, err = cli("status", "--check", env={"FOIA_INTAKE_DATABASE__URL": sqlite_url})
    assert code == 2 and "foia-intake db upgrade" in err
