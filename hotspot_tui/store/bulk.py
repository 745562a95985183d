"""Bulk loading of whole tables (sample data), in one transaction per call."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial
from typing import Any

from sqlite_utils import Database

from hotspot_tui.store import summaries
from hotspot_tui.store.database import write_transaction
from hotspot_tui.store.pay_lines import big_cache

CHUNK = 20_000


def insert_rows(
    db: Database,
    table: str,
    rows: Sequence[dict[str, Any]],
    progress: Callable[[int], None] | None = None,
) -> None:
    """Insert rows that all share the first row's columns."""
    if not rows:
        return
    columns = list(rows[0])
    sql = (
        f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in columns)}) "
        f"VALUES ({', '.join('?' for _ in columns)})"
    )
    for start in range(0, len(rows), CHUNK):
        chunk = rows[start : start + CHUNK]
        db.conn.executemany(sql, ([row[c] for c in columns] for row in chunk))
        if progress:
            progress(len(chunk))


OVERLAP_CHECK = """
SELECT count(*) FROM (
    SELECT start_utc, lag(end_utc) OVER (PARTITION BY staff_id ORDER BY start_utc) AS prev_end
    FROM assignments WHERE status IN ('planned', 'worked')
) WHERE prev_end > start_utc
"""


def load_tables(
    db: Database,
    tables: Iterable[tuple[str, Sequence[dict[str, Any]]]],
    progress: Callable[[str, int], None] | None = None,
) -> None:
    """Load whole tables in one transaction (a table may come in several parts).

    The per-row double-booking triggers are swapped for one set-based check of the loaded
    rows (same rule, a hundred times faster for a million rows); any overlap rolls it all back.
    Each loaded table's own indexes are built once its rows are in, not kept row by row.
    """
    with write_transaction(db), big_cache(db):
        triggers = db.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'assignments'"
        ).fetchall()
        for name, _ in triggers:
            db.execute(f"DROP TRIGGER [{name}]")
        indexes: dict[str, list[str]] = {}
        for name, rows in tables:
            if name not in indexes:
                indexes[name] = _drop_indexes(db, name)
            insert_rows(db, name, rows, partial(progress, name) if progress else None)
        for statements in indexes.values():
            for statement in statements:
                db.execute(statement)
        overlaps = db.execute(OVERLAP_CHECK).fetchone()[0]
        if overlaps:
            raise ValueError(f"{overlaps} double-booked assignments in the data; nothing was loaded")
        for _, sql in triggers:
            db.execute(sql)
        summaries.rebuild(db)


def _drop_indexes(db: Database, table: str) -> list[str]:
    """Drop the table's declared indexes; the statements that make them again."""
    found = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
                       "AND sql IS NOT NULL", [table]).fetchall()
    for name, _ in found:
        db.execute(f"DROP INDEX [{name}]")
    return [sql for _, sql in found]


def analyze(db: Database) -> None:
    db.execute("ANALYZE")


def make_self_contained(db: Database) -> None:
    """Leave a single file with no -wal/-shm beside it (for copying and committing)."""
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("PRAGMA journal_mode = DELETE")
