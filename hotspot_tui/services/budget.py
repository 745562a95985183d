"""Edit the grant, its end date, area allocations and non-patrol spend lines; all audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from hotspot_tui.domain import budget as calc
from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock import to_local_naive
from hotspot_tui.domain.clock_utc import utc_now_text
from hotspot_tui.domain.dates import parse_day_as
from hotspot_tui.domain.ids import new_id
from hotspot_tui.domain.text import clean_text
from hotspot_tui.errors import NotFound, ValidationFailed
from hotspot_tui.services.session import Session
from hotspot_tui.store import audit
from hotspot_tui.store import budget as store

if TYPE_CHECKING:
    from sqlite_utils import Database

DESCRIPTION_MAX = 200
CATEGORY_MAX = 60


@dataclass(frozen=True)
class AllocationLine:
    area_id: str
    name: str
    district: str
    allocation_pence: int | None


@dataclass(frozen=True)
class SpendLine:
    id: str
    description: str
    category: str
    area_id: str | None
    area: str | None
    amount_pence: int
    spent_on: date


@dataclass(frozen=True)
class BudgetView:
    name: str
    grant_pence: int
    starts_on: date
    ends_on: date
    allocations: list[AllocationLine]
    spend_lines: list[SpendLine]
    spend_total_pence: int

    @property
    def allocated_pence(self) -> int:
        return sum(a.allocation_pence or 0 for a in self.allocations)

    @property
    def unallocated_pence(self) -> int:
        return self.grant_pence - self.allocated_pence - self.spend_total_pence


# --- reading and checking input --------------------------------------------------------------

def parse_money(value: str | int, what: str = "amount", *, allow_zero: bool = True) -> int:
    """Pence from pounds text (or pence as an int); ValidationFailed with one line if bad."""
    if isinstance(value, int):
        pence = value
        if pence < 0:
            raise ValidationFailed(f"the {what} cannot be negative")
    else:
        try:
            pence = calc.parse_pounds(value)
        except ValueError as exc:
            raise ValidationFailed(f"{what}: {exc}") from None
    if pence > calc.MAX_GRANT_PENCE:
        raise ValidationFailed(f"the {what} {calc.pounds(pence)} is too large; check the figure")
    if not allow_zero and pence == 0:
        raise ValidationFailed(f"the {what} must be more than £0.00")
    return pence


def parse_day(value: str | date, what: str = "date") -> date:
    if isinstance(value, date):
        return value
    day = parse_day_as(value, what, to_local_naive(clock_utc.utc_now()).date())
    if day is None:
        raise ValidationFailed(f"{what}: type a date, e.g. 2027-04-30 or 30 apr 2027")
    return day


def _view_line(row: dict[str, Any]) -> SpendLine:
    return SpendLine(str(row["id"]), str(row["description"]), str(row["category"]),
                     row["area_id"], row["area"], int(row["amount_pence"]),
                     date.fromisoformat(str(row["spent_on"])))


def budget_view(session: Session) -> BudgetView:
    with session.reading() as db:
        budget = store.get_budget(db)
        allocations = store.allocations(db)
        lines = store.spend_lines(db)
        spend_total = store.spend_line_total(db)
    if budget is None:
        raise NotFound("this database has no budget yet; set the grant first")
    return BudgetView(
        name=budget["name"],
        grant_pence=budget["grant_pence"],
        starts_on=date.fromisoformat(budget["starts_on"]),
        ends_on=date.fromisoformat(budget["ends_on"]),
        allocations=[AllocationLine(a["area_id"], a["name"], a["district"], a["allocation_pence"])
                     for a in allocations],
        spend_lines=[_view_line(r) for r in lines],
        spend_total_pence=spend_total,
    )


# --- changes ----------------------------------------------------------------------------------

def update_budget(session: Session, *, grant: str | int, ends_on: str | date,
                  name: str | None = None) -> None:
    """Change the grant and/or the end date (and the name)."""
    grant_pence = parse_money(grant, "grant", allow_zero=False)
    end = parse_day(ends_on, "end date")
    with session.writing(Permission.SETTINGS) as db:
        before = store.get_budget(db)
        if before is None:
            raise NotFound("this database has no budget yet")
        new_name = clean_text(name if name is not None else before["name"], "The name", 120)
        if not new_name:
            raise ValidationFailed("the budget needs a name")
        if end <= date.fromisoformat(before["starts_on"]):
            raise ValidationFailed(f"the end date must be after the start date {before['starts_on']}")
        allocated = store.allocation_total(db)
        if grant_pence < allocated:
            raise ValidationFailed(
                f"the area allocations total {calc.pounds(allocated)}; lower them before setting "
                f"the grant to {calc.pounds(grant_pence)}"
            )
        after = {"name": new_name, "grant_pence": grant_pence, "ends_on": end.isoformat()}
        old = {k: before[k] for k in after}
        if after == old:
            return
        store.save_budget(db, name=new_name, grant_pence=grant_pence, starts_on=before["starts_on"],
                          ends_on=end.isoformat(), now=utc_now_text())
        audit.append(db, actor=session.actor, action="budget.update", entity="budget", entity_id="1",
                     details={"before": old, "after": after})


def set_allocation(session: Session, area_id: str, amount: str | int | None) -> None:
    """Set an area's allocation; empty text or None removes it."""
    pence = None if amount is None or (isinstance(amount, str) and not amount.strip()) else (
        parse_money(amount, "allocation"))
    with session.writing(Permission.SETTINGS) as db:
        area = store.get_area(db, area_id)
        if area is None:
            raise NotFound("that area no longer exists")
        budget = store.get_budget(db)
        before = store.get_allocation(db, area_id)
        if pence is not None and budget is not None:
            others = store.allocation_total(db, except_area=area_id)
            if others + pence > budget["grant_pence"]:
                room = max(0, budget["grant_pence"] - others)
                raise ValidationFailed(
                    f"allocations would total {calc.pounds(others + pence)}, more than the grant "
                    f"{calc.pounds(budget['grant_pence'])}; at most {calc.pounds(room)} is free"
                )
        if before == pence:
            return
        store.set_allocation(db, area_id, pence, utc_now_text())
        audit.append(db, actor=session.actor, action="allocation.set", entity="area_allocation",
                     entity_id=area_id,
                     details={"area": area["name"], "before": {"allocation_pence": before},
                              "after": {"allocation_pence": pence}})


