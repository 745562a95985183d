"""The monthly return reads one month through the local-day index, never all history."""

from __future__ import annotations

from hotspot_tui.domain.police_records import ASB
from hotspot_tui.store import monthly_return, police_data, report


def _plans(db, calls, per_call: int | None = 1) -> list[list[str]]:  # type: ignore[no-untyped-def]
    """Run the calls, then EXPLAIN QUERY PLAN each SELECT they made (values inlined): one a
    call, unless `per_call` is None."""
    seen: list[str] = []
    db.conn.set_trace_callback(seen.append)
    try:
        for call in calls:
            call()
    finally:
        db.conn.set_trace_callback(None)
    selects = [sql for sql in seen if sql.lstrip().upper().startswith("SELECT")]
    if per_call is not None:
        assert len(selects) == per_call * len(calls)
    return [[row[3] for row in db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
            for sql in selects]


def test_every_query_of_a_month_starts_from_the_local_day_index(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    first, last = "2026-10-01", "2026-10-31"
    plans = _plans(db, [
        lambda: monthly_return.minutes_by_area_and_kind(db, first, last),
        lambda: monthly_return.booking_state(db, first, last, "2026-12-03T00:00:00Z"),
    ])
    for plan in plans:
        text = "\n".join(plan)
        assert "SEARCH s USING INDEX idx_shifts_local_date (local_date>? AND local_date<?)" in text, text
        assert not any(step.startswith("SCAN") for step in plan), text


def _report_reads(db, first: str, last: str) -> list[str]:  # type: ignore[no-untyped-def]
    plans = _plans(db, [
        lambda: report.patrols_by_area(db, first, last),
        lambda: report.outcomes_by_area(db, first, last),
    ], per_call=None)
    return sorted(step for plan in plans for step in plan if step.startswith(("SEARCH", "SCAN"))
                  and step != "SCAN CONSTANT ROW")


# Each summary's first and last day, read from the ends of an index on the day.
DAY_ENDS = [
    "SEARCH outcome_day_totals USING PRIMARY KEY",
    "SEARCH outcome_day_totals USING PRIMARY KEY",
    "SEARCH patrol_day_totals USING COVERING INDEX idx_patrol_day_totals_status_day (status=?)",
    "SEARCH patrol_day_totals USING COVERING INDEX idx_patrol_day_totals_status_day (status=?)",
    "SEARCH patrol_day_worked USING PRIMARY KEY",
    "SEARCH patrol_day_worked USING PRIMARY KEY",
]


def test_the_reports_figures_for_a_month_are_read_from_the_days_summaries(session) -> None:  # type: ignore[no-untyped-def]
    """Patrols worked, their minutes and money, and their outcomes, for a month, read a row
    per area and day in the range, not the assignments."""
    read = _report_reads(session.db, "2026-10-01", "2026-10-31")
    assert read == sorted([
        *DAY_ENDS,
        "SEARCH outcome_day_totals USING PRIMARY KEY (local_date>? AND local_date<?)",
        "SEARCH patrol_day_totals USING INDEX idx_patrol_day_totals_status_day "
        "(status=? AND local_date>? AND local_date<?)",
        "SEARCH patrol_day_worked USING PRIMARY KEY (local_date>? AND local_date<?)",
    ]), read


def test_the_reports_figures_for_the_whole_operation_are_read_a_row_per_area(session) -> None:  # type: ignore[no-untyped-def]
    """A range holding every patrol day reads each area's totals, however many days."""
    read = _report_reads(session.db, "2000-01-01", "2999-12-31")
    assert read == sorted([
        *DAY_ENDS,
        "SCAN area_outcome_totals",
        "SCAN area_status_totals",
        "SCAN area_worked_totals",
    ]), read


def test_the_months_police_figures_are_read_by_month(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    plans = _plans(db, [
        lambda: police_data.loaded_months(db, "2026-10", "2026-10"),
        lambda: police_data.area_counts(db, "2026-10", "2026-10", ASB, None),
        lambda: police_data.month_type_totals(db, "2026-10", "2026-10"),
    ])
    loaded, counts, totals = ("\n".join(p) for p in plans)
    assert "USING COVERING INDEX idx_police_force_months_month (month>? AND month<?)" in loaded
    # by the month index, or (once the counts are analysed) by the key's skip-scan of areas:
    # a search by month either way
    assert "month>? AND month<?)" in counts and "SCAN" not in counts, counts
    assert "idx_police_force_months_month" in totals and "SCAN" not in totals
