"""Property: whatever happens, in whatever order (patrols booked, hours corrected, pay and
recharge rates changed from past and future dates, a council officer moving council from a
past or future date, pay periods locked), what payroll and the councils are sent adds up,
to the penny, to costing every duty from scratch with the facts in force at its time, for
each person and for each employer; and no locked period's file changes by a byte.

Paid so far for a person = every locked export row (adjustments included) + the worked
lines of open periods (their own duties, and adjustments waiting in the next one to lock).
A locked period's pay lines never change, whatever happens after its lock; costing
everything again from scratch gives every duty the cost, and every period the lines,
that costing as things happened gave.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from dataclasses import replace
from datetime import date, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.calendar import force_date
from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.domain.staff_input import StaffInput
from hotspot_tui.errors import RuleViolation, ValidationFailed
from hotspot_tui.services import staff as staff_service
from hotspot_tui.services.assignments import mark_no_show
from hotspot_tui.services.costing import recost_all
from hotspot_tui.services.organisation import set_recharge_rates
from hotspot_tui.services.pay_facts import PayChange, PayFacts, set_pay
from hotspot_tui.services.pay_rules import force_today, load_timeline, rules_on
from hotspot_tui.services.payroll import export_payroll, export_recharge
from hotspot_tui.services.session import open_session
from tests.payroll.helpers import approve_everything
from tests.payroll.world import rebook, work

pytestmark = pytest.mark.slow

FIRST_DAY = date(2026, 6, 1)
PERIODS = ["2026-05", "2026-06", "2026-07", "2026-08", "2026-09"]
PEOPLE = (  # kind, rank, salary (pounds), contracted hours
    ("officer", "constable", "41000", "40"),
    ("officer", "sergeant", "52000", "40"),
    ("pcso", "", "24000", "37"),
    ("ceo", "", "", ""),
)

book = st.tuples(st.just("book"), st.integers(0, 3), st.integers(0, 110), st.sampled_from([7, 18, 23]),
                 st.integers(2, 10), st.booleans(), st.integers(0, 20))
correct = st.tuples(st.just("correct"), st.integers(0, 50), st.sampled_from([-45, -15, 15, 30, 75]))
pay = st.tuples(st.just("pay"), st.integers(0, 3), st.integers(-150, 150), st.integers(-30, 150))
pay_near = st.tuples(st.just("pay_near"), st.integers(0, 50), st.integers(-150, 150), st.integers(-8, 3))
"""A pay change dated a few days either side of a patrol already booked."""
no_show = st.tuples(st.just("no_show"), st.integers(0, 50))
"""A booked patrol found not to have been worked: its pay taken back."""
move = st.tuples(st.just("move"), st.integers(0, 1), st.integers(-30, 150))
"""The council officer works for one of two councils from a date (the staff form)."""
lock = st.tuples(st.just("lock"))
steps = st.lists(st.one_of(book, book, correct, pay, pay_near, no_show, move, lock), min_size=3, max_size=14)


def _people(session) -> list[str]:  # type: ignore[no-untyped-def]
    employers = {kind: i for kind, i in session.db.execute(
        "SELECT kind, id FROM employers ORDER BY kind = 'force', name")}
    ids = []
    for n, (kind, rank, salary, hours) in enumerate(PEOPLE):
        ids.append(staff_service.add_person(session, StaffInput(
            name=f"Test Person {n}", payroll_number=f"PROP{n:03d}", kind=kind, rank=rank,
            employer_id=employers["council" if kind == "ceo" else "force"],
            salary=salary, contracted_hours=hours)))
    return ids


def _paid_so_far(session, staff_id: str) -> int:  # type: ignore[no-untyped-def]
    """Every locked export row (adjustments included) and what the open periods will pay
    (their worked lines: own duties and adjustments waiting to be paid)."""
    db = session.db
    locked = sum(db.execute(f"SELECT coalesce(sum(amount_pence), 0) FROM {table} WHERE staff_id = ?",
                            [staff_id]).fetchone()[0]
                 for table in ("payroll_export_rows", "recharge_statement_rows"))
    current = db.execute("""
        SELECT coalesce(sum(l.amount_pence), 0) FROM pay_lines l JOIN pay_periods p ON p.id = l.period_id
        WHERE l.staff_id = ? AND l.basis = 'worked' AND p.status = 'open'""", [staff_id]).fetchone()[0]
    return locked + current


def _billed_so_far(session, people: list[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """`_paid_so_far` of everyone, per employer: the force's payroll rows, each council's
    statement rows, and the open periods' lines charged to each."""
    marks = ", ".join("?" for _ in people)
    billed: dict[str, int] = {}
    for employer_id, amount in session.db.execute(f"""
            SELECT (SELECT id FROM employers WHERE kind = 'force'), amount_pence
            FROM payroll_export_rows WHERE staff_id IN ({marks})
            UNION ALL SELECT employer_id, amount_pence
            FROM recharge_statement_rows WHERE staff_id IN ({marks})
            UNION ALL SELECT l.employer_id, l.amount_pence
            FROM pay_lines l JOIN pay_periods p ON p.id = l.period_id
            WHERE l.staff_id IN ({marks}) AND l.basis = 'worked' AND p.status = 'open'""", people * 3):
        billed[employer_id] = billed.get(employer_id, 0) + amount
    return {e: amount for e, amount in billed.items() if amount}


