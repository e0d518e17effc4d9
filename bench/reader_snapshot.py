#!/usr/bin/env python3
"""What the reader makes of a fixed set of letters, written to a JSON file, and two such files compared:
a speed change must leave every output as it was.

    .venv/bin/python bench/reader_snapshot.py before.json          # snapshot
    .venv/bin/python bench/reader_snapshot.py after.json --compare before.json

Letters: the labelled corpus folders given with --corpus (default ../shared/corpus/train, skipped when
absent), the project's training examples, and the ~5 KB letters of bench/run.py. Per letter: the label,
secondary labels, confidence, cues shown, reason; the cues found (label, name, weight, text, offsets); the
features (values rounded to 6 dp); the extracted fields. The file holds outputs, never letter text
beyond the cues' matched words, and stays out of the repository.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

DEFAULT_CORPUS = Path(__file__).resolve().parent.parent / ".." / "shared" / "corpus" / "train"


def letters(corpora: list[Path]) -> list[tuple[str, object]]:
    from bench.run import N, typical_letters
    from nlp.training.train import project_examples

    out: list[tuple[str, object]] = []
    for folder in corpora:
        if folder.is_dir():
            from inbox_worker.corpus import read_corpus

            out += [(f"corpus:{folder.name}/{case}", letter) for case, letter, _ in read_corpus(folder)]
    out += [(f"example:{n}", item.letter) for n, item in enumerate(project_examples())]
    out += [(f"bench:{n}", letter) for n, letter in enumerate(typical_letters(N))]
    return out


def reading(letter) -> dict:  # noqa: ANN001
    from nlp.classify import analyse, classify
    from nlp.extract import extract

    c = classify(letter)
    feats, cues, portal = analyse(letter)
    return {
        "label": c.label, "secondary": list(c.secondary_labels), "confidence": round(c.confidence, 6),
        "shown": list(c.cues), "reason": c.reason, "portal": portal,
        "cues": [[q.label, q.name, round(q.weight, 6), q.text, list(q.starts)] for q in cues],
        "features": {k: round(v, 6) for k, v in sorted(feats.items())},
        "extraction": extract(letter).as_dict(),
    }


def compare(now: dict, before: dict) -> list[str]:
    problems = []
    if set(now) != set(before):
        problems.append(f"letters differ: {len(set(now) ^ set(before))} not in both")
    for key in sorted(set(now) & set(before)):
        for field in sorted(set(now[key]) | set(before[key])):
            if now[key].get(field) != before[key].get(field):
                problems.append(f"{key}: {field} differs")
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="where the snapshot is written (JSON)")
    parser.add_argument("--corpus", type=Path, action="append", help="a labelled folder (repeatable)")
    parser.add_argument("--compare", type=Path, help="an earlier snapshot: report every output that differs")
    args = parser.parse_args()
    snapshot = {key: reading(letter) for key, letter in letters(args.corpus or [DEFAULT_CORPUS])}
    args.out.write_text(json.dumps(snapshot, indent=0, sort_keys=True), encoding="utf-8")
    print(f"{len(snapshot)} letters -> {args.out}")
    if args.compare:
        problems = compare(snapshot, json.loads(args.compare.read_text(encoding="utf-8")))
        for line in problems[:50]:
            print(line)
        print(f"{len(problems)} differences" if problems else "identical")
        return 1 if problems else 0
    return 0


if __name__ == "__main__":
    sys.exit(main())
