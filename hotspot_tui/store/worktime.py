"""Normal duties, opt-outs and working-time breaches: what the working-time checks read
and keep. Every query is bounded by a person's (staff_id, ...) index."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from sqlite_utils import Database

from hotspot_tui.store import schema_v7, schema_worktime
from hotspot_tui.store.pay_lines import big_cache
from hotspot_tui.store.rows import insert

LIVE = "('planned', 'worked')"


# --- normal duties ------------------------------------------------------------------------


def replace_normal_duties(db: Database, staff_id: str, first_day: str, last_day: str,
                          rows: Iterable[dict[str, Any]]) -> int:
    """Delete the person's duties on local days [first, last] and insert `rows`; returns how
    many were there before."""
    gone = db.execute(
        "DELETE FROM normal_duties WHERE staff_id = ? AND local_date BETWEEN ? AND ?",
        [staff_id, first_day, last_day]).rowcount
    db.conn.executemany(
        "INSERT INTO normal_duties (id, staff_id, duty_type, start_utc, end_utc, local_date, "
        "week, minutes, night, imported_at, imported_by) VALUES (:id, :staff_id, :duty_type, "
        ":start_utc, :end_utc, :local_date, :week, :minutes, :night, :imported_at, :imported_by)",
        list(rows))
    return gone


# --- patrols as the checks see them ---------------------------------------------------------


def _patrols(hint: str = "") -> str:
    """Live patrol assignments as the checks see them: times (actual where booked), minutes,
    the patrol's day, area and break. `hint`: how SQLite is to read the assignments."""
    return f"""
    SELECT x.staff_id, x.id, x.shift_id, x.status, x.start_utc AS planned_start_utc,
           coalesce(x.actual_start_utc, x.start_utc) AS start_utc,
           coalesce(x.actual_end_utc, x.end_utc) AS end_utc,
           coalesce(x.worked_minutes,
                    CAST(round((julianday(x.end_utc) - julianday(x.start_utc)) * 1440) AS INTEGER))
               AS minutes,
           x.rest_day, x.straight_on, x.told_on, x.created_at, x.override_reason,
           s.local_date, s.break_minutes, a.name AS area
    FROM assignments x {hint} JOIN shifts s ON s.id = x.shift_id JOIN areas a ON a.id = s.area_id
    WHERE x.status IN {LIVE}"""


_PATROLS = _patrols()


def patrols_between(db: Database, staff_id: str, from_utc: str, to_utc: str) -> list[dict[str, Any]]:
    """A person's live patrol assignments whose planned start is in [from, to) (`_PATROLS`)."""
    return list(db.query(
        f"{_PATROLS} AND x.staff_id = :staff AND x.start_utc >= :from_utc AND x.start_utc < :to_utc "
        "ORDER BY x.start_utc",
        {"staff": staff_id, "from_utc": from_utc, "to_utc": to_utc},
    ))


# --- opt-outs ------------------------------------------------------------------------------

def opt_outs(db: Database, staff_id: str) -> list[dict[str, Any]]:
    """A person's opt-out history, in the order it takes effect."""
    return list(db.query(
        "SELECT effective_from, opted_out, reason, recorded_at, recorded_by FROM opt_outs "
        "WHERE staff_id = :staff ORDER BY effective_from, recorded_at",
        {"staff": staff_id},
    ))


def add_opt_out(db: Database, row: dict[str, Any]) -> None:
    insert(db, "opt_outs", row)


def opt_outs_with_people(db: Database, effective_by: str) -> list[dict[str, Any]]:
    """Every opt-out row taking effect on or before `effective_by`, with the person's name
    and payroll number, person by person in the order they take effect (a few rows for each
    person who ever signed)."""
    return list(db.query(
        "SELECT o.staff_id, s.name, s.payroll_number, s.active, o.effective_from, o.opted_out, "
        "o.reason, o.recorded_at, o.recorded_by FROM opt_outs o JOIN staff s ON s.id = o.staff_id "
        "WHERE o.effective_from <= :day ORDER BY s.name, o.staff_id, o.effective_from, o.recorded_at",
        {"day": effective_by},
    ))


