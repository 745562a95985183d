"""The dashboard, budget and report screens: snapshots with a fixed today, and budget edits
driven through the real app with their audit rows checked."""

from __future__ import annotations

import io
import json
from collections.abc import Awaitable, Callable
from typing import Any

import pytest
from app_settle import settle, steady_cursors
from rich.console import Console
from textual.pilot import Pilot
from textual.widgets import DataTable, Input, Static

from hotspot_tui.services.session import Session
from hotspot_tui.tui.app import HotspotApp, make_app
from hotspot_tui.tui.modals.budget_forms import FieldsForm
from tests.dashboard.conftest import TODAY, set_costs

SIZES = [(80, 24), (160, 48)]


def build_app(session: Session) -> HotspotApp:
    set_costs(session)
    app = make_app(session)
    app.fixed_today = TODAY  # type: ignore[attr-defined]
    return app




def goto(key: str) -> Callable[[Pilot[Any]], Awaitable[None]]:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        if key:
            await pilot.press(key)
            await settle(pilot)
        steady_cursors(pilot.app)
        await settle(pilot)
    return run_before


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_dashboard_snapshot(snap_compare: Any, session: Session, size: tuple[int, int]) -> None:
    assert snap_compare(build_app(session), terminal_size=size, run_before=goto(""))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_budget_snapshot(snap_compare: Any, session: Session, size: tuple[int, int]) -> None:
    assert snap_compare(build_app(session), terminal_size=size, run_before=goto("5"))


def test_report_snapshot(snap_compare: Any, session: Session) -> None:
    assert snap_compare(build_app(session), terminal_size=(160, 48), run_before=goto("6"))


def text_of(widget: Static) -> str:
    """What a Static shows, as plain text (its content may be a Rich renderable)."""
    console = Console(width=200, record=True, file=io.StringIO())
    console.print(widget.content)
    return console.export_text()


def _audit(session: Session) -> list[dict[str, Any]]:
    return list(session.db.query("SELECT * FROM audit_log ORDER BY seq"))


def _grant(session: Session) -> int:
    return session.db.execute("SELECT grant_pence FROM budget").fetchone()[0]


async def _type(pilot: Pilot[Any], selector: str, text: str) -> None:
    field = pilot.app.screen.query_one(selector, Input)
    field.value = ""
    field.focus()
    await pilot.press(*text)


async def test_dashboard_is_home_and_sorts(session: Session) -> None:
    app = build_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert type(app.screen).__name__ == "DashboardScreen"
        summary = text_of(app.screen.query_one("#summary", Static))
        assert "£1,000,000.00" in summary
        table = app.screen.query_one("#areas", DataTable)
        first = lambda: str(table.get_row_at(0)[0])  # noqa: E731
        assert first() == "Bishop's Stortford"
        await pilot.press("s")  # allocation, largest first
        assert table.get_row_at(0)[1].plain == "£100,000"
        await pilot.press("S")  # reversed: smallest first
        assert table.get_row_at(0)[1].plain == "£66,000"
        await pilot.press("s", "s", "s", "s", "s", "s")  # round to area again
        assert first() == "Bishop's Stortford"
        await pilot.click("#areas", offset=(3, 0))  # click the Area heading: reverse
        await pilot.pause()
        assert first() == "Welwyn Garden City"
        alerts = str(app.screen.query_one("#alerts", Static).content)
        assert "short of" in alerts


async def test_edit_grant_through_the_form(session: Session) -> None:
    app = build_app(session)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("g")
        await pilot.pause()
        assert isinstance(app.screen, FieldsForm)
        await _type(pilot, "#f-grant", "1,250,000")
        await pilot.press("enter")
        await settle(pilot)
        assert not isinstance(app.screen, FieldsForm)
        assert _grant(session) == 125_000_000
        entry = _audit(session)[-1]
        assert entry["action"] == "budget.update" and entry["actor"] == "PS Tester"
        details = json.loads(entry["details"])
        assert details["before"]["grant_pence"] == 100_000_000
        assert details["after"]["grant_pence"] == 125_000_000
        assert "£1,250,000.00" in text_of(app.screen.query_one("#summary", Static))


