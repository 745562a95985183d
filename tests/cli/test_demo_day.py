"""The demo data describes its operation as it stood on one day; the demo opens on that day."""

from __future__ import annotations

from datetime import UTC, date, datetime

from hotspot_tui.cli import tui_launch
from hotspot_tui.domain import clock_utc
from hotspot_tui.services.sample_data import DEMO
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.clock import clock_as_on, london_today


def test_the_clock_is_set_back_by_whole_days_and_keeps_running(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 12, 2, 0, 30, tzinfo=UTC)
    monkeypatch.setattr(clock_utc, "utc_now", lambda: now)
    clock = clock_as_on(date(2026, 11, 25))
    assert clock() == datetime(2026, 11, 25, 0, 30, tzinfo=UTC)
    now = datetime(2026, 12, 2, 9, 15, tzinfo=UTC)
    assert clock() == datetime(2026, 11, 25, 9, 15, tzinfo=UTC)


def test_a_day_still_to_come_leaves_the_clock_alone(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    now = datetime(2026, 11, 20, 8, 0, tzinfo=UTC)
    monkeypatch.setattr(clock_utc, "utc_now", lambda: now)
    assert clock_as_on(date(2026, 11, 25))() == now


def test_the_demo_opens_on_the_day_its_data_describes(session, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    seen: dict[str, object] = {}

    def on_ready(self: HotspotApp) -> None:
        seen["today"], seen["sub_title"] = london_today(self), self.sub_title
        self.exit()

    monkeypatch.setattr(clock_utc, "utc_now", lambda: datetime(2027, 3, 1, 8, 0, tzinfo=UTC))
    monkeypatch.setattr(HotspotApp, "on_ready", on_ready, raising=False)
    tui_launch._run(session, headless=True, demo=True)
    assert seen["today"] == DEMO.as_of
    assert str(seen["sub_title"]).startswith(f"demo data as on {DEMO.as_of:%a %d %b %Y}")
