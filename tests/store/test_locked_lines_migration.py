"""Migration 0022 on a file whose May was locked before it: May's worked lines become its
locked lines as they stand, every line keeps its row, and a later correction to a May duty
is then paid as an adjustment in June, May staying as it was. A correction made after the
lock but not yet paid when the file is upgraded (the version before paid it at the next
final export, as current lines less rows sent) is paid as June's adjustment lines, to the
penny, on the duty it changed."""

from __future__ import annotations

import csv
import sqlite3
from collections.abc import Callable
from datetime import date, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.pay import amount_pence
from hotspot_tui.services.assignments import mark_no_show
from hotspot_tui.services.organisation import set_recharge_rates
from hotspot_tui.services.pay_facts import PayChange, set_pay
from hotspot_tui.services.payroll import export_payroll, export_recharge
from hotspot_tui.services.session import Session, open_session
from hotspot_tui.services.staff import get_person
from hotspot_tui.store import schema_history, schema_line_employers
from hotspot_tui.store.database import upgrade_file
from hotspot_tui.store.schema_locked_lines import MIGRATION_NAME
from tests.payroll.helpers import approve_everything, mismatched_costs
from tests.payroll.world import idle_person, payroll_number, rebook, work

(ADJ, AMOUNT) = (16, 13)
"""Columns of a payroll file: the period an adjustment is for, and the amount."""
(STATEMENT_AMOUNT, STATEMENT_ADJ) = (10, 11)
"""The same columns of a council's recharge statement."""

LINES = "SELECT id, assignment_id, line_no, period_id, basis, code, minutes, rate, amount_pence, reason" \
        " FROM pay_lines ORDER BY id"

_BEFORE_0022 = [
    "DROP TABLE locked_pay_lines",
    "DROP TABLE locked_lines_to_take",
    "DROP TABLE IF EXISTS sync_base_locked_pay_lines",
    "DROP INDEX idx_payroll_export_rows_duty",
    """
    CREATE TABLE pay_lines_0021 (
        id INTEGER PRIMARY KEY,
        assignment_id TEXT NOT NULL REFERENCES assignments(id),
        line_no INTEGER NOT NULL CHECK (line_no >= 0),
        staff_id TEXT NOT NULL,
        period_id TEXT NOT NULL REFERENCES pay_periods(id),
        cost_code TEXT NOT NULL,
        duty_date TEXT NOT NULL,
        basis TEXT NOT NULL CHECK (basis IN ('worked', 'estimate')),
        code TEXT NOT NULL,
        minutes INTEGER NOT NULL CHECK (minutes >= 0),
        rate TEXT NOT NULL,
        multiplier TEXT NOT NULL,
        amount_pence INTEGER NOT NULL CHECK (amount_pence >= 0),
        reason TEXT NOT NULL,
        UNIQUE (assignment_id, line_no)
    )
    """,
    "INSERT INTO pay_lines_0021 SELECT id, assignment_id, line_no, staff_id, period_id, cost_code,"
    " duty_date, basis, code, minutes, rate, multiplier, amount_pence, reason FROM pay_lines",
    "DROP TABLE pay_lines",
    "ALTER TABLE pay_lines_0021 RENAME TO pay_lines",
    "CREATE INDEX idx_pay_lines_period ON pay_lines"
    " (period_id, basis, staff_id, code, cost_code, amount_pence)",
    f"DELETE FROM _sqlite_migrations WHERE name IN ('{MIGRATION_NAME}',"
    f" '{schema_line_employers.MIGRATION_NAME}')",
    f"PRAGMA user_version = {schema_history.latest_version() - 2}",
]
"""The file as the version before 0022 left it (its tables and their rows as they were;
migration 0027, which adds a column to the lines 0022 rebuilds, not applied either)."""


