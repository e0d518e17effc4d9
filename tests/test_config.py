"""Settings: TOML file, environment overrides, secrets that never show."""

from __future__ import annotations

from pathlib import Path

import pytest

from config.errors import ConfigError
from config.settings import load_settings

EXAMPLE = Path(__file__).resolve().parent.parent / "config" / "example.toml"


def test_the_shipped_example_file_is_valid():
    settings = load_settings(EXAMPLE)
    assert settings.database.url == "sqlite:///foia-intake.db"
    assert settings.digest.from_ == "foia-intake@example.org"


def test_environment_overrides_the_file_with_nested_keys(tmp_path, monkeypatch):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[imap]\nhost = "file.example.org"\nport = 993\n[database]\nurl = "sqlite:///x.db"\n')
    monkeypatch.setenv("FOIA_INTAKE_IMAP__HOST", "env.example.org")
    monkeypatch.setenv("FOIA_INTAKE_DATABASE__URL", "postgresql+psycopg://u@h/db")
    settings = load_settings(cfg)
    assert settings.imap.host == "env.example.org"
    assert settings.imap.port == 993
    assert settings.database.url == "postgresql+psycopg://u@h/db"


def test_config_file_from_FOIA_INTAKE_CONFIG(tmp_path, monkeypatch):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[maildir]\npath = "/srv/mail"\n')
    monkeypatch.setenv("FOIA_INTAKE_CONFIG", str(cfg))
    assert str(load_settings().maildir.path) == "/srv/mail"


def test_password_file_is_read_and_secrets_are_masked(tmp_path, monkeypatch):
    secret = tmp_path / "pw"
    secret.write_text("s3cret-from-file\n")
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[imap]\nhost = "h"\npassword_file = "{secret}"\n[smtp]\npassword = "smtp-s3cret"\n')
    settings = load_settings(cfg)
    assert settings.imap.secret() == "s3cret-from-file"
    assert settings.smtp.secret() == "smtp-s3cret"
    shown = repr(settings) + str(settings.masked())
    assert "s3cret" not in shown


def test_config_show_masks_secrets(cli, tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[imap]\nhost = "h"\npassword = "hunter2-secret"\n')
    code, out, err = cli("--config", str(cfg), "config", "show")
    assert code == 0, err
    assert "hunter2" not in out and "**********" in out and "[imap]" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("[imap\nhost=1", "not valid TOML"),
        ('[imap]\nsecurity = "tls"\n', "imap.security"),
        ('[nonsense]\nx = 1\n', "nonsense"),
        ('[imap]\npost_action = "move"\n', "move_to"),
    ],
)
def test_bad_configuration_gives_one_clear_error(tmp_path, content, message):
    cfg = tmp_path / "c.toml"
    cfg.write_text(content)
    with pytest.raises(ConfigError, match=message):
        load_settings(cfg)


def test_bad_configuration_exits_2_with_a_clear_line(cli, tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[imap]\nsecurity = "tls"\n')
    code, _, err = cli("--config", str(cfg), "config", "show")
    assert code == 2
    assert "configuration error" in err and "Traceback" not in err


def test_unreadable_password_file_is_a_config_error(tmp_path):
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[imap]\npassword_file = "{tmp_path / "missing"}"\n')
    with pytest.raises(ConfigError, match="password_file"):
        load_settings(cfg).imap.secret()
