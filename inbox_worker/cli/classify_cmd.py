"""``foia-intake classify``: read .eml or .txt files and print what nlp/ finds in them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from inbox_worker.cli.output import print_json_line, print_table
from inbox_worker.errors import UnparseableMessage, UserInputError
from inbox_worker.letters import letter_from_file
from nlp import read


def register(app: typer.Typer) -> None:
    app.command("classify")(classify)


def classify(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help=".eml files, or .txt bodies whose optional first line is 'Subject: ...'.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
) -> None:
    """Classify letters and extract their fields, without touching the database.

    Example: foia-intake classify --json reply.eml letter.txt
    """
    threshold = ctx.obj.settings.classifier.review_threshold
    rows = []
    for path in paths:
        if not path.is_file():
            raise UserInputError(f"no such file: {path}")
        try:
            letter = letter_from_file(path)
        except UnparseableMessage as err:
            row = {"path": str(path), "error": str(err)}
        else:
            reading = read(letter)
            c, x = reading.classification, reading.extraction
            row = {
                "path": str(path),
                "label": c.label,
                "secondary_labels": list(c.secondary_labels),
                "confidence": c.confidence,
                "needs_review": c.confidence < threshold,
                "cues": list(c.cues),
                "tracking_numbers": list(x.tracking_numbers),
                "dates": [d.as_dict() for d in x.dates],
                "fee_amount": x.fee_amount,
            }
        if as_json:
            print_json_line(row)
        rows.append(row)
    if not as_json:
        print_table([{"path": r["path"], "label": r.get("label", "error"), "secondary": r.get("secondary_labels", []),
                      "confidence": r.get("confidence"), "tracking": r.get("tracking_numbers", []),
                      "fee": r.get("fee_amount")} for r in rows], title="Classification")
