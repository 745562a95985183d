"""Quitting while a screen is still reading its figures: the app closes without an error
(the answer that arrives once the screen's widgets are gone is dropped)."""

from __future__ import annotations

import asyncio
import threading

import pytest
from textual.widget import Widget

from hotspot_tui.services import staff as staff_service
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.screens.staff import StaffScreen


class SlowToClose(Widget):
    """The first of the screen's widgets: when the app starts closing it lets the held read
    answer, then takes a moment to go, so the answer lands while the other widgets are
    already gone and the screen itself is still open."""

    def __init__(self, closing: threading.Event) -> None:
        super().__init__()
        self.closing = closing

    async def on_unmount(self) -> None:
        self.closing.set()
        await asyncio.sleep(0.3)


async def test_quitting_while_the_staff_list_reads_its_choices_closes_cleanly(
        app: HotspotApp, monkeypatch: pytest.MonkeyPatch) -> None:
    closing = threading.Event()
    answered = threading.Event()
    real = staff_service.form_choices

    def held(session):  # type: ignore[no-untyped-def]
        closing.wait(10)
        try:
            return real(session)
        finally:
            answered.set()

    monkeypatch.setattr(staff_service, "form_choices", held)
    async with app.run_test(size=(100, 30)) as pilot:
        app.switch_mode("staff")
        await pilot.pause(0.2)
        screen = app.screen
        assert isinstance(screen, StaffScreen)
        await screen.mount(SlowToClose(closing), before=0)
        assert screen.choices is None
    assert answered.is_set()
