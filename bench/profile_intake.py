#!/usr/bin/env python3
"""Profile the intake loop on a generated backlog (Maildir -> SQLite), no Dovecot needed.

    .venv/bin/python bench/profile_intake.py [--messages 300] [--url sqlite:///...] [--top 40]

Prints the loop's own stage timers and the cProfile functions with the most cumulative time.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
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
    args = parser.parse_args()

    from inbox_worker.process import Pipeline
    from inbox_worker.sources.maildir import MaildirSource
    from inbox_worker.sync import sync_once
    from models.db import make_engine, upgrade
    from nlp import Letter, read
    from tests.conftest import add_to_maildir
    from tests.mailgen import backlog

    with tempfile.TemporaryDirectory() as tmp:
        maildir = Path(tmp) / "Maildir"
        for i, (folder, raw) in enumerate(backlog(max(1, args.messages // 5))[: args.messages]):
            add_to_maildir(maildir, f"{i:06d}.prof", raw, folder=folder)
        engine = make_engine(args.url or f"sqlite:///{tmp}/prof.db")
        upgrade(engine)
        read(Letter(subject="warm up", body="The model is loaded before the clock starts."))
        source = MaildirSource(maildir, folders=["INBOX"], sent_folder="Sent")
        profiler = cProfile.Profile()
        t0 = time.perf_counter()
        if not args.no_profile:
            profiler.enable()
        report = sync_once(engine, [source], pipeline=Pipeline(read_workers=args.workers))
        profiler.disable()
        seconds = time.perf_counter() - t0
    print(f"{report.total} messages in {seconds:.2f} s: {report.total / seconds:.1f} msg/s; {report.summary()}")
    print("stages:", ", ".join(f"{k} {v:.2f}" for k, v in sorted(report.seconds.items())))
    if args.no_profile:
        return 0
    stats = pstats.Stats(profiler).sort_stats(args.sort)
    stats.print_stats(args.top)
    if args.callees:
        stats.print_callees(args.callees)
    return 0


if __name__ == "__main__":
    sys.exit(main())
