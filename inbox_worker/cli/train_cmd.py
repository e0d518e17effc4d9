"""``foia-intake train``: rebuild the classifier from the project's examples and your corrections."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer

from inbox_worker.cli.output import console
from inbox_worker.errors import UserInputError


def register(app: typer.Typer) -> None:
    app.command("train")(train)


def train(
    corrections: Annotated[list[Path] | None, typer.Option("--corrections", help="JSON lines from `corrections export` (repeatable).")] = None,
    output: Annotated[Path | None, typer.Option(help="Where to write the model (default: the model foia-intake loads).")] = None,
    seed: Annotated[int, typer.Option(help="Random seed: the same inputs and seed give the same model.")] = 13,
) -> None:
    """Train the text classifier (fixed seed) and write it where foia-intake loads it from.

    Example: foia-intake corrections export fixes.jsonl && foia-intake train --corrections fixes.jsonl
    """
    from nlp.pipeline import MODEL_DIR, load_pipeline
    from nlp.training.train import read_corrections, save
    from nlp.training.train import train as run_training

    extra = []
    for path in corrections or []:
        if not path.is_file():
            raise UserInputError(f"no such file: {path}")
        extra.extend(read_corrections(path))
    output = output or MODEL_DIR
    started = time.monotonic()
    nlp = run_training(extra, seed=seed)
    save(nlp, output)
    load_pipeline.cache_clear()
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    console.print(f"trained on the project's examples + {len(extra)} corrections in "
                  f"{time.monotonic() - started:.1f} s; model {size / 1e6:.1f} MB in {output}", highlight=False)