def _due_by_employer(session, people: list[str]) -> dict[str, int]:  # type: ignore[no-untyped-def]
    """Every worked duty's cost, to the employer in force on the force date it starts."""
    timeline = load_timeline(session.db)
    calendar = rules_on(timeline, force_today(timeline))
    facts = PayFacts.load(session.db, people)
    due: dict[str, int] = {}
    marks = ", ".join("?" for _ in people)
    for staff_id, start, amount in session.db.execute(
            f"SELECT staff_id, actual_start_utc, cost_pence FROM assignments"
            f" WHERE status = 'worked' AND staff_id IN ({marks})", people):
        _, employer_id = facts.paid_as(staff_id, force_date(from_utc_text(start), calendar))
        due[employer_id] = due.get(employer_id, 0) + amount
    return {e: amount for e, amount in due.items() if amount}


def _period_lines(session, period: str) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    return session.db.execute(
        "SELECT assignment_id, line_no, basis, code, minutes, rate, multiplier, amount_pence,"
        " corrects_period, employer_id FROM pay_lines WHERE period_id = ? ORDER BY assignment_id, line_no",
        [period]).fetchall()


def _all_lines(session) -> list[tuple]:  # type: ignore[no-untyped-def,type-arg]
    return session.db.execute(
        "SELECT assignment_id, period_id, line_no, staff_id, cost_code, duty_date, basis, code, minutes,"
        " rate, multiplier, amount_pence, reason, corrects_period, corrects_line, employer_id FROM pay_lines"
        " ORDER BY assignment_id, period_id, line_no").fetchall()


@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps)
def test_what_is_paid_equals_costing_from_scratch_and_locked_files_never_change(demo_db_template, plan):  # type: ignore[no-untyped-def]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "demo.db"
        shutil.copyfile(demo_db_template, path)
        path.chmod(0o600)
        session = open_session(path, "PS Property")
        try:
            _run(session, Path(folder), plan)
        finally:
            session.close()


