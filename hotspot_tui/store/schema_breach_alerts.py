"""Schema 0028: the dashboard's breach alerts read from two partial indexes.

The dashboard lists the working-time breaches from a week ago on that nobody has
overridden, then those overridden by a change other than the assignment itself, fifty at
most. With one index on `start_utc` for all breaches, finding the first fifty of either
kind meant walking every breach from that day on (a file with hundreds of thousands of
breaches took over a second before its first screen). Each kind now has an index of its
own, in start order, so a list stops after its fiftieth row whatever the file holds.
Analysed, when the file keeps planner statistics, so the planner knows them.
"""

from __future__ import annotations

NEW_INDEXES = {
    "idx_breaches_open_start":
        "CREATE INDEX IF NOT EXISTS idx_breaches_open_start ON working_time_breaches (start_utc) "
        "WHERE override_reason IS NULL",
    "idx_breaches_overridden_start":
        "CREATE INDEX IF NOT EXISTS idx_breaches_overridden_start ON working_time_breaches (start_utc) "
        "WHERE override_reason IS NOT NULL",
}

MIGRATION_NAME = "0028_breach_alert_indexes"


def analyse_statements(has_stats: bool) -> list[str]:
    return ["ANALYZE working_time_breaches"] if has_stats else []
