"""Masking secrets for display: light enough for the command line's error printer to import."""

from __future__ import annotations

import re

SECRET_MASK = "**********"
_URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^:/@\s]*):(?P<password>[^@/\s]+)@")


def mask_url(text: str) -> str:
    """``text`` with the password of every URL in it (``scheme://user:password@host``) masked."""
    return _URL_PASSWORD.sub(lambda m: f"{m['head']}:{SECRET_MASK}@", text)
