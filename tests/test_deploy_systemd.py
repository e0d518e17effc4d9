"""The shipped systemd unit: systemd accepts it, and it agrees with the program's exit codes and
settings."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from config.settings import Settings
from inbox_worker.errors import ConfigurationError, CredentialsError, TransientError
from tests.conftest import REPO

UNIT = REPO / "deploy" / "foia-intake.service"
INSTALLED = "/opt/foia-intake/bin/foia-intake"


def _unit() -> dict[str, dict[str, list[str]]]:
    """Section -> key -> every value (systemd keys may repeat)."""
    sections: dict[str, dict[str, list[str]]] = {}
    current = None
    for line in UNIT.read_text().splitlines():
        line = line.strip()
        if not line or line.startswith(("#", ";")):
            continue
        if line.startswith("["):
            current = sections.setdefault(line.strip("[]"), {})
            continue
        key, value = line.split("=", 1)
        current.setdefault(key, []).append(value)
    return sections


def test_systemd_accepts_the_unit_without_a_warning(tmp_path):
    if shutil.which("systemd-analyze") is None:
        pytest.skip("systemd-analyze is not installed")
    unit = tmp_path / "foia-intake.service"
    unit.write_text(UNIT.read_text().replace(INSTALLED, str(Path(sys.executable).parent / "foia-intake")))
    result = subprocess.run(["systemd-analyze", "verify", str(unit)], capture_output=True, text=True, timeout=60)
    problems = [line for line in (result.stdout + result.stderr).splitlines() if str(unit) in line]
    assert result.returncode == 0 and problems == [], result.stderr


def test_the_unit_restarts_only_after_failures_a_restart_can_fix():
    service = _unit()["Service"]
    assert service["Restart"] == ["on-failure"]
    prevented = {int(code) for value in service["RestartPreventExitStatus"] for code in value.split()}
    assert {ConfigurationError.exit_code, CredentialsError.exit_code} <= prevented
    assert TransientError.exit_code not in prevented


def test_the_unit_runs_the_service_sandboxed_with_its_data_in_the_state_directory():
    service = _unit()["Service"]
    assert service["ExecStart"] == [f"{INSTALLED} run"]
    assert service["NoNewPrivileges"] == ["yes"]
    assert service["ProtectSystem"] == ["strict"]
    assert service["StateDirectory"] == ["foia-intake"]
    assert service["WorkingDirectory"] == ["%S/foia-intake"]  # where the default SQLite file lands


def test_every_setting_the_unit_sets_is_a_setting_foia_intake_has():
    environment = [value.split("=", 1)[0] for value in _unit()["Service"]["Environment"]]
    settings = [name for name in environment if name.startswith("FOIA_INTAKE_") and "__" in name]
    assert settings
    for name in settings:
        section, key = name.removeprefix("FOIA_INTAKE_").lower().split("__", 1)
        assert section in Settings.model_fields, name
        assert key in Settings.model_fields[section].annotation.model_fields, name
