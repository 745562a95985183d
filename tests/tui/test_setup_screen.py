"""First run: the app opened on an empty database shows the set-up form, not empty sections;
a rejected save keeps the form open with each mistake beside its field; a good save (typed,
from the preset, or loaded from a file) writes the operation and opens the dashboard."""

from __future__ import annotations

from pathlib import Path

import pytest
from app_settle import settle, steady_cursors
from textual.widgets import Input, Static, TextArea

from hotspot_tui.services import budget, organisation
from hotspot_tui.services.session import open_session
from hotspot_tui.services.setup import example_text, initialise_database
from hotspot_tui.tui.app import HotspotApp, make_app
from hotspot_tui.tui.screens.setup import LoadOperationFile, SetupScreen

SIZES = [(80, 24), (160, 48)]


@pytest.fixture
def empty_db(tmp_path: Path) -> Path:
    path = tmp_path / "station.db"
    initialise_database(path, "Insp Clarke")
    return path


@pytest.fixture
def setup_app(empty_db: Path, frozen_now) -> HotspotApp:  # type: ignore[no-untyped-def]
    return make_app(open_session(empty_db, "Insp Clarke"))


def operation_of(path: Path) -> tuple[str | None, list[str]]:
    session = open_session(path, "reader")
    try:
        areas = [a.name for a in organisation.list_areas(session)]
        try:
            name = budget.budget_view(session).name
        except Exception:
            name = None
        return name, areas
    finally:
        session.close()


async def type_into(pilot, selector: str, text: str) -> None:  # type: ignore[no-untyped-def]
    widget = pilot.app.screen.query_one(selector)
    if isinstance(widget, TextArea):
        widget.text = text
    else:
        widget.value = text
    await pilot.pause()


def error_of(app: HotspotApp, key: str) -> str:
    box = app.screen.query_one(f"#e-{key}", Static)
    return str(box.content) if box.has_class("shown") else ""


async def test_an_empty_database_opens_on_the_setup_screen(setup_app: HotspotApp) -> None:
    async with setup_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        assert isinstance(pilot.app.screen, SetupScreen)
        await pilot.press("f1")
        await settle(pilot)
        assert "Set up the operation" in pilot.app.screen.query_one("Markdown").source  # type: ignore[attr-defined]
        await pilot.press("escape")
        pilot.app.screen.query_one("#f-operation-name", Input).blur()
        await pilot.press("3")  # a section's key does nothing until the operation is set up
        await settle(pilot)
        assert isinstance(pilot.app.screen, SetupScreen)


async def test_a_blank_save_shows_each_mistake_beside_its_field_and_writes_nothing(
    setup_app: HotspotApp, empty_db: Path
) -> None:
    async with setup_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await type_into(pilot, "#f-operation-grant_pounds", "-5")
        await type_into(pilot, "#f-operation-starts_on", "2026-02-30")
        await type_into(pilot, "#f-areas", "Watford, Watford, W1\nWatford, Watford, W2\nOnly a name")
        await pilot.press("ctrl+s")
        await settle(pilot)
        app = pilot.app
        assert isinstance(app.screen, SetupScreen)
        assert error_of(app, "operation-name") == "is required"
        assert error_of(app, "operation-grant_pounds") == "an amount cannot be negative"
        assert error_of(app, "operation-starts_on") == "2026-02-30 is not a date like 2026-05-01"
        assert error_of(app, "force-name") == "is required"
        assert error_of(app, "areas") == ("line 3: 1 items; expected 3 or 4, separated by commas\n"
                                          "line 2: name: 'Watford' is already area 1")
        assert app.focused is app.screen.query_one("#f-operation-name")
    assert operation_of(empty_db) == (None, [])


