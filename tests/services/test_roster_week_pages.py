"""The roster reads a week a page of areas at a time: the pages put together are the week
of every area, and a page reads only its own areas' patrols."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from hotspot_tui.services.roster import area_spend, roster_week
from hotspot_tui.services.session import Session
from hotspot_tui.services.shifts import ShiftDraft, create_shift

DAY = date(2026, 11, 27)


def _patrols(week: Any) -> dict[tuple[str, date], list[str]]:
    return {key: [s.id for s in cell] for key, cell in week.cells.items()}


def test_pages_put_together_are_the_whole_week(session: Session) -> None:
    spend = area_spend(session)
    whole = roster_week(session, DAY, spend=spend, count=100)
    assert len(whole.areas) == 12 and whole.more == 0
    assert whole.patrols == session.db.execute(
        "SELECT count(*) FROM shifts WHERE local_date BETWEEN '2026-11-23' AND '2026-11-29'").fetchone()[0]
    first = roster_week(session, DAY, spend=spend, count=5)
    assert [a.name for a in first.areas] == [a.name for a in whole.areas[:5]]
    assert first.more == 7
    assert {area for area, _ in first.cells} <= {a.id for a in first.areas}
    second = roster_week(session, DAY, spend=spend, first=5, count=5)
    last = roster_week(session, DAY, spend=spend, first=10, count=5)
    assert (second.more, len(last.areas), last.more) == (2, 2, 0)
    joined = first.followed_by(second).followed_by(last)
    assert joined.areas == whole.areas
    assert _patrols(joined) == _patrols(whole)
    assert joined.patrols == whole.patrols and joined.more == 0


def test_a_page_is_of_the_district_asked_for(session: Session) -> None:
    one = roster_week(session, DAY, district="Three Rivers", count=1)
    assert [a.name for a in one.areas] == ["Rickmansworth"] and one.more == 1
    rest = roster_week(session, DAY, district="Three Rivers", first=1, count=1)
    assert [a.name for a in rest.areas] == ["South Oxhey"] and rest.more == 0


def test_a_patrol_just_after_midnight_in_summer_is_in_its_own_week(session: Session) -> None:
    """Its start falls on the Sunday before in UTC: each area's patrols are read by start
    time, and the local day decides the week."""
    area = session.db.execute("SELECT id FROM areas ORDER BY name LIMIT 1").fetchone()[0]
    monday = date(2026, 6, 1)
    made = create_shift(session, ShiftDraft(area, monday, time(0, 30), time(4), {"officer": 1}))
    assert session.db.execute("SELECT start_utc FROM shifts WHERE id = ?",
                              [made]).fetchone()[0] == "2026-05-31T23:30:00Z"
    sunday = date(2026, 5, 31)
    late = create_shift(session, ShiftDraft(area, sunday, time(23, 30), time(3), {"officer": 1}))
    this = roster_week(session, monday)
    before = roster_week(session, sunday)
    assert [s.id for s in this.cells[(area, monday)]] == [made]
    assert [s.id for s in before.cells[(area, sunday)]] == [late]
    assert made not in {s.id for cell in before.cells.values() for s in cell}
    assert late not in {s.id for cell in this.cells.values() for s in cell}
