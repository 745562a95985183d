"""Pay periods, final payroll exports and the lines payroll is sent.

Payroll lines have the shape of `DUTY_FIELDS`: one per duty and pay element. A draft
streams them straight from the current pay lines; a final export first copies them into
`payroll_export_rows` (append-only) and streams that copy, so a locked period always
re-exports the same lines. Periods locked before duty lines existed (`payroll_exports.layout`
1) and council recharge statements have the grouped shape of `ROW_FIELDS`.

Adjustments: for every locked period before the one being exported, the current worked
lines minus everything already exported for that period (its own export and any earlier
adjustments), grouped like the export rows; non-zero differences become rows marked with
the period they adjust.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from hotspot_tui.store.pay_lines import big_cache
from hotspot_tui.store.rows import one

ROW_FIELDS = (
    "payroll_number", "name", "kind", "employer", "period", "pay_code", "cost_code",
    "minutes", "rate", "multiplier", "amount_pence", "adjustment_for",
)

_ADJUSTMENTS = """
    SELECT d.staff_id, st.payroll_number, st.name, st.kind, e.name AS employer,
           d.pay_code, d.cost_code, sum(d.minutes) AS minutes, d.rate, d.multiplier,
           sum(d.amount_pence) AS amount_pence, d.for_period AS adjustment_for
    FROM (
        SELECT l.staff_id, l.code AS pay_code, l.cost_code, l.rate, l.multiplier, l.minutes,
               l.amount_pence, l.period_id AS for_period
        FROM pay_periods pp JOIN pay_lines l ON l.period_id = pp.id AND l.basis = 'worked'
        WHERE pp.status = 'locked' AND pp.starts_on < :starts_on
        UNION ALL
        SELECT r.staff_id, r.pay_code, r.cost_code, r.rate, r.multiplier, -r.minutes,
               -r.amount_pence, r.for_period
        FROM pay_periods pp JOIN payroll_export_rows r ON r.for_period = pp.id
        WHERE pp.status = 'locked' AND pp.starts_on < :starts_on
    ) d JOIN staff st ON st.id = d.staff_id JOIN employers e ON e.id = st.employer_id
    WHERE e.kind = 'force'
    GROUP BY d.staff_id, d.pay_code, d.cost_code, d.rate, d.multiplier, d.for_period
    HAVING sum(d.minutes) <> 0 OR sum(d.amount_pence) <> 0
"""

_ORDER = "adjustment_for IS NOT NULL, adjustment_for, payroll_number, pay_code, cost_code, rate, multiplier"


def patrol_ref_sql(shift: str) -> str:
    """A patrol's reference as SQL, given the alias of its `shifts` row (its short
    reference, `shifts.ref`): the one place the payroll queries say what it is."""
    return f"{shift}.ref"


DUTY_FIELDS = (
    "payroll_number", "name", "period", "duty_date", "start_utc", "end_utc", "patrol_ref", "area",
    "cost_code", "element_code", "pay_code", "minutes", "rate", "multiplier", "amount_pence",
    "booked_by", "approved_by", "adjustment_for", "adjusts_lines",
)
"""A payroll line: one duty and pay element (or an adjustment for a locked period)."""

_DUTY_CURRENT = f"""
    SELECT l.staff_id, st.payroll_number, st.name, st.kind, e.name AS employer, l.duty_date,
           a.actual_start_utc AS start_utc, a.actual_end_utc AS end_utc,
           {patrol_ref_sql("s")} AS patrol_ref, ar.name AS area, l.cost_code, l.code AS pay_code,
           l.minutes, l.rate, l.multiplier, l.amount_pence, a.booked_by, a.approved_by,
           NULL AS adjustment_for, NULL AS adjusts_lines, l.assignment_id, l.line_no
    FROM pay_lines l JOIN assignments a ON a.id = l.assignment_id JOIN shifts s ON s.id = a.shift_id
    JOIN areas ar ON ar.id = s.area_id JOIN staff st ON st.id = l.staff_id
    JOIN employers e ON e.id = st.employer_id
    WHERE l.period_id = :period AND l.basis = 'worked' AND e.kind = 'force'
