"""Patrols: create, edit, cancel and reinstate them; recurring patterns; one patrol's page.

Each write is one transaction with its audit row.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from hotspot_tui.domain import bookings
from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.calendar import holiday_name
from hotspot_tui.domain.clock import (
    LocalTimeError,
    WallTime,
    resolve_wall,
    to_local_naive,
    zone_if_repeated,
)
from hotspot_tui.domain.clock_utc import from_utc_text, to_utc_text, utc_now_text
from hotspot_tui.domain.ids import new_id
from hotspot_tui.domain.patterns import MAX_NEED, PatternSpec, parse_pattern
from hotspot_tui.domain.refs import normalise_ref
from hotspot_tui.domain.rules import WorkingTimeRules
from hotspot_tui.domain.text import NOTES_MAX, REASON_MAX, clean_text
from hotspot_tui.domain.working_time import Violation, default_break_minutes
from hotspot_tui.errors import FormInvalid, NotFound, ValidationFailed
from hotspot_tui.services import checks, costing, worktime
from hotspot_tui.services.rules_source import rules_for
from hotspot_tui.services.session import Session
from hotspot_tui.store import assignments as assignment_store
from hotspot_tui.store import audit
from hotspot_tui.store import pay_lines as pay_line_store
from hotspot_tui.store import shifts as store

if TYPE_CHECKING:
    from sqlite_utils import Database

KINDS = ("officer", "pcso", "ceo")
MAX_MINUTES = 16 * 60
MAX_BREAK_MINUTES = 240


@dataclass(frozen=True)
class ShiftDraft:
    """A patrol as a form gives it: local day and wall times (end ≤ start: next morning)."""

    area_id: str
    day: date
    start: time
    end: time
    need: dict[str, int]
    notes: str = ""
    break_minutes: int | None = None
    """The break planned within the patrol; None: the rules' default for its length."""
    start_zone: str | None = None
    end_zone: str | None = None
    """BST or GMT, as typed: which of a wall time that happens twice (clocks going back)."""


def draft_between(area_id: str, start: WallTime, end: WallTime, need: dict[str, int],
                  notes: str = "", break_minutes: int | None = None) -> ShiftDraft:
    """A patrol given by its start and end date-times (the command line's way): the end
    must fall on the start's day or the next morning, after the start."""
    days = (end.at.date() - start.at.date()).days
    overnight = end.at.time() <= start.at.time()
    if days not in (0, 1) or (days == 1) != overnight:
        if end.at <= start.at:
            raise ValidationFailed("the end must be after the start")
        raise ValidationFailed(f"a patrol can be at most {MAX_MINUTES // 60} hours long")
    return ShiftDraft(area_id, start.at.date(), start.at.time(), end.at.time(), need, notes,
                      break_minutes, start.zone, end.zone)


