"""``foia-intake config``: show the effective configuration."""

from __future__ import annotations

from typing import Annotated

import typer

from inbox_worker.cli.output import console, print_json

app = typer.Typer(help="Configuration commands.\n\nExample: foia-intake config show", no_args_is_help=True)


@app.command("show")
def show(
    ctx: typer.Context,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Print the effective configuration (file + environment), secrets masked.

    Example: FOIA_INTAKE_IMAP__HOST=imap.example.org foia-intake config show
    """
    data = ctx.obj.settings.masked()
    if as_json:
        print_json(data)
        return
    for section, values in data.items():
        console.print(f"[{section}]", style="bold", highlight=False, markup=False)
        for key, value in values.items():
            console.print(f"{key} = {_toml(value)}", highlight=False, markup=False)
        console.print()


def _toml(value: object) -> str:
    import json

    if value is None:
        return "# (not set)"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value)
