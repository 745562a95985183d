"""Small queries the payroll tests share."""

from __future__ import annotations

from datetime import date


def worked_cost(session, period_start: date, period_end: date, employer_kind: str | None = "force") -> int:  # type: ignore[no-untyped-def]
    sql = """
        SELECT coalesce(sum(a.cost_pence), 0)
        FROM assignments a JOIN shifts s ON s.id = a.shift_id JOIN staff st ON st.id = a.staff_id
        JOIN employers e ON e.id = st.employer_id
        WHERE a.status = 'worked' AND s.local_date >= ? AND s.local_date < ?
    """
    params: list[object] = [period_start.isoformat(), period_end.isoformat()]
    if employer_kind:
        sql += " AND e.kind = ?"
        params.append(employer_kind)
    return session.db.execute(sql, params).fetchone()[0]


def mismatched_costs(session) -> int:  # type: ignore[no-untyped-def]
    return session.db.execute(
        """
        SELECT count(*) FROM assignments a
        WHERE a.cost_pence <> (SELECT coalesce(sum(l.amount_pence), 0) FROM pay_lines l
                               WHERE l.assignment_id = a.id)
        """
    ).fetchone()[0]


def a_worked_assignment(session, month: str, kind: str = "officer") -> dict:  # type: ignore[no-untyped-def]
    row = session.db.execute(
        """
        SELECT a.id, a.staff_id, a.actual_start_utc, a.actual_end_utc, a.cost_pence
        FROM assignments a JOIN shifts s ON s.id = a.shift_id JOIN staff st ON st.id = a.staff_id
        WHERE a.status = 'worked' AND s.local_date LIKE ? AND st.kind = ? AND a.rest_day = 1
        ORDER BY s.local_date, a.id LIMIT 1
        """,
        [f"{month}-%", kind],
    ).fetchone()
    return dict(zip(("id", "staff_id", "start", "end", "cost"), row, strict=True))


def approve_everything(session, month: str | None = None) -> int:  # type: ignore[no-untyped-def]
    """Approve, as another supervisor and through the service, every booking not yet
    approved (in one month, or anywhere); returns how many patrols were approved."""
    from hotspot_tui.services.approvals import approve_patrol
    from hotspot_tui.services.session import open_session

    shift_ids = [r[0] for r in session.db.execute(
        """
        SELECT DISTINCT a.shift_id FROM assignments a JOIN shifts s ON s.id = a.shift_id
        WHERE a.status = 'worked' AND a.approved_by IS NULL AND (? IS NULL OR s.local_date LIKE ?)
        """, [month, f"{month}-%"])]
    approver = open_session(session.path, "Insp Approver")
    try:
        for shift_id in shift_ids:
            approve_patrol(approver, shift_id, by_id=True)
    finally:
        approver.close()
    return len(shift_ids)
