"""The dashboard's and the report's money is the pay engine's lines summed, to the penny.

The costing service keeps `assignments.cost_pence` equal to the total of the pay engine's
lines for each assignment. Here every planned and worked assignment is priced with the pay
engine directly, its total stored as the costing service would, and the dashboard and the
report must add up to exactly the sum of the engine's lines.
"""

from __future__ import annotations

from datetime import date

from hotspot_tui.domain import pay
from hotspot_tui.domain import rules as rules_module
from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.services.dashboard import dashboard
from hotspot_tui.services.report import operation_report
from hotspot_tui.services.session import Session
from tests.dashboard.conftest import TODAY


def _price_everything(session: Session) -> tuple[int, int, int]:
    """Store each assignment's pay-engine total; returns (committed, actual, worked minutes)."""
    rules = rules_module.default_rules()
    rows = list(session.db.query("""
        SELECT a.id, a.status, a.start_utc, a.end_utc, a.actual_start_utc, a.actual_end_utc,
               a.told_on, a.rest_day, a.casual, a.straight_on, a.worked_minutes,
               st.kind, st.rank, st.annual_salary_pence, st.hourly_rate_pence,
               st.contracted_weekly_minutes,
               e.weekday_rate_pence, e.weekend_rate_pence, e.holiday_rate_pence
        FROM assignments a JOIN staff st ON st.id = a.staff_id JOIN employers e ON e.id = st.employer_id
        WHERE a.status IN ('planned', 'worked')
    """))
    assert len(rows) > 1000
    committed = actual = minutes = 0
    updates = []
    for r in rows:
        recharge = None
        if r["kind"] == "ceo":
            recharge = pay.RechargeRates(weekday_pence=r["weekday_rate_pence"],
                                         weekend_pence=r["weekend_rate_pence"],
                                         holiday_pence=r["holiday_rate_pence"])
        worker = pay.Worker(kind=r["kind"], rank=r["rank"], annual_salary_pence=r["annual_salary_pence"],
                            hourly_rate_pence=r["hourly_rate_pence"],
                            contracted_weekly_minutes=r["contracted_weekly_minutes"], recharge=recharge)
        worked = r["status"] == "worked"
        duty = pay.Duty(
            start=from_utc_text(r["actual_start_utc"] if worked else r["start_utc"]),
            end=from_utc_text(r["actual_end_utc"] if worked else r["end_utc"]),
            told_on=date.fromisoformat(r["told_on"]) if r["told_on"] else None,
            rest_day=bool(r["rest_day"]), casual=bool(r["casual"]), straight_on=bool(r["straight_on"]),
        )
        quote = pay.quote_duty(worker, duty, rules)
        total = sum(line.amount_pence for line in quote.lines)
        assert total == quote.total_pence
        updates.append((total, r["id"]))
        if worked:
            actual += total
            minutes += r["worked_minutes"]
        else:
            committed += total
    with session.writing(Permission.UPKEEP) as db:
        db.conn.executemany("UPDATE assignments SET cost_pence = ? WHERE id = ?", updates)
    return committed, actual, minutes


def test_dashboard_and_report_money_equal_the_pay_engine_lines(session: Session) -> None:
    committed, actual, minutes = _price_everything(session)
    assert actual > 0 and committed > 0
    d = dashboard(session, TODAY)
    assert d.to_date.actual_pence == actual
    assert d.to_date.committed_pence == committed
    assert d.to_date.actual_minutes == minutes
    report = operation_report(session)
    assert report.total.patrol_spend_pence == actual
    assert report.total.minutes == minutes
    assert sum(a.figures.patrol_spend_pence for a in report.by_area) == actual
