"""The dashboard's figures against the rows they come from."""

from __future__ import annotations

from datetime import date, timedelta

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.budget import week_start
from hotspot_tui.services.dashboard import dashboard
from hotspot_tui.services.session import Session
from tests.dashboard.conftest import TODAY


def _scalar(session: Session, sql: str, *params: object) -> int:
    return session.db.execute(sql, params).fetchone()[0] or 0


def test_money_and_hours_equal_the_assignment_sums(costed: tuple[Session, int, int]) -> None:
    session, committed, actual = costed
    d = dashboard(session, TODAY)
    assert d.to_date.actual_pence == actual
    assert d.to_date.committed_pence == committed
    assert d.to_date.other_pence == _scalar(session, "SELECT sum(amount_pence) FROM spend_lines")
    assert d.to_date.actual_minutes == _scalar(
        session, "SELECT sum(worked_minutes) FROM assignments WHERE status = 'worked'")
    assert d.to_date.patrols_worked == _scalar(
        session, "SELECT count(*) FROM assignments WHERE status = 'worked'")
    assert d.remaining_pence == d.grant_pence - actual - committed - d.to_date.other_pence
    # per area adds up to the whole
    assert sum(a.actual_pence for a in d.areas) == actual
    assert sum(a.committed_pence for a in d.areas) == committed
    assert sum(a.worked_minutes for a in d.areas) == d.to_date.actual_minutes
    assert sum(a.arrests for a in d.areas) == _scalar(session, "SELECT sum(arrests) FROM outcomes")


def test_this_week_is_monday_to_sunday(costed: tuple[Session, int, int]) -> None:
    session, _, _ = costed
    d = dashboard(session, TODAY)
    monday = week_start(TODAY)
    sunday = monday + timedelta(days=6)
    expected = _scalar(session, """
        SELECT sum(a.cost_pence) FROM assignments a JOIN shifts s ON s.id = a.shift_id
        WHERE a.status = 'planned' AND s.local_date BETWEEN ? AND ?""",
        monday.isoformat(), sunday.isoformat())
    assert d.this_week.committed_pence == expected > 0
    assert d.this_week.actual_pence == 0  # the demo's worked patrols end before this week


def test_chart_and_run_rate(costed: tuple[Session, int, int]) -> None:
    session, _, actual = costed
    d = dashboard(session, TODAY)
    other = d.to_date.other_pence
    assert sum(p for _, p in d.weekly_spend) == actual + other
    assert d.weekly_spend[0][0] == week_start(d.starts_on)
    assert d.rate_per_day > 0
    assert d.runs_out_on is not None
    assert d.forecast[0].day == TODAY and d.forecast[0].cumulative_pence == actual + other


def test_alert_area_over_allocation(costed: tuple[Session, int, int]) -> None:
    session, _, _ = costed
    with session.writing(Permission.UPKEEP) as db:
        area_id = db.execute("SELECT id FROM areas WHERE name = 'Watford'").fetchone()[0]
        db.execute("UPDATE area_allocations SET allocation_pence = 100 WHERE area_id = ?", [area_id])
    d = dashboard(session, TODAY)
    kinds = [(a.kind, a.text) for a in d.alerts]
    assert any(k == "over_allocation" and t.startswith("Watford is £") for k, t in kinds)
    watford = next(a for a in d.areas if a.name == "Watford")
    assert watford.remaining_pence is not None and watford.remaining_pence < 0


def test_alert_money_runs_out_before_the_end(costed: tuple[Session, int, int]) -> None:
    session, _, _ = costed
    d = dashboard(session, TODAY)
    assert not any(a.kind == "runs_out" for a in d.alerts)
    with session.writing(Permission.UPKEEP) as db:  # a tenfold run rate in the last four weeks
        db.execute("""UPDATE assignments SET cost_pence = cost_pence * 10 WHERE status = 'worked'
                      AND start_utc >= '2026-10-26'""")
    d = dashboard(session, TODAY)
    alert = next(a for a in d.alerts if a.kind == "runs_out")
    assert d.runs_out_on is not None and d.runs_out_on < d.ends_on
    assert f"{d.runs_out_on:%d %b %Y}" in alert.text


