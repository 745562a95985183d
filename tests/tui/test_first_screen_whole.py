"""The dashboard says it is shown whole (`complete`, which the start-up benchmark times and
which starts the warm-up) only in a frame that shows the area table with every area and
the chart drawn: the first frame shows the headline figures and alerts, the next the rest."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from hotspot_tui.services.session import open_session
from hotspot_tui.tui.app import make_app
from hotspot_tui.tui.screens.dashboard import DashboardScreen
from hotspot_tui.tui.widgets.line_chart import LineChart
from tests.police.street_files import station


@pytest.mark.parametrize("size", [(160, 48), (120, 40), (80, 24)])
async def test_the_frame_marked_whole_shows_every_area_and_the_chart(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, size: tuple[int, int]) -> None:
    frames: list[tuple[bool, int, int, bool, bool]] = []
    display = App._display

    def record(app: Any, screen: Any, renderable: Any) -> Any:
        if renderable is not None and isinstance(screen, DashboardScreen) and screen.data:
            table, chart = screen._table, screen.query_one(LineChart)
            in_view = chart.region.intersection(screen.query_one("#body").region).area > 0
            frames.append((screen.complete, table.row_count, table.virtual_size.height,
                           chart.drawn, in_view))
        return display(app, screen, renderable)

    monkeypatch.setattr(App, "_display", record)
    app = make_app(open_session(station(tmp_path), "PS Tester"))
    async with app.run_test(size=size) as pilot:
        for _ in range(100):
            if any(complete for complete, *_ in frames):
                break
            await pilot.pause(0.01)
    assert frames and not frames[0][0], "the first frame is the headline figures and alerts"
    _, rows, height, drawn, in_view = next(f for f in frames if f[0])
    assert rows == 12 and height == rows + 1, frames
    assert drawn or not in_view, frames
    if size == (160, 48):
        assert in_view and drawn, "side by side with the table, the chart is in the frame"