@pytest.mark.usefixtures("pinned_clock")
def test_a_period_locked_before_the_upgrade_keeps_its_lines_and_takes_adjustments_after_it(
        demo_db: Path, tmp_path: Path) -> None:
    session = open_session(demo_db, "PS Tester")
    try:
        pc = idle_person(session, "officer", not_between=("2026-05-01", "2026-05-31"), employer_kind="force")
        duty = work(session, pc, date(2026, 5, 13), time(18), time(22), kind="officer")
        approve_everything(session)
        export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    finally:
        session.close()
    conn = sqlite3.connect(demo_db)
    with conn:
        for statement in _BEFORE_0022:
            conn.execute(statement)
        before = conn.execute(LINES).fetchall()
    conn.close()

    applied, _ = upgrade_file(demo_db)
    assert applied == [MIGRATION_NAME, schema_line_employers.MIGRATION_NAME]
    session = open_session(demo_db, "PS Tester")
    try:
        db = session.db
        assert db.execute(LINES).fetchall() == before, "every line keeps its row and figures"
        locked = "SELECT assignment_id, line_no, code, minutes, amount_pence FROM {} " \
                 "WHERE period_id = '2026-05' AND basis = 'worked' ORDER BY 1, 2"
        may = db.execute(locked.format("pay_lines")).fetchall()
        assert may and db.execute(locked.format("locked_pay_lines")).fetchall() == may
        assert db.execute("SELECT count(*) FROM locked_pay_lines WHERE period_id <> '2026-05'"
                          ).fetchone()[0] == 0, "only the locked period's lines"

        assert _june_adjustments(db) == {}, "nothing was waiting: nothing to pay"
        assert db.execute("SELECT count(*) FROM locked_lines_to_take").fetchone()[0] == 0

        rebook(session, duty, longer_by=30)
        assert db.execute(locked.format("pay_lines")).fetchall() == may
        [(period, corrects, minutes)] = db.execute(
            "SELECT period_id, corrects_period, minutes FROM pay_lines"
            " WHERE assignment_id = ? AND corrects_period IS NOT NULL", [duty]).fetchall()
        assert (period, corrects, minutes) == ("2026-06", "2026-05", 30)
        again = export_payroll(session, "2026-05", out=tmp_path / "may-again.csv")
        assert again.relocked and again.path.read_bytes() == (tmp_path / "may.csv").read_bytes()
    finally:
        session.close()


Group = tuple[str, str, str, str, str]
"""(payroll number, pay rule, cost code, rate, multiplier): how the version before compared."""


