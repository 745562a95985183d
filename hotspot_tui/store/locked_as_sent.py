"""Migration 0022's record of the periods locked before it: each one's locked lines as
sent, not as its lines stand (see `store.schema_locked_lines`; the rule is
`domain.sent_lines`)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from hotspot_tui.errors import DatabaseFileError
from hotspot_tui.store.schema_locked_lines import LOCKED_COLUMNS

if TYPE_CHECKING:
    from sqlite_utils import Database

    from hotspot_tui.domain.sent_lines import GroupKey, SentLine

_COLUMNS = ", ".join(LOCKED_COLUMNS)
_INSERT = f"INSERT INTO locked_pay_lines ({_COLUMNS}) VALUES ({', '.join('?' for _ in LOCKED_COLUMNS)})"

_DIFFERING = """
    SELECT DISTINCT period_id, staff_id FROM (
        SELECT d.period_id, d.staff_id FROM (
            SELECT l.period_id, l.staff_id, l.code, l.cost_code, l.rate, l.multiplier, l.minutes,
                   l.amount_pence
            FROM pay_lines l JOIN pay_periods p ON p.id = l.period_id
            WHERE p.status = 'locked' AND l.basis = 'worked'
            UNION ALL
            SELECT r.for_period, r.staff_id, r.pay_code, r.cost_code, r.rate, r.multiplier, -r.minutes,
                   -r.amount_pence
            FROM payroll_export_rows r JOIN pay_periods p ON p.id = r.for_period
            JOIN staff st ON st.id = r.staff_id JOIN employers e ON e.id = st.employer_id
            WHERE p.status = 'locked' AND e.kind = 'force'
            UNION ALL
            SELECT r.for_period, r.staff_id, r.pay_code, r.cost_code, r.rate, r.multiplier, -r.minutes,
                   -r.amount_pence
            FROM recharge_statement_rows r JOIN pay_periods p ON p.id = r.for_period
            JOIN staff st ON st.id = r.staff_id
            WHERE p.status = 'locked' AND r.employer_id = st.employer_id
        ) d
        GROUP BY d.period_id, d.staff_id, d.code, d.cost_code, d.rate, d.multiplier
        HAVING sum(d.minutes) <> 0 OR sum(d.amount_pence) <> 0
    )
"""
"""Each person of a locked period with a group whose worked lines do not add up to what was
sent for it, by the ledger the version before compared them with: payroll rows for force
staff, the statement rows of their employer for anyone else. Everyone else's lines are
their locked lines as they stand, so only these people's are worked out one by one."""


def record_locked_lines(db: Database) -> None:
    """Every locked period's lines as sent, into `locked_pay_lines`; the periods where that
    differs from their lines as they stand go into `locked_lines_to_take`. Raises
    DatabaseFileError, for the upgrade to stop, when what was sent for someone cannot be
    carried by lines (less than nothing, or nobody's duty to carry it)."""
    db.execute(
        f"""
        INSERT INTO locked_pay_lines ({_COLUMNS})
        SELECT {', '.join('l.' + c for c in LOCKED_COLUMNS)}
        FROM pay_lines l JOIN pay_periods p ON p.id = l.period_id
        WHERE p.status = 'locked' AND l.basis = 'worked'
        """)
    differ = db.execute(
        f"SELECT d.period_id, d.staff_id FROM ({_DIFFERING}) d JOIN pay_periods p ON p.id = d.period_id"
        " ORDER BY p.starts_on, d.staff_id").fetchall()
    for period_id, staff_id in differ:
        db.execute("DELETE FROM locked_pay_lines WHERE period_id = ? AND staff_id = ?", [period_id, staff_id])
        _record_person(db, _Period.load(db, period_id), staff_id)
    db.conn.executemany("INSERT OR IGNORE INTO locked_lines_to_take (period_id) VALUES (?)",
                        [(period_id,) for period_id, _ in differ])


@dataclass(frozen=True)
class _Period:
    id: str
    starts_on: str
    ends_on: str
    locked_at: str
    names_duties: bool
    """Its payroll file has one line per duty (layout 2), each naming its duty and line."""

    @classmethod
    def load(cls, db: Database, period_id: str) -> _Period:
        starts_on, ends_on, locked_at, layout = db.execute(
            "SELECT p.starts_on, p.ends_on, coalesce(p.locked_at, ''), coalesce(x.layout, 1)"
            " FROM pay_periods p LEFT JOIN payroll_exports x ON x.period_id = p.id WHERE p.id = ?",
            [period_id]).fetchone()
        return cls(period_id, starts_on, ends_on, locked_at, layout == 2)


def _key(row: Any) -> GroupKey:
    return row[0], row[1], row[2], row[3]


