"""Scoring a classifier and the extractors against labelled cases. Pure: dicts in, dict out."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

MIN_CASES_FOR_MACRO = 3


@dataclass(frozen=True)
class Case:
    case_id: str
    gold: dict[str, Any]  # case.json: label, secondary_labels, tracking_numbers, dates, fee_amount
    predicted: dict[str, Any]  # same keys, from a Reading


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def _norm_num(n: str) -> str:
    return " ".join(n.split())


def score(cases: list[Case]) -> dict[str, Any]:
    labels = sorted({c.gold["label"] for c in cases} | {c.predicted["label"] for c in cases})
    confusion: dict[str, Counter] = defaultdict(Counter)
    correct = 0
    for c in cases:
        confusion[c.gold["label"]][c.predicted["label"]] += 1
        correct += c.gold["label"] == c.predicted["label"]
    per_label = {}
    gold_counts = Counter(c.gold["label"] for c in cases)
    for label in labels:
        tp = confusion[label][label]
        fp = sum(confusion[g][label] for g in labels if g != label)
        fn = sum(n for p, n in confusion[label].items() if p != label)
        p, r, f = _prf(tp, fp, fn)
        per_label[label] = {"precision": round(p, 3), "recall": round(r, 3), "f1": round(f, 3), "support": gold_counts[label]}
    macro_labels = [lab for lab in labels if gold_counts[lab] >= MIN_CASES_FOR_MACRO]
    macro = sum(per_label[lab]["f1"] for lab in macro_labels) / len(macro_labels) if macro_labels else 0.0

    # Tracking numbers: exact strings (white space folded), micro-averaged.
    ttp = tfp = tfn = 0
    # Dates: (iso, role) pairs, multiset matching.
    dtp = dfp = dfn = 0
    fee_ok = 0
    misses: list[dict[str, Any]] = []
    for c in cases:
        gold_n = {_norm_num(n) for n in c.gold.get("tracking_numbers", [])}
        pred_n = {_norm_num(n) for n in c.predicted.get("tracking_numbers", [])}
        ttp += len(gold_n & pred_n)
        tfp += len(pred_n - gold_n)
        tfn += len(gold_n - pred_n)
        gold_d = Counter((d["iso"], d["role"]) for d in c.gold.get("dates", []))
        # the corpus lists dates as printed; a deadline counted from the letter ("within 30 days") is not one
        pred_d = Counter((d["date"], d["role"]) for d in c.predicted.get("dates", []) if not d.get("computed"))
        common = sum((gold_d & pred_d).values())
        dtp += common
        dfp += sum(pred_d.values()) - common
        dfn += sum(gold_d.values()) - common
        gf, pf = c.gold.get("fee_amount"), c.predicted.get("fee_amount")
        fee_match = (gf is None and pf is None) or (gf is not None and pf is not None and abs(gf - pf) < 0.005)
        fee_ok += fee_match
        if c.gold["label"] != c.predicted["label"] or gold_n != pred_n or not fee_match:
            misses.append({
                "case": c.case_id,
                "label": [c.gold["label"], c.predicted["label"]],
                "tracking_missing": sorted(gold_n - pred_n), "tracking_extra": sorted(pred_n - gold_n),
                "fee": [gf, pf],
            })
    tp_, tr_, tf_ = _prf(ttp, tfp, tfn)
    dp_, dr_, df_ = _prf(dtp, dfp, dfn)
    return {
        "cases": len(cases),
        "accuracy": round(correct / len(cases), 3) if cases else 0.0,
        "macro_f1": round(macro, 3),
        "macro_f1_labels": macro_labels,
        "per_label": per_label,
        "confusion": {g: dict(confusion[g]) for g in labels if confusion[g]},
        "tracking_numbers": {"precision": round(tp_, 3), "recall": round(tr_, 3), "f1": round(tf_, 3), "tp": ttp, "fp": tfp, "fn": tfn},
        "dates_with_role": {"precision": round(dp_, 3), "recall": round(dr_, 3), "f1": round(df_, 3), "tp": dtp, "fp": dfp, "fn": dfn},
        "fee_amount_exact": round(fee_ok / len(cases), 3) if cases else 0.0,
        "misses": misses,
    }
