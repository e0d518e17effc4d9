"""The health check stays cheap: `status --check` loads neither Alembic (only to migrate) nor spaCy,
nor SQLModel and the table models (it reads its few columns with SQLAlchemy Core), nor the digest,
scheduler or mail parsing code, and still says when the schema is old. Checked by what is imported,
not by timing."""

from __future__ import annotations

from models.db import make_engine, upgrade
from tests.test_cli_startup import HEAVY, _loaded

# Not needed to read the health verdict: each costs the check a noticeable share of its start.
NOT_FOR_THE_CHECK = ("sqlmodel", "sqlalchemy.orm", "models.tables", "alembic", "spacy", "nlp.classify",
                     "nlp.pipeline", "mailparser", "imapclient", "apscheduler", "inbox_worker.digest",
                     "inbox_worker.daemon", "inbox_worker.process", "inbox_worker.sync")


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


def test_status_check_reads_health_without_sqlmodel_the_table_models_or_the_daemon(sqlite_url, cli):
    engine = make_engine(sqlite_url)
    upgrade(engine)
    engine.dispose()
    env = {"FOIA_INTAKE_DATABASE__URL": sqlite_url}
    loaded = _loaded(["status", "--check"], env=env, watch=(*HEAVY, *NOT_FOR_THE_CHECK, "inbox_worker.health"))
    assert {"sqlalchemy", "inbox_worker.health"} <= loaded  # the verdict was read from the database
    assert not loaded & set(NOT_FOR_THE_CHECK)
    code, _, err = cli("status", "--check", env=env)
    assert code == 0, err
