"""Alerts that tell the truth: patrols that have ended with people not booked are listed
until their hours (or a no-show) are booked."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.clock import to_local
from hotspot_tui.services.assignments import book_as_planned
from hotspot_tui.services.dashboard import dashboard

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # Wednesday 2 December 2026


@pytest.fixture
def wednesday(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)
    return NOW


def _unbooked(session) -> int:  # type: ignore[no-untyped-def]
    return session.db.execute(
        "SELECT count(*) FROM assignments x JOIN shifts s ON s.id = x.shift_id "
        "WHERE x.status = 'planned' AND s.status = 'planned' AND x.end_utc <= ?",
        [clock_utc.to_utc_text(NOW)]).fetchone()[0]


def test_people_on_ended_patrols_not_booked_are_an_alert(session, wednesday) -> None:  # type: ignore[no-untyped-def]
    waiting = _unbooked(session)
    assert waiting > 20  # the demo's last weekend is not booked yet
    alerts = [a for a in dashboard(session, date(2026, 12, 2)).alerts if a.kind == "unbooked"]
    assert alerts[0].text.startswith(f"{waiting} people on patrols that have ended are not booked")
    assert 1 < len(alerts) <= 4 and all(a.text.startswith("Not booked: ") for a in alerts[1:])


def test_the_alert_goes_once_everything_is_booked(session, wednesday) -> None:  # type: ignore[no-untyped-def]
    shifts = [r[0] for r in session.db.execute(
        "SELECT DISTINCT x.shift_id FROM assignments x JOIN shifts s ON s.id = x.shift_id "
        "WHERE x.status = 'planned' AND s.status = 'planned' AND x.end_utc <= ?",
        [clock_utc.to_utc_text(NOW)])]
    for shift in shifts:
        book_as_planned(session, shift, now=NOW)
    assert _unbooked(session) == 0
    assert not [a for a in dashboard(session, date(2026, 12, 2)).alerts if a.kind == "unbooked"]


def test_patrols_still_to_end_are_not_an_alert(session, wednesday) -> None:  # type: ignore[no-untyped-def]
    # Shown for the demo's own day (Wed 25 Nov), the dashboard's moment is a week behind the
    # clock: 09:00 that day, when nothing planned has ended yet.
    on_the_day = dashboard(session, date(2026, 11, 25))
    assert not [a for a in on_the_day.alerts if a.kind == "unbooked"]


def _waiting_patrols(session) -> list[tuple[str, str, str, int]]:  # type: ignore[no-untyped-def]
    """(patrol, start, area, people) of every ended patrol with people not booked, by start."""
    return [tuple(r) for r in session.db.execute(
        "SELECT s.id, s.start_utc, ar.name, count(*) FROM assignments x "
        "JOIN shifts s ON s.id = x.shift_id JOIN areas ar ON ar.id = s.area_id "
        "WHERE x.status = 'planned' AND s.status = 'planned' AND x.end_utc <= ? "
        "GROUP BY s.id ORDER BY s.start_utc, s.id", [clock_utc.to_utc_text(NOW)])]


def test_the_patrols_listed_are_the_oldest_still_waiting(session, wednesday) -> None:  # type: ignore[no-untyped-def]
    """Book every patrol waiting but the first and the last (days apart): the alert then
    lists those two, oldest first, however many patrols between them were booked."""
    waiting = _waiting_patrols(session)
    days = {clock_utc.from_utc_text(start).date() for _, start, _, _ in waiting}
    assert len(waiting) > 3 and len(days) > 1
    for shift, *_ in waiting[1:-1]:
        book_as_planned(session, shift, now=NOW)
    left = [waiting[0], waiting[-1]]
    alerts = [a.text for a in dashboard(session, date(2026, 12, 2)).alerts if a.kind == "unbooked"]
    people = sum(n for *_, n in left)
    assert alerts[0].startswith(f"{people} people on patrols that have ended are not booked")
    assert alerts[1:] == [
        f"Not booked: {area} {to_local(clock_utc.from_utc_text(start)):%a %d %b %H:%M} "
        f"({n} {'person' if n == 1 else 'people'})"
        for _, start, area, n in left]
