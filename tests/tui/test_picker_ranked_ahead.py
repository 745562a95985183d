"""The patrol page ranks the candidate picker's first page once it is shown, so that `a`
opens the picker ranked; a change to the file since (by anyone) makes the picker rank
again, so it never offers a stale list."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from test_shift_flows import _under_covered_shift, open_picker, open_shift
from tui_helpers import Counted, assign_elsewhere, drive, settle

from hotspot_tui.services import candidates as candidate_service
from hotspot_tui.tui.modals import candidates as picker_module
from hotspot_tui.tui.modals.candidates import CandidatePicker


def rankings_counted(monkeypatch: pytest.MonkeyPatch) -> Counted:
    """Counts the rankings made by the patrol page and by the picker."""
    return Counted(monkeypatch, candidate_service.candidates_for, candidate_service, picker_module)


def _ids(found: list[Any]) -> list[str]:
    return [c.staff_id for c in found]


def test_the_picker_opens_with_the_page_ranked_ahead(demo_db: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shift_id = _under_covered_shift(demo_db)
    rankings = rankings_counted(monkeypatch)

    async def script(pilot: Any) -> None:
        app = pilot.app
        page = await open_shift(pilot, shift_id)
        assert page.ranked_ahead is not None and page.ranked_ahead.kind == "officer"
        assert rankings.count == 1
        await pilot.press("a")
        await pilot.pause()
        picker = app.screen
        assert isinstance(picker, CandidatePicker)
        assert not [w for w in app.workers if w.group == "candidates"]  # nothing to wait for
        fresh = rankings.real(app.session, shift_id, "officer", limit=candidate_service.PICKER_LIMIT)
        assert _ids(picker.shown) == _ids(fresh)[:len(picker.shown)] and picker.shown
        assert [c.verdict for c in picker.shown] == [c.verdict for c in fresh][:len(picker.shown)]
        assert rankings.count == 1

    drive(demo_db, script)


def test_a_change_by_another_program_makes_the_picker_rank_again(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shift_id = _under_covered_shift(demo_db)
    rankings = rankings_counted(monkeypatch)

    async def script(pilot: Any) -> None:
        app = pilot.app
        page = await open_shift(pilot, shift_id)
        ahead = page.ranked_ahead
        assert ahead is not None
        taken = next(c for c in ahead.found if c.ranked.can_assign)
        assign_elsewhere(demo_db, shift_id, taken.staff_id)
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, CandidatePicker)
        assert rankings.count == 2
        assert picker.shown and taken.staff_id not in _ids(picker.shown)
        fresh = rankings.real(app.session, shift_id, "officer", limit=candidate_service.PICKER_LIMIT)
        assert _ids(picker.shown) == _ids(fresh)[:len(picker.shown)]

    drive(demo_db, script)


def test_a_change_made_on_the_page_is_not_offered_from_before(
        demo_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """After an assignment from the picker the page ranks again; the picker opened next
    does not offer the person just assigned."""
    shift_id = _under_covered_shift(demo_db)
    rankings = rankings_counted(monkeypatch)

    async def script(pilot: Any) -> None:
        app = pilot.app
        picker = await open_picker(pilot, shift_id)
        chosen = next(i for i, c in enumerate(picker.shown) if c.ranked.can_assign)
        person = picker.shown[chosen].staff_id
        await pilot.press(*(["down"] * chosen), "enter")
        await settle(pilot)
        assert rankings.count == 2  # once as the page opened, once after the assignment
        await pilot.press("a")
        await settle(pilot)
        picker = app.screen
        assert isinstance(picker, CandidatePicker)
        assert person not in _ids(picker.shown)

    drive(demo_db, script)
