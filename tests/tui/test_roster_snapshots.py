"""How the roster and a patrol look on the demo data, time frozen at Wed 25 Nov 2026 12:00."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tui_helpers import build_app, settle

from hotspot_tui.services.session import open_session
from hotspot_tui.tui.screens.shift import ShiftScreen

SIZES = [(80, 24), (160, 48)]


def _shift(db: Path) -> str:
    s = open_session(db, "setup")
    try:
        return s.db.execute(
            "SELECT s.id FROM shifts s JOIN areas a ON a.id = s.area_id WHERE s.local_date = '2026-11-27' "
            "AND s.status = 'planned' ORDER BY a.name LIMIT 1"
        ).fetchone()[0]
    finally:
        s.close()


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_roster_week(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    async def run_before(pilot: Any) -> None:
        pilot.app.switch_mode("roster")
        await settle(pilot)

    assert snap_compare(build_app(demo_db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_shift_page(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    shift_id = _shift(demo_db)

    async def run_before(pilot: Any) -> None:
        pilot.app.switch_mode("roster")
        await settle(pilot)
        pilot.app.push_screen(ShiftScreen(shift_id))
        await settle(pilot)

    assert snap_compare(build_app(demo_db), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_candidate_picker(snap_compare: Any, demo_db: Path, size: tuple[int, int]) -> None:
    shift_id = _shift(demo_db)

    async def run_before(pilot: Any) -> None:
        pilot.app.switch_mode("roster")
        await settle(pilot)
        pilot.app.push_screen(ShiftScreen(shift_id))
        await settle(pilot)
        await pilot.press("a")
        await settle(pilot)

    assert snap_compare(build_app(demo_db), terminal_size=size, run_before=run_before)
