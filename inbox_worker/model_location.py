"""Where the classifier's model lives: ``classifier.model_dir`` (under the data directory) when
``foia-intake train`` has written one there, else the model shipped inside the package.

``nlp`` reads no settings: the commands that classify call ``activate`` once, which checks the
retrained model and hands its folder to ``nlp.classify.use_model``. A missing model is the normal
case (the shipped one is used); an unreadable one is logged and the shipped one used.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from inbox_worker.errors import ConfigurationError

if TYPE_CHECKING:
    from config.settings import Settings
    from nlp.combiner import Combiner

log = logging.getLogger(__name__)

MODEL_FILE = "combiner.json"  # nlp.combiner.FILE_NAME, spelt out so that importing this stays cheap


def model_dir(settings: Settings) -> Path:
    """The configured model folder (relative paths are under the working directory, the data directory)."""
    return settings.classifier.model_dir.expanduser()


def activate(settings: Settings) -> Path | None:
    """Classify with the retrained model in ``classifier.model_dir`` when one is there and readable;
    the folder used, or None for the shipped model.

    Choosing the shipped model loads nothing: it is what the classifier loads by default, so the
    service polls without waiting for spaCy (issue 13), which loads with the first message read."""
    folder = model_dir(settings)
    if not (folder / MODEL_FILE).is_file():
        if "nlp.classify" in sys.modules:  # loaded already, perhaps with another model: back to the shipped one
            sys.modules["nlp.classify"].use_model(None)
        log.info("classifier: the shipped model (no retrained model in %s)", folder)
        return None
    from nlp.classify import load_combiner, use_model
    from nlp.labels import LABELS

    use_model(folder)
    try:
        combiner = load_combiner()
        if combiner is None or set(combiner.labels) != set(LABELS):
            raise ValueError("its labels are not this version's: retrain it")
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as err:
        use_model(None)
        log.warning("classifier: cannot use the model in %s (%s); using the shipped model instead. "
                    "Run `foia-intake train` again or remove that folder.", folder / MODEL_FILE, err)
        return None
    log.info("classifier: the retrained model in %s", folder)
    return folder


def writable_model_dir(folder: Path) -> Path:
    """``folder``, created if needed, or a configuration error (exit 2) saying why it cannot be written."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".write-test-{os.getpid()}"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as err:
        raise ConfigurationError(
            f"cannot write the model to {folder}: {err.strerror or err}; set [classifier] model_dir "
            "(FOIA_INTAKE_CLASSIFIER__MODEL_DIR) or pass --output to a writable folder"
        ) from None
    return folder


def save_model(combiner: Combiner, folder: Path) -> None:
    """Write the model into ``folder`` so that a reader never sees half a file (written beside it, then renamed)."""
    staging = folder / f".staging-{os.getpid()}"
    try:
        combiner.save(staging)
        os.replace(staging / MODEL_FILE, folder / MODEL_FILE)
        staging.rmdir()
    except OSError as err:
        raise ConfigurationError(f"cannot write the model to {folder}: {err.strerror or err}") from None