def _june_adjustments(db) -> dict[Group, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """What June's adjustment lines pay for May, per group (groups that come to nothing left out)."""
    return {tuple(r[:5]): (r[5], r[6]) for r in db.execute(
        "SELECT st.payroll_number, l.code, l.cost_code, l.rate, l.multiplier, sum(l.minutes),"
        " sum(l.amount_pence) FROM pay_lines l JOIN staff st ON st.id = l.staff_id"
        " WHERE l.period_id = '2026-06' AND l.corrects_period = '2026-05' AND l.basis = 'worked'"
        " GROUP BY 1, 2, 3, 4, 5 HAVING sum(l.minutes) <> 0 OR sum(l.amount_pence) <> 0")}


def _waiting_before_the_upgrade(path: Path) -> dict[Group, tuple[int, int]]:
    """What the version before 0022 would pay for May at June's final export: May's worked
    lines less everything sent for May (payroll rows for force staff, their council's
    statement rows for council staff), per group, read from the file before its upgrade."""
    conn = sqlite3.connect(path)
    try:
        owed: dict[Group, list[int]] = {}
        for *group, minutes, pence in [
            *conn.execute(
                "SELECT st.payroll_number, l.code, l.cost_code, l.rate, l.multiplier, l.minutes,"
                " l.amount_pence FROM pay_lines l JOIN staff st ON st.id = l.staff_id"
                " WHERE l.period_id = '2026-05' AND l.basis = 'worked'"),
            *conn.execute(
                "SELECT st.payroll_number, r.pay_code, r.cost_code, r.rate, r.multiplier, -r.minutes,"
                " -r.amount_pence FROM payroll_export_rows r JOIN staff st ON st.id = r.staff_id"
                " JOIN employers e ON e.id = st.employer_id"
                " WHERE r.for_period = '2026-05' AND e.kind = 'force'"),
            *conn.execute(
                "SELECT st.payroll_number, r.pay_code, r.cost_code, r.rate, r.multiplier, -r.minutes,"
                " -r.amount_pence FROM recharge_statement_rows r JOIN staff st ON st.id = r.staff_id"
                " WHERE r.for_period = '2026-05' AND r.employer_id = st.employer_id"),
        ]:
            slot = owed.setdefault(tuple(group), [0, 0])  # type: ignore[arg-type]
            slot[0] += minutes
            slot[1] += pence
        return {g: (m, p) for g, (m, p) in owed.items() if (m, p) != (0, 0)}
    finally:
        conn.close()


def _after_the_lock_as_before_0022(path: Path, change: Callable[[Session], None]) -> None:
    """Make `change` as the version before 0022 made it once May was locked: May's pay lines
    follow it (May is reopened for it, so costing rewrites them in place, then locked again
    as it was) and nothing is paid for it yet; then take the file back to the schema before 0022."""
    conn = sqlite3.connect(path)
    with conn:
        [trigger] = conn.execute(
            "SELECT sql FROM sqlite_master WHERE name = 'pay_periods_stay_locked'").fetchone()
        conn.execute("DROP TRIGGER pay_periods_stay_locked")
        conn.execute("UPDATE pay_periods SET status = 'open' WHERE id = '2026-05'")
    conn.close()
    session = open_session(path, "PS Tester")
    try:
        change(session)
    finally:
        session.close()
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE pay_periods SET status = 'locked' WHERE id = '2026-05'")
        conn.execute(trigger)
        for statement in _BEFORE_0022:
            conn.execute(statement)
    conn.close()


def _second_area(session: Session) -> str:
    return session.db.execute(
        "SELECT id FROM areas WHERE active = 1 ORDER BY name LIMIT 1 OFFSET 1").fetchone()[0]


def _overtime(salary_pence: int, minutes: int) -> int:
    """An officer's overtime on a working day: the hourly rate of the salary, × 4/3."""
    return amount_pence(Fraction(salary_pence * 7, 365 * 40), Fraction(4, 3), minutes)


def _data_rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return [r for r in list(csv.reader(fh))[1:] if r and r[0] not in ("TOTAL", "AUDIT")]


def _pence(text: str) -> int:
    return int((Decimal(text) * 100).to_integral_value(ROUND_HALF_UP))


CHANGES = ("longer", "shorter", "rate", "no-show", "council", "council rates")


@pytest.mark.usefixtures("pinned_clock")
@pytest.mark.parametrize("change", CHANGES)
def test_a_correction_still_waiting_at_the_upgrade_is_paid_as_the_version_before_would_have(
        demo_db: Path, tmp_path: Path, change: str, monkeypatch: pytest.MonkeyPatch) -> None:
    session = open_session(demo_db, "PS Tester")
    try:
        kind = "ceo" if change.startswith("council") else "officer"
        person = idle_person(session, kind, not_between=("2026-05-01", "2026-05-31"),
                             employer_kind="council" if kind == "ceo" else "force")
        monday = work(session, person, date(2026, 5, 11), time(18), time(22), kind=kind)
        # For new council rates, Wednesday's patrol is in another area: paid under another cost code.
        wednesday = work(session, person, date(2026, 5, 13), time(18), time(22), kind=kind,
                         area=_second_area(session) if change == "council rates" else None)
        number = payroll_number(session, person)
        salary = get_person(session, person)["annual_salary_pence"]
        employer = get_person(session, person)["employer_name"] if kind == "ceo" else None
        approve_everything(session)
        export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
        if employer:
            export_recharge(session, "2026-05", employer, out=tmp_path / "may-recharge.csv")
        code, cost_code, rate, multiplier = session.db.execute(
            "SELECT code, cost_code, rate, multiplier FROM pay_lines WHERE assignment_id = ?",
            [wednesday]).fetchone()
        monday_cost_code = session.db.execute(
            "SELECT cost_code FROM pay_lines WHERE assignment_id = ?", [monday]).fetchone()[0]
    finally:
        session.close()

    def correct(s: Session) -> None:
        if change in ("longer", "council"):
            rebook(s, wednesday, longer_by=30)
        elif change == "shorter":
            rebook(s, wednesday, longer_by=-30)
        elif change == "rate":
            set_pay(s, number, PayChange(salary_pence=salary + 300_000), date(2026, 5, 1), "award backdated")
        elif change == "council rates":
            rates = get_person(s, person)
            set_recharge_rates(s, str(employer), tuple(rates[f"{day}_rate_pence"] + 100 for day in (
                "weekday", "weekend", "holiday")), date(2026, 5, 1), "late letter")  # type: ignore[arg-type]
        else:
            mark_no_show(s, monday, "was on another duty")

    later = clock_utc.utc_now() + timedelta(days=2)
    monkeypatch.setattr(clock_utc, "utc_now", lambda: later)  # the correction comes after the lock
    _after_the_lock_as_before_0022(demo_db, correct)
    waiting = _waiting_before_the_upgrade(demo_db)
    # The figures, worked out by hand from the pay of the day.
    group = (number, code, cost_code, rate, multiplier)
    assert code == ("OT_4_3" if kind == "officer" else "CEO_WEEKDAY")
    if change == "longer":
        assert waiting == {group: (30, _overtime(salary, 270) - _overtime(salary, 240))}
    elif change == "shorter":
        assert waiting == {group: (-30, _overtime(salary, 210) - _overtime(salary, 240))}
    elif change == "rate":
        raised = salary + 300_000
        assert waiting == {
            group: (-480, -2 * _overtime(salary, 240)),
            (*group[:3], str(Fraction(raised * 7, 365 * 40)), multiplier): (480, 2 * _overtime(raised, 240)),
        }
    elif change == "no-show":
        assert waiting == {group: (-240, -_overtime(salary, 240))}
    elif change == "council":
        hourly = Fraction(rate)
        recharge = amount_pence(hourly, Fraction(1), 270) - amount_pence(hourly, Fraction(1), 240)
        assert waiting == {group: (30, recharge)}
    else:  # everyone of the council with patrols in May, each element at each cost code
        hourly, raised = Fraction(rate), str(Fraction(rate) + 100)
        four_hours, new = amount_pence(hourly, Fraction(1), 240), amount_pence(hourly + 100, Fraction(1), 240)
        assert monday_cost_code != cost_code
        assert {g: v for g, v in waiting.items() if g[0] == number} == {
            (number, code, cost_code, rate, multiplier): (-240, -four_hours),
            (number, code, monday_cost_code, rate, multiplier): (-240, -four_hours),
            (number, code, cost_code, raised, multiplier): (240, new),
            (number, code, monday_cost_code, raised, multiplier): (240, new),
        }

    applied, _ = upgrade_file(demo_db)
    assert applied == [MIGRATION_NAME, schema_line_employers.MIGRATION_NAME]
    if change == "longer":  # the first draft on the command line pays it
        result = CliRunner().invoke(cli, ["export", "payroll", "--db", str(demo_db), "--period", "2026-06",
                                          "--out", str(tmp_path / "june-draft.csv")])
        assert result.exit_code == 0, result.output
        assert sum(_pence(r[AMOUNT]) for r in _data_rows(tmp_path / "june-draft.csv") if r[ADJ]) == (
            waiting[group][1])
    session = open_session(demo_db, "PS Tester")
    try:
        db = session.db
        assert _june_adjustments(db) == waiting, "June pays what the version before would have, per group"
        assert db.execute("SELECT count(*) FROM locked_lines_to_take").fetchone()[0] == 0
        may = db.execute("SELECT minutes, amount_pence FROM locked_pay_lines WHERE period_id = '2026-05'"
                         " AND staff_id = ?", [person]).fetchall()
        assert may and all(m >= 0 and p >= 0 for m, p in may)
        corrected = {r[0] for r in db.execute(
            "SELECT DISTINCT assignment_id FROM pay_lines WHERE corrects_period = '2026-05' AND staff_id = ?",
            [person])}
        changed = {"no-show": {monday}, "rate": {monday, wednesday}, "council rates": {monday, wednesday}}
        assert corrected == changed.get(change, {wednesday}), "the duties that changed, not their neighbour"
        assert mismatched_costs(session) == 0, "each duty's lines come to what it costs now"

        draft = export_payroll(session, "2026-06", out=tmp_path / "june.csv")
        adjustments = [r for r in _data_rows(draft.path) if r[ADJ]]
        lines = {"longer": 1, "shorter": 1, "rate": 4, "no-show": 1}.get(change, 0)
        assert draft.adjustments == len(adjustments) == lines, "each duty's old and new rate, or one line"
        assert {r[ADJ] for r in adjustments} <= {"2026-05"}
        paid = sum(p for _, p in waiting.values()) if kind == "officer" else 0
        assert sum(_pence(r[AMOUNT]) for r in adjustments) == paid
        if employer:
            export_recharge(session, "2026-06", employer, out=tmp_path / "june-recharge.csv")
            with (tmp_path / "june-recharge.csv").open(newline="", encoding="utf-8") as fh:
                billed = [r for r in csv.reader(fh)
                          if len(r) > STATEMENT_ADJ and r[STATEMENT_ADJ] == "2026-05"]
            assert sorted(_pence(r[STATEMENT_AMOUNT]) for r in billed if r[0] == number) == sorted(
                p for g, (_, p) in waiting.items() if g[0] == number), "on the council's June statement"
            export_recharge(session, "2026-05", employer, out=tmp_path / "may-recharge-again.csv")
            assert (tmp_path / "may-recharge-again.csv").read_bytes() == (
                tmp_path / "may-recharge.csv").read_bytes()
        again = export_payroll(session, "2026-05", out=tmp_path / "may-again.csv")
        assert again.relocked and again.path.read_bytes() == (tmp_path / "may.csv").read_bytes()
    finally:
        session.close()
