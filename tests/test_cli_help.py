"""Every command explains itself, with an example (as sqlite-utils' test_docs does)."""

from __future__ import annotations

import click
import pytest
import typer.main

from inbox_worker.cli.main import app


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    for name, cmd in group.commands.items():
        path = (*prefix, name)
        yield path, cmd
        if isinstance(cmd, click.Group):
            yield from _commands(cmd, path)


COMMANDS = list(_commands(typer.main.get_command(app)))


@pytest.mark.parametrize(("path", "command"), COMMANDS, ids=[" ".join(p) for p, _ in COMMANDS])
def test_every_command_has_help_with_an_example(path, command):
    assert command.help and command.help.strip(), f"{' '.join(path)} has no help"
    assert "Example:" in command.help, f"{' '.join(path)} help has no example"


@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_flags(cli, flag):
    code, out, _ = cli(flag)
    assert code == 0 and "sync" in out


def test_version(cli):
    code, out, _ = cli("--version")
    assert code == 0 and out.startswith("foia-intake ")


def test_unknown_request_is_a_clear_error(cli, sqlite_url):
    code, _, err = cli("requests", "show", "999", env={"FOIA_INTAKE_DATABASE__URL": sqlite_url})
    assert code == 1 and "no request with id 999" in err


def test_sync_without_a_mailbox_says_what_to_configure(cli, sqlite_url):
    code, _, err = cli("sync", "--once", env={"FOIA_INTAKE_DATABASE__URL": sqlite_url})
    assert code == 2 and "no mailbox configured" in err
