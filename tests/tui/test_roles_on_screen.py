"""The app shows who is signed in and their role, and offers only what the role may do: an
action it may not take is absent from the footer, the help and the command palette, its
key does nothing, and the service refuses it if it is reached another way."""

from __future__ import annotations

import asyncio
import shutil
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.widgets import DataTable, Footer, Static
from tui_helpers import NOW, settle

from hotspot_tui.domain.accounts import Credentials
from hotspot_tui.errors import NotPermitted
from hotspot_tui.services.accounts import add_account
from hotspot_tui.services.assignments import AssignOptions, assign
from hotspot_tui.services.session import open_session
from hotspot_tui.tui.app import make_app
from hotspot_tui.tui.commands import ScreenActionCommands
from hotspot_tui.tui.screens.roster import RosterScreen
from hotspot_tui.tui.screens.shift import ShiftScreen

PASSWORD = {"Insp Admin": "admin phrase 1234", "PS Super": "supervisor 12345",
            "Mr Viewer": "viewer phrase 12"}


@pytest.fixture(scope="module")
def station_template(tmp_path_factory: pytest.TempPathFactory, demo_db_template: Path) -> Path:
    path = tmp_path_factory.mktemp("station") / "station.db"
    shutil.copyfile(demo_db_template, path)
    owner = open_session(path, "owner")
    try:
        add_account(owner, "Insp Admin", "admin", PASSWORD["Insp Admin"])
    finally:
        owner.close()
    admin = open_session(path, "x", sign_in=lambda: Credentials("Insp Admin", PASSWORD["Insp Admin"]))
    try:
        add_account(admin, "PS Super", "supervisor", PASSWORD["PS Super"])
        add_account(admin, "Mr Viewer", "viewer", PASSWORD["Mr Viewer"])
    finally:
        admin.close()
    return path


def _shift(path: Path) -> str:
    import sqlite3

    conn = sqlite3.connect(str(path))
    try:
        return conn.execute("SELECT id FROM shifts WHERE status = 'planned' AND local_date >= '2026-11-26' "
                            "ORDER BY start_utc LIMIT 1").fetchone()[0]
    finally:
        conn.close()


def _keys_and_commands(path: Path, name: str) -> tuple[str, set[str], list[str], str]:
    session = open_session(path, "x", sign_in=lambda: Credentials(name, PASSWORD[name]))
    app = make_app(session)
    app.clock = lambda: NOW  # type: ignore[attr-defined]
    shift = _shift(path)
    found: dict[str, object] = {}

    async def run() -> None:
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            app.push_screen(ShiftScreen(shift))
            await settle(pilot)
            screen = app.screen
            found["keys"] = {b.binding.description for b in screen.active_bindings.values()
                             if b.binding.show and b.binding.description}
            provider = ScreenActionCommands(screen)
            found["commands"] = [name for name, _, _ in provider._commands()]
            assert screen.query_one(Footer) is not None
            app.action_command_palette()
            await settle(pilot)
            assert isinstance(app.screen, CommandPalette)
            await pilot.press("escape")
            await settle(pilot)
            await pilot.press("a")  # the assign key
            await settle(pilot)
            found["after_a"] = type(app.screen).__name__

    asyncio.run(run())
    return app.sub_title, found["keys"], found["commands"], found["after_a"]  # type: ignore[return-value]


def test_a_viewer_is_offered_nothing_that_changes_a_patrol(station_template: Path) -> None:
    title, keys, commands, after_a = _keys_and_commands(station_template, "Mr Viewer")
    assert title.endswith("Mr Viewer (viewer)")
    assert not keys & {"Assign", "Remove", "Book", "Approve", "Book all", "Outcomes", "Edit", "Cancel"}
    assert {"Help", "Quit"} <= keys
    assert not [c for c in commands if c.startswith(("Assign", "Book", "Approve", "Edit"))]
    assert after_a == "ShiftScreen", "the assign key does nothing for a viewer"


def test_a_supervisor_is_offered_the_patrol_work(station_template: Path) -> None:
    title, keys, commands, after_a = _keys_and_commands(station_template, "PS Super")
    assert title.endswith("PS Super (supervisor)")
    assert {"Assign", "Remove", "Book", "Approve", "Outcomes", "Edit", "Cancel"} <= keys
    assert any(c.startswith("Assign") for c in commands)
    assert after_a == "CandidatePicker"


