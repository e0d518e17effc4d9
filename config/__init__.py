"""Typed settings: one object, read from a TOML file and the environment.

See ``config/example.toml`` for every key. Environment variables override the file:
``FOIA_INTAKE_<SECTION>__<KEY>``, e.g. ``FOIA_INTAKE_IMAP__HOST``.
"""

from config.settings import (
    DatabaseSettings,
    DigestSettings,
    ImapSettings,
    MaildirSettings,
    Settings,
    SmtpSettings,
    load_settings,
)

__all__ = [
    "DatabaseSettings",
    "DigestSettings",
    "ImapSettings",
    "MaildirSettings",
    "Settings",
    "SmtpSettings",
    "load_settings",
]
