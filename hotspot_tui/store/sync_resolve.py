"""Writes that carry out a supervisor's choice for a sync conflict."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.store.sync_tables import BY_NAME

if TYPE_CHECKING:
    from sqlite_utils import Database


def take_off(db: Database, assignment_id: str, reason: str) -> None:
    db.execute(
        "UPDATE assignments SET status = 'cancelled', reason = ?, updated_at = ? WHERE id = ?",
        [reason, utc_now_text(), assignment_id])


def reinstate_for_booking(db: Database, shift_id: str) -> None:
    db.execute("UPDATE shifts SET status = 'planned', cancel_reason = NULL, updated_at = ? "
               "WHERE id = ?", [utc_now_text(), shift_id])


def put_version(db: Database, table: str, key: dict[str, Any], version: dict[str, Any]) -> None:
    """Write the chosen version's values (derived columns aside) into the row."""
    derived = set(BY_NAME[table].derived) if table in BY_NAME else set()
    columns = {r[1] for r in db.execute(f"PRAGMA table_info([{table}])")}
    values = {k: v for k, v in version.items() if k in columns and k not in key and k not in derived}
    if not values:
        return
    sets = ", ".join(f"[{k}] = :v_{k}" for k in values)
    where = " AND ".join(f"[{k}] = :k_{k}" for k in key)
    params = {**{f"v_{k}": v for k, v in values.items()}, **{f"k_{k}": v for k, v in key.items()}}
    db.execute(f"UPDATE [{table}] SET {sets} WHERE {where}", params)


def _where(key: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    return " AND ".join(f"[{k}] = :k_{k}" for k in key), {f"k_{k}": v for k, v in key.items()}


def row_exists(db: Database, table: str, key: dict[str, Any]) -> bool:
    where, params = _where(key)
    return db.execute(f"SELECT 1 FROM [{table}] WHERE {where}", params).fetchone() is not None


def remove_row(db: Database, table: str, key: dict[str, Any]) -> None:
    """The chosen version is the row removed (nothing to do if it is gone already)."""
    where, params = _where(key)
    db.execute(f"DELETE FROM [{table}] WHERE {where}", params)
