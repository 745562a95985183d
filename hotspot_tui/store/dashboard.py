"""Every figure the dashboard shows, from a few aggregate queries.

All of the dashboard's SQL lives here so that a faster source (summary tables kept up to
date by triggers, say) can replace these functions in one place.
"""

from __future__ import annotations

from typing import Any

from hotspot_tui.domain.asb_powers import ASB_POWERS
from hotspot_tui.store import schema_outcome_totals
from hotspot_tui.store.rows import dicts
from hotspot_tui.store.schema_history import SqlReader


def budget_row(db: SqlReader) -> dict[str, Any] | None:
    rows = dicts(db, "SELECT name, grant_pence, starts_on, ends_on FROM budget WHERE id = 1")
    return rows[0] if rows else None


def areas_with_allocations(db: SqlReader) -> list[dict[str, Any]]:
    """Active areas, and retired ones that still hold an allocation."""
    return dicts(
        db,
        """
        SELECT ar.id, ar.name, ar.district, al.allocation_pence
        FROM areas ar LEFT JOIN area_allocations al ON al.area_id = ar.id
        WHERE ar.active = 1 OR al.area_id IS NOT NULL
        ORDER BY ar.name
        """,
    )


def patrol_money_by_area(db: SqlReader) -> list[dict[str, Any]]:
    """Planned and worked assignments summed per (area, status), from the area_status_totals
    summary (schema v9, kept equal to a GROUP BY over assignments by triggers).

    `minutes` are worked minutes for worked rows and rostered minutes for planned ones.
    """
    return dicts(
        db,
        """
        SELECT area_id, status, patrols, pence, minutes
        FROM area_status_totals WHERE status IN ('planned', 'worked')
        """,
    )


def patrol_money_between(db: SqlReader, first_day: str, last_day: str) -> list[dict[str, Any]]:
    """The same sums per status for patrols on local days first_day..last_day (from the
    day_status_totals summary, schema v9)."""
    return dicts(
        db,
        """
        SELECT status, sum(patrols) AS patrols, sum(pence) AS pence, sum(minutes) AS minutes
        FROM day_status_totals
        WHERE status IN ('planned', 'worked') AND local_date BETWEEN :first AND :last
        GROUP BY status
        """,
        {"first": first_day, "last": last_day},
    )


def worked_pence_by_day(db: SqlReader) -> list[tuple[str, int]]:
    """(local day, worked patrol pence) for every day with worked patrols."""
    return [tuple(r) for r in db.execute(
        "SELECT local_date, pence FROM day_status_totals WHERE status = 'worked' "
        "ORDER BY local_date"
    )]


def arrests_by_area(db: SqlReader) -> dict[str, int]:
    """Each area's arrests over all its patrols, from the area_arrests summary (schema v8)."""
    return dict(db.execute("SELECT area_id, arrests FROM area_arrests").fetchall())


def outcome_totals(db: SqlReader) -> dict[str, int]:
    """The operation's outcomes so far: arrests, stop-searches, weapons and ASB powers, from
    each area's kept totals (schema 0030): a row per area, however long the operation."""
    row = db.execute(
        "SELECT coalesce(sum(arrests), 0), coalesce(sum(stop_searches), 0), "
        f"coalesce(sum(weapons), 0), coalesce(sum({' + '.join(ASB_POWERS)}), 0) "
        f"FROM {schema_outcome_totals.TABLE}").fetchone()
    return dict(zip(("arrests", "stop_searches", "weapons", "asb_powers"), row, strict=True))


def spend_lines_by_day(db: SqlReader) -> list[dict[str, Any]]:
    return dicts(
        db,
        """
        SELECT area_id, spent_on, sum(amount_pence) AS pence
        FROM spend_lines GROUP BY area_id, spent_on
        """,
    )


def cover_gaps(db: SqlReader, first_day: str, last_day: str, limit: int = 50) -> list[dict[str, Any]]:
    """Planned patrols on local days first_day..last_day with fewer people than they need
    (each patrol's live cover is kept on it: schema v6), in start order.

    Read in start order from the index of start times, between the first patrol of the
    days and the last, so the reading stops at the `limit`-th patrol short of people
    instead of sorting every patrol of the days."""
    return dicts(
        db,
        """
        SELECT s.id, s.local_date, s.start_utc, ar.name AS area,
               s.need_officer, s.need_pcso, s.need_ceo,
               s.have_officer, s.have_pcso, s.have_ceo
        FROM shifts s
        CROSS JOIN areas ar ON ar.id = s.area_id
        WHERE s.start_utc BETWEEN (
                SELECT min(start_utc) FROM shifts WHERE local_date = (
                    SELECT min(local_date) FROM shifts WHERE local_date >= :first))
            AND (
                SELECT max(start_utc) FROM shifts WHERE local_date = (
                    SELECT max(local_date) FROM shifts WHERE local_date <= :last))
          AND +s.local_date BETWEEN :first AND :last AND s.status = 'planned'
          AND (s.have_officer < s.need_officer OR s.have_pcso < s.need_pcso
               OR s.have_ceo < s.need_ceo)
        ORDER BY s.start_utc
        LIMIT :limit
        """,
        {"first": first_day, "last": last_day, "limit": limit},
    )


