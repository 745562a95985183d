"""Schema 0032: an area's forces found by one seek each, not by reading all its counts.

Which forces' records lie inside an area decides which of its months are loaded
(`domain.coverage`). `area_crime_counts` is keyed by area, month, crime type and force, so
finding an area's forces read every count it has: its months times the crime types,
more with every month imported (on the national sample 24 ms of each operation report and
monthly return). With this index, by area and force, `store.police_data.area_forces` hops
from one force to the next: a seek for each force of each area, however many months.
"""

from __future__ import annotations

MIGRATION_NAME = "0032_area_force_index"
INDEX = "idx_area_crime_counts_force"

STATEMENTS = [f"CREATE INDEX {INDEX} ON area_crime_counts (area_id, force)"]
