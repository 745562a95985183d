"""Schema: police data (data.police.uk street-level records) and where each area lies.

- `police_force_months`: one row for each force's month imported (`force` is the file's
  "Reported by"; `month` is YYYY-MM), with the file it came from, its rows and how many
  had no coordinates (`unlocated`). `sample` marks generated demonstration data. Importing
  the same force-month again replaces it.
- `police_records`: the rows of those files. Anti-social behaviour rows have no crime id
  and repeat legitimately; rows without coordinates have neither longitude nor latitude.
- `police_month_types`: each force-month's rows by crime type (all of them, and those
  without coordinates), written with the records: the force's own monthly figures without
  reading the records.
- `area_geographies`: where an area lies: a set of LSOA codes (`lsoa_codes`, a JSON list),
  a centre and radius, or a GeoJSON polygon; with the bounding box of a circle or polygon
  (`min_lat` ... `max_lon`) to pick out candidate records cheaply.
- `area_crime_counts`: derived. Records inside each area by month and crime type (and,
  from schema 0025, the force that recorded them), worked out again for the months a
  police-data import changes and for an area whose geography changes; never edited
  otherwise.
"""

from __future__ import annotations

STATEMENTS = (
    """
    CREATE TABLE police_force_months (
        id INTEGER PRIMARY KEY,
        force TEXT NOT NULL CHECK (length(trim(force)) > 0),
        month TEXT NOT NULL CHECK (month GLOB '[0-9][0-9][0-9][0-9]-[01][0-9]'),
        source_file TEXT NOT NULL,
        rows INTEGER NOT NULL CHECK (rows >= 0),
        unlocated INTEGER NOT NULL CHECK (unlocated >= 0 AND unlocated <= rows),
        sample INTEGER NOT NULL DEFAULT 0 CHECK (sample IN (0, 1)),
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        UNIQUE (force, month)
    )
    """,
    "CREATE INDEX idx_police_force_months_month ON police_force_months (month, force)",
    """
    CREATE TABLE police_records (
        id INTEGER PRIMARY KEY,
        force_month_id INTEGER NOT NULL REFERENCES police_force_months(id),
        month TEXT NOT NULL,
        crime_type TEXT NOT NULL,
        crime_id TEXT,
        longitude REAL,
        latitude REAL,
        location TEXT NOT NULL,
        lsoa_code TEXT,
        lsoa_name TEXT,
        last_outcome TEXT,
        context TEXT,
        CHECK ((longitude IS NULL) = (latitude IS NULL))
    )
    """,
    # The one index: counts by month and type, places (grid cells, LSOAs) over chosen months,
    # the records inside an area's LSOAs or bounding box month by month, and a force-month's
    # records to replace, all read from it alone. Each further index would halve the
    # import's speed (a county's month is 10,000-15,000 rows).
    "CREATE INDEX idx_police_records_month ON police_records "
    "(month, crime_type, longitude, latitude, lsoa_code, force_month_id)",
    """
    CREATE TABLE police_month_types (
        force_month_id INTEGER NOT NULL REFERENCES police_force_months(id),
        crime_type TEXT NOT NULL,
        records INTEGER NOT NULL CHECK (records > 0),
        unlocated INTEGER NOT NULL CHECK (unlocated >= 0 AND unlocated <= records),
        PRIMARY KEY (force_month_id, crime_type)
    ) WITHOUT ROWID
    """,
    """
    CREATE TABLE area_geographies (
        area_id TEXT PRIMARY KEY REFERENCES areas(id),
        kind TEXT NOT NULL CHECK (kind IN ('lsoa', 'circle', 'polygon')),
        lsoa_codes TEXT CHECK (lsoa_codes IS NULL OR json_valid(lsoa_codes)),
        centre_lat REAL,
        centre_lon REAL,
        radius_m INTEGER CHECK (radius_m IS NULL OR radius_m > 0),
        polygon TEXT CHECK (polygon IS NULL OR json_valid(polygon)),
        min_lat REAL,
        min_lon REAL,
        max_lat REAL,
        max_lon REAL,
        updated_at TEXT NOT NULL,
        updated_by TEXT NOT NULL,
        CHECK ((kind = 'lsoa') = (lsoa_codes IS NOT NULL)),
        CHECK ((kind = 'circle') = (radius_m IS NOT NULL AND centre_lat IS NOT NULL
                                    AND centre_lon IS NOT NULL)),
        CHECK ((kind = 'polygon') = (polygon IS NOT NULL)),
        CHECK ((kind = 'lsoa') = (min_lat IS NULL))
    )
    """,
    """
    CREATE TABLE area_crime_counts (
        area_id TEXT NOT NULL REFERENCES areas(id),
        month TEXT NOT NULL,
        crime_type TEXT NOT NULL,
        records INTEGER NOT NULL CHECK (records > 0),
        PRIMARY KEY (area_id, month, crime_type)
    ) WITHOUT ROWID
    """,
    "CREATE INDEX idx_area_crime_counts_month ON area_crime_counts (month, crime_type, area_id, records)",
)
