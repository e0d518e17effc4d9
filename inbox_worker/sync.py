"""One pass over every source: list what is new, process it message by message, retry failures."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from sqlalchemy import Engine
from sqlmodel import select

from config.settings import Settings
from inbox_worker.process import Outcome, Pipeline, analyse_message, due_for_retry, process_message
from inbox_worker.sources.base import Folder, Incoming
from inbox_worker.sources.maildir import MaildirSource
from models.db import session_scope
from models.tables import MessageLocation

log = logging.getLogger(__name__)


class Source(Protocol):
    name: str

    def folders(self) -> list[Folder]: ...
    def keys(self, folder: Folder) -> list[str]: ...
    def fetch(self, folder: Folder, keys: list[str]) -> Iterable[Incoming]: ...


@dataclass
class SyncReport:
    counts: Counter = field(default_factory=Counter)

    def add(self, outcome: Outcome) -> None:
        self.counts[str(outcome)] += 1

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def summary(self) -> str:
        if not self.counts:
            return "nothing new"
        return ", ".join(f"{n} {k}" for k, n in sorted(self.counts.items()))


def sample_mailbox_path() -> Path:
    """The bundled sample Maildir: the life of one 2020 FOIA request to ICE."""
    return Path(__file__).resolve().parent / "sample_mailbox"


def sources_from_settings(settings: Settings) -> list[Source]:
    sources: list[Source] = []
    if settings.maildir.path is not None:
        sources.append(MaildirSource(settings.maildir.path, folders=settings.maildir.folders,
                                     sent_folder=settings.maildir.sent_folder))
    return sources


def pipeline_from_settings(settings: Settings) -> Pipeline:
    return Pipeline(review_threshold=settings.classifier.review_threshold)


Progress = Callable[[int, int], None]


def sync_source(engine: Engine, source: Source, *, pipeline: Pipeline, report: SyncReport,
                progress: Progress | None = None) -> None:
    for folder in source.folders():
        keys = source.keys(folder)
        with session_scope(engine) as s:
            known = set(s.exec(select(MessageLocation.uid).where(
                MessageLocation.source == source.name, MessageLocation.folder == folder.name)).all())
        todo = [k for k in keys if k not in known]
        log.info("%s %s: %d messages, %d new", source.name, folder.name, len(keys), len(todo))
        for i, item in enumerate(source.fetch(folder, todo), start=1):
            result = process_message(engine, item, pipeline=pipeline)
            report.add(result.outcome)
            if progress:
                progress(i, len(todo))


def retry_due(engine: Engine, *, pipeline: Pipeline, report: SyncReport) -> None:
    with session_scope(engine) as s:
        due = due_for_retry(s)
    for pk in due:
        report.add(analyse_message(engine, pk, pipeline=pipeline).outcome)


def sync_once(engine: Engine, sources: list[Source], *, pipeline: Pipeline,
              progress: Progress | None = None) -> SyncReport:
    report = SyncReport()
    retry_due(engine, pipeline=pipeline, report=report)
    for source in sources:
        sync_source(engine, source, pipeline=pipeline, report=report, progress=progress)
    return report
