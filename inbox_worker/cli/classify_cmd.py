"""``foia-intake classify``: read letter files and print what nlp/ finds in them."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any

import typer

from inbox_worker.cli.output import Col, print_error, print_json_line, print_table

_HEADER_FIELD = re.compile(rb"^[!-9;-~]+:")  # RFC 5322 field name, then a colon
_SNIFF_BYTES = 64 * 1024


def register(app: typer.Typer) -> None:
    app.command("classify")(classify)


def looks_like_email(data: bytes) -> bool:
    """Whether ``data`` starts with a mail header block (as a Maildir file does, whatever its
    name): header lines up to the first empty line, with at least one field besides Subject
    (a .txt letter may start with a 'Subject:' line)."""
    lines = data[:_SNIFF_BYTES].lstrip(b"\xef\xbb\xbf").split(b"\n")
    if lines and lines[0].startswith(b"From "):  # mbox separator line
        lines = lines[1:]
    names: set[bytes] = set()
    for raw in lines:
        line = raw.rstrip(b"\r")
        if not line:
            break
        if line[:1] in (b" ", b"\t") and names:
            continue  # a folded header line
        match = _HEADER_FIELD.match(line)
        if match is None:
            return False
        names.add(match.group()[:-1].lower())
    else:
        return False  # no empty line: no body, so not a message
    return bool(names - {b"subject"})


def read_letter(path: Path) -> Any:
    """The letter in ``path``: a mail message when the content is one, else a text letter."""
    from inbox_worker.letters import letter_from_text
    from inbox_worker.parse import parse_mail
    from inbox_worker.process import letter_from

    data = path.read_bytes()
    if path.suffix.lower() == ".eml" or looks_like_email(data):
        letter, _ = letter_from(parse_mail(data))
        return letter
    return letter_from_text(data.decode("utf-8", "replace"))


def classify(
    ctx: typer.Context,
    paths: Annotated[list[Path], typer.Argument(help="Mail files (.eml or Maildir files, recognised by their headers), or text bodies whose optional first line is 'Subject: ...'.")],
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object per line.")] = False,
    wide: Annotated[bool, typer.Option("--wide", help="Show every column.")] = False,
) -> None:
    """Classify letters and extract their fields, without touching the database.
    Exits 1 when no file could be read.

    Example: foia-intake classify --json reply.eml letter.txt
    """
    from inbox_worker.errors import UnparseableMessage
    from nlp import read

    threshold = ctx.obj.settings.classifier.review_threshold
    ctx.obj.use_classifier_model()
    rows = []
    for path in paths:
        try:
            letter = read_letter(path)
        except FileNotFoundError:
            row = {"path": str(path), "error": "no such file"}
        except OSError as err:
            row = {"path": str(path), "error": err.strerror or str(err)}
        except UnparseableMessage as err:
            row = {"path": str(path), "error": str(err)}
        else:
            reading = read(letter)
            c, x = reading.classification, reading.extraction
            row = {
                "path": str(path),
                "label": str(c.label),
                "secondary_labels": [str(s) for s in c.secondary_labels],
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
        failed = any("error" in r for r in rows)
        columns = [Col("path", text=True), Col("label"), Col("secondary_labels", "secondary", text=True, wide=True),
                   Col("confidence", "conf."), Col("tracking_numbers", "tracking", text=True),
                   Col("fee_amount", "fee", wide=True), Col("error", text=True, wide=not failed)]
        print_table([{"label": "error", **r} if "error" in r else r for r in rows], columns,
                    title="Classification", wide=wide)
    if rows and all("error" in r for r in rows):
        print_error("no file could be read" if len(rows) > 1 else f"{rows[0]['path']}: {rows[0]['error']}")
        raise typer.Exit(1)
