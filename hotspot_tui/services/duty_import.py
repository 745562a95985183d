"""Import normal duties from the force duty system's roster export: parse → check every row
→ replace each person's duties on the days the file covers, all or none, in one transaction.

Columns (matched by header, any order and case): Payroll number, Start, End, Duty type.
Tours (early, late, night, day) give start and end times; rest days and leave give a date
(and may give a last date). Each person in the file has their duties from the file's first
day to its last replaced by the file's. Then the working-time checks run again for everyone
in it: a breach the new roster brings needs an override reason or nothing is imported.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.clock_utc import to_utc_text, utc_now_text
from hotspot_tui.domain.ids import new_id
from hotspot_tui.domain.normal_duties import NormalDuty, RosterRowError, read_row
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services import worktime
from hotspot_tui.services.rules_source import rules_for
from hotspot_tui.services.session import Session
from hotspot_tui.services.staff_import import RowError, read_text
from hotspot_tui.store import audit
from hotspot_tui.store import worktime as store

MAX_ROWS = 200_000
MAX_CELL = 200
HEADERS: dict[str, tuple[str, ...]] = {
    "payroll_number": ("payroll number", "payroll no", "payroll", "payroll id", "employee number",
                       "employee no", "employee id", "staff number", "staff no", "personnel number"),
    "start": ("start", "start time", "starts", "from", "on duty", "duty start", "start date"),
    "end": ("end", "end time", "ends", "to", "off duty", "duty end", "finish", "end date"),
    "duty_type": ("duty type", "duty", "type", "shift type", "shift", "code", "duty code"),
}
NAMES = {variant: key for key, variants in HEADERS.items() for variant in variants}
SHOWN = {"payroll_number": "Payroll number", "start": "Start", "end": "End", "duty_type": "Duty type"}


@dataclass
class DutyPreview:
    path: Path
    duties: dict[str, list[NormalDuty]] = field(default_factory=dict)
    """Staff id → the duties the file gives them."""
    names: dict[str, str] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    first_day: date | None = None
    last_day: date | None = None
    data_rows: int = 0

    @property
    def count(self) -> int:
        return sum(len(v) for v in self.duties.values())


class DutyImportRefused(ValidationFailed):
    """The file has row errors: nothing was imported; `errors` lists them, one line each."""

    def __init__(self, preview: DutyPreview) -> None:
        rows = sorted({e.row for e in preview.errors})
        super().__init__(f"{len(rows)} of {preview.data_rows} rows have errors; nothing was "
                         f"imported — {preview.errors[0]}")
        self.preview = preview


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower()).strip()


def _records(text: str, name: str) -> list[tuple[int, list[str]]]:
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            if any(c.strip() for c in cells):
                records.append((line, cells))
            line = reader.line_num + 1
            if len(records) > MAX_ROWS + 1:
                raise ValidationFailed(f"{name} has more than {MAX_ROWS:,} rows; split it by weeks")
    except csv.Error as exc:
        raise ValidationFailed(f"{name} line {reader.line_num}: not a valid CSV ({exc})") from None
    return records


def _headers(cells: list[str], name: str) -> dict[str, int]:
    mapping: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = NAMES.get(_key(cell))
        if key is None:
            continue
        if key in mapping:
            raise ValidationFailed(f"{name}: two columns mean {SHOWN[key]} "
                                   f"({cells[mapping[key]].strip()!r} and {cell.strip()!r}); keep one")
        mapping[key] = index
    missing = [label for key, label in SHOWN.items() if key not in mapping]
    if missing:
        raise ValidationFailed(f"{name} is missing the column(s): {', '.join(missing)} "
                               "(expected Payroll number, Start, End, Duty type)")
    return mapping


def parse(session: Session, path: Path) -> DutyPreview:
    """Read and check the whole file; writes nothing."""
    text, note, _ = read_text(path)
    preview = DutyPreview(path=path)
    if note:
        preview.notes.append(note)
    records = _records(text, path.name)
    if not records:
        raise ValidationFailed(f"{path.name} is empty")
    mapping = _headers(records[0][1], path.name)
    body = records[1:]
    if not body:
        raise ValidationFailed(f"{path.name} has a header row but no duties")
    preview.data_rows = len(body)
    with session.reading() as db:
        rules = rules_for(db)
        people = {p["payroll_number"].upper(): p for p in store.people_by_payroll(db)}
    seen: dict[tuple[str, str, str], int] = {}
    for line, cells in body:
        def cell(key: str, cells: list[str] = cells) -> str:
            i = mapping[key]
            return cells[i] if i < len(cells) else ""

        values = {k: cell(k) for k in mapping}
        if any(len(v) > MAX_CELL for v in values.values()):
            preview.errors.append(RowError(line, f"a cell is longer than {MAX_CELL} characters"))
            continue
        if any(ch in v for v in values.values() for ch in "\x00\x1b"):
            preview.errors.append(RowError(line, "a cell holds control characters"))
            continue
        number = values["payroll_number"].strip().upper()
        person = people.get(number)
        if not number:
            preview.errors.append(RowError(line, "no payroll number"))
            continue
        if person is None:
            preview.errors.append(RowError(line, f"no one has payroll number {number[:20]!r}"))
            continue
        try:
            duties = read_row(values["duty_type"], values["start"], values["end"],
                              rules.working_time, rules.calendar.timezone)
        except RosterRowError as exc:
            preview.errors.append(RowError(line, str(exc)))
            continue
        clash = None
        for duty in duties:
            key = (person["id"], duty.local_date.isoformat(), duty.duty_type)
            if key in seen:
                clash = f"{duty.label} on {duty.local_date:%a %d %b %Y} is also on row {seen[key]}"
                break
            seen[key] = line
        if clash:
            preview.errors.append(RowError(line, clash))
            continue
        mine = preview.duties.setdefault(person["id"], [])
        overlap = next((d for d in mine for n in duties if d.working and n.working
                        and d.start < n.end and n.start < d.end), None)
        if overlap is not None:
            preview.errors.append(RowError(
                line, f"overlaps the {overlap.label} on {overlap.local_date:%a %d %b} for {number}"))
            continue
        mine.extend(duties)
        preview.names[person["id"]] = person["name"]
        for duty in duties:
            if preview.first_day is None or duty.local_date < preview.first_day:
                preview.first_day = duty.local_date
            if preview.last_day is None or duty.local_date > preview.last_day:
                preview.last_day = duty.local_date
    return preview


def commit(session: Session, preview: DutyPreview, override_reason: str | None = None) -> int:
    """Replace each person's duties over the file's days; re-check everyone in it. All or
    none: a new working-time breach without `override_reason` leaves everything as it was."""
    if preview.errors:
        raise DutyImportRefused(preview)
    if not preview.duties or preview.first_day is None or preview.last_day is None:
        raise ValidationFailed(f"{preview.path.name} has no duties to import")
    override = (override_reason or "").strip() or None
    first, last = preview.first_day.isoformat(), preview.last_day.isoformat()
    now = utc_now_text()
    replaced = 0
    with session.writing(Permission.STAFF) as db:
        for staff_id, duties in preview.duties.items():
            worktime.baseline_span(db, staff_id, min(d.start for d in duties),
                                   max(d.end for d in duties), actor=session.actor)
            replaced += store.replace_normal_duties(db, staff_id, first, last, [
                {"id": new_id(), "staff_id": staff_id, "duty_type": d.duty_type,
                 "start_utc": to_utc_text(d.start), "end_utc": to_utc_text(d.end),
                 "local_date": d.local_date.isoformat(), "week": d.week.isoformat(),
                 "minutes": d.minutes, "night": int(d.night), "imported_at": now,
                 "imported_by": session.actor}
                for d in duties])
        audit.append(db, actor=session.actor, action="duties.import", entity="normal_duties",
                     reason=override,
                     details={"file": preview.path.name, "first_day": first, "last_day": last,
                              "people": len(preview.duties), "duties": preview.count,
                              "replaced": replaced})
        for staff_id, duties in preview.duties.items():
            lo = min(d.start for d in duties)
            hi = max(d.end for d in duties)
            worktime.recheck(db, staff_id, lo, hi, actor=session.actor, override=override,
                             cause=f"duties imported from {preview.path.name}")
    return preview.count


def import_duties(session: Session, path: Path, *, dry_run: bool = False,
                  override_reason: str | None = None) -> DutyPreview:
    """Parse and, unless `dry_run`, commit; raises (nothing written) on any error."""
    preview = parse(session, path)
    if preview.errors:
        raise DutyImportRefused(preview)
    if not dry_run:
        commit(session, preview, override_reason)
    return preview
