"""Sending one email with smtplib: ssl, starttls or none, and auth when a username is set."""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage

from config.settings import SmtpSettings
from inbox_worker.errors import ConfigurationError, CredentialsError, TransientError

TIMEOUT_SECONDS = 30.0


@contextmanager
def smtp_connection(settings: SmtpSettings) -> Iterator[smtplib.SMTP]:
    """A connected (and, with a username, logged-in) SMTP session; closed on exit."""
    if not settings.host:
        raise ConfigurationError("no SMTP server configured: set smtp.host")
    where = f"{settings.host}:{settings.effective_port}"
    conn: smtplib.SMTP | None = None
    try:
        if settings.security == "ssl":
            conn = smtplib.SMTP_SSL(settings.host, settings.effective_port, timeout=TIMEOUT_SECONDS,
                                    context=_tls(settings))
        else:
            conn = smtplib.SMTP(settings.host, settings.effective_port, timeout=TIMEOUT_SECONDS)
            if settings.security == "starttls":
                conn.starttls(context=_tls(settings))
        if settings.username:
            conn.login(settings.username, settings.secret() or "")
    except ssl.SSLCertVerificationError as err:
        _close(conn)
        raise ConfigurationError(f"the SMTP server {where}'s certificate cannot be verified ({err.verify_message}); "
                                 "set smtp.ca_file for a private certificate authority") from None
    except smtplib.SMTPAuthenticationError as err:
        _close(conn)
        raise CredentialsError(f"the SMTP server {where} refused the login for {settings.username}: {err.smtp_code}") from None
    except (OSError, smtplib.SMTPException) as err:
        _close(conn)
        raise TransientError(f"cannot reach the SMTP server {where}: {_reason(err)}") from None
    try:
        yield conn
    finally:
        _close(conn)


def _tls(settings: SmtpSettings) -> ssl.SSLContext:
    return ssl.create_default_context(cafile=str(settings.ca_file) if settings.ca_file else None)


def send(conn: smtplib.SMTP, msg: EmailMessage, *, sender: str, to: list[str]) -> list[str]:
    """Hand the message over; the recipients the server refused (when it took it for the others).

    When the server takes it for nobody, the digest stays pending (TransientError); when it takes it
    for some, it counts as sent: a retry would reach the others twice.
    """
    try:
        refused = conn.send_message(msg, from_addr=sender, to_addrs=to)
    except (OSError, smtplib.SMTPException) as err:
        raise TransientError(f"the SMTP server did not take the digest: {_reason(err)}") from None
    return sorted(refused)


def _reason(err: BaseException) -> str:
    if isinstance(err, smtplib.SMTPResponseException):
        text = err.smtp_error.decode("utf-8", "replace") if isinstance(err.smtp_error, bytes) else str(err.smtp_error)
        return f"{err.smtp_code} {text}"
    return str(err) or type(err).__name__


def _close(conn: smtplib.SMTP | None) -> None:
    if conn is None:
        return
    try:
        conn.quit()
    except (OSError, smtplib.SMTPException):
        conn.close()
