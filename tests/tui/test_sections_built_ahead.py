"""Each section's screen is built while the app is left alone, so that opening a section
for the first time shows it at once; what changed after it was built still shows."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import pytest
import textual.app
from test_shift_flows import _under_covered_shift
from tui_helpers import Counted, build_app, drive, settle

from hotspot_tui.services import assignments as assignment_service
from hotspot_tui.services import audit_view
from hotspot_tui.services.candidates import candidates_for
from hotspot_tui.services.session import open_session
from hotspot_tui.tui.screens.audit import AuditScreen
from hotspot_tui.tui.screens.dashboard import DashboardScreen
from hotspot_tui.tui.screens.roster import RosterScreen
from hotspot_tui.tui.section_bar import SectionBar


async def built_ahead(pilot: Any, timeout: float = 30.0) -> None:
    app = pilot.app
    deadline = time.monotonic() + timeout
    while not app.ahead.done:
        assert time.monotonic() < deadline, f"still to build: {app.ahead._waiting()}"
        await pilot.pause(0.05)
    await settle(pilot)


def _assign_elsewhere(db: Path, shift_id: str) -> None:
    """Another supervisor, at another desk, assigns the first person ranked as assignable."""
    other = open_session(db, "PS Elsewhere")
    try:
        person = next(c for c in candidates_for(other, shift_id, "officer", limit=25)
                      if c.ranked.can_assign)
        assignment_service.assign(other, shift_id, [person.staff_id],
                                  assignment_service.AssignOptions())
    finally:
        other.close()


def test_every_section_is_built_while_the_app_is_left_alone(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    reads = Counted(monkeypatch, audit_view.audit_page, audit_view)

    async def script(pilot: Any) -> None:
        app = pilot.app
        await built_ahead(pilot)
        assert isinstance(app.screen, DashboardScreen)  # nothing was shown meanwhile
        assert app.ahead.built == {s.mode for s in app.sections}
        assert reads.count == 1  # the audit list was read as it was built
        await pilot.press("4")
        await settle(pilot)
        assert isinstance(app.screen, AuditScreen)
        assert app.screen.lines  # its list, as read when it was built
        assert reads.count == 1
        await pilot.press("2")
        await settle(pilot)
        assert isinstance(app.screen, RosterScreen) and app.screen.week is not None
        for section in app.sections:  # each names its own section, not the one open as it was built
            await pilot.press("escape")
            await pilot.press(section.key)
            await settle(pilot)
            text = app.screen.query_one(SectionBar).text
            assert f" {section.key} {section.title} " in text, text
            assert "›" not in text, text

    drive(demo_db, script)


def test_a_change_made_after_a_section_was_built_shows_when_it_is_opened(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shift_id = _under_covered_shift(demo_db)
    reads = Counted(monkeypatch, audit_view.audit_page, audit_view)

    async def script(pilot: Any) -> None:
        app = pilot.app
        await built_ahead(pilot)
        _assign_elsewhere(demo_db, shift_id)
        await pilot.press("4")
        await settle(pilot)
        assert reads.count == 2  # read again: the file had changed
        newest = next(iter(app.screen.lines.values()))
        assert newest.actor == "PS Elsewhere" and newest.shift_id == shift_id

    drive(demo_db, script)


def test_nothing_is_built_while_keys_are_being_pressed(demo_db: Path) -> None:
    async def run() -> None:
        app = build_app(demo_db)
        async with app.run_test(size=(120, 40)) as pilot:
            started = time.monotonic()
            while time.monotonic() - started < 2.0:  # the warm-up is done well within this
                app.last_input = time.monotonic()
                await pilot.pause(0.05)
            assert app.ahead.started and app.ahead.built == {"dashboard"}
            await built_ahead(pilot)
            assert app.ahead.built == {s.mode for s in app.sections}

    asyncio.run(run())


def test_a_built_section_is_shown_without_textuals_pause(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Textual holds every frame back for 50 ms when it switches to a mode, to hide a screen
    being built; a section already built needs no hiding."""
    held: list[float] = []
    real = textual.app.App.delay_update

    def delay_update(self: Any, delay: float = 0.05) -> None:
        held.append(delay)
        real(self, delay)

    monkeypatch.setattr(textual.app.App, "delay_update", delay_update)

    async def script(pilot: Any) -> None:
        await built_ahead(pilot)
        for key in ("2", "3", "4", "1", "2"):
            await pilot.press(key)
            await settle(pilot)
        assert held == []

    drive(demo_db, script)


def test_a_person_added_after_the_staff_list_was_built_is_listed_when_it_is_opened(
        demo_db: Path) -> None:
    from hotspot_tui.domain.staff_input import StaffInput
    from hotspot_tui.services import staff as staff_service
    from hotspot_tui.tui.screens.staff import StaffScreen

    async def script(pilot: Any) -> None:
        app = pilot.app
        await built_ahead(pilot)
        other = open_session(demo_db, "PS Elsewhere")
        try:
            force = next(e.id for e in staff_service.form_choices(other).employers
                         if e.kind == "force")
            staff_service.add_person(other, StaffInput(
                name="Aaron Aardvark [/]", payroll_number="HC800001", collar_number="4800",
                kind="PC", employer_id=force, salary="£31,163", contracted_hours="40"))
        finally:
            other.close()
        await pilot.press("3")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, StaffScreen)
        assert "Aaron Aardvark [/]" in [line.name for line in screen.lines.values()]

    drive(demo_db, script)


def test_the_report_shows_a_change_made_after_it_was_built(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from hotspot_tui.services.report import operation_report
    from hotspot_tui.tui.screens import report as report_screen

    shift_id = _under_covered_shift(demo_db)
    made: list[Any] = []

    def counted(*args: Any, **kwargs: Any) -> Any:
        made.append(operation_report(*args, **kwargs))
        return made[-1]

    monkeypatch.setattr(report_screen, "operation_report", counted)

    async def script(pilot: Any) -> None:
        app = pilot.app
        await built_ahead(pilot)
        assert len(made) == 1
        _assign_elsewhere(demo_db, shift_id)
        await pilot.press("6")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, report_screen.ReportScreen) and screen.asked is not None
        assert len(made) == 2 and screen.report == operation_report(app.session, *screen.asked)

    drive(demo_db, script)
