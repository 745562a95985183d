"""People who work extra duty: find them a page at a time, see their figures, add and change them.

Each change is one transaction with its audit row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.calendar import day_start_utc, force_week_of
from hotspot_tui.domain.clock import to_local
from hotspot_tui.domain.clock_utc import from_utc_text, to_utc_text
from hotspot_tui.domain.headroom import Headroom, headroom, reference_window
from hotspot_tui.domain.ids import natural_id, new_id
from hotspot_tui.domain.models import StaffMember
from hotspot_tui.domain.rules import PayRules, WorkingTimeRules
from hotspot_tui.domain.staff_input import StaffInput, build_staff_member
from hotspot_tui.domain.text import REASON_MAX, plain_text_problem
from hotspot_tui.errors import FormInvalid, NotFound, ValidationFailed
from hotspot_tui.services import pay_facts
from hotspot_tui.services.pay_rules import load_rules
from hotspot_tui.services.session import Session
from hotspot_tui.services.worktime import OptOut, opt_out_on
from hotspot_tui.store import areas as area_store
from hotspot_tui.store import audit, person_stats, staff_search
from hotspot_tui.store import pay_facts as pay_store
from hotspot_tui.store import payroll as payroll_store
from hotspot_tui.store import staff as store

if TYPE_CHECKING:
    from sqlite_utils import Database

LONDON = ZoneInfo("Europe/London")
PAGE_SIZE = 60


PAY_FIELDS = frozenset({
    "kind", "rank", "employer_id", "pay_basis", "annual_salary_pence", "hourly_rate_pence",
    "contracted_weekly_minutes",
})
"""Changing any of these changes what the person's patrols cost."""


def _first_open_day(db: Database) -> str:
    """The first day of the first open pay period, or "from the start" when none is locked:
    where a pay change without a date of its own takes effect."""
    return payroll_store.first_open_day(db) or pay_store.SINCE_EVER


@dataclass(frozen=True)
class SearchFilter:
    text: str = ""
    kind: str | None = None
    employer_id: str | None = None
    include_inactive: bool = False


@dataclass(frozen=True)
class StaffLine:
    id: str
    name: str
    kind: str
    rank: str | None
    payroll_number: str
    collar_number: str | None
    employer_name: str
    home_area_name: str | None
    active: bool


@dataclass(frozen=True)
class StaffPage:
    lines: list[StaffLine]
    next_after: tuple[str, str] | None
    total: int | None = None


@dataclass(frozen=True)
class Choice:
    id: str
    name: str
    kind: str = ""


@dataclass(frozen=True)
class FormChoices:
    employers: list[Choice]
    areas: list[Choice]


def now_utc() -> datetime:
    return clock_utc.utc_now()


def form_choices(session: Session) -> FormChoices:
    with session.reading() as db:
        employers = [Choice(r["id"], r["name"], r["kind"]) for r in store.list_employers(db)]
        areas = [Choice(r["id"], r["name"]) for r in area_store.list_areas(db)]
    return FormChoices(employers, areas)


def search_page(
    session: Session,
    flt: SearchFilter,
    *,
    after: tuple[str, str] | None = None,
    limit: int = PAGE_SIZE,
    with_total: bool = False,
) -> StaffPage:
    """One page of people in name order; pass `next_after` back for the next page."""
    with session.reading() as db:
        rows = staff_search.search_page(
            db, text=flt.text, kind=flt.kind, employer_id=flt.employer_id,
            include_inactive=flt.include_inactive, after=after, limit=limit + 1)
        total = staff_search.count_matching(
            db, text=flt.text, kind=flt.kind, employer_id=flt.employer_id,
            include_inactive=flt.include_inactive) if with_total else None
    more = len(rows) > limit
    rows = rows[:limit]
    lines = [
        StaffLine(r["id"], r["name"], r["kind"], r["rank"], r["payroll_number"], r["collar_number"],
                  r["employer_name"], r["home_area_name"], bool(r["active"]))
        for r in rows
    ]
    next_after = (rows[-1]["name"], rows[-1]["id"]) if more and rows else None
    return StaffPage(lines, next_after, total)


