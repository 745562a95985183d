"""Schema 0033: the weeks' extra minutes of everyone, read as one run of an index.

The candidate picker orders everyone of a kind by their extra minutes over four weeks
(`store.candidates.people_of_kind`). `staff_week_minutes` is keyed by person and week, so
each person's four weeks were a seek of their own: some 4 µs a person on the county
sample, 6 on the national, whose larger table is a level deeper. With this index, by week
(holding the person and the minutes), the four weeks are one run of the index, summed
per person in one pass.
"""

from __future__ import annotations

from hotspot_tui.store import schema_v7

MIGRATION_NAME = "0033_week_index"
INDEX = "idx_staff_week_minutes_week"

STATEMENTS = [f"CREATE INDEX {INDEX} ON {schema_v7.TABLE} (week, staff_id, minutes)"]