"""

_DUTY_ADJUSTMENTS = f"""
    SELECT g.staff_id, g.payroll_number, g.name, g.kind, g.employer, NULL AS duty_date,
           NULL AS start_utc, NULL AS end_utc, NULL AS patrol_ref, NULL AS area, g.cost_code,
           g.pay_code, g.minutes, g.rate, g.multiplier, g.amount_pence, NULL AS booked_by,
           NULL AS approved_by, g.adjustment_for,
           (SELECT group_concat(r.ordinal, ';') FROM payroll_export_rows r
            WHERE r.period_id = g.adjustment_for AND r.staff_id = g.staff_id
              AND r.pay_code = g.pay_code AND r.cost_code = g.cost_code AND r.rate = g.rate
              AND r.multiplier = g.multiplier) AS adjusts_lines,
           NULL AS assignment_id, NULL AS line_no
    FROM ({_ADJUSTMENTS}) g
"""

_DUTY_ORDER = ("adjustment_for IS NOT NULL, adjustment_for, payroll_number, duty_date, start_utc,"
               " patrol_ref, line_no, pay_code, cost_code, rate, multiplier")


def _duty_sql(with_adjustments: bool) -> str:
    parts = [_DUTY_CURRENT] + ([_DUTY_ADJUSTMENTS] if with_adjustments else [])
    return " UNION ALL ".join(f"SELECT * FROM ({p})" for p in parts)


def _coded(with_adjustments: bool) -> str:
    """The period's lines with each pay rule's element code (`:codes`, a JSON object)."""
    return (f"SELECT d.*, c.value AS element_code FROM ({_duty_sql(with_adjustments)}) d"
            f" LEFT JOIN json_each(:codes) c ON c.key = d.pay_code")


def draft_lines_sql(with_adjustments: bool) -> str:
    """The draft query (parameters :period, :starts_on, :codes), rows as DUTY_FIELDS."""
    return (f"SELECT {', '.join(f if f != 'period' else ':period' for f in DUTY_FIELDS)}"
            f" FROM ({_coded(with_adjustments)}) ORDER BY {_DUTY_ORDER}")


def export_cache(db: Database) -> contextlib.AbstractContextManager[None]:
    """A larger page cache (64 MiB) while a period's lines are read and put in file order:
    a county month's pages, and its sort, stay in memory instead of being read again from
    the file and spilled to a temporary one."""
    return big_cache(db, 65_536)


def iter_draft_lines(db: Database, period_id: str, starts_on: str, with_adjustments: bool,
                     codes: str) -> Iterator[tuple[Any, ...]]:
    """The period's lines as DUTY_FIELDS, in file order, from the current pay lines (the
    cursor itself: a writer takes its rows a batch at a time)."""
    return db.execute(draft_lines_sql(with_adjustments),
                      {"period": period_id, "starts_on": starts_on, "codes": codes})


def pay_rules_used(db: Database, period_id: str, starts_on: str, with_adjustments: bool) -> list[str]:
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT pay_code FROM ({_duty_sql(with_adjustments)}) ORDER BY pay_code",
        {"period": period_id, "starts_on": starts_on})]


def unapproved_bookings(db: Database, period_id: str, starts_on: str) -> list[dict[str, Any]]:
    """Worked bookings of force staff not yet approved that an export of the period would
    pay: the period's own, and corrections booked after an earlier period was locked
    (paid as adjustments)."""
    return list(db.query(
        f"""
        SELECT DISTINCT {patrol_ref_sql("s")} AS patrol_ref, s.local_date AS duty_date,
               ar.name AS area, st.payroll_number, st.name, a.booked_by, a.id AS assignment_id
        FROM pay_lines l JOIN assignments a ON a.id = l.assignment_id
        JOIN shifts s ON s.id = a.shift_id JOIN areas ar ON ar.id = s.area_id
        JOIN staff st ON st.id = l.staff_id JOIN employers e ON e.id = st.employer_id
        WHERE l.basis = 'worked' AND e.kind = 'force' AND a.approved_by IS NULL
          AND (l.period_id = :period
               OR EXISTS (SELECT 1 FROM pay_periods pp WHERE pp.id = l.period_id
                          AND pp.status = 'locked' AND pp.starts_on < :starts_on
                          AND a.booked_at >= pp.locked_at))
        ORDER BY s.local_date, patrol_ref, st.payroll_number
        """,
        {"period": period_id, "starts_on": starts_on},
    ))


def snapshot_lines(db: Database, period_id: str, starts_on: str, codes: str) -> tuple[int, int]:
    """Copy the period's lines (with adjustments) into the export ledger; (rows, total)."""
    db.execute(
        f"""
        INSERT INTO payroll_export_rows (period_id, ordinal, for_period, adjustment_for, staff_id,
            payroll_number, name, kind, employer, pay_code, cost_code, minutes, rate, multiplier,
            amount_pence, assignment_id, line_no, duty_date, start_utc, end_utc, patrol_ref, area,
            element_code, booked_by, approved_by, adjusts_lines)
        SELECT :period, row_number() OVER (ORDER BY {_DUTY_ORDER}), coalesce(adjustment_for, :period),
               adjustment_for, staff_id, payroll_number, name, kind, employer, pay_code, cost_code,
               minutes, rate, multiplier, amount_pence, assignment_id, line_no, duty_date, start_utc,
               end_utc, patrol_ref, area, element_code, booked_by, approved_by, adjusts_lines
        FROM ({_coded(True)})
        """,
        {"period": period_id, "starts_on": starts_on, "codes": codes},
    )
    row = db.execute(
        "SELECT count(*), coalesce(sum(amount_pence), 0) FROM payroll_export_rows WHERE period_id = ?",
        [period_id],
    ).fetchone()
    return row[0], row[1]


