"""Hotspot areas and employers: add or retire an area, add a council, set recharge rates."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.domain.dates import in_range
from hotspot_tui.domain.ids import new_id
from hotspot_tui.domain.models import Area, Employer
from hotspot_tui.errors import NotFound, ValidationFailed
from hotspot_tui.services.pay_facts import record_employer_rates
from hotspot_tui.services.session import Session
from hotspot_tui.store import audit
from hotspot_tui.store import organisation as store

if TYPE_CHECKING:
    from sqlite_utils import Database


@dataclass(frozen=True)
class AreaLine:
    name: str
    district: str
    cost_code: str
    active: bool


@dataclass(frozen=True)
class EmployerLine:
    name: str
    kind: str
    weekday_rate_pence: int | None
    weekend_rate_pence: int | None
    holiday_rate_pence: int | None


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    field = ".".join(str(p) for p in error["loc"])
    message = error["msg"].removeprefix("Value error, ")
    return f"{field}: {message}" if field else message


def list_areas(session: Session) -> list[AreaLine]:
    from hotspot_tui.store.areas import list_areas as rows

    with session.reading() as db:
        return [AreaLine(r["name"], r["district"], r["cost_code"], bool(r["active"]))
                for r in rows(db, include_retired=True)]


def add_area(session: Session, name: str, district: str, cost_code: str) -> str:
    with session.writing(Permission.SETTINGS) as db:
        return str(insert_area(db, session.actor, name, district, cost_code)["id"])


def insert_area(db: Database, actor: str, name: str, district: str, cost_code: str) -> dict[str, Any]:
    """A new area, checked and audited, inside the caller's write (which needs
    Permission.SETTINGS); its row."""
    try:
        area = Area(id=new_id(), name=name, district=district, cost_code=cost_code.upper())
    except ValidationError as exc:
        raise ValidationFailed(_first_error(exc)) from None
    if store.find_area_by_name(db, area.name):
        raise ValidationFailed(f"there is already an area called {area.name}")
    if store.area_with_cost_code(db, area.cost_code):
        raise ValidationFailed(f"cost code {area.cost_code} is already used by another area")
    row = {**area.model_dump(), "active": 1, "created_at": utc_now_text()}
    store.insert_area(db, row)
    audit.append(db, actor=actor, action="area.add", entity="area", entity_id=area.id,
                 details={"name": area.name, "district": area.district, "cost_code": area.cost_code})
    return row


def set_area_active(session: Session, name: str, active: bool, reason: str | None = None) -> None:
    """Retire an area (no new patrols; history kept) or bring it back; retiring needs a reason."""
    reason = (reason or "").strip() or None
    if not active and not reason:
        raise ValidationFailed("say why the area is being retired")
    with session.writing(Permission.SETTINGS) as db:
        area = store.find_area_by_name(db, name)
        if area is None:
            raise NotFound(f"no area called {name.strip()}")
        if bool(area["active"]) == active:
            raise ValidationFailed(f"{area['name']} is already {'active' if active else 'retired'}")
        if not active:
            planned = store.future_patrols_in_area(db, area["id"], utc_now_text())
            if planned:
                raise ValidationFailed(
                    f"{area['name']} has {planned} planned patrol{'s' if planned != 1 else ''} to come;"
                    " cancel them first"
                )
        store.set_area_active(db, area["id"], active)
        audit.append(db, actor=session.actor, action="area.reactivate" if active else "area.retire",
                     entity="area", entity_id=area["id"], reason=reason,
                     details={"name": area["name"]})


def list_employers(session: Session) -> list[EmployerLine]:
    with session.reading() as db:
        return [EmployerLine(r["name"], r["kind"], r["weekday_rate_pence"], r["weekend_rate_pence"],
                             r["holiday_rate_pence"]) for r in store.employers_with_rates(db)]


def recharge_rates_on(session: Session, name: str, day: date) -> EmployerLine:
    """A council's recharge rates in force on a force date (its dated rates, else its own),
    for quoting a patrol; NotFound if no employer has that name."""
    from hotspot_tui.store.pay_facts import employer_rates_on

    with session.reading() as db:
        employer = store.find_employer_by_name(db, name)
        if employer is None:
            raise NotFound(f"no employer named {name.strip()!r}")
        if employer["weekday_rate_pence"] is not None:
            employer.update(employer_rates_on(db, employer["id"], day.isoformat()) or {})
    return EmployerLine(employer["name"], employer["kind"], employer["weekday_rate_pence"],
                        employer["weekend_rate_pence"], employer["holiday_rate_pence"])


def add_employer(session: Session, name: str, kind: str, rates: tuple[int, int, int]) -> str:
    try:
        employer = Employer.model_validate({
            "id": new_id(), "name": name, "kind": kind, "weekday_rate_pence": rates[0],
            "weekend_rate_pence": rates[1], "holiday_rate_pence": rates[2]})
    except ValidationError as exc:
        raise ValidationFailed(_first_error(exc)) from None
    if employer.kind == "force":
        raise ValidationFailed("the force is already an employer; add councils or BIDs here")
    with session.writing(Permission.SETTINGS) as db:
        if store.find_employer_by_name(db, employer.name):
            raise ValidationFailed(f"there is already an employer called {employer.name}")
        store.insert_employer(db, {**employer.model_dump(), "created_at": utc_now_text()})
        audit.append(db, actor=session.actor, action="employer.add", entity="employer",
                     entity_id=employer.id, details=employer.model_dump(exclude={"id"}))
    return employer.id


def set_recharge_rates(
    session: Session, name: str, rates: tuple[int, int, int], effective: date, reason: str
) -> int:
    """New recharge rates for a council, in force from the force date `effective` (earlier
    patrols keep the rates of their day); its people's patrols from that date are costed
    again (in locked pay periods the difference becomes an adjustment). Returns people
    recosted."""
    reason = reason.strip()
    if not reason:
        raise ValidationFailed("say why the rates are changing (e.g. the council's letter)")
    if any(r < 0 for r in rates):
        raise ValidationFailed("rates cannot be negative")
    in_range(effective, "the date the rates apply from,")
    with session.writing(Permission.SETTINGS) as db:
        employer = store.find_employer_by_name(db, name)
        if employer is None:
            raise NotFound(f"no employer called {name.strip()}")
        if employer["kind"] == "force":
            raise ValidationFailed("the force's people are paid from salaries, not recharge rates")
        after = dict(zip(("weekday_rate_pence", "weekend_rate_pence", "holiday_rate_pence"), rates,
                         strict=True))
        people = record_employer_rates(db, session.actor, employer, after, effective.isoformat(), reason)
    return len(people)