async def test_bad_grant_shows_inline_and_writes_nothing(session: Session) -> None:
    app = build_app(session)
    n = len(_audit(session))
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("g")
        await pilot.pause()
        await _type(pilot, "#f-grant", "lots")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FieldsForm)
        assert "not an amount in pounds" in app.screen.error_text
        # a figure the service refuses: below what is already allocated
        await _type(pilot, "#f-grant", "500000")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, FieldsForm)
        assert "allocations total £935,150.00" in str(app.screen.query_one("#error", Static).content)
        await pilot.press("escape")  # leaves the field: the form and its message stay
        await pilot.pause()
        assert isinstance(app.screen, FieldsForm)
        assert "allocations total" in app.screen.error_text
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, FieldsForm)
        assert _grant(session) == 100_000_000
        assert len(_audit(session)) == n


async def test_edit_allocation_with_enter(session: Session) -> None:
    app = build_app(session)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        table = app.screen.query_one("#allocations", DataTable)
        table.focus()
        await pilot.press("enter")  # the first area: Bishop's Stortford
        await pilot.pause()
        assert isinstance(app.screen, FieldsForm)
        await _type(pilot, "#f-allocation", "70000")
        await pilot.press("enter")
        await settle(pilot)
        entry = _audit(session)[-1]
        assert entry["action"] == "allocation.set"
        assert json.loads(entry["details"]) == {
            "area": "Bishop's Stortford", "before": {"allocation_pence": 7_315_000},
            "after": {"allocation_pence": 7_000_000}}


async def test_add_and_delete_spend_line(session: Session) -> None:
    app = build_app(session)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("5")
        await settle(pilot)
        await pilot.press("n")
        await pilot.pause()
        await _type(pilot, "#f-description", "Mobile CCTV van")
        await _type(pilot, "#f-amount", "8250")
        await _type(pilot, "#f-spent_on", "2026-11-01")
        await pilot.click("#save")
        await settle(pilot)
        assert not isinstance(app.screen, FieldsForm)
        added = _audit(session)[-1]
        assert added["action"] == "spend_line.add"
        assert json.loads(added["details"])["after"]["amount_pence"] == 825_000
        spend = app.screen.query_one("#spend", DataTable)
        assert str(spend.get_row_at(0)[1]) == "Mobile CCTV van"  # newest first
        spend.focus()
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await settle(pilot)
        deleted = _audit(session)[-1]
        assert deleted["action"] == "spend_line.delete" and deleted["entity_id"] == added["entity_id"]
        assert session.db.execute("SELECT count(*) FROM spend_lines WHERE id = ?",
                                  [added["entity_id"]]).fetchone()[0] == 0


async def test_report_screen_runs_for_a_range(session: Session) -> None:
    app = build_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        assert "Arrests" in text_of(app.screen.query_one("#report", Static))
        asb = text_of(app.screen.query_one("#asb", Static))
        assert "SAMPLE DATA: generated for the demonstration" in asb
        assert "All placed areas    ASB down" in asb and " against " in asb
        await _type(pilot, "#from", "2026-13-01")
        await pilot.press("enter")
        await settle(pilot)
        assert "not a real date" in str(app.screen.query_one("#error", Static).content)
        await _type(pilot, "#from", "2026-06-01")
        await _type(pilot, "#to", "2026-06-30")
        await pilot.press("enter")
        await settle(pilot)
        assert "01 Jun 2026 to 30 Jun 2026" in text_of(app.screen.query_one("#report", Static))


async def test_report_screen_saves_owner_only_file(session: Session, tmp_path: Any) -> None:
    app = build_app(session)
    target = tmp_path / "press.csv"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, FieldsForm)
        app.screen.query_one("#f-path", Input).value = str(target)
        from textual.widgets import Select
        app.screen.query_one("#f-format", Select).value = "csv"
        await pilot.click("#save")
        await settle(pilot)
        assert not isinstance(app.screen, FieldsForm)
    assert target.read_text().startswith("from,to,area,patrols")
    assert (target.stat().st_mode & 0o777) == 0o600


async def test_the_file_name_offered_for_an_area_report_is_one_file_here(session: Session) -> None:
    """An area named with a slash and a colon is offered as one file in the folder the app
    runs in, not a path into a folder of that name (nor a Windows drive)."""
    from textual.widgets import Select

    from hotspot_tui.services.organisation import add_area

    name = "North/South: [b]Quay[/b]"
    add_area(session, name, "D1", "CC-9")
    app = build_app(session)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("6")
        await settle(pilot)
        app.screen.query_one("#area", Select).value = name
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        offered = app.screen.query_one("#f-path", Input).value
    assert offered.startswith("report-north-south-b-quay-b-") and offered.endswith(".md")
    assert "/" not in offered and ":" not in offered
