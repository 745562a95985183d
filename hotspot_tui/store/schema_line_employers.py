"""Schema 0027: each pay line names the employer it is charged to.

`pay_lines.employer_id` and `locked_pay_lines.employer_id`: the employer in force for the
line's duty (the person's dated pay facts on the force date of the duty's start), which
decides whether the line is paid through the force's payroll or billed on a council's or
BID's recharge statement. Costing sets it. Before this version every payroll query took
the person's employer of the day, so a council officer who moved from one council to
another had the first council's open work billed to the second, and someone who moved
between a council and the force had their earlier work put in the wrong file.

Existing lines are filled in, both tables alike:

- a worked line of a locked period is charged to the employer it was sent to: the one
  whose locked recharge statement holds the person's rows for that period, or the force
  when the period's payroll file holds them. That is the employer in force, except where
  the old queries sent the work to the wrong employer; a later change to such a duty then
  takes it back from the employer charged and bills the one in force (adjustment lines).
- every other line (and a locked one found in neither) is charged to the employer in
  force for its duty, worked out as costing does: the person's dated facts in force on the
  force date, in the force calendar of today, of the duty's start (its worked start, else
  its planned one); someone without dated facts is charged to their employer's row.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING

from hotspot_tui.domain.calendar import force_date
from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.domain.rules import CalendarRules, PayRules
from hotspot_tui.store.pay_rules import timeline

if TYPE_CHECKING:
    from sqlite_utils import Database

MIGRATION_NAME = "0027_line_employers"

TABLES = ("pay_lines", "locked_pay_lines")

_TEMPORARY = (
    """
    CREATE TEMP TABLE line_employer_sent (
        period_id TEXT NOT NULL,
        staff_id TEXT NOT NULL,
        employer_id TEXT NOT NULL,
        PRIMARY KEY (period_id, staff_id)
    ) WITHOUT ROWID
    """,
    """
    INSERT OR IGNORE INTO line_employer_sent (period_id, staff_id, employer_id)
    SELECT DISTINCT period_id, staff_id, employer_id FROM recharge_statement_rows
    """,
    """
    INSERT OR IGNORE INTO line_employer_sent (period_id, staff_id, employer_id)
    SELECT DISTINCT x.period_id, x.staff_id, e.id
    FROM payroll_export_rows x JOIN employers e ON e.name = x.employer AND e.kind = 'force'
    """,
    """
    CREATE TEMP TABLE line_employer_days (
        assignment_id TEXT PRIMARY KEY,
        force_day TEXT NOT NULL
    ) WITHOUT ROWID
    """,
)

_FILL = """
    UPDATE {table} SET employer_id = coalesce(
        CASE WHEN {table}.basis = 'worked' AND {table}.period_id IN (
                 SELECT id FROM pay_periods WHERE status = 'locked')
             THEN (SELECT s.employer_id FROM line_employer_sent s
                   WHERE s.period_id = {table}.period_id AND s.staff_id = {table}.staff_id) END,
        (SELECT h.employer_id FROM staff_pay_history h
         WHERE h.staff_id = {table}.staff_id AND h.effective_from <= (
             SELECT d.force_day FROM line_employer_days d WHERE d.assignment_id = {table}.assignment_id)
         ORDER BY h.effective_from DESC LIMIT 1),
        (SELECT h.employer_id FROM staff_pay_history h WHERE h.staff_id = {table}.staff_id
         ORDER BY h.effective_from LIMIT 1),
        (SELECT st.employer_id FROM staff st WHERE st.id = {table}.staff_id))
"""
"""The employer sent to (a locked line), else the one in force on the duty's force date,
else (a duty before the person's first dated facts) their earliest dated facts' employer,
else (no dated facts) their employer's row: as `services.pay_facts.PayFacts` decides."""


def _calendar(db: Database) -> PayRules | CalendarRules:
    """The calendar costing reads force dates with: the one in force today."""
    settings = timeline(db)
    try:
        return settings.rules_on(settings.force_today())
    except ValueError:
        return CalendarRules()  # rules that cannot be read cost nothing: the default day


def _force_days(db: Database) -> Iterator[tuple[str, str]]:
    """(assignment id, force date of its start) for the people whose dated facts name more
    than one employer: the only ones whose employer depends on the date."""
    calendar = _calendar(db)
    for assignment_id, start in db.execute(
        """
        SELECT a.id, coalesce(a.actual_start_utc, a.start_utc) FROM assignments a
        WHERE a.staff_id IN (SELECT staff_id FROM staff_pay_history GROUP BY staff_id
                             HAVING count(DISTINCT employer_id) > 1)
        """
    ).fetchall():
        yield assignment_id, force_date(from_utc_text(start), calendar).isoformat()


def migrate(db: Database) -> None:
    for table in TABLES:
        db.execute(f"ALTER TABLE {table} ADD COLUMN employer_id TEXT")
    for statement in _TEMPORARY:
        db.execute(statement)
    db.conn.executemany("INSERT INTO line_employer_days (assignment_id, force_day) VALUES (?, ?)",
                        _force_days(db))
    db.execute(_FILL.format(table="pay_lines"))
    # A locked line never changes: its guards (and its sync triggers, since every copy
    # fills its own lines alike) stand aside while the new column is filled.
    triggers = db.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'locked_pay_lines'"
    ).fetchall()
    for name, _ in triggers:
        db.execute(f"DROP TRIGGER [{name}]")
    db.execute(_FILL.format(table="locked_pay_lines"))
    for _, sql in triggers:
        db.execute(sql)
    for temporary in ("line_employer_sent", "line_employer_days"):
        db.execute(f"DROP TABLE temp.{temporary}")
