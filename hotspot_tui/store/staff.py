"""People who can work extra duty."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from hotspot_tui.store.rows import insert, one, update


def get_person(db: Database, staff_id: str) -> dict[str, Any] | None:
    return one(
        db,
        """
        SELECT p.*, e.name AS employer_name, e.kind AS employer_kind,
               e.weekday_rate_pence, e.weekend_rate_pence, e.holiday_rate_pence
        FROM staff p JOIN employers e ON e.id = p.employer_id WHERE p.id = :id
        """,
        {"id": staff_id},
    )


def person_by_payroll_number(db: Database, number: str) -> dict[str, Any] | None:
    return one(db, "SELECT id, name, kind, active FROM staff WHERE payroll_number = :n",
               {"n": number})


STAFF_COLUMNS = (
    "id", "payroll_number", "collar_number", "name", "kind", "rank", "employer_id",
    "home_area_id", "pay_basis", "annual_salary_pence", "hourly_rate_pence",
    "contracted_weekly_minutes", "active", "created_at", "updated_at",
)


def id_taken(db: Database, staff_id: str) -> bool:
    return one(db, "SELECT 1 AS x FROM staff WHERE id = :id", {"id": staff_id}) is not None


def insert_person(db: Database, row: dict[str, Any]) -> None:
    insert(db, "staff", {k: row[k] for k in STAFF_COLUMNS})


def update_person(db: Database, staff_id: str, changes: dict[str, Any]) -> int:
    return update(db, "staff", "id", staff_id, changes)


def number_owners(
    db: Database, payroll_numbers: list[str], collar_numbers: list[str]
) -> tuple[dict[str, str], dict[str, str]]:
    """({payroll number: name}, {collar number: name}) for those already taken (UNIQUE indexes)."""
    payroll: dict[str, str] = {}
    collar: dict[str, str] = {}
    for chunk_start in range(0, len(payroll_numbers), 500):
        chunk = payroll_numbers[chunk_start:chunk_start + 500]
        marks = ", ".join("?" for _ in chunk)
        for number, name in db.execute(
            f"SELECT payroll_number, name FROM staff WHERE payroll_number IN ({marks})", chunk
        ):
            payroll[number] = name
    for chunk_start in range(0, len(collar_numbers), 500):
        chunk = collar_numbers[chunk_start:chunk_start + 500]
        marks = ", ".join("?" for _ in chunk)
        for number, name in db.execute(
            f"SELECT collar_number, name FROM staff WHERE collar_number IN ({marks})", chunk
        ):
            collar[number] = name
    return payroll, collar


def number_owner(db: Database, column: str, value: str, exclude_id: str | None) -> str | None:
    """The name of another person holding this payroll or collar number, if any."""
    if column not in ("payroll_number", "collar_number"):
        raise ValueError(column)
    row = one(db, f"SELECT name FROM staff WHERE {column} = :v AND id IS NOT :x",
              {"v": value, "x": exclude_id})
    return row["name"] if row else None


def list_employers(db: Database) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT id, name, kind, payroll_number_format FROM employers ORDER BY kind = 'force' DESC, name"
    ))


def find_by_payroll_number(db: Database, payroll_number: str) -> dict[str, Any] | None:
    return one(db, "SELECT * FROM staff WHERE payroll_number = :n", {"n": payroll_number})
