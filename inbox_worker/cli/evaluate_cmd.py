"""``foia-intake evaluate``: score the classifier and extractors on a labelled folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from inbox_worker.cli.output import console, print_json, print_table


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate)


def evaluate(
    folder: Annotated[Path, typer.Argument(help="A folder of NNN/message.txt + NNN/case.json cases.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    show_misses: Annotated[bool, typer.Option("--misses", help="List every case with a wrong label, tracking number or fee.")] = False,
) -> None:
    """Accuracy, per-label precision/recall/F1, macro-F1, a confusion table and extraction scores.

    Example: foia-intake evaluate ../shared/corpus/dev
    """
    from inbox_worker.corpus import read_corpus
    from nlp import read
    from nlp.evaluation import Case, score

    cases = []
    for case_id, letter, gold in read_corpus(folder):
        reading = read(letter)
        predicted = {"label": reading.classification.label,
                     "secondary_labels": list(reading.classification.secondary_labels),
                     **reading.extraction.as_dict()}
        cases.append(Case(case_id, gold, predicted))
    report = score(cases)
    if as_json:
        print_json(report)
        return
    console.print(f"cases: {report['cases']}  accuracy: {report['accuracy']:.3f}  "
                  f"macro-F1 (labels with >= 3 cases): {report['macro_f1']:.3f}", highlight=False)
    print_table([{"label": k, **v} for k, v in report["per_label"].items()], title="Per label")
    labels = list(report["per_label"].keys())
    print_table([{"gold \\ predicted": g, **{p[:10]: report["confusion"].get(g, {}).get(p, "") for p in labels}}
                 for g in labels if g in report["confusion"]], title="Confusion")
    t, d = report["tracking_numbers"], report["dates_with_role"]
    console.print(f"tracking numbers: precision {t['precision']:.3f} recall {t['recall']:.3f} "
                  f"(tp {t['tp']}, fp {t['fp']}, fn {t['fn']})", highlight=False)
    console.print(f"dates with role: precision {d['precision']:.3f} recall {d['recall']:.3f} F1 {d['f1']:.3f}", highlight=False)
    console.print(f"fee amount exact: {report['fee_amount_exact']:.3f}", highlight=False)
    if show_misses:
        print_table([{k: str(v) for k, v in m.items()} for m in report["misses"]], title="Misses")
