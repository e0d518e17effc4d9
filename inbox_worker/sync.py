"""One pass over every source: retry what is due, then take what is new, message by message."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from threading import Event
from typing import Protocol

from sqlalchemy import Engine

from config.settings import Settings
from inbox_worker.process import Outcome, Pipeline, analyse_message, due_for_retry
from inbox_worker.sources.imap import ImapSource
from inbox_worker.sources.maildir import MaildirSource
from models.db import session_scope

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]


class Source(Protocol):
    name: str

    def sync(self, engine: Engine, *, pipeline: Pipeline, on_result: Callable[[Outcome], None],
             stop: Event | None = None, progress: Progress | None = None) -> object: ...


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
    if settings.imap.host:
        sources.append(ImapSource(settings.imap))
    return sources


def pipeline_from_settings(settings: Settings) -> Pipeline:
    return Pipeline(review_threshold=settings.classifier.review_threshold,
                    default_jurisdiction=settings.deadlines.default_jurisdiction)


def retry_due(engine: Engine, *, pipeline: Pipeline, report: SyncReport, stop: Event | None = None) -> None:
    with session_scope(engine) as s:
        due = due_for_retry(s)
    for pk in due:
        if stop is not None and stop.is_set():
            return
        report.add(analyse_message(engine, pk, pipeline=pipeline).outcome)


def sync_once(engine: Engine, sources: list[Source], *, pipeline: Pipeline, stop: Event | None = None,
              progress: Progress | None = None) -> SyncReport:
    """Retry failed messages whose backoff has passed, then read every source once."""
    report = SyncReport()
    retry_due(engine, pipeline=pipeline, report=report, stop=stop)
    for source in sources:
        source.sync(engine, pipeline=pipeline, on_result=report.add, stop=stop, progress=progress)
    return report
