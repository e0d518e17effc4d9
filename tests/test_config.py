"""Settings: TOML file, environment overrides, secrets that never show."""

from __future__ import annotations

import re
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
        # a misspelt key inside a section is refused, with the likely key
        ('[imap]\nhots = "imap.example.org"\n', "imap.hots: unknown key (did you mean 'host'?)"),
        ('[digest]\nrecipients = ["a@b.org"]\n', "digest.recipients: unknown key"),
        ('[database]\nurl = "sqlite:///x.db"\nauto_upgrad = false\n', "did you mean 'auto_upgrade'?"),
        ('[imapp]\nhost = "x"\n', "imapp: unknown section (did you mean [imap]?)"),
    ],
)
def test_bad_configuration_gives_one_clear_error(tmp_path, content, message):
    cfg = tmp_path / "c.toml"
    cfg.write_text(content)
    with pytest.raises(ConfigError, match=re.escape(message)):
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


# ---- keys, environment lists, TOML output, secrets (issue 9, issue 14 item 6) -----------------

def test_configuration_errors_keep_their_brackets_on_the_terminal(cli, tmp_path, sqlite_url):
    cfg = tmp_path / "c.toml"
    cfg.write_text('[imapp]\nhost = "x"\n')
    code, _, err = cli("--config", str(cfg), "config", "show")
    assert code == 2 and "did you mean [imap]?" in err and len(err.strip().splitlines()) == 1
    code, _, err = cli("sync", "--once", env={"FOIA_INTAKE_DATABASE__URL": sqlite_url})
    assert code == 2 and "set [maildir] path or [imap] host" in err


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("foia@example.org", ["foia@example.org"]),
        ("a@example.org, b@example.org", ["a@example.org", "b@example.org"]),
        ('["a@example.org", "b@example.org"]', ["a@example.org", "b@example.org"]),
    ],
)
def test_digest_recipients_from_the_environment_as_people_write_them(monkeypatch, value, expected):
    monkeypatch.setenv("FOIA_INTAKE_DIGEST__TO", value)
    assert load_settings().digest.to == expected


def test_a_list_in_the_environment_that_cannot_be_read_is_a_config_error(monkeypatch):
    monkeypatch.setenv("FOIA_INTAKE_IMAP__FOLDERS", '["INBOX", ')
    with pytest.raises(ConfigError, match="imap.folders"):
        load_settings()


def test_every_command_accepts_one_digest_address_in_the_environment(cli, sqlite_url):
    code, out, err = cli("requests", "list", env={"FOIA_INTAKE_DIGEST__TO": "foia@example.org",
                                                 "FOIA_INTAKE_DATABASE__URL": sqlite_url})
    assert code == 0, err


def test_config_show_prints_toml_that_reads_back_as_the_same_settings(cli, tmp_path, monkeypatch):
    import tomllib

    cfg = tmp_path / "c.toml"
    cfg.write_text('[imap]\nhost = "imap.example.org"\nfolders = ["INBOX", "Agency \\"replies\\""]\n'
                   '[maildir]\npath = "/srv/mail"\n[digest]\nto = ["a@example.org"]\n')
    code, out, err = cli("--config", str(cfg), "config", "show")
    assert code == 0, err
    data = tomllib.loads(out)
    assert data["imap"]["host"] == "imap.example.org" and "port" not in data["imap"]
    assert data["imap"]["folders"] == ["INBOX", 'Agency "replies"']
    shown = tmp_path / "shown.toml"
    shown.write_text(out)
    monkeypatch.delenv("FOIA_INTAKE_CONFIG", raising=False)
    assert load_settings(shown).masked() == load_settings(cfg).masked()


DB_PASSWORD = "db-pa55word-xyz"
UNREACHABLE_URL = f"postgresql+psycopg://foia:{DB_PASSWORD}@127.0.0.1:9/foia"


@pytest.mark.parametrize("as_json", [False, True], ids=["toml", "json"])
def test_config_show_masks_every_secret_including_the_database_url(cli, tmp_path, as_json):
    cfg = tmp_path / "c.toml"
    cfg.write_text(f'[database]\nurl = "{UNREACHABLE_URL}"\n[imap]\nhost = "h"\npassword = "imap-s3cret"\n'
                   '[smtp]\npassword = "smtp-s3cret"\n')
    code, out, err = cli("--config", str(cfg), "config", "show", *(["--json"] if as_json else []))
    assert code == 0, err
    assert DB_PASSWORD not in out + err and "s3cret" not in out + err
    assert "postgresql+psycopg://foia:**********@127.0.0.1:9/foia" in out


@pytest.mark.parametrize("url", [
    UNREACHABLE_URL,
    f"postgresql://foia:{DB_PASSWORD}@127.0.0.1:9/foia?sslmode=require",
    f"mysql+pymysql://user:{DB_PASSWORD}@db.example.org/foia",
])
def test_database_passwords_never_reach_the_terminal(cli, url):
    env = {"FOIA_INTAKE_DATABASE__URL": url}
    for args in (("config", "show"), ("config", "show", "--json"), ("requests", "list"), ("status", "--check")):
        code, out, err = cli(*args, env=env)
        assert DB_PASSWORD not in out + err, args
        assert "Traceback" not in err
