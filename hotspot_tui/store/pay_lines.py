"""Pay lines: the current cost of each assignment, line by line, and its period."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import sqlite3

    from sqlite_utils import Database

LINE_COLUMNS = (
    "assignment_id", "line_no", "staff_id", "period_id", "cost_code", "duty_date", "basis",
    "code", "minutes", "rate", "multiplier", "amount_pence", "reason",
)
_INSERT = (
    f"INSERT INTO pay_lines ({', '.join(LINE_COLUMNS)}) "
    f"VALUES ({', '.join('?' for _ in LINE_COLUMNS)})"
)

_COSTING_COLUMNS = """
    a.id, a.staff_id, a.status,
    coalesce(a.actual_start_utc, a.start_utc) AS start_utc,
    coalesce(a.actual_end_utc, a.end_utc) AS end_utc,
    a.told_on, a.rest_day, a.casual, a.straight_on, a.cost_pence,
    s.local_date, ar.cost_code
"""
COSTING_FIELDS = (
    "id", "staff_id", "status", "start_utc", "end_utc", "told_on", "rest_day", "casual",
    "straight_on", "cost_pence", "local_date", "cost_code",
)


def duties_starting_between(
    db: Database, staff_id: str, from_utc: str, to_utc: str
) -> list[tuple[Any, ...]]:
    """A person's assignments (any status) planned to start in [from, to), as COSTING_FIELDS."""
    return db.execute(
        f"""
        SELECT {_COSTING_COLUMNS}
        FROM assignments a JOIN shifts s ON s.id = a.shift_id JOIN areas ar ON ar.id = s.area_id
        WHERE a.staff_id = ? AND a.start_utc >= ? AND a.start_utc < ?
        ORDER BY a.start_utc
        """,
        [staff_id, from_utc, to_utc],
    ).fetchall()


def iter_all_by_start(db: Database) -> Iterator[tuple[Any, ...]]:
    """Every assignment in planned start order, as COSTING_FIELDS plus the planned start."""
    yield from db.execute(
        f"""
        SELECT {_COSTING_COLUMNS}, a.start_utc AS planned_start_utc
        FROM assignments a INDEXED BY idx_assignments_start
        JOIN shifts s ON s.id = a.shift_id JOIN areas ar ON ar.id = s.area_id
        ORDER BY a.start_utc
        """
    )


def count_assignments(db: Database) -> int:
    return db.execute("SELECT count(*) FROM assignments").fetchone()[0]


def ensure_periods(db: Database, periods: Iterable[tuple[str, str, str]]) -> None:
    """Create (id, starts_on, ends_on) period rows that do not exist yet, as open."""
    db.conn.executemany(
        "INSERT OR IGNORE INTO pay_periods (id, starts_on, ends_on, status) VALUES (?, ?, ?, 'open')",
        list(periods),
    )


def replace_lines(
    db: Database, assignment_ids: Sequence[str], lines: Sequence[Sequence[Any]],
    costs: Sequence[tuple[int, str]],
) -> None:
    """Swap the lines of some assignments and set their cost_pence (the lines' sum)."""
    db.conn.executemany("DELETE FROM pay_lines WHERE assignment_id = ?", [(i,) for i in assignment_ids])
    insert_lines(db, lines)
    set_costs(db, costs)


def insert_lines(db: Database, lines: Iterable[Sequence[Any]]) -> None:
    db.conn.executemany(_INSERT, lines)


def set_costs(db: Database, costs: Iterable[tuple[int, str]]) -> None:
    """(cost_pence, assignment id) pairs."""
    db.conn.executemany("UPDATE assignments SET cost_pence = ? WHERE id = ?", costs)


def delete_all_lines(db: Database) -> None:
    db.execute("DELETE FROM pay_lines")


@contextlib.contextmanager
def big_cache(db: Database, kib: int = 262_144) -> Iterator[None]:
    """A larger page cache while writing a million rows, so index pages stay in memory."""
    before = db.execute("PRAGMA cache_size").fetchone()[0]
    db.execute(f"PRAGMA cache_size = -{int(kib)}")
    try:
        yield
    finally:
        db.execute(f"PRAGMA cache_size = {int(before)}")


def lines_for_assignment(db: Database, assignment_id: str) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT * FROM pay_lines WHERE assignment_id = :id ORDER BY line_no", {"id": assignment_id}
    ))


def distinct_duty_dates(db: Database) -> list[str]:
    return [r[0] for r in db.execute("SELECT DISTINCT duty_date FROM pay_lines ORDER BY 1")]


def move_dates_to_periods(db: Database, pairs: Iterable[tuple[str, str]]) -> None:
    """(period_id, duty_date) pairs: re-file lines when the periods are cut differently."""
    db.conn.executemany("UPDATE pay_lines SET period_id = ? WHERE duty_date = ?", pairs)


def drop_unused_open_periods(db: Database) -> None:
    db.execute(
        "DELETE FROM pay_periods WHERE status = 'open' "
        "AND NOT EXISTS (SELECT 1 FROM pay_lines l WHERE l.period_id = pay_periods.id)"
    )


def needs_first_costing(db: sqlite3.Connection | Database) -> bool:
    """Live assignments exist but no pay line does (a file upgraded from schema 1)."""
    return db.execute(
        "SELECT NOT EXISTS (SELECT 1 FROM pay_lines) AND EXISTS "
        "(SELECT 1 FROM assignments WHERE status IN ('planned', 'worked'))"
    ).fetchone()[0] == 1
