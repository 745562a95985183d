"""Schema v15: bookings approved before payment, and payroll lines a clerk can match.

- `assignments.booked_by` / `booked_at`: who recorded the hours worked, and when (filled for
  bookings made before v13 from their latest `assignment.book` audit entry).
- `assignments.approved_by` / `approved_at`: the supervisor who approved the booking.
  Only a worked booking can be approved; changing its times or status clears the approval
  (a trigger), so what was approved is what is paid.
- `payroll_export_rows` gains the line's duty: assignment and line, duty date, on and off
  instants, patrol reference, area, the force's element code, who booked and approved it,
  and for an adjustment the line(s) of the period it corrects. `payroll_exports.layout`
  says which file layout a locked period was sent in (1: the grouped rows before v13; 2:
  one line per duty and pay element), so every locked period re-exports as it was sent.
"""

from __future__ import annotations

STATEMENTS = (
    "ALTER TABLE assignments ADD COLUMN booked_by TEXT",
    "ALTER TABLE assignments ADD COLUMN booked_at TEXT",
    "ALTER TABLE assignments ADD COLUMN approved_by TEXT",
    "ALTER TABLE assignments ADD COLUMN approved_at TEXT",
    """
    UPDATE assignments SET
        booked_by = (SELECT actor FROM audit_log WHERE entity = 'assignment'
                     AND entity_id = assignments.id AND action = 'assignment.book'
                     ORDER BY seq DESC LIMIT 1),
        booked_at = (SELECT at_utc FROM audit_log WHERE entity = 'assignment'
                     AND entity_id = assignments.id AND action = 'assignment.book'
                     ORDER BY seq DESC LIMIT 1)
    WHERE status = 'worked'
    """,
    """
    CREATE TRIGGER assignments_approve_only_worked
    BEFORE UPDATE OF approved_by ON assignments
    WHEN NEW.approved_by IS NOT NULL AND (NEW.status <> 'worked' OR NEW.approved_at IS NULL
                                          OR length(trim(NEW.approved_by)) = 0)
    BEGIN SELECT RAISE(ABORT, 'only a worked booking can be approved, by someone, at a time'); END
    """,
    """
    CREATE TRIGGER assignments_booking_change_clears_approval
    AFTER UPDATE OF status, actual_start_utc, actual_end_utc ON assignments
    WHEN NEW.approved_by IS NOT NULL
         AND (OLD.status IS NOT NEW.status OR OLD.actual_start_utc IS NOT NEW.actual_start_utc
              OR OLD.actual_end_utc IS NOT NEW.actual_end_utc)
    BEGIN UPDATE assignments SET approved_by = NULL, approved_at = NULL WHERE id = NEW.id; END
    """,
    "CREATE INDEX idx_assignments_unapproved ON assignments (shift_id) "
    "WHERE status = 'worked' AND approved_by IS NULL",
    "ALTER TABLE payroll_export_rows ADD COLUMN assignment_id TEXT",
    "ALTER TABLE payroll_export_rows ADD COLUMN line_no INTEGER",
    "ALTER TABLE payroll_export_rows ADD COLUMN duty_date TEXT",
    "ALTER TABLE payroll_export_rows ADD COLUMN start_utc TEXT",
    "ALTER TABLE payroll_export_rows ADD COLUMN end_utc TEXT",
    "ALTER TABLE payroll_export_rows ADD COLUMN patrol_ref TEXT",
    "ALTER TABLE payroll_export_rows ADD COLUMN area TEXT",
    "ALTER TABLE payroll_export_rows ADD COLUMN element_code TEXT",
    "ALTER TABLE payroll_export_rows ADD COLUMN booked_by TEXT",
    "ALTER TABLE payroll_export_rows ADD COLUMN approved_by TEXT",
    "ALTER TABLE payroll_export_rows ADD COLUMN adjusts_lines TEXT",
    "ALTER TABLE payroll_exports ADD COLUMN layout INTEGER NOT NULL DEFAULT 1 CHECK (layout IN (1, 2))",
)