async def test_the_preset_and_a_typed_form_set_the_operation_up(
    setup_app: HotspotApp, empty_db: Path
) -> None:
    async with setup_app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+t")
        await settle(pilot)
        assert pilot.app.screen.query_one("#f-areas", TextArea).text.startswith(
            "Bishop's Stortford, East Hertfordshire, HAF-EH-BST")
        for selector, text in (("#f-operation-name", "Herts [/] Hotspots"),
                               ("#f-operation-grant_pounds", "£1,000,000"),
                               ("#f-operation-starts_on", "2026-05-01"),
                               ("#f-operation-ends_on", "2027-04-30"),
                               ("#f-force-name", "Hertfordshire Constabulary"),
                               ("#f-employers", "Watford Borough Council, 21.50, 25.80, 32.25")):
            await type_into(pilot, selector, text)
        await pilot.press("ctrl+s")
        await settle(pilot)
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        assert pilot.app.screen.__class__.__name__ == "DashboardScreen"
        assert "Herts [/] Hotspots" in str(pilot.app.screen.query_one("#summary").content)  # type: ignore[attr-defined]
        await pilot.press("5")
        await settle(pilot)
        assert pilot.app.screen.__class__.__name__ == "BudgetScreen"
    name, areas = operation_of(empty_db)
    assert name == "Herts [/] Hotspots" and len(areas) == 12


async def test_a_file_is_loaded_into_the_form_and_saved(
    setup_app: HotspotApp, empty_db: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(example_text().replace("grant_pounds = 1_000_000", "grant_pounds = -1"), encoding="utf-8")
    good = tmp_path / "operation.toml"
    good.write_text(example_text().replace('# payroll_number_format = "HC######"',
                                           'payroll_number_format = "HC######"'), encoding="utf-8")
    async with setup_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+o")
        await settle(pilot)
        assert isinstance(pilot.app.screen, LoadOperationFile)
        await type_into(pilot, "#path", str(bad))
        await pilot.press("enter")
        await settle(pilot)
        shown = str(pilot.app.screen.query_one("#error", Static).content)
        assert shown.startswith("bad.toml line 13: operation.grant_pounds: an amount cannot be negative")
        assert isinstance(pilot.app.screen, LoadOperationFile)
        await type_into(pilot, "#path", str(good))
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(pilot.app.screen, SetupScreen)
        assert pilot.app.screen.query_one("#f-force-payroll_number_format", Input).value == "HC######"
        assert pilot.app.screen.query_one("#f-operation-grant_pounds", Input).value == "1,000,000"
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        assert pilot.app.screen.__class__.__name__ == "DashboardScreen"
    name, areas = operation_of(empty_db)
    assert name == "Hertfordshire Hotspot Action Fund 2026/27" and "Waltham Cross" in areas


async def test_a_database_set_up_meanwhile_is_refused_and_the_form_stays(
    setup_app: HotspotApp, empty_db: Path, tmp_path: Path
) -> None:
    from hotspot_tui.services.setup import apply_operation, read_operation_file

    good = tmp_path / "operation.toml"
    good.write_text(example_text(), encoding="utf-8")
    async with setup_app.run_test(size=(160, 48)) as pilot:
        await settle(pilot)
        other = open_session(empty_db, "PS Other")
        try:
            apply_operation(other, read_operation_file(good), source="operation.toml")
        finally:
            other.close()
        await pilot.press("ctrl+t")
        for selector, text in (("#f-operation-name", "Second"), ("#f-operation-grant_pounds", "5000"),
                               ("#f-operation-starts_on", "2026-05-01"),
                               ("#f-operation-ends_on", "2027-04-30"), ("#f-force-name", "Force")):
            await type_into(pilot, selector, text)
        await pilot.press("ctrl+s")
        await pilot.app.workers.wait_for_complete()
        await settle(pilot)
        assert isinstance(pilot.app.screen, SetupScreen)
        assert "already holds the operation 'Hertfordshire Hotspot Action Fund 2026/27'" in error_of(
            pilot.app, "general")


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_setup_screen_look(snap_compare, setup_app, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        steady_cursors(pilot.app)
        await pilot.press("ctrl+s")
        await settle(pilot)
        pilot.app.screen.query_one("#form").scroll_home(animate=False)
        await settle(pilot)

    assert snap_compare(setup_app, terminal_size=size, run_before=run_before)
