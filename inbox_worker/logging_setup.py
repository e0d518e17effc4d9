"""Where log lines go and what they look like.

Human lines on a terminal, JSON lines otherwise (systemd's journal, ``docker logs``), or as chosen
with ``--log-format``. Every configured secret is replaced by ``**********`` in every line, a
last guard behind the rule that secrets are never logged. Library chatter (the scheduler, the
IMAP client) is shown only with ``-vv``.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from enum import StrEnum

from config.secrets import mask_url

MASK = "**********"
NOISY = ("apscheduler", "imapclient", "alembic", "urllib3")


class LogFormat(StrEnum):
    AUTO = "auto"
    HUMAN = "human"
    JSON = "json"


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = {"time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
                "level": record.levelname.lower(), "logger": record.name,
                "message": mask_url(record.getMessage())}
        if record.exc_info:
            line["exception"] = mask_url(self.formatException(record.exc_info))
        return json.dumps(line)  # ASCII: control and bidi characters from mail arrive escaped, inert


class SecretFilter(logging.Filter):
    """Masks each known secret in a record's message and traceback."""

    def __init__(self) -> None:
        super().__init__()
        self.secrets: set[str] = set()

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self.secrets:
            message = message.replace(secret, MASK)
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, MASK)
        record.msg, record.args = message, None
        return True


_secrets = SecretFilter()


def configure(handler: logging.Handler, *, human: logging.Formatter, verbose: int = 0,
              quiet: bool = False, fmt: LogFormat = LogFormat.AUTO) -> None:
    """Format ``handler``'s lines (``human`` on a terminal, else JSON), mask secrets in them, and
    set the level: errors only with ``quiet``; warnings (info for the service), -v info, -vv debug."""
    use_human = fmt == LogFormat.HUMAN or (fmt == LogFormat.AUTO and sys.stderr.isatty())
    handler.setFormatter(human if use_human else JsonFormatter())
    if _secrets not in handler.filters:
        handler.addFilter(_secrets)
    level = logging.ERROR if quiet else (logging.WARNING, logging.INFO, logging.DEBUG)[min(verbose, 2)]
    logging.getLogger().setLevel(level)
    for name in NOISY:
        logging.getLogger(name).setLevel(logging.NOTSET if verbose >= 2 else max(level, logging.WARNING))
    # "run of job skipped/missed" when a pass outlasts the poll interval: the poll lines say it.
    logging.getLogger("apscheduler.scheduler").setLevel(logging.NOTSET if verbose >= 2 else logging.ERROR)


def serve_defaults() -> None:
    """``run``: at the default verbosity, say what the service does (one line per poll and message)."""
    root = logging.getLogger()
    if root.level == logging.WARNING:
        root.setLevel(logging.INFO)


def hide(secrets: Iterable[str | None]) -> None:
    """Mask these values in every log line from now on."""
    _secrets.secrets.update(s for s in secrets if s and len(s) >= 3)


def settings_secrets(settings) -> list[str | None]:  # noqa: ANN001 (config.settings.Settings)
    """The passwords in the configuration: IMAP and SMTP, inline or from their files (URL passwords
    are masked in every line by ``config.secrets.mask_url``)."""
    found: list[str | None] = []
    for section in (settings.imap, settings.smtp):
        if section.password is not None:
            found.append(section.password.get_secret_value())
        if section.password_file is not None:
            try:
                found.append(section.password_file.read_text(encoding="utf-8").rstrip("\r\n"))
            except OSError:
                pass
    return found
