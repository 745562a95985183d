"""Rows 2–4 of the benchmark, measured at the service layer (the calls the screens make).

`measure(db_path, runs)` works on the given file (the caller passes a throwaway copy: it
assigns people and writes export files).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from bench.benchmark import Row
from hotspot_tui.domain.months import Month
from hotspot_tui.services import payroll
from hotspot_tui.services.assignments import AssignOptions, assign
from hotspot_tui.services.candidates import PICKER_LIMIT, candidates_for
from hotspot_tui.services.dashboard import dashboard, local_today
from hotspot_tui.services.monthly_return import monthly_return
from hotspot_tui.services.pay_facts import PayChange, set_pay
from hotspot_tui.services.report import operation_report
from hotspot_tui.services.roster import AREA_PAGE, area_spend, roster_week
from hotspot_tui.services.session import open_session
from hotspot_tui.store import payroll as payroll_store

SQLITE3 = shutil.which("sqlite3")


def _ms(fn: Callable[[], Any]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def _median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def _anchor_sql(period_id: str) -> str:
    """The query the draft CSV runs for one period (its lines before element codes, which
    the writer adds from the settings once per pay rule), with its period written in."""
    return payroll_store.uncoded_draft_lines_sql().replace(":period", f"'{period_id}'") + ";"


def _sqlite3_csv(db: Path, periods: list[tuple[str, str]]) -> tuple[float, int]:
    assert SQLITE3
    script = "\n".join(_anchor_sql(p) for p, _ in periods)
    start = time.perf_counter()
    out = subprocess.run([SQLITE3, "-csv", "-readonly", str(db)], input=script,
                         capture_output=True, text=True, check=True).stdout
    return (time.perf_counter() - start), out.count("\n")


def _periods(session: Any, today: date) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """The busiest month before today, and the twelve months that end with it."""
    rows = list(session.db.execute(
        "SELECT p.id, p.starts_on, count(*) AS n FROM pay_periods p JOIN pay_lines l "
        "ON l.period_id = p.id AND l.basis = 'worked' WHERE p.ends_on < ? "
        "GROUP BY p.id ORDER BY p.starts_on", [today.isoformat()]))
    if not rows:
        return [], []
    month = max(rows[-12:], key=lambda r: r[2])
    year = [(r[0], r[1]) for r in rows[-12:]]
    return [(month[0], month[1])], year


def _export(session: Any, periods: list[tuple[str, str]], folder: Path) -> tuple[float, int]:
    start = time.perf_counter()
    rows = 0
    for period_id, _ in periods:
        result = payroll.export_payroll(session, period_id, fmt="csv", out=folder / f"{period_id}.csv")
        rows += result.rows
        (folder / f"{period_id}.csv").unlink()
    return time.perf_counter() - start, rows


def measure(db_path: Path, runs: int, groups: frozenset[str] = frozenset({"service", "export"})) -> list[Row]:
    """The rows of the groups asked for: "service" (2a-3c), "export" (4a, 4b)."""
    session = open_session(Path(db_path), "Benchmark")
    try:
        rows = _measure(session, max(1, runs)) if "service" in groups else []
        if "export" in groups:
            rows += _export_rows(session, Path(db_path), max(1, runs))
        return rows
    finally:
        session.close()


PAY_CHANGE_PATROLS = 120
"""Row 2d's officers each have this many patrols (or the nearest number) since the change:
the same work on a file of any size, where the busiest officer of a larger force has more."""


def _pay_change_row(session: Any, today: date, runs: int) -> Row:
    """A salary change from 26 weeks back for constables with PAY_CHANGE_PATROLS patrols
    since: the change stored and audited, and those patrols costed again."""
    since = today - timedelta(weeks=26)
    chosen = [r[0] for r in session.db.execute(
        "SELECT st.payroll_number FROM staff st "
        "WHERE st.kind = 'officer' AND st.pay_basis = 'annual' AND st.rank = 'constable' "
        "ORDER BY abs((SELECT count(*) FROM assignments a WHERE a.staff_id = st.id "
        "AND a.start_utc >= ?) - ?), st.payroll_number LIMIT ?",
        [since.isoformat(), PAY_CHANGE_PATROLS, runs])]
    took = []
    for step, number in enumerate(chosen):
        salary = session.db.execute("SELECT annual_salary_pence FROM staff WHERE payroll_number = ?",
                                    [number]).fetchone()[0]
        change = PayChange(salary_pence=salary + 100_000 + step)
        took.append(_ms(lambda n=number, c=change: set_pay(session, n, c, since, "benchmark"))[0])
    ms = _median(took)
    return Row("2d", f"pay change from 26 weeks back for an officer with {PAY_CHANGE_PATROLS} "
                     "patrols since (recosted)", ms, "ms", "-", None, "-", True, info=True)


def _measure(session: Any, runs: int) -> list[Row]:
    today = local_today()
    next_week = today + timedelta(days=7)
    rows: list[Row] = []

    roster = [_ms(lambda: roster_week(session, next_week, spend=area_spend(session)))[0]
              for _ in range(runs)]
    ms = _median(roster)
    rows.append(Row("2a", f"roster: next week, its first page ({AREA_PAGE} areas; grid and area spend)",
                    ms, "ms", "-", None,
                    "≤ 30 ms", ms <= 30))

    monday = next_week - timedelta(days=next_week.weekday())
    shifts = [r[0] for r in session.db.execute(
        "SELECT id FROM shifts WHERE status = 'planned' AND need_officer > 0 "
        "AND local_date BETWEEN ? AND ? ORDER BY start_utc",
        [monday.isoformat(), (monday + timedelta(days=6)).isoformat()])]
    if not shifts:
        shifts = [r[0] for r in session.db.execute(
            "SELECT id FROM shifts WHERE status = 'planned' ORDER BY start_utc DESC LIMIT 20")]
    picked = [shifts[i * len(shifts) // runs] for i in range(runs)] if shifts else []
    opening, assigning = [], []
    for shift_id in picked:
        ms, found = _ms(lambda s=shift_id: candidates_for(session, s, "officer", limit=PICKER_LIMIT))
        opening.append(ms)
        # An overlap is refused even with an override; a rerun on the same file meets the
        # people the last run assigned.
        choice = next((c for c in found if c.ranked.eligible
                       and not any(v.rule == "overlap" for v in c.ranked.violations)), None)
        if choice is None:
            continue
        options = AssignOptions(override_reason=None if choice.ranked.can_assign else "benchmark")
        ms, _ = _ms(lambda s=shift_id, c=choice, o=options: assign(session, s, [c.staff_id], o))
        assigning.append(ms)
    ms = _median(opening)
    rows.append(Row("2b", f"open a patrol with its ranked candidates (top {PICKER_LIMIT})", ms, "ms",
                    "-", None, "≤ 30 ms", ms <= 30))
    ms = _median(assigning)
    rows.append(Row("2c", "assign one person with all rule checks", ms, "ms", "-", None,
                    "≤ 30 ms", ms <= 30))

    rows.append(_pay_change_row(session, today, runs))

    dash = [_ms(lambda: dashboard(session, today))[0] for _ in range(runs)]
    ms = _median(dash)
    rows.append(Row("3", "dashboard refresh", ms, "ms", "-", None, "≤ 100 ms", ms <= 100))

    last_month = Month.of(today).shift(-1)
    monthly = [_ms(lambda: monthly_return(session, last_month))[0] for _ in range(runs)]
    ms = _median(monthly)
    rows.append(Row("3b", f"monthly return for {last_month.label()} (every area)", ms, "ms", "-",
                    None, "≤ 500 ms", ms <= 500))

    whole = [_ms(lambda: operation_report(session))[0] for _ in range(runs)]
    ms = _median(whole)
    rows.append(Row("3c", "operation report, the whole operation (every area)", ms, "ms", "-",
                    None, "≤ 500 ms", ms <= 500))

    return rows


def _export_rows(session: Any, db_path: Path, runs: int) -> list[Row]:
    """The payroll file of a month and of a year beside `sqlite3 -csv` on the same query,
    the two alternating run by run so that a busy spell of the machine falls on both."""
    rows: list[Row] = []
    month, year = _periods(session, local_today())
    folder = Path(tempfile.mkdtemp(prefix="hotspot-export-"))
    try:
        for number, label, periods in (("4a", "payroll export, one month", month),
                                       ("4b", "payroll export, a whole year (12 months)", year)):
            if not periods:
                continue
            ours, theirs = [], []
            for _ in range(runs):
                ours.append(_export(session, periods, folder))
                if SQLITE3:
                    theirs.append(_sqlite3_csv(db_path, periods))
            our_rate = _median([n / s for s, n in ours if s > 0])
            if SQLITE3:
                their_rate = _median([n / s for s, n in theirs if s > 0])
                rows.append(Row(number, f"{label} ({ours[0][1]:,} lines), rows/second", our_rate,
                                "rows/s", "`sqlite3 -csv`, same query", their_rate,
                                "≥ 1.0× sqlite3", our_rate >= their_rate))
            else:
                rows.append(Row(number, f"{label} ({ours[0][1]:,} rows), rows/second", our_rate,
                                "rows/s", "sqlite3 CLI not installed: anchor skipped", None,
                                "≥ 1.0× sqlite3", True))
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return rows
