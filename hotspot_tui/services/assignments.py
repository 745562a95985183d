"""Assign people to patrols, take them off, book their hours: one transaction each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from hotspot_tui.domain import bookings, clock_utc
from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock import minutes_between
from hotspot_tui.domain.clock_utc import from_utc_text, to_utc_text, utc_now_text
from hotspot_tui.domain.ids import natural_id
from hotspot_tui.domain.text import REASON_MAX, clean_text
from hotspot_tui.domain.working_time import Violation
from hotspot_tui.errors import NotFound, RuleViolation, ValidationFailed
from hotspot_tui.services import checks, costing, worktime
from hotspot_tui.services.rules_source import rules_for
from hotspot_tui.services.session import Session
from hotspot_tui.store import assignments as store
from hotspot_tui.store import audit, shifts, staff

REST_DAY_KINDS = ("officer", "pcso")
"""Who has rostered rest days: a rest day worked changes their pay and time off owed."""


@dataclass(frozen=True)
class AssignOptions:
    told_on: date | None = None
    rest_day: bool = False
    casual: bool = False
    override_reason: str | None = None


def _clean_reason(reason: str | None) -> str | None:
    return clean_text(reason or "", "The reason", REASON_MAX) or None


def assign(session: Session, shift_id: str, staff_ids: list[str], options: AssignOptions) -> list[str]:
    """Put each person on the patrol; all or none.

    A person with a working-time violation is refused unless an override reason is given,
    which is recorded with the violations in the audit trail.
    """
    if not staff_ids:
        raise ValidationFailed("choose at least one person to assign")
    override = _clean_reason(options.override_reason)
    made: list[str] = []
    with session.writing(Permission.ASSIGN) as db:
        shift = shifts.get_shift(db, shift_id)
        if shift is None:
            raise NotFound("that patrol no longer exists")
        if shift["status"] != "planned":
            raise ValidationFailed("that patrol is cancelled; reinstate it before assigning")
        start, end = from_utc_text(shift["start_utc"]), from_utc_text(shift["end_utc"])
        now = utc_now_text()
        for staff_id in staff_ids:
            person = staff.get_person(db, staff_id)
            if person is None:
                raise NotFound("that person no longer exists")
            if not person["active"]:
                raise ValidationFailed(f"{person['name']} is not active")
            existing = store.find_assignment(db, shift_id, staff_id)
            if existing and existing["status"] in ("planned", "worked"):
                raise ValidationFailed(f"{person['name']} is already on this patrol")
            violations = checks.violations_for(
                db, staff_id, start, end,
                exclude_assignment_id=existing["id"] if existing else None,
                break_minutes=shift["break_minutes"], day=date.fromisoformat(shift["local_date"]),
            )
            errors = [v for v in violations if v.severity == "error"]
            overlap = next((v for v in errors if v.rule == "overlap"), None)
            if overlap is not None:
                if "patrol" in overlap.message or "another duty" in overlap.message:
                    raise RuleViolation(f"{person['name']} is already on a patrol at that time")
                raise RuleViolation(f"{person['name']}: {overlap.message}")
            if errors and not override:
                raise RuleViolation(
                    f"{person['name']}: {errors[0].message}; give a reason to override"
                )
            worktime.baseline_span(db, staff_id, start, end, actor=session.actor)
            fields = {
                "status": "planned",
                "start_utc": shift["start_utc"],
                "end_utc": shift["end_utc"],
                "actual_start_utc": None,
                "actual_end_utc": None,
                "worked_minutes": None,
                "told_on": options.told_on.isoformat() if options.told_on else None,
                "rest_day": int(options.rest_day and person["kind"] in REST_DAY_KINDS),
                "casual": int(options.casual and person["kind"] == "officer"),
                "reason": None,
                "override_reason": override if errors else None,
                "updated_at": now,
            }
            if existing:
                assignment_id = existing["id"]
                store.update_assignment(db, assignment_id, fields)
            else:
                assignment_id = natural_id("assignment", shift_id, staff_id)
                store.insert_assignment(db, {
                    "id": assignment_id, "shift_id": shift_id, "staff_id": staff_id,
                    **fields, "cost_pence": 0, "created_at": now, "created_by": session.actor,
                })
            audit.append(
                db, actor=session.actor, action="assignment.override" if errors else "assignment.create",
                entity="assignment", entity_id=assignment_id, shift_id=shift_id, staff_id=staff_id,
                reason=override if errors else None,
                details={"violations": [v.message for v in errors], "told_on": fields["told_on"],
                         "rest_day": fields["rest_day"], "casual": fields["casual"]},
            )
            costing.recost_for_change(db, staff_id, shift["start_utc"], shift["end_utc"])
            worktime.recheck_span(db, staff_id, start, end, actor=session.actor,
                                  override=override, cause="assignment")
            made.append(assignment_id)
    return made


def _load_live(db, assignment_id: str) -> dict:
    row = store.get_assignment(db, assignment_id)
    if row is None:
        raise NotFound("that assignment no longer exists")
    return row


def unassign(session: Session, assignment_id: str, reason: str,
             override_reason: str | None = None) -> None:
    """Take a person off a patrol; the reason is required and audited.

    Taking a patrol out of a run of work can leave too little rest between what is either
    side of it (a tour ending at 22:00 and a patrol at midnight, once the patrol between
    them goes): a new working-time breach refuses the change unless `override_reason` says
    why it stands."""
    reason_text = _clean_reason(reason)
    if not reason_text:
        raise ValidationFailed("say why this person is coming off the patrol")
    override = _clean_reason(override_reason)
    with session.writing(Permission.ASSIGN) as db:
        row = _load_live(db, assignment_id)
        if row["status"] != "planned":
            raise ValidationFailed(
                f"only a planned assignment can be taken off (this one is {row['status']})"
            )
        _baseline_row(db, session.actor, row)
        store.update_assignment(db, assignment_id, {
            "status": "cancelled", "reason": reason_text, "updated_at": utc_now_text(),
        })
        audit.append(db, actor=session.actor, action="assignment.cancel", entity="assignment",
                     entity_id=assignment_id, shift_id=row["shift_id"], staff_id=row["staff_id"],
                     reason=reason_text)
        costing.recost_row(db, row)
        _recheck_row(db, session.actor, row, override=override, cause="taken off the patrol")


def _now(now: datetime | None) -> datetime:
    return now or clock_utc.utc_now()


def book_hours(session: Session, assignment_id: str, actual_start: datetime, actual_end: datetime,
               reason: str | None = None, *, now: datetime | None = None) -> int:
    """Record actual on/off times; returns minutes worked.

    Refused before the patrol has started and for times still to come. On or off times
    further from the patrol than the rules' booking margin need a reason. A reason given
    (for a short or long booking, say) is kept on the assignment and in the audit row."""
    if actual_end <= actual_start:
        raise ValidationFailed("the off-duty time must be after the on-duty time")
    if (actual_end - actual_start).total_seconds() > 24 * 3600:
        raise ValidationFailed("those times span more than 24 hours: check the dates")
    minutes = int((actual_end - actual_start).total_seconds() // 60)
    reason_text = _clean_reason(reason)
    with session.writing(Permission.BOOK) as db:
        row = _load_live(db, assignment_id)
        if row["status"] == "cancelled":
            raise ValidationFailed("this assignment was cancelled; assign the person again first")
        rules = rules_for(db)
        tz = rules.calendar.timezone
        planned_start, planned_end = from_utc_text(row["start_utc"]), from_utc_text(row["end_utc"])
        early = bookings.too_early_to_book(planned_start, planned_end, actual_start, actual_end,
                                           _now(now), tz)
        if early:
            raise ValidationFailed(early)
        off = bookings.off_the_patrol(planned_start, planned_end, actual_start, actual_end,
                                      rules.working_time.booking_margin_minutes, tz)
        if off and not reason_text:
            raise ValidationFailed(f"{off[0]}; give a reason to book it")
        clashes = checks.violations_for(db, row["staff_id"], actual_start, actual_end,
                                        exclude_assignment_id=assignment_id)
        overlap = next((v for v in clashes if v.rule == "overlap"), None)
        if overlap is not None:
            raise RuleViolation(f"those times overlap another duty: {overlap.message}")
        worktime.baseline_span(db, row["staff_id"], row["start_utc"], row["end_utc"],
                               row["actual_start_utc"], row["actual_end_utc"], actual_start,
                               actual_end, actor=session.actor)
        _write_booking(db, session.actor, row, actual_start, actual_end, minutes, reason_text, off)
        _recheck_row(db, session.actor, row, actual_start, actual_end, override=reason_text,
                     cause="booking")
    return minutes


def _recheck_row(db, actor: str, row: dict, *also: datetime, override: str | None = None,
                 cause: str = "", allow_new: bool = False) -> None:
    """Re-run the working-time checks after a change to one assignment (at its old times and
    any new ones in `also`). Removing work can bring a breach too — the rest between the
    duties either side of it — so a new breach needs `override`, or the change is refused."""
    worktime.recheck_span(db, row["staff_id"], row["start_utc"], row["end_utc"],
                          row.get("actual_start_utc"), row.get("actual_end_utc"), *also,
                          actor=actor, override=override, allow_new=allow_new,
                          cause=cause or "assignment change")


def _baseline_row(db, actor: str, row: dict) -> None:
    worktime.baseline_span(db, row["staff_id"], row["start_utc"], row["end_utc"],
                           row.get("actual_start_utc"), row.get("actual_end_utc"), actor=actor)


def _write_booking(db, actor: str, row: dict, actual_start: datetime,
                   actual_end: datetime, minutes: int, reason: str | None,
                   off: list[str]) -> None:
    before = {k: row[k] for k in ("status", "actual_start_utc", "actual_end_utc", "reason")}
    store.update_assignment(db, row["id"], {
        "status": "worked", "actual_start_utc": to_utc_text(actual_start),
        "actual_end_utc": to_utc_text(actual_end), "worked_minutes": minutes,
        "reason": reason if reason is not None else row["reason"],
        "updated_at": utc_now_text(), "booked_by": actor, "booked_at": utc_now_text(),
    })
    audit.append(db, actor=actor, action="assignment.book", entity="assignment",
                 entity_id=row["id"], shift_id=row["shift_id"], staff_id=row["staff_id"],
                 reason=reason,
                 details={"before": before, "actual_start_utc": to_utc_text(actual_start),
                          "actual_end_utc": to_utc_text(actual_end), "minutes": minutes,
                          **({"off_the_patrol": off} if off else {})})
    costing.recost_row(db, row, actual_start, actual_end)


def book_as_planned(session: Session, shift_id: str, reason: str | None = None, *,
                    now: datetime | None = None) -> list[tuple[str, int]]:
    """Book everyone still planned on the patrol as worked, at its planned times, all or
    none; returns (name, minutes) for each. Refused until the patrol has ended.

    The working-time checks read a duty's times and minutes, not its status, so a booking
    at the planned times of a whole number of minutes leaves their findings as they were
    and they are not run again; only a span with odd seconds (whose planned minutes are
    rounded, its booked minutes not) is checked again."""
    reason_text = _clean_reason(reason)
    booked: list[tuple[str, int]] = []
    with session.writing(Permission.BOOK) as db:
        shift = shifts.get_shift(db, shift_id)
        if shift is None:
            raise NotFound("that patrol no longer exists")
        if shift["status"] != "planned":
            raise ValidationFailed("that patrol is cancelled: there is nothing to book")
        people = [r for r in shifts.shift_people(db, shift_id) if r["status"] == "planned"]
        if not people:
            raise ValidationFailed("nobody on this patrol is still planned: nothing to book")
        tz = rules_for(db).calendar.timezone
        start, end = from_utc_text(shift["start_utc"]), from_utc_text(shift["end_utc"])
        early = bookings.too_early_to_book(start, end, start, end, _now(now), tz)
        if early:
            raise ValidationFailed(early)
        for person in people:
            row = _load_live(db, person["id"])
            row_start, row_end = from_utc_text(row["start_utc"]), from_utc_text(row["end_utc"])
            clashes = checks.violations_for(db, row["staff_id"], row_start, row_end,
                                            exclude_assignment_id=row["id"])
            if any(v.rule == "overlap" for v in clashes):
                raise RuleViolation(f"{person['name']} is booked on another patrol at that "
                                    "time; book them one by one")
            minutes = minutes_between(row_start, row_end)
            _write_booking(db, session.actor, row, row_start, row_end, minutes, reason_text, [])
            if minutes * 60 != (row_end - row_start).total_seconds():
                _recheck_row(db, session.actor, row, allow_new=True)
            booked.append((person["name"], minutes))
    return booked


def on_patrol(session: Session, shift_id: str, staff_id: str) -> str:
    """The id of the person's assignment on the patrol (any status)."""
    with session.reading() as db:
        row = store.find_assignment(db, shift_id, staff_id)
    if row is None:
        raise NotFound("that person is not on this patrol")
    return row["id"]


