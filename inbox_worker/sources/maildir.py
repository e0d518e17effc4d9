"""A local Maildir. INBOX is the top folder; other folders are Maildir++ subfolders (``.Sent``).

A message's key (its file name without flags) is its UID; the sightings table remembers which keys
were taken, so a re-sync reads only new files.
"""

from __future__ import annotations

import mailbox
from collections.abc import Callable
from pathlib import Path
from threading import Event

from sqlalchemy import Engine
from sqlmodel import select

from inbox_worker.errors import ConfigurationError
from inbox_worker.process import Outcome, Pipeline, process_message
from inbox_worker.sources.base import Folder, Incoming
from models.db import session_scope
from models.tables import Direction, MessageLocation

Progress = Callable[[int, int], None]


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

    def sync(self, engine: Engine, *, pipeline: Pipeline, on_result: Callable[[Outcome], None],
             stop: Event | None = None, progress: Progress | None = None) -> None:
        for folder in self.folders():
            box = mailbox.Maildir(self._folder_path(folder.name), factory=None, create=False)
            keys = sorted(k for k in box.keys() if not k.startswith("."))  # .keep placeholders
            with session_scope(engine) as s:
                known = set(s.exec(select(MessageLocation.uid).where(
                    MessageLocation.source == self.name, MessageLocation.folder == folder.name)).all())
            todo = [k for k in keys if k not in known]
            for i, key in enumerate(todo, start=1):
                if stop is not None and stop.is_set():
                    return
                try:
                    raw = box.get_bytes(key)
                except KeyError:
                    continue  # removed since it was listed
                item = Incoming(raw=raw, source=self.name, folder=folder.name, uid=key,
                                direction=folder.direction, size=len(raw))
                on_result(process_message(engine, item, pipeline=pipeline).outcome)
                if progress:
                    progress(i, len(todo))
