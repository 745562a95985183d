"""The audit trail as a supervisor reads it: newest first, filtered, in Europe/London time."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.clock import to_local_naive
from hotspot_tui.domain.clock_utc import from_utc_text, to_utc_text
from hotspot_tui.domain.dates import in_range, parse_day_as
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.session import Session
from hotspot_tui.store import audit, audit_labels

LONDON = ZoneInfo("Europe/London")
PAGE_SIZE = 60


@dataclass(frozen=True)
class AuditFilter:
    """What to show. `person` and `patrol` are as typed; the ids, when set, win."""

    person: str = ""
    staff_id: str | None = None
    patrol: str = ""
    shift_id: str | None = None
    actor: str = ""
    since: str = ""
    until: str = ""

    def describe(self) -> str:
        parts = []
        if self.staff_id or self.person:
            parts.append(f"person {self.person or 'chosen'}")
        if self.shift_id or self.patrol:
            parts.append(f"patrol {self.patrol or 'chosen'}")
        if self.actor:
            parts.append(f"by {self.actor}")
        if self.since:
            parts.append(f"from {self.since}")
        if self.until:
            parts.append(f"to {self.until}")
        return ", ".join(parts) or "everything"


@dataclass(frozen=True)
class AuditLine:
    seq: int
    at_local: str
    actor: str
    action: str
    person: str
    staff_id: str | None
    patrol: str
    shift_id: str | None
    reason: str
    details: str


@dataclass(frozen=True)
class AuditPage:
    lines: list[AuditLine]
    next_before: int | None
    note: str = ""


def parse_day(text: str, field: str) -> date | None:
    """A date written out in full (one word of a patrol filter such as `Watford 27/11/2026`);
    the from/to filters take any date a person types (`domain.dates`)."""
    text = text.strip()
    if not text:
        return None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d %b %Y", "%d %B %Y"):
        try:
            day = datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        return in_range(day, f"{field}:")
    raise ValidationFailed(f"{field}: {text[:30]!r} is not a date (use 2026-11-25 or 25/11/2026)")


def local_midnight_utc(day: date) -> str:
    return to_utc_text(datetime.combine(day, time(0, 0), tzinfo=LONDON))


def local_text(at_utc: str) -> str:
    return from_utc_text(at_utc).astimezone(LONDON).strftime("%a %d %b %Y %H:%M")


def _flat(data: dict[str, Any]) -> str:
    return ", ".join(f"{k}={v}" for k, v in data.items()
                     if v not in (None, "", [], {}) and not k.endswith("_id"))


def _details_text(raw: str) -> str:
    try:
        data = json.loads(raw)
    except ValueError:
        return raw
    if not data:
        return ""
    if not isinstance(data, dict):
        return str(data)
    after = data.get("after")
    if isinstance(after, dict):
        before = data.get("before") or {}
        if before:
            return "; ".join(f"{k}: {before.get(k)} → {v}" for k, v in after.items())
        return _flat(after)
    return _flat(data)


def _patrol_label(row: dict[str, Any] | None) -> str:
    if not row:
        return ""
    start = from_utc_text(row["start_utc"]).astimezone(LONDON)
    end = from_utc_text(row["end_utc"]).astimezone(LONDON)
    return f"{row['area_name']} {start:%a %d %b %H:%M}-{end:%H:%M}"


def _resolve_filter(db: Any, flt: AuditFilter) -> tuple[dict[str, Any], str]:
    args: dict[str, Any] = {}
    note = ""
    if flt.staff_id:
        args["staff_id"] = flt.staff_id
    elif flt.person.strip():
        found = audit_labels.staff_ids_matching(db, flt.person)
        if not found:
            raise ValidationFailed(f"person: nobody matches {flt.person.strip()[:30]!r}")
        if len(found) > 1:
            names = ", ".join(f["name"] for f in found[:4])
            raise ValidationFailed(f"person: {len(found)} people match ({names}…); type more of the name "
                                   "or a payroll number")
        args["staff_id"] = found[0]["id"]
        note = f"person: {found[0]['name']}"
    if flt.shift_id:
        args["shift_id"] = flt.shift_id
    elif flt.patrol.strip():
        words = flt.patrol.split()
        day = None
        area_words = []
        for word in words:
            try:
                day = parse_day(word, "patrol")
            except ValidationFailed:
                area_words.append(word)
        ids = audit_labels.shift_ids_matching(db, area_text=" ".join(area_words) or None,
                                              local_date=day.isoformat() if day else None)
        if not ids:
            raise ValidationFailed(f"patrol: no patrol matches {flt.patrol.strip()[:30]!r} "
                                   "(type an area and/or a date, e.g. Watford 2026-11-27)")
        args["shift_ids"] = ids
    if flt.actor.strip():
        args["actor"] = flt.actor.strip()
    today = to_local_naive(clock_utc.utc_now(), LONDON).date()
    since = parse_day_as(flt.since, "from", today)
    until = parse_day_as(flt.until, "to", today)
    if since and until and until < since:
        raise ValidationFailed("to: the end date is before the start date")
    if since:
        args["since"] = local_midnight_utc(since)
    if until:
        args["until"] = local_midnight_utc(until + timedelta(days=1))
    return args, note


def audit_page(
    session: Session, flt: AuditFilter, *, before_seq: int | None = None, limit: int = PAGE_SIZE
) -> AuditPage:
    """One page, newest first; pass `next_before` back for the next (older) page."""
    with session.reading() as db:
        args, note = _resolve_filter(db, flt)
        rows = audit.page(db, before_seq=before_seq, limit=limit + 1, **args)
        more = len(rows) > limit
        rows = rows[:limit]
        people = audit_labels.staff_names(db, [r["staff_id"] for r in rows if r["staff_id"]])
        patrols = audit_labels.shift_labels(db, [r["shift_id"] for r in rows if r["shift_id"]])
    lines = []
    for r in rows:
        person = people.get(r["staff_id"]) if r["staff_id"] else None
        lines.append(AuditLine(
            seq=r["seq"], at_local=local_text(r["at_utc"]), actor=r["actor"], action=r["action"],
            person=person["name"] if person else "", staff_id=r["staff_id"],
            patrol=_patrol_label(patrols.get(r["shift_id"])) if r["shift_id"] else "",
            shift_id=r["shift_id"], reason=r["reason"] or "", details=_details_text(r["details"]),
        ))
    return AuditPage(lines, rows[-1]["seq"] if more and rows else None, note)


def actors(session: Session) -> list[str]:
    with session.reading() as db:
        return audit_labels.actors(db)
