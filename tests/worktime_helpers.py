"""New people and patrols for the working-time and booking tests, made through the services
on the demo file, away from its own roster (December 2026 onwards)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time

from hotspot_tui.domain.staff_input import StaffInput
from hotspot_tui.services import staff as staff_service
from hotspot_tui.services.assignments import AssignOptions, assign
from hotspot_tui.services.shifts import ShiftDraft, create_shift

_counter = iter(range(100_000))


def area(session, name: str = "Watford") -> str:  # type: ignore[no-untyped-def]
    return session.db.execute("SELECT id FROM areas WHERE name = ?", [name]).fetchone()[0]


def officer(session, name: str = "Sam Test", **changes: str) -> str:  # type: ignore[no-untyped-def]
    n = next(_counter)
    force = session.db.execute("SELECT id FROM employers WHERE kind = 'force'").fetchone()[0]
    values = dict(name=name, payroll_number=f"WT{900000 + n}", collar_number=f"{9000 + n}",
                  kind="PC", employer_id=force, salary="£31,163", contracted_hours="0")
    values.update(changes)
    return staff_service.add_person(session, StaffInput(**values))  # type: ignore[arg-type]


def patrol(session, day: date, start: time, end: time, need: int = 4,  # type: ignore[no-untyped-def]
           where: str = "Watford") -> str:
    return create_shift(session, ShiftDraft(area(session, where), day, start, end, {"officer": need}))


def put_on(session, shift_id: str, *people: str, reason: str | None = None) -> list[str]:  # type: ignore[no-untyped-def]
    return assign(session, shift_id, list(people), AssignOptions(override_reason=reason))


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A UTC instant (December: London is on UTC)."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def roster(session, tmp_path, rows: list[tuple[str, str, str, str]], *,  # type: ignore[no-untyped-def]
           override: str | None = None, name: str = "roster.csv"):
    """Import normal duties (payroll number, start, end, duty type) as a CSV export."""
    from hotspot_tui.services.duty_import import import_duties

    path = tmp_path / name
    lines = ["Payroll number,Start,End,Duty type", *(",".join(r) for r in rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return import_duties(session, path, override_reason=override)


def payroll_of(session, staff_id: str) -> str:  # type: ignore[no-untyped-def]
    return session.db.execute("SELECT payroll_number FROM staff WHERE id = ?", [staff_id]).fetchone()[0]


def breaches(session, staff_id: str | None = None) -> list[tuple]:  # type: ignore[no-untyped-def]
    sql = "SELECT assignment_id, rule, override_reason FROM working_time_breaches"
    params: list[object] = []
    if staff_id:
        sql += " WHERE staff_id = ?"
        params.append(staff_id)
    return [tuple(r) for r in session.db.execute(sql + " ORDER BY 1, 2", params).fetchall()]
