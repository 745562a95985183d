"""Schema v13: the force's payroll-number format, and at most one force.

The operation file (or the first-run screen) names the force that employs every officer and
PCSO, and may give the shape of its payroll numbers (``HC######``: `#` a digit, `@` a
letter); people of the force are then checked against it.
"""

from __future__ import annotations

STATEMENTS = [
    """
    ALTER TABLE employers ADD COLUMN payroll_number_format TEXT
        CHECK (payroll_number_format IS NULL OR length(payroll_number_format) BETWEEN 3 AND 20)
    """,
    "CREATE UNIQUE INDEX idx_employers_one_force ON employers (kind) WHERE kind = 'force'",
]
