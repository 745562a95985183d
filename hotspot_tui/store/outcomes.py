"""What a patrol achieved: arrests, searches, weapons and ASB powers used."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from hotspot_tui.store.rows import one

COUNTS = ("arrests", "stop_searches", "weapons", "dispersals", "cpw", "cpn", "pspo",
          "informal_warnings", "other")


def get_outcomes(db: Database, shift_id: str) -> dict[str, Any] | None:
    return one(db, "SELECT * FROM outcomes WHERE shift_id = :id", {"id": shift_id})


def put_outcomes(db: Database, row: dict[str, Any]) -> None:
    columns = list(row)
    updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c != "shift_id")
    db.execute(
        f"INSERT INTO outcomes ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join(f':{c}' for c in columns)}) "
        f"ON CONFLICT (shift_id) DO UPDATE SET {updates}",
        row,
    )
