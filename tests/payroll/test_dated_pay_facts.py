"""Pay facts with effective dates, and locked periods that stay locked: each reproduction
of a wrong payment is a test here."""

from __future__ import annotations

import json
from datetime import date, time
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock import parse_local
from hotspot_tui.domain.pay import Duty, Worker, amount_pence, quote_duty
from hotspot_tui.domain.rules import PayRules
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.costing import recost_all
from hotspot_tui.services.organisation import set_recharge_rates
from hotspot_tui.services.pay_facts import PayChange, pay_history, set_pay
from hotspot_tui.services.payroll import export_payroll, export_recharge
from hotspot_tui.services.staff import get_person
from hotspot_tui.store import payroll as payroll_store
from tests.payroll.helpers import approve_everything, mismatched_costs
from tests.payroll.world import cost, idle_person, payroll_number, rebook, work


def _employer(session, staff_id: str) -> dict:  # type: ignore[no-untyped-def,type-arg]
    row = session.db.execute(
        "SELECT e.name, e.weekday_rate_pence, e.weekend_rate_pence, e.holiday_rate_pence "
        "FROM staff st JOIN employers e ON e.id = st.employer_id WHERE st.id = ?", [staff_id]).fetchone()
    return dict(zip(("name", "weekday", "weekend", "holiday"), row, strict=True))


NUMBER, AMOUNT, ADJUSTS = (payroll_store.DUTY_FIELDS.index(f)
                           for f in ("payroll_number", "amount_pence", "adjustment_for"))


def _adjustments(session, period: str, number: str) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    rows = payroll_store.iter_draft_lines(session.db, period, "{}")
    return [(r[NUMBER], r[AMOUNT], r[ADJUSTS]) for r in rows if r[NUMBER] == number and r[ADJUSTS]]


def test_council_rates_from_thursday_leave_monday_of_the_same_week_alone(session) -> None:  # type: ignore[no-untyped-def]
    """Regression: rates effective Thursday repriced Monday's patrol of the same force week
    (£80 became £160): they applied from the force week, not from their date."""
    ceo = idle_person(session, "ceo", not_between=("2027-01-01", "2027-01-31"))
    monday = work(session, ceo, date(2027, 1, 11), time(10), time(14), kind="ceo")
    thursday = work(session, ceo, date(2027, 1, 14), time(10), time(14), kind="ceo")
    employer = _employer(session, ceo)
    assert cost(session, monday) == cost(session, thursday) == 4 * employer["weekday"]

    rates = (2 * employer["weekday"], 2 * employer["weekend"], 2 * employer["holiday"])
    set_recharge_rates(session, employer["name"], rates, date(2027, 1, 14), "council letter")

    assert cost(session, monday) == 4 * employer["weekday"], "Monday keeps the rates of its day"
    assert cost(session, thursday) == 8 * employer["weekday"]
    assert mismatched_costs(session) == 0


