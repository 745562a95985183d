"""Areas and employers from the command line: added, retired, rates changed, all audited."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.domain import clock_utc

SAMPLE_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
"""A moment on the day the demo data describes: some of its patrols are still to come."""


def run(db, *args):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["--as", "Insp Finance", *args, "--db", str(db)])


def rows(db, sql, params=()):  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(str(db))
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def test_add_and_retire_an_area_with_audit(demo_db) -> None:  # type: ignore[no-untyped-def]
    added = run(demo_db, "area", "add", "Letchworth Garden City", "--district", "North Hertfordshire",
                "--cost-code", "haf-nh-let")
    assert added.exit_code == 0, added.output
    assert rows(demo_db, "SELECT cost_code, active FROM areas WHERE name = 'Letchworth Garden City'") == [
        ("HAF-NH-LET", 1)]
    retired = run(demo_db, "area", "retire", "letchworth garden city", "--reason", "merged with Hitchin")
    assert retired.exit_code == 0, retired.output
    assert rows(demo_db, "SELECT active FROM areas WHERE name = 'Letchworth Garden City'") == [(0,)]
    audit_sql = ("SELECT action, actor, reason FROM audit_log WHERE entity = 'area' AND entity_id = "
                 "(SELECT id FROM areas WHERE name = 'Letchworth Garden City') ORDER BY seq")
    assert rows(demo_db, audit_sql) == [
        ("area.add", "Insp Finance", None), ("area.retire", "Insp Finance", "merged with Hitchin")]


def test_refusals_are_one_line_and_write_nothing(demo_db, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(clock_utc, "utc_now", lambda: SAMPLE_NOW)
    before = rows(demo_db, "SELECT count(*) FROM audit_log")
    [(busy_area,)] = rows(
        demo_db, "SELECT a.name FROM shifts s JOIN areas a ON a.id = s.area_id WHERE s.status = 'planned'"
        " AND s.start_utc > ? ORDER BY s.start_utc DESC LIMIT 1", [clock_utc.to_utc_text(SAMPLE_NOW)])
    cases = [
        (["area", "add", "Watford", "--district", "Watford", "--cost-code", "NEW"], "already an area"),
        (["area", "add", "Newtown", "--district", "X", "--cost-code", "HAF-WA-WAT"], "already used"),
        (["area", "retire", busy_area, "--reason", "done"], "planned patrol"),
        (["area", "retire", "Nowhere", "--reason", "x"], "no area called Nowhere"),
        (["employer", "set-rates", "Watford Borough Council", "--weekday", "x", "--weekend", "1",
          "--holiday", "1", "--reason", "r"], "--weekday"),
        (["employer", "set-rates", "Hertfordshire Constabulary", "--weekday", "1", "--weekend", "1",
          "--holiday", "1", "--reason", "r"], "salaries"),
    ]
    for args, expected in cases:
        result = run(demo_db, *args)
        assert result.exit_code == 2, (args, result.output)
        assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert rows(demo_db, "SELECT count(*) FROM audit_log") == before


def test_new_recharge_rates_recost_the_councils_patrols_from_the_date(demo_db) -> None:  # type: ignore[no-untyped-def]
    council = "Watford Borough Council"
    query = """
        SELECT coalesce(sum(x.cost_pence), 0) FROM assignments x JOIN staff p ON p.id = x.staff_id
        JOIN employers e ON e.id = p.employer_id
        WHERE e.name = ? AND x.status = 'worked' AND x.start_utc {} '2026-10-01'
    """
    before_early = rows(demo_db, query.format("<"), [council])[0][0]
    before_late = rows(demo_db, query.format(">="), [council])[0][0]
    result = run(demo_db, "employer", "set-rates", council, "--weekday", "43.00", "--weekend", "51.60",
                 "--holiday", "64.50", "--from", "2026-10-01", "--reason", "Council letter")
    assert result.exit_code == 0, result.output
    assert rows(demo_db, query.format("<"), [council])[0][0] == before_early
    assert rows(demo_db, query.format(">="), [council])[0][0] == 2 * before_late > 0
    assert rows(demo_db, "SELECT action, reason FROM audit_log WHERE entity = 'employer'") == [
        ("employer.rates", "Council letter")]


@pytest.mark.parametrize("when", ["0001-01-01", "1847-12-01", "2100-01-01"])
def test_dates_out_of_range_are_one_line(demo_db, when) -> None:  # type: ignore[no-untyped-def]
    """Year 1 overflowed the calendar and 1847 met Greenwich Mean Time's odd start: both
    crashed (exit 70); every date is from 2000-01-01 to 2099-12-31."""
    before = rows(demo_db, "SELECT count(*) FROM audit_log")
    result = run(demo_db, "employer", "set-rates", "Watford Borough Council", "--weekday", "20",
                 "--weekend", "25", "--holiday", "30", "--from", when, "--reason", "letter")
    assert result.exit_code == 2, result.output
    assert "out of range" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    assert rows(demo_db, "SELECT count(*) FROM audit_log") == before
