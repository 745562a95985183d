"""The monthly return from the Report screen's key, on a file set up through the public
commands: the month before today's opens, `[`/`]` step months, `m` asks for one, ctrl+s
saves the same return the command line writes; area names are shown as typed."""

from __future__ import annotations

import io
import json
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.console import Console
from rich.text import Text
from textual.widgets import DataTable, Input, Static
from tui_helpers import drive, settle

from hotspot_tui.cli import cli
from hotspot_tui.tui.modals.budget_forms import FieldsForm
from hotspot_tui.tui.screens.monthly_return import MonthlyReturnScreen

ODD = "Town [/] Centre [b]"
FORCE = "Hertfordshire Constabulary"
POLICE_HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
                 "LSOA name,Crime type,Last outcome category,Context\n")
STAFF = (
    "Employee number,Warrant no,Surname,Forename,Rank,Job title,Annual salary,Weekly hours\n"
    'HC104234,1234,Jones,Kim,Constable,Police Constable,"£50,257.00",40\n'
    'HC104235,7001,Smith,John,,PCSO,"£23,406.00",37\n'
)


def _cli(db: Path, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--as", "PS 1234 Patel", *args, "--db", str(db)])
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


@pytest.fixture
def station(tmp_path: Path) -> Path:
    db = tmp_path / "station.db"
    _cli(db, "db", "init")
    (tmp_path / "op.toml").write_text(_cli(db, "setup", "--example"), encoding="utf-8")
    _cli(db, "setup", str(tmp_path / "op.toml"))
    _cli(db, "area", "add", ODD, "--district", "Watford", "--cost-code", "HAF-WA-ODD")
    (tmp_path / "staff.csv").write_text(STAFF, encoding="utf-8")
    _cli(db, "import", "staff", str(tmp_path / "staff.csv"))
    # the night the clocks go back: 9 hours each
    _cli(db, "patrol", "add", "--area", ODD, "--start", "2026-10-24 22:00", "--end",
         "2026-10-25 06:00", "--need", "officer=1,pcso=1")
    [ref] = [p["ref"] for p in json.loads(_cli(db, "patrol", "list", "--from", "2026-10-24",
                                                "--to", "2026-10-24", "--json"))]
    _cli(db, "assign", ref, "HC104234", "HC104235", "--told", "2026-09-01")
    _cli(db, "book", ref, "--as-planned")
    _cli(db, "outcome", ref, "--informal-warnings", "3", "--dispersals", "1")
    _cli(db, "area", "geography", ODD, "--centre", "51.7,-0.2", "--radius", "300")
    street = tmp_path / "2026-10-hertfordshire-street.csv"
    street.write_text(POLICE_HEADER + "".join(
        f",2026-10,{FORCE},{FORCE},-0.2000,{51.7 + i / 10_000:.4f},On or near High Street,"
        f"E01023001,Watford 001A,Anti-social behaviour,,\n" for i in range(2)), encoding="utf-8")
    _cli(db, "import", "crime", str(street))
    return db


def _text(widget: Static) -> str:
    """What a Static shows, as plain text (its content is a Rich renderable)."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def _rows(table: DataTable[Any]) -> list[list[str]]:
    return [[c.plain if isinstance(c, Text) else str(c) for c in table.get_row_at(i)]
            for i in range(table.row_count)]


def test_the_report_screen_key_opens_last_months_return_and_saves_it(station: Path,
                                                                      tmp_path: Path) -> None:
    saved = tmp_path / "oct.md"

    async def script(pilot: Any) -> None:
        app = pilot.app
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("ctrl+t")  # the clock says 25 Nov 2026: October's return
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, MonthlyReturnScreen)
        total = _text(screen.query_one("#return-total", Static))
        assert "Monthly return: October 2026" in total
        assert "Police officer person-hours" in total and "Informal warnings" in total
        assert "recorded by Hertfordshire Constabulary (data.police.uk, October 2026)" in total
        assert "ASB incidents (police data)" in total
        assert "Hours include 2 bookings (18.00 h) not yet approved for payment." in total
        rows = {r[0]: r for r in _rows(screen.query_one("#return-areas", DataTable))}
        assert rows[ODD][1:5] == ["9.00", "9.00", "0.00", "18.00"]  # officer, PCSO, council, all
        assert rows["Total"][1:6] == ["9.00", "9.00", "0.00", "18.00", "1"]
        assert rows["Total"][-2:] == ["4", "2"]  # ASB powers incl. warnings; police-recorded ASB
        assert rows["Watford"][-1] == "0" and rows[ODD][-1] == "2"
        await pilot.press("left_square_bracket")
        await settle(pilot)
        september = _text(screen.query_one("#return-total", Static))
        assert "Monthly return: September 2026" in september
        assert "police data for September 2026 is not yet published/imported" in september
        rows = {r[0]: r for r in _rows(screen.query_one("#return-areas", DataTable))}
        assert rows[ODD][4] == "0.00" and rows[ODD][-1] == "—"
        await pilot.press("m")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FieldsForm)
        form.query_one("#f-month", Input).value = "2026-13"
        await pilot.press("enter")
        await settle(pilot)
        assert "is not a month" in form.error_text and app.screen is form
        form.query_one("#f-month", Input).value = "2026-10"
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        assert "Monthly return: October 2026" in _text(screen.query_one("#return-total", Static))
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FieldsForm)
        form.query_one("#f-path", Input).value = str(saved)
        await pilot.press("enter")
        await settle(pilot)
        assert app.screen is screen
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen.__class__.__name__ == "ReportScreen"

    drive(station, script, size=(80, 24))
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    on_screen = saved.read_text(encoding="utf-8").splitlines()
    from_shell = _cli(station, "report", "monthly", "--month", "2026-10").splitlines()
    differ = [(a, b) for a, b in zip(on_screen, from_shell, strict=True) if a != b]
    # the same return but for when it was read (the app's clock is fixed) and the checkpoint
    assert [a[:8] for a, _ in differ] == ["- As at "], differ


def test_a_from_day_typed_chooses_its_month(station: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        await pilot.press("6")
        await settle(pilot)
        app.screen.query_one("#from", Input).value = "24/10/2026"
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert isinstance(app.screen, MonthlyReturnScreen)
        assert app.screen.month.text() == "2026-10"
        await pilot.press("question_mark")
        await settle(pilot)
        shown = str(app.screen.query_one("Markdown").source)  # type: ignore[attr-defined]
        assert "# Monthly return" in shown and "Previous month" in shown

    drive(station, script)


@pytest.mark.parametrize("size", [(80, 24), (160, 48)], ids=["80x24", "160x48"])
def test_the_monthly_return_look(snap_compare: Any, station: Path, size: tuple[int, int]) -> None:
    from tui_helpers import build_app

    async def open_october(pilot: Any) -> None:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)

    assert snap_compare(build_app(station), terminal_size=size, run_before=open_october)
