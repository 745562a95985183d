"""The picker's line of kinds: a click on a label chooses it, a click between labels does
nothing, and each change is told once."""

from __future__ import annotations

import asyncio

import pytest
from textual.app import App, ComposeResult

from hotspot_tui.tui.widgets.choice_line import ChoiceLine

CHOICES = [("Officers", "officer"), ("PCSOs", "pcso"), ("Council officers", "ceo")]


class Line(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.told: list[str] = []

    def compose(self) -> ComposeResult:
        yield ChoiceLine(CHOICES, "officer", id="kind")

    def on_choice_line_changed(self, event: ChoiceLine.Changed) -> None:
        self.told.append(event.value)


def test_a_click_chooses_the_label_under_it_and_nothing_between() -> None:
    async def run() -> None:
        app = Line()
        async with app.run_test(size=(60, 3)) as pilot:
            line = app.query_one(ChoiceLine)
            assert line.size.width == len(" Officers    PCSOs    Council officers ")
            await pilot.click("#kind", offset=(len(" Officers    "), 0))  # on "PCSOs"
            await pilot.pause()
            assert (line.value, app.told) == ("pcso", ["pcso"])
            await pilot.click("#kind", offset=(len(" Officers "), 0))  # the gap after "Officers"
            await pilot.pause()
            assert (line.value, app.told) == ("pcso", ["pcso"])
            await pilot.click("#kind", offset=(len(" Officers    PCSOs    Council o"), 0))
            await pilot.pause()
            line.choose_next()
            await pilot.pause()
            assert (line.value, app.told) == ("officer", ["pcso", "ceo", "officer"])
            with pytest.raises(ValueError, match="not one of the choices"):
                line.value = "inspector"

    asyncio.run(run())
