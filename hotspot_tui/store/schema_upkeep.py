"""Schema 0023: work an upgrade leaves owing, done on the next opening of the file.

- `upkeep_due`: one row per job of derived figures that a migration cannot work out itself,
  because they come from the domain's rules, which the store does not run. The service that
  does the job deletes its row in the same transaction as the job's writes: until then the
  job is still owed, whatever interrupted it.

The working-time checks are owed by any file that holds live patrol assignments: its
`working_time_breaches` were kept only from the first change to each person's duties after
the table was made (schema 14), so breaches that already existed when it was upgraded were
never recorded. A copy checked out from a hub owes none of its own: the hub's checks
reach it at its next sync (found on both, each breach would meet the other's as a conflict).
"""

from __future__ import annotations

WORKING_TIME_CHECKS = "working_time_checks"

STATEMENTS = (
    """
    CREATE TABLE upkeep_due (
        job TEXT PRIMARY KEY,
        due_since TEXT NOT NULL
    ) WITHOUT ROWID
    """,
    f"""
    INSERT INTO upkeep_due (job, due_since)
    SELECT '{WORKING_TIME_CHECKS}', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')
    WHERE EXISTS (SELECT 1 FROM assignments WHERE status IN ('planned', 'worked'))
      AND NOT EXISTS (SELECT 1 FROM sync_identity WHERE hub_id IS NOT NULL)
    """,
)