def test_a_correction_in_a_locked_week_pays_only_its_own_difference_at_the_pay_of_its_day(
        session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Regression: a salary change applied from the first open period without a date, and
    a 15-minute correction inside a locked week then recosted the whole week at the new
    salary (adjustment £59.13 where £6.39 was right), repaying an untouched patrol."""
    pc = idle_person(session, "officer", not_between=("2026-05-01", "2026-05-31"), employer_kind="force")
    person = get_person(session, pc)
    assert person["rank"] == "constable" or person["rank"] == "sergeant"
    monday = work(session, pc, date(2026, 5, 11), time(18), time(22), kind="officer")
    wednesday = work(session, pc, date(2026, 5, 13), time(18), time(22), kind="officer")
    approve_everything(session)
    export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    monday_paid, wednesday_paid = cost(session, monday), cost(session, wednesday)

    number = payroll_number(session, pc)
    old_salary = person["annual_salary_pence"]
    assert set_pay(session, number, PayChange(salary_pence=old_salary + 600_000), date(2026, 9, 1),
                   "September pay award")
    rebook(session, wednesday, longer_by=15)

    rate = Fraction(old_salary * 7, 365 * 40)
    right = amount_pence(rate, Fraction(4, 3), 255) - amount_pence(rate, Fraction(4, 3), 240)
    assert cost(session, monday) == monday_paid, "the untouched patrol is not repaid"
    assert cost(session, wednesday) - wednesday_paid == right
    adjustments = _adjustments(session, "2026-06", number)
    assert [r[2] for r in adjustments] == ["2026-05"]
    assert sum(r[1] for r in adjustments) == right
    assert (tmp_path / "may.csv").read_bytes() == _export(session, "2026-05", tmp_path / "again.csv")


def _export(session, period: str, out: Path) -> bytes:  # type: ignore[no-untyped-def]
    export_payroll(session, period, out=out)
    return out.read_bytes()


def test_a_salary_from_a_date_pays_duties_before_it_at_the_old_salary(session) -> None:  # type: ignore[no-untyped-def]
    pc = idle_person(session, "officer", not_between=("2026-12-01", "2027-01-31"), employer_kind="force")
    before = work(session, pc, date(2026, 12, 30), time(18), time(22), kind="officer")
    after = work(session, pc, date(2027, 1, 6), time(18), time(22), kind="officer")
    old = cost(session, before)
    assert cost(session, after) == old
    number = payroll_number(session, pc)
    salary = get_person(session, pc)["annual_salary_pence"]
    set_pay(session, number, PayChange(salary_pence=salary * 2), date(2027, 1, 1), "promotion")
    assert cost(session, before) == old
    assert cost(session, after) == amount_pence(Fraction(salary * 2 * 7, 365 * 40), Fraction(4, 3), 240)
    history = pay_history(session, pc)
    assert [(h.effective_from, h.facts["annual_salary_pence"]) for h in history] == [
        ("2027-01-01", salary * 2), ("0001-01-01", salary)]
    audit = session.db.execute("SELECT reason FROM audit_log WHERE action = 'staff.pay'").fetchall()
    assert audit == [("promotion",)]


def test_a_retro_council_rate_change_leaves_the_locked_statement_and_bills_the_next(
        session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Regression: a retrospective rate change for a council rewrote the locked month's
    recharge statement (£1,161 became £2,210) and put no adjustment on the next one."""
    approve_everything(session)
    export_payroll(session, "2026-05", out=tmp_path / "may-payroll.csv", final=True)
    name, employer_id, may_cost = session.db.execute("""
        SELECT e.name, e.id, sum(l.amount_pence) FROM pay_lines l JOIN staff st ON st.id = l.staff_id
        JOIN employers e ON e.id = st.employer_id
        WHERE l.period_id = '2026-05' AND l.basis = 'worked' AND e.kind = 'council'
        GROUP BY e.id ORDER BY e.name LIMIT 1""").fetchone()
    sent = export_recharge(session, "2026-05", name, out=tmp_path / "may.csv")
    assert sent.total_pence == may_cost > 0
    rates = session.db.execute("SELECT weekday_rate_pence, weekend_rate_pence, holiday_rate_pence "
                               "FROM employers WHERE id = ?", [employer_id]).fetchone()
    set_recharge_rates(session, name, tuple(2 * r for r in rates), date(2026, 5, 1), "late letter")

    again = export_recharge(session, "2026-05", name, out=tmp_path / "may-again.csv")
    assert again.relocked
    assert (tmp_path / "may-again.csv").read_bytes() == (tmp_path / "may.csv").read_bytes()
    kept_may, new_may = session.db.execute("""
        SELECT (SELECT sum(l.amount_pence) FROM pay_lines l JOIN staff st ON st.id = l.staff_id
                WHERE l.period_id = '2026-05' AND l.basis = 'worked' AND st.employer_id = :e),
               (SELECT sum(a.cost_pence) FROM assignments a JOIN shifts s ON s.id = a.shift_id
                JOIN staff st ON st.id = a.staff_id
                WHERE a.status = 'worked' AND s.local_date LIKE '2026-05-%' AND st.employer_id = :e)""",
                                           {"e": employer_id}).fetchone()
    assert kept_may == may_cost, "the locked month's lines stay as they were billed"
    assert new_may == 2 * may_cost, "May's work now costs the new rates"
    june = export_recharge(session, "2026-06", name, out=tmp_path / "june.csv")
    text = (tmp_path / "june.csv").read_bytes()
    assert june.adjustments > 0 and b"2026-05" in text
    adjusted = sum(r[10] for r in payroll_store.iter_recharge_rows(
        session.db, "2026-06", employer_id) if r[11] == "2026-05")
    assert adjusted == new_may - may_cost

    approve_everything(session)

    export_payroll(session, "2026-06", out=tmp_path / "june-payroll.csv", final=True)
    july = list(payroll_store.iter_recharge_rows(session.db, "2026-07", employer_id))
    assert not [r for r in july if r[11] == "2026-05"], "the difference is billed once"
    assert export_recharge(session, "2026-06", name, out=tmp_path / "june-again.csv").relocked
    assert (tmp_path / "june-again.csv").read_bytes() == text


def test_a_pcso_rest_day_on_a_bank_holiday_is_paid_as_pay_quote_says_and_earns_time_off(session) -> None:  # type: ignore[no-untyped-def]
    """Regression: the assign service dropped a PCSO's rest-day flag: a PCSO on a
    bank-holiday rest day was costed × 1 where `pay quote` says × 2, and the time off owed
    was lost."""
    pcso = idle_person(session, "pcso", not_between=("2026-12-01", "2026-12-31"))
    made = work(session, pcso, date(2026, 12, 25), time(10), time(18), kind="pcso", rest_day=True)
    assert session.db.execute("SELECT rest_day FROM assignments WHERE id = ?", [made]).fetchone() == (1,)
    person = get_person(session, pcso)
    salary = person["annual_salary_pence"]
    result = CliRunner().invoke(cli, [
        "pay", "quote", "--kind", "pcso", "--salary", f"{salary // 100}.{salary % 100:02d}",
        "--contracted", f"{person['contracted_weekly_minutes'] / 60:g}",
        "--rest-day", "--told", "2026-12-25",
        "--start", "2026-12-25 10:00", "--end", "2026-12-25 18:00", "--json"])
    assert result.exit_code == 0, result.output
    quoted = json.loads(result.output)
    assert [line["code"] for line in quoted["lines"]] == ["PCSO_2_0"]
    assert cost(session, made) == quoted["total_pence"]
    owed = session.db.execute("SELECT kind, for_date, basis FROM time_off_owed WHERE assignment_id = ?",
                              [made]).fetchall()
    assert owed == [("pcso_time_off", "2026-12-25", "worked")]


def test_a_recost_stops_on_pay_facts_that_cannot_pay_someone(session) -> None:  # type: ignore[no-untyped-def]
    """Regression: `recost_all` silently costed £0 for anyone whose pay facts could not be read."""
    ceo, name = session.db.execute(
        "SELECT st.id, st.name FROM staff st JOIN assignments a ON a.staff_id = st.id "
        "WHERE st.kind = 'ceo' AND a.status = 'worked' LIMIT 1").fetchone()
    before = session.db.execute("SELECT sum(cost_pence), count(*) FROM assignments").fetchone()
    # a council officer left on the force's books: no recharge rates
    with session.writing(Permission.UPKEEP) as db:
        db.execute("UPDATE staff SET employer_id = (SELECT id FROM employers WHERE kind = 'force') "
                   "WHERE id = ?", [ceo])
    with pytest.raises(ValidationFailed) as err, session.writing(Permission.UPKEEP) as db:
        recost_all(db)
    assert name in str(err.value) and "recharge" in str(err.value)
    assert session.db.execute("SELECT sum(cost_pence), count(*) FROM assignments").fetchone() == before


def test_pay_quote_and_costing_use_one_weekly_model_for_a_pcso_crossing_monday(session) -> None:  # type: ignore[no-untyped-def]
    """Regression: a PCSO duty crossing Monday 07:00 paid its Monday hours × 1 (costing
    counted the new week from zero) where a duty starting on Monday paid them × 1.5."""
    pcso = idle_person(session, "pcso", not_between=("2027-02-01", "2027-02-28"))
    person = get_person(session, pcso)
    assert person["contracted_weekly_minutes"] >= 37 * 60
    made = work(session, pcso, date(2027, 2, 7), time(23), time(9), kind="pcso")
    lines = session.db.execute("SELECT code, minutes FROM pay_lines WHERE assignment_id = ? ORDER BY line_no",
                               [made]).fetchall()
    assert lines[-1] == ("PCSO_1_5", 120), "Monday 07:00-09:00 is past 37 h in the new week"
    worker = Worker(kind="pcso", annual_salary_pence=person["annual_salary_pence"],
                    contracted_weekly_minutes=person["contracted_weekly_minutes"])
    duty = Duty(start=parse_local("2027-02-07 23:00"), end=parse_local("2027-02-08 09:00"))
    quote = quote_duty(worker, duty, PayRules(),
                       minutes_worked_this_week_before=person["contracted_weekly_minutes"])
    assert cost(session, made) == quote.total_pence


def test_the_candidate_cost_is_the_pay_in_force_on_the_patrols_day(session) -> None:  # type: ignore[no-untyped-def]
    from hotspot_tui.services.candidates import candidates_for
    from hotspot_tui.services.shifts import ShiftDraft, create_shift
    from tests.payroll.world import area_id

    pc = idle_person(session, "officer", not_between=("2027-03-01", "2027-03-31"), employer_kind="force")
    salary = get_person(session, pc)["annual_salary_pence"]
    set_pay(session, payroll_number(session, pc), PayChange(salary_pence=salary + 365_000),
            date(2027, 3, 15), "pay award")

    def hourly_on(day: date) -> str:
        shift = create_shift(session, ShiftDraft(area_id(session), day, time(18), time(22), {"officer": 1}))
        [me] = [c for c in candidates_for(session, shift, "officer") if c.staff_id == pc]
        return next(r for r in me.ranked.reasons if r.startswith("costs"))

    old = round(Fraction(salary * 7, 365 * 40))
    new = round(Fraction((salary + 365_000) * 7, 365 * 40))
    assert hourly_on(date(2027, 3, 10)) == f"costs £{old // 100}.{old % 100:02d} an hour"
    assert hourly_on(date(2027, 3, 20)) == f"costs £{new // 100}.{new % 100:02d} an hour"