# --- breaches ------------------------------------------------------------------------------

def breaches_between(db: Database, staff_id: str, from_utc: str, to_utc: str) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT assignment_id, rule, message, override_reason FROM working_time_breaches "
        "WHERE staff_id = :staff AND start_utc >= :from_utc AND start_utc < :to_utc",
        {"staff": staff_id, "from_utc": from_utc, "to_utc": to_utc},
    ))


def breaches_of(db: Database, assignment_id: str) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT rule, message, override_reason FROM working_time_breaches "
        "WHERE assignment_id = :id ORDER BY rule", {"id": assignment_id}))


def put_breach(db: Database, row: dict[str, Any]) -> None:
    """Record a breach, or its message as found again (an override given stays)."""
    put_breaches(db, [tuple(row[c] for c in BREACH_COLUMNS)])


def drop_breach(db: Database, assignment_id: str, rule: str) -> None:
    db.execute("DELETE FROM working_time_breaches WHERE assignment_id = ? AND rule = ?",
               [assignment_id, rule])


def drop_breaches_of(db: Database, assignment_id: str) -> None:
    db.execute("DELETE FROM working_time_breaches WHERE assignment_id = ?", [assignment_id])


def all_breaches(db: Database) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT assignment_id, rule, staff_id, message, override_reason FROM working_time_breaches"))


def people_with_live_assignments(db: Database) -> list[str]:
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT staff_id FROM assignments WHERE status IN {LIVE}")]


def people_by_payroll(db: Database) -> list[dict[str, Any]]:
    """Everyone's id, payroll number and name (for matching a roster export's rows)."""
    return list(db.query("SELECT id, payroll_number, name FROM staff"))


def last_patrol_start(db: Database, staff_id: str) -> str | None:
    row = db.execute(f"SELECT max(start_utc) FROM assignments WHERE staff_id = ? AND status IN {LIVE}",
                     [staff_id]).fetchone()
    return row[0] if row else None


# --- the same for several people at once ----------------------------------------------------

def _ids(staff_ids: list[str]) -> tuple[str, dict[str, Any]]:
    return (", ".join(f":s{i}" for i in range(len(staff_ids))),
            {f"s{i}": s for i, s in enumerate(staff_ids)})


def patrols_of(db: Database, staff_ids: list[str], from_utc: str, to_utc: str) -> list[dict[str, Any]]:
    """`patrols_between` for several people, each row with its staff_id."""
    if not staff_ids:
        return []
    marks, params = _ids(staff_ids)
    return list(db.query(
        f"{_PATROLS} AND x.staff_id IN ({marks}) AND x.start_utc >= :from_utc "
        "AND x.start_utc < :to_utc ORDER BY x.start_utc",
        {**params, "from_utc": from_utc, "to_utc": to_utc},
    ))


def normal_duties_of(db: Database, staff_ids: list[str], from_utc: str, to_utc: str) -> list[dict[str, Any]]:
    if not staff_ids:
        return []
    marks, params = _ids(staff_ids)
    return list(db.query(
        f"""
        SELECT staff_id, id, duty_type, start_utc, end_utc, local_date, minutes, night
        FROM normal_duties
        WHERE staff_id IN ({marks})
          AND start_utc > strftime('%Y-%m-%dT%H:%M:%SZ', :from_utc, '-2 days')
          AND start_utc < :to_utc AND end_utc > :from_utc
        ORDER BY start_utc
        """,
        {**params, "from_utc": from_utc, "to_utc": to_utc},
    ))


