"""Queries sync needs once changes are in: what they touched, and what they now imply (a
patrol's live cover, overlapping assignments, bookings on cancelled patrols, locked pay
periods)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from hotspot_tui.store.pay_facts import people_ever_employed_by
from hotspot_tui.store.rows import dicts
from hotspot_tui.store.schema_history import SqlReader

if TYPE_CHECKING:
    from sqlite_utils import Database

_CHUNK = 500


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i:i + _CHUNK]


def _marks(values: Sequence[Any]) -> str:
    return ", ".join("?" for _ in values)


def recount_cover(db: Database, shift_ids: Iterable[str]) -> None:
    """Each patrol's live cover counted afresh (the columns the triggers keep)."""
    ids = sorted(set(shift_ids))
    live = "a.shift_id = shifts.id AND a.status IN ('planned', 'worked')"
    kind = "(SELECT count(*) FROM assignments a JOIN staff st ON st.id = a.staff_id " \
           f"WHERE {live} AND st.kind = '{{kind}}')"
    for chunk in _chunks(ids):
        db.execute(
            f"UPDATE shifts SET have_officer = {kind.format(kind='officer')}, "
            f"have_pcso = {kind.format(kind='pcso')}, have_ceo = {kind.format(kind='ceo')}, "
            f"have_overrides = (SELECT count(*) FROM assignments a WHERE {live} "
            f"AND a.override_reason IS NOT NULL) WHERE id IN ({_marks(chunk)})",
            list(chunk),
        )


def assignment_spans(db: Database, ids: Iterable[str]) -> list[dict[str, Any]]:
    """Who each assignment is for and the widest span of its planned and worked times."""
    out: list[dict[str, Any]] = []
    for chunk in _chunks(sorted(set(ids))):
        out += list(db.query(
            "SELECT id, staff_id, shift_id, "
            "min(start_utc, coalesce(actual_start_utc, start_utc)) AS first_utc, "
            "max(end_utc, coalesce(actual_end_utc, end_utc)) AS last_utc "
            f"FROM assignments WHERE id IN ({_marks(chunk)})", list(chunk)))
    return out


def assignments_of_shifts(db: Database, shift_ids: Iterable[str]) -> list[str]:
    out: list[str] = []
    for chunk in _chunks(sorted(set(shift_ids))):
        out += [r[0] for r in db.execute(
            f"SELECT id FROM assignments WHERE shift_id IN ({_marks(chunk)})", list(chunk))]
    return out


def staff_of_employer(db: Database, employer_id: str) -> list[str]:
    """Everyone an employer's rates may pay: its staff now, and those it employed in
    their dated pay facts (a council's rates still price a former officer's work for it)."""
    return people_ever_employed_by(db, employer_id)


def staff_with_duties_from(db: Database, from_utc: str) -> list[str]:
    return [r[0] for r in db.execute(
        "SELECT DISTINCT staff_id FROM assignments WHERE start_utc >= ? ORDER BY staff_id", [from_utc])]


def overlaps(db: Database, assignment_ids: Iterable[str]) -> list[dict[str, Any]]:
    """Pairs of live assignments of one person whose times overlap, one of them given."""
    out: list[dict[str, Any]] = []
    for chunk in _chunks(sorted(set(assignment_ids))):
        out += list(db.query(
            f"""
            SELECT a.id AS a_id, b.id AS b_id, a.staff_id, st.name AS person,
                   a.shift_id AS a_shift, b.shift_id AS b_shift
            FROM assignments a
            JOIN assignments b ON b.staff_id = a.staff_id AND b.id <> a.id
                 AND b.status IN ('planned', 'worked')
                 AND b.start_utc > strftime('%Y-%m-%dT%H:%M:%SZ', a.start_utc, '-1 day')
                 AND b.start_utc < a.end_utc AND b.end_utc > a.start_utc
            JOIN staff st ON st.id = a.staff_id
            WHERE a.id IN ({_marks(chunk)}) AND a.status IN ('planned', 'worked')
            """, list(chunk)))
    return out


def booked_on_cancelled(db: Database, shift_ids: Iterable[str]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for chunk in _chunks(sorted(set(shift_ids))):
        out += list(db.query(
            f"""
            SELECT a.id, a.shift_id, a.staff_id FROM assignments a JOIN shifts s ON s.id = a.shift_id
            WHERE s.id IN ({_marks(chunk)}) AND s.status = 'cancelled' AND a.status = 'worked'
            """, list(chunk)))
    return out


def shift_dates(db: Database, shift_ids: Iterable[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for chunk in _chunks(sorted(set(shift_ids))):
        out.update((r[0], r[1]) for r in db.execute(
            f"SELECT id, local_date FROM shifts WHERE id IN ({_marks(chunk)})", list(chunk)))
    return out


def locked(db: Database) -> list[dict[str, Any]]:
    """Locked pay periods (ends_on is the day after the last)."""
    return list(db.query(
        "SELECT id, starts_on, ends_on, locked_at FROM pay_periods "
        "WHERE status = 'locked' ORDER BY starts_on"))


def locked_periods(db: Database) -> list[str]:
    return [p["id"] for p in locked(db)]


def row(db: Database, table: str, key: dict[str, Any]) -> dict[str, Any] | None:
    where = " AND ".join(f"[{k}] IS :{k}" for k in key)
    for found in db.query(f"SELECT * FROM [{table}] WHERE {where}", key):
        return found
    return None


def forget_assignments(db: Database, assignment_ids: Sequence[str]) -> None:
    """Before assignments the hub refused are taken out of a copy: what hangs on them here
    (their pay, time off owed, working-time breaches) goes first."""
    for chunk in _chunks(sorted(set(assignment_ids))):
        for table in ("pay_lines", "time_off_owed", "working_time_breaches"):
            db.execute(f"DELETE FROM {table} WHERE assignment_id IN ({_marks(chunk)})", list(chunk))


def set_applying(db: Database, on: bool) -> None:
    db.execute("UPDATE sync_state SET applying = ?", [1 if on else 0])


def open_conflicts_brief(db: SqlReader, limit: int) -> tuple[int, list[dict[str, Any]]]:
    """(open conflicts, the oldest `limit` of them) with plain SQL; (0, []) before schema 18."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sync_conflicts'").fetchone():
        return 0, []
    count = db.execute("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL").fetchone()[0]
    if not count:
        return 0, []
    return int(count), dicts(db, "SELECT id, kind, message FROM sync_conflicts "
                                 "WHERE resolved_at IS NULL ORDER BY found_at, id LIMIT :limit",
                             {"limit": limit})


def hub_of_checkout(db: SqlReader) -> str | None:
    """Where this file was checked out from (the hub's path as recorded, or "its hub"),
    or None for a hub or a file that never synced."""
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sync_identity'").fetchone():
        return None
    row = db.execute("SELECT hub_id, hub_path FROM sync_identity").fetchone()
    if row is None or row[0] is None:
        return None
    return str(row[1] or "its hub")


def count_open_conflicts(db: Database) -> int:
    if not db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sync_conflicts'").fetchone():
        return 0
    return int(db.execute("SELECT count(*) FROM sync_conflicts WHERE resolved_at IS NULL").fetchone()[0])