def iter_exported_lines(db: Database, period_id: str) -> Iterator[tuple[Any, ...]]:
    """A locked period's lines as DUTY_FIELDS (layout 2), as sent (the cursor itself)."""
    return db.execute(
        f"SELECT {', '.join(f if f != 'period' else 'period_id' for f in DUTY_FIELDS)}"
        " FROM payroll_export_rows WHERE period_id = ? ORDER BY ordinal",
        [period_id],
    )


def any_locked(db: Database) -> bool:
    return db.execute("SELECT 1 FROM pay_periods WHERE status = 'locked' LIMIT 1").fetchone() is not None


def first_open_day(db: Database) -> str | None:
    """The first day after the last locked period (None when nothing is locked)."""
    row = db.execute("SELECT max(ends_on) FROM pay_periods WHERE status = 'locked'").fetchone()
    return row[0] if row else None


def get_period(db: Database, period_id: str) -> dict[str, Any] | None:
    return one(db, "SELECT * FROM pay_periods WHERE id = :id", {"id": period_id})


def ensure_period(db: Database, period_id: str, starts_on: str, ends_on: str) -> None:
    db.execute(
        "INSERT OR IGNORE INTO pay_periods (id, starts_on, ends_on, status) VALUES (?, ?, ?, 'open')",
        [period_id, starts_on, ends_on],
    )


def first_open_with_lines_before(db: Database, starts_on: str) -> str | None:
    row = db.execute(
        """
        SELECT p.id FROM pay_periods p
        WHERE p.status = 'open' AND p.starts_on < ?
          AND EXISTS (SELECT 1 FROM pay_lines l WHERE l.period_id = p.id)
        ORDER BY p.starts_on LIMIT 1
        """,
        [starts_on],
    ).fetchone()
    return row[0] if row else None


def export_record(db: Database, period_id: str) -> dict[str, Any] | None:
    return one(db, "SELECT * FROM payroll_exports WHERE period_id = :id", {"id": period_id})


def count_draft_rows(
    db: Database, period_id: str, starts_on: str, with_adjustments: bool
) -> tuple[int, int, int]:
    """(lines, total pence, adjustment lines) a draft of the period would hold."""
    row = db.execute(
        f"SELECT count(*), coalesce(sum(amount_pence), 0), count(adjustment_for) "
        f"FROM ({_duty_sql(with_adjustments)})",
        {"period": period_id, "starts_on": starts_on},
    ).fetchone()
    return row[0], row[1], row[2]


def count_exported_adjustments(db: Database, period_id: str) -> int:
    return db.execute("SELECT count(adjustment_for) FROM payroll_export_rows WHERE period_id = ?",
                      [period_id]).fetchone()[0]


