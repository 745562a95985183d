"""Schema 0025: the records inside each area counted by the force that recorded them.

An area's month is loaded only when every force whose records lie inside it has that
month imported, so `area_crime_counts` keeps the force of each count. A month that one
force alone had imported is that force's; a count of a month several forces had imported
cannot be split here and is kept with an empty force until it is counted again
(`needs_force_recount`; the program does so when it next opens the file for writing).
"""

from __future__ import annotations

STATEMENTS = [
    """
    CREATE TABLE area_crime_counts_by_force (
        area_id TEXT NOT NULL REFERENCES areas(id),
        month TEXT NOT NULL,
        crime_type TEXT NOT NULL,
        force TEXT NOT NULL,
        records INTEGER NOT NULL CHECK (records > 0),
        PRIMARY KEY (area_id, month, crime_type, force)
    ) WITHOUT ROWID
    """,
    """
    INSERT INTO area_crime_counts_by_force (area_id, month, crime_type, force, records)
    SELECT c.area_id, c.month, c.crime_type, coalesce(one.force, ''), c.records
    FROM area_crime_counts c
    LEFT JOIN (SELECT month, min(force) AS force FROM police_force_months GROUP BY month
               HAVING count(*) = 1) one ON one.month = c.month
    """,
    "DROP TABLE area_crime_counts",
    "ALTER TABLE area_crime_counts_by_force RENAME TO area_crime_counts",
    "CREATE INDEX idx_area_crime_counts_month ON area_crime_counts (month, crime_type, area_id, records)",
    "CREATE INDEX idx_area_crime_counts_unsplit ON area_crime_counts (month) WHERE force = ''",
]
