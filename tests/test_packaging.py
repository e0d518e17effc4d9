"""The installed package carries what it needs at run time: the model, migrations, the sample mailbox."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.slow


def test_the_wheel_ships_the_model_the_migrations_and_the_sample_mailbox(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps",
                    "-w", str(tmp_path), str(REPO)], check=True, capture_output=True)
    (wheel,) = tmp_path.glob("foia_intake-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "nlp/model/combiner.json" in names
    assert {"models/migrations/script.py.mako", "config/example.toml"} <= names
    assert all(f"models/migrations/versions/{p.name}" in names for p in (REPO / "models/migrations/versions").glob("*.py"))
    sample = {n for n in names if n.startswith("inbox_worker/sample_mailbox/")}
    for folder in ("", ".Sent/"):
        for sub in ("cur", "new", "tmp"):
            assert any(n.startswith(f"inbox_worker/sample_mailbox/{folder}{sub}/") for n in sample), (folder, sub)
    assert len([n for n in sample if ".sample" in n]) == 9