def iter_exported_rows(db: Database, period_id: str) -> Iterator[tuple[Any, ...]]:
    yield from db.execute(
        """
        SELECT payroll_number, name, kind, employer, period_id, pay_code, cost_code, minutes, rate,
               multiplier, amount_pence, adjustment_for
        FROM payroll_export_rows WHERE period_id = ? ORDER BY ordinal
        """,
        [period_id],
    )


def record_export(db: Database, period_id: str, *, at_utc: str, actor: str, rows: int,
                  total_pence: int, csv_sha256: str, layout: int = 2) -> None:
    db.execute(
        "UPDATE pay_periods SET status = 'locked', locked_at = ?, locked_by = ? WHERE id = ?",
        [at_utc, actor, period_id],
    )
    db.execute(
        "INSERT INTO payroll_exports (period_id, exported_at, exported_by, row_count, total_pence,"
        " csv_sha256, layout) VALUES (?, ?, ?, ?, ?, ?, ?)",
        [period_id, at_utc, actor, rows, total_pence, csv_sha256, layout],
    )


def count_unbooked(db: Database, period_id: str) -> int:
    """Assignments of the period still planned (costed as an estimate, not paid)."""
    return db.execute(
        "SELECT count(DISTINCT assignment_id) FROM pay_lines WHERE period_id = ? AND basis = 'estimate'",
        [period_id],
    ).fetchone()[0]


def periods_page(
    db: Database, *, before_starts_on: str | None = None, limit: int = 24
) -> list[dict[str, Any]]:
    """Newest first, keyset-paged on starts_on, with worked and estimated totals."""
    return list(db.query(
        """
        SELECT p.id, p.starts_on, p.ends_on, p.status, p.locked_at, p.locked_by,
               (SELECT coalesce(sum(l.amount_pence), 0) FROM pay_lines l
                 WHERE l.period_id = p.id AND l.basis = 'worked') AS worked_pence,
               (SELECT coalesce(sum(l.amount_pence), 0) FROM pay_lines l
                 WHERE l.period_id = p.id AND l.basis = 'estimate') AS estimate_pence,
               x.total_pence AS exported_pence, x.row_count AS exported_rows
        FROM pay_periods p LEFT JOIN payroll_exports x ON x.period_id = p.id
        WHERE :before IS NULL OR p.starts_on < :before
        ORDER BY p.starts_on DESC LIMIT :limit
        """,
        {"before": before_starts_on, "limit": limit},
    ))


def find_employer(db: Database, name: str) -> dict[str, Any] | None:
    return one(db, "SELECT * FROM employers WHERE name = :name COLLATE NOCASE", {"name": name})


def employer_names(db: Database, kinds: tuple[str, ...] = ("council", "bid")) -> list[str]:
    marks = ", ".join("?" for _ in kinds)
    return [r[0] for r in db.execute(
        f"SELECT name FROM employers WHERE kind IN ({marks}) ORDER BY name", list(kinds))]


_RECHARGE = """
    SELECT l.staff_id, st.payroll_number, st.name, st.kind, e.name AS employer,
           l.code AS pay_code, l.cost_code, sum(l.minutes) AS minutes, l.rate, l.multiplier,
           sum(l.amount_pence) AS amount_pence, NULL AS adjustment_for
    FROM pay_lines l JOIN staff st ON st.id = l.staff_id JOIN employers e ON e.id = st.employer_id
    WHERE l.period_id = :period AND l.basis = 'worked' AND e.id = :employer
    GROUP BY l.staff_id, l.code, l.cost_code, l.rate, l.multiplier
"""

