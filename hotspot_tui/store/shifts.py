"""Patrols (shifts) and who is on them."""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

from hotspot_tui.domain.refs import unique_ref
from hotspot_tui.store.rows import insert, one, update

SHIFT_COLUMNS = (
    "s.id, s.ref, s.area_id, a.name AS area_name, a.district, s.start_utc, s.end_utc, s.local_date, "
    "s.need_officer, s.need_pcso, s.need_ceo, s.status, s.pattern_id, s.notes, s.cancel_reason, "
    "s.break_minutes"
)


def get_shift(db: Database, shift_id: str) -> dict[str, Any] | None:
    return one(
        db,
        f"SELECT {SHIFT_COLUMNS} FROM shifts s JOIN areas a ON a.id = s.area_id WHERE s.id = :id",
        {"id": shift_id},
    )


def ref_taken(db: Database, ref: str) -> bool:
    return one(db, "SELECT 1 AS x FROM shifts WHERE ref = :ref", {"ref": ref}) is not None


def insert_shift(db: Database, row: dict[str, Any]) -> str:
    """Insert the patrol with its reference (made from its id unless given); returns it."""
    ref = row.get("ref") or unique_ref(row["id"], lambda candidate: ref_taken(db, candidate))
    insert(db, "shifts", {**row, "ref": ref})
    return ref


def shift_id_by_ref(db: Database, ref: str) -> str | None:
    row = one(db, "SELECT id FROM shifts WHERE ref = :ref", {"ref": ref})
    return row["id"] if row else None


def update_shift(db: Database, shift_id: str, changes: dict[str, Any]) -> int:
    return update(db, "shifts", "id", shift_id, changes)


def shift_people(db: Database, shift_id: str) -> list[dict[str, Any]]:
    """Everyone ever put on the patrol, active first, with what a screen shows of them."""
    return list(db.query(
        """
        SELECT x.id, x.staff_id, x.status, x.start_utc, x.end_utc, x.actual_start_utc,
               x.actual_end_utc, x.told_on, x.rest_day, x.casual, x.reason, x.override_reason,
               x.worked_minutes, x.cost_pence, p.name, p.kind, p.rank, p.collar_number,
               p.payroll_number
        FROM assignments x JOIN staff p ON p.id = x.staff_id
        WHERE x.shift_id = :id
        ORDER BY x.status NOT IN ('planned', 'worked'), p.kind, p.name
        """,
        {"id": shift_id},
    ))


def cover_counts(db: Database, shift_id: str) -> dict[str, int]:
    return {
        row["kind"]: row["n"]
        for row in db.query(
            """
            SELECT p.kind, count(*) AS n FROM assignments x JOIN staff p ON p.id = x.staff_id
            WHERE x.shift_id = :id AND x.status IN ('planned', 'worked') GROUP BY p.kind
            """,
            {"id": shift_id},
        )
    }


def find_area(db: Database, text: str) -> list[dict[str, Any]]:
    """Active areas whose name is `text` (any case), else those starting with it."""
    exact = list(db.query(
        "SELECT id, name, district FROM areas WHERE active = 1 AND name = :t COLLATE NOCASE",
        {"t": text.strip()},
    ))
    if exact:
        return exact
    return list(db.query(
        "SELECT id, name, district FROM areas WHERE active = 1 AND name LIKE :t ORDER BY name",
        {"t": text.strip().replace("%", "").replace("_", "") + "%"},
    ))


def get_area(db: Database, area_id: str) -> dict[str, Any] | None:
    return one(db, "SELECT id, name, district, active FROM areas WHERE id = :id", {"id": area_id})


def insert_pattern(db: Database, row: dict[str, Any]) -> None:
    insert(db, "patterns", row)


def area_shifts_overlapping(
    db: Database, area_id: str, start_utc: str, end_utc: str, exclude_id: str | None = None
) -> list[dict[str, Any]]:
    """Planned patrols in the area overlapping [start, end) (uses (area_id, start_utc))."""
    return list(db.query(
        """
        SELECT id, start_utc, end_utc FROM shifts
        WHERE area_id = :area AND status = 'planned'
          AND start_utc > strftime('%Y-%m-%dT%H:%M:%SZ', :start, '-1 day')
          AND start_utc < :end AND end_utc > :start AND id IS NOT :exclude
        """,
        {"area": area_id, "start": start_utc, "end": end_utc, "exclude": exclude_id},
    ))


def live_assignments(db: Database, shift_id: str) -> list[dict[str, Any]]:
    return list(db.query(
        "SELECT id, staff_id, status FROM assignments WHERE shift_id = :id AND status = 'planned'",
        {"id": shift_id},
    ))


def patrols_between(db: Database, first_day: str, last_day: str,
                    area_id: str | None = None) -> list[dict[str, Any]]:
    """Patrols whose local date is in [first_day, last_day] (idx_shifts_local_date), with
    their live cover (schema v6) and the cost of their live assignments."""
    return list(db.query(
        f"""
        SELECT {SHIFT_COLUMNS}, s.have_officer, s.have_pcso, s.have_ceo,
               (SELECT coalesce(sum(x.cost_pence), 0) FROM assignments x
                WHERE x.shift_id = s.id AND x.status IN ('planned', 'worked')) AS cost_pence
        FROM shifts s JOIN areas a ON a.id = s.area_id
        WHERE s.local_date BETWEEN :first AND :last AND (:area IS NULL OR s.area_id = :area)
        ORDER BY s.start_utc, s.id
        """,
        {"first": first_day, "last": last_day, "area": area_id},
    ))