# --- a person's page -------------------------------------------------------------------


@dataclass(frozen=True)
class Upcoming:
    assignment_id: str
    shift_id: str | None
    area_name: str
    start: datetime
    end: datetime
    duty: str | None = None
    """A normal duty's type (early, late, night, day, rest_day, leave); None for a patrol."""


@dataclass(frozen=True)
class PersonSummary:
    person: dict[str, Any]
    now: datetime
    week_worked: int
    week_planned: int
    four_weeks_worked: int
    to_date_worked: int
    patrols_worked: int
    cost_pence: int
    headroom: Headroom
    upcoming: list[Upcoming] = field(default_factory=list)
    upcoming_next: tuple[str, str] | None = None
    opt_out: OptOut | None = None
    """The 48-hour opt-out in force today."""


def working_time_rules(db: Database, on: date) -> WorkingTimeRules:
    """The force's working-time rules in force on a date, or the DOMAIN defaults when the
    stored rules cannot be read."""
    try:
        return load_rules(db, on=on).working_time
    except ValidationFailed:
        return WorkingTimeRules()


def force_week_bounds(db: Database, now: datetime) -> tuple[datetime, datetime]:
    """The start of the force week holding `now` and of the next one (the domain's force
    week: the day and weekday it starts are settings)."""
    try:
        rules = load_rules(db, on=now.astimezone(LONDON).date())
    except ValidationFailed:
        rules = PayRules()
    cal = rules.calendar
    week = force_week_of(now, rules)
    return (day_start_utc(week, cal.timezone, cal.day_starts),
            day_start_utc(week + timedelta(days=7), cal.timezone, cal.day_starts))


def upcoming_page(
    session: Session, staff_id: str, *, now: datetime | None = None,
    after: tuple[str, str] | None = None, limit: int = 8,
) -> tuple[list[Upcoming], tuple[str, str] | None]:
    now = now or now_utc()
    with session.reading() as db:
        rows = person_stats.upcoming(db, staff_id, to_utc_text(now), after=after, limit=limit + 1)
    more = len(rows) > limit
    rows = rows[:limit]
    items = [Upcoming(r["id"], r["shift_id"], r["area_name"] or "", from_utc_text(r["start_utc"]),
                      from_utc_text(r["end_utc"]), r["duty_type"]) for r in rows]
    return items, ((rows[-1]["start_utc"], rows[-1]["id"]) if more and rows else None)


def person_summary(session: Session, staff_id: str, *, now: datetime | None = None,
                   upcoming_limit: int = 8) -> PersonSummary:
    now = now or now_utc()
    now_text = to_utc_text(now)
    with session.reading() as db:
        person = store.get_person(db, staff_id)
        if person is None:
            raise NotFound("that person no longer exists")
        starts, ends = force_week_bounds(db, now)
        week_from, week_to = to_utc_text(starts), to_utc_text(ends)
        four_from = to_utc_text(starts - timedelta(weeks=3))
        limits = working_time_rules(db, now.astimezone(LONDON).date())
        window_from, window_to = reference_window(now, limits)
        week = person_stats.minutes_between(db, staff_id, week_from, week_to)
        four = person_stats.minutes_between(db, staff_id, four_from, week_to)
        window = person_stats.minutes_between(db, staff_id, to_utc_text(window_from),
                                              to_utc_text(window_to))
        totals = person_stats.worked_totals(db, staff_id)
        last_end = person_stats.last_duty_end(db, staff_id, now_text)
        area_name = None
        if person["home_area_id"]:
            area_name = next((a["name"] for a in area_store.list_areas(db, include_retired=True)
                              if a["id"] == person["home_area_id"]), None)
    room = headroom(
        now=now, contracted_weekly_minutes=person["contracted_weekly_minutes"],
        extra_minutes_in_window=window["worked"] + window["planned"],
        last_duty_end=from_utc_text(last_end) if last_end else None, limits=limits,
    )
    items, next_after = upcoming_page(session, staff_id, now=now, limit=upcoming_limit)
    opted = opt_out_on(session, staff_id, to_local(now).date())
    return PersonSummary(
        person={**person, "home_area_name": area_name}, now=now,
        week_worked=week["worked"], week_planned=week["planned"],
        four_weeks_worked=four["worked"], to_date_worked=totals["minutes"],
        patrols_worked=totals["patrols"], cost_pence=totals["cost_pence"], headroom=room,
        upcoming=items, upcoming_next=next_after, opt_out=opted,
    )


