"""Schema v4: covering indexes for the screens' hottest reads (no table or data changes).

- `idx_assignments_shift_cover` (shift_id, status, staff_id, override_reason) replaces
  `idx_assignments_shift` (shift_id, status): the roster week and the cover-gap lists count
  a patrol's live people by kind, and see overrides, from the index alone.
- `idx_assignments_staff_cover` (staff_id, start_utc, status, worked_minutes, end_utc)
  replaces `idx_assignments_staff_start` (staff_id, start_utc): a person's extra-duty
  minutes over any window (the candidate picker's fairness order) from the index alone.
- `idx_staff_id_kind`: a person's kind without visiting the staff row (cover by kind).
- `idx_shifts_id_area`: a patrol's area without visiting the shift row (arrests by area).
- `idx_patrol_day_totals_area` and `idx_patrol_day_totals_status_day`: the dashboard's and
  the roster's sums per area and per day read narrow, already-ordered index entries.

Each new index is analysed so the planner (which has sqlite_stat1 on sample-made files)
knows it is there.
"""

from __future__ import annotations

NEW_INDEXES = {
    "idx_assignments_shift_cover":
        "CREATE INDEX IF NOT EXISTS idx_assignments_shift_cover "
        "ON assignments (shift_id, status, staff_id, override_reason)",
    "idx_assignments_staff_cover":
        "CREATE INDEX IF NOT EXISTS idx_assignments_staff_cover "
        "ON assignments (staff_id, start_utc, status, worked_minutes, end_utc)",
    "idx_staff_id_kind": "CREATE INDEX IF NOT EXISTS idx_staff_id_kind ON staff (id, kind)",
    "idx_shifts_id_area": "CREATE INDEX IF NOT EXISTS idx_shifts_id_area ON shifts (id, area_id)",
    "idx_patrol_day_totals_area":
        "CREATE INDEX IF NOT EXISTS idx_patrol_day_totals_area "
        "ON patrol_day_totals (area_id, status, patrols, pence, minutes)",
    "idx_patrol_day_totals_status_day":
        "CREATE INDEX IF NOT EXISTS idx_patrol_day_totals_status_day "
        "ON patrol_day_totals (status, local_date, pence)",
}

INDEXES = [
    *NEW_INDEXES.values(),
    "DROP INDEX IF EXISTS idx_assignments_shift",
    "DROP INDEX IF EXISTS idx_assignments_staff_start",
]


def analyse_statements(has_stats: bool) -> list[str]:
    """ANALYZE each new index, when the file keeps planner statistics at all."""
    return [f"ANALYZE {name}" for name in NEW_INDEXES] if has_stats else []