def _spend_fields(db: Database, description: str, amount: str | int, spent_on: str | date,
                  area_id: str | None, category: str | None) -> dict[str, object]:
    text = clean_text(description, "The description", DESCRIPTION_MAX)
    if not text:
        raise ValidationFailed("describe what the money was spent on")
    cat = clean_text(category or "", "The category", CATEGORY_MAX) or "crime prevention"
    pence = parse_money(amount, "amount", allow_zero=False)
    day = parse_day(spent_on, "date spent")
    budget = store.get_budget(db)
    if budget is not None:
        starts, ends = budget["starts_on"], budget["ends_on"]
        if not starts <= day.isoformat() <= ends:
            raise ValidationFailed(f"the date spent must be within the operation, {starts} to {ends}")
    area = area_id or None
    if area is not None and store.get_area(db, area) is None:
        raise NotFound("that area no longer exists")
    return {"description": text, "category": cat, "area_id": area, "amount_pence": pence,
            "spent_on": day.isoformat()}


def add_spend_line(session: Session, *, description: str, amount: str | int, spent_on: str | date,
                   area_id: str | None = None, category: str | None = None) -> str:
    line_id = new_id()
    with session.writing(Permission.SETTINGS) as db:
        fields = _spend_fields(db, description, amount, spent_on, area_id, category)
        row = {"id": line_id, **fields, "created_at": utc_now_text(), "created_by": session.actor}
        store.insert_spend_line(db, row)
        audit.append(db, actor=session.actor, action="spend_line.add", entity="spend_line",
                     entity_id=line_id, details={"before": None, "after": fields})
    return line_id


def edit_spend_line(session: Session, line_id: str, *, description: str, amount: str | int,
                    spent_on: str | date, area_id: str | None = None, category: str | None = None) -> None:
    with session.writing(Permission.SETTINGS) as db:
        before = store.get_spend_line(db, line_id)
        if before is None:
            raise NotFound("that spend line no longer exists")
        fields = _spend_fields(db, description, amount, spent_on, area_id, category)
        old = {k: before[k] for k in fields}
        if old == fields:
            return
        store.update_spend_line(db, line_id, fields)
        audit.append(db, actor=session.actor, action="spend_line.edit", entity="spend_line",
                     entity_id=line_id, details={"before": old, "after": fields})


def delete_spend_line(session: Session, line_id: str) -> None:
    with session.writing(Permission.SETTINGS) as db:
        before = store.get_spend_line(db, line_id)
        if before is None:
            raise NotFound("that spend line no longer exists")
        store.delete_spend_line(db, line_id)
        old = {k: before[k] for k in ("description", "category", "area_id", "amount_pence", "spent_on")}
        audit.append(db, actor=session.actor, action="spend_line.delete", entity="spend_line",
                     entity_id=line_id, details={"before": old, "after": None})
