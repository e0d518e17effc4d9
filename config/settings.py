"""The settings object and how it is loaded.

Precedence, highest first: environment (``FOIA_INTAKE_...``), the TOML file, defaults.
Secrets are ``SecretStr``: they print as ``**********`` and may come from ``*_file``.
"""

from __future__ import annotations

import difflib
import json
import os
import re
import tomllib
from contextvars import ContextVar
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    SecretStr,
    ValidationError,
    model_validator,
)
from pydantic_settings import (
    BaseSettings,
    InitSettingsSource,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    SettingsError,
)

from config.errors import ConfigError
from config.secrets import mask_url

CONFIG_ENV = "FOIA_INTAKE_CONFIG"
# A file read only when it exists: the Docker image points it at /etc/foia-intake/config.toml.
DEFAULT_CONFIG_ENV = "FOIA_INTAKE_DEFAULT_CONFIG"
_toml_data: ContextVar[dict[str, Any] | None] = ContextVar("_toml_data", default=None)

Security = Literal["ssl", "starttls", "none"]


def _names(value: object) -> object:
    """A list from the environment as people write it: one value, ``a, b``, or a JSON list."""
    if not isinstance(value, str):
        return value
    text = value.strip()
    if text.startswith("["):
        try:
            return json.loads(text)
        except json.JSONDecodeError as err:
            raise ValueError(f"not a JSON list: {err.msg}") from None
    return [part.strip() for part in text.split(",") if part.strip()]


# A list of strings that may be given as ``a, b`` in the environment.
Names = Annotated[list[str], NoDecode, BeforeValidator(_names)]


