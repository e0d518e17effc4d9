"""A local Maildir. INBOX is the top folder; other folders are Maildir++ subfolders (``.Sent``).

A plain fetcher for the intake loop. A message's key (its file name without flags) is its UID;
keys are not ordered, so the loop leaves out the keys already taken (the sightings table) instead
of keeping a last UID. A file over ``MAX_MESSAGE_BYTES`` is handed over as its headers alone.
"""

from __future__ import annotations

import logging
import mailbox
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from inbox_worker.errors import ConfigurationError
from inbox_worker.sources.base import Folder, Incoming
from models.tables import Direction

log = logging.getLogger(__name__)

MAX_MESSAGE_BYTES = 50 * 1024 * 1024  # as imap.max_message_bytes by default
BATCH_SIZE = 50


class MaildirSource:
    numbered = False

    def __init__(self, path: Path, *, folders: list[str], sent_folder: str | None,
                 max_message_bytes: int = MAX_MESSAGE_BYTES, batch_size: int = BATCH_SIZE) -> None:
        self.path = Path(path)
        if not (self.path / "cur").is_dir() and not (self.path / "new").is_dir():
            raise ConfigurationError(f"maildir.path {self.path} is not a Maildir (no cur/ or new/)")
        self.name = f"maildir:{self.path.resolve()}"
        self._folders = list(folders)
        self._sent = sent_folder
        self.max_message_bytes = max_message_bytes
        self.batch_size = batch_size

    def folders(self) -> list[Folder]:
        """The Sent folder first, so requests exist before their replies are matched."""
        out = []
        if self._sent and self.folder_path(self._sent).is_dir():
            out.append(Folder(self._sent, Direction.OUTGOING))
        out.extend(Folder(f, Direction.INCOMING) for f in self._folders if f != self._sent)
        return out

    def folder_path(self, folder: str) -> Path:
        if folder.upper() == "INBOX":
            return self.path
        return self.path / f".{folder}"

    @contextmanager
    def open(self) -> Iterator[MaildirBox]:
        yield MaildirBox(self)


class MaildirBox:
    def __init__(self, source: MaildirSource) -> None:
        self.source = source
        self._box: mailbox.Maildir | None = None

    def select(self, folder: Folder) -> int | None:
        path = self.source.folder_path(folder.name)
        if not path.is_dir():
            log.warning("%s: folder %r does not exist; skipped", self.source.name, folder.name)
            return None
        self._box = mailbox.Maildir(path, factory=None, create=False)
        return 0

    def list_new(self, folder: Folder, *, after: int) -> list[str]:  # noqa: ARG002 (keys are not numbered)
        assert self._box is not None, "select() first"
        return sorted(k for k in self._box.keys() if not k.startswith("."))  # .keep placeholders

    def fetch(self, folder: Folder, uidvalidity: int, uids: Sequence[str]) -> Iterator[tuple[str, Incoming | None]]:
        assert self._box is not None, "select() first"
        for key in uids:
            try:
                with self._box.get_file(key) as f:
                    raw = f.read(self.source.max_message_bytes + 1)
            except (KeyError, FileNotFoundError):
                yield key, None  # removed since it was listed
                continue
            headers_only = len(raw) > self.source.max_message_bytes
            size = len(raw)
            if headers_only:
                size = self._size(key)
                end = raw.find(b"\n\n")
                raw = raw[: end + 2] if end >= 0 else raw[:64 * 1024]
                log.warning("%s %s %s: %d bytes is over the maximum message size; headers only",
                            self.source.name, folder.name, key, size)
            yield key, Incoming(raw=raw, source=self.source.name, folder=folder.name, uid=key,
                                uidvalidity=uidvalidity, direction=folder.direction, size=size,
                                headers_only=headers_only)

    def _size(self, key: str) -> int:
        assert self._box is not None
        try:
            return (Path(self._box._path) / self._box._lookup(key)).stat().st_size  # noqa: SLF001
        except (KeyError, OSError):
            return self.source.max_message_bytes + 1

    def post_action(self, uid: str) -> None:
        """Nothing is done to a Maildir file."""
