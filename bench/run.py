#!/usr/bin/env python3
"""Speed and memory figures (not tests): `make bench` or `.venv/bin/python bench/run.py`.

    classify   messages/s for typical ~5 KB replies on one core; model load time; pipeline memory
    extract    ms per message for tracking numbers, dates, fees, exemptions, links
    intake     messages/s through process_message (parse, nlp, match, status, SQLite commit)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

N = 500


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def typical_letters(n: int) -> list:
    """~5 KB replies: a generated letter padded with the boilerplate real replies carry."""
    from nlp import Letter
    from nlp.training.examples import generate

    filler = ("If you have questions about this response, you may contact the FOIA Public Liaison. "
              "You may also contact the Office of Government Information Services for mediation. "
              "This message and any attachments are intended only for the addressee. ") * 3
    letters = []
    for ex in generate(seed=99)[:n]:
        text = ex.text
        while len(text) < 5000:
            text += "\n\n" + filler
        subject, _, body = text.partition("\n")
        letters.append(Letter(subject=subject, body=body[:5200]))
    return letters


def bench_load() -> dict:
    code = ("import time; t0=time.perf_counter(); import spacy, nlp.pipeline as p; t1=time.perf_counter(); "
            "from nlp.classify import load_combiner; p.load_pipeline(); load_combiner(); t2=time.perf_counter(); "
            "print(t1-t0, t2-t1)")
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                             cwd=Path(__file__).resolve().parent.parent).stdout.split()
        runs.append((float(out[0]), float(out[1])))
    imports = sorted(r[0] for r in runs)[1]
    load = sorted(r[1] for r in runs)[1]
    return {"import_s": round(imports, 3), "model_load_s": round(load, 3)}


def seconds_per_letter(fn, letters: list) -> float:
    """Mean wall time of ``fn(letter)`` after a short warm-up."""
    for letter in letters[:20]:
        fn(letter)
    t0 = time.perf_counter()
    for letter in letters:
        fn(letter)
    return (time.perf_counter() - t0) / len(letters)


def bench_classify(letters: list) -> dict:
    before = rss_mb()
    from nlp.classify import classify
    from nlp.pipeline import load_pipeline

    load_pipeline()
    loaded = rss_mb()
    per_letter = seconds_per_letter(classify, letters)
    return {"messages": len(letters), "avg_bytes": sum(len(x.full_text) for x in letters) // len(letters),
            "classify_msgs_per_s": round(1 / per_letter, 1),
            "rss_before_load_mb": round(before, 1), "rss_pipeline_loaded_mb": round(loaded, 1),
            "rss_after_500_letters_mb": round(rss_mb(), 1)}


def bench_extract(letters: list) -> dict:
    from nlp.extract import extract

    return {"extract_ms_per_msg": round(1000 * seconds_per_letter(extract, letters), 3)}


def bench_intake() -> dict:
    from inbox_worker.process import Pipeline, process_message
    from inbox_worker.sources.base import Incoming
    from models.db import make_engine, upgrade
    from tests.mailgen import backlog

    with tempfile.TemporaryDirectory() as tmp:
        engine = make_engine(f"sqlite:///{os.path.join(tmp, 'b.db')}")
        upgrade(engine)
        mails = backlog(100)
        t0 = time.perf_counter()
        for i, (folder, raw) in enumerate(mails):
            process_message(engine, Incoming(raw=raw, source="bench", folder=folder, uid=str(i),
                                             direction="out" if folder == "Sent" else "in"), pipeline=Pipeline())
        elapsed = time.perf_counter() - t0
    return {"intake_msgs": len(mails), "intake_msgs_per_s": round(len(mails) / elapsed, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    load = bench_load()
    letters = typical_letters(N)
    results = {**load, **bench_classify(letters), **bench_extract(letters), **bench_intake()}
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        for key, value in results.items():
            print(f"{key:28} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
