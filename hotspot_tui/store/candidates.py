"""What ranking candidates for a patrol needs, and nothing more.

The people of one kind with their extra-duty minutes of four weeks, in one query whatever
their number, and who is on the patrol already. What the working-time checks need of them
comes from `store.worktime`.
"""

from __future__ import annotations

from collections.abc import Set as AbstractSet
from typing import Any

from sqlite_utils import Database

from hotspot_tui.store import schema_v7, schema_week_index

ACTIVE = "('planned', 'worked')"


PEOPLE_COLUMNS = (
    "id", "name", "home_area_id", "recent_minutes",
    "kind", "rank", "annual_salary_pence", "hourly_rate_pence", "contracted_weekly_minutes",
    "weekday_rate_pence", "weekend_rate_pence", "holiday_rate_pence",
    "collar_number", "payroll_number", "pay_basis", "employer_id",
)
"""The columns of `people_of_kind`'s rows, in order."""

ID, NAME, HOME_AREA, RECENT_MINUTES = range(4)
PAY = slice(4, 12)
"""The columns that decide a person's hourly cost."""

WEEKS = schema_v7.TABLE


def people_of_kind(db: Database, kind: str, first_week: str, last_week: str, *,
                   fewest: int | None = None, besides: AbstractSet[str] = frozenset()
                   ) -> list[tuple[Any, ...]]:
    """Active people of `kind` (rows of PEOPLE_COLUMNS), with `recent_minutes` their
    extra-duty minutes (worked, else planned) on patrols in the weeks from the Monday
    `first_week` to the Monday `last_week`, both included.

    With `fewest`, only the people with the fewest minutes: the first `fewest` of them not
    in `besides`, with everyone tied on minutes with the last of those (whoever else the
    caller's finer order could put first). SQLite orders the county's two thousand officers;
    only that head becomes Python rows. Employers' recharge rates only matter (and are only
    joined) for council officers, the others get None. The window's weekly minutes (schema
    v7) are read as one run of their index by week (schema 0033) and summed per person,
    then joined to idx_staff_kind_name's people: no grouping of the window's duties."""
    if kind == "ceo":
        rates, employers = ("e.weekday_rate_pence, e.weekend_rate_pence, e.holiday_rate_pence",
                            "JOIN employers e ON e.id = p.employer_id")
    else:
        rates, employers = "NULL, NULL, NULL", ""
    cursor = db.conn.execute(
        f"""
        WITH recent AS MATERIALIZED (
            SELECT w.staff_id, sum(w.minutes) AS minutes
            FROM {WEEKS} w INDEXED BY {schema_week_index.INDEX}
            WHERE w.week BETWEEN :first AND :last
            GROUP BY w.staff_id
        )
        SELECT p.id, p.name, p.home_area_id, coalesce(r.minutes, 0) AS recent_minutes,
               p.kind, p.rank, p.annual_salary_pence, p.hourly_rate_pence,
               p.contracted_weekly_minutes, {rates}, p.collar_number, p.payroll_number,
               p.pay_basis, p.employer_id
        FROM staff p {employers}
        LEFT JOIN recent r ON r.staff_id = p.id
        WHERE p.kind = :kind AND p.active = 1
        {"" if fewest is None else "ORDER BY recent_minutes"}
        """,
        {"kind": kind, "first": first_week, "last": last_week},
    )
    if fewest is None:
        return cursor.fetchall()
    head: list[tuple[Any, ...]] = []
    counted = 0
    for row in cursor:
        if counted >= fewest and (not head or row[RECENT_MINUTES] > head[-1][RECENT_MINUTES]):
            break
        head.append(row)
        counted += row[ID] not in besides
    cursor.close()
    return head


def people_on_shift(db: Database, shift_id: str) -> set[str]:
    return {
        row["staff_id"]
        for row in db.query(
            f"SELECT staff_id FROM assignments WHERE shift_id = :id AND status IN {ACTIVE}",
            {"id": shift_id},
        )
    }
