#!/usr/bin/env python3
"""Profile the intake loop on a generated backlog (Maildir -> SQLite), no Dovecot needed.

    .venv/bin/python bench/profile_intake.py [--messages 300] [--url sqlite:///...] [--top 40]
    .venv/bin/python bench/profile_intake.py --writer-only [--runs 5] [--messages 500]

Prints this process's CPU per message, the loop's own stage timers and the cProfile functions with
the most cumulative time.

``--writer-only`` times the writer alone: the backlog is stored and read (parse, nlp) once, then
``analyse_batch`` writes it into fresh copies of the stored database, ``--runs`` times, in batches of
50 as the intake loop does, every message's reading handed to it as a reader would; it prints the
CPU per message of each run and their minimum (steadier than the wall time on a busy machine). The
first run is the writer's first in this process (its statements compiled, the holiday calendar
loaded, on the clock); the minimum is over the later ones.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=300)
    parser.add_argument("--url", default=None)
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--workers", type=int, default=0, help="reader processes (Pipeline.read_workers)")
    parser.add_argument("--no-profile", action="store_true", help="the stage timers only")
    parser.add_argument("--callees", default=None, help="print what functions matching this call")
    parser.add_argument("--save", default=None, help="also write the cProfile stats to this file (pstats)")
    parser.add_argument("--writer-only", action="store_true", help="time analyse_batch alone (SQLite)")
    parser.add_argument("--runs", type=int, default=5, help="with --writer-only: runs, the minimum is kept")
    args = parser.parse_args()

    from nlp import Letter, read

    read(Letter(subject="warm up", body="The model is loaded before the clock starts."))
    if args.writer_only:
        return writer_only(args)

    from inbox_worker import read_pool
    from inbox_worker.process import Pipeline
    from inbox_worker.sources.maildir import MaildirSource
    from inbox_worker.sync import sync_once
    from models.db import make_engine, upgrade
    from tests.conftest import add_to_maildir

    with tempfile.TemporaryDirectory() as tmp:
        maildir = Path(tmp) / "Maildir"
        for i, (folder, raw) in enumerate(_mails(args.messages)):
            add_to_maildir(maildir, f"{i:06d}.prof", raw, folder=folder)
        engine = make_engine(args.url or f"sqlite:///{tmp}/prof.db")
        upgrade(engine)
        source = MaildirSource(maildir, folders=["INBOX"], sent_folder="Sent")
        read_pool.pool(args.workers)  # forked before the clock starts, as the bench does
        profiler = cProfile.Profile()
        t0, cpu0 = time.perf_counter(), time.process_time()
        if not args.no_profile:
            profiler.enable()
        report = sync_once(engine, [source], pipeline=Pipeline(read_workers=args.workers))
        profiler.disable()
        seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
        readers = _readers_cpu()
    print(f"{report.total} messages in {seconds:.2f} s: {report.total / seconds:.1f} msg/s; {report.summary()}")
    # This process's CPU (with --workers, the readers' is not in it): steadier than the wall time on a busy machine.
    print(f"this process: {cpu:.2f} s CPU, {1000 * cpu / max(report.total, 1):.2f} ms per message")
    if args.workers > 0:
        print(f"readers: {readers:.2f} s CPU, {1000 * readers / max(report.total, 1):.2f} ms per message "
              f"(with the fork's warm-up)")
    print("stages:", ", ".join(f"{k} {v:.2f}" for k, v in sorted(report.seconds.items())))
    if not args.no_profile:
        _print_profile(profiler, args)
    return 0


def _readers_cpu() -> float:
    """The CPU the reader processes used (they are reaped here: a child's CPU is counted once it ends)."""
    from inbox_worker import read_pool

    before = os.times()
    read_pool.shutdown()
    after = os.times()
    return (after.children_user + after.children_system) - (before.children_user + before.children_system)


def _mails(n: int) -> list[tuple[str, bytes]]:
    from tests.mailgen import backlog

    return backlog(max(1, n // 5))[:n]


def _print_profile(profiler: cProfile.Profile, args: argparse.Namespace) -> None:
    if args.save:
        profiler.dump_stats(args.save)
    stats = pstats.Stats(profiler).sort_stats(args.sort)
    stats.print_stats(args.top)
    if args.callees:
        stats.print_callees(args.callees)


def writer_only(args: argparse.Namespace) -> int:
    from collections import Counter

    from sqlmodel import Session, col, select

    from inbox_worker import process
    from inbox_worker.process import Budget, Pipeline, analyse_batch, store_batch
    from inbox_worker.sources.base import Incoming
    from models.db import make_engine, upgrade
    from models.tables import Direction, Message

    mails = sorted(_mails(args.messages), key=lambda m: m[0] != "Sent")  # the Sent folder first, as the loop reads
    items = [Incoming(raw=raw, source="prof", folder=folder, uid=str(n), uidvalidity=1,
                      direction=Direction.OUTGOING if folder == "Sent" else Direction.INCOMING)
             for n, (folder, raw) in enumerate(mails, start=1)]
    readings: dict[int, process.MessageReading] = {}
    read_here = process._read

    def read_once(msg, pipeline, budget):  # noqa: ANN001, ANN202 (the readers' work, done once for all runs)
        if msg.id not in readings:
            readings[msg.id] = read_here(msg, pipeline, budget)
        return readings[msg.id]

    process._read = read_once
    with tempfile.TemporaryDirectory() as tmp:
        stored = Path(tmp) / "stored.db"
        engine = make_engine(f"sqlite:///{stored}")
        upgrade(engine)
        pks = [r.message_pk for r in store_batch(engine, items)]
        with Session(engine) as s:  # the readers' work, before any writing
            for msg in s.exec(select(Message).where(col(Message.id).in_(pks))).all():
                read_once(msg, Pipeline(), Budget(60.0))
        engine.dispose()
        cpus = []
        profiler = cProfile.Profile()
        for run in range(args.runs + 1):  # run 0: the first (cold), not in the minimum
            db = Path(tmp) / f"run{run}.db"
            shutil.copy(stored, db)
            engine = make_engine(f"sqlite:///{db}")
            timings: Counter = Counter()
            last = run == args.runs and not args.no_profile
            cpu0 = time.process_time()
            if last:
                profiler.enable()
            for start in range(0, len(pks), 50):
                analyse_batch(engine, pks[start:start + 50], pipeline=Pipeline(), timings=timings)
            profiler.disable()
            cpu = time.process_time() - cpu0
            engine.dispose()
            db.unlink()
            if not last:
                if run:
                    cpus.append(cpu)
                print(f"run {run}{' (cold)' if not run else ''}: {1000 * cpu / len(pks):.2f} ms CPU per message; "
                      + ", ".join(f"{k} {v:.2f}" for k, v in sorted(timings.items())))
    if cpus:
        print(f"writer: {len(pks)} messages, min {1000 * min(cpus) / len(pks):.2f} ms CPU per message "
              f"over {len(cpus)} runs")
    if not args.no_profile:
        print("profiled: one more run")
        _print_profile(profiler, args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
