"""A new force's first pay period, walked through the app by keys from an empty file: the
set-up screen (an operation file loaded and saved), a staff import, a recurring patrol, each
patrol opened from the roster, people assigned, hours booked, outcomes recorded, then the
final payroll export, whose total is the report's (no SQL, no sample data)."""

from __future__ import annotations

import csv
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from app_settle import settle
from textual.widgets import DataTable, Input

from hotspot_tui.exports.payroll_lines import HEADER
from hotspot_tui.services import report
from hotspot_tui.services.approvals import approve_patrol
from hotspot_tui.services.session import open_session
from hotspot_tui.services.setup import example_text, initialise_database
from hotspot_tui.services.shifts import list_patrols
from hotspot_tui.tui.app import make_app

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # Wednesday 25 November 2026
STAFF = (
    "Employee number,Warrant no,Surname,Forename,Rank,Job title,Annual salary,Weekly hours\n"
    'HC104233,4521,Patel,Asha,Sergeant,Police Sergeant,"£52,064.00",40\n'
    'HC104234,1234,Jones,Kim,Constable,Police Constable,"£50,257.00",40\n'
)
FRIDAYS = ("2026-11-06", "2026-11-13", "2026-11-20")


async def type_into(pilot, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    pilot.app.screen.query_one(selector, Input).value = text
    await pilot.pause()


async def open_watford_patrol(pilot, day: str) -> None:  # type: ignore[no-untyped-def]
    """From the roster: go to the day's week, then to Watford's row and the day's column."""
    await pilot.press("g")
    await settle(pilot)
    await type_into(pilot, "Input", day)
    await pilot.press("enter")
    await settle(pilot)
    grid = pilot.app.screen.query_one("#grid", DataTable)
    grid.focus()
    labels = [str(c.label) for c in grid.columns.values()]
    column = next(i for i, label in enumerate(labels) if date.fromisoformat(day).strftime("%d %b") in label)
    row = next(i for i in range(grid.row_count) if "Watford" in str(grid.get_row_at(i)[0]))
    await pilot.press(*["down"] * (row - grid.cursor_row), *["right"] * (column - grid.cursor_column))
    await pilot.press("enter")
    await settle(pilot)
    assert pilot.app.screen.__class__.__name__ == "ShiftScreen", pilot.app.screen


def test_first_run_to_first_payroll_export(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio

    monkeypatch.chdir(tmp_path)
    db = tmp_path / "station.db"
    initialise_database(db, "Insp Clarke")
    (tmp_path / "operation.toml").write_text(example_text(), encoding="utf-8")
    (tmp_path / "staff.csv").write_text(STAFF, encoding="utf-8")

    async def walk() -> None:
        app = make_app(open_session(db, "Insp Clarke"))
        app.clock = lambda: NOW  # type: ignore[attr-defined]
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            assert app.screen.__class__.__name__ == "SetupScreen"
            await pilot.press("ctrl+o")
            await settle(pilot)
            await type_into(pilot, "#path", str(tmp_path / "operation.toml"))
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen.__class__.__name__ == "DashboardScreen"

            await pilot.press("3")  # Staff
            await settle(pilot)
            await pilot.press("i")
            await settle(pilot)
            await type_into(pilot, "#path", str(tmp_path / "staff.csv"))
            await pilot.press("enter")
            await settle(pilot)
            await pilot.press("ctrl+s")
            await settle(pilot)
            assert app.screen.__class__.__name__ == "StaffScreen"

            await pilot.press("2")  # Roster
            await settle(pilot)
            await pilot.press("p")
            await settle(pilot)
            await type_into(pilot, "#pattern", "every Fri 18:00-02:00 in Watford from 2026-11-06 "
                                               "until 2026-11-20, need 2 officers")
            await pilot.press("enter")  # preview
            await settle(pilot)
            await pilot.press("enter")  # save
            await settle(pilot)
            assert app.screen.__class__.__name__ == "RosterScreen"

            for day in FRIDAYS:
                await open_watford_patrol(pilot, day)
                await pilot.press("a")
                await settle(pilot)
                await type_into(pilot, "#told", "2026-10-01")
                app.screen.query_one("#candidates", DataTable).focus()
                await pilot.press("space", "down", "space")
                await pilot.press("enter")
                await settle(pilot)
                assert app.screen.__class__.__name__ == "ShiftScreen"
                for person in range(2):
                    if person:
                        await pilot.press("down")  # the next person on the patrol
                    await pilot.press("b")
                    await settle(pilot)
                    await pilot.press("ctrl+s")
                    await settle(pilot)
                    assert app.screen.__class__.__name__ == "ShiftScreen"
                await pilot.press("o")
                await settle(pilot)
                await type_into(pilot, "#arrests", "1")
                await type_into(pilot, "#dispersals", "2")
                await pilot.press("ctrl+s")
                await settle(pilot)
                await pilot.press("escape")
                await settle(pilot)

            # A second supervisor, at another desk, approves the hours for payment.
            approver = open_session(db, "PS Mercer")
            for patrol in list_patrols(approver, date(2026, 11, 1), date(2026, 11, 30)):
                approve_patrol(approver, patrol.ref)

            await pilot.press("7")  # Payroll
            await settle(pilot)
            screen = app.screen
            table = screen.query_one("#periods", DataTable)
            table.focus()
            ids = [p.id for p in screen.periods]  # type: ignore[attr-defined]
            await pilot.press(*["down"] * (ids.index("2026-11") - table.cursor_row))
            await pilot.press("f")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)

    asyncio.run(walk())

    exported = tmp_path / "payroll-2026-11.csv"
    with exported.open(newline="", encoding="utf-8-sig") as fh:
        rows = [r for r in csv.DictReader(fh) if r["Payroll number"] not in ("TOTAL", "AUDIT")]
    assert exported.read_text(encoding="utf-8-sig").rstrip().splitlines()[-1].startswith(
        "AUDIT,Audit checkpoint,")  # the final file made from the app holds the log too
    total = sum(int(Decimal(r[HEADER[13]]) * 100) for r in rows)
    assert {r["Approved by"] for r in rows} == {"PS Mercer"}
    assert {r["Payroll number"] for r in rows} == {"HC104233", "HC104234"}
    assert {r["Cost code"] for r in rows} == {"HAF-WA-WAT"}
    session = open_session(db, "reader")
    try:
        figures = report.operation_report(session, date(2026, 11, 1), date(2026, 11, 30))
    finally:
        session.close()
    assert figures.total.patrol_spend_pence == total > 0
    assert (figures.total.arrests, figures.total.minutes) == (3, 6 * 8 * 60)
