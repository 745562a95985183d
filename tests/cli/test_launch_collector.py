"""`hotspot-tui` holds Python's cycle collector off from before it imports the app until
the start is made, and gives it back however the app ends or if it never opens."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli, tui_launch
from hotspot_tui.config import Settings
from hotspot_tui.errors import HotspotError


@pytest.fixture
def collector_on() -> object:
    gc.enable()
    yield
    gc.enable()


def test_the_app_is_run_with_the_collector_held_and_it_is_on_after(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, collector_on: object) -> None:
    db = tmp_path / "ops.db"
    assert CliRunner().invoke(cli, ["db", "init", "--db", str(db)]).exit_code == 0
    held: list[bool] = []

    def run(session, **_: object) -> None:  # type: ignore[no-untyped-def]
        held.append(gc.isenabled())
        session.close()

    monkeypatch.setattr(tui_launch, "_run", run)
    tui_launch.launch(Settings(db_path=db, user="tester"))
    assert held == [False]
    assert gc.isenabled()


def test_a_file_that_cannot_be_opened_gives_the_collector_back(
        tmp_path: Path, collector_on: object) -> None:
    with pytest.raises(HotspotError):
        tui_launch.launch(Settings(db_path=tmp_path / "missing.db", user="tester"))
    assert gc.isenabled()
