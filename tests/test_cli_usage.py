"""No input at the command line produces a traceback.

Every command and subcommand is discovered from the Typer app (commands added later are covered
without editing this file) and run with --help, without its arguments, with an unknown option
and with an unknown id: usage errors exit 2, an unknown id exits 1, each with one clear line.
"""

from __future__ import annotations

import pytest
import typer.main

from inbox_worker.cli.main import app, hoist_global_flags
from models.db import make_engine, upgrade

ROOT = typer.main.get_command(app)
UNKNOWN_ID = "987654"


def _walk(command, path=()):
    yield path, command
    for name, sub in getattr(command, "commands", {}).items():
        yield from _walk(sub, (*path, name))


ALL = list(_walk(ROOT))
SUBCOMMANDS = [(p, c) for p, c in ALL if p]
GROUPS = [(p, c) for p, c in ALL if hasattr(c, "commands")]
LEAVES = [(p, c) for p, c in ALL if not hasattr(c, "commands")]


def _ids(items):
    return [" ".join(p) or "foia-intake" for p, _ in items]


def _required(command):
    return [p for p in command.params if p.required]


@pytest.fixture(scope="module")
def db_env(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('usage') / 'foia.db'}"
    engine = make_engine(url)
    upgrade(engine)
    engine.dispose()
    return {"FOIA_INTAKE_DATABASE__URL": url}


def _one_clear_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert "Traceback" not in err
    assert len(lines) == 1, f"expected one line, got:\n{err}"
    assert lines[0].startswith("Error: ")
    return lines[0]


def test_the_walk_finds_the_subcommands():
    names = {" ".join(p) for p, _ in SUBCOMMANDS}
    assert {"requests list", "requests show", "messages retry", "corrections export", "config show"} <= names


@pytest.mark.parametrize(("path", "command"), ALL, ids=_ids(ALL))
def test_help_of_every_command(cli, path, command):
    code, out, err = cli(*path, "--help")
    assert code == 0, err
    assert out.startswith("Usage: foia-intake") and "Traceback" not in out + err
    assert "Example:" in out


@pytest.mark.parametrize(("path", "command"), SUBCOMMANDS, ids=_ids(SUBCOMMANDS))
def test_unknown_option_is_one_line_and_exit_2(cli, path, command, db_env):
    code, out, err = cli(*path, "--no-such-option", env=db_env)
    line = _one_clear_line(err)
    assert code == 2
    assert "--no-such-option" in line and f"foia-intake {' '.join(path)} --help" in line


LEAVES_WITH_REQUIRED = [(p, c) for p, c in LEAVES if p and _required(c)]


@pytest.mark.parametrize(("path", "command"), LEAVES_WITH_REQUIRED, ids=_ids(LEAVES_WITH_REQUIRED))
def test_missing_argument_is_one_line_and_exit_2(cli, path, command, db_env):
    code, _, err = cli(*path, env=db_env)
    line = _one_clear_line(err)
    assert code == 2 and "Missing" in line


@pytest.mark.parametrize(("path", "command"), GROUPS, ids=_ids(GROUPS))
def test_a_group_without_a_command_shows_its_usage_and_exits_2(cli, path, command):
    code, out, err = cli(*path)
    assert code == 2
    assert "Usage: foia-intake" in err and "Commands" in err and "Traceback" not in out + err


def _id_arguments(command):
    return [p for p in command.params if p.param_type_name == "argument" and p.name.endswith("_id")]


LEAVES_WITH_IDS = [(p, c) for p, c in LEAVES if _id_arguments(c)]


@pytest.mark.parametrize(("path", "command"), LEAVES_WITH_IDS, ids=_ids(LEAVES_WITH_IDS))
def test_unknown_id_is_one_line_and_exit_1(cli, path, command, db_env):
    args = []
    for param in command.params:
        if param.param_type_name != "argument" or not param.required and not param.name.endswith("_id"):
            continue
        args.append(UNKNOWN_ID if param.name.endswith("_id") else "fee_notice")
    code, _, err = cli(*path, *args, env=db_env)
    line = _one_clear_line(err)
    assert code == 1 and f"id {UNKNOWN_ID}" in line


@pytest.mark.parametrize(("path", "command"), LEAVES_WITH_IDS, ids=_ids(LEAVES_WITH_IDS))
def test_an_id_that_is_not_a_number_is_a_usage_error(cli, path, command, db_env):
    args = ["abc" if p.name.endswith("_id") else "fee_notice"
            for p in command.params if p.param_type_name == "argument" and (p.required or p.name.endswith("_id"))]
    code, _, err = cli(*path, *args, env=db_env)
    line = _one_clear_line(err)
    assert code == 2 and "valid integer" in line


@pytest.mark.parametrize("args", [(), ("nosuchcmd",), ("requests", "nosuch"), ("-x",)])
def test_top_level_mistakes_exit_2_without_traceback(cli, args):
    code, out, err = cli(*args)
    assert code == 2 and "Traceback" not in out + err
    if args:
        assert _one_clear_line(err)


@pytest.mark.parametrize(("argv", "expected"), [
    (["sync", "--once", "--quiet"], ["--quiet", "sync", "--once"]),
    (["sync", "-q", "--sample"], ["-q", "sync", "--sample"]),
    (["requests", "list", "-vv"], ["-vv", "requests", "list"]),
    (["-v", "status"], ["-v", "status"]),
    # option values and arguments after -- are never moved
    (["reclassify", "5", "other", "--note", "-v"], ["reclassify", "5", "other", "--note", "-v"]),
    (["--config", "-q", "status"], ["--config", "-q", "status"]),
    (["requests", "add", "--agency=-q", "--subject", "-v"], ["requests", "add", "--agency=-q", "--subject", "-v"]),
    (["classify", "--", "-q"], ["classify", "--", "-q"]),
])
def test_quiet_and_verbose_after_the_command_move_in_front(argv, expected):
    assert hoist_global_flags(ROOT, argv) == expected


def test_quiet_after_the_subcommand_is_honoured(cli, sqlite_url):
    env = {"FOIA_INTAKE_DATABASE__URL": sqlite_url}
    code, out, err = cli("sync", "--once", "--sample", "--quiet", env=env)
    assert code == 0, err
    assert "sync:" not in out
    code, out, _ = cli("sync", "--sample", env=env)
    assert code == 0 and "sync:" in out
