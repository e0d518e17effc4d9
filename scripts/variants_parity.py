#!/usr/bin/env python3
"""Per-letter parity of one corpus read three ways: as text, as a cover email + PDF, as a scan.

    python scripts/make_corpus_variants.py ../shared/corpus/train /tmp/variants-train
    python scripts/variants_parity.py ../shared/corpus/train /tmp/variants-train

For each case: the label of the text case, of the PDF variant and of the scanned variant (each
cross-validated by request thread, as `foia-intake evaluate --cv`), and where they differ. Tesseract's
answers are cached by the bytes it is given (``--cache``), so a change to the text clean-up is
measured again in seconds. ``--show CASE`` prints the three texts of one train case for study.

Only case ids, labels and counts are printed; ``--show`` is for train cases, never the blind set.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import types
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
VARIANTS = ("text", "pdf", "scan")


def cache_tesseract(folder: Path) -> None:
    """Tesseract's output remembered by a hash of its arguments and input image."""
    from inbox_worker import attachment_text

    folder.mkdir(parents=True, exist_ok=True)
    real_run = subprocess.run

    def run(args, *, input=None, **kw):  # noqa: A002, ANN001, ANN202 (subprocess.run's own names)
        key = hashlib.sha256(json.dumps(args).encode() + (input or b"")).hexdigest()
        hit = folder / f"{key}.json"
        if hit.is_file():
            saved = json.loads(hit.read_text())
            return subprocess.CompletedProcess(args, saved["rc"], saved["out"].encode(), saved["err"].encode())
        proc = real_run(args, input=input, **kw)
        if proc.returncode == 0:
            hit.write_text(json.dumps({"rc": 0, "out": proc.stdout.decode("utf-8", "replace"),
                                       "err": proc.stderr.decode("utf-8", "replace")}))
        return proc

    attachment_text.subprocess = types.SimpleNamespace(run=run, TimeoutExpired=subprocess.TimeoutExpired)


def read(folder: Path) -> list:
    from inbox_worker.corpus import read_corpus

    return list(read_corpus(folder))


def labels(corpus: list, *, cv: int, taught: list | None = None) -> list[str]:
    """Each case's label: cross-validated by thread, the combiner of each fold trained on ``taught``
    (the same cases as delivered some other way, e.g. as text, as the shipped model is) or on
    ``corpus`` itself; with ``cv=0`` the shipped model's."""
    from inbox_worker.corpus import thread_of
    from nlp.classify import analyse, classify
    from nlp.training.train import Labelled, project_examples, thread_folds, train

    if not cv:
        return [classify(letter).label for _, letter, _ in corpus]
    taught = taught or corpus
    known = project_examples()
    known_rows = [analyse(x.letter)[0] for x in known]
    real = [Labelled(letter, gold["label"], "corpus", thread_of(case_id, gold)) for case_id, letter, gold in taught]
    real_rows = [analyse(x.letter)[0] for x in real]
    out = [""] * len(corpus)
    for held_out in thread_folds([x.group for x in real], cv):
        held = set(held_out)
        keep = [i for i in range(len(real)) if i not in held]
        combiner = train(known + [real[i] for i in keep], known_rows + [real_rows[i] for i in keep])
        for i in held_out:
            out[i] = classify(corpus[i][1], combiner).label
    return out


def show(case: str, source: Path, variants: Path) -> None:
    from inbox_worker.corpus import _letter

    for name, folder in (("text", source), ("pdf", variants / "pdf"), ("scan", variants / "scan")):
        letter = _letter(folder / case)
        print(f"===== {name}: subject={letter.subject!r}")
        print(f"--- body\n{letter.body}")
        for i, att in enumerate(letter.attachments_text, start=1):
            print(f"--- attachment {i}\n{att}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="the text corpus (NNN/message.txt + case.json)")
    parser.add_argument("variants", type=Path, help="the folder make_corpus_variants.py wrote (pdf/, scan/)")
    parser.add_argument("--cv", type=int, default=5, help="folds (0: the shipped model)")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/foia-ocr-cache"))
    parser.add_argument("--show", metavar="CASE", help="print the three texts of one (train) case")
    parser.add_argument("--json", type=Path, help="write the per-case labels here")
    parser.add_argument("--taught-on-text", action="store_true", help="train each fold on the text cases and "
                        "classify the held-out PDF and scan cases (as the shipped model meets attachments)")
    args = parser.parse_args(argv)
    cache_tesseract(args.cache)
    if args.show:
        show(args.show, args.source, args.variants)
        return 0
    corpora = {"text": read(args.source)}
    for kind in ("pdf", "scan"):
        if (args.variants / kind).is_dir():
            corpora[kind] = read(args.variants / kind)
    taught = corpora["text"] if args.taught_on_text else None
    found = {kind: labels(corpus, cv=args.cv, taught=taught) for kind, corpus in corpora.items()}
    ids = [case_id for case_id, _, _ in corpora["text"]]
    gold = [g["label"] for _, _, g in corpora["text"]]
    for kind, corpus in corpora.items():
        assert [c for c, _, _ in corpus] == ids, f"{kind}: not the same cases"
    n = len(ids)
    how = f"{args.cv}-fold CV" + (", every fold trained on the text cases" if args.taught_on_text else "")
    print(f"{n} cases, {how if args.cv else 'the shipped model'}")
    for kind, got in found.items():
        right = sum(g == p for g, p in zip(gold, got, strict=True))
        line = f"  {kind:5s} accuracy {right / n:.3f}"
        if kind != "text":
            same = sum(t == p for t, p in zip(found["text"], got, strict=True))
            text_right = [g == t for g, t in zip(gold, found["text"], strict=True)]
            lost = sum(tr and g != p for tr, g, p in zip(text_right, gold, got, strict=True))
            won = sum(not tr and g == p for tr, g, p in zip(text_right, gold, got, strict=True))
            line += f"  same label as text {same}/{n}  right as text, wrong here {lost}  wrong as text, right here {won}"
        print(line)
    print("\ncase      gold                  " + "  ".join(f"{k:20s}" for k in found))
    for i, case_id in enumerate(ids):
        row = [found[k][i] for k in found]
        if len(set(row)) > 1:
            marks = ["*" if r == gold[i] else " " for r in row]
            print(f"{case_id:9s} {gold[i]:21s} " + "  ".join(f"{m}{r:19s}" for m, r in zip(marks, row, strict=True)))
    if args.json:
        args.json.write_text(json.dumps({"ids": ids, "gold": gold, **found}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
