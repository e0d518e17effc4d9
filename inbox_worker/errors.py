"""What can go wrong, split by what the user must do.

    FoiaIntakeError                  exit code
    ├── ConfigurationError        2  fix the configuration (config.errors.ConfigError too)
    ├── CredentialsError          3  fix the credentials (login refused)
    ├── TransientError            4  wait and retry: network, server or database unavailable
    │   └── MailboxUnavailable
    ├── UserInputError            1  the command named something that does not exist
    ├── StopRequested             -  SIGTERM/Ctrl-C mid-message: it stays stored, analysed at the next start
    └── MessageError              -  this message is bad: it is quarantined, the run goes on
        ├── UnparseableMessage
        ├── OversizedMessage
        └── TooCostly                 over the time budget per message
"""

from __future__ import annotations


class FoiaIntakeError(Exception):
    """Base class of foia-intake's own errors."""

    exit_code = 1


class ConfigurationError(FoiaIntakeError):
    """The configuration is incomplete or wrong."""

    exit_code = 2


class CredentialsError(FoiaIntakeError):
    """The mail server refused the username or password."""

    exit_code = 3


class TransientError(FoiaIntakeError):
    """A server or the database is unreachable right now; retrying later may succeed."""

    exit_code = 4


class MailboxUnavailable(TransientError):
    """The mailbox server cannot be reached or dropped the connection."""


class UserInputError(FoiaIntakeError):
    """A message, request or label named on the command line does not exist or is invalid."""

    exit_code = 1


class MessageError(FoiaIntakeError):
    """One message cannot be processed as it is; it is quarantined with this error."""


class UnparseableMessage(MessageError):
    """mail-parser could not make sense of the message."""


class OversizedMessage(MessageError):
    """The message is larger than imap.max_message_bytes; only its headers were fetched."""


class TooCostly(MessageError):
    """The message took longer than its time budget to read (hostile or pathological content)."""


class StopRequested(FoiaIntakeError):
    """A stop was asked for while a message was being read; it stays stored and is read again."""
