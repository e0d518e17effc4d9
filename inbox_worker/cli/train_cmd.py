"""``foia-intake train``: rebuild the classifier from labelled letters, the project's examples and your corrections."""

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
    ctx: typer.Context,
    corpus: Annotated[list[Path] | None, typer.Option("--corpus", help="A labelled folder of NNN/message.txt + "
                                                      "NNN/case.json (repeatable), e.g. ../shared/corpus/train.")] = None,
    corrections: Annotated[list[Path] | None, typer.Option("--corrections", help="JSON lines from `corrections export` (repeatable).")] = None,
    output: Annotated[Path | None, typer.Option(help="Where to write the model (default: [classifier] model_dir, "
                                                                 "the model foia-intake loads).")] = None,
) -> None:
    """Train the combiner (deterministic: the same inputs give the same model) and write it where
    foia-intake loads it from ([classifier] model_dir, under the data directory). The model records
    a hash of its inputs. Restart the daemon to use it; `messages reprocess --all` reads old mail again.

    Example: foia-intake train --corpus ../shared/corpus/train --corrections fixes.jsonl
    """
    from inbox_worker.corpus import read_corpus, thread_of
    from inbox_worker.model_location import model_dir, save_model, writable_model_dir
    from nlp.classify import load_combiner
    from nlp.training.train import Labelled, project_examples, read_corrections
    from nlp.training.train import train as run_training

    output = writable_model_dir(output or model_dir(ctx.obj.settings))  # before the training, not after
    extra = []
    for path in corrections or []:
        if not path.is_file():
            raise UserInputError(f"no such file: {path}")
        extra.extend(read_corrections(path))
    real = [Labelled(letter, gold["label"], "corpus", thread_of(case_id, gold))
            for folder in corpus or [] for case_id, letter, gold in read_corpus(folder)]
    started = time.monotonic()
    combiner = run_training(project_examples(extra) + real)
    save_model(combiner, output)
    load_combiner.cache_clear()
    size = sum(p.stat().st_size for p in output.rglob("*") if p.is_file())
    console.print(f"trained on {len(real)} labelled letters + the project's examples + {len(extra)} corrections in "
                  f"{time.monotonic() - started:.1f} s; model {size / 1e6:.1f} MB in {output}", highlight=False)
