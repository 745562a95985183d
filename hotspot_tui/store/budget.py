"""The budget row, area allocations and non-patrol spend lines."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

SPEND_LINE_COLUMNS = "id, description, category, area_id, amount_pence, spent_on, created_at, created_by"


def get_budget(db: Database) -> dict[str, Any] | None:
    rows = list(db.query(
        "SELECT id, name, grant_pence, starts_on, ends_on, updated_at FROM budget WHERE id = 1"
    ))
    return rows[0] if rows else None


def save_budget(db: Database, *, name: str, grant_pence: int, starts_on: str, ends_on: str, now: str) -> None:
    db.execute(
        """
        INSERT INTO budget (id, name, grant_pence, starts_on, ends_on, updated_at)
        VALUES (1, :name, :grant, :starts, :ends, :now)
        ON CONFLICT (id) DO UPDATE SET name = excluded.name, grant_pence = excluded.grant_pence,
            starts_on = excluded.starts_on, ends_on = excluded.ends_on, updated_at = excluded.updated_at
        """,
        {"name": name, "grant": grant_pence, "starts": starts_on, "ends": ends_on, "now": now},
    )


def allocations(db: Database) -> list[dict[str, Any]]:
    """Every active area (and any retired one holding money) with its allocation or None."""
    return list(db.query(
        """
        SELECT ar.id AS area_id, ar.name, ar.district, ar.active, al.allocation_pence
        FROM areas ar LEFT JOIN area_allocations al ON al.area_id = ar.id
        WHERE ar.active = 1 OR al.area_id IS NOT NULL
        ORDER BY ar.name
        """
    ))


def allocation_total(db: Database, *, except_area: str | None = None) -> int:
    row = db.execute(
        "SELECT coalesce(sum(allocation_pence), 0) FROM area_allocations WHERE area_id IS NOT ?",
        [except_area],
    ).fetchone()
    return int(row[0])


def get_allocation(db: Database, area_id: str) -> int | None:
    row = db.execute(
        "SELECT allocation_pence FROM area_allocations WHERE area_id = ?", [area_id]
    ).fetchone()
    return None if row is None else int(row[0])


def set_allocation(db: Database, area_id: str, pence: int | None, now: str) -> None:
    if pence is None:
        db.execute("DELETE FROM area_allocations WHERE area_id = ?", [area_id])
        return
    db.execute(
        """
        INSERT INTO area_allocations (area_id, allocation_pence, updated_at) VALUES (?, ?, ?)
        ON CONFLICT (area_id) DO UPDATE SET allocation_pence = excluded.allocation_pence,
            updated_at = excluded.updated_at
        """,
        [area_id, pence, now],
    )


def get_area(db: Database, area_id: str) -> dict[str, Any] | None:
    rows = list(db.query("SELECT id, name, active FROM areas WHERE id = ?", [area_id]))
    return rows[0] if rows else None


def spend_lines(
    db: Database, *, limit: int = 200, before: tuple[str, str] | None = None
) -> list[dict[str, Any]]:
    """Newest first; keyset-paged on (spent_on, id)."""
    where, params = "", dict[str, object](limit=limit)
    if before is not None:
        where = "WHERE (sl.spent_on, sl.id) < (:b_on, :b_id)"
        params.update({"b_on": before[0], "b_id": before[1]})
    return list(db.query(
        f"""
        SELECT sl.id, sl.description, sl.category, sl.area_id, ar.name AS area, sl.amount_pence,
               sl.spent_on, sl.created_at, sl.created_by
        FROM spend_lines sl LEFT JOIN areas ar ON ar.id = sl.area_id
        {where}
        ORDER BY sl.spent_on DESC, sl.id DESC
        LIMIT :limit
        """,
        params,
    ))


def spend_line_total(db: Database) -> int:
    return int(db.execute("SELECT coalesce(sum(amount_pence), 0) FROM spend_lines").fetchone()[0])


def get_spend_line(db: Database, line_id: str) -> dict[str, Any] | None:
    rows = list(db.query(f"SELECT {SPEND_LINE_COLUMNS} FROM spend_lines WHERE id = ?", [line_id]))
    return rows[0] if rows else None


def insert_spend_line(db: Database, row: dict[str, Any]) -> None:
    columns = ", ".join(row)
    marks = ", ".join(f":{k}" for k in row)
    db.execute(f"INSERT INTO spend_lines ({columns}) VALUES ({marks})", row)


def update_spend_line(db: Database, line_id: str, fields: dict[str, Any]) -> None:
    sets = ", ".join(f"{k} = :{k}" for k in fields)
    db.execute(f"UPDATE spend_lines SET {sets} WHERE id = :id", {**fields, "id": line_id})


def delete_spend_line(db: Database, line_id: str) -> None:
    db.execute("DELETE FROM spend_lines WHERE id = ?", [line_id])
