"""Small helpers shared by the query modules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hotspot_tui.store.schema_history import SqlReader

if TYPE_CHECKING:
    from sqlite_utils import Database


def dicts(db: SqlReader, sql: str, params: dict[str, Any] | None = None) -> list[dict[str, Any]]:
    """Rows as dicts keyed by column name, like sqlite-utils' `query`, for plain connections."""
    cursor = db.execute(sql, params or {})
    keys = [d[0] for d in cursor.description]
    return [dict(zip(keys, row, strict=True)) for row in cursor]


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