class Section(BaseModel):
    """A ``[section]`` of the file: a misspelt key is an error, not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class _SecretMixin(Section):
    """A section with ``password`` / ``password_file``; the file wins when both are set."""

    password: SecretStr | None = None
    password_file: Path | None = None

    def secret(self) -> str | None:
        """The password, read from ``password_file`` when that is set."""
        if self.password_file is not None:
            try:
                return self.password_file.read_text(encoding="utf-8").rstrip("\r\n")
            except OSError as err:
                raise ConfigError(
                    f"cannot read password_file {self.password_file}: {err.strerror}"
                ) from err
        return self.password.get_secret_value() if self.password else None


class DatabaseSettings(Section):
    url: str = "sqlite:///foia-intake.db"
    auto_upgrade: bool = Field(
        default=True, description="Apply pending migrations when sync/run start."
    )


class ImapSettings(_SecretMixin):
    host: str | None = None
    port: int | None = None
    username: str | None = None
    security: Security = "ssl"
    folders: Names = Field(default_factory=lambda: ["INBOX"])
    sent_folder: str | None = "Sent"
    batch_size: int = Field(default=50, ge=1, le=1000)
    max_message_bytes: int = Field(default=50 * 1024 * 1024, ge=1024)
    poll_interval_seconds: int = Field(default=60, ge=5)
    timeout_seconds: float = Field(default=30.0, gt=0)
    idle: bool = Field(default=True, description="Use IMAP IDLE when the server offers it.")
    ca_file: Path | None = Field(default=None, description="CA bundle for a private certificate authority.")
    post_action: Literal["none", "flag", "move"] = "none"
    flag_name: str = "$FoiaIntake"
    move_to: str | None = None

    @property
    def effective_port(self) -> int:
        if self.port:
            return self.port
        return 993 if self.security == "ssl" else 143

    @model_validator(mode="after")
    def _move_needs_folder(self) -> ImapSettings:
        if self.post_action == "move" and not self.move_to:
            raise ValueError("imap.post_action = 'move' needs imap.move_to")
        return self


class MaildirSettings(Section):
    path: Path | None = None
    folders: Names = Field(default_factory=lambda: ["INBOX"])
    sent_folder: str | None = "Sent"


class SmtpSettings(_SecretMixin):
    host: str | None = None
    port: int | None = None
    username: str | None = None
    security: Security = "starttls"
    ca_file: Path | None = Field(default=None, description="CA bundle for a private certificate authority.")

    @property
    def effective_port(self) -> int:
        if self.port:
            return self.port
        return {"ssl": 465, "starttls": 587, "none": 25}[self.security]


class DigestSettings(Section):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    to: Names = Field(default_factory=list)
    from_: str = Field(default="foia-intake@localhost", alias="from")
    time: str = Field(default="07:00", pattern=r"^\d{1,2}:\d{2}$")
    timezone: str = "America/New_York"
    send_empty: bool = Field(default=True, description="Send a one-line digest on a day with nothing to report.")


class DeadlineSettings(Section):
    default_jurisdiction: str = Field(default="federal", description="For requests registered from sent mail.")
    fallback_jurisdiction: Literal["federal", "CA", "NY", "TX", "IL", "MA", "WA"] = Field(
        default="federal", description="The rule for jurisdictions without one of their own."
    )


class ClassifierSettings(Section):
    review_threshold: float = Field(
        default=0.55, ge=0, le=1, description="Below this confidence a message needs review."
    )
    model_dir: Path = Field(
        default=Path("foia-intake-model"),
        description="Where `foia-intake train` writes the model and where it is loaded from when present "
        "(else the shipped model); relative to the data directory (the working directory).",
    )


class HttpSettings(Section):
    listen: str | None = Field(
        default=None, pattern=r"^(\[[0-9a-fA-F:.]+\]|[^:\[\]]*):\d{1,5}$",
        description="host:port of /healthz and /metrics (e.g. 127.0.0.1:9108); off when unset.",
    )


class Settings(BaseSettings):
    """Everything foia-intake reads from its configuration."""

    model_config = SettingsConfigDict(
        env_prefix="FOIA_INTAKE_",
        env_nested_delimiter="__",
        extra="forbid",
        populate_by_name=True,
    )

    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    imap: ImapSettings = Field(default_factory=ImapSettings)
    maildir: MaildirSettings = Field(default_factory=MaildirSettings)
    smtp: SmtpSettings = Field(default_factory=SmtpSettings)
    digest: DigestSettings = Field(default_factory=DigestSettings)
    classifier: ClassifierSettings = Field(default_factory=ClassifierSettings)
    deadlines: DeadlineSettings = Field(default_factory=DeadlineSettings)
    http: HttpSettings = Field(default_factory=HttpSettings)

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_source = InitSettingsSource(settings_cls, _toml_data.get() or {})
        return (init_settings, env_settings, toml_source)

    def masked(self) -> dict[str, Any]:
        """The effective configuration as plain data, secrets replaced by ``**********``:
        every ``SecretStr`` field and the password inside any URL (``[database] url``)."""
        return _mask(self.model_dump(mode="json", by_alias=True))


def _mask(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _mask(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_mask(v) for v in value]
    return mask_url(value) if isinstance(value, str) else value


def config_path(explicit: Path | None) -> Path | None:
    """The configuration file to read: ``--config``, else ``$FOIA_INTAKE_CONFIG``, else
    ``$FOIA_INTAKE_DEFAULT_CONFIG`` when that file exists, else none."""
    if explicit is not None:
        return explicit
    env = os.environ.get(CONFIG_ENV)
    if env:
        return Path(env)
    default = os.environ.get(DEFAULT_CONFIG_ENV)
    return Path(default) if default and Path(default).is_file() else None


def load_settings(path: Path | None = None, **overrides: Any) -> Settings:
    """Read the TOML file (if any) and the environment into one validated ``Settings``."""
    path = config_path(path)
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as err:
            raise ConfigError(f"configuration file not found: {path}") from err
        except OSError as err:
            raise ConfigError(f"cannot read configuration file {path}: {err.strerror}") from err
        except tomllib.TOMLDecodeError as err:
            raise ConfigError(f"{path} is not valid TOML: {err}") from err
    token = _toml_data.set(data)
    where = f" in {path}" if path else ""
    try:
        return Settings(**overrides)
    except ValidationError as err:
        problems = "; ".join(_problem(e) for e in err.errors())
        raise ConfigError(f"invalid configuration{where}: {problems}") from None
    except SettingsError as err:
        raise ConfigError(f"invalid configuration{where}: {_settings_error(err)}") from None
    finally:
        _toml_data.reset(token)


def _problem(error: Any) -> str:
    """One validation error as ``section.key: what is wrong``."""
    loc = [str(p) for p in error["loc"]]
    name = ".".join(loc)
    if error["type"] != "extra_forbidden":
        return f"{name}: {error['msg']}"
    model: Any = Settings
    for part in loc[:-1]:
        field = model.model_fields.get(part)
        model = field.annotation if field is not None else None
        if not isinstance(model, type) or not issubclass(model, BaseModel):
            return f"{name}: unknown key"
    known = sorted({field.alias or key for key, field in model.model_fields.items()})
    close = difflib.get_close_matches(loc[-1], known, n=1)
    if not loc[:-1]:
        hint = f"did you mean [{close[0]}]?" if close else f"known sections: {', '.join(known)}"
        return f"{name}: unknown section ({hint})"
    hint = f"did you mean {close[0]!r}?" if close else f"known keys: {', '.join(known)}"
    return f"{name}: unknown key ({hint})"


def _settings_error(err: SettingsError) -> str:
    """pydantic-settings' error, naming the environment variable without its value."""
    message = str(err)
    match = re.search(r'field "(\w+)"', message)
    return f"cannot read {match.group(1)} from the environment ({mask_url(str(err.__cause__ or message))})" if match \
        else mask_url(message)
