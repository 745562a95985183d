"""The set-up form's text, laid out like an operation file and checked by the same model.

The form has one input per key of the file's single-valued sections, and two lists typed
a line each: areas (``Name, District, Cost code, Allocation £``) and councils or BIDs
(``Name, Weekday £/h, Weekend £/h, Bank holiday £/h, kind``). `form_to_operation` turns
them into an `OperationFile` or a message per field, so the screen can show each beside
its input.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from hotspot_tui.domain.budget import pounds_plain
from hotspot_tui.domain.operation import FIRST_TWELVE_AREAS, TOWN_CENTRES
from hotspot_tui.domain.operation_file import (
    Mistake,
    OperationFile,
    OperationFileError,
    operation_from_data,
)

# (key path as "section.key", label, placeholder); the input ids are these keys.
SINGLE_FIELDS: tuple[tuple[str, str, str], ...] = (
    ("operation.name", "Operation name", "e.g. Hotspot Action Fund 2026/27"),
    ("operation.grant_pounds", "Grant (£)", "e.g. 1,000,000"),
    ("operation.starts_on", "First day", "e.g. 2026-05-01"),
    ("operation.ends_on", "Last day", "e.g. 2027-04-30"),
    ("force.name", "Force (employs every officer and PCSO)", "e.g. Hertfordshire Constabulary"),
    ("force.payroll_number_format", "Payroll number format (optional: # a digit, @ a letter)",
     "e.g. HC###### (leave blank for any)"),
    ("force.day_starts", "Force day starts at", "e.g. 07:00"),
    ("pay_periods.kind", "Pay periods", ""),
    ("pay_periods.first_starts_on", "First day of one pay period (four-weekly or weekly only)",
     "e.g. 2026-04-06"),
    ("bank_holidays.policy", "Bank holiday at a weekend: which day is paid as the holiday", ""),
)
CHOICES: dict[str, tuple[tuple[str, str], ...]] = {
    "pay_periods.kind": (("Calendar months", "calendar_month"), ("Four-weekly", "four_weekly"),
                         ("Weekly", "weekly")),
    "bank_holidays.policy": (("The substitute weekday (as GOV.UK lists it)", "observed"),
                             ("The real date", "actual"), ("Both", "both")),
}
AREA_COLUMNS = ("name", "district", "cost_code", "allocation_pounds")
AREA_HELP = "one area a line: Name, District, Cost code, Allocation £ (optional)"
EMPLOYER_COLUMNS = ("name", "weekday_rate_pounds", "weekend_rate_pounds", "bank_holiday_rate_pounds",
                    "kind")
EMPLOYER_HELP = ("one a line: Name, Weekday £/h, Weekend £/h, Bank holiday £/h, "
                 "and bid for a Business Improvement District")
PLACE_KEYS = ("lsoa_codes", "centre", "radius_metres", "polygon_geojson")
LISTS = {"areas": (AREA_COLUMNS, 3), "employers": (EMPLOYER_COLUMNS, 4)}


@dataclass
class FormText:
    """What the form holds, as typed."""

    values: dict[str, str] = field(default_factory=dict)
    areas: str = ""
    employers: str = ""
    extras: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Keys of a loaded file that the form has no input for (the week's first day, extra
    bank holidays), kept as loaded."""
    area_places: dict[str, dict[str, Any]] = field(default_factory=dict)
    """Where each area of a loaded file lies (its geography keys), by the area's name in
    any case: kept as loaded for the area still of that name."""


@dataclass
class FormErrors:
    """Messages by input: a single field's key, or "areas" / "employers" / "" (general)."""

    by_field: dict[str, list[str]] = field(default_factory=dict)

    def add(self, key: str, message: str) -> None:
        self.by_field.setdefault(key, []).append(message)

    def __bool__(self) -> bool:
        return bool(self.by_field)


class FormRefused(ValueError):
    def __init__(self, errors: FormErrors) -> None:
        super().__init__("; ".join(m for ms in errors.by_field.values() for m in ms))
        self.errors = errors


def preset_areas_text() -> str:
    """The twelve Hertfordshire hotspot areas, one a line (allocations left to fill in)."""
    return "\n".join(f"{name}, {district}, {code}" for name, district, code in FIRST_TWELVE_AREAS)


def preset_area_places() -> dict[str, dict[str, Any]]:
    """Where the twelve preset areas lie (their town centres), as `FormText.area_places`."""
    return {name.casefold(): {"centre": TOWN_CENTRES[name][:2], "radius_metres": TOWN_CENTRES[name][2]}
            for name, _, _ in FIRST_TWELVE_AREAS}


