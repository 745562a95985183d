"""How the Staff list, a person's page and the Audit screen look, on the demo data, time frozen."""

from __future__ import annotations

import pytest
from app_settle import settle

from hotspot_tui.tui.screens.person import PersonScreen

SIZES = [(80, 24), (160, 48)]




@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_staff_list(snap_compare, app, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.switch_mode("staff")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_person_page(snap_compare, app, query, size) -> None:  # type: ignore[no-untyped-def]
    (staff_id,) = query(
        "SELECT p.id FROM staff p WHERE p.kind = 'officer' AND EXISTS (SELECT 1 FROM assignments a "
        "WHERE a.staff_id = p.id AND a.status = 'planned' AND a.start_utc > '2026-11-25T12:00:00Z') "
        "ORDER BY p.payroll_number LIMIT 1")[0]

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.switch_mode("staff")
        await settle(pilot)
        await pilot.app.push_screen(PersonScreen(staff_id))
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_audit_screen(snap_compare, app, history, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        pilot.app.switch_mode("audit")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)