# --- changes ---------------------------------------------------------------------------


def _employer_kind(choices: list[dict[str, Any]], employer_id: str | None) -> str | None:
    return next((e["kind"] for e in choices if e["id"] == employer_id), None)


def _validated(db: Any, staff_id: str, raw: StaffInput, *, exclude_id: str | None) -> StaffMember:
    employers = store.list_employers(db)
    if raw.employer_id and not any(e["id"] == raw.employer_id for e in employers):
        raise FormInvalid({"employer": "that employer no longer exists"})
    employer = next((e for e in employers if e["id"] == raw.employer_id), None)
    raw = StaffInput(**{**raw.__dict__, "employer_kind": _employer_kind(employers, raw.employer_id),
                        "payroll_format": employer["payroll_number_format"] if employer else None})
    member, errors = build_staff_member(staff_id, raw)
    if member is not None:
        owner = store.number_owner(db, "payroll_number", member.payroll_number, exclude_id)
        if owner:
            errors["payroll_number"] = f"{member.payroll_number} is already {owner}'s payroll number"
        if member.collar_number:
            owner = store.number_owner(db, "collar_number", member.collar_number, exclude_id)
            if owner:
                errors["collar_number"] = f"{member.collar_number} is already {owner}'s collar number"
    if errors or member is None:
        raise FormInvalid(errors)
    return member


def _row(member: StaffMember) -> dict[str, Any]:
    row = member.model_dump()
    row["active"] = int(member.active)
    return row


def _public(row: dict[str, Any]) -> dict[str, Any]:
    keys = ("payroll_number", "collar_number", "name", "kind", "rank", "employer_id", "home_area_id",
            "pay_basis", "annual_salary_pence", "hourly_rate_pence", "contracted_weekly_minutes",
            "active")
    return {k: row.get(k) for k in keys}


def new_person_id(db: Database, payroll_number: str) -> str:
    """A new person's id, made from their payroll number: the same person added on two
    copies of the database is then one person when the copies sync. (A number that once
    belonged to someone else, whose id that was, gets a fresh id.)"""
    wanted = natural_id("staff", payroll_number)
    return new_id() if store.id_taken(db, wanted) else wanted


def add_person(session: Session, raw: StaffInput) -> str:
    """Validate and add a person; returns the new id. Raises FormInvalid with field errors."""
    with session.writing(Permission.STAFF) as db:
        member = _validated(db, new_id(), raw, exclude_id=None)
        staff_id = new_person_id(db, member.payroll_number)
        now = clock_utc.utc_now_text()
        row = {**_row(member), "id": staff_id, "created_at": now, "updated_at": now}
        store.insert_person(db, row)
        audit.append(db, actor=session.actor, action="staff.create", entity="staff",
                     entity_id=staff_id, staff_id=staff_id, details={"after": _public(row)})
    return staff_id


