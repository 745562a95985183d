"""A locked pay period never changes: its stored pay lines stay as they were sent, and a
later correction to one of its duties is paid as adjustment lines in the next open period:
per duty and element, exactly the difference, naming the period and line it corrects."""

from __future__ import annotations

import csv
from datetime import date, time
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest

from hotspot_tui.domain.pay import amount_pence
from hotspot_tui.domain.payroll import pounds
from hotspot_tui.domain.payroll_lines import NOT_APPROVED
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.assignments import mark_no_show
from hotspot_tui.services.dashboard import dashboard
from hotspot_tui.services.organisation import set_recharge_rates
from hotspot_tui.services.pay_facts import PayChange, set_pay
from hotspot_tui.services.payroll import export_payroll, export_recharge
from hotspot_tui.services.settings import change_setting
from hotspot_tui.services.staff import get_person
from tests.payroll.helpers import approve_everything, mismatched_costs
from tests.payroll.world import cost, idle_person, payroll_number, rebook, work

pytestmark = pytest.mark.usefixtures("pinned_clock")  # locks months up to November

(NUMBER, NAME, PERIOD, DUTY_DATE, START, FINISH, REF, AREA, COST_CODE, ELEMENT, RULE, HOURS, RATE,
 AMOUNT, BOOKED, APPROVED, ADJ, ADJ_LINE) = range(18)
OT = Fraction(4, 3)


def _lines(session, period: str) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    return session.db.execute(
        "SELECT assignment_id, line_no, code, minutes, rate, multiplier, amount_pence FROM pay_lines "
        "WHERE period_id = ? ORDER BY assignment_id, line_no", [period]).fetchall()


def _adjustment_lines(session, assignment_id: str) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    return session.db.execute(
        "SELECT period_id, corrects_period, corrects_line, code, minutes, amount_pence FROM pay_lines "
        "WHERE assignment_id = ? AND corrects_period IS NOT NULL ORDER BY period_id, line_no",
        [assignment_id]).fetchall()


def _data_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [r for r in list(csv.reader(fh))[1:] if r and r[0] not in ("TOTAL", "AUDIT")]


def _totals(path: Path) -> dict[tuple[str, str], str]:
    with path.open(newline="", encoding="utf-8") as fh:
        rows = [r for r in csv.reader(fh) if r and r[0] == "TOTAL"]
    return {(r[1], r[ELEMENT] or r[COST_CODE] or r[2]): r[AMOUNT] for r in rows}


def _pence(text: str) -> int:
    return int((Decimal(text) * 100).to_integral_value(ROUND_HALF_UP))


