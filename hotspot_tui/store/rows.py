"""Small helpers shared by the query modules."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database


def one(db: Database, sql: str, params: dict[str, Any] | list[Any] | None = None) -> dict[str, Any] | None:
    for row in db.query(sql, params or {}):
        return row
    return None


def insert(db: Database, table: str, row: dict[str, Any]) -> None:
    columns = list(row)
    db.execute(
        f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join(f':{c}' for c in columns)})",
        row,
    )


def update(db: Database, table: str, key: str, key_value: Any, changes: dict[str, Any]) -> int:
    sets = ", ".join(f"[{c}] = :{c}" for c in changes)
    cursor = db.execute(
        f"UPDATE [{table}] SET {sets} WHERE [{key}] = :__key", {**changes, "__key": key_value}
    )
    return cursor.rowcount
