"""The intake loop: every source, every folder, the same steps.

    lease -> retry what is due in the folder -> list new items since the checkpoint
    -> fetch a batch -> store it raw (one transaction) -> analyse it (results committed together)
    -> advance the checkpoint -> post-action on the server

A source is a plain fetcher (``inbox_worker.sources.base``). The daemon, ``sync --once``, the
bench and the tests run this loop. Nothing is marked taken before its result is committed: the
checkpoint moves only past messages whose result is in the database, and the post-action
(flag, move) runs only after that. A stop request is honoured between messages; a message being
read when it comes stays stored and is read at the next start.
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from threading import Event

from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import select

from config.settings import Settings
from inbox_worker import read_pool
from inbox_worker.errors import TransientError
from inbox_worker.process import (
    FINAL_OUTCOMES,
    Early,
    Outcome,
    Pipeline,
    Result,
    analyse_batch,
    cancel_early,
    due_for_retry,
    read_early,
    store_batch,
)
from inbox_worker.sources.base import Folder, Incoming, Mailbox, Source
from inbox_worker.sources.imap import ImapSource
from inbox_worker.sources.maildir import MaildirSource
from models import leases
from models.db import session_scope
from models.errors import DatabaseUnavailable
from models.tables import MailboxState, MessageLocation, utcnow

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
RETRY_LEASE = "retry"
# A message stored this long ago and still not analysed belongs to no live holder.
ABANDONED_AFTER = leases.DEFAULT_TTL * 2

__all__ = ["Source", "SyncReport", "sync_once"]


@dataclass
class SyncReport:
    counts: Counter = field(default_factory=Counter)
    skipped: list[str] = field(default_factory=list)  # folders another holder had
    seconds: Counter = field(default_factory=Counter)  # wall time per stage of the loop

    @contextmanager
    def timed(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] += time.perf_counter() - started

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
                    default_jurisdiction=settings.deadlines.default_jurisdiction,
                    read_workers=read_pool.default_workers())


@contextmanager
def database_errors_are_transient() -> Iterator[None]:
    """Any database error on the way (a lease, a checkpoint, a query) means: wait and retry."""
    try:
        yield
    except SQLAlchemyError as err:
        raise TransientError(f"database unavailable: {getattr(err, 'orig', None) or err}") from err
    except DatabaseUnavailable as err:
        raise TransientError(str(err)) from err


def sync_once(engine: Engine, sources: Sequence[Source], *, pipeline: Pipeline, stop: Event | None = None,
              progress: Progress | None = None) -> SyncReport:
    """Read every source once (retrying, under each folder's lease, what is due there), then retry
    what is left over from sources no longer read."""
    report = SyncReport()
    with database_errors_are_transient():
        for source in sources:
            if _stopped(stop):
                break
            Intake(engine, source, pipeline=pipeline, report=report, stop=stop, progress=progress).run()
        if not _stopped(stop):
            retry_leftovers(engine, pipeline=pipeline, report=report, stop=stop)
    return report


def retry_leftovers(engine: Engine, *, pipeline: Pipeline, report: SyncReport, stop: Event | None = None) -> None:
    """Messages due for a retry that no folder's pass took (their source is no longer read),
    under a lease of their own so that two daemons never retry one message together."""
    holder = leases.holder_id()
    if not leases.acquire(engine, RETRY_LEASE, holder=holder):
        return
    try:
        with session_scope(engine) as s:
            due = due_for_retry(s, stored_before=utcnow() - ABANDONED_AFTER)
        for result in _analyse(engine, due, pipeline=pipeline, stop=stop, report=report):
            report.add(result.outcome)
    finally:
        leases.release(engine, RETRY_LEASE, holder=holder)


def _analyse(engine: Engine, pks: Sequence[int], *, pipeline: Pipeline, stop: Event | None,
             report: SyncReport, batch: int = 50, early: dict[int, Early] | None = None) -> Iterator[Result]:
    for start in range(0, len(pks), batch):
        if _stopped(stop):
            return
        yield from analyse_batch(engine, pks[start:start + batch], pipeline=pipeline, stop=stop,
                                 timings=report.seconds, early=early)


def _stopped(stop: Event | None) -> bool:
    return stop is not None and stop.is_set()


SMALL_BATCH_BYTES = 16 * 1024 * 1024  # while a batch of at most this many raw bytes is written, the next is fetched


@dataclass
class _Fetched:
    """A batch's messages as fetched, and the readings already started of them (by uid)."""

    items: list[Incoming]
    early: dict[str, Early]

    @property
    def small(self) -> bool:
        return sum(len(item.raw) for item in self.items) <= SMALL_BATCH_BYTES


class Intake:
    """The loop over one source's folders."""

    def __init__(self, engine: Engine, source: Source, *, pipeline: Pipeline, report: SyncReport,
                 stop: Event | None = None, progress: Progress | None = None) -> None:
        self.engine, self.source, self.pipeline = engine, source, pipeline
        self.report, self.stop, self.progress = report, stop, progress
        self.holder = leases.holder_id()

    def run(self) -> None:
        with self.source.open() as box:
            for folder in self.source.folders():
                if _stopped(self.stop):
                    return
                self.folder(box, folder)

    def folder(self, box: Mailbox, folder: Folder) -> None:
        lease = f"{self.source.name}/{folder.name}"
        if not leases.acquire(self.engine, lease, holder=self.holder):
            log.info("%s %s: another foia-intake holds it; skipped", self.source.name, folder.name)
            self.report.skipped.append(folder.name)
            return
        try:
            self._retry(folder)
            uidvalidity = box.select(folder)
            if uidvalidity is None:
                return
            checkpoint = self._checkpoint(folder, uidvalidity)
            uids = self._new(box, folder, uidvalidity, checkpoint)
            log.info("%s %s: UIDVALIDITY %s, checkpoint %s, %d new", self.source.name, folder.name,
                     uidvalidity, checkpoint, len(uids))
            done = 0
            size = max(1, self.source.batch_size)
            batches = [uids[start:start + size] for start in range(0, len(uids), size)]
            ahead: _Fetched | None = None
            try:
                for n, batch in enumerate(batches):
                    if _stopped(self.stop):
                        return
                    leases.acquire(self.engine, lease, holder=self.holder)  # renew
                    fetched = ahead if ahead is not None else self._fetch(box, folder, uidvalidity, batch)
                    ahead = None
                    if n + 1 < len(batches) and fetched.small:
                        # The next batch, fetched and handed to the readers before this one is written:
                        # they read it while this process stores, writes and commits this one.
                        ahead = self._fetch_ahead(box, folder, uidvalidity, batches[n + 1])
                    finished = self._batch(box, folder, uidvalidity, batch, fetched)
                    done += finished
                    if self.progress:
                        self.progress(done, len(uids))
                    if finished < len(batch):
                        return  # stopped mid-batch
            finally:
                if ahead is not None:
                    cancel_early(ahead.early)
        finally:
            leases.release(self.engine, lease, holder=self.holder)

    def _retry(self, folder: Folder) -> None:
        with session_scope(self.engine) as s:
            due = due_for_retry(s, source=self.source.name, folder=folder.name)
        for result in _analyse(self.engine, due, pipeline=self.pipeline, stop=self.stop, report=self.report):
            self.report.add(result.outcome)

    def _new(self, box: Mailbox, folder: Folder, uidvalidity: int, checkpoint: int) -> list[str]:
        uids = box.list_new(folder, after=checkpoint)
        if self.source.numbered:
            return uids
        with session_scope(self.engine) as s:
            known = set(s.exec(select(MessageLocation.uid).where(
                MessageLocation.source == self.source.name, MessageLocation.folder == folder.name,
                MessageLocation.uidvalidity == uidvalidity)).all())
        return [u for u in uids if u not in known]

    def _fetch(self, box: Mailbox, folder: Folder, uidvalidity: int, uids: list[str]) -> _Fetched:
        """A batch's messages, and the small ones handed to the readers already (``read_early``)."""
        with self.report.timed("fetch"):
            items = [item for _, item in box.fetch(folder, uidvalidity, uids) if item is not None]
        return _Fetched(items, read_early(items, self.pipeline))

    def _fetch_ahead(self, box: Mailbox, folder: Folder, uidvalidity: int, uids: list[str]) -> _Fetched | None:
        """``_fetch`` of the next batch, or None if that fails: it is then fetched in its turn, where
        its error is raised after the batch before it is done."""
        try:
            return self._fetch(box, folder, uidvalidity, uids)
        except Exception:  # noqa: BLE001 (raised again in its turn)
            log.debug("%s %s: fetching the next batch ahead failed; fetched in its turn", self.source.name,
                      folder.name, exc_info=True)
            return None

    def _batch(self, box: Mailbox, folder: Folder, uidvalidity: int, uids: list[str], fetched: _Fetched) -> int:
        """Store, analyse, checkpoint, post-action. Returns how many uids are done."""
        timed = self.report.timed
        items, fetched.items = fetched.items, []
        early: dict[int, Early] = {}
        try:
            with timed("store"):
                stored = dict(zip((item.uid for item in items), store_batch(self.engine, items), strict=True))
            del items
            to_read = list(dict.fromkeys(r.message_pk for r in stored.values() if r.outcome == Outcome.STORED))
            for uid in list(fetched.early):  # by message pk, where stored to be read
                result = stored.get(uid)
                if result is not None and result.outcome == Outcome.STORED and result.message_pk not in early:
                    early[result.message_pk] = fetched.early.pop(uid)
            cancel_early(fetched.early)
            with timed("read+write"):
                analysed = {r.message_pk: r for r in _analyse(self.engine, to_read, pipeline=self.pipeline,
                                                                  stop=self.stop, report=self.report, early=early)}
        finally:
            cancel_early(fetched.early)
            cancel_early(early)
        done: list[str] = []
        counted: set[int | None] = set()
        for uid in uids:
            result = stored.get(uid)  # None: vanished from the server since it was listed
            if result is not None and result.outcome == Outcome.STORED:
                if result.message_pk in counted:  # a second copy within the batch
                    stored[uid] = result = Result(Outcome.DUPLICATE, result.message_pk)
                else:
                    counted.add(result.message_pk)
                    result = analysed.get(result.message_pk)
                    if result is None:
                        break  # a stop came: this one and those after it are read at the next start
            if result is not None:
                self.report.add(result.outcome)
            done.append(uid)
        with timed("checkpoint"):
            if done:
                self._advance(folder, uidvalidity, done)
        with timed("post-action"):
            for uid in done:
                outcome = self._outcome(uid, stored, analysed)
                if outcome is not None and outcome in FINAL_OUTCOMES and outcome != Outcome.FAILED:
                    box.post_action(uid)
        return len(done)

    @staticmethod
    def _outcome(uid: str, stored: dict[str, Result], analysed: dict[int | None, Result]) -> Outcome | None:
        result = stored.get(uid)
        if result is None:
            return None
        if result.outcome == Outcome.STORED:
            result = analysed.get(result.message_pk, result)
        return result.outcome

    def _checkpoint(self, folder: Folder, uidvalidity: int) -> int:
        with session_scope(self.engine) as s:
            state = s.exec(select(MailboxState).where(MailboxState.source == self.source.name,
                                                      MailboxState.folder == folder.name)).first()
            if state is None:
                s.add(MailboxState(source=self.source.name, folder=folder.name, uidvalidity=uidvalidity, last_uid=0))
                return 0
            if state.uidvalidity != uidvalidity:
                log.warning("%s %s: UIDVALIDITY changed from %s to %s; reading the folder again "
                            "(messages already stored are recognised by Message-ID and content)",
                            self.source.name, folder.name, state.uidvalidity, uidvalidity)
                state.uidvalidity, state.last_uid, state.updated_at = uidvalidity, 0, utcnow()
                s.add(state)
                return 0
            return state.last_uid

    def _advance(self, folder: Folder, uidvalidity: int, done: list[str]) -> None:
        """Move the checkpoint past ``done`` (numbered sources; the others' sightings are theirs)."""
        if not self.source.numbered:
            return
        last = max(int(u) for u in done)
        with session_scope(self.engine) as s:
            state = s.exec(select(MailboxState).where(MailboxState.source == self.source.name,
                                                      MailboxState.folder == folder.name)).one()
            if state.uidvalidity == uidvalidity and last > state.last_uid:
                state.last_uid, state.updated_at = last, utcnow()
                s.add(state)

