"""The summaries kept by triggers: patrol_day_totals (schema v3), each patrol's live cover
(schema v6), each person's minutes per week (schema v7), each area's arrests (schema v8),
the money per area and per day (schema v9, kept from patrol_day_totals), the report's
figures per area and day (schema 0029) and each area's outcomes and worked patrols (schemas
0030 and 0031, kept from those): rebuild, suspend for bulk writes, compare."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlite_utils import Database

from hotspot_tui.store import (
    schema_history,
    schema_outcome_totals,
    schema_report_totals,
    schema_v3,
    schema_v6,
    schema_v7,
    schema_v8,
    schema_v9,
    schema_worked_totals,
)

TABLE = schema_v3.TABLE


def has_cover(db: Database) -> bool:
    return any(row[1] == "have_officer" for row in db.execute("PRAGMA table_info(shifts)"))


def present(db: Database) -> bool:
    return TABLE in schema_history.table_names(db)


def _trigger_name(create_sql: str) -> str:
    return create_sql.split("CREATE TRIGGER", 1)[1].split()[0]


@contextmanager
def _set_aside(db: Database, triggers: Sequence[str]) -> Iterator[None]:
    """Drop those of these triggers (CREATE TRIGGER statements) that the file has, and make
    them again after the block (unless it raises: the transaction is then rolled back)."""
    existing = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'trigger'")}
    dropped = [sql for sql in triggers if _trigger_name(sql) in existing]
    for sql in dropped:
        db.execute(f"DROP TRIGGER [{_trigger_name(sql)}]")
    yield
    for sql in dropped:
        db.execute(sql)


def _rebuild_totals(db: Database) -> None:
    """patrol_day_totals afresh, then the schema v9 totals from it, each set-based: the v9
    triggers are set aside meanwhile (firing per row, they would double the time)."""
    tables = schema_history.table_names(db)
    if TABLE not in tables:
        return
    with _set_aside(db, schema_v9.TRIGGERS):
        for statement in schema_v3.REBUILD:
            db.execute(statement)
        if schema_v9.AREAS in tables:
            for statement in schema_v9.REBUILD:
                db.execute(statement)


def rebuild(db: Database) -> None:
    """Recompute every summary set-based (one GROUP BY over assignments each)."""
    _rebuild_totals(db)
    if has_cover(db):
        for statement in schema_v6.REBUILD:
            db.execute(statement)
    tables = schema_history.table_names(db)
    for schema in (schema_v7, schema_v8):
        if schema.TABLE in tables:
            for statement in schema.REBUILD:
                db.execute(statement)
    if schema_report_totals.WORKED in tables:
        with _set_aside(db, [*schema_outcome_totals.TRIGGERS, *schema_worked_totals.TRIGGERS]):
            for statement in schema_report_totals.REBUILD:
                db.execute(statement)
    for schema in (schema_outcome_totals, schema_worked_totals):
        if schema.TABLE in tables:
            for statement in schema.REBUILD:
                db.execute(statement)


@contextmanager
def suspended(db: Database) -> Iterator[None]:
    """Drop patrol_day_totals' per-row assignment triggers for a bulk write of costs and
    minutes; rebuild it once and restore them. (Patrol cover counts people, not money: its
    triggers stay.) Call inside the bulk write's transaction."""
    if not present(db):
        yield
        return
    with _set_aside(db, schema_v3.ASSIGNMENT_TRIGGERS):
        yield
        _rebuild_totals(db)


def fresh_totals(db: Database) -> list[dict[str, Any]]:
    """What the summary should hold, computed from scratch (for checks and tests)."""
    return list(db.query("SELECT s.area_id, s.local_date, a.status, count(*) AS patrols, "
                         "sum(a.cost_pence) AS pence, "
                         f"sum({schema_v3.MINUTES.format(r='a')}) AS minutes "
                         "FROM assignments a JOIN shifts s ON s.id = a.shift_id "
                         "GROUP BY s.area_id, s.local_date, a.status "
                         "ORDER BY s.area_id, s.local_date, a.status"))


