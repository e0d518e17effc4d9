"""A local Maildir. INBOX is the top folder; other folders are Maildir++ subfolders (``.Sent``)."""

from __future__ import annotations

import mailbox
from collections.abc import Iterator
from pathlib import Path

from inbox_worker.errors import ConfigurationError
from inbox_worker.sources.base import Folder, Incoming
from models.tables import Direction


class MaildirSource:
    def __init__(self, path: Path, *, folders: list[str], sent_folder: str | None) -> None:
        self.path = Path(path)
        if not (self.path / "cur").is_dir() and not (self.path / "new").is_dir():
            raise ConfigurationError(f"maildir.path {self.path} is not a Maildir (no cur/ or new/)")
        self.name = f"maildir:{self.path.resolve()}"
        self._folders = list(folders)
        self._sent = sent_folder

    def folders(self) -> list[Folder]:
        """The Sent folder first, so requests exist before their replies are matched."""
        out = []
        if self._sent and self._folder_path(self._sent).is_dir():
            out.append(Folder(self._sent, Direction.OUTGOING))
        out.extend(Folder(f, Direction.INCOMING) for f in self._folders if f != self._sent)
        return out

    def _folder_path(self, folder: str) -> Path:
        if folder.upper() == "INBOX":
            return self.path
        return self.path / f".{folder}"

    def keys(self, folder: Folder) -> list[str]:
        box = mailbox.Maildir(self._folder_path(folder.name), factory=None, create=False)
        return sorted(k for k in box.keys() if not k.startswith("."))  # .keep placeholders

    def fetch(self, folder: Folder, keys: list[str]) -> Iterator[Incoming]:
        box = mailbox.Maildir(self._folder_path(folder.name), factory=None, create=False)
        for key in keys:
            try:
                raw = box.get_bytes(key)
            except KeyError:
                continue  # removed since it was listed
            yield Incoming(
                raw=raw, source=self.name, folder=folder.name, uid=key,
                direction=folder.direction, size=len(raw),
            )
