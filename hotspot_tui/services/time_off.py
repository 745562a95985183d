"""Time off owed: replacement rest days, days in lieu and PCSO time off, each kept with the
duty that earned it (costing keeps them current), marked taken (audited) and exported."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from hotspot_tui.domain.access import Permission
from hotspot_tui.errors import NotFound, ValidationFailed
from hotspot_tui.exports.files import new_file
from hotspot_tui.exports.time_off import KIND_LABELS, write_csv, write_xlsx
from hotspot_tui.services.session import Session
from hotspot_tui.store import audit
from hotspot_tui.store import time_off as store

FORMATS = ("csv", "xlsx")
SHORT_LABELS = {"replacement_rest_day": "Rest day", "day_in_lieu": "Day in lieu",
                "pcso_time_off": "Time off"}


@dataclass(frozen=True)
class OwedLine:
    assignment_id: str
    kind: str
    for_date: date
    due_by: date
    reason: str
    area_name: str
    worked: bool
    """False while the duty is only planned (owed once it is worked)."""
    earned: bool
    """False for time off taken that a later correction means the duty no longer earns."""
    taken_on: date | None
    taken_by: str | None

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def short_label(self) -> str:
        return SHORT_LABELS.get(self.kind, self.kind)

    def overdue(self, today: date) -> bool:
        return self.worked and self.earned and self.taken_on is None and self.due_by < today


@dataclass(frozen=True)
class OverdueLine:
    staff_id: str
    name: str
    payroll_number: str
    kind: str
    for_date: date
    due_by: date

    @property
    def label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def _day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def owed_for_person(session: Session, staff_id: str, *, limit: int = 50) -> list[OwedLine]:
    """A person's time off, newest first."""
    with session.reading() as db:
        rows = store.for_person(db, staff_id, limit=limit)
    return [OwedLine(r["assignment_id"], r["kind"], date.fromisoformat(r["for_date"]),
                     date.fromisoformat(r["due_by"]), r["reason"], r["area_name"], r["basis"] == "worked",
                     bool(r["earned"]), _day(r["taken_on"]), r["taken_by"]) for r in rows]


def overdue(session: Session, today: date, *, limit: int = 20) -> tuple[int, list[OverdueLine]]:
    """(how many, the oldest few) of worked duties' time off not taken by its due date."""
    with session.reading() as db:
        count = store.count_overdue(db, today.isoformat())
        rows = store.overdue(db, today.isoformat(), limit=limit) if count else []
    return count, [OverdueLine(r["staff_id"], r["name"], r["payroll_number"], r["kind"],
                               date.fromisoformat(r["for_date"]), date.fromisoformat(r["due_by"]))
                   for r in rows]


def set_taken(session: Session, assignment_id: str, kind: str, for_date: date, taken_on: date | None,
              reason: str | None = None) -> None:
    """Record the day the time off was taken (None: not taken after all, which needs a
    reason); audited."""
    why = (reason or "").strip() or None
    if taken_on is None and not why:
        raise ValidationFailed("say why the time off is no longer recorded as taken")
    with session.writing(Permission.STAFF) as db:
        row = store.get(db, assignment_id, kind, for_date.isoformat())
        if row is None:
            raise NotFound("no such time off is owed for that patrol")
        if taken_on is not None and row["basis"] != "worked":
            raise ValidationFailed("the patrol has not been worked yet: book its hours first")
        if taken_on is not None and taken_on < for_date:
            raise ValidationFailed(f"time off for {for_date:%d %b %Y} cannot be taken before it was earned")
        before = row["taken_on"]
        if before == (taken_on.isoformat() if taken_on else None):
            return
        store.mark_taken(db, assignment_id, kind, for_date.isoformat(),
                         taken_on.isoformat() if taken_on else None, session.actor if taken_on else None)
        audit.append(db, actor=session.actor, action="time_off.taken" if taken_on else "time_off.untaken",
                     entity="assignment", entity_id=assignment_id, staff_id=row["staff_id"], reason=why,
                     details={"kind": kind, "for_date": for_date.isoformat(), "before": before,
                              "taken_on": taken_on.isoformat() if taken_on else None})


@dataclass(frozen=True)
class TimeOffExport:
    path: Path
    period_id: str
    rows: int


def export_time_off(session: Session, period_text: str, *, fmt: str = "csv",
                    out: Path | None = None, progress: Callable[[int, int], None] | None = None
                    ) -> TimeOffExport:
    """Every worked duty's time off in a pay period (owed, taken or overdue), by person."""
    from hotspot_tui.services.payroll import resolve_period

    session.require(Permission.EXPORT)
    if fmt not in FORMATS:
        raise ValidationFailed(f"unknown format {fmt!r}: choose csv or xlsx")
    with session.reading() as db:
        period = resolve_period(db, period_text)
        target = Path(out) if out else Path(f"time-off-{period.id}.{fmt}")
        count = store.count_for_period(db, period.id)
        with new_file(target) as fh:
            rows = store.iter_for_period(db, period.id)
            written = write_csv(rows, fh.handle) if fmt == "csv" else write_xlsx(
                rows, fh.handle, title=f"Time off {period.id}")
        if progress:
            progress(written, count)
    return TimeOffExport(fh.path, period.id, written)


def _person(session: Session, payroll_number: str) -> dict[str, Any]:
    from hotspot_tui.store import staff as staff_store

    with session.reading() as db:
        person = staff_store.find_by_payroll_number(db, (payroll_number or "").strip())
    if person is None:
        raise NotFound(f"nobody has payroll number {(payroll_number or '').strip()!r}")
    return person


def owed_by_payroll_number(session: Session, payroll_number: str) -> list[OwedLine]:
    """Every item of time off the person with this payroll number is owed, newest first."""
    return owed_for_person(session, _person(session, payroll_number)["id"], limit=10_000)


def set_taken_for(session: Session, payroll_number: str, for_date: date, taken_on: date | None,
                  kind: str | None = None, reason: str | None = None) -> OwedLine:
    """`set_taken` for the time off a person earned on a day (the kind says which, when a
    duty earned more than one)."""
    person = _person(session, payroll_number)
    found = [o for o in owed_for_person(session, person["id"], limit=10_000)
             if o.for_date == for_date and (kind is None or o.kind == kind)]
    if not found:
        raise NotFound(f"{person['name']} is owed no time off for {for_date:%d %b %Y}")
    if len(found) > 1:
        kinds = ", ".join(sorted({o.kind for o in found}))
        raise ValidationFailed(f"more than one kind of time off is owed for that day: give --kind ({kinds})")
    item = found[0]
    set_taken(session, item.assignment_id, item.kind, item.for_date, taken_on, reason)
    return item
