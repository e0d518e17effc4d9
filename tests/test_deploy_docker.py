"""The container's contract, without a Docker engine: the Dockerfile's own environment, user switch,
volume and commands (CMD, HEALTHCHECK) run here as an unprivileged user on a data directory.

Needs root (to switch to the unprivileged user, as the image does with USER); skipped otherwise,
except on CI.
"""

from __future__ import annotations

import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import IN_CI, REPO

IMAGE_DATA = "/var/lib/foia-intake"
IMAGE_ETC = "/etc/foia-intake"
UNPRIVILEGED = "nobody"
BIN = Path(sys.executable).parent


@dataclass
class Image:
    """What the final stage of the Dockerfile declares."""

    env: dict[str, str]
    workdir: str
    user: str
    volumes: list[str]
    cmd: list[str]
    healthcheck: list[str]
    stopsignal: str


def _instructions(dockerfile: Path) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) of the last stage, continuation lines joined."""
    text = dockerfile.read_text().replace("\\\n", " ")
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    last_from = max(i for i, line in enumerate(lines) if line.upper().startswith("FROM "))
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines[last_from:]]


def parse_image(dockerfile: Path = REPO / "Dockerfile") -> Image:
    env: dict[str, str] = {}
    found: dict[str, str] = {}
    for instruction, args in _instructions(dockerfile):
        if instruction == "ENV":
            for pair in args.split():
                key, value = pair.split("=", 1)
                env[key] = value
        else:
            found[instruction] = args
    health = found["HEALTHCHECK"]
    return Image(env=env, workdir=found["WORKDIR"], user=found["USER"],
                 volumes=json.loads(found["VOLUME"]), cmd=json.loads(found["CMD"]),
                 healthcheck=json.loads(health[health.index("CMD") + 3:].strip()),
                 stopsignal=found["STOPSIGNAL"])


@pytest.fixture(scope="module")
def image() -> Image:
    return parse_image()


@pytest.fixture
def root_dir() -> Iterator[Path]:
    """A directory every user can traverse (pytest's tmp_path is private to root)."""
    if os.geteuid() != 0:
        if IN_CI:
            pytest.fail("the container tests switch users and must run as root on CI")
        pytest.skip("needs root to run commands as an unprivileged user")
    path = Path(tempfile.mkdtemp(prefix="foia-image-"))
    path.chmod(0o755)
    yield path
    shutil.rmtree(path, ignore_errors=True)


@dataclass
class Container:
    """The image's environment mapped onto this machine: its volume and /etc/foia-intake are
    directories under ``root``, its PATH's /opt/foia-intake/bin is this virtualenv."""

    image: Image
    root: Path
    extra_env: dict[str, str]

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def etc(self) -> Path:
        return self.root / "etc"

    def _path(self, value: str) -> str:
        return (value.replace(IMAGE_DATA, str(self.data)).replace(IMAGE_ETC, str(self.etc))
                .replace("/opt/foia-intake/bin", str(BIN)))

    def environment(self) -> dict[str, str]:
        env = {"PATH": f"{BIN}:/usr/bin:/bin", "HOME": str(self.data), "LANG": "C.UTF-8"}
        for key, value in self.image.env.items():
            env[key] = self._path(value.replace("$PATH", "/usr/bin:/bin"))
        env.update(self.extra_env)
        return env

    def command(self, argv: list[str]) -> list[str]:
        user = pwd.getpwnam(UNPRIVILEGED)
        return ["setpriv", f"--reuid={user.pw_uid}", f"--regid={user.pw_gid}", "--clear-groups",
                "--", *argv]

    def run(self, argv: list[str], timeout: float = 120) -> subprocess.CompletedProcess:
        return subprocess.run(self.command(argv), cwd=self._path(self.image.workdir),
                              env=self.environment(), capture_output=True, text=True, timeout=timeout)

    def start(self, argv: list[str]) -> subprocess.Popen:
        return subprocess.Popen(self.command(argv), cwd=self._path(self.image.workdir),
                                env=self.environment(), stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)


def _container(image: Image, root: Path, *, volume_owner: str = UNPRIVILEGED, **env: str) -> Container:
    box = Container(image, root, env)
    box.data.mkdir()
    box.etc.mkdir()
    owner = pwd.getpwnam(volume_owner)
    os.chown(box.data, owner.pw_uid, owner.pw_gid)
    box.data.chmod(0o755)
    maildir = root / "Maildir"
    from inbox_worker.sync import sample_mailbox_path

    shutil.copytree(sample_mailbox_path(), maildir)
    for path in [maildir, *maildir.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    box.extra_env.setdefault("FOIA_INTAKE_MAILDIR__PATH", str(maildir))
    return box


def test_the_image_runs_as_a_non_root_user_with_its_data_on_a_volume(image):
    assert image.user not in ("root", "0")
    assert image.workdir in image.volumes
    assert image.stopsignal == "SIGTERM"
    assert image.healthcheck[-2:] == ["status", "--check"]


def test_the_image_sets_no_setting_that_would_override_a_mounted_config_file(image):
    settings = [k for k in image.env if k.startswith("FOIA_INTAKE_") and "__" in k]
    assert settings == []
    assert "FOIA_INTAKE_CONFIG" not in image.env  # a missing file would be an error


def test_GIVEN_only_environment_settings_WHEN_the_image_commands_run_as_its_user_THEN_the_data_lands_on_the_volume_and_it_is_healthy(image, root_dir):
    box = _container(image, root_dir)
    synced = box.run(["foia-intake", "sync", "--once"])
    assert synced.returncode == 0, synced.stderr
    database = box.data / "foia-intake.db"
    assert database.stat().st_uid == pwd.getpwnam(UNPRIVILEGED).pw_uid
    health = box.run(image.healthcheck, timeout=30)
    assert health.returncode == 0, health.stderr
    status = box.run(["foia-intake", "status", "--json"])
    assert status.returncode == 0, status.stderr
    assert json.loads(status.stdout)["requests"] == {"completed": 1}


def test_GIVEN_a_mounted_config_file_THEN_it_wins_over_the_image_defaults_and_the_environment_wins_over_it(image, root_dir):
    box = _container(image, root_dir)
    (box.etc / "config.toml").write_text(f'[database]\nurl = "sqlite:///{box.data}/from-file.db"\n')
    assert box.run(["foia-intake", "db", "upgrade"]).returncode == 0
    assert (box.data / "from-file.db").exists()
    assert not (box.data / "foia-intake.db").exists()
    box.extra_env["FOIA_INTAKE_DATABASE__URL"] = f"sqlite:///{box.data}/from-env.db"
    assert box.run(["foia-intake", "db", "upgrade"]).returncode == 0
    assert (box.data / "from-env.db").exists()


def test_GIVEN_a_volume_owned_by_another_user_WHEN_the_service_starts_THEN_it_says_which_folder_to_chown_and_exits_2(image, root_dir):
    box = _container(image, root_dir, volume_owner="root")
    result = box.run(image.cmd)
    assert result.returncode == 2
    said = " ".join(result.stderr.split())  # the console may wrap the line
    assert "Traceback" not in said
    assert f"the folder {box.data} cannot be written by user nobody" in said
    assert not (box.data / "foia-intake.db").exists()


def test_GIVEN_the_image_command_running_WHEN_docker_stops_it_THEN_it_exits_0_within_10_seconds(image, root_dir):
    box = _container(image, root_dir)
    proc = box.start(image.cmd)
    try:
        lines: list[str] = []
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "running" in line:
                break
        assert any("running" in line for line in lines), "".join(lines)
        proc.send_signal(getattr(signal, image.stopsignal))
        started = time.monotonic()
        assert proc.wait(timeout=10) == 0
        assert time.monotonic() - started < 10
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