def _rows(text: str, columns: tuple[str, ...], required: int, key: str,
          errors: FormErrors) -> tuple[list[dict[str, str]], list[int]]:
    rows: list[dict[str, str]] = []
    line_numbers: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            cells = [c.strip() for c in next(csv.reader([line], skipinitialspace=True))]
        except csv.Error as exc:
            errors.add(key, f"line {number}: {exc}")
            continue
        while cells and not cells[-1]:
            cells.pop()
        if not required <= len(cells) <= len(columns):
            errors.add(key, f"line {number}: {len(cells)} items; expected "
                            f"{required}{'' if required == len(columns) else f' or {len(columns)}'}, "
                            "separated by commas")
            continue
        rows.append({c: v for c, v in zip(columns, cells, strict=False) if v})
        line_numbers.append(number)
    return rows, line_numbers


def _nest(values: Mapping[str, str]) -> dict[str, Any]:
    # Every section is present, so a blank required field is named, not its whole section.
    data: dict[str, Any] = {key.split(".")[0]: {} for key, _, _ in SINGLE_FIELDS}
    for dotted, value in values.items():
        text = value.strip()
        if not text:
            continue  # a required field left blank is reported as required
        section, key = dotted.split(".", 1)
        data.setdefault(section, {})[key] = text
    return data


def _place(mistake: Mistake, line_numbers: dict[str, list[int]], errors: FormErrors) -> None:
    path = mistake.path
    if path and path[0] in LISTS:
        key = str(path[0])
        if len(path) >= 2 and isinstance(path[1], int):
            number = line_numbers[key][path[1]]
            rest = ".".join(str(p) for p in path[2:])
            errors.add(key, f"line {number}: {rest + ': ' if rest else ''}{mistake.message}")
        else:
            errors.add(key, "list at least one area" if key == "areas" and mistake.message in (
                "is required", "needs at least one entry") else mistake.message)
        return
    dotted = ".".join(str(p) for p in path[:2])
    if dotted in dict((f[0], f) for f in SINGLE_FIELDS):
        errors.add(dotted, mistake.message)
    else:
        errors.add("", str(mistake))


def form_to_operation(form: FormText) -> OperationFile:
    """The operation the form describes, or FormRefused with a message per input."""
    errors = FormErrors()
    data = _nest(form.values)
    for section, keys in form.extras.items():
        data.setdefault(section, {}).update(keys)
    line_numbers: dict[str, list[int]] = {}
    for key, text in (("areas", form.areas), ("employers", form.employers)):
        columns, required = LISTS[key]
        rows, line_numbers[key] = _rows(text, columns, required, key, errors)
        if rows or key == "areas":
            data[key] = rows
    for row in data.get("areas", []):
        row.update(form.area_places.get(str(row.get("name", "")).strip().casefold(), {}))
    try:
        operation = operation_from_data(data)
    except OperationFileError as exc:
        for mistake in exc.mistakes:
            _place(mistake, line_numbers, errors)
        raise FormRefused(errors) from None
    if errors:
        raise FormRefused(errors)
    return operation


def _money(pence: int | None, *, grouped: bool = False) -> str:
    if pence is None:
        return ""
    if grouped:
        whole, part = divmod(pence, 100)
        return f"{whole:,}" + (f".{part:02d}" if part else "")
    return pounds_plain(pence).removesuffix(".00")


def _cell(text: str) -> str:
    return f'"{text}"' if "," in text or '"' in text else text


def operation_to_form(op: OperationFile) -> FormText:
    """The form filled in from an operation (a loaded file), for review before saving."""
    periods = op.pay_periods
    values = {
        "operation.name": op.operation.name,
        "operation.grant_pounds": _money(op.operation.grant_pounds, grouped=True),
        "operation.starts_on": op.operation.starts_on.isoformat(),
        "operation.ends_on": op.operation.ends_on.isoformat(),
        "force.name": op.force.name,
        "force.payroll_number_format": op.force.payroll_number_format or "",
        "force.day_starts": op.force.day_starts.strftime("%H:%M"),
        "pay_periods.kind": periods.kind,
        "pay_periods.first_starts_on": periods.first_starts_on.isoformat() if periods.first_starts_on else "",
        "bank_holidays.policy": op.bank_holidays.policy,
    }
    areas = "\n".join(", ".join(_cell(c) for c in (a.name, a.district, a.cost_code,
                                                    _money(a.allocation_pounds)) if c)
                      for a in op.areas)
    employers = "\n".join(
        ", ".join(_cell(c) for c in (e.name, _money(e.weekday_rate_pounds), _money(e.weekend_rate_pounds),
                                     _money(e.bank_holiday_rate_pounds),
                                     e.kind if e.kind != "council" else ""))
        .rstrip(", ")
        for e in op.employers)
    extras: dict[str, dict[str, Any]] = {}
    if op.force.week_starts != "monday":
        extras["force"] = {"week_starts": op.force.week_starts}
    if op.bank_holidays.extra_days:
        extras["bank_holidays"] = {"extra_days": list(op.bank_holidays.extra_days)}
    places = {a.name.casefold(): {k: v for k in PLACE_KEYS if (v := getattr(a, k)) is not None}
              for a in op.areas}
    return FormText(values, areas, employers, extras, {k: v for k, v in places.items() if v})