def _sent(db: Database, period: _Period, staff_id: str, employer_id: str,
          force: bool) -> dict[GroupKey, tuple[int, int]]:
    """Minutes and pence sent for the period per group: every payroll row for it (own and
    adjustments since) for force staff; every row of their employer's statements for it for
    anyone else."""
    if force:
        rows = db.execute(
            "SELECT pay_code, cost_code, rate, multiplier, sum(minutes), sum(amount_pence)"
            " FROM payroll_export_rows WHERE for_period = ? AND staff_id = ?"
            " GROUP BY pay_code, cost_code, rate, multiplier", [period.id, staff_id])
    else:
        rows = db.execute(
            "SELECT pay_code, cost_code, rate, multiplier, sum(minutes), sum(amount_pence)"
            " FROM recharge_statement_rows WHERE for_period = ? AND staff_id = ? AND employer_id = ?"
            " GROUP BY pay_code, cost_code, rate, multiplier", [period.id, staff_id, employer_id])
    return {_key(r): (r[4], r[5]) for r in rows}


def _own_rows(db: Database, period: _Period, staff_id: str) -> list[tuple[Any, ...]]:
    """The person's lines in the period's own payroll file: (pay rule, cost code, rate,
    multiplier, duty, line, minutes, pence, duty date)."""
    return db.execute(
        "SELECT pay_code, cost_code, rate, multiplier, assignment_id, line_no, minutes, amount_pence,"
        " duty_date FROM payroll_export_rows WHERE period_id = ? AND staff_id = ? AND adjustment_for IS NULL"
        " AND assignment_id IS NOT NULL ORDER BY ordinal", [period.id, staff_id]).fetchall()


_DUTIES = ("SELECT a.id, ar.cost_code, s.local_date FROM assignments a JOIN shifts s ON s.id = a.shift_id"
           " JOIN areas ar ON ar.id = s.area_id WHERE a.staff_id = ?")


def _duties(db: Database, period: _Period, staff_id: str) -> list[tuple[str, str, str]]:
    """(duty, cost code, patrol date) of the person's duties in the period, in order (any
    status); if none, all their duties."""
    return db.execute(
        f"{_DUTIES} AND s.local_date >= ? AND s.local_date < ? ORDER BY s.local_date, a.start_utc, a.id",
        [staff_id, period.starts_on, period.ends_on]).fetchall() or db.execute(
        f"{_DUTIES} ORDER BY a.start_utc, a.id", [staff_id]).fetchall()


def _record_person(db: Database, period: _Period, staff_id: str) -> None:
    from hotspot_tui.domain.pay import hm
    from hotspot_tui.domain.sent_lines import CannotCarry, SentLine, lines_as_sent

    employer_id, employer_kind, payroll_number = db.execute(
        "SELECT st.employer_id, e.kind, st.payroll_number FROM staff st"
        " JOIN employers e ON e.id = st.employer_id WHERE st.id = ?", [staff_id]).fetchone()
    force = employer_kind == "force"
    rows = [dict(zip(LOCKED_COLUMNS, row, strict=True)) for row in db.execute(
        f"SELECT {_COLUMNS} FROM pay_lines WHERE period_id = ? AND staff_id = ? AND basis = 'worked'"
        " ORDER BY duty_date, assignment_id, line_no", [period.id, staff_id])]
    keyed = [((r["code"], r["cost_code"], r["rate"], r["multiplier"]), r) for r in rows]
    own_rows = _own_rows(db, period, staff_id) if force and period.names_duties else []
    duties = _duties(db, period, staff_id)
    changed = {r[0] for r in db.execute(
        "SELECT id FROM assignments WHERE staff_id = ? AND updated_at > ?", [staff_id, period.locked_at])}
    taken: dict[str, set[int]] = {}
    for duty, line_no in db.execute(
            "SELECT assignment_id, line_no FROM pay_lines"
            " WHERE period_id = ? AND staff_id = ? AND basis <> 'worked'", [period.id, staff_id]):
        taken.setdefault(duty, set()).add(line_no)
    try:
        lines: list[SentLine] = lines_as_sent(
            [SentLine(k, r["assignment_id"], r["line_no"], r["minutes"], r["amount_pence"])
             for k, r in keyed],
            [SentLine(_key(r), r[4], r[5], r[6], r[7]) for r in own_rows],
            _sent(db, period, staff_id, employer_id, force),
            named=force and period.names_duties, changed=changed,
            duties=[(duty, cost_code) for duty, cost_code, _ in duties], taken=taken)
    except CannotCarry as exc:
        raise DatabaseFileError(
            f"{period.id}, payroll number {payroll_number}: {exc}; the file was not upgraded") from None
    now = {(r["assignment_id"], r["line_no"], k): r for k, r in keyed}
    day_of = {d: day for d, _, day in duties} | {r[4]: r[8] for r in own_rows} | {
        r["assignment_id"]: r["duty_date"] for r in rows}
    for line in lines:
        kept = now.get((line.duty, line.line_no, line.key))
        if kept is None or (kept["minutes"], kept["amount_pence"]) != (line.minutes, line.amount_pence):
            code, cost_code, rate, multiplier = line.key
            kept = {
                "assignment_id": line.duty, "line_no": line.line_no, "staff_id": staff_id,
                "period_id": period.id, "cost_code": cost_code, "duty_date": day_of[line.duty],
                "basis": "worked", "code": code, "minutes": line.minutes, "rate": rate,
                "multiplier": multiplier, "amount_pence": line.amount_pence,
                "reason": f"as sent for {period.id}: {hm(line.minutes)}",
            }
        db.execute(_INSERT, [kept[c] for c in LOCKED_COLUMNS])
