"""What every command needs: the settings and a database engine, loaded once per invocation.

Both are loaded on first use, so commands that need neither (``--help``, ``--version``) stay cheap.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from config.settings import Settings


@dataclass
class AppContext:
    config_path: Path | None = None
    quiet: bool = False
    verbose: int = 0
    _settings: Settings | None = field(default=None, repr=False)
    _engine: Engine | None = field(default=None, repr=False)
    _model: list[Path | None] = field(default_factory=list, repr=False)

    @property
    def settings(self) -> Settings:
        if self._settings is None:
            from config.settings import load_settings
            from inbox_worker import logging_setup

            self._settings = load_settings(self.config_path)
            logging_setup.hide(logging_setup.settings_secrets(self._settings))  # never in a log line
        return self._settings

    def engine(self, *, migrate: bool | None = None) -> Engine:
        """The database engine; the schema is checked (and migrated when allowed) once.
        Every command that computes deadlines uses the database: the fallback rule is set here."""
        if self._engine is None:
            from models import deadlines
            from models.db import ensure_schema, make_engine

            deadlines.configure(fallback=self.settings.deadlines.fallback_jurisdiction)
            self._engine = make_engine(self.settings.database.url)
            auto = self.settings.database.auto_upgrade if migrate is None else migrate
            ensure_schema(self._engine, auto_upgrade=auto)
        return self._engine

    def use_classifier_model(self) -> Path | None:
        """Classify with the retrained model in ``[classifier] model_dir`` when one is there, else the
        shipped one (chosen once; every command that classifies calls this first). Its folder, or None."""
        if not self._model:
            from inbox_worker.model_location import activate

            self._model.append(activate(self.settings))
        return self._model[0]