def _run(session, folder: Path, plan) -> None:  # type: ignore[no-untyped-def]
    people = _people(session)
    council = session.db.execute(
        "SELECT e.name FROM staff st JOIN employers e ON e.id = st.employer_id WHERE st.id = ?",
        [people[3]]).fetchone()[0]
    councils = [council, session.db.execute(
        "SELECT name FROM employers WHERE kind = 'council' AND name <> ? ORDER BY name LIMIT 1",
        [council]).fetchone()[0]]
    council_ids = {name: session.db.execute("SELECT id FROM employers WHERE name = ?", [name]).fetchone()[0]
                   for name in councils}
    booked: list[str] = []
    sent: dict[str, bytes] = {}
    locked_lines: dict[str, list[tuple]] = {}  # type: ignore[type-arg]
    locked = 0
    for step in plan:
        if step[0] == "book":
            _, who, offset, hour, hours, rest_day, notice = step
            day = FIRST_DAY + timedelta(days=offset)
            kind = PEOPLE[who][0]
            with contextlib.suppress(RuleViolation):  # overlaps a patrol this person already has
                booked.append(work(session, people[who], day, time(hour), time((hour + hours) % 24),
                                   kind=kind, rest_day=rest_day and kind != "ceo",
                                   told_on=day - timedelta(days=notice)))
        elif step[0] == "correct" and booked:
            _, index, minutes = step
            assignment = booked[index % len(booked)]
            length = session.db.execute(
                "SELECT (julianday(actual_end_utc) - julianday(actual_start_utc)) * 1440 FROM assignments "
                "WHERE id = ?", [assignment]).fetchone()[0]
            if length is not None and round(length) + minutes > 0:
                with contextlib.suppress(RuleViolation):  # would run into their next patrol
                    rebook(session, assignment, longer_by=minutes)
        elif step[0] == "no_show" and booked:
            with contextlib.suppress(ValidationFailed):  # already marked
                mark_no_show(session, booked[step[1] % len(booked)], "did not attend")
        elif step[0] in ("pay", "pay_near") and (step[0] == "pay" or booked):
            if step[0] == "pay":
                _, who, change, offset = step
                effective = FIRST_DAY + timedelta(days=offset)
            else:
                _, index, change, offset = step
                staff_id, day = session.db.execute(
                    "SELECT a.staff_id, s.local_date FROM assignments a JOIN shifts s ON s.id = a.shift_id "
                    "WHERE a.id = ?", [booked[index % len(booked)]]).fetchone()
                who = people.index(staff_id)
                effective = date.fromisoformat(day) + timedelta(days=offset)
            if PEOPLE[who][0] == "ceo":
                rates = session.db.execute(
                    "SELECT weekday_rate_pence, weekend_rate_pence, holiday_rate_pence FROM employers "
                    "WHERE name = ?", [council]).fetchone()
                set_recharge_rates(session, council, tuple(max(0, r + change) for r in rates), effective,
                                   "new rates")
            else:
                salary = staff_service.get_person(session, people[who])["annual_salary_pence"]
                salary = max(1_000_000, salary + change * 10_000)  # cuts never take it below £10,000
                set_pay(session, f"PROP{who:03d}", PayChange(salary_pence=salary), effective, "pay change")
        elif step[0] == "move":
            _, to, offset = step
            raw = staff_service.input_from_person(staff_service.get_person(session, people[3]))
            target = council_ids[councils[to]]
            if raw.employer_id != target:
                staff_service.edit_person(session, people[3], replace(raw, employer_id=target),
                                          "moved council", pay_from=FIRST_DAY + timedelta(days=offset))
        elif step[0] == "lock" and locked < len(PERIODS):
            period = PERIODS[locked]
            approve_everything(session)
            export_payroll(session, period, out=folder / f"payroll-{period}.csv", final=True)
            sent[period] = (folder / f"payroll-{period}.csv").read_bytes()
            for n, name in enumerate(councils):
                export_recharge(session, period, name, out=folder / f"recharge-{n}-{period}.csv")
                sent[f"r{n}{period}"] = (folder / f"recharge-{n}-{period}.csv").read_bytes()
            export_payroll(session, period, fmt="xlsx", out=folder / f"payroll-{period}.xlsx")
            sent[f"x{period}"] = (folder / f"payroll-{period}.xlsx").read_bytes()
            locked_lines[period] = _period_lines(session, period)
            locked += 1
        for period, lines in locked_lines.items():
            assert _period_lines(session, period) == lines, f"{period} is locked: its lines never change"

    paid = {p: _paid_so_far(session, p) for p in people}
    billed = _billed_so_far(session, people)
    costs = dict(session.db.execute("SELECT id, cost_pence FROM assignments"))
    lines = _all_lines(session)
    with session.writing(Permission.UPKEEP) as db:
        recost_all(db)
    assert dict(session.db.execute("SELECT id, cost_pence FROM assignments")) == costs, \
        "costing as things happened gives every duty what costing from scratch gives it"
    assert _all_lines(session) == lines, "and the same lines, adjustments included"
    scratch = {p: session.db.execute(
        "SELECT coalesce(sum(cost_pence), 0) FROM assignments WHERE staff_id = ? AND status = 'worked'",
        [p]).fetchone()[0] for p in people}
    assert paid == scratch, "what is paid is every duty's costing from scratch, to the penny"
    assert billed == _due_by_employer(session, people), \
        "and each employer is charged its own duties' costing from scratch, to the penny"
    for period, kept in locked_lines.items():
        assert _period_lines(session, period) == kept
    for period in PERIODS[:locked]:
        export_payroll(session, period, out=folder / f"again-{period}.csv")
        assert (folder / f"again-{period}.csv").read_bytes() == sent[period]
        for n, name in enumerate(councils):
            export_recharge(session, period, name, out=folder / f"again-r{n}{period}.csv")
            assert (folder / f"again-r{n}{period}.csv").read_bytes() == sent[f"r{n}{period}"]
        export_payroll(session, period, fmt="xlsx", out=folder / f"again-{period}.xlsx")
        assert (folder / f"again-{period}.xlsx").read_bytes() == sent[f"x{period}"]
