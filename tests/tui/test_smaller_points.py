"""The smaller things a newcomer tripped on: dates typed the same way everywhere, messages
that do not name command-line flags, a saved file in the format its name says, public
holidays and cover limits in the pattern preview, [ and ] meaning earlier and later on every
screen, a usable 60x20 terminal, notifications clear of the detail lines, and filters that
say when they could not be applied."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Input, Static
from tui_helpers import build_app, drive, settle, type_text

from hotspot_tui.domain.patterns import parse_pattern
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.shifts import preview_pattern
from hotspot_tui.tui.modals.budget_forms import FieldsForm
from hotspot_tui.tui.screens.audit import AuditScreen
from hotspot_tui.tui.screens.report import ReportScreen, format_for


def _text(widget: Any) -> str:
    return str(widget.render())


def test_the_report_takes_dates_as_go_to_date_does_and_never_names_cli_flags(
        demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        await pilot.press("6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReportScreen)
        assert app.focused is screen.query_one("#from", Input)
        await type_text(pilot, "1/6/2026")
        screen.query_one("#to", Input).value = "30 jun 2026"
        await pilot.press("enter")
        await settle(pilot)
        assert screen.report is not None
        assert (screen.report.first, screen.report.last) == (date(2026, 6, 1), date(2026, 6, 30))
        screen.query_one("#from", Input).value = "2026-07-01"
        await pilot.press("enter")
        await settle(pilot)
        error = _text(screen.query_one("#error", Static))
        assert "before the first" in error and "--" not in error

    drive(demo_db, script, size=(80, 24))


@pytest.mark.parametrize(("name", "chosen", "fmt"), [
    ("weekend.csv", "auto", "csv"), ("weekend.json", "auto", "json"),
    ("weekend.md", "auto", "md"), ("weekend.txt", "auto", "md"), ("weekend.csv", "json", "json"),
])
def test_the_saved_report_follows_the_file_name_unless_a_format_is_chosen(
        name: str, chosen: str, fmt: str) -> None:
    assert format_for(Path(name), chosen) == fmt


def test_saving_weekend_csv_writes_csv(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "weekend.csv"

    async def script(pilot: Any) -> None:
        app = pilot.app
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.press("ctrl+s")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FieldsForm)
        form.query_one("#f-path", Input).value = str(target)
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert not isinstance(app.screen, FieldsForm)

    drive(demo_db, script, size=(80, 24))
    assert target.read_text().startswith("from,to,area,patrols")


def test_the_pattern_preview_names_christmas_and_new_years_day(session: Any) -> None:
    area = session.db.execute("SELECT name FROM areas ORDER BY name LIMIT 1").fetchone()[0]
    preview = preview_pattern(
        session, f"every Fri 18:00-02:00 in {area} from 2026-12-20 until 2027-01-03, "
                 "need 1 officer", date(2026, 11, 25))
    assert preview.holidays[date(2026, 12, 25)] == "Christmas Day"
    assert "New Year" in preview.holidays[date(2027, 1, 1)]


def test_the_pattern_box_caps_cover_as_the_form_does() -> None:
    with pytest.raises(ValidationFailed, match="at most 50"):
        parse_pattern("every Fri 18:00-02:00 in Watford until 2026-12-31, need 99 officers",
                      date(2026, 11, 25))


def test_square_brackets_mean_earlier_and_later_on_every_screen() -> None:
    from hotspot_tui.tui.screens.payroll import PayrollScreen
    from hotspot_tui.tui.screens.roster import RosterScreen

    def action(cls: type, key: str) -> str:
        return next(b.action for b in cls.BINDINGS if b.key == key)  # type: ignore[attr-defined]

    assert action(RosterScreen, "left_square_bracket") == "week(-1)"
    assert action(PayrollScreen, "left_square_bracket") == "older"
    assert action(RosterScreen, "right_square_bracket") == "week(1)"
    assert action(PayrollScreen, "right_square_bracket") == "newer"


def test_the_dashboard_totals_do_not_wrap_at_60x20(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        lines = _text(pilot.app.screen.query_one("#summary", Static)).splitlines()
        to_date = next(i for i, line in enumerate(lines) if "To date" in line)
        assert "£" in lines[to_date] and lines[to_date].count("£") >= 5, lines[to_date - 1:to_date + 2]
        region = pilot.app.screen.query_one("#summary").region
        assert region.right <= 60

    drive(demo_db, script, size=(60, 20))


def test_notifications_stay_clear_of_the_detail_lines(demo_db: Path) -> None:
    async def run() -> None:
        app = build_app(demo_db)
        async with app.run_test(size=(80, 24), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            app.notify("Patrol created on Fri 04 Dec")
            await settle(pilot)
            await pilot.pause(0.2)
            toast = app.screen.query_one("Toast")
            detail = app.screen.query_one("#cell-detail")
            assert toast.region.height > 0
            assert toast.region.bottom <= detail.region.y, (toast.region, detail.region)

    asyncio.run(run())


def test_the_roster_cell_detail_shows_all_three_lines(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        await pilot.press("2")
        await settle(pilot)
        detail = pilot.app.screen.query_one("#cell-detail", Static)
        assert len(_text(detail).splitlines()) == 3
        assert detail.content_region.height >= 3

    drive(demo_db, script, size=(80, 24))


def test_up_on_the_audit_lists_top_row_stays_in_the_list(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        await pilot.press("4")
        await settle(pilot)
        table = app.screen.query_one("#audit-list", DataTable)
        assert app.focused is table and table.cursor_row == 0
        await pilot.press("up", "up")
        assert app.focused is table

    drive(demo_db, script, size=(80, 24))


def test_an_ambiguous_audit_filter_says_the_list_is_not_filtered(demo_db: Path) -> None:
    async def script(pilot: Any) -> None:
        app = pilot.app
        await pilot.press("4")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        first = app.session.db.execute(
            "SELECT substr(name, 1, instr(name, ' ') - 1) AS f FROM staff GROUP BY f "
            "HAVING count(*) > 1 LIMIT 1").fetchone()[0]
        box = screen.query_one("#a-person", Input)
        box.focus()
        box.value = first
        await pilot.press("enter")
        await settle(pilot)
        status = _text(screen.query_one("#audit-status", Static))
        assert "Not filtered" in status and "people match" in status

    drive(demo_db, script, size=(80, 24))
