"""Pay lines: the cost of each assignment, line by line, the period that pays it, and the
employer it is charged to (the one in force at the duty's start: the force's payroll, or a
council's or BID's recharge statement).

A worked line in a locked period is *locked*: it is what payroll was sent, and nothing here
deletes or rewrites it (`replace_lines` and `delete_open_lines` leave it alone). Every
other line is current, worked out again whenever its duty is: an open period's own lines,
estimates, and adjustment lines (`corrects_period` set) waiting in an open period.
`locked_pay_lines` keeps a copy of every locked line, the record that travels to other
copies of the operation (`restore_locked`).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from hotspot_tui.store.database import pragma_meanwhile

if TYPE_CHECKING:
    import sqlite3

    from sqlite_utils import Database

LINE_COLUMNS = (
    "assignment_id", "line_no", "staff_id", "period_id", "cost_code", "duty_date", "basis",
    "code", "minutes", "rate", "multiplier", "amount_pence", "reason", "corrects_period", "corrects_line",
    "employer_id",
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


_LOCKED = "SELECT id FROM pay_periods WHERE status = 'locked'"
_OPEN_LINE = f"(basis <> 'worked' OR period_id NOT IN ({_LOCKED}))"
"""A line that is not locked (see the module's docstring)."""


def replace_lines(
    db: Database, assignment_ids: Sequence[str], lines: Sequence[Sequence[Any]],
    costs: Sequence[tuple[int, str]],
) -> None:
    """Swap the current lines of some assignments (their locked lines stay) and set their
    cost_pence (the sum of all their lines)."""
    db.conn.executemany(f"DELETE FROM pay_lines WHERE assignment_id = ? AND {_OPEN_LINE}",
                        [(i,) for i in assignment_ids])
    insert_lines(db, lines)
    set_costs(db, costs)


def insert_lines(db: Database, lines: Iterable[Sequence[Any]]) -> None:
    db.conn.executemany(_INSERT, lines)


def set_costs(db: Database, costs: Iterable[tuple[int, str]]) -> None:
    """(cost_pence, assignment id) pairs."""
    db.conn.executemany("UPDATE assignments SET cost_pence = ? WHERE id = ?", costs)


def delete_open_lines(db: Database) -> None:
    """Every line that is not locked, before costing everything again."""
    if db.execute(f"SELECT EXISTS ({_LOCKED})").fetchone()[0]:
        db.execute(f"DELETE FROM pay_lines WHERE {_OPEN_LINE}")
    else:
        db.execute("DELETE FROM pay_lines")


def locked_periods(db: Database) -> list[tuple[str, str, str]]:
    """(id, starts_on, ends_on) of every locked period, in order."""
    return [tuple(r) for r in db.execute(
        "SELECT id, starts_on, ends_on FROM pay_periods WHERE status = 'locked' ORDER BY starts_on")]


def paid_lines(db: Database, assignment_ids: Sequence[str]) -> dict[str, list[tuple[Any, ...]]]:
    """What was paid for each of some assignments: their locked lines, as (period_id,
    line_no, code, minutes, rate, multiplier, amount_pence, corrects_period, employer_id)."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for start in range(0, len(assignment_ids), 500):
        chunk = list(assignment_ids[start:start + 500])
        for row in db.execute(
            f"""
            SELECT l.assignment_id, l.period_id, l.line_no, l.code, l.minutes, l.rate, l.multiplier,
                   l.amount_pence, l.corrects_period, l.employer_id
            FROM pay_lines l JOIN pay_periods p ON p.id = l.period_id AND p.status = 'locked'
            WHERE l.assignment_id IN ({', '.join('?' for _ in chunk)}) AND l.basis = 'worked'
            ORDER BY l.assignment_id, p.starts_on, l.line_no
            """, chunk):
            found.setdefault(row[0], []).append(tuple(row[1:]))
    return found


_LEDGER_COLUMNS = ", ".join(LINE_COLUMNS)


def keep_locked(db: Database, period_id: str) -> int:
    """Record a period's worked lines as locked (when it is exported final); returns how many."""
    return db.execute(
        f"INSERT INTO locked_pay_lines ({_LEDGER_COLUMNS}) SELECT {_LEDGER_COLUMNS} FROM pay_lines"
        " WHERE period_id = ? AND basis = 'worked'", [period_id]).rowcount


def estimated_in(db: Database, period_id: str) -> list[str]:
    """Assignments with estimated (not worked) lines in a period."""
    return [r[0] for r in db.execute(
        "SELECT DISTINCT assignment_id FROM pay_lines WHERE period_id = ? AND basis = 'estimate'"
        " ORDER BY 1", [period_id])]


def restore_locked(db: Database, period_id: str) -> list[str]:
    """Make a locked period's worked lines here exactly its recorded locked lines (a copy
    that costed the period itself before the lock reached it); returns the assignments
    whose lines were different, and those with estimates left in the period, to be
    costed again."""
    columns = ("assignment_id, line_no, code, minutes, rate, multiplier, amount_pence, corrects_period,"
               " employer_id")
    estimates = estimated_in(db, period_id)
    changed = [r[0] for r in db.execute(
        f"""
        SELECT assignment_id FROM (
            SELECT {columns} FROM pay_lines WHERE period_id = :p AND basis = 'worked'
            EXCEPT SELECT {columns} FROM locked_pay_lines WHERE period_id = :p)
        UNION
        SELECT assignment_id FROM (
            SELECT {columns} FROM locked_pay_lines WHERE period_id = :p
            EXCEPT SELECT {columns} FROM pay_lines WHERE period_id = :p AND basis = 'worked')
        ORDER BY 1
        """, {"p": period_id})]
    if changed:
        db.execute("DELETE FROM pay_lines WHERE period_id = ?", [period_id])
        db.execute(f"INSERT INTO pay_lines ({_LEDGER_COLUMNS}) SELECT {_LEDGER_COLUMNS}"
                   " FROM locked_pay_lines WHERE period_id = ?", [period_id])
    return sorted(set(changed) | set(estimates))


def big_cache(db: Database, kib: int = 262_144) -> contextlib.AbstractContextManager[None]:
    """A larger page cache while writing a million rows, so index pages stay in memory."""
    return pragma_meanwhile(db, "cache_size", -int(kib))


def lines_for_assignment(db: Database, assignment_id: str) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT * FROM pay_lines WHERE assignment_id = :id ORDER BY period_id, line_no", {"id": assignment_id}
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


_NEVER_COSTED = ("(NOT EXISTS (SELECT 1 FROM pay_lines) AND EXISTS "
                 "(SELECT 1 FROM assignments WHERE status IN ('planned', 'worked')))")


def needs_first_costing(db: sqlite3.Connection | Database) -> bool:
    """Live assignments exist but no pay line does (a file upgraded from schema 1)."""
    return db.execute(f"SELECT {_NEVER_COSTED}").fetchone()[0] == 1


def needs_upkeep(db: sqlite3.Connection | Database) -> bool:
    """The file was never costed, or has locked periods whose lines are still to be taken
    as sent (`periods_to_take`)."""
    return db.execute(
        f"SELECT {_NEVER_COSTED} OR EXISTS (SELECT 1 FROM locked_lines_to_take)").fetchone()[0] == 1


def periods_to_take(db: Database) -> list[str]:
    """Locked periods whose lines here are still to be made their locked lines (noted by
    migration 0022 where what was sent differs from the lines at the upgrade)."""
    return [r[0] for r in db.execute("SELECT period_id FROM locked_lines_to_take ORDER BY 1")]


def forget_periods_to_take(db: Database, period_ids: Iterable[str]) -> None:
    db.conn.executemany("DELETE FROM locked_lines_to_take WHERE period_id = ?", [(p,) for p in period_ids])


def spans_by_person(db: Database, assignment_ids: Sequence[str]) -> dict[str, tuple[str, str]]:
    """For the people of some assignments: the widest span of those assignments' planned
    and worked times (UTC text), to cost them again."""
    spans: dict[str, tuple[str, str]] = {}
    for start in range(0, len(assignment_ids), 500):
        chunk = list(assignment_ids[start:start + 500])
        for staff_id, first, last in db.execute(
            f"""
            SELECT staff_id, min(start_utc, coalesce(actual_start_utc, start_utc)),
                   max(end_utc, coalesce(actual_end_utc, end_utc))
            FROM assignments WHERE id IN ({', '.join('?' for _ in chunk)})
            """, chunk):
            before = spans.get(staff_id)
            spans[staff_id] = (min(before[0], first), max(before[1], last)) if before else (first, last)
    return spans
