"""An app that ends on an unhandled error must not look like a clean exit to the shell."""

from __future__ import annotations

import pytest

from hotspot_tui.cli import tui_launch
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.screens.dashboard import DashboardScreen


def test_a_screen_crash_exits_non_zero_with_one_line(session, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    def boom(self) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError("screen broke")

    monkeypatch.setattr(DashboardScreen, "on_mount", boom)
    with pytest.raises(SystemExit) as exited:
        tui_launch._run(session, headless=True)
    assert exited.value.code == tui_launch.CRASH_EXIT_CODE != 0
    err = capsys.readouterr().err
    last = [line for line in err.splitlines() if line.strip()][-1]
    assert last.startswith("hotspot-tui: the app stopped after an unexpected error")


def test_a_clean_quit_exits_normally(session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(HotspotApp, "on_ready", lambda self: self.exit(), raising=False)
    tui_launch._run(session, headless=True)