def stored_totals(db: Database) -> list[dict[str, Any]]:
    return list(db.query(
        f"SELECT area_id, local_date, status, patrols, pence, minutes FROM {TABLE} "
        "ORDER BY area_id, local_date, status"))


def stored_cover(db: Database) -> list[tuple[Any, ...]]:
    """Each patrol's kept live cover, for patrols with any (for checks and tests)."""
    return db.execute(
        "SELECT id, have_officer, have_pcso, have_ceo, have_overrides FROM shifts "
        "WHERE have_officer OR have_pcso OR have_ceo OR have_overrides ORDER BY id").fetchall()


def fresh_cover(db: Database) -> list[tuple[Any, ...]]:
    """What `stored_cover` should hold, counted from scratch."""
    return db.execute(
        f"SELECT id, officer, pcso, ceo, overrides FROM ({schema_v6.FRESH}) "
        "WHERE officer OR pcso OR ceo OR overrides ORDER BY id").fetchall()


def stored_weeks(db: Database) -> list[tuple[Any, ...]]:
    """Each person's kept minutes per week (for checks and tests)."""
    return db.execute(f"SELECT week, staff_id, patrols, minutes FROM {schema_v7.TABLE} "
                      "ORDER BY week, staff_id").fetchall()


def fresh_weeks(db: Database) -> list[tuple[Any, ...]]:
    """What `stored_weeks` should hold, counted from scratch."""
    return db.execute(f"SELECT week, staff_id, patrols, minutes FROM ({schema_v7.FRESH}) "
                      "ORDER BY week, staff_id").fetchall()


def stored_arrests(db: Database) -> list[tuple[Any, ...]]:
    return db.execute(f"SELECT area_id, arrests FROM {schema_v8.TABLE} ORDER BY area_id").fetchall()


def fresh_arrests(db: Database) -> list[tuple[Any, ...]]:
    return db.execute(f"SELECT area_id, arrests FROM ({schema_v8.FRESH}) ORDER BY area_id").fetchall()


def stored_money(db: Database, table: str) -> list[tuple[Any, ...]]:
    """A schema v9 total as kept (`schema_v9.AREAS` or `schema_v9.DAYS`)."""
    return db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()


def fresh_money(db: Database, table: str) -> list[tuple[Any, ...]]:
    """What `stored_money(table)` should hold, summed from the assignments."""
    return db.execute(f"SELECT * FROM ({schema_v9.fresh(table)}) ORDER BY 1, 2").fetchall()


def stored_report_totals(db: Database) -> list[list[tuple[Any, ...]]]:
    """The operation report's kept totals: patrols worked, then outcomes, per area and day
    (for checks and tests)."""
    return [db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in (schema_report_totals.WORKED, schema_report_totals.OUTCOMES)]


def stored_outcome_totals(db: Database) -> list[tuple[Any, ...]]:
    """Each area's kept outcomes over the whole operation (for checks and tests)."""
    return db.execute(f"SELECT * FROM {schema_outcome_totals.TABLE} ORDER BY 1").fetchall()


def fresh_outcome_totals(db: Database) -> list[tuple[Any, ...]]:
    """What `stored_outcome_totals` should hold, summed from the outcomes."""
    return db.execute(f"SELECT * FROM ({schema_outcome_totals.FRESH}) ORDER BY 1").fetchall()


def stored_worked_totals(db: Database) -> list[tuple[Any, ...]]:
    """Each area's kept count of worked patrols over the whole operation (checks, tests)."""
    return db.execute(f"SELECT * FROM {schema_worked_totals.TABLE} ORDER BY 1").fetchall()


def fresh_worked_totals(db: Database) -> list[tuple[Any, ...]]:
    """What `stored_worked_totals` should hold, counted from the assignments."""
    return db.execute(f"SELECT * FROM ({schema_worked_totals.FRESH}) ORDER BY 1").fetchall()


def fresh_report_totals(db: Database) -> list[list[tuple[Any, ...]]]:
    """What `stored_report_totals` should hold, counted from scratch."""
    return [db.execute(f"SELECT * FROM ({fresh}) ORDER BY 1, 2").fetchall()
            for fresh in (schema_report_totals.FRESH_WORKED, schema_report_totals.FRESH_OUTCOMES)]
