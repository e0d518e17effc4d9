"""``foia-intake config``: show the effective configuration."""

from __future__ import annotations

import json
from typing import Annotated

import typer

from inbox_worker.cli.output import print_json, say

app = typer.Typer(help="Configuration commands.\n\nExample: foia-intake config show", no_args_is_help=True)


@app.command("show")
def show(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the effective configuration (file + environment) as TOML, secrets masked
    (passwords, and the password inside a database URL). Keys that are not set are commented out.

    Example: FOIA_INTAKE_IMAP__HOST=imap.example.org foia-intake config show
    """
    data = ctx.obj.settings.masked()
    if as_json:
        print_json(data)
        return
    for section, values in data.items():
        say(f"[{section}]")
        for key, value in values.items():
            say(f"# {_key(key)} (not set)" if value is None else f"{_key(key)} = {toml_value(value)}")
        say("")


def _key(key: str) -> str:
    return key if key.replace("_", "").replace("-", "").isalnum() and key.isascii() else json.dumps(key)


def toml_value(value: object) -> str:
    """A TOML value: strings quoted (JSON escapes are valid TOML), lists inline."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(toml_value(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_key(k)} = {toml_value(v)}" for k, v in value.items() if v is not None) + "}"
    if isinstance(value, (int, float)):
        return json.dumps(value)
    return json.dumps(str(value))
