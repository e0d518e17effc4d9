"""Typed settings: one object, read from a TOML file and the environment.

See ``config/example.toml`` for every key. Environment variables override the file:
``FOIA_INTAKE_<SECTION>__<KEY>``, e.g. ``FOIA_INTAKE_IMAP__HOST``.

The names below are loaded on first use, so ``import config.errors`` stays cheap.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "DatabaseSettings",
    "DigestSettings",
    "ImapSettings",
    "MaildirSettings",
    "Settings",
    "SmtpSettings",
    "load_settings",
]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from config import settings

        return getattr(settings, name)
    raise AttributeError(f"module 'config' has no attribute {name!r}")
