"""``messages retry`` of a message quarantined as oversized: fetched again in full from where it was
read (its source, folder, UIDVALIDITY and UID) once ``imap.max_message_bytes`` has been raised, its
full bytes stored in place of the headers, then analysed as any other retried message."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from sqlalchemy.orm import defer

from inbox_worker import raw_store
from inbox_worker.errors import UserInputError
from inbox_worker.process import content_hash
from inbox_worker.sources.base import Folder
from inbox_worker.sources.imap import ImapSource
from models.db import session_scope
from models.tables import Direction, Message

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from config.settings import Settings

log = logging.getLogger(__name__)


def fetch_whole_again(engine: Engine, settings: Settings, message_pk: int) -> bool:
    """Whether the message had been stored with its headers only and now is in full.
    ``UserInputError`` says why it cannot be fetched again (not configured, renumbered, gone, too big)."""
    with session_scope(engine) as s:
        msg = s.get(Message, message_pk, options=[defer(Message.raw)])
        if msg is None or not msg.headers_only:
            return False
        where = (msg.source, msg.folder, msg.uidvalidity, msg.uid, msg.direction)
    source_name, folder, uidvalidity, uid, direction = where
    source = ImapSource(settings.imap) if settings.imap.host else None
    if source is None or source.name != source_name or uidvalidity is None or uid is None:
        raise UserInputError(f"message {message_pk} cannot be fetched again: it was read from {source_name}, "
                             "which is not the configured IMAP mailbox")
    try:
        with source.open() as mailbox:
            item = mailbox.fetch_again(Folder(folder, Direction(direction)), uidvalidity, uid)
    except UserInputError as err:
        raise UserInputError(f"message {message_pk} cannot be fetched again: {err}") from None
    if item is None:
        raise UserInputError(f"message {message_pk} cannot be fetched again: UID {uid} is no longer in {folder!r}")
    with session_scope(engine) as s:
        msg = s.get(Message, message_pk, options=[defer(Message.raw)])
        if msg is None or not msg.headers_only:
            return False  # fetched meanwhile by another process
        msg.raw_size, msg.headers_only = item.size or len(item.raw), False
        msg.content_hash = content_hash(item.raw)
        s.add(msg)
        raw_store.replace(s, message_pk, item.raw)
    log.info("message %s: fetched again in full from %s %s UID %s (%d bytes)", message_pk, source_name, folder,
             uid, len(item.raw))
    return True
