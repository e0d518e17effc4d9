#!/usr/bin/env python3
"""The intake bench: a backlog read by foia-intake side by side with the bare parts, in one run.

    make bench         2,000 replies; latency over 200 messages injected one at a time
    make bench-quick   200 replies; latency over 15 (about 2 minutes on a quiet machine)

Rows (each in its own process, so that its peak RSS is its own):
    bare parts          IMAP fetch (BODY.PEEK[] in batches) + mail-parser + SQLite insert, no understanding
    imap -> sqlite      `sync_once` over an IMAP source (Dovecot on loopback) into SQLite
    imap -> postgresql  the same into PostgreSQL (skipped when none is reachable)
    maildir -> sqlite   `sync_once` over a Maildir
    40 MB attachment    one message with a 40 MB attachment, Maildir -> SQLite
    start               process start of `foia-intake run` to its first poll
    latency             the daemon idling on IMAP (IDLE), messages injected one at a time:
                        injection to committed result, p50 and p95
Per-stage seconds come from the loop's own timers (SyncReport.seconds); parse, html, attachments
and nlp are summed over the reader processes (they overlap the writer's "write"; "wait" is the
writer waiting on a reader). "readers" is the largest reader's peak RSS.
Writes bench/results.json with the machine's core count and the versions used.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RESULTS = ROOT / "bench" / "results.json"
PG_ADMIN_URL = os.environ.get("FOIA_INTAKE_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")


def peak_rss_mb() -> float:
    """This process's peak RSS (VmHWM: unlike ru_maxrss, not inherited across exec)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def replies(n: int) -> list[tuple[str, bytes]]:
    """``n`` generated messages: the lives of n/5 requests (a request and four replies each)."""
    from tests.mailgen import backlog

    return backlog(max(1, n // 5))[:n]


# -- rows (each run in a child process: `intake.py --row NAME ...`) ---------------------------------

def row_bare(port: int, user: str, db: str) -> dict:
    import mailparser
    from imapclient import IMAPClient
    from sqlalchemy import create_engine, text

    engine = create_engine(f"sqlite:///{db}")
    with engine.begin() as conn:
        conn.execute(text("CREATE TABLE m (id INTEGER PRIMARY KEY, folder TEXT, uid INTEGER, subject TEXT, raw BLOB)"))
    t0 = time.perf_counter()
    client = IMAPClient("127.0.0.1", port=port, ssl=False)
    client.login(user, "secret")
    n = 0
    for folder in ("Sent", "INBOX"):
        client.select_folder(folder, readonly=True)
        uids = client.search(["ALL"])
        for start in range(0, len(uids), 50):
            batch = uids[start:start + 50]
            rows = []
            for uid, data in client.fetch(batch, ["BODY.PEEK[]"]).items():
                raw = data[b"BODY[]"]
                mail = mailparser.parse_from_bytes(raw)
                rows.append({"f": folder, "u": uid, "s": mail.subject, "r": raw})
            with engine.begin() as conn:
                conn.execute(text("INSERT INTO m (folder, uid, subject, raw) VALUES (:f, :u, :s, :r)"), rows)
            n += len(rows)
    client.logout()
    return {"messages": n, "seconds": time.perf_counter() - t0}


def _sync(source, url: str) -> dict:
    from inbox_worker import read_pool
    from inbox_worker.process import Pipeline
    from inbox_worker.sync import sync_once
    from models.db import make_engine, upgrade
    from nlp import Letter, read

    engine = make_engine(url)
    upgrade(engine)
    read(Letter(subject="warm up", body="The model is loaded before the clock starts."))
    workers = read_pool.default_workers()  # as the daemon and `sync --once` read
    read_pool.pool(workers)  # forked before the clock starts, as the model is loaded
    t0 = time.perf_counter()
    report = sync_once(engine, [source], pipeline=Pipeline(read_workers=workers))
    seconds = time.perf_counter() - t0
    read_pool.shutdown()  # the readers are reaped: their peak RSS is reported beside this one's
    return {"messages": report.total, "seconds": seconds, "outcomes": dict(report.counts), "read_workers": workers,
            "stages_s": {k: round(v, 2) for k, v in sorted(report.seconds.items())}}


def row_imap(port: int, user: str, url: str) -> dict:
    from config.settings import ImapSettings
    from inbox_worker.sources.imap import ImapSource

    settings = ImapSettings(host="127.0.0.1", port=port, username=user, password="secret", security="none",
                            sent_folder="Sent", timeout_seconds=60)
    return _sync(ImapSource(settings), url)


def row_maildir(path: str, url: str) -> dict:
    from inbox_worker.sources.maildir import MaildirSource

    source = MaildirSource(Path(path), folders=["INBOX"], sent_folder="Sent", max_message_bytes=64 * 1024 * 1024)
    return _sync(source, url)


def row_start(path: str, url: str) -> dict:
    env = {**os.environ, "FOIA_INTAKE_DATABASE__URL": url, "FOIA_INTAKE_MAILDIR__PATH": path}
    t0 = time.perf_counter()
    proc = subprocess.Popen([str(Path(sys.executable).parent / "foia-intake"), "run"], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    line = proc.stdout.readline()
    seconds = time.perf_counter() - t0
    proc.terminate()
    proc.wait(timeout=30)
    return {"seconds": seconds, "line": line.decode(errors="replace").strip()[:80]}


def row_latency(port: int, user: str, url: str, count: int) -> dict:
    import threading

    from imapclient import IMAPClient
    from sqlmodel import Session, select

    from config.settings import ImapSettings, Settings
    from inbox_worker.daemon import Daemon
    from inbox_worker.sources.imap import ImapSource
    from models.db import make_engine, upgrade
    from models.tables import Message

    settings = Settings(imap=ImapSettings(host="127.0.0.1", port=port, username=user, password="secret",
                                          security="none", sent_folder=None, poll_interval_seconds=600))
    from nlp import Letter, read

    engine = make_engine(url)
    upgrade(engine)
    read(Letter(subject="warm up", body="The model is loaded before the clock starts."))
    daemon = Daemon(settings, engine, [ImapSource(settings.imap)], echo=lambda _m: None)
    thread = threading.Thread(target=lambda: daemon.run(install_signals=False), daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not (daemon.watcher and daemon.watcher.idling.is_set()) and time.monotonic() < deadline:
        time.sleep(0.02)
    client = IMAPClient("127.0.0.1", port=port, ssl=False)
    client.login(user, "secret")
    mails = [raw for folder, raw in replies(count * 5 // 4 + 5) if folder == "INBOX"][:count]
    latencies = []
    for i, raw in enumerate(mails, start=1):
        t0 = time.perf_counter()
        client.append("INBOX", raw)
        while time.perf_counter() - t0 < 30:
            with Session(engine) as s:
                if len(s.exec(select(Message.id).where(Message.state != "new")).all()) >= i:
                    break
            time.sleep(0.005)
        latencies.append(time.perf_counter() - t0)
    client.logout()
    daemon.stop.set()
    thread.join(15)
    latencies.sort()
    return {"messages": len(latencies), "p50_s": latencies[len(latencies) // 2],
            "p95_s": latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]}


ROWS = {"bare": row_bare, "imap": row_imap, "maildir": row_maildir, "start": row_start, "latency": row_latency}


def child(argv: list[str]) -> None:
    name, *args = argv
    fn = ROWS[name]
    out = fn(*[int(a) if a.isdigit() else a for a in args])
    out["peak_rss_mb"] = peak_rss_mb()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if children and name != "start":  # the largest reader (pages shared with this process count in both)
        out["readers_peak_rss_mb"] = round(children / 1024, 1)
    print(json.dumps(out))


def run_row(*args: object) -> dict:
    started = time.perf_counter()
    try:
        return _run_row(*args)
    finally:
        print(f"  {args[0]} row: {time.perf_counter() - started:.1f} s", file=sys.stderr)


def _run_row(*args: object) -> dict:
    proc = subprocess.run([sys.executable, __file__, "--row", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=1800, check=False)
    if proc.returncode != 0:
        return {"error": (proc.stderr.strip().splitlines() or ["failed"])[-1][:200]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


# -- the parent: set up, run the rows side by side, print, write ------------------------------------

def postgres_url() -> str | None:
    import uuid

    from sqlalchemy import text

    from models.db import make_engine

    try:
        admin = make_engine(PG_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
        name = f"foia_intake_bench_{uuid.uuid4().hex[:8]}"
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        return PG_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    except Exception:  # noqa: BLE001 (no PostgreSQL here: the row is skipped)
        return None


def drop_postgres(url: str) -> None:
    from sqlalchemy import text

    from models.db import make_engine

    admin = make_engine(PG_ADMIN_URL).execution_options(isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))


def versions() -> dict:
    out = {"python": platform.python_version()}
    for dist in ("foia-intake", "spacy", "SQLAlchemy", "mail-parser", "IMAPClient", "psycopg"):
        try:
            out[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            out[dist] = None
    for cmd in (["dovecot", "--version"], ["psql", "--version"]):
        try:
            out[cmd[0]] = subprocess.run(cmd, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            out[cmd[0]] = None
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="200 messages, latency over 15")
    parser.add_argument("--row", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.row:
        child(args.row)
        return 0
    from tests.conftest import add_to_maildir
    from tests.dovecot import Dovecot
    from tests.mailgen import email

    started = time.perf_counter()
    n, latency_n = (200, 15) if args.quick else (2000, 200)
    mails = replies(n)
    server = Dovecot()
    server.start()
    rows: dict[str, dict] = {}
    try:
        with tempfile.TemporaryDirectory() as tmp:
            users = [server.new_user() for _ in range(3)]
            for user in users[:1]:
                server.create_folder(user, "Sent")
            _append(server.port, users[0], mails)
            maildir = Path(tmp) / "Maildir"
            for i, (folder, raw) in enumerate(mails):
                add_to_maildir(maildir, f"{i:06d}.bench", raw, folder=folder)
            big = Path(tmp) / "Big"
            add_to_maildir(big, "big.bench", email(
                frm="FOIA <foia@agency.gov>", to="me@example.org", subject="Final response", msgid="<big@agency.gov>",
                date=__import__("datetime").datetime(2024, 1, 2), body="Enclosed are the records.",
                attachment=("records.zip", os.urandom(40 * 1024 * 1024))))
            rows["bare parts"] = run_row("bare", server.port, users[0], f"{tmp}/bare.db")
            rows["imap -> sqlite"] = run_row("imap", server.port, users[0], f"sqlite:///{tmp}/imap.db")
            pg = postgres_url()
            if pg:
                rows["imap -> postgresql"] = run_row("imap", server.port, users[0], pg)
                drop_postgres(pg)
            rows["maildir -> sqlite"] = run_row("maildir", str(maildir), f"sqlite:///{tmp}/maildir.db")
            rows["40 MB attachment"] = run_row("maildir", str(big), f"sqlite:///{tmp}/big.db")
            rows["start"] = run_row("start", str(maildir), f"sqlite:///{tmp}/start.db")
            rows["latency"] = run_row("latency", server.port, users[1], f"sqlite:///{tmp}/latency.db", latency_n)
    finally:
        server.close()
    bare = rows["bare parts"].get("messages", 0) / max(rows["bare parts"].get("seconds", 1e-9), 1e-9)
    for row in rows.values():
        if row.get("messages") and row.get("seconds"):
            row["msgs_per_s"] = round(row["messages"] / row["seconds"], 1)
            row["ratio_to_bare"] = round(row["msgs_per_s"] / bare, 3) if bare else None
    results = {"bench_seconds": round(time.perf_counter() - started, 1), "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "mode": "quick" if args.quick else "full",
               "messages": n, "cpu_count": os.cpu_count(), "load_average": os.getloadavg(),
               "versions": versions(), "rows": rows}
    RESULTS.write_text(json.dumps(results, indent=2) + "\n")
    _print(results)
    return 0


def _append(port: int, user: str, mails: list[tuple[str, bytes]]) -> None:
    from imapclient import IMAPClient

    client = IMAPClient("127.0.0.1", port=port, ssl=False)
    client.login(user, "secret")
    for folder, raw in mails:
        client.append(folder, raw)
    client.logout()


def _print(results: dict) -> None:
    print(f"{results['messages']} messages, {results['cpu_count']} cores, load {results['load_average'][0]:.1f}, "
          f"{results['bench_seconds']} s in all")
    print(f"{'row':20} {'msgs/s':>8} {'ratio':>6} {'seconds':>8} {'peak MB':>8} {'readers':>8}  notes")
    for name, row in results["rows"].items():
        notes = row.get("error") or ""
        if "p50_s" in row:
            notes = f"p50 {row['p50_s']:.3f} s, p95 {row['p95_s']:.3f} s over {row['messages']}"
        elif "stages_s" in row:
            notes = ", ".join(f"{k} {v}" for k, v in row["stages_s"].items())
        print(f"{name:20} {row.get('msgs_per_s', ''):>8} {row.get('ratio_to_bare') or '':>6} "
              f"{round(row.get('seconds', 0), 2):>8} {row.get('peak_rss_mb', ''):>8} "
              f"{row.get('readers_peak_rss_mb', ''):>8}  {notes}")
    print(f"written to {RESULTS.relative_to(ROOT)}")


if __name__ == "__main__":
    sys.exit(main())
