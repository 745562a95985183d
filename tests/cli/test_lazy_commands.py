"""Bare `hotspot-tui` opens the app without importing every command's modules first: the
console script's module names its commands and imports one only when it is used."""

from __future__ import annotations

import subprocess
import sys

import click
from click.testing import CliRunner

from hotspot_tui.cli import COMMANDS, cli


def _imported_by_entry() -> set[str]:
    """The modules a fresh interpreter has once it has imported the console script's module."""
    out = subprocess.run(
        [sys.executable, "-c", "import sys, hotspot_tui.cli; print('\\n'.join(sys.modules))"],
        capture_output=True, text=True, check=True,
    ).stdout
    return set(out.split())


def test_the_entry_imports_no_command_module_nor_what_commands_need() -> None:
    imported = _imported_by_entry()
    command_modules = {f"hotspot_tui.cli.{target.split(':')[0]}" for target in COMMANDS.values()}
    assert not command_modules & imported
    assert not {"pydantic", "holidays", "hotspot_tui.domain.rules"} & imported


def test_every_listed_command_is_found_under_its_own_name() -> None:
    ctx = click.Context(cli)
    assert cli.list_commands(ctx) == sorted(COMMANDS)
    for name in COMMANDS:
        command = cli.get_command(ctx, name)
        assert isinstance(command, click.Command)
        assert command.name == name


def test_help_lists_every_command_and_an_unknown_one_is_refused_in_one_line() -> None:
    runner = CliRunner()
    shown = runner.invoke(cli, ["--help"])
    assert shown.exit_code == 0
    listed = shown.output.split("Commands:", 1)[1]
    for name in COMMANDS:
        assert f"\n  {name} " in listed
    refused = runner.invoke(cli, ["nosuch"])
    assert refused.exit_code == 2
    assert "No such command 'nosuch'" in refused.output
    assert "Traceback" not in refused.output
