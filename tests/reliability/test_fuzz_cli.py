"""Bad input to the command line: random arguments to every command (found by walking the click
tree, so commands added later are covered): no traceback, exit 0, 1 or 2, failures in one line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import bad_files
import click
import pytest
from cli_tree import assert_clean_exit, leaf_commands
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotspot_tui import laptop_kit
from hotspot_tui.cli import cli, tui_launch
from hotspot_tui.services import sample as sample_service

COMMANDS: list[tuple[str, ...]] = [(), *[path for path, _ in leaf_commands()]]
BY_PATH = dict(leaf_commands())


@pytest.fixture
def world(tmp_path, demo_db_template, monkeypatch):  # type: ignore[no-untyped-def]
    """A scratch folder with a good database, bad files and a CSV; the app never starts."""
    good = tmp_path / "good.db"
    shutil.copyfile(demo_db_template, good)
    good.chmod(0o600)
    files = {"good": good}
    for name, maker in {**bad_files.REFUSED, **bad_files.REFUSED_BY_THE_APP}.items():
        (tmp_path / name).mkdir()
        files[name] = maker(tmp_path / name / "x.db")
    csv = tmp_path / "people.csv"
    csv.write_text("Payroll number,Name,Kind\nHC1,PC A,PC\n")
    files["csv"] = csv

    def no_app(session, **_options) -> None:  # type: ignore[no-untyped-def]
        session.close()

    real_create = sample_service.create_sample_database

    def demo_only(path, *, seed, scale, progress=None):  # type: ignore[no-untyped-def]
        return real_create(path, seed=seed, scale="demo", progress=progress)  # county is for benchmarks

    def no_network(args):  # type: ignore[no-untyped-def]
        return subprocess.CompletedProcess(args, 1, "", "ERROR: no package index in the fuzz")

    monkeypatch.setattr(tui_launch, "_run", no_app)
    monkeypatch.setattr(laptop_kit, "_pip", no_network)  # the kit's own tests gather a real one
    monkeypatch.setattr(sample_service, "create_sample_database", demo_only)
    monkeypatch.setenv("HOTSPOT_DB", str(good))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.chdir(tmp_path)
    yield files
    for path in files.values():
        if path.exists() and path.is_file():
            path.chmod(0o600)


def _option_names(command: click.Command) -> list[str]:
    return [name for p in command.params if isinstance(p, click.Option) for name in p.opts]


def argv_for(path: tuple[str, ...], files: dict[str, Path]) -> st.SearchStrategy[list[str]]:
    command = BY_PATH.get(path, cli)
    names = [*_option_names(command), "--help", "--", "-x", "--no-such-option"]
    if path == ():
        names += [c[0] for c in COMMANDS if c]
    token = st.one_of(
        st.sampled_from(names),
        st.sampled_from(sorted(str(p) for p in files.values())),
        st.sampled_from(["", " ", "-1", "0", "99999999999999999999", "2026-06", "2026-13-45", "county",
                         "demo", "csv", "xlsx", "new.db", "out/x.db", "~", "/", "/dev/null", "💷",
                         "a\nb", "--db=", "PS O'Brien"]),
        st.text(max_size=12),
    )
    return st.lists(token, max_size=6)


@pytest.mark.slow
@pytest.mark.parametrize("path", COMMANDS, ids=lambda p: " ".join(p) or "app")
def test_random_arguments_never_crash(path, world) -> None:  # type: ignore[no-untyped-def]
    @settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
    @given(argv=argv_for(path, world))
    def check(argv: list[str]) -> None:
        result = CliRunner().invoke(cli, [*path, *argv])
        assert_clean_exit(result)
        outcomes[result.exit_code] = outcomes.get(result.exit_code, 0) + 1

    outcomes: dict[int, int] = {}
    check()
    print(" ".join(path) or "app", outcomes)
    assert bad_files.fingerprint(world["missing"])[0] == "absent", "a refused path was created"


def test_every_command_is_fuzzed() -> None:
    assert {("db", "info"), ("db", "check"), ("db", "migrate"), ("db", "init"), ("sample",),
            ("audit", "verify")} <= set(COMMANDS)
