"""Names for the ids an audit page mentions, and the lookups its filters need."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def _marks(prefix: str, values: list[str], params: dict[str, Any]) -> str:
    marks = []
    for i, value in enumerate(values):
        params[f"{prefix}{i}"] = value
        marks.append(f":{prefix}{i}")
    return ", ".join(marks) or "NULL"


def staff_names(db: Database, staff_ids: list[str]) -> dict[str, dict[str, Any]]:
    params: dict[str, Any] = {}
    sql = (
        "SELECT id, name, payroll_number, collar_number FROM staff"
        f" WHERE id IN ({_marks('s', sorted(set(staff_ids)), params)})"
    )
    return {row["id"]: row for row in db.query(sql, params)}


def shift_labels(db: Database, shift_ids: list[str]) -> dict[str, dict[str, Any]]:
    params: dict[str, Any] = {}
    sql = (
        "SELECT s.id, s.start_utc, s.end_utc, s.local_date, a.name AS area_name"
        " FROM shifts s JOIN areas a ON a.id = s.area_id"
        f" WHERE s.id IN ({_marks('h', sorted(set(shift_ids)), params)})"
    )
    return {row["id"]: row for row in db.query(sql, params)}


def staff_ids_matching(db: Database, text: str, limit: int = 20) -> list[dict[str, Any]]:
    """People whose payroll or collar number is `text`, else whose name contains it."""
    number = "".join(text.split()).upper()
    exact = list(db.query(
        "SELECT id, name FROM staff WHERE payroll_number = :n OR collar_number = :n", {"n": number}
    ))
    if exact:
        return exact
    return list(db.query(
        "SELECT id, name FROM staff WHERE name LIKE :like ORDER BY name COLLATE NOCASE LIMIT :limit",
        {"like": f"%{text.strip()}%", "limit": limit},
    ))


def shift_ids_matching(
    db: Database, *, area_text: str | None, local_date: str | None, limit: int = 200
) -> list[str]:
    """Patrols in areas whose name contains `area_text`, on `local_date` when given."""
    where = []
    params: dict[str, Any] = {"limit": limit}
    if area_text:
        where.append("a.name LIKE :area")
        params["area"] = f"%{area_text.strip()}%"
    if local_date:
        where.append("s.local_date = :day")
        params["day"] = local_date
    if not where:
        return []
    sql = (
        "SELECT s.id FROM shifts s JOIN areas a ON a.id = s.area_id WHERE "
        + " AND ".join(where) + " ORDER BY s.start_utc DESC LIMIT :limit"
    )
    return [row["id"] for row in db.query(sql, params)]


def actors(db: Database, limit: int = 50) -> list[str]:
    """Distinct actors, via the (actor, seq) index."""
    return [row[0] for row in db.execute(
        "SELECT DISTINCT actor FROM audit_log ORDER BY actor LIMIT ?", [limit])]