def test_alert_cover_and_overrides(costed: tuple[Session, int, int]) -> None:
    session, _, _ = costed
    d = dashboard(session, TODAY)
    cover = [a for a in d.alerts if a.kind == "cover"]
    assert cover and all("short of" in a.text for a in cover)
    assert not any(a.kind == "override" for a in d.alerts)
    with session.writing(Permission.UPKEEP) as db:
        db.execute("""UPDATE assignments SET override_reason = 'only trained officer'
                      WHERE id = (SELECT id FROM assignments WHERE status = 'planned'
                                  ORDER BY start_utc LIMIT 1)""")
    d = dashboard(session, TODAY)
    assert next(a.text for a in d.alerts if a.kind == "override").endswith("(only trained officer)")
    # next week's view: the override is no longer this week's
    assert not any(a.kind == "override" for a in dashboard(session, TODAY + timedelta(days=7)).alerts)


def test_cover_alert_ignores_patrols_beyond_seven_days(costed: tuple[Session, int, int]) -> None:
    session, _, _ = costed
    alerts = dashboard(session, date(2026, 11, 17)).alerts  # 17-23 Nov: the gaps are on 27-29 Nov
    assert not any(a.kind == "cover" and ("27 Nov" in a.text or "28 Nov" in a.text) for a in alerts)
    assert any(a.kind == "cover" and "27 Nov" in a.text for a in dashboard(session, TODAY).alerts)


def test_no_budget_row_still_shows(session: Session) -> None:
    with session.writing(Permission.UPKEEP) as db:
        db.execute("DELETE FROM budget")
    d = dashboard(session, TODAY)
    assert d.grant_pence == 0 and d.name == "No budget set"


def test_spend_lines_do_not_count_against_area_allocations(costed: tuple[Session, int, int]) -> None:
    session, _, _ = costed
    before = next(a for a in dashboard(session, TODAY).areas if a.name == "Watford")
    with session.writing(Permission.UPKEEP) as db:
        area_id = db.execute("SELECT id FROM areas WHERE name = 'Watford'").fetchone()[0]
        db.execute("""INSERT INTO spend_lines (id, description, area_id, amount_pence, spent_on,
                      created_at, created_by) VALUES ('x1', 'Big scheme', ?, 50000000, '2026-11-01',
                      '2026-11-01T00:00:00Z', 'test')""", [area_id])
    d = dashboard(session, TODAY)
    after = next(a for a in d.areas if a.name == "Watford")
    assert after.remaining_pence == before.remaining_pence
    assert after.other_pence == before.other_pence + 50_000_000
    assert not any(a.kind == "over_allocation" for a in d.alerts)


def _short_patrols(session: Session, first: date, days: int) -> list[str]:
    """'Area Day dd Mon HH:MM' of the week's first patrols short of people, by start."""
    from hotspot_tui.domain.clock import from_utc_text, to_local
    from hotspot_tui.services.dashboard import COVER_LIMIT

    rows = session.db.execute(
        "SELECT s.start_utc, ar.name FROM shifts s JOIN areas ar ON ar.id = s.area_id "
        "WHERE s.local_date BETWEEN ? AND ? AND s.status = 'planned' AND "
        "(s.have_officer < s.need_officer OR s.have_pcso < s.need_pcso OR s.have_ceo < s.need_ceo) "
        "ORDER BY s.start_utc LIMIT ?",
        [first.isoformat(), (first + timedelta(days=days - 1)).isoformat(), COVER_LIMIT])
    return [f"{area} {to_local(from_utc_text(start)):%a %d %b %H:%M}" for start, area in rows]


def test_cover_alerts_list_the_first_patrols_short_in_start_order(costed: tuple[Session, int, int]) -> None:
    """From a day with patrols and from a day with none (the week's patrols start later)."""
    from hotspot_tui.services.dashboard import COVER_DAYS

    session, _, _ = costed
    first_patrol = date.fromisoformat(session.db.execute(
        "SELECT min(local_date) FROM shifts").fetchone()[0])
    for day in (TODAY, first_patrol - timedelta(days=2)):
        expected = _short_patrols(session, day, COVER_DAYS)
        shown = [a.text.split(" is short of ")[0] for a in dashboard(session, day).alerts
                 if a.kind == "cover" and " is short of " in a.text]
        assert expected, day
        assert sorted(shown) == sorted(expected)
        assert [s[-16:] for s in shown] == [e[-16:] for e in expected]  # the times, in order
