"""Errors raised by the data layer, split by what the user must do.

    FoiaIntakeError (inbox_worker.errors)
    ├── DatabaseUnavailable   wait and retry, or fix the URL
    ├── SchemaOutOfDate       run `foia-intake db upgrade`
    └── InvalidTransition     the requested change makes no sense (user input)
"""


class DataError(Exception):
    """Base of the data layer's errors."""


class DatabaseUnavailable(DataError):
    """The database cannot be reached or the URL is unusable."""


class SchemaOutOfDate(DataError):
    """The database schema is older than this version of foia-intake."""


class NotFound(DataError):
    """A message or request named by the user does not exist."""


class InvalidInput(DataError):
    """A value given by the user is not acceptable (unknown label, bad date)."""