def opt_outs_of(db: Database, staff_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    if not staff_ids:
        return found
    marks, params = _ids(staff_ids)
    for row in db.query(
            f"SELECT staff_id, effective_from, opted_out FROM opt_outs WHERE staff_id IN ({marks}) "
            "ORDER BY effective_from, recorded_at", params):
        found.setdefault(row["staff_id"], []).append(row)
    return found


def patrol_weeks_of(db: Database, staff_ids: list[str], first_week: str,
                    last_week: str) -> dict[str, dict[str, int]]:
    found: dict[str, dict[str, int]] = {}
    if not staff_ids:
        return found
    marks, params = _ids(staff_ids)
    for sid, week, minutes in db.execute(
            f"SELECT staff_id, week, minutes FROM {schema_v7.TABLE} WHERE staff_id IN ({marks}) "
            "AND week BETWEEN :first AND :last", {**params, "first": first_week, "last": last_week}):
        found.setdefault(sid, {})[week] = minutes
    return found


_NORMAL_WEEK = "sum(minutes), sum(duty_type IN ('early', 'late', 'night', 'day')), sum(night)"
"""A week's normal duties: working minutes, duties worked, night duties."""


def normal_weeks_of(db: Database, staff_ids: list[str], first_week: str,
                    last_week: str) -> dict[str, dict[str, tuple[int, int, int]]]:
    found: dict[str, dict[str, tuple[int, int, int]]] = {}
    if not staff_ids:
        return found
    marks, params = _ids(staff_ids)
    for sid, week, minutes, duties, nights in db.execute(
            f"""
            SELECT staff_id, week, {_NORMAL_WEEK}
            FROM normal_duties WHERE staff_id IN ({marks}) AND week BETWEEN :first AND :last
            GROUP BY staff_id, week
            """, {**params, "first": first_week, "last": last_week}):
        found.setdefault(sid, {})[week] = (int(minutes), int(duties), int(nights))
    return found


def patrol_span(db: Database, staff_id: str) -> tuple[str | None, str | None]:
    row = db.execute(f"SELECT min(start_utc), max(start_utc) FROM assignments WHERE staff_id = ? "
                     f"AND status IN {LIVE}", [staff_id]).fetchone()
    return (row[0], row[1]) if row else (None, None)


# --- the full check of every person -------------------------------------------------------

_CHECKED = f"staff_id IN (SELECT staff_id FROM assignments WHERE status IN {LIVE})"
"""The people the full check reads: those with a live patrol assignment."""


def people_to_check(db: Database) -> list[dict[str, Any]]:
    """Everyone with a live patrol assignment, with what the checks need of them, in the
    order the `every_...` readers below give their rows."""
    return list(db.query(
        f"SELECT id, name, kind, contracted_weekly_minutes FROM staff "
        f"WHERE id IN (SELECT staff_id FROM assignments WHERE status IN {LIVE}) ORDER BY id"))


def count_people_to_check(db: Database) -> int:
    return int(db.execute(f"SELECT count(DISTINCT staff_id) FROM assignments WHERE status IN {LIVE}"
                          ).fetchone()[0])


def every_patrol(db: Database) -> Iterator[dict[str, Any]]:
    """Every live patrol assignment (`_PATROLS`), person by person (`people_to_check`'s
    order), each person's in start order. One pass over the table, sorted once: reading
    it in person order through an index instead visits its pages at random."""
    return db.query(_patrols("NOT INDEXED") + " ORDER BY x.staff_id, x.start_utc")


def every_normal_duty(db: Database) -> Iterator[dict[str, Any]]:
    """The normal duties of everyone `people_to_check` names, person by person, each
    person's in start order."""
    return db.query(
        "SELECT staff_id, id, duty_type, start_utc, end_utc, local_date, minutes, night "
        f"FROM normal_duties WHERE {_CHECKED} ORDER BY staff_id, start_utc")


def every_patrol_week(db: Database) -> Iterator[tuple[str, str, int]]:
    """(staff_id, week, patrol minutes) of everyone `people_to_check` names, person by person."""
    return iter(db.execute(f"SELECT staff_id, week, minutes FROM {schema_v7.TABLE} "
                           f"WHERE {_CHECKED} ORDER BY staff_id, week"))


def every_normal_week(db: Database) -> Iterator[tuple[str, str, int, int, int]]:
    """(staff_id, week, minutes, duties, night duties) of normal duties, as `normal_weeks_of`,
    of everyone `people_to_check` names, person by person."""
    return iter(db.execute(
        f"SELECT staff_id, week, {_NORMAL_WEEK} FROM normal_duties WHERE {_CHECKED} "
        "GROUP BY staff_id, week ORDER BY staff_id, week"))


def every_opt_out(db: Database) -> dict[str, list[dict[str, Any]]]:
    """Everyone's opt-out history, as `opt_outs_of`."""
    found: dict[str, list[dict[str, Any]]] = {}
    for row in db.query("SELECT staff_id, effective_from, opted_out FROM opt_outs "
                        "ORDER BY effective_from, recorded_at"):
        found.setdefault(row["staff_id"], []).append(row)
    return found


def breaches_of_people(db: Database, staff_ids: list[str]) -> list[dict[str, Any]]:
    if not staff_ids:
        return []
    marks, params = _ids(staff_ids)
    return list(db.query(
        f"SELECT assignment_id, rule, staff_id, message, override_reason FROM working_time_breaches "
        f"WHERE staff_id IN ({marks})", params))


def drop_breaches_of_ended(db: Database) -> int:
    """Forget the breaches of assignments no longer live (cancelled, a no-show); how many."""
    return int(db.execute(
        f"DELETE FROM working_time_breaches WHERE assignment_id IN "
        f"(SELECT id FROM assignments WHERE status NOT IN {LIVE})").rowcount)


_PUT_BREACH = (
    "INSERT INTO working_time_breaches (assignment_id, rule, staff_id, start_utc, message, "
    "override_reason, found_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (assignment_id, rule) "
    "DO UPDATE SET message = excluded.message, start_utc = excluded.start_utc, "
    "override_reason = coalesce(working_time_breaches.override_reason, excluded.override_reason)")
BREACH_COLUMNS = ("assignment_id", "rule", "staff_id", "start_utc", "message", "override_reason",
                  "found_at")
"""The order of a breach's values for `put_breaches`."""


def put_breaches(db: Database, rows: Iterable[Sequence[Any]]) -> None:
    """`put_breach` for many rows at once, each its values in `BREACH_COLUMNS` order."""
    db.conn.executemany(_PUT_BREACH, rows)


def drop_breaches(db: Database, keys: list[tuple[str, str]]) -> None:
    """Forget the breaches (assignment id, rule) given."""
    db.conn.executemany("DELETE FROM working_time_breaches WHERE assignment_id = ? AND rule = ?", keys)


def roomy(db: Database) -> contextlib.AbstractContextManager[None]:
    """A larger page cache for the full check: its writes land all over the breaches
    table and its indexes (a county's first check writes most of a million rows)."""
    return big_cache(db)


@contextlib.contextmanager
def indexes_built_after(db: Database) -> Iterator[None]:
    """Inside a write transaction, while the (empty) breaches table is filled: its indexes
    are dropped and built once at the end from every row, instead of kept row by row. If
    the work fails, rolling the transaction back brings them back as they were."""
    for name in schema_worktime.BREACH_INDEXES:
        db.execute(f"DROP INDEX {name}")
    yield
    for statement in schema_worktime.BREACH_INDEXES.values():
        db.execute(statement)


def has_breaches(db: Database) -> bool:
    return db.execute("SELECT 1 FROM working_time_breaches LIMIT 1").fetchone() is not None


def count_breaches(db: Database) -> int:
    return int(db.execute("SELECT count(*) FROM working_time_breaches").fetchone()[0])