def rule_breaks(session: Session, shift_id: str, staff_ids: list[str]) -> list[tuple[str, Violation]]:
    """(name, violation) for every working-time rule each person would break on the patrol:
    the errors `assign` refuses without an override reason."""
    found: list[tuple[str, Violation]] = []
    with session.reading() as db:
        shift = shifts.get_shift(db, shift_id)
        if shift is None:
            raise NotFound("that patrol no longer exists")
        start, end = from_utc_text(shift["start_utc"]), from_utc_text(shift["end_utc"])
        for staff_id in staff_ids:
            person = staff.get_person(db, staff_id)
            if person is None:
                continue
            existing = store.find_assignment(db, shift_id, staff_id)
            violations = checks.violations_for(
                db, staff_id, start, end,
                exclude_assignment_id=existing["id"] if existing else None,
                break_minutes=shift["break_minutes"], day=date.fromisoformat(shift["local_date"]),
            )
            found += [(person["name"], v) for v in violations if v.severity == "error"]
    return found


def mark_no_show(session: Session, assignment_id: str, reason: str | None = None) -> None:
    """Record that the person did not work the patrol. If that leaves a working-time breach
    (too little rest between the duties either side), the reason is needed and is kept as
    the override, as a booking's is."""
    reason_text = _clean_reason(reason)
    with session.writing(Permission.BOOK) as db:
        row = _load_live(db, assignment_id)
        if row["status"] not in ("planned", "worked"):
            raise ValidationFailed(f"this assignment is already {row['status']}")
        _baseline_row(db, session.actor, row)
        store.update_assignment(db, assignment_id, {
            "status": "no_show", "actual_start_utc": None, "actual_end_utc": None,
            "worked_minutes": None, "reason": reason_text, "updated_at": utc_now_text(),
        })
        audit.append(db, actor=session.actor, action="assignment.no_show", entity="assignment",
                     entity_id=assignment_id, shift_id=row["shift_id"], staff_id=row["staff_id"],
                     reason=reason_text)
        costing.recost_row(db, row)
        _recheck_row(db, session.actor, row, override=reason_text, cause="no-show")
