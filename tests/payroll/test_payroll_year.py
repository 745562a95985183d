"""A year of payroll files, as a payroll clerk checks them.

Every period the sample holds is approved, exported final in order and read back as a clerk
would: every line recomputes to its amount from its own Hours and Rate with a calculator
(half-up to the penny), the file's totals add up, and the file plus every council's recharge
statement equals the operation's actual patrol spend for the period, to the penny.

CI runs this on the demo sample (seven months, May to November 2026). The same test runs
over the county sample (three years; 1,000,000 assignments) with
``HOTSPOT_PAYROLL_YEAR_DB=/path/to/county.db`` (a copy is used; the file is not changed).
"""

from __future__ import annotations

import csv
import os
import shutil
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from hotspot_tui.services.payroll import export_payroll, export_recharge, list_periods
from hotspot_tui.services.report import operation_report
from hotspot_tui.services.session import open_session
from tests.payroll.helpers import approve_everything

HOURS, RATE, AMOUNT, ELEMENT, COST_CODE = 11, 12, 13, 9, 8


def _pence(text: str) -> int:
    return int((Decimal(text) * 100).to_integral_value(ROUND_HALF_UP))


def _calculator(hours: str, rate: str) -> int:
    """Hours × Rate in pence, rounded half-up, as a clerk's calculator does it."""
    return int((Decimal(hours) * Decimal(rate) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


@pytest.fixture
def year_db(demo_db: Path, tmp_path: Path) -> Path:
    source = os.environ.get("HOTSPOT_PAYROLL_YEAR_DB")
    if not source:
        return demo_db
    target = tmp_path / "year.db"
    shutil.copyfile(source, target)
    target.chmod(0o600)
    return target


@pytest.mark.usefixtures("pinned_clock")  # locks and books by a fixed day
@pytest.mark.slow
def test_every_line_recomputes_and_the_files_equal_the_spend(year_db: Path, tmp_path: Path) -> None:
    session = open_session(year_db, "PS Payroll")
    try:
        approve_everything(session)
        today = date.today()
        periods = sorted((p for p in list_periods(session, limit=100)
                          if date.fromisoformat(p.ends_on) <= today and p.worked_pence),
                         key=lambda p: p.starts_on)
        assert len(periods) >= 7
        employers = [r[0] for r in session.db.execute(
            "SELECT name FROM employers WHERE kind <> 'force' ORDER BY name")]
        checked = 0
        for period in periods:
            result = export_payroll(session, period.id, out=tmp_path / f"{period.id}.csv", final=True)
            with result.path.open(newline="", encoding="utf-8") as fh:
                rows = list(csv.reader(fh))
            assert rows[-1][:2] == ["AUDIT", "Audit checkpoint"]  # the log as the period locked
            lines = [r for r in rows[1:] if r and r[0] not in ("TOTAL", "AUDIT")]
            totals = {(r[1], r[ELEMENT] or r[COST_CODE] or r[2]): r for r in rows if r and r[0] == "TOTAL"}
            assert len(lines) == result.rows > 0
            for line in lines:
                assert _calculator(line[HOURS], line[RATE]) == _pence(line[AMOUNT]), line
                assert line[ELEMENT] and line[15] and line[14], line  # coded, approved, booked
                quarters = Decimal(line[HOURS]) * 4  # officers: whole quarter hours
                assert quarters == quarters.to_integral_value() or not line[10].startswith(("OT", "RD", "PH"))
            amount = sum(_pence(r[AMOUNT]) for r in lines)
            assert amount == result.total_pence == _pence(totals["all lines", period.id][AMOUNT])
            for group in ("by element code", "by cost code"):
                assert sum(_pence(r[AMOUNT]) for (g, _), r in totals.items() if g == group) == amount
            recharged = sum(
                export_recharge(session, period.id, name, out=tmp_path / f"{period.id}-{i}.csv").total_pence
                for i, name in enumerate(employers))
            first = date.fromisoformat(period.starts_on)
            spend = operation_report(session, first, _last_day(period.ends_on)).total.patrol_spend_pence
            assert amount + recharged == spend, period.id
            checked += len(lines)
        assert checked > 1000
    finally:
        session.close()


def _last_day(ends_on: str) -> date:
    return date.fromordinal(date.fromisoformat(ends_on).toordinal() - 1)