_RECHARGE_ADJUSTMENTS = """
    SELECT d.staff_id, st.payroll_number, st.name, st.kind, e.name AS employer,
           d.pay_code, d.cost_code, sum(d.minutes) AS minutes, d.rate, d.multiplier,
           sum(d.amount_pence) AS amount_pence, d.for_period AS adjustment_for
    FROM (
        SELECT l.staff_id, l.code AS pay_code, l.cost_code, l.rate, l.multiplier, l.minutes,
               l.amount_pence, l.period_id AS for_period
        FROM pay_periods pp JOIN pay_lines l ON l.period_id = pp.id AND l.basis = 'worked'
        JOIN staff s2 ON s2.id = l.staff_id
        WHERE pp.status = 'locked' AND pp.starts_on < :starts_on AND s2.employer_id = :employer
        UNION ALL
        SELECT r.staff_id, r.pay_code, r.cost_code, r.rate, r.multiplier, -r.minutes,
               -r.amount_pence, r.for_period
        FROM pay_periods pp JOIN recharge_statement_rows r ON r.for_period = pp.id
        WHERE pp.status = 'locked' AND pp.starts_on < :starts_on AND r.employer_id = :employer
    ) d JOIN staff st ON st.id = d.staff_id JOIN employers e ON e.id = :employer
    GROUP BY d.staff_id, d.pay_code, d.cost_code, d.rate, d.multiplier, d.for_period
    HAVING sum(d.minutes) <> 0 OR sum(d.amount_pence) <> 0
"""
"""What a council's statement still owes (or over-billed) for its locked periods: the
current worked lines minus every statement row already locked for them."""


def _recharge_sql(with_adjustments: bool) -> str:
    parts = [_RECHARGE] + ([_RECHARGE_ADJUSTMENTS] if with_adjustments else [])
    return " UNION ALL ".join(f"SELECT * FROM ({p})" for p in parts)


def count_recharge_rows(db: Database, period_id: str, employer_id: str, starts_on: str,
                        with_adjustments: bool) -> int:
    return db.execute(f"SELECT count(*) FROM ({_recharge_sql(with_adjustments)})",
                      {"period": period_id, "employer": employer_id, "starts_on": starts_on}).fetchone()[0]


def iter_recharge_rows(db: Database, period_id: str, employer_id: str, starts_on: str,
                       with_adjustments: bool) -> Iterator[tuple[Any, ...]]:
    """An open period's statement as ROW_FIELDS, from the current lines (and adjustments
    for the locked periods before it when it is the next to lock)."""
    yield from db.execute(
        f"SELECT payroll_number, name, kind, employer, :period, pay_code, cost_code, minutes, rate,"
        f" multiplier, amount_pence, adjustment_for FROM ({_recharge_sql(with_adjustments)})"
        f" ORDER BY {_ORDER}",
        {"period": period_id, "employer": employer_id, "starts_on": starts_on},
    )


def snapshot_recharge_statements(db: Database, period_id: str, starts_on: str) -> int:
    """Lock every council's and BID's statement for the period with it: its rows, with
    adjustments for earlier locked periods, copied into the append-only ledger."""
    count = 0
    for (employer_id,) in db.execute("SELECT id FROM employers WHERE kind <> 'force' ORDER BY id").fetchall():
        cursor = db.execute(
            f"""
            INSERT INTO recharge_statement_rows (period_id, employer_id, ordinal, for_period,
                adjustment_for, staff_id, payroll_number, name, kind, employer, pay_code, cost_code,
                minutes, rate, multiplier, amount_pence)
            SELECT :period, :employer, row_number() OVER (ORDER BY {_ORDER}),
                   coalesce(adjustment_for, :period), adjustment_for, staff_id, payroll_number, name,
                   kind, employer, pay_code, cost_code, minutes, rate, multiplier, amount_pence
            FROM ({_recharge_sql(True)})
            """,
            {"period": period_id, "employer": employer_id, "starts_on": starts_on},
        )
        count += cursor.rowcount
    return count


def count_locked_statement(db: Database, period_id: str, employer_id: str) -> int:
    return db.execute("SELECT count(*) FROM recharge_statement_rows WHERE period_id = ? AND employer_id = ?",
                      [period_id, employer_id]).fetchone()[0]


def iter_locked_statement(db: Database, period_id: str, employer_id: str) -> Iterator[tuple[Any, ...]]:
    yield from db.execute(
        """
        SELECT payroll_number, name, kind, employer, period_id, pay_code, cost_code, minutes, rate,
               multiplier, amount_pence, adjustment_for
        FROM recharge_statement_rows WHERE period_id = ? AND employer_id = ? ORDER BY ordinal
        """,
        [period_id, employer_id],
    )
