"""Pay periods, final payroll exports and the lines payroll is sent.

Payroll lines have the shape of `DUTY_FIELDS`: one per duty and pay element. A draft
streams them straight from the period's pay lines; a final export first copies them into
`payroll_export_rows` (append-only) and streams that copy, so a locked period always
re-exports the same lines. Periods locked before duty lines existed (`payroll_exports.layout`
1) and council recharge statements have the grouped shape of `ROW_FIELDS`.

Adjustments are pay lines too (`pay_lines.corrects_period`, see `store.pay_lines`): each is
stored in the period that pays it, for one duty of a locked period, so a period's file is
its own lines and its adjustment lines, and each difference is paid exactly once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from sqlite_utils import Database

from hotspot_tui.domain.payroll_lines import NOT_APPROVED
from hotspot_tui.store.database import memory_mapped
from hotspot_tui.store.pay_lines import big_cache
from hotspot_tui.store.rows import one

ROW_FIELDS = (
    "payroll_number", "name", "kind", "employer", "period", "pay_code", "cost_code",
    "minutes", "rate", "multiplier", "amount_pence", "adjustment_for",
)

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

_ADJUSTS_LINES = """
    CASE WHEN l.corrects_period IS NULL THEN NULL ELSE coalesce(
        (SELECT group_concat(ordinal, ';') FROM (
            SELECT r.ordinal FROM payroll_export_rows r
            WHERE r.period_id = l.corrects_period AND r.assignment_id = l.assignment_id
              AND r.adjustment_for IS NULL AND (l.corrects_line IS NULL OR r.line_no = l.corrects_line)
            ORDER BY r.ordinal)),
        (SELECT group_concat(ordinal, ';') FROM (
            SELECT r.ordinal FROM payroll_export_rows r
            WHERE r.period_id = l.corrects_period AND r.assignment_id IS NULL
              AND r.adjustment_for IS NULL AND r.staff_id = l.staff_id AND r.pay_code = l.code
            ORDER BY r.ordinal)))
    END"""
"""For an adjustment line, the line(s) of its duty in the locked period's file it corrects:
the line of the same element, or (a new element) all the duty's lines there; for a period
sent in the grouped layout, the person's rows of that element."""

_DUTY_CURRENT = f"""
    SELECT l.staff_id, st.payroll_number, st.name, st.kind, e.name AS employer, l.duty_date,
           a.actual_start_utc AS start_utc, a.actual_end_utc AS end_utc,
           {patrol_ref_sql("s")} AS patrol_ref, ar.name AS area, l.cost_code, l.code AS pay_code,
           l.minutes, l.rate, l.multiplier, l.amount_pence, a.booked_by,
           CASE WHEN l.corrects_period IS NOT NULL AND a.approved_by IS NULL AND a.status = 'worked'
                THEN '{NOT_APPROVED}' ELSE a.approved_by END AS approved_by,
           l.corrects_period AS adjustment_for, {_ADJUSTS_LINES} AS adjusts_lines,
           l.assignment_id, l.line_no
    FROM staff st CROSS JOIN pay_lines l ON l.staff_id = st.id
    CROSS JOIN employers e ON e.id = l.employer_id
    CROSS JOIN assignments a ON a.id = l.assignment_id CROSS JOIN shifts s ON s.id = a.shift_id
    CROSS JOIN areas ar ON ar.id = s.area_id
    WHERE l.period_id = :period AND l.basis = 'worked' AND e.kind = 'force'
"""
"""A period's lines for payroll: its own duties' lines and the adjustments it pays, of
duties whose employer in force was the force (`pay_lines.employer_id`).

Read person by person (`CROSS JOIN` fixes the order; SQLite walks the people by payroll
number), each person's lines from the index of a period's lines: the lines come out close
to the file's order, and each person's duties are looked up together. Driven from the
period's lines instead, as SQLite chose on a file of five million duties, a month's file
took half as long again a line as on a file of one million."""

_DUTY_ORDER = ("adjustment_for IS NOT NULL, adjustment_for, payroll_number, duty_date, start_utc,"
               " patrol_ref, line_no, pay_code, cost_code, rate, multiplier")


def _coded() -> str:
    """The period's lines with each pay rule's element code (`:codes`, a JSON object)."""
    return (f"SELECT d.*, c.value AS element_code FROM ({_DUTY_CURRENT}) d"
            f" LEFT JOIN json_each(:codes) c ON c.key = d.pay_code")


def draft_lines_sql() -> str:
    """The draft query (parameters :period, :codes), rows as DUTY_FIELDS."""
    return (f"SELECT {', '.join(f if f != 'period' else ':period' for f in DUTY_FIELDS)}"
            f" FROM ({_coded()}) ORDER BY {_DUTY_ORDER}")


UNCODED_FIELDS = tuple(f for f in DUTY_FIELDS if f != "element_code")
"""A draft line before its element code: the file's writer looks each code up from the
line's pay rule, once per rule, instead of the query joining it on every line."""


