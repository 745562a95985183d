"""The schema itself refuses bad rows: one case per CHECK, UNIQUE, foreign key and trigger."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest

from hotspot_tui.store.database import create_database

T = "2026-06-01T12:00:00Z"

BASE: dict[str, dict[str, Any]] = {
    "employers": {"id": "e-force", "name": "Force", "kind": "force", "created_at": T},
    "areas": {"id": "a1", "name": "Centre", "district": "North", "cost_code": "CC1", "created_at": T},
    "staff": {
        "id": "p1", "payroll_number": "PAY001", "collar_number": "1001", "name": "PC One",
        "kind": "officer", "rank": "constable", "employer_id": "e-force", "pay_basis": "annual",
        "annual_salary_pence": 4_000_000, "created_at": T, "updated_at": T,
    },
    "shifts": {
        "id": "s1", "area_id": "a1", "start_utc": "2026-06-01T17:00:00Z",
        "end_utc": "2026-06-01T21:00:00Z", "local_date": "2026-06-01", "created_at": T,
        "created_by": "PS", "updated_at": T, "ref": "K7QM3X9D",
    },
    "assignments": {
        "id": "x1", "shift_id": "s1", "staff_id": "p1", "start_utc": "2026-06-01T17:00:00Z",
        "end_utc": "2026-06-01T21:00:00Z", "created_at": T, "created_by": "PS", "updated_at": T,
    },
    "outcomes": {"shift_id": "s1", "arrests": 1, "updated_at": T, "updated_by": "PS"},
    "budget": {"id": 1, "name": "Grant", "grant_pence": 100, "starts_on": "2026-05-01",
               "ends_on": "2026-11-30", "updated_at": T},
    "area_allocations": {"area_id": "a1", "allocation_pence": 100, "updated_at": T},
    "spend_lines": {"id": "sl1", "description": "Lighting", "amount_pence": 100,
                    "spent_on": "2026-06-01", "created_at": T, "created_by": "PS"},
    "pay_periods": {"id": "pp1", "starts_on": "2026-06-01", "ends_on": "2026-06-30"},
    "pay_rules": {"key": "k", "value": "{}", "updated_at": T, "updated_by": "PS"},
    "audit_log": {"at_utc": T, "actor": "PS", "action": "x", "entity": "y", "prev_hash": "0",
                  "hash": "h1"},
}

# A second, valid row for each table that does not clash with the first.
FRESH: dict[str, dict[str, Any]] = {
    "employers": {"id": "e2", "name": "Council", "kind": "council", "weekday_rate_pence": 2000,
                  "weekend_rate_pence": 2500, "holiday_rate_pence": 3000},
    "areas": {"id": "a2", "name": "Docks", "cost_code": "CC2"},
    "staff": {"id": "p2", "payroll_number": "PAY002", "collar_number": "1002"},
    "shifts": {"id": "s2", "ref": "K7QM3X9E"},
    "assignments": {"id": "x2", "shift_id": "s2", "start_utc": "2026-06-02T17:00:00Z",
                    "end_utc": "2026-06-02T21:00:00Z"},
    "outcomes": {"shift_id": "s2"},
    "budget": {},
    "area_allocations": {"area_id": "a3"},
    "spend_lines": {"id": "sl2"},
    "pay_periods": {"id": "pp2"},
    "pay_rules": {"key": "k2"},
    "audit_log": {"hash": "h2"},
}

CHECK, UNIQUE, FK, NOT_NULL = "CHECK constraint", "UNIQUE constraint", "FOREIGN KEY", "NOT NULL"
DOUBLE = "double booking"

# (case id, table, changes to a fresh valid row, expected error fragment)
BAD_ROWS: list[tuple[str, str, dict[str, Any], str]] = [
    ("employer unknown kind", "employers", {"kind": "charity"}, CHECK),
    ("employer negative rate", "employers", {"weekday_rate_pence": -1}, CHECK),
    ("council without rates", "employers", {"holiday_rate_pence": None}, CHECK),
    ("employer duplicate name", "employers", {"name": "Force"}, UNIQUE),
    ("area blank name", "areas", {"name": "  "}, CHECK),
    ("area duplicate name", "areas", {"name": "Centre"}, UNIQUE),
    ("area duplicate cost code", "areas", {"cost_code": "CC1"}, UNIQUE),
    ("area active not boolean", "areas", {"active": 2}, CHECK),
    ("staff unknown kind", "staff", {"kind": "volunteer", "rank": None}, CHECK),
    ("officer without rank", "staff", {"rank": None}, CHECK),
    ("pcso with a rank", "staff", {"kind": "pcso", "rank": "constable"}, CHECK),
    ("unknown rank", "staff", {"rank": "admiral"}, CHECK),
    ("negative salary", "staff", {"annual_salary_pence": -1}, CHECK),
    ("annual pay without salary", "staff", {"annual_salary_pence": None}, CHECK),
    ("hourly pay without rate", "staff", {"pay_basis": "hourly", "annual_salary_pence": None}, CHECK),
    ("negative hourly rate", "staff", {"pay_basis": "hourly", "hourly_rate_pence": -5}, CHECK),
    ("ceo not on recharge", "staff", {"kind": "ceo", "rank": None}, CHECK),
    ("officer on recharge", "staff", {"pay_basis": "recharge"}, CHECK),
    ("unknown pay basis", "staff", {"pay_basis": "bitcoin"}, CHECK),
    ("contracted hours over 56", "staff", {"contracted_weekly_minutes": 3361}, CHECK),
    ("duplicate payroll number", "staff", {"payroll_number": "PAY001"}, UNIQUE),
    ("duplicate collar number", "staff", {"collar_number": "1001"}, UNIQUE),
    ("staff with unknown employer", "staff", {"employer_id": "nobody"}, FK),
    ("staff with unknown home area", "staff", {"home_area_id": "nowhere"}, FK),
    ("staff without name", "staff", {"name": None}, NOT_NULL),
    ("shift ending before start", "shifts", {"end_utc": "2026-06-01T16:00:00Z"}, CHECK),
    ("shift ending at start", "shifts", {"end_utc": "2026-06-01T17:00:00Z"}, CHECK),
    ("shift over 24 hours", "shifts", {"end_utc": "2026-06-02T18:00:00Z"}, CHECK),
    ("shift time not UTC text", "shifts", {"start_utc": "1 June 2026"}, CHECK),
    ("shift unknown status", "shifts", {"status": "maybe"}, CHECK),
    ("shift cancelled without reason", "shifts", {"status": "cancelled"}, CHECK),
    ("shift negative cover", "shifts", {"need_officer": -1}, CHECK),
    ("shift negative break", "shifts", {"break_minutes": -1}, CHECK),
    ("shift break over four hours", "shifts", {"break_minutes": 241}, CHECK),
    ("shift in unknown area", "shifts", {"area_id": "nowhere"}, FK),
    ("shift local date malformed", "shifts", {"local_date": "01/06/2026"}, CHECK),
    ("shift without a reference", "shifts", {"ref": None}, "a patrol needs a reference"),
    ("shift with a blank reference", "shifts", {"ref": ""}, "a patrol needs a reference"),
    ("shift with another's reference", "shifts", {"ref": "K7QM3X9D"}, UNIQUE),
    ("assignment unknown status", "assignments", {"status": "asleep"}, CHECK),
    ("worked without times", "assignments", {"status": "worked"}, CHECK),
    ("worked with only a start", "assignments",
     {"status": "worked", "actual_start_utc": "2026-06-02T17:00:00Z"}, CHECK),
    ("actual end before start", "assignments",
     {"actual_start_utc": "2026-06-02T17:00:00Z", "actual_end_utc": "2026-06-02T16:00:00Z"}, CHECK),
    ("actual span over 24 h", "assignments",
     {"actual_start_utc": "2026-06-02T17:00:00Z", "actual_end_utc": "2026-06-03T18:00:00Z"}, CHECK),
    ("negative cost", "assignments", {"cost_pence": -1}, CHECK),
    ("negative worked minutes", "assignments", {"worked_minutes": -1}, CHECK),
    ("blank override reason", "assignments", {"override_reason": "   "}, CHECK),
    ("told-on date malformed", "assignments", {"told_on": "yesterday"}, CHECK),
    ("rest day not boolean", "assignments", {"rest_day": 3}, CHECK),
    ("assignment ends before start", "assignments", {"end_utc": "2026-06-02T16:00:00Z"}, CHECK),
    ("same person twice on a patrol", "assignments", {"shift_id": "s1", "status": "cancelled"}, UNIQUE),
    ("assignment to unknown patrol", "assignments", {"shift_id": "nope"}, FK),
    ("assignment of unknown person", "assignments", {"staff_id": "nobody"}, FK),
    ("double booking", "assignments",
     {"start_utc": "2026-06-01T20:00:00Z", "end_utc": "2026-06-01T23:00:00Z"}, DOUBLE),
    ("double booking across midnight", "assignments",
     {"start_utc": "2026-06-01T16:00:00Z", "end_utc": "2026-06-01T17:30:00Z"}, DOUBLE),
    ("negative arrests", "outcomes", {"arrests": -1}, CHECK),
    ("negative weapons", "outcomes", {"weapons": -2}, CHECK),
    ("negative informal warnings", "outcomes", {"informal_warnings": -1}, CHECK),
    ("outcomes for unknown patrol", "outcomes", {"shift_id": "nope"}, FK),
    ("second budget", "budget", {"id": 2}, CHECK),
    ("negative grant", "budget", {"grant_pence": -1}, CHECK),
    ("budget ending before start", "budget", {"ends_on": "2026-04-01"}, CHECK),
    ("negative allocation", "area_allocations", {"allocation_pence": -1}, CHECK),
    ("allocation for unknown area", "area_allocations", {"area_id": "nowhere"}, FK),
    ("negative spend", "spend_lines", {"amount_pence": -1}, CHECK),
    ("spend without description", "spend_lines", {"description": ""}, CHECK),
    ("pay period unknown status", "pay_periods", {"status": "closed"}, CHECK),
    ("locked pay period without who", "pay_periods", {"status": "locked"}, CHECK),
    ("pay period ending before start", "pay_periods", {"ends_on": "2026-05-01"}, CHECK),
    ("pay rule not JSON", "pay_rules", {"value": "{oops"}, CHECK),
    ("audit details not JSON", "audit_log", {"details": "not json"}, CHECK),
    ("audit without actor", "audit_log", {"actor": " "}, CHECK),
    ("audit duplicate hash", "audit_log", {"hash": "h1"}, UNIQUE),
]


def _insert(db, table: str, row: dict[str, Any]) -> None:  # type: ignore[no-untyped-def]
    cols = ", ".join(row)
    marks = ", ".join("?" for _ in row)
    db.execute(f"INSERT INTO {table} ({cols}) VALUES ({marks})", list(row.values()))


@pytest.fixture
def db(tmp_path):  # type: ignore[no-untyped-def]
    """A new database (migrated from empty) holding one valid row in every table."""
    database = create_database(tmp_path / "schema.db")
    for table, row in BASE.items():
        _insert(database, table, row)
    # a second patrol on another day and a third area, for second rows to point at
    _insert(database, "areas", {**BASE["areas"], "id": "a3", "name": "Park", "cost_code": "CC3"})
    _insert(database, "shifts", {**BASE["shifts"], "id": "s2", "start_utc": "2026-06-02T17:00:00Z",
                                 "end_utc": "2026-06-02T21:00:00Z", "local_date": "2026-06-02",
                                 "ref": "K7QM3X9F"})
    yield database
    database.conn.close()


def _fresh(table: str) -> dict[str, Any]:
    return {**BASE[table], **FRESH[table]}


# The budget holds one row by design: a second one is refused ("second budget" above).
SINGLE_ROW = {"budget"}


@pytest.mark.parametrize("table", sorted(set(BASE) - SINGLE_ROW))
def test_a_valid_second_row_is_accepted(db, table) -> None:  # type: ignore[no-untyped-def]
    row = {**_fresh("shifts"), "id": "s3"} if table == "shifts" else _fresh(table)
    before = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    _insert(db, table, row)
    assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == before + 1


@pytest.mark.parametrize(("table", "changes", "expected"), [c[1:] for c in BAD_ROWS],
                         ids=[c[0].replace(" ", "-") for c in BAD_ROWS])
def test_the_schema_refuses_a_bad_row(db, table, changes, expected) -> None:  # type: ignore[no-untyped-def]
    row = {**_fresh(table), **changes}
    if table == "shifts":
        row["id"] = "s3"
    before = db.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
    with pytest.raises(sqlite3.IntegrityError, match=expected):
        _insert(db, table, row)
    assert db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] == before


def test_moving_an_assignment_onto_a_clash_is_refused(db) -> None:  # type: ignore[no-untyped-def]
    _insert(db, "assignments", _fresh("assignments"))
    with pytest.raises(sqlite3.IntegrityError, match=DOUBLE):
        db.execute("UPDATE assignments SET start_utc = ?, end_utc = ? WHERE id = 'x2'",
                   ["2026-06-01T18:00:00Z", "2026-06-01T22:00:00Z"])


def test_a_cancelled_assignment_does_not_block_the_person(db) -> None:  # type: ignore[no-untyped-def]
    db.execute("UPDATE assignments SET status = 'cancelled', reason = 'sick' WHERE id = 'x1'")
    _insert(db, "assignments", {**_fresh("assignments"), "start_utc": "2026-06-01T18:00:00Z",
                                "end_utc": "2026-06-01T22:00:00Z"})
    with pytest.raises(sqlite3.IntegrityError, match=DOUBLE):
        db.execute("UPDATE assignments SET status = 'planned' WHERE id = 'x1'")


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET actor = 'Someone else' WHERE seq = 1",
    "UPDATE audit_log SET details = '{}'",
    "DELETE FROM audit_log WHERE seq = 1",
    "DELETE FROM audit_log",
])
def test_the_audit_log_refuses_update_and_delete(db, statement) -> None:  # type: ignore[no-untyped-def]
    before = db.execute("SELECT * FROM audit_log").fetchall()
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        db.execute(statement)
    assert db.execute("SELECT * FROM audit_log").fetchall() == before


def test_foreign_keys_are_enforced_on_every_connection(db) -> None:  # type: ignore[no-untyped-def]
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    with pytest.raises(sqlite3.IntegrityError, match=FK):
        db.execute("DELETE FROM employers WHERE id = 'e-force'")