def _calculator(hours: str, rate: str) -> int:
    return int((Decimal(hours) * Decimal(rate) * 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _ref(session, assignment_id: str) -> str:  # type: ignore[no-untyped-def]
    return session.db.execute("SELECT s.ref FROM assignments a JOIN shifts s ON s.id = a.shift_id "
                              "WHERE a.id = ?", [assignment_id]).fetchone()[0]


def _hourly(session, staff_id: str) -> Fraction:  # type: ignore[no-untyped-def]
    return Fraction(get_person(session, staff_id)["annual_salary_pence"] * 7, 365 * 40)


def _officer_week(session) -> tuple[str, str, str]:  # type: ignore[no-untyped-def]
    """An officer who works Monday and Wednesday evenings of one force week in May."""
    pc = idle_person(session, "officer", not_between=("2026-05-01", "2026-05-31"), employer_kind="force")
    monday = work(session, pc, date(2026, 5, 11), time(18), time(22), kind="officer")
    wednesday = work(session, pc, date(2026, 5, 13), time(18), time(22), kind="officer")
    return pc, monday, wednesday


def test_a_correction_to_a_duty_in_a_locked_period_leaves_its_stored_lines_as_sent(
        session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pc = idle_person(session, "officer", not_between=("2026-05-01", "2026-05-31"), employer_kind="force")
    wednesday = work(session, pc, date(2026, 5, 13), time(18), time(22), kind="officer")
    approve_everything(session)
    export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    sent = _lines(session, "2026-05")
    rebook(session, wednesday, longer_by=15)
    assert _lines(session, "2026-05") == sent


def test_a_correction_inside_a_locked_week_pays_that_duty_its_difference_and_no_other(
        session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pc, monday, wednesday = _officer_week(session)
    approve_everything(session)
    export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    may_rows = _data_rows(tmp_path / "may.csv")
    monday_paid = cost(session, monday)

    rebook(session, wednesday, longer_by=15)

    rate = _hourly(session, pc)
    difference = amount_pence(rate, OT, 255) - amount_pence(rate, OT, 240)
    assert difference == amount_pence(rate, OT, 15) > 0, "a quarter hour at the pay of its day"
    assert _adjustment_lines(session, wednesday) == [("2026-06", "2026-05", 0, "OT_4_3", 15, difference)]
    assert _adjustment_lines(session, monday) == [], "the untouched patrol of the same week gets nothing"
    assert cost(session, monday) == monday_paid
    assert mismatched_costs(session) == 0

    draft = export_payroll(session, "2026-06", out=tmp_path / "june-draft.csv")
    [waiting] = [r for r in _data_rows(draft.path) if r[NUMBER] == payroll_number(session, pc)]
    assert waiting[APPROVED] == NOT_APPROVED, "the corrected booking awaits approval"
    with pytest.raises(ValidationFailed, match=f"not approved, on patrols {_ref(session, wednesday)}"):
        export_payroll(session, "2026-06", out=tmp_path / "june-final.csv", final=True)
    approve_everything(session)
    june = export_payroll(session, "2026-06", out=tmp_path / "june.csv")
    mine = [r for r in _data_rows(june.path) if r[NUMBER] == payroll_number(session, pc)]
    assert len(mine) == 1, "one line: the changed duty's one element"
    [line] = mine
    wednesday_line = next(i for i, r in enumerate(may_rows, 1) if r[REF] == _ref(session, wednesday))
    assert (line[PERIOD], line[DUTY_DATE], line[REF], line[ADJ], line[ADJ_LINE]) == (
        "2026-06", "2026-05-13", _ref(session, wednesday), "2026-05", str(wednesday_line))
    assert line[HOURS] == "0.25" and line[AMOUNT] == pounds(difference) and line[APPROVED] == "Insp Approver"
    assert _calculator(line[HOURS], line[RATE]) == difference, "a clerk recomputes it"
    assert line[START].startswith("2026-05-13 18:00") and line[FINISH].startswith("2026-05-13 22:15")
    assert june.adjustments == 1


def test_a_second_correction_pays_only_what_was_not_already_paid_or_adjusted(
        session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pc, monday, wednesday = _officer_week(session)
    approve_everything(session)
    export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    rate = _hourly(session, pc)

    def pay(minutes: int) -> int:
        return amount_pence(rate, OT, minutes)

    rebook(session, wednesday, longer_by=15)
    rebook(session, wednesday, longer_by=30)  # before June is sent: June's adjustment is redone
    assert _adjustment_lines(session, wednesday) == [
        ("2026-06", "2026-05", 0, "OT_4_3", 45, pay(285) - pay(240))]
    approve_everything(session)
    export_payroll(session, "2026-06", out=tmp_path / "june.csv", final=True)
    june_rows = _data_rows(tmp_path / "june.csv")

    rebook(session, wednesday, longer_by=-60)  # after June is sent: relative to May and June
    assert _adjustment_lines(session, wednesday) == [
        ("2026-06", "2026-05", 0, "OT_4_3", 45, pay(285) - pay(240)),
        ("2026-07", "2026-05", 0, "OT_4_3", -60, pay(225) - pay(285)),
    ]
    assert cost(session, wednesday) == pay(225)
    paid = session.db.execute("SELECT sum(amount_pence) FROM pay_lines WHERE assignment_id = ?",
                              [wednesday]).fetchone()[0]
    assert paid == pay(225), "May's lines, June's and July's adjustments come to the duty's pay"
    assert _adjustment_lines(session, monday) == []

    approve_everything(session)
    july = export_payroll(session, "2026-07", out=tmp_path / "july.csv")
    [back] = [r for r in _data_rows(july.path) if r[ADJ]]
    assert (back[HOURS], back[AMOUNT], back[ADJ]) == ("-1.00", pounds(pay(225) - pay(285)), "2026-05")
    assert _calculator(back[HOURS], back[RATE]) == pay(225) - pay(285)
    export_payroll(session, "2026-06", out=tmp_path / "june-again.csv")
    assert _data_rows(tmp_path / "june-again.csv") == june_rows


def test_a_locked_periods_files_are_byte_identical_after_every_kind_of_change(
        session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Corrections, a no-show, a pay change and council rates dated back, and a pay rule
    changed from before the lock: May's payroll file (CSV and XLSX) and statements stay."""
    pc, monday, wednesday = _officer_week(session)
    approve_everything(session)
    export_payroll(session, "2026-05", fmt="xlsx", out=tmp_path / "may.xlsx", final=True)
    export_payroll(session, "2026-05", out=tmp_path / "may.csv")
    council = session.db.execute(
        "SELECT name, weekday_rate_pence, weekend_rate_pence, holiday_rate_pence FROM employers"
        " WHERE kind = 'council' ORDER BY name LIMIT 1").fetchone()
    export_recharge(session, "2026-05", council[0], out=tmp_path / "may-recharge.csv")
    sent = {name: (tmp_path / name).read_bytes() for name in ("may.xlsx", "may.csv", "may-recharge.csv")}
    may_lines = _lines(session, "2026-05")

    rebook(session, wednesday, longer_by=30)
    mark_no_show(session, monday, "was on another duty")
    salary = get_person(session, pc)["annual_salary_pence"]
    set_pay(session, payroll_number(session, pc), PayChange(salary_pence=salary + 300_000),
            date(2026, 5, 1), "award backdated")
    set_recharge_rates(session, council[0], tuple(r + 100 for r in council[1:]), date(2026, 5, 1),
                       "late letter")
    change_setting(session, "officer.overtime_multiplier", "3/2", date(2026, 5, 1), "force agreement")

    assert _lines(session, "2026-05") == may_lines
    assert mismatched_costs(session) == 0
    for name, fmt, again in (("may.xlsx", "xlsx", "may-2.xlsx"), ("may.csv", "csv", "may-2.csv")):
        export_payroll(session, "2026-05", fmt=fmt, out=tmp_path / again)
        assert (tmp_path / again).read_bytes() == sent[name], name
    export_recharge(session, "2026-05", council[0], out=tmp_path / "may-recharge-2.csv")
    assert (tmp_path / "may-recharge-2.csv").read_bytes() == sent["may-recharge.csv"]

    # What May's work costs now is paid once: May as sent, the rest as June's adjustments.
    new_rate = Fraction((salary + 300_000) * 7, 365 * 40)
    assert cost(session, monday) == 0
    assert cost(session, wednesday) == amount_pence(new_rate, Fraction(3, 2), 270)
    may_now, may_sent, adjusted = session.db.execute("""
        SELECT (SELECT sum(a.cost_pence) FROM assignments a JOIN shifts s ON s.id = a.shift_id
                WHERE s.local_date LIKE '2026-05-%' AND a.status <> 'planned'),
               (SELECT sum(amount_pence) FROM locked_pay_lines WHERE period_id = '2026-05'),
               (SELECT sum(amount_pence) FROM pay_lines
                WHERE corrects_period = '2026-05' AND basis = 'worked')""").fetchone()
    assert may_sent + adjusted == may_now and adjusted != 0
    paid_lines = session.db.execute(
        "SELECT sum(amount_pence) FROM pay_lines WHERE basis = 'worked'").fetchone()[0]
    assert dashboard(session).to_date.actual_pence == paid_lines, "the spend counts each adjustment once"

    approve_everything(session)
    june = export_payroll(session, "2026-06", out=tmp_path / "june.csv")
    rows = _data_rows(june.path)
    adjustments = [r for r in rows if r[ADJ]]
    assert {r[ADJ] for r in adjustments} == {"2026-05"} and {r[PERIOD] for r in adjustments} == {"2026-06"}
    assert sum(_pence(r[AMOUNT]) for r in adjustments) == session.db.execute(
        "SELECT sum(l.amount_pence) FROM pay_lines l JOIN staff st ON st.id = l.staff_id"
        " JOIN employers e ON e.id = st.employer_id"
        " WHERE l.corrects_period = '2026-05' AND l.basis = 'worked' AND e.kind = 'force'").fetchone()[0]
    for r in adjustments:
        assert r[DUTY_DATE].startswith("2026-05") and r[REF] and r[ADJ_LINE], r
        assert _calculator(r[HOURS], r[RATE]) == _pence(r[AMOUNT]), r
    mine = sorted((r[REF], r[HOURS], r[APPROVED]) for r in adjustments
                  if r[NUMBER] == payroll_number(session, pc))
    assert mine == sorted([(_ref(session, monday), "-4.00", ""),  # the no-show, taken back
                           (_ref(session, wednesday), "-4.00", "Insp Approver"),  # the old pay back
                           (_ref(session, wednesday), "4.50", "Insp Approver")])  # at the new pay and rule
    totals = _totals(june.path)
    amount = sum(_pence(r[AMOUNT]) for r in rows)
    assert _pence(totals["all lines", "2026-06"]) == amount == june.total_pence
    for group in ("by element code", "by cost code"):
        assert sum(_pence(v) for (g, _), v in totals.items() if g == group) == amount


def test_a_patrol_of_a_locked_period_cannot_move_out_of_it_to_be_paid_again(
        session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hotspot_tui.errors import ValidationFailed
    from hotspot_tui.services.shifts import ShiftDraft, edit_shift
    from tests.payroll.world import area_id

    pc = idle_person(session, "officer", not_between=("2026-05-01", "2026-06-30"), employer_kind="force")
    worked = work(session, pc, date(2026, 5, 29), time(18), time(22), kind="officer")
    approve_everything(session)
    export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    shift_id = session.db.execute("SELECT shift_id FROM assignments WHERE id = ?", [worked]).fetchone()[0]
    sent = _lines(session, "2026-05")
    with pytest.raises(ValidationFailed, match="pay period 2026-05, which is locked"):
        edit_shift(session, shift_id, ShiftDraft(area_id(session), date(2026, 6, 2), time(18), time(22),
                                                 {"officer": 1}), override_reason="test")
    assert _lines(session, "2026-05") == sent
    assert session.db.execute("SELECT count(*) FROM pay_lines WHERE period_id = '2026-06' "
                              "AND assignment_id = ?", [worked]).fetchone()[0] == 0