def uncoded_draft_lines_sql() -> str:
    """The draft query without element codes (parameter :period), rows as UNCODED_FIELDS."""
    return (f"SELECT {', '.join(f if f != 'period' else ':period' for f in UNCODED_FIELDS)}"
            f" FROM ({_DUTY_CURRENT}) ORDER BY {_DUTY_ORDER}")


@contextlib.contextmanager
def export_cache(db: Database) -> Iterator[None]:
    """A larger page cache (64 MiB) while a period's lines are read and put in file order:
    a county month's pages, and its sort, stay in memory instead of being read again from
    the file and spilled to a temporary one. The file is read memory-mapped meanwhile
    (`memory_mapped`)."""
    with memory_mapped(db), big_cache(db, 65_536):
        yield


def iter_draft_lines(db: Database, period_id: str, codes: str) -> Iterator[tuple[Any, ...]]:
    """The period's lines as DUTY_FIELDS, in file order, from its pay lines (the cursor
    itself: a writer takes its rows a batch at a time)."""
    return db.execute(draft_lines_sql(), {"period": period_id, "codes": codes})


def iter_uncoded_draft_lines(db: Database, period_id: str) -> Iterator[tuple[Any, ...]]:
    """The period's lines as UNCODED_FIELDS, in file order (the cursor itself)."""
    return db.execute(uncoded_draft_lines_sql(), {"period": period_id})


def pay_rules_used(db: Database, period_id: str) -> list[str]:
    return [r[0] for r in db.execute(
        f"SELECT DISTINCT pay_code FROM ({_DUTY_CURRENT}) ORDER BY pay_code", {"period": period_id})]


def unapproved_bookings(db: Database, period_id: str) -> list[dict[str, Any]]:
    """Worked bookings of force staff not yet approved that an export of the period would
    pay: the period's own, and corrections to duties of locked periods it pays as
    adjustments (a cancelled duty or a no-show taken back needs no approval)."""
    return list(db.query(
        f"""
        SELECT DISTINCT {patrol_ref_sql("s")} AS patrol_ref, s.local_date AS duty_date,
               ar.name AS area, st.payroll_number, st.name, a.booked_by, a.id AS assignment_id
        FROM pay_lines l JOIN assignments a ON a.id = l.assignment_id
        JOIN shifts s ON s.id = a.shift_id JOIN areas ar ON ar.id = s.area_id
        JOIN staff st ON st.id = l.staff_id JOIN employers e ON e.id = l.employer_id
        WHERE l.period_id = :period AND l.basis = 'worked' AND e.kind = 'force'
          AND a.status = 'worked' AND a.approved_by IS NULL
        ORDER BY s.local_date, patrol_ref, st.payroll_number
        """,
        {"period": period_id},
    ))


def snapshot_lines(db: Database, period_id: str, codes: str) -> tuple[int, int]:
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
        FROM ({_coded()})
        """,
        {"period": period_id, "codes": codes},
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


def count_draft_rows(db: Database, period_id: str) -> tuple[int, int, int]:
    """(lines, total pence, adjustment lines) a draft of the period would hold."""
    row = db.execute(
        f"SELECT count(*), coalesce(sum(amount_pence), 0), count(adjustment_for) FROM ({_DUTY_CURRENT})",
        {"period": period_id},
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
           sum(l.amount_pence) AS amount_pence, l.corrects_period AS adjustment_for
    FROM pay_lines l JOIN staff st ON st.id = l.staff_id JOIN employers e ON e.id = l.employer_id
    WHERE l.period_id = :period AND l.basis = 'worked' AND l.employer_id = :employer
    GROUP BY l.staff_id, l.code, l.cost_code, l.rate, l.multiplier, l.corrects_period
    HAVING l.corrects_period IS NULL OR sum(l.minutes) <> 0 OR sum(l.amount_pence) <> 0
"""
"""A council's statement for a period: the hours there of duties it was the employer in
force for (`pay_lines.employer_id`, whoever employs the person now), per person, element,
cost code and rate, then what the period's adjustments bill (or credit) for each locked
period."""


def count_recharge_rows(db: Database, period_id: str, employer_id: str) -> int:
    return db.execute(f"SELECT count(*) FROM ({_RECHARGE})",
                      {"period": period_id, "employer": employer_id}).fetchone()[0]


def iter_recharge_rows(db: Database, period_id: str, employer_id: str) -> Iterator[tuple[Any, ...]]:
    """An open period's statement as ROW_FIELDS, from its pay lines (adjustments for locked
    periods included)."""
    yield from db.execute(
        f"SELECT payroll_number, name, kind, employer, :period, pay_code, cost_code, minutes, rate,"
        f" multiplier, amount_pence, adjustment_for FROM ({_RECHARGE}) ORDER BY {_ORDER}",
        {"period": period_id, "employer": employer_id},
    )


def snapshot_recharge_statements(db: Database, period_id: str) -> int:
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
            FROM ({_RECHARGE})
            """,
            {"period": period_id, "employer": employer_id},
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
