"""User text is data: names, reasons, notes and descriptions holding markup (`[/]`, `[/b]`)
are shown exactly as typed on every screen that shows them, and control characters are
refused wherever text comes in."""

from __future__ import annotations

import asyncio
import html
import re
import shutil
import subprocess
import sys
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
from app_settle import settle
from textual.widgets import DataTable, Input
from tui_helpers import type_text

from hotspot_tui.domain.staff_input import StaffInput
from hotspot_tui.errors import HotspotError
from hotspot_tui.services import budget as budget_service
from hotspot_tui.services import organisation, outcomes, staff_import
from hotspot_tui.services import payroll as payroll_service
from hotspot_tui.services import staff as staff_service
from hotspot_tui.services.assignments import AssignOptions, assign, unassign
from hotspot_tui.services.session import open_session
from hotspot_tui.services.settings import change_setting
from hotspot_tui.services.shifts import ShiftDraft, cancel_shift, create_shift
from hotspot_tui.services.worktime import set_opt_out
from hotspot_tui.tui.app import make_app

ACTOR = "PS [/] Tester"
AREA = "Evil [/] Area [/b]"
DISTRICT = "Dist [/b]"
PERSON = "Evil [/] [/b] Person"
NOTES = "Notes [/] [b]x[/b]"
SPEND = "Leaflets [/] [/b]"
REASON = "Court [/] warning [/b]"
CODE = "OT/133A"  # element codes are letters, digits and - _ . / only: no markup in them
FOLDER = "out [b]x [red]y"  # a folder name cannot hold "/"
BAD = ("\x1b]0;pwned\x07", "\x07", "line\nbreak", "\u202eevil", "\x9b31m")


def _screen_text(app: Any) -> str:
    svg = app.export_screenshot()
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


@pytest.fixture
def evil_db(demo_db: Path, tmp_path: Path) -> dict[str, Any]:
    session = open_session(demo_db, ACTOR)
    try:
        # May's payroll locked by the actor, then a payroll element code changed, saying why
        payroll_service.export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
        change_setting(session, "element_codes.ot_4_3", CODE, date(2026, 5, 1), REASON)
        force = session.db.execute("SELECT id FROM employers WHERE kind = 'force'").fetchone()[0]
        area_id = organisation.add_area(session, AREA, DISTRICT, "EV1")
        staff_id = staff_service.add_person(session, StaffInput(
            name=PERSON, payroll_number="HC990001", collar_number="9901", kind="officer",
            rank="constable", employer_id=force, home_area_id=area_id, salary="31163",
            contracted_hours="40"))
        other = staff_service.add_person(session, StaffInput(
            name="Plain Person", payroll_number="HC990002", collar_number="9902", kind="officer",
            rank="constable", employer_id=force, salary="31163", contracted_hours="40"))
        shift_id = create_shift(session, ShiftDraft(area_id, date(2026, 11, 27), time(18),
                                                    time(2), {"officer": 2}, notes=NOTES))
        made = assign(session, shift_id, [staff_id, other], AssignOptions())
        unassign(session, made[1], REASON)
        outcomes.record_outcomes(session, shift_id, {"arrests": 1}, NOTES)
        budget_service.add_spend_line(session, description=SPEND, amount="100",
                                      spent_on="2026-11-20", area_id=area_id)
        spare = create_shift(session, ShiftDraft(area_id, date(2026, 11, 28), time(18),
                                                 time(2), {"officer": 1}))
        cancel_shift(session, spare, REASON)
        set_opt_out(session, staff_id, True, date(2026, 11, 1), REASON)
    finally:
        session.close()
    return {"db": demo_db, "shift_id": shift_id, "staff_id": staff_id}


