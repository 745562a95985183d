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
