"""The same skeleton on a real PostgreSQL (127.0.0.1:5432): migrations, sync, idempotence."""

from __future__ import annotations

from sqlmodel import Session, select

from inbox_worker.process import Pipeline
from inbox_worker.sources.maildir import MaildirSource
from inbox_worker.sync import sync_once
from models.db import current_revision, head_revision, make_engine, upgrade
from models.tables import Request, TrackingNumber


def test_GIVEN_postgresql_WHEN_the_sample_is_synced_twice_THEN_one_completed_request(pg_url, sample_maildir):
    engine = make_engine(pg_url)
    upgrade(engine)
    assert current_revision(engine) == head_revision()
    source = MaildirSource(sample_maildir, folders=["INBOX"], sent_folder="Sent")
    first = sync_once(engine, [source], pipeline=Pipeline())
    second = sync_once(engine, [source], pipeline=Pipeline())
    assert first.counts["processed"] == 8 and second.total == 0
    with Session(engine) as s:
        (request,) = s.exec(select(Request)).all()
        numbers = [t.number for t in s.exec(select(TrackingNumber)).all()]
    assert request.status == "completed" and numbers == ["2020-ICFO-51234"]
    engine.dispose()


def test_db_upgrade_command_on_postgresql(cli, pg_url):
    env = {"FOIA_INTAKE_DATABASE__URL": pg_url}
    code, out, err = cli("db", "upgrade", env=env)
    assert code == 0, err
    assert "upgraded" in out
    code, out, _ = cli("db", "upgrade", env=env)
    assert "already at revision" in out