def test_reached_another_way_the_service_refuses_a_viewer(station_template: Path, tmp_path: Path) -> None:
    path = tmp_path / "station.db"
    shutil.copyfile(station_template, path)
    viewer = open_session(path, "x", sign_in=lambda: Credentials("Mr Viewer", PASSWORD["Mr Viewer"]))
    try:
        person = viewer.db.execute("SELECT id FROM staff WHERE active = 1 LIMIT 1").fetchone()[0]
        with pytest.raises(NotPermitted, match=r"^Mr Viewer \(viewer\) may not assign people"):
            assign(viewer, _shift(path), [person], AssignOptions())
    finally:
        viewer.close()


def _hints(path: Path, name: str) -> dict[str, str]:
    """The roster's words for an empty day (highlighted, then opened) and a patrol's line
    for outcomes not yet recorded, as `name` sees them."""
    session = open_session(path, "x", sign_in=lambda: Credentials(name, PASSWORD[name]))
    app = make_app(session)
    app.clock = lambda: NOW  # type: ignore[attr-defined]
    shift = _shift(path)
    found: dict[str, str] = {}

    async def run() -> None:
        async with app.run_test(size=(160, 48)) as pilot:
            await settle(pilot)
            await pilot.press("2")
            await settle(pilot)
            roster = app.screen
            assert isinstance(roster, RosterScreen) and roster.week is not None
            week = roster.week
            row, column = next((r, c) for r, area in enumerate(week.areas)
                               for c, day in enumerate(week.days, start=1)
                               if not week.cells.get((area.id, day)))
            roster.query_one("#grid", DataTable).move_cursor(row=row, column=column)
            await settle(pilot)
            found["day"] = str(roster.query_one("#cell-detail", Static).content)
            await pilot.press("enter")
            await settle(pilot)
            found["opened"] = str(roster.query_one("#message", Static).content)
            app.push_screen(ShiftScreen(shift))
            await settle(pilot)
            found["outcomes"] = str(app.screen.query_one("#outcomes", Static).content)

    asyncio.run(run())
    return found


def test_a_viewer_is_not_pointed_at_keys_that_do_nothing_for_them(station_template: Path) -> None:
    hints = _hints(station_template, "Mr Viewer")
    assert hints["day"].splitlines()[1] == "no patrols"
    assert hints["opened"] == "No patrol here."
    assert hints["outcomes"] == "Outcomes: none recorded"


def test_a_supervisor_is_told_the_keys_that_add_a_patrol_and_record_outcomes(
        station_template: Path) -> None:
    hints = _hints(station_template, "PS Super")
    assert hints["day"].splitlines()[1] == "no patrols (n to add one)"
    assert hints["opened"] == "No patrol here: press n to create one."
    assert hints["outcomes"] == "Outcomes: none recorded (o)"


def _setup_intro(path: Path, name: str) -> str:
    from hotspot_tui.tui.screens.setup import SetupScreen

    session = open_session(path, "x", sign_in=lambda: Credentials(name, PASSWORD[name]))
    app = make_app(session)
    found: dict[str, str] = {}

    async def run() -> None:
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            assert isinstance(app.screen, SetupScreen)
            found["intro"] = str(app.screen.query_one("#intro", Static).content)

    asyncio.run(run())
    return found["intro"]


def test_a_file_not_yet_set_up_tells_a_viewer_who_sets_it_up(tmp_path: Path) -> None:
    from hotspot_tui.services.setup import initialise_database

    path = tmp_path / "new.db"
    initialise_database(path, "owner")
    owner = open_session(path, "owner")
    try:
        add_account(owner, "Insp Admin", "admin", PASSWORD["Insp Admin"])
    finally:
        owner.close()
    admin = open_session(path, "x", sign_in=lambda: Credentials("Insp Admin", PASSWORD["Insp Admin"]))
    try:
        add_account(admin, "Mr Viewer", "viewer", PASSWORD["Mr Viewer"])
    finally:
        admin.close()
    viewer = _setup_intro(path, "Mr Viewer")
    assert "ctrl+s" not in viewer and "ctrl+o" not in viewer and "ctrl+t" not in viewer
    assert "an admin does" in viewer
    assert "press ctrl+s" in _setup_intro(path, "Insp Admin")
