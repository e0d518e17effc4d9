"""``foia-intake evaluate``: score the classifier and extractors on a labelled folder."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from inbox_worker.cli.output import console, print_json, print_table
from inbox_worker.errors import UserInputError

# Column heads of the confusion table: short, and distinct for every label.
SHORT = {
    "acknowledgement": "ack", "expedite_denied": "exp-den", "expedite_granted": "exp-gr", "fee_notice": "fee",
    "fee_waiver_denied": "fw-den", "fee_waiver_granted": "fw-gr", "production_interim": "prod-int",
    "production_final": "prod-fin", "no_records": "no-rec", "denial": "denial", "clarification_needed": "clarif",
    "extension": "ext", "referral": "referral", "appeal_related": "appeal", "portal_notice": "portal", "other": "other",
}


def register(app: typer.Typer) -> None:
    app.command("evaluate")(evaluate)


def evaluate(
    ctx: typer.Context,
    folder: Annotated[Path, typer.Argument(help="A folder of NNN/message.txt + NNN/case.json cases.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the full report as JSON.")] = False,
    show_misses: Annotated[bool, typer.Option("--misses", help="List every case with a wrong label, tracking number or fee.")] = False,
    cv: Annotated[int, typer.Option("--cv", help="K-fold cross-validation, a request thread inside one fold: the "
                                    "combiner is retrained per fold on the other folds + the project's examples.")] = 0,
) -> None:
    """Accuracy, per-label precision/recall/F1, macro-F1, a confusion table, confidence and extraction scores.

    Example: foia-intake evaluate ../shared/corpus/train --cv 5
    """
    from inbox_worker.corpus import read_corpus
    from nlp.classify import classify
    from nlp.evaluation import Case, score
    from nlp.extract import extract

    corpus = list(read_corpus(folder))
    model = None
    if cv:
        if not 2 <= cv <= len(corpus):
            raise UserInputError(f"--cv needs between 2 and {len(corpus)} folds, got {cv}")
        labels = _cross_validated(corpus, cv)
    else:
        model = ctx.obj.use_classifier_model()
        labels = [classify(letter) for _, letter, _ in corpus]
    cases = []
    for (case_id, letter, gold), c in zip(corpus, labels, strict=True):
        x = extract(letter)
        predicted = {"label": c.label, "secondary_labels": list(c.secondary_labels), "confidence": c.confidence, **x.as_dict()}
        cases.append(Case(case_id, gold, predicted))
    report = score(cases)
    report["confidence"] = _confidence_report(cases, ctx.obj.settings.classifier.review_threshold)
    if as_json:
        print_json(report)
        return
    _print(report, cv=cv, show_misses=show_misses, model=model)


def _cross_validated(corpus: list[tuple[str, Any, dict[str, Any]]], k: int) -> list[Any]:
    """Each case classified by a combiner trained without its request thread (K folds)."""
    from inbox_worker.corpus import thread_of
    from nlp.classify import analyse, classify
    from nlp.training.train import Labelled, project_examples, thread_folds, train

    known = [x for x in project_examples()]
    known_rows = [analyse(x.letter)[0] for x in known]
    real = [Labelled(letter, gold["label"], "corpus", thread_of(case_id, gold)) for case_id, letter, gold in corpus]
    real_rows = [analyse(x.letter)[0] for x in real]
    out: list[Any] = [None] * len(corpus)
    for held_out in thread_folds([x.group for x in real], k):
        held = set(held_out)
        keep = [i for i in range(len(real)) if i not in held]
        combiner = train(known + [real[i] for i in keep], known_rows + [real_rows[i] for i in keep])
        for i in held_out:
            out[i] = classify(corpus[i][1], combiner)
    return [c for c in out if c is not None]


def _confidence_report(cases: list[Any], threshold: float) -> dict[str, Any]:
    sure = [c for c in cases if c.predicted["confidence"] >= threshold]
    right = sum(c.gold["label"] == c.predicted["label"] for c in sure)
    action = [c for c in cases if c.gold["label"] in ("fee_notice", "clarification_needed")]
    return {
        "review_threshold": threshold,
        "review_share": round(1 - len(sure) / len(cases), 3) if cases else 0.0,
        "precision_above_threshold": round(right / len(sure), 3) if sure else 0.0,
        "action_needed_recall": round(sum(c.predicted["label"] == c.gold["label"] for c in action) / len(action), 3) if action else None,
    }


def _print(report: dict[str, Any], *, cv: int, show_misses: bool, model: Path | None = None) -> None:
    how = f"{cv}-fold cross-validation by request thread" if cv else (f"the model in {model}" if model else "the shipped model")
    console.print(f"cases: {report['cases']} ({how})  accuracy: {report['accuracy']:.3f}  "
                  f"macro-F1 (labels with >= 3 cases): {report['macro_f1']:.3f}", highlight=False)
    print_table([{"label": k, **v} for k, v in report["per_label"].items()], title="Per label")
    labels = list(report["per_label"].keys())
    print_table([{"gold \\ predicted": g, **{SHORT.get(p, p): report["confusion"].get(g, {}).get(p, "") for p in labels}}
                 for g in labels if g in report["confusion"]], title="Confusion")
    conf = report["confidence"]
    action = conf["action_needed_recall"]
    console.print(f"confidence >= {conf['review_threshold']}: right {conf['precision_above_threshold']:.3f}; "
                  f"sent to review {conf['review_share']:.3f}; action-needed recall "
                  f"{'n/a' if action is None else f'{action:.3f}'}", highlight=False)
    t, d = report["tracking_numbers"], report["dates_with_role"]
    console.print(f"tracking numbers: precision {t['precision']:.3f} recall {t['recall']:.3f} "
                  f"(tp {t['tp']}, fp {t['fp']}, fn {t['fn']})", highlight=False)
    console.print(f"dates with role: precision {d['precision']:.3f} recall {d['recall']:.3f} F1 {d['f1']:.3f}", highlight=False)
    console.print(f"fee amount exact: {report['fee_amount_exact']:.3f}", highlight=False)
    if show_misses:
        print_table([{k: str(v) for k, v in m.items()} for m in report["misses"]], title="Misses")
