"""Everything the command line prints goes through here.

Text that came from a message (a subject, an address, an error) is made inert first: escape
sequences (CSI such as ESC[2J, OSC such as OSC 8 hyperlinks) and control characters are removed,
bidirectional overrides dropped, and nothing is ever parsed as rich markup or emoji codes.
Tables fit the terminal (80 columns when piped): a few columns by default, all with ``--wide``,
and words are wrapped between words, never in the middle.
"""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import sys
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from config.secrets import mask_url
from inbox_worker.cli.plain import inert

_JSON_UNSAFE = re.compile(r"[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")


class _InertConsole(Console):
    """A console on which a plain string is always inert text: no markup, emoji or highlighting."""

    def print(self, *objects: Any, **kwargs: Any) -> None:  # noqa: A003 (rich's name)
        self.width = kwargs.pop("width", None) or output_width()
        objects = tuple(inert(o, multiline=True) if isinstance(o, str) else o for o in objects)
        super().print(*objects, **kwargs)


def output_width() -> int:
    """The terminal's width; when piped, $COLUMNS or 80."""
    if sys.stdout.isatty():
        return shutil.get_terminal_size((80, 24)).columns
    try:
        return max(20, int(os.environ.get("COLUMNS", "")))
    except ValueError:
        return 80


console = _InertConsole(markup=False, emoji=False, highlight=False)
err_console = _InertConsole(stderr=True, markup=False, emoji=False, highlight=False)


def say(*parts: str | tuple[str, str], err: bool = False, wrap: bool = True, multiline: bool = False) -> None:
    """One line (several with ``multiline``): plain strings, or ``(text, style)`` pairs; every
    part is made inert. A long line wraps between words at the output width unless ``wrap`` is false."""
    line = Text()
    for part in parts:
        text, style = part if isinstance(part, tuple) else (part, "")
        line.append(inert(text, multiline=multiline), style=style)
    (err_console if err else console).print(line, soft_wrap=not wrap)


def print_error(message: str) -> None:
    """``Error: ...`` on stderr, one line."""
    say(("Error:", "bold red"), " ", mask_url(message), err=True, wrap=False)


# ---- values ---------------------------------------------------------------------------------

def cell(value: Any) -> str:
    """A value as people read it: no Python reprs (enums, booleans, lists, None)."""
    if value is None:
        return ""
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple, set)):
        return ", ".join(cell(v) for v in value)
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {cell(v)}" for k, v in value.items())
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:.2f}"
    return inert(value)


def print_fields(fields: Iterable[tuple[str, Any]], *, indent: str = "") -> None:
    """``name: value`` lines; empty values show as ``-``."""
    for name, value in fields:
        say(f"{indent}{name.replace('_', ' ')}: {cell(value) or '-'}")


# ---- programs -------------------------------------------------------------------------------

def _default(value: Any) -> Any:
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, bytes):
        return f"<{len(value)} bytes>"
    if isinstance(value, Enum):
        return value.value
    return str(value)


def _json(data: Any, **kwargs: Any) -> str:
    text = json.dumps(data, default=_default, ensure_ascii=False, **kwargs)
    # json escapes C0 controls; escape C1 controls and bidi overrides as well.
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def print_json(data: Any) -> None:
    sys.stdout.write(_json(data, indent=2) + "\n")


def print_json_line(data: Any) -> None:
    sys.stdout.write(_json(data) + "\n")


def print_csv(rows: Sequence[Mapping[str, Any]], *, fields: Sequence[str] | None = None) -> None:
    """CSV with a header line, also when there are no rows (``fields`` names the columns)."""
    names = list(fields) if fields is not None else (list(rows[0].keys()) if rows else [])
    if not names:
        return
    writer = csv.DictWriter(sys.stdout, fieldnames=names, extrasaction="ignore")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: cell(row.get(k)) for k in names})


# ---- tables ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Col:
    """A table column. ``text`` columns wrap between words; the others never wrap.
    ``wide`` columns are shown only with ``--wide``."""

    key: str
    header: str | None = None
    text: bool = False
    wide: bool = False
    show: Callable[[Any], str] | None = None

    def title(self) -> str:
        return self.header if self.header is not None else self.key.replace("_", " ")

    def render(self, row: Mapping[str, Any]) -> str:
        value = row.get(self.key)
        return inert(self.show(value)) if self.show is not None and value is not None else cell(value)


def day(value: Any) -> str:
    """A date or a datetime shown as its day only (YYYY-MM-DD)."""
    return value.date().isoformat() if isinstance(value, datetime) else cell(value)


MIN_TEXT_WIDTH = 12


def _infer(rows: Sequence[Mapping[str, Any]]) -> list[Col]:
    cols = []
    for key in rows[0].keys():
        values = [cell(r.get(key)) for r in rows]
        cols.append(Col(key, text=any(len(v) > 20 for v in values)))
    return cols


def print_table(rows: Sequence[Mapping[str, Any]], columns: Sequence[Col] | None = None, *,
                title: str | None = None, empty: str = "nothing to show", wide: bool = False) -> None:
    """Rows as a table that fits the output width; ``wide`` shows every column at full width."""
    if not rows:
        say((empty, "dim"))
        return
    cols = [c for c in (columns or _infer(rows)) if wide or not c.wide]
    table = Table(title=title, box=box.SIMPLE_HEAD, pad_edge=False, collapse_padding=True, title_justify="left")
    cells = [[c.render(r) for c in cols] for r in rows]
    for i, col in enumerate(cols):
        longest_word = max((len(w) for text in [col.title(), *(row[i] for row in cells)] for w in text.split()),
                           default=1)
        if col.text:
            table.add_column(col.title(), overflow="ellipsis", min_width=min(longest_word, MIN_TEXT_WIDTH))
        else:
            longest = max((len(text) for text in [*(row[i] for row in cells)]), default=1)
            table.add_column(col.title(), no_wrap=True, overflow="ellipsis",
                             min_width=max(longest, longest_word))
    for row in cells:
        table.add_row(*(Text(v, overflow="ellipsis") for v, c in zip(row, cols, strict=True)))
    width = output_width()
    if wide:
        width = max(width, console.measure(table, options=console.options.update_width(10_000)).maximum)
    console.print(table, width=width)
