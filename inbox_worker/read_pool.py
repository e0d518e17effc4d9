"""Worker processes that read messages (parse, attachments, nlp) while this process writes.

The intake loop has one writer: the process that holds the folder's lease and the database
session. Reading a message needs no database, so a batch's messages are read ahead, in
parallel, by a small pool of forked workers; their readings come back in order and are
written as before. Nothing is written by a worker, so the invariants of the writer hold as
they are (a message is marked processed only in the transaction that holds its result).

The pool is forked after the nlp model is loaded here, so the workers share its pages. What is
loaded by then is frozen out of the garbage collector's sight while the pool lives (``gc.freeze``):
its full collections no longer walk the model and the modules in the writer, and the workers do not
write to the pages they share with this process. A worker dies with this process (PR_SET_PDEATHSIG):
a kill -9 of the daemon leaves none behind.
"""

from __future__ import annotations

import atexit
import ctypes
import gc
import logging
import multiprocessing
import os
import signal
import threading
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any

log = logging.getLogger(__name__)

_lock = threading.Lock()
_pool: ProcessPoolExecutor | None = None
_workers = 0
_generation = 0  # counts the pools forked: a reading handed to an earlier one is not waited for


def default_workers() -> int:
    """Two readers where there are two cores or more; none (read in this process) on one."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    return 0 if cores < 2 else 2


def _die_with_parent() -> None:
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except OSError:  # not Linux: the pool's own shutdown still ends the workers
        pass
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def pool(workers: int) -> ProcessPoolExecutor | None:
    """The shared pool of ``workers`` readers (created on first use), None for ``workers`` < 1."""
    global _pool, _workers, _generation  # noqa: PLW0603 (one pool per process)
    if workers < 1:
        return None
    with _lock:
        if _pool is None or _workers != workers:
            _shutdown_locked()
            _warm_model()
            gc.freeze()  # unfrozen when the pool ends (_shutdown_locked)
            _pool = ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"),
                                        initializer=_die_with_parent)
            _workers = workers
            _generation += 1
        return _pool


def submit(workers: int, fn: Any, /, *args: Any, **kwargs: Any) -> Future | None:
    """``fn(*args, **kwargs)`` in a reader; None when there is no pool or it cannot take work."""
    executor = pool(workers)
    if executor is None:
        return None
    try:
        return executor.submit(fn, *args, **kwargs)
    except RuntimeError:  # broken or shut down: the caller reads in this process
        reset()
        return None


def generation() -> int:
    """Which pool is the current one: it changes when the pool is ended (``reset``) and forked again."""
    return _generation


def reset() -> None:
    """End the workers (one hung or died); the next use forks new ones."""
    with _lock:
        _shutdown_locked(kill=True)


def _shutdown_locked(*, kill: bool = False) -> None:
    global _pool  # noqa: PLW0603
    if _pool is None:
        return
    executor, _pool = _pool, None
    gc.unfreeze()  # what was frozen for the fork may be collected again
    if kill:
        # A reading cancelled while it waited is still in the executor's queue; on Python < 3.12 its manager
        # thread dies of InvalidStateError setting BrokenProcessPool on it, and leaves the rest unset.
        for item in list(getattr(executor, "_pending_work_items", {}).values()):
            if item.future.cancelled():
                item.future = Future()
        for proc in list(getattr(executor, "_processes", {}).values()):  # a hung reader never returns
            proc.kill()
    executor.shutdown(wait=not kill, cancel_futures=True)


def shutdown() -> None:
    with _lock:
        _shutdown_locked()


def _warm_model() -> None:
    """Load the nlp model before forking, so the workers share it instead of each loading one."""
    from nlp import Letter, read

    read(Letter(subject="warm up", body="The model is loaded before the readers are forked."))
    _warm_calendar()


def _warm_calendar() -> None:
    """Load the federal holiday calendar of last, this and next year in the writer (this process):
    the first due date computed would otherwise pay for importing and building it (~0.2 s)."""
    from datetime import date

    from models.deadlines import holiday_name

    year = date.today().year
    for y in (year - 1, year, year + 1):
        holiday_name(date(y, 1, 1))


atexit.register(reset)  # a stuck reader must not hold up the exit; readers write nothing
