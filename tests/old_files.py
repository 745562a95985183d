"""Files written by earlier versions, for the upgrade tests: a released fixture copied and
given, in that version's own tables, what a test needs."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SUNDAY_ENDS = "2026-11-29T20:00:00Z"
MONDAY_EARLY = "2026-11-30T03:00:00Z"  # 7 hours after Sunday's 12:00-20:00 patrol ends


def short_rest_before_breaches(target: Path) -> tuple[Path, str]:
    """The schema-9 fixture (from before working-time breaches were kept) with one more
    patrol put in as that version kept it: an officer on Sunday's 12:00-20:00 patrol is
    also on one at 03:00 on Monday, 7 hours later. Returns (file, the officer's name)."""
    shutil.copyfile(FIXTURES / "schema_v9.db", target)
    target.chmod(0o600)
    conn = sqlite3.connect(target)
    try:
        with conn:
            staff_id, name, area_id = conn.execute(
                "SELECT x.staff_id, p.name, s.area_id FROM assignments x "
                "JOIN staff p ON p.id = x.staff_id JOIN shifts s ON s.id = x.shift_id "
                "WHERE x.status = 'planned' AND x.start_utc = '2026-11-29T12:00:00Z' "
                "AND x.end_utc = ? AND p.kind = 'officer' "
                "AND NOT EXISTS (SELECT 1 FROM assignments y WHERE y.staff_id = x.staff_id "
                "  AND y.start_utc > x.start_utc AND y.status IN ('planned', 'worked')) "
                "ORDER BY x.staff_id LIMIT 1", [SUNDAY_ENDS]).fetchone()
            made = "2026-11-20T10:00:00Z"
            conn.execute(
                "INSERT INTO shifts (id, area_id, start_utc, end_utc, local_date, need_officer, "
                "created_at, created_by, updated_at) VALUES ('early-shift', ?, ?, "
                "'2026-11-30T07:00:00Z', '2026-11-30', 1, ?, 'PS Old', ?)",
                [area_id, MONDAY_EARLY, made, made])
            conn.execute(
                "INSERT INTO assignments (id, shift_id, staff_id, start_utc, end_utc, created_at, "
                "created_by, updated_at) VALUES ('early-duty', 'early-shift', ?, ?, "
                "'2026-11-30T07:00:00Z', ?, 'PS Old', ?)",
                [staff_id, MONDAY_EARLY, made, made])
    finally:
        conn.close()
    return target, name