def overrides_between(db: SqlReader, start_utc: str, end_utc: str, limit: int = 50) -> list[dict[str, Any]]:
    """Assignments starting in [start_utc, end_utc) that were made over a working-time rule."""
    return dicts(
        db,
        """
        SELECT a.id, a.start_utc, a.override_reason, st.name AS person, ar.name AS area
        FROM assignments a
        JOIN staff st ON st.id = a.staff_id
        JOIN shifts s ON s.id = a.shift_id
        JOIN areas ar ON ar.id = s.area_id
        WHERE a.start_utc >= :start AND a.start_utc < :end
          AND a.override_reason IS NOT NULL AND a.status IN ('planned', 'worked')
        ORDER BY a.start_utc
        LIMIT :limit
        """,
        {"start": start_utc, "end": end_utc, "limit": limit},
    )


def planned_days_until(db: SqlReader, last_day: str) -> list[tuple[str, int]]:
    """(local day, people still planned) for every patrol day up to `last_day` with anyone
    still planned on it, oldest first (from the day_status_totals summary, schema v9)."""
    return [tuple(r) for r in db.execute(
        "SELECT local_date, patrols FROM day_status_totals "
        "WHERE status = 'planned' AND local_date <= ? ORDER BY local_date",
        [last_day],
    )]


def unbooked_people(db: SqlReader, days: list[str], now_utc: str) -> int:
    """People still planned (not booked as worked or no-show) on patrols of the given
    local days that have ended by `now_utc`. A patrol not yet begun is passed over without
    its people being read (a person's planned times are their patrol's): today's are most
    of a morning's patrols."""
    if not days:
        return 0
    marks = ", ".join("?" for _ in days)
    row = db.execute(
        f"""
        SELECT count(*) FROM shifts s
        JOIN assignments x ON x.shift_id = s.id AND x.status = 'planned'
        WHERE s.local_date IN ({marks}) AND s.status = 'planned' AND s.start_utc <= ?
          AND x.end_utc <= ?
        """,
        [*days, now_utc, now_utc],
    ).fetchone()
    return int(row[0])


def oldest_unbooked(db: SqlReader, days: list[str], now_utc: str, limit: int
                    ) -> list[dict[str, Any]]:
    """The `limit` earliest patrols of the given local days (oldest first) that have ended
    by `now_utc` with people still planned on them, with how many.

    Each day's patrols are read in start order from the index of start times, each one's
    planned people counted from its own index, so the reading stops at the last patrol
    shown however many are waiting; a day is read only if the days before it had too few."""
    found: list[dict[str, Any]] = []
    for day in days:
        if len(found) >= limit:
            break
        found += dicts(
            db,
            """
            SELECT s.id, s.start_utc, ar.name AS area,
                   (SELECT count(*) FROM assignments x
                    WHERE x.shift_id = s.id AND x.status = 'planned' AND x.end_utc <= :now
                   ) AS people
            FROM shifts s
            CROSS JOIN areas ar ON ar.id = s.area_id
            WHERE s.start_utc BETWEEN (SELECT min(start_utc) FROM shifts WHERE local_date = :day)
                                  AND (SELECT max(start_utc) FROM shifts WHERE local_date = :day)
              AND s.start_utc <= :now AND +s.local_date = :day AND s.status = 'planned'
              AND people > 0
            ORDER BY s.start_utc
            LIMIT :limit
            """,
            {"day": day, "now": now_utc, "limit": limit - len(found)},
        )
    return found


def breaches_from(db: SqlReader, from_utc: str, limit: int = 50) -> list[dict[str, Any]]:
    """Working-time breaches of live assignments on patrols starting from `from_utc`: those
    not overridden, then those overridden by a change other than the assignment itself (an
    assignment made over a rule is listed by `overrides_between`); `limit` in all.

    Each kind is read in start order from its own partial index (schema 0028), the
    breaches first and each joined row looked up by its key (CROSS JOIN fixes that order),
    so either list stops at its last row however many breaches the file holds."""
    if "working_time_breaches" not in {r[0] for r in db.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table'")}:
        return []
    found: list[dict[str, Any]] = []
    for kind in ("b.override_reason IS NULL",
                 "b.override_reason IS NOT NULL AND a.override_reason IS NULL"):
        if len(found) >= limit:
            break
        found += dicts(
            db,
            f"""
            SELECT b.assignment_id, b.rule, b.start_utc, b.message, b.override_reason,
                   st.name AS person, ar.name AS area
            FROM working_time_breaches b
            CROSS JOIN assignments a ON a.id = b.assignment_id
            CROSS JOIN staff st ON st.id = b.staff_id
            CROSS JOIN shifts s ON s.id = a.shift_id
            CROSS JOIN areas ar ON ar.id = s.area_id
            WHERE b.start_utc >= :start AND a.status IN ('planned', 'worked') AND {kind}
            ORDER BY b.start_utc
            LIMIT :limit
            """,
            {"start": from_utc, "limit": limit - len(found)},
        )
    return found
