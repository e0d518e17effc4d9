"""The start-up schema check reads the revisions without importing Alembic, and agrees with it."""

from __future__ import annotations

import subprocess
import sys

from alembic.script import ScriptDirectory

from models.db import MIGRATIONS, current_revision, head_revision, upgrade


def test_the_head_read_from_the_migration_files_is_alembics():
    assert head_revision() == ScriptDirectory(str(MIGRATIONS)).get_current_head()


def test_GIVEN_a_fresh_then_a_migrated_database_THEN_its_revision_is_none_then_the_head(engine, tmp_path):
    from models.db import make_engine

    fresh = make_engine(f"sqlite:///{tmp_path}/fresh.db")
    assert current_revision(fresh) is None
    upgrade(fresh)
    assert current_revision(fresh) == head_revision()
    assert current_revision(engine) == head_revision()


def test_GIVEN_a_current_database_WHEN_checked_THEN_alembic_is_not_imported(sqlite_url, engine):
    code = ("import sys; from models.db import ensure_schema, make_engine; "
            f"ensure_schema(make_engine({sqlite_url!r}), auto_upgrade=False); "
            "print('alembic' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