def _minutes(start: datetime, end: datetime) -> int:
    return int((end - start).total_seconds() // 60)


def _instants(day: date, start: time, end: time, start_zone: str | None = None,
              end_zone: str | None = None, *, strict: bool = True) -> tuple[datetime, datetime]:
    """The patrol's instants; a wall time that happens twice needs its zone (BST/GMT),
    one that does not exist is refused (`domain.clock.resolve_wall`)."""
    end_day = day + timedelta(days=1) if end <= start else day
    try:
        start_utc = resolve_wall(datetime.combine(day, start), start_zone, strict=strict)
        end_utc = resolve_wall(datetime.combine(end_day, end), end_zone, strict=strict)
    except LocalTimeError as exc:
        raise ValidationFailed(str(exc)) from exc
    if end_utc <= start_utc:
        raise ValidationFailed("the end must be after the start")
    if _minutes(start_utc, end_utc) > MAX_MINUTES:
        longest = f"a patrol can be at most {MAX_MINUTES // 60} hours long"
        raise FormInvalid({"end": f"{longest} (a finish at or before the start is the next "
                                  "morning)"}, longest)
    return start_utc, end_utc


def check_times(draft: ShiftDraft) -> tuple[datetime, datetime]:
    """The draft's start and end instants, or the one-line refusal a form shows inline
    (a time that happens twice without BST/GMT, one that does not exist, too long)."""
    return _instants(draft.day, draft.start, draft.end, draft.start_zone, draft.end_zone)


def _check_need(need: dict[str, int]) -> dict[str, int]:
    clean = {k: int(need.get(k, 0) or 0) for k in KINDS}
    if any(v < 0 or v > MAX_NEED for v in clean.values()):
        raise ValidationFailed(f"cover must be between 0 and {MAX_NEED} of each kind")
    if not any(clean.values()):
        raise ValidationFailed("a patrol needs at least one person")
    return clean


def _break(minutes: int, wanted: int | None, wt: WorkingTimeRules) -> int:
    if wanted is None:
        return default_break_minutes(minutes, wt)
    if wanted < 0 or wanted > MAX_BREAK_MINUTES:
        message = f"a break must be between 0 and {MAX_BREAK_MINUTES} minutes"
        raise FormInvalid({"break": message}, message)
    if wanted >= minutes:
        message = "the break must be shorter than the patrol"
        raise FormInvalid({"break": message}, message)
    return wanted


def _row_times(draft: ShiftDraft, wt: WorkingTimeRules) -> dict[str, object]:
    start_utc, end_utc = _instants(draft.day, draft.start, draft.end, draft.start_zone,
                                   draft.end_zone)
    need = _check_need(draft.need)
    minutes = _minutes(start_utc, end_utc)
    return {
        "start_utc": to_utc_text(start_utc), "end_utc": to_utc_text(end_utc),
        "local_date": draft.day.isoformat(),
        "need_officer": need["officer"], "need_pcso": need["pcso"], "need_ceo": need["ceo"],
        "notes": clean_text(draft.notes, "Notes", NOTES_MAX),
        "break_minutes": _break(minutes, draft.break_minutes, wt),
    }


def create_shift(session: Session, draft: ShiftDraft) -> str:
    shift_id = new_id()
    now = utc_now_text()
    with session.writing(Permission.PLAN) as db:
        fields = _row_times(draft, rules_for(db).working_time)
        area = store.get_area(db, draft.area_id)
        if area is None or not area["active"]:
            raise NotFound("that area does not exist or is retired")
        store.insert_shift(db, {
            "id": shift_id, "area_id": draft.area_id, **fields, "status": "planned",
            "created_at": now, "created_by": session.actor, "updated_at": now,
        })
        audit.append(db, actor=session.actor, action="shift.create", entity="shift",
                     entity_id=shift_id, shift_id=shift_id,
                     details={"area": area["name"], **fields})
    return shift_id


def edit_shift(session: Session, shift_id: str, draft: ShiftDraft,
               override_reason: str | None = None) -> None:
    """Change times, cover, break or notes; planned assignments move with the patrol.

    Everyone on it is checked again at the new times (and everyone whose other duties the
    move changes): a new working-time breach refuses the edit unless `override_reason`
    says why it stands."""
    override = (override_reason or "").strip() or None
    with session.writing(Permission.PLAN) as db:
        fields = _row_times(draft, rules_for(db).working_time)
        shift = store.get_shift(db, shift_id)
        if shift is None:
            raise NotFound("that patrol no longer exists")
        if shift["status"] != "planned":
            raise ValidationFailed("that patrol is cancelled; reinstate it before editing")
        if draft.area_id != shift["area_id"]:
            raise ValidationFailed("a patrol cannot move area; cancel it and create another")
        _stay_in_locked_period(db, shift["local_date"], str(fields["local_date"]))
        before = {k: shift[k] for k in fields}
        for row in store.live_assignments(db, shift_id):
            worktime.baseline_span(db, row["staff_id"], shift["start_utc"], shift["end_utc"],
                                   str(fields["start_utc"]), str(fields["end_utc"]),
                                   actor=session.actor)
        store.update_shift(db, shift_id, {**fields, "updated_at": utc_now_text()})
        if (fields["start_utc"], fields["end_utc"]) != (shift["start_utc"], shift["end_utc"]):
            for row in store.live_assignments(db, shift_id):
                assignment_store.move_assignment(db, row["id"], {
                    "start_utc": fields["start_utc"], "end_utc": fields["end_utc"],
                    "updated_at": utc_now_text(),
                })
                costing.recost_for_change(db, row["staff_id"], min(shift["start_utc"], fields["start_utc"]),
                                          max(shift["end_utc"], fields["end_utc"]))
        audit.append(db, actor=session.actor, action="shift.edit", entity="shift",
                     entity_id=shift_id, shift_id=shift_id, reason=override,
                     details={"before": before, "after": fields})
        for row in store.live_assignments(db, shift_id):
            worktime.recheck_span(db, row["staff_id"], shift["start_utc"], shift["end_utc"],
                                  str(fields["start_utc"]), str(fields["end_utc"]),
                                  actor=session.actor, override=override, cause="patrol edited")


def _stay_in_locked_period(db: Database, day: str, new_day: str) -> None:
    """A patrol of a locked pay period stays in it: what payroll was sent for it can be
    corrected (as adjustments), but paid again in another period it must not be."""
    for period_id, starts_on, ends_on in pay_line_store.locked_periods(db):
        if starts_on <= day < ends_on and not starts_on <= new_day < ends_on:
            raise ValidationFailed(
                f"this patrol is in pay period {period_id}, which is locked (sent to payroll): "
                "it cannot move out of it; correct its times within the period, or cancel it "
                "and add a new patrol")


def cancel_shift(session: Session, shift_id: str, reason: str,
                 override_reason: str | None = None) -> int:
    """Cancel the patrol and take everyone planned off it; returns how many came off.

    A patrol gone from a run of work can leave too little rest between what is either side
    of it: a new working-time breach for anyone on it refuses the cancellation unless
    `override_reason` says why it stands."""
    reason = clean_text(reason, "The reason", REASON_MAX)
    if not reason:
        raise ValidationFailed("say why the patrol is cancelled")
    override = clean_text(override_reason or "", "The reason", REASON_MAX) or None
    with session.writing(Permission.PLAN) as db:
        shift = store.get_shift(db, shift_id)
        if shift is None:
            raise NotFound("that patrol no longer exists")
        if shift["status"] == "cancelled":
            raise ValidationFailed("that patrol is already cancelled")
        now = utc_now_text()
        store.update_shift(db, shift_id, {"status": "cancelled", "cancel_reason": reason,
                                          "updated_at": now})
        people = store.live_assignments(db, shift_id)
        for row in people:
            worktime.baseline_span(db, row["staff_id"], shift["start_utc"], shift["end_utc"],
                                   actor=session.actor)
            assignment_store.update_assignment(db, row["id"], {
                "status": "cancelled", "reason": f"patrol cancelled: {reason}", "updated_at": now,
            })
            audit.append(db, actor=session.actor, action="assignment.cancel", entity="assignment",
                         entity_id=row["id"], shift_id=shift_id, staff_id=row["staff_id"],
                         reason=f"patrol cancelled: {reason}")
            costing.recost_for_change(db, row["staff_id"], shift["start_utc"], shift["end_utc"])
            worktime.recheck_span(db, row["staff_id"], shift["start_utc"], shift["end_utc"],
                                  actor=session.actor, override=override, cause="patrol cancelled")
        audit.append(db, actor=session.actor, action="shift.cancel", entity="shift",
                     entity_id=shift_id, shift_id=shift_id, reason=reason,
                     details={"people_taken_off": len(people)})
    return len(people)


def reinstate_shift(session: Session, shift_id: str) -> None:
    with session.writing(Permission.PLAN) as db:
        shift = store.get_shift(db, shift_id)
        if shift is None:
            raise NotFound("that patrol no longer exists")
        if shift["status"] != "cancelled":
            raise ValidationFailed("that patrol is not cancelled")
        store.update_shift(db, shift_id, {"status": "planned", "cancel_reason": None,
                                          "updated_at": utc_now_text()})
        audit.append(db, actor=session.actor, action="shift.reinstate", entity="shift",
                     entity_id=shift_id, shift_id=shift_id,
                     details={"was_cancelled_for": shift["cancel_reason"]})


# --- recurring patterns -----------------------------------------------------------------

@dataclass(frozen=True)
class PatternPreview:
    text: str
    spec: PatternSpec
    area_id: str
    area_name: str
    dates: list[date]
    clashes: list[date] = field(default_factory=list)
    holidays: dict[date, str] = field(default_factory=dict)
    """Dates that are public holidays (Christmas Day, New Year's Day...), with their names."""

    def summary(self) -> str:
        return self.spec.describe().replace(self.spec.area_text, self.area_name, 1)


def _pattern_instants(spec: PatternSpec, day: date) -> tuple[datetime, datetime]:
    try:
        return _instants(day, spec.start, spec.end, spec.start_zone, spec.end_zone, strict=False)
    except ValidationFailed as exc:
        raise ValidationFailed(f"{day:%a %d %b %Y}: {exc}") from exc


def _resolve_area(db, text: str) -> dict:
    found = store.find_area(db, text)
    if not found:
        raise ValidationFailed(f"there is no area called {text!r}")
    if len(found) > 1:
        names = ", ".join(a["name"] for a in found[:4])
        raise ValidationFailed(f"{text!r} could be {names}: type more of the name")
    return found[0]


def area_named(session: Session, text: str) -> tuple[str, str]:
    """(id, name) of the active area `text` names: its name in any case, or the start of it."""
    with session.reading() as db:
        area = _resolve_area(db, text)
    return area["id"], area["name"]


def preview_pattern(session: Session, text: str, today: date) -> PatternPreview:
    """Parse and resolve the pattern, listing the dates it would create; writes nothing."""
    spec = parse_pattern(text, today)
    with session.reading() as db:
        area = _resolve_area(db, spec.area_text)
        dates = spec.dates()
        clashes = []
        for day in dates:
            start_utc, end_utc = _pattern_instants(spec, day)
            if store.area_shifts_overlapping(db, area["id"], to_utc_text(start_utc),
                                             to_utc_text(end_utc)):
                clashes.append(day)
        rules = rules_for(db)
    holidays = {d: name for d in dates if (name := holiday_name(d, rules))}
    return PatternPreview(text, spec, area["id"], area["name"], dates, clashes, holidays)


def create_pattern(session: Session, text: str, today: date) -> tuple[str, list[str]]:
    """Save the pattern and every patrol it makes, all or none. Dates where the area already
    has an overlapping patrol are refused (nothing is written)."""
    spec = parse_pattern(text, today)
    pattern_id = new_id()
    made: list[str] = []
    now = utc_now_text()
    with session.writing(Permission.PLAN) as db:
        area = _resolve_area(db, spec.area_text)
        wt = rules_for(db).working_time
        rows = []
        for day in spec.dates():
            start_utc, end_utc = _pattern_instants(spec, day)
            if store.area_shifts_overlapping(db, area["id"], to_utc_text(start_utc),
                                             to_utc_text(end_utc)):
                raise ValidationFailed(
                    f"{area['name']} already has a patrol at that time on {day:%a %d %b}; "
                    "nothing was created"
                )
            rows.append((day, start_utc, end_utc))
        store.insert_pattern(db, {
            "id": pattern_id, "area_id": area["id"], "description": text.strip(),
            "rrule": spec.rrule_text(), "start_local": f"{spec.start:%H:%M}",
            "end_local": f"{spec.end:%H:%M}", "need_officer": spec.need["officer"],
            "need_pcso": spec.need["pcso"], "need_ceo": spec.need["ceo"],
            "created_at": now, "created_by": session.actor,
        })
        for day, start_utc, end_utc in rows:
            shift_id = new_id()
            store.insert_shift(db, {
                "id": shift_id, "area_id": area["id"], "start_utc": to_utc_text(start_utc),
                "end_utc": to_utc_text(end_utc), "local_date": day.isoformat(),
                "need_officer": spec.need["officer"], "need_pcso": spec.need["pcso"],
                "need_ceo": spec.need["ceo"], "status": "planned", "pattern_id": pattern_id,
                "break_minutes": default_break_minutes(_minutes(start_utc, end_utc), wt),
                "created_at": now, "created_by": session.actor, "updated_at": now,
            })
            made.append(shift_id)
        audit.append(db, actor=session.actor, action="pattern.create", entity="pattern",
                     entity_id=pattern_id,
                     details={"text": text.strip(), "rrule": spec.rrule_text(),
                              "first": spec.first.isoformat(), "until": spec.until.isoformat(),
                              "area": area["name"], "shifts": len(made)})
    return pattern_id, made


# --- one patrol's page --------------------------------------------------------------------

@dataclass(frozen=True)
class OnShift:
    assignment_id: str
    staff_id: str
    kind: str
    name: str
    rank: str | None
    collar_number: str | None
    payroll_number: str
    status: str
    planned_start: datetime
    planned_end: datetime
    actual_start: datetime | None
    actual_end: datetime | None
    cost_pence: int
    override_reason: str | None
    reason: str | None
    violations: list[Violation]
    pay_notes: list[str] = field(default_factory=list)
    """Why the pay is what it is, one note per pay line (e.g. a replacement rest day owed)."""
    rest_day: bool = False
    casual: bool = False
    approved_by: str | None = None
    """The supervisor who approved the booked hours for payment."""


@dataclass(frozen=True)
class ShiftDetail:
    id: str
    ref: str
    area_id: str
    area_name: str
    district: str
    status: str
    start: datetime
    end: datetime
    local_date: date
    need: dict[str, int]
    have: dict[str, int]
    notes: str
    cancel_reason: str | None
    pattern_id: str | None
    break_minutes: int
    people: list[OnShift]
    cover: list[Violation]
    outcomes: dict[str, int] | None
    booking: str = "planned"
    """The patrol's status from its bookings: planned, part booked, booked or cancelled."""

    @property
    def start_local(self) -> datetime:
        return to_local_naive(self.start)

    @property
    def end_local(self) -> datetime:
        return to_local_naive(self.end)

    def draft(self) -> ShiftDraft:
        return ShiftDraft(self.area_id, self.local_date, self.start_local.time(),
                          self.end_local.time(), dict(self.need), self.notes, self.break_minutes,
                          zone_if_repeated(self.start), zone_if_repeated(self.end))


def shift_detail(session: Session, shift_id: str) -> ShiftDetail:
    from hotspot_tui.store import outcomes as outcome_store
    from hotspot_tui.store import pay_lines as pay_store

    with session.reading() as db:
        shift = store.get_shift(db, shift_id)
        if shift is None:
            raise NotFound("that patrol no longer exists")
        rules = rules_for(db)
        rows = store.shift_people(db, shift_id)
        people = []
        for r in rows:
            live = r["status"] in ("planned", "worked")
            start = from_utc_text(r["actual_start_utc"] or r["start_utc"])
            end = from_utc_text(r["actual_end_utc"] or r["end_utc"])
            found = checks.violations_for(db, r["staff_id"], start, end,
                                          exclude_assignment_id=r["id"], rules=rules,
                                          break_minutes=shift["break_minutes"],
                                          day=date.fromisoformat(shift["local_date"])) if live else []
            people.append(OnShift(
                assignment_id=r["id"], staff_id=r["staff_id"], kind=r["kind"], name=r["name"],
                rank=r["rank"], collar_number=r["collar_number"],
                payroll_number=r["payroll_number"], status=r["status"],
                planned_start=from_utc_text(r["start_utc"]), planned_end=from_utc_text(r["end_utc"]),
                actual_start=from_utc_text(r["actual_start_utc"]) if r["actual_start_utc"] else None,
                actual_end=from_utc_text(r["actual_end_utc"]) if r["actual_end_utc"] else None,
                cost_pence=r["cost_pence"] or 0, override_reason=r["override_reason"],
                reason=r["reason"], violations=found, approved_by=r["approved_by"],
                rest_day=bool(r["rest_day"]), casual=bool(r["casual"]),
                pay_notes=list(dict.fromkeys(
                    line["reason"].removeprefix(costing.ESTIMATE_PREFIX)
                    for line in pay_store.lines_for_assignment(db, r["id"]))) if live else [],
            ))
        have = store.cover_counts(db, shift_id)
        out = outcome_store.get_outcomes(db, shift_id)
    need = {k: shift[f"need_{k}"] for k in KINDS}
    return ShiftDetail(
        id=shift["id"], ref=shift["ref"], area_id=shift["area_id"], area_name=shift["area_name"],
        district=shift["district"], status=shift["status"],
        start=from_utc_text(shift["start_utc"]), end=from_utc_text(shift["end_utc"]),
        local_date=date.fromisoformat(shift["local_date"]), need=need, have=have,
        notes=shift["notes"], cancel_reason=shift["cancel_reason"],
        pattern_id=shift["pattern_id"], break_minutes=shift["break_minutes"], people=people,
        cover=checks.cover_violations(need, have) if shift["status"] == "planned" else [],
        outcomes={k: out[k] for k in outcome_store.COUNTS} | {"notes": out["notes"]} if out else None,
        booking=bookings.patrol_status(
            shift["status"], sum(p.status == "planned" for p in people),
            sum(p.status in ("worked", "no_show") for p in people)),
    )



# --- finding patrols by reference; listing them ---------------------------------------------

def find_patrol(session: Session, ref_text: str) -> str:
    """The id of the patrol a typed reference names (any case; O for 0, I or L for 1)."""
    ref = normalise_ref(ref_text)
    with session.reading() as db:
        shift_id = store.shift_id_by_ref(db, ref)
    if shift_id is None:
        raise NotFound(f"there is no patrol {ref} (see 'patrol list')")
    return shift_id


def refs_of(session: Session, shift_ids: list[str]) -> list[str]:
    """The references of patrols, in the order given."""
    with session.reading() as db:
        rows = [store.get_shift(db, shift_id) for shift_id in shift_ids]
    if any(row is None for row in rows):
        raise NotFound("a patrol no longer exists")
    return [row["ref"] for row in rows if row is not None]


@dataclass(frozen=True)
class PatrolLine:
    id: str
    ref: str
    area_name: str
    local_date: date
    start: datetime
    end: datetime
    status: str
    need: dict[str, int]
    have: dict[str, int]
    cost_pence: int


MAX_LIST_DAYS = 400


def list_patrols(session: Session, first: date, last: date, area: str | None = None) -> list[PatrolLine]:
    """Patrols from `first` to `last` (local dates, both included), in time order."""
    if last < first:
        raise ValidationFailed(f"the end date {last:%d %b %Y} is before the start {first:%d %b %Y}")
    if (last - first).days > MAX_LIST_DAYS:
        raise ValidationFailed(f"list at most {MAX_LIST_DAYS} days at once")
    with session.reading() as db:
        area_id = None
        if area is not None:
            area_id = _resolve_area(db, area)["id"]
        rows = store.patrols_between(db, first.isoformat(), last.isoformat(), area_id)
    return [
        PatrolLine(
            id=r["id"], ref=r["ref"], area_name=r["area_name"],
            local_date=date.fromisoformat(r["local_date"]),
            start=from_utc_text(r["start_utc"]), end=from_utc_text(r["end_utc"]),
            status=r["status"], need={k: r[f"need_{k}"] for k in KINDS},
            have={k: r[f"have_{k}"] for k in KINDS}, cost_pence=r["cost_pence"],
        )
        for r in rows
    ]
