"""The payroll screen: draft export, a refused out-of-order final, then confirm and lock."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest
from app_settle import settle

from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.navigation import SECTIONS
from tests.payroll.helpers import worked_cost


def _payroll_only():  # type: ignore[no-untyped-def]
    return [s for s in SECTIONS if s.mode == "payroll"]


async def _settle(app, pilot) -> None:  # type: ignore[no-untyped-def]
    await settle(pilot)


def _select(screen, period_id: str) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import DataTable

    table = screen.query_one("#periods", DataTable)
    index = [p.id for p in screen.periods].index(period_id)
    table.move_cursor(row=index)


def test_export_flow(session, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    asyncio.run(_export_flow(session, tmp_path))


async def _export_flow(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Static

    from hotspot_tui.tui.screens.payroll import ConfirmFinalExport, PayrollScreen

    app = HotspotApp(session, sections=_payroll_only())
    async with app.run_test(size=(120, 36)) as pilot:
        await _settle(app, pilot)
        screen = app.screen
        assert isinstance(screen, PayrollScreen)
        assert {"2026-05", "2026-06"} <= {p.id for p in screen.periods}

        _select(screen, "2026-05")
        await pilot.press("d")
        await _settle(app, pilot)
        assert (tmp_path / "payroll-2026-05-draft.csv").exists()
        assert "Wrote" in str(screen.query_one("#result", Static).content)

        _select(screen, "2026-06")
        await pilot.press("f")
        await _settle(app, pilot)
        assert not isinstance(app.screen, ConfirmFinalExport)
        assert "2026-05" in str(screen.query_one("#result", Static).content)

        _select(screen, "2026-05")
        await pilot.press("f")
        await _settle(app, pilot)
        assert isinstance(app.screen, ConfirmFinalExport)
        await pilot.press("y")
        await _settle(app, pilot)
        assert app.screen is screen
        assert (tmp_path / "payroll-2026-05.csv").exists()
        assert "period locked" in str(screen.query_one("#result", Static).content)
        may = next(p for p in screen.periods if p.id == "2026-05")
        assert may.status == "locked"
        assert may.exported_pence == worked_cost(session, date(2026, 5, 1), date(2026, 6, 1))
        assert may.worked_pence == worked_cost(session, date(2026, 5, 1), date(2026, 6, 1), None)

        # Exporting the locked period again gives the same bytes under a new name.
        _select(screen, "2026-05")
        await pilot.press("d")
        await _settle(app, pilot)
        again = tmp_path / "payroll-2026-05-2.csv"
        assert again.read_bytes() == (tmp_path / "payroll-2026-05.csv").read_bytes()
        row = session.db.execute("SELECT status, locked_by FROM pay_periods WHERE id = '2026-05'").fetchone()
        assert row == ("locked", "PS Tester")
        assert session.db.execute("SELECT count(*) FROM audit_log WHERE action = 'payroll.lock'"
                                  ).fetchone()[0] == 1
