"""Import people from a CSV file: parse → preview (rows and row-level errors) → commit all or none.

Headers are matched case-insensitively against the usual variants ("Payroll number",
"payroll_no", "Employee number"; "Collar", "Warrant no"; "Name" or "First name" + "Last
name"; ...). Every row is validated as a `StaffMember`; payroll and collar numbers must be
unique within the file and against the database; employers and home areas must exist.
The commit is one transaction with an audit row per person and one for the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.ids import new_id
from hotspot_tui.domain.models import StaffMember
from hotspot_tui.domain.staff_input import FIELD_LABELS, StaffInput, build_staff_member
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.given_files import read_given_file
from hotspot_tui.services.session import Session
from hotspot_tui.services.staff import new_person_id
from hotspot_tui.store import areas as area_store
from hotspot_tui.store import audit
from hotspot_tui.store import staff as store

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
MAX_CELL = 1000

HEADER_VARIANTS: dict[str, tuple[str, ...]] = {
    "payroll_number": ("payroll number", "payroll no", "payroll", "payroll id", "employee number",
                       "employee no", "employee id", "staff number", "staff no", "personnel number"),
    "collar_number": ("collar", "collar number", "collar no", "warrant no", "warrant number",
                      "warrant", "shoulder number", "badge number"),
    "name": ("name", "full name", "staff name", "employee name"),
    "first_name": ("first name", "forename", "forenames", "given name", "firstname"),
    "last_name": ("last name", "surname", "family name", "lastname"),
    "kind": ("kind", "role", "type", "staff type", "job", "job title"),
    "rank": ("rank",),
    "employer": ("employer", "council", "organisation", "organization", "employing body"),
    "salary": ("annual salary", "salary", "annual pay", "basic salary", "salary gbp"),
    "hourly_rate": ("hourly rate", "rate per hour", "hourly", "hourly rate gbp"),
    "contracted_hours": ("contracted hours", "weekly hours", "contracted weekly hours", "hours"),
    "home_area": ("home area", "area", "hotspot", "home hotspot"),
}
HEADER_NAMES = {variant: key for key, variants in HEADER_VARIANTS.items() for variant in variants}
SHOWN_HEADER = {
    "payroll_number": "Payroll number", "name": "Name (or First name + Last name)", "kind": "Kind",
}


def _header_key(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", text.lower().replace("£", "")).strip()


@dataclass(frozen=True)
class RowError:
    row: int
    message: str

    def __str__(self) -> str:
        return f"row {self.row}: {self.message}"


@dataclass(frozen=True)
class PlannedRow:
    row: int
    member: StaffMember
    employer_name: str
    home_area_name: str | None


@dataclass
class ImportPreview:
    path: Path
    rows: list[PlannedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    data_rows: int = 0
    digest: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def error_summary(self, limit: int = 12, *, first: bool = True) -> str:
        rows = sorted({e.row for e in self.errors})
        listed = ", ".join(str(r) for r in rows[:limit]) + (", ..." if len(rows) > limit else "")
        example = f" — {self.errors[0]}" if self.errors and first else ""
        return (f"{len(rows)} of {self.data_rows} rows have errors (row{'s' if len(rows) > 1 else ''} "
                f"{listed}); nothing was imported{example}")


def read_text(path: Path) -> tuple[str, str | None, str]:
    """(text, a note when not UTF-8, sha256) — or ValidationFailed in one line."""
    size_mb = path.stat().st_size // (1024 * 1024) if path.is_file() else 0
    data = read_given_file(path, "a CSV file", max_bytes=MAX_FILE_BYTES,
                           too_large=f"{path.name} is {size_mb} MB; a staff file over "
                                     f"{MAX_FILE_BYTES // (1024 * 1024)} MB is refused")
    digest = hashlib.sha256(data).hexdigest()
    if b"\x00" in data[:65536]:
        raise ValidationFailed(f"{path.name} is not a text CSV file (it looks binary)")
    try:
        return data.decode("utf-8-sig"), None, digest
    except UnicodeDecodeError:
        pass
    try:
        return (data.decode("cp1252"),
                f"{path.name} is not UTF-8; read it as Windows-1252 (check names with accents)",
                digest)
    except UnicodeDecodeError:
        raise ValidationFailed(
            f"{path.name} is neither UTF-8 nor Windows-1252 text; save it as \"CSV UTF-8\" and try again"
        ) from None


def _records(text: str, name: str) -> list[tuple[int, list[str]]]:
    """(line number, cells) for each record; csv problems become one line."""
    reader = csv.reader(io.StringIO(text, newline=""))
    records: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            records.append((line, cells))
            line = reader.line_num + 1
            if len(records) > MAX_ROWS + 1:
                raise ValidationFailed(
                    f"{name} has more than {MAX_ROWS:,} rows; split it into smaller files")
    except csv.Error as exc:
        raise ValidationFailed(f"{name} line {reader.line_num}: not a valid CSV ({exc})") from None
    return records


def _map_headers(cells: list[str], name: str) -> tuple[dict[str, int], list[str]]:
    mapping: dict[str, int] = {}
    ignored: list[str] = []
    for index, cell in enumerate(cells):
        key = HEADER_NAMES.get(_header_key(cell))
        if key is None:
            if cell.strip():
                ignored.append(cell.strip()[:40])
            continue
        if key in mapping:
            raise ValidationFailed(
                f"{name}: two columns mean the same thing ({cells[mapping[key]].strip()!r} and "
                f"{cell.strip()!r}); keep one")
        mapping[key] = index
    if not mapping:
        found = ", ".join(c.strip()[:30] for c in cells[:6] if c.strip()) or "nothing"
        raise ValidationFailed(
            f"{name} has no recognisable header row: expected columns such as Payroll number, "
            f"Name, Kind, Employer (found: {found})")
    missing = [label for key, label in SHOWN_HEADER.items() if key not in mapping]
    if "name" not in mapping and "first_name" in mapping and "last_name" in mapping:
        missing.remove(SHOWN_HEADER["name"])
    if missing:
        raise ValidationFailed(f"{name} is missing the column(s): {', '.join(missing)}")
    return mapping, ignored


def _resolve(text: str, choices: dict[str, tuple[str, str]],
             what: str) -> tuple[str | None, str | None, str | None]:
    """Match a typed name, exact (any case) or the one choice containing it: (id, name, error)."""
    key = text.strip().lower()
    if key in choices:
        return (*choices[key], None)
    found = [v for k, v in choices.items() if key in k]
    if len(found) == 1:
        return (*found[0], None)
    shown = text.strip()[:60]
    if found:
        return None, None, f"{what} {shown!r} matches more than one {what.split()[-1]}"
    return None, None, f"unknown {what} {shown!r}"


def parse(session: Session, path: Path) -> ImportPreview:
    """Read and check the whole file without writing anything."""
    text, note, digest = read_text(path)
    preview = ImportPreview(path=path, digest=digest)
    if note:
        preview.notes.append(note)
    if not text.strip():
        raise ValidationFailed(f"{path.name} is empty")
    records = _records(text, path.name)
    while records and not any(c.strip() for c in records[0][1]):
        records.pop(0)
    if not records:
        raise ValidationFailed(f"{path.name} is empty")
    mapping, ignored = _map_headers(records[0][1], path.name)
    if ignored:
        preview.notes.append(f"ignored column(s): {', '.join(ignored)}")
    body = [(line, cells) for line, cells in records[1:] if any(c.strip() for c in cells)]
    if not body:
        raise ValidationFailed(f"{path.name} has a header row but no people")
    preview.data_rows = len(body)

    with session.reading() as db:
        employers = store.list_employers(db)
        areas = area_store.list_areas(db, include_retired=False)
    employer_by_name = {e["name"].lower(): (e["id"], e["name"]) for e in employers}
    employer_kind = {e["id"]: e["kind"] for e in employers}
    employer_format = {e["id"]: e["payroll_number_format"] for e in employers}
    force = [e for e in employers if e["kind"] == "force"]
    area_by_name = {a["name"].lower(): (a["id"], a["name"]) for a in areas}

    width = len(records[0][1])
    candidates: list[tuple[int, StaffMember, str, str | None]] = []
    for line, cells in body:
        def cell(key: str, cells: list[str] = cells) -> str:
            index = mapping.get(key)
            return cells[index] if index is not None and index < len(cells) else ""

        if len(cells) > width and any(c.strip() for c in cells[width:]):
            preview.errors.append(RowError(line, f"has {len(cells)} cells but the header has {width}"))
            continue
        too_long = [k for k in mapping if len(cell(k)) > MAX_CELL]
        if too_long:
            preview.errors.append(RowError(line, f"{FIELD_LABELS.get(too_long[0], too_long[0])} "
                                                 f"is too long ({len(cell(too_long[0])):,} characters)"))
            continue
        name = cell("name") or " ".join(p for p in (cell("first_name").strip(),
                                                   cell("last_name").strip()) if p)
        row_errors: list[str] = []
        employer_text = cell("employer").strip()
        employer_id = employer_name = None
        if employer_text:
            employer_id, employer_name, problem = _resolve(employer_text, employer_by_name, "employer")
            if problem:
                row_errors.append(problem)
        elif len(force) == 1 and "ceo" not in _kind_guess(cell("kind")):
            employer_id, employer_name = force[0]["id"], force[0]["name"]
        area_text = cell("home_area").strip()
        area_id = area_name = None
        if area_text:
            area_id, area_name, problem = _resolve(area_text, area_by_name, "home area")
            if problem:
                row_errors.append(problem)
        raw = StaffInput(
            name=name, payroll_number=cell("payroll_number"), collar_number=cell("collar_number"),
            kind=cell("kind"), rank=cell("rank"), employer_id=employer_id,
            employer_kind=employer_kind.get(employer_id) if employer_id else None,
            payroll_format=employer_format.get(employer_id) if employer_id else None,
            home_area_id=area_id, salary=cell("salary"), hourly_rate=cell("hourly_rate"),
            contracted_hours=cell("contracted_hours"),
        )
        member, errors = build_staff_member(new_id(), raw)
        if employer_text and "employer" in errors and employer_id is None:
            errors.pop("employer")
        for key, message in errors.items():
            row_errors.append(f"{FIELD_LABELS.get(key, key)}: {message}")
        if row_errors or member is None:
            preview.errors.append(RowError(line, "; ".join(row_errors)))
            continue
        candidates.append((line, member, employer_name or "", area_name))

    _check_duplicates(session, candidates, preview)
    return preview


def _kind_guess(text: str) -> str:
    from hotspot_tui.domain.staff_input import normalise_kind

    try:
        return normalise_kind(text)[0] or ""
    except ValueError:
        return ""


def _check_duplicates(
    session: Session, candidates: list[tuple[int, StaffMember, str, str | None]], preview: ImportPreview
) -> None:
    first_payroll: dict[str, int] = {}
    first_collar: dict[str, int] = {}
    with session.reading() as db:
        taken_payroll, taken_collar = store.number_owners(
            db, [m.payroll_number for _, m, _, _ in candidates],
            [m.collar_number for _, m, _, _ in candidates if m.collar_number])
    for line, member, employer_name, area_name in candidates:
        problems = []
        if member.payroll_number in first_payroll:
            problems.append(f"payroll number {member.payroll_number} is also on row "
                            f"{first_payroll[member.payroll_number]}")
        elif member.payroll_number in taken_payroll:
            problems.append(f"payroll number {member.payroll_number} already belongs to "
                            f"{taken_payroll[member.payroll_number]}")
        first_payroll.setdefault(member.payroll_number, line)
        if member.collar_number:
            if member.collar_number in first_collar:
                problems.append(f"collar number {member.collar_number} is also on row "
                                f"{first_collar[member.collar_number]}")
            elif member.collar_number in taken_collar:
                problems.append(f"collar number {member.collar_number} already belongs to "
                                f"{taken_collar[member.collar_number]}")
            first_collar.setdefault(member.collar_number, line)
        if problems:
            preview.errors.append(RowError(line, "; ".join(problems)))
        else:
            preview.rows.append(PlannedRow(line, member, employer_name, area_name))
    preview.errors.sort(key=lambda e: e.row)


def commit(session: Session, preview: ImportPreview) -> int:
    """Write every previewed person in one transaction, or nothing; returns how many."""
    if preview.errors:
        raise ValidationFailed(preview.error_summary())
    if not preview.rows:
        raise ValidationFailed(f"{preview.path.name} has no people to import")
    with session.writing(Permission.STAFF) as db:
        taken_payroll, taken_collar = store.number_owners(
            db, [r.member.payroll_number for r in preview.rows],
            [r.member.collar_number for r in preview.rows if r.member.collar_number])
        if taken_payroll or taken_collar:
            number = next(iter(taken_payroll or taken_collar))
            raise ValidationFailed(
                f"{number} was added by someone else since the preview; nothing was imported, "
                "preview the file again")
        now = clock_utc.utc_now_text()
        for planned in preview.rows:
            row = planned.member.model_dump()
            row["id"] = new_person_id(db, row["payroll_number"])
            row.update(active=1, created_at=now, updated_at=now)
            store.insert_person(db, row)
            audit.append(db, actor=session.actor, action="staff.import", entity="staff",
                         entity_id=row["id"], staff_id=row["id"],
                         details={"file": preview.path.name, "row": planned.row,
                                  "payroll_number": row["payroll_number"], "name": row["name"]})
        audit.append(db, actor=session.actor, action="staff.import_file", entity="staff",
                     details={"file": preview.path.name, "sha256": preview.digest,
                              "people": len(preview.rows)})
    return len(preview.rows)


def import_staff(session: Session, path: Path, *, dry_run: bool = False) -> ImportPreview:
    """Parse and, unless `dry_run`, commit; raises ValidationFailed (nothing written) on any error."""
    preview = parse(session, path)
    if preview.errors:
        raise ImportRefused(preview)
    if not dry_run:
        commit(session, preview)
    return preview


class ImportRefused(ValidationFailed):
    """Some rows are bad: the preview lists them; nothing was written."""

    def __init__(self, preview: ImportPreview) -> None:
        super().__init__(preview.error_summary())
        self.preview = preview
