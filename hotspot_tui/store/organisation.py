"""Areas and employers: adding, retiring, and council recharge rates."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from hotspot_tui.store.rows import insert, one, update


def find_area_by_name(db: Database, name: str) -> dict[str, Any] | None:
    return one(db, "SELECT * FROM areas WHERE name = :name COLLATE NOCASE", {"name": name.strip()})


def area_with_cost_code(db: Database, cost_code: str) -> dict[str, Any] | None:
    return one(db, "SELECT * FROM areas WHERE cost_code = :code", {"code": cost_code})


def insert_area(db: Database, row: dict[str, Any]) -> None:
    insert(db, "areas", row)


def set_area_active(db: Database, area_id: str, active: bool) -> None:
    update(db, "areas", "id", area_id, {"active": int(active)})


def future_patrols_in_area(db: Database, area_id: str, from_utc: str) -> int:
    return db.execute(
        "SELECT count(*) FROM shifts WHERE area_id = ? AND status = 'planned' AND start_utc >= ?",
        [area_id, from_utc],
    ).fetchone()[0]


def employers_with_rates(db: Database) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT id, name, kind, weekday_rate_pence, weekend_rate_pence, holiday_rate_pence "
        "FROM employers ORDER BY kind = 'force' DESC, name"
    ))


def find_employer_by_name(db: Database, name: str) -> dict[str, Any] | None:
    return one(db, "SELECT * FROM employers WHERE name = :name COLLATE NOCASE", {"name": name.strip()})


def insert_employer(db: Database, row: dict[str, Any]) -> None:
    insert(db, "employers", row)


def set_employer_rates(db: Database, employer_id: str, rates: dict[str, int]) -> None:
    update(db, "employers", "id", employer_id, rates)


def staff_ids_of_employer(db: Database, employer_id: str) -> list[str]:
    return [r[0] for r in db.execute("SELECT id FROM staff WHERE employer_id = ?", [employer_id])]