def edit_person(session: Session, staff_id: str, raw: StaffInput, reason: str | None = None,
                pay_from: date | None = None) -> list[str]:
    """Change a person's details; returns the names of the fields that changed.

    Pay facts (kind, employer, rank, salary or rate, hours) change from the force date
    `pay_from`, kept in their dated history; without one, from the first day of the first
    open pay period (every patrol when nothing has been locked), so pay already sent is
    never repriced by a form edit."""
    why = (reason or "").strip() or None
    problem = plain_text_problem(why or "", REASON_MAX)
    if problem:
        raise FormInvalid({"reason": f"the reason {problem}"})
    with session.writing(Permission.STAFF) as db:
        before = store.get_person(db, staff_id)
        if before is None:
            raise NotFound("that person no longer exists")
        raw = StaffInput(**{**raw.__dict__, "active": bool(before["active"])})
        member = _validated(db, staff_id, raw, exclude_id=staff_id)
        after = _row(member)
        changes = {k: v for k, v in _public(after).items() if before.get(k) != v}
        if not changes:
            return []
        now = clock_utc.utc_now_text()
        plain = {k: v for k, v in changes.items() if k not in PAY_FIELDS}
        store.update_person(db, staff_id, {**plain, "updated_at": now})
        audit.append(
            db, actor=session.actor, action="staff.update", entity="staff", entity_id=staff_id,
            staff_id=staff_id, reason=why,
            details={"before": {k: before.get(k) for k in changes}, "after": changes},
        )
        if PAY_FIELDS & changes.keys():
            effective = pay_from.isoformat() if pay_from else _first_open_day(db)
            facts = {k: after[k] for k in pay_store.PERSON_FACTS}
            pay_facts.record_person_facts(db, session.actor, before, facts, effective,
                                          why or "pay details changed on the staff form")
    return sorted(changes)


def set_active(session: Session, staff_id: str, active: bool, reason: str) -> None:
    """Deactivate (with a reason) or reactivate a person; both audited."""
    reason_text = (reason or "").strip()
    if not active and not reason_text:
        raise FormInvalid({"reason": "say why this person is being deactivated"})
    problem = plain_text_problem(reason_text, REASON_MAX)
    if problem:
        raise FormInvalid({"reason": f"the reason {problem}"})
    with session.writing(Permission.STAFF) as db:
        person = store.get_person(db, staff_id)
        if person is None:
            raise NotFound("that person no longer exists")
        if bool(person["active"]) == active:
            raise ValidationFailed(f"{person['name']} is already {'active' if active else 'inactive'}")
        store.update_person(db, staff_id, {"active": int(active),
                                           "updated_at": clock_utc.utc_now_text()})
        audit.append(db, actor=session.actor,
                     action="staff.reactivate" if active else "staff.deactivate",
                     entity="staff", entity_id=staff_id, staff_id=staff_id,
                     reason=reason_text or None)


def input_from_person(person: dict[str, Any]) -> StaffInput:
    """The form's text for an existing person."""
    def pounds(pence: int | None) -> str:
        return "" if pence is None else (f"{pence // 100}" if pence % 100 == 0
                                         else f"{pence // 100}.{pence % 100:02d}")

    minutes = person["contracted_weekly_minutes"] or 0
    hours = "" if not minutes else (str(minutes // 60) if minutes % 60 == 0
                                    else f"{minutes // 60}:{minutes % 60:02d}")
    return StaffInput(
        name=person["name"], payroll_number=person["payroll_number"],
        collar_number=person["collar_number"] or "", kind=person["kind"], rank=person["rank"] or "",
        employer_id=person["employer_id"], home_area_id=person["home_area_id"],
        salary=pounds(person["annual_salary_pence"]) if person["pay_basis"] == "annual" else "",
        hourly_rate=pounds(person["hourly_rate_pence"]) if person["pay_basis"] == "hourly" else "",
        contracted_hours=hours, active=bool(person["active"]),
    )


def get_person(session: Session, staff_id: str) -> dict[str, Any]:
    with session.reading() as db:
        person = store.get_person(db, staff_id)
    if person is None:
        raise NotFound("that person no longer exists")
    return person


def people_by_payroll_number(session: Session, numbers: list[str]) -> list[tuple[str, str]]:
    """(id, name) of the people with these payroll numbers (any case), in the order given."""
    found: list[tuple[str, str]] = []
    with session.reading() as db:
        for number in numbers:
            wanted = number.strip().upper()
            person = store.person_by_payroll_number(db, wanted)
            if person is None:
                raise NotFound(f"nobody has payroll number {wanted or '(blank)'}")
            found.append((person["id"], person["name"]))
    return found