def test_markup_in_every_free_text_field_is_shown_as_typed_on_every_screen(
        evil_db: dict[str, Any], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / FOLDER  # the payroll screen writes to the folder it was opened in
    folder.mkdir()
    monkeypatch.chdir(folder)

    async def run() -> None:
        app = make_app(open_session(evil_db["db"], ACTOR))
        app.clock = lambda: __import__("tui_helpers").NOW  # type: ignore[attr-defined]
        async with app.run_test(size=(200, 60)) as pilot:
            await settle(pilot)
            assert ACTOR in _screen_text(app), "the title bar shows who is working"
            assert AREA in _screen_text(app) or app.screen.query("#areas")

            async def section(key: str, *expected: str) -> str:
                await pilot.press("escape")
                await pilot.press(key)
                await settle(pilot)
                text = _screen_text(app)
                for item in expected:
                    assert item in text, f"section {key}: {item!r} not shown as typed"
                return text

            await section("0", AREA, DISTRICT)               # areas
            await section("1", AREA)                          # dashboard area table
            await section("5", AREA, SPEND)                   # budget
            app.screen.query_one("#spend", DataTable).focus()
            await pilot.press("d")                            # deleting a line asks first
            await settle(pilot)
            assert SPEND in _screen_text(app), "the delete question names the line as typed"
            await pilot.press("n")
            await settle(pilot)
            await section("6", AREA)                          # report
            # payroll: who locked May (date, then name), and the folder files go to
            text = await section("7", FOLDER)
            assert re.search(r"\d{4}-\d\d-\d\d " + re.escape(ACTOR), text), "locked by, as typed"
            # settings: the new code; its history names who changed it and why
            await section("8")
            table = app.screen.query_one("#settings", DataTable)
            table.focus()
            table.move_cursor(row=table.get_row_index("element_codes.ot_4_3"))
            await settle(pilot)
            text = _screen_text(app)
            for item in (CODE, REASON):
                assert item in text, f"settings history: {item!r} not shown as typed"
            assert re.search(r"set \d{4}-\d\d-\d\d by " + re.escape(ACTOR), text), "who, as typed"
            # settings: who has opted out of the 48-hour average, and what they signed
            table.move_cursor(row=table.get_row_index(f"opt-out:{evil_db['staff_id']}"))
            await settle(pilot)
            text = _screen_text(app)
            for item in (f"{PERSON} (HC990001)", REASON, ACTOR):
                assert item in text, f"settings opt-outs: {item!r} not shown as typed"
            # staff: search for the person, then open their page
            await section("3")
            app.screen.query_one("#search", Input).value = "Evil [/]"  # the search, as typed
            await asyncio.sleep(0.4)
            await settle(pilot)
            assert PERSON in _screen_text(app)
            assert 'matching "Evil [/]"' in _screen_text(app)
            app.screen.query_one("#staff-list").focus()
            await pilot.press("enter")
            await settle(pilot)
            text = _screen_text(app)
            assert PERSON in text and AREA in text, [ln for ln in text.splitlines() if "Evil" in ln]
            await pilot.press("u")                            # their audit trail
            await settle(pilot)
            assert PERSON in _screen_text(app) and ACTOR in _screen_text(app)
            # audit: every entry, newest first, and each entry's details
            await section("4", ACTOR)
            for _ in range(12):
                await pilot.press("down")
                await pilot.pause()
            # roster: the area row and its cell on Fri 27 Nov
            await section("2", "Evil [/] Ar")
            from hotspot_tui.tui.screens.shift import ShiftScreen

            app.push_screen(ShiftScreen(evil_db["shift_id"]))
            await settle(pilot)
            text = _screen_text(app)
            for item in (AREA, PERSON, NOTES):
                assert item in text, f"patrol page: {item!r} not shown as typed"
            app.screen.query_one("#people").focus()
            await pilot.press("down")
            await settle(pilot)
            assert REASON in _screen_text(app), "the reason they came off, as typed"
            await pilot.press("up")
            await pilot.press("a")                            # the assign dialog
            await settle(pilot)
            await type_text(pilot, "Evil")                  # typed in the list: it filters
            await settle(pilot)
            assert PERSON in _screen_text(app), "the assign dialog lists the name as typed"
            await pilot.press("escape", "escape")
            await settle(pilot)
            assert isinstance(app.screen, ShiftScreen)
            # a notification naming the person
            await pilot.press("d")
            await settle(pilot)
            await pilot.press(*"moved", "enter")
            await settle(pilot)
            assert any(PERSON in str(n.message) for n in app._notifications)

    asyncio.run(run())


@pytest.mark.parametrize("bad", BAD)
def test_control_characters_are_refused_at_every_service_that_takes_text(
        demo_db: Path, bad: str) -> None:
    session = open_session(demo_db, "PS Tester")
    try:
        force = session.db.execute("SELECT id FROM employers WHERE kind = 'force'").fetchone()[0]
        area_id = session.db.execute("SELECT id FROM areas LIMIT 1").fetchone()[0]
        shift_id = session.db.execute(
            "SELECT id FROM shifts WHERE status = 'planned' AND local_date = '2026-11-27' "
            "LIMIT 1").fetchone()[0]
        before = session.db.execute("SELECT count(*) FROM audit_log").fetchone()[0]
        attempts = [
            lambda: organisation.add_area(session, f"Area{bad}", "District", "C9"),
            lambda: organisation.add_employer(session, f"Council{bad}", "council",
                                              (2000, 2500, 3000)),
            lambda: staff_service.add_person(session, StaffInput(
                name=f"Name{bad}", payroll_number="HC990009", kind="officer", rank="constable",
                employer_id=force, salary="31163", contracted_hours="40")),
            lambda: create_shift(session, ShiftDraft(area_id, date(2026, 12, 4), time(18),
                                                     time(2), {"officer": 1}, notes=f"n{bad}")),
            lambda: cancel_shift(session, shift_id, f"reason{bad}"),
            lambda: outcomes.record_outcomes(session, shift_id, {"arrests": 1}, f"n{bad}"),
            lambda: budget_service.add_spend_line(session, description=f"Spend{bad}",
                                                  amount="10", spent_on="2026-11-20"),
        ]
        for attempt in attempts:
            with pytest.raises(HotspotError) as refused:
                attempt()
            assert "type plain text only" in str(refused.value)
        with pytest.raises(HotspotError, match="plain text"):
            open_session(demo_db, f"PS{bad}")
        assert session.db.execute("SELECT count(*) FROM audit_log").fetchone()[0] == before
    finally:
        session.close()


def test_an_import_file_with_a_control_character_is_refused_by_row(
        demo_db: Path, tmp_path: Path) -> None:
    csv = tmp_path / "people.csv"
    csv.write_text("Payroll number,Name,Kind,Rank,Annual salary,Contracted hours\n"
                   "HC990011,Good Name,officer,PC,31163,40\n"
                   "HC990012,Bad\x1b]0;x\x07Name,officer,PC,31163,40\n")
    session = open_session(demo_db, "PS Tester")
    try:
        preview = staff_import.parse(session, csv)
        assert [e.row for e in preview.errors] == [3]
        assert "plain text" in preview.errors[0].message
    finally:
        session.close()


def test_the_command_line_refuses_control_characters_and_long_names(demo_db: Path) -> None:
    exe = [sys.executable, "-m", "hotspot_tui"]
    long_name = "x" * 100_000
    for args in (["--as", "PS \x1b[31mX", "area", "list"], ["--as", long_name, "area", "list"],
                 ["employer", "add", "Evil\x1b]0;t\x07", "--weekday", "20", "--weekend", "25",
                  "--holiday", "30"]):
        done = subprocess.run([*exe, *args, "--db", str(demo_db)] if args[0] != "--as" else
                              [*exe, args[0], args[1], args[2], args[3], "--db", str(demo_db)],
                              capture_output=True, text=True, timeout=60)
        assert done.returncode == 2, done
        assert done.stdout == ""
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "\x1b" not in lines[0] and len(lines[0]) < 200, lines


def test_the_command_line_shows_stored_text_without_markup_or_terminal_codes(
        demo_db: Path) -> None:
    session = open_session(demo_db, "PS Tester")
    try:
        organisation.add_employer(session, "Dacorum [/] [/b] Council", "council",
                                  (2000, 2500, 3000))
    finally:
        session.close()
    done = subprocess.run([sys.executable, "-m", "hotspot_tui", "employer", "list", "--db",
                           str(demo_db)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0
    assert "Dacorum [/] [/b] Council" in done.stdout


def test_a_copy_of_the_demo_with_markup_opens_every_section(evil_db: dict[str, Any],
                                                             tmp_path: Path) -> None:
    """The same file opened at 80x24: every section builds and draws (no markup error)."""
    copy = tmp_path / "copy.db"
    shutil.copyfile(evil_db["db"], copy)

    async def run() -> None:
        app = make_app(open_session(copy, ACTOR))
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            for key in "2345670":
                await pilot.press("escape")
                await pilot.press(key)
                await settle(pilot)
                _screen_text(app)

    asyncio.run(run())


def test_a_refused_delete_on_the_budget_is_told_as_plain_text(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Whatever the service says (a message may carry a name or a path) is shown as it is."""
    from tui_helpers import build_app

    said = "refused for Sgt [/] Admin [b]now[/b]"

    def refuse(session: object, line_id: str) -> None:
        raise HotspotError(said)

    monkeypatch.setattr(budget_service, "delete_spend_line", refuse)

    async def run() -> None:
        app = build_app(demo_db)
        async with app.run_test(size=(160, 48), notifications=True) as pilot:
            await settle(pilot)
            await pilot.press("5")
            await settle(pilot)
            app.screen.query_one("#spend", DataTable).focus()
            await pilot.press("d")
            await settle(pilot)
            await pilot.press("y")
            await settle(pilot)
            await pilot.pause(0.2)
            toasts = [str(t.render()) for t in app.screen.query("Toast")]
            assert any(said in text for text in toasts), toasts

    asyncio.run(run())


def test_a_section_that_cannot_read_its_figures_says_why_as_plain_text(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The Areas, Budget and Settings sections each show the store's refusal (which may
    carry a path or a name) as it is, in place of their figures."""
    from tui_helpers import build_app

    from hotspot_tui.tui.screens import home, settings

    said = "cannot read /srv/[/]station [b]db[/b]"

    def refuse(*args: object, **kwargs: object) -> None:
        raise HotspotError(said)

    monkeypatch.setattr(home, "overview", refuse)
    monkeypatch.setattr(budget_service, "budget_view", refuse)
    monkeypatch.setattr(settings, "settings_view", refuse)

    async def run() -> None:
        app = build_app(demo_db)
        async with app.run_test(size=(120, 36)) as pilot:
            await settle(pilot)
            for key in "058":
                await pilot.press(key)
                await settle(pilot)
                assert said in _screen_text(app), key

    asyncio.run(run())
