"""The operation file: one TOML text that describes an operation, checked whole.

`OperationFile` is the one table of keys the file may hold (each section a sub-model, so a
new key is one new field); `read_operation_text` parses the TOML (money as exact
decimals, never floats), validates it, runs the checks that span several entries
(duplicate areas, allocations beyond the grant, ...) and returns either the model or every
mistake, each with its key path and line. The set-up service and the first-run screen
both build an `OperationFile`, so a form and a file obey the same rules.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from datetime import date, time
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)
from pydantic_core import ErrorDetails

from hotspot_tui.domain import geography as geo
from hotspot_tui.domain.budget import MAX_GRANT_PENCE, parse_pounds, pounds
from hotspot_tui.domain.dates import EARLIEST_DAY, LATEST_DAY
from hotspot_tui.domain.payroll import PayrollSettings
from hotspot_tui.domain.payroll_numbers import check_format
from hotspot_tui.domain.rules import CalendarRules, Weekday
from hotspot_tui.domain.text_input import refuse_control_characters
from hotspot_tui.domain.toml_lines import key_lines, line_of


def _pence(value: object) -> int:
    """Pounds (an integer, an exact decimal such as 21.50, or text such as "£1,000,000")
    as integer pence; never a float."""
    if isinstance(value, bool):
        raise ValueError("expected an amount in pounds, such as 1000000 or 21.50")
    if isinstance(value, int):
        if value < 0:
            raise ValueError("an amount cannot be negative")
        pence = value * 100
    elif isinstance(value, Decimal):
        if not value.is_finite():
            raise ValueError("expected an amount in pounds, such as 21.50")
        if value < 0:
            raise ValueError("an amount cannot be negative")
        scaled = value * 100
        try:
            if scaled != scaled.to_integral_value():
                raise ValueError(f"{value} has more than two decimal places")
            pence = int(scaled)
        except InvalidOperation:
            raise ValueError(f"{value} is not an amount in pounds") from None
    elif isinstance(value, str):
        pence = parse_pounds(value)
    else:
        raise ValueError("expected an amount in pounds, such as 1000000 or 21.50")
    if pence > MAX_GRANT_PENCE:
        raise ValueError(f"{pounds(pence)} is too large; check the figure")
    return pence


def _text(value: str) -> str:
    return refuse_control_characters(value)


Pounds = Annotated[int, BeforeValidator(_pence)]
"""An amount written in pounds, held as integer pence."""
Text = Annotated[
    str, StringConstraints(strip_whitespace=True, min_length=1, max_length=120), AfterValidator(_text)
]
def _cost_code(value: str) -> str:
    if not re.fullmatch(r"[A-Z0-9][A-Z0-9/._-]*", value):
        raise ValueError(f"{value!r} is not a cost code: letters, digits, '-', '/', '.' or '_'")
    return value


CostCode = Annotated[
    str, StringConstraints(strip_whitespace=True, to_upper=True, min_length=1, max_length=20),
    AfterValidator(_cost_code),
]


def _supported_day(value: date) -> date:
    if not EARLIEST_DAY <= value <= LATEST_DAY:
        raise ValueError(f"{value.isoformat()} is out of range: use a date between "
                         f"{EARLIEST_DAY:%d %b %Y} and {LATEST_DAY:%d %b %Y}")
    return value


Day = Annotated[date, AfterValidator(_supported_day)]
"""A date in the range every date the program reads keeps to (`dates.EARLIEST_DAY` to
`dates.LATEST_DAY`)."""


def _day_start(value: time) -> time:
    if value.second or value.microsecond or value.tzinfo is not None:
        raise ValueError("give a local time in whole minutes, such as 07:00")
    return value


class FileSection(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OperationSection(FileSection):
    name: Text
    grant_pounds: Pounds = Field(gt=0)
    starts_on: Day
    ends_on: Day


class ForceSection(FileSection):
    name: Text
    payroll_number_format: Annotated[str, AfterValidator(check_format)] | None = None
    day_starts: Annotated[time, AfterValidator(_day_start)] = time(7, 0)
    week_starts: Weekday = "monday"


class PayPeriodsSection(FileSection):
    kind: Literal["calendar_month", "four_weekly", "weekly"] = "calendar_month"
    first_starts_on: Day | None = None
    """The first day of one period: needed for four-weekly and weekly periods."""


class BankHolidaysSection(FileSection):
    policy: Literal["observed", "actual", "both"] = "observed"
    """Which date of a bank holiday that falls at a weekend attracts holiday pay: the
    substitute weekday (`observed`), the real date (`actual`), or both."""
    extra_days: list[Day] = Field(default_factory=list)


def _lsoa_codes(value: list[str]) -> list[str]:
    try:
        return list(geo.lsoa_set(value).codes)
    except geo.GeographyError as exc:
        raise ValueError(str(exc)) from None


def _centre(value: object) -> tuple[float, float]:
    if not isinstance(value, list | tuple) or len(value) != 2 or not all(
            isinstance(v, int | float | Decimal) and not isinstance(v, bool) for v in value):
        raise ValueError("should be [latitude, longitude], e.g. [51.6560, -0.3960]")
    try:
        return geo.parse_centre(f"{value[0]},{value[1]}")
    except geo.GeographyError as exc:
        raise ValueError(str(exc)) from None


def _radius(value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError("should be metres, e.g. 600")
    try:
        return geo.parse_radius(str(value))
    except geo.GeographyError as exc:
        raise ValueError(str(exc)) from None


def _polygon(value: str) -> str:
    try:
        return geo.polygon(value).geojson
    except geo.GeographyError as exc:
        raise ValueError(str(exc)) from None


class AreaEntry(FileSection):
    name: Text
    district: Text
    cost_code: CostCode
    allocation_pounds: Pounds | None = None
    lsoa_codes: Annotated[list[str], AfterValidator(_lsoa_codes)] | None = None
    """Where the area lies (optional), one of: its LSOAs; a centre and radius; a polygon."""
    centre: Annotated[tuple[float, float], BeforeValidator(_centre)] | None = None
    radius_metres: Annotated[int, BeforeValidator(_radius)] | None = None
    polygon_geojson: Annotated[str, AfterValidator(_polygon)] | None = None

    def geography(self) -> geo.Geography | None:
        """Where the file says the area lies (checked already), or None."""
        if self.lsoa_codes is not None:
            return geo.LsoaSet(tuple(self.lsoa_codes))
        if self.centre is not None and self.radius_metres is not None:
            return geo.Circle(self.centre[0], self.centre[1], self.radius_metres)
        if self.polygon_geojson is not None:
            return geo.Polygon(self.polygon_geojson)
        return None


class EmployerEntry(FileSection):
    name: Text
    kind: Literal["council", "bid"] = "council"
    weekday_rate_pounds: Pounds
    weekend_rate_pounds: Pounds
    bank_holiday_rate_pounds: Pounds


class OperationFile(FileSection):
    """Every key an operation file may hold."""

    operation: OperationSection
    force: ForceSection
    pay_periods: PayPeriodsSection = Field(default_factory=PayPeriodsSection)
    bank_holidays: BankHolidaysSection = Field(default_factory=BankHolidaysSection)
    areas: list[AreaEntry] = Field(min_length=1)
    employers: list[EmployerEntry] = Field(default_factory=list)

    def payroll_settings(self) -> PayrollSettings:
        kind = {"calendar_month": "month"}.get(self.pay_periods.kind, self.pay_periods.kind)
        first = self.pay_periods.first_starts_on
        return PayrollSettings.model_validate(
            {"period_kind": kind, **({"anchor": first} if first is not None else {})})

    def calendar(self, base: CalendarRules | None = None) -> CalendarRules:
        """The calendar rules with this file's force day, week and bank-holiday policy."""
        current = (base or CalendarRules()).model_dump()
        current.update(day_starts=self.force.day_starts, week_starts=self.force.week_starts,
                       holiday_date_policy=self.bank_holidays.policy,
                       extra_holidays=list(self.bank_holidays.extra_days))
        return CalendarRules.model_validate(current)

    def problems(self) -> list[tuple[tuple[str | int, ...], str]]:
        """Mistakes that span entries: (key path, message) each."""
        return cross_problems(self.operation, self.force, self.pay_periods, self.bank_holidays,
                              list(enumerate(self.areas)), list(enumerate(self.employers)))


Problem = tuple[tuple[str | int, ...], str]


class _Dates(BaseModel):
    """The operation's dates alone, to compare them when another key of its section is wrong."""

    starts_on: date
    ends_on: date


def cross_problems(
    op: OperationSection | _Dates | None,
    force: ForceSection | None,
    pp: PayPeriodsSection | None,
    holidays: BankHolidaysSection | None,
    areas: list[tuple[int, AreaEntry]],
    employers: list[tuple[int, EmployerEntry]],
) -> list[Problem]:
    """Mistakes that span entries, among the parts that are valid on their own (so a file
    with a bad amount still hears about its duplicate area)."""
    found: list[Problem] = []
    if op is not None and op.ends_on <= op.starts_on:
        found.append((("operation", "ends_on"), f"must be after starts_on ({op.starts_on})"))
    if pp is not None and pp.kind != "calendar_month" and pp.first_starts_on is None:
        found.append((("pay_periods", "first_starts_on"),
                      f"{pp.kind} pay periods need the first day of one period"))
    if pp is not None and pp.kind == "calendar_month" and pp.first_starts_on is not None:
        found.append((("pay_periods", "first_starts_on"),
                      "calendar-month periods start on the 1st; leave this out"))
    names: dict[str, int] = {}
    codes: dict[str, int] = {}
    for index, area in areas:
        key = area.name.casefold()
        if key in names:
            found.append((("areas", index, "name"), f"{area.name!r} is already area {names[key] + 1}"))
        names.setdefault(key, index)
        if area.cost_code in codes:
            found.append((("areas", index, "cost_code"),
                          f"{area.cost_code} is already the cost code of area {codes[area.cost_code] + 1}"))
        codes.setdefault(area.cost_code, index)
        given = [k for k in ("lsoa_codes", "centre", "polygon_geojson") if getattr(area, k) is not None]
        if len(given) > 1:
            found.append((("areas", index, given[1]),
                          f"an area lies in one way: {' or '.join(given)}, not both"))
        elif area.centre is not None and area.radius_metres is None:
            found.append((("areas", index, "centre"), "needs radius_metres beside it"))
        elif area.radius_metres is not None and area.centre is None:
            found.append((("areas", index, "radius_metres"), "goes with centre = [latitude, longitude]"))
    allocated = sum(a.allocation_pounds or 0 for _, a in areas)
    if isinstance(op, OperationSection) and allocated > op.grant_pounds:
        found.append((("areas",), f"the allocations total {pounds(allocated)}, more than the "
                                  f"grant {pounds(op.grant_pounds)}"))
    seen: dict[str, int] = {force.name.casefold(): -1} if force is not None else {}
    for index, employer in employers:
        key = employer.name.casefold()
        if key in seen:
            other = "the force" if seen[key] < 0 else f"employer {seen[key] + 1}"
            found.append((("employers", index, "name"), f"{employer.name!r} is already {other}"))
        seen.setdefault(key, index)
    if holidays is not None:
        for index, day in enumerate(holidays.extra_days):
            if holidays.extra_days.index(day) != index:
                found.append((("bank_holidays", "extra_days", index), f"{day} is listed twice"))
    return found


def _valid_or_none(model: type[BaseModel], value: object) -> Any:
    if value is None:
        value = {}
    try:
        return model.model_validate(value)
    except ValidationError:
        return None


def _valid_entries(model: type[FileSection], values: object) -> list[tuple[int, Any]]:
    if not isinstance(values, list):
        return []
    entries = [(i, _valid_or_none(model, v)) for i, v in enumerate(values)]
    return [(i, e) for i, e in entries if e is not None]


def _cross_problems_of_raw(data: dict[str, Any]) -> list[Problem]:
    return cross_problems(
        _valid_or_none(OperationSection, data.get("operation", False))
        or _valid_or_none(_Dates, data.get("operation", False)),
        _valid_or_none(ForceSection, data.get("force", False)),
        _valid_or_none(PayPeriodsSection, data.get("pay_periods")),
        _valid_or_none(BankHolidaysSection, data.get("bank_holidays")),
        _valid_entries(AreaEntry, data.get("areas")),
        _valid_entries(EmployerEntry, data.get("employers")),
    )


@dataclass(frozen=True)
class Mistake:
    """One thing wrong with the file: where (key path and line) and what."""

    path: tuple[str | int, ...]
    line: int | None
    message: str

    @property
    def where(self) -> str:
        text = ""
        for part in self.path:
            text += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if text else part)
        return text

    def __str__(self) -> str:
        at = f"line {self.line}: " if self.line is not None else ""
        return f"{at}{self.where}: {self.message}" if self.path else f"{at}{self.message}"


class OperationFileError(ValueError):
    """The file has mistakes; nothing may be written. `mistakes` lists them in file order."""

    def __init__(self, mistakes: list[Mistake]) -> None:
        self.mistakes = sorted(mistakes, key=lambda m: (m.line or 0, m.where))
        super().__init__(str(self.mistakes[0]) if self.mistakes else "the operation file is not valid")


def _known_keys(path: tuple[str | int, ...]) -> list[str]:
    """The keys allowed in the table at `path` (for suggesting a mistyped one)."""
    model: Any = OperationFile
    for part in path:
        if isinstance(part, int):
            continue
        field = model.model_fields.get(part)
        if field is None:
            return []
        annotation = field.annotation
        args = getattr(annotation, "__args__", ())
        candidates = [annotation, *args]
        model = next((c for c in candidates if isinstance(c, type) and issubclass(c, BaseModel)), None)
        if model is None:
            return []
    return list(model.model_fields)


def _message(error: ErrorDetails) -> str:
    loc = tuple(error.get("loc", ()))
    kind = error.get("type", "")
    if kind == "extra_forbidden":
        known = _known_keys(loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), known, n=1)
        hint = f" (did you mean {close[0]}?)" if close else (
            f" (known keys: {', '.join(known)})" if known else "")
        return f"unknown key{hint}"
    if kind == "missing":
        return "is required"
    if kind == "too_short":
        return "needs at least one entry"
    if kind.startswith(("date_", "datetime_")):
        return f"{error.get('input')!s:.30} is not a date like 2026-05-01"
    if kind.startswith("time_"):
        return f"{error.get('input')!s:.30} is not a time like 07:00"
    message = str(error.get("msg", "is not valid")).removeprefix("Value error, ")
    if kind.startswith("literal_error"):
        return message.replace("Input should be", "must be")
    return message.replace("Input should be", "should be")


def _mistakes_from(exc: ValidationError, lines: dict[Any, int]) -> list[Mistake]:
    found = []
    for error in exc.errors():
        loc = tuple(error.get("loc", ()))
        # pydantic names the branch of `X | None` it tried; the key path is the field's.
        loc = tuple(p for p in loc if not (isinstance(p, str) and p.startswith("function-")))
        found.append(Mistake(loc, line_of(lines, loc), _message(error)))
    return found


def read_operation_text(text: str) -> OperationFile:
    """The file's model, or OperationFileError listing every mistake with its line."""
    try:
        data = tomllib.loads(text, parse_float=Decimal)
    except tomllib.TOMLDecodeError as exc:
        found = re.search(r"\(at line (\d+), column \d+\)", str(exc))
        message = re.sub(r"\s*\(at line \d+, column \d+\)", "", str(exc)) or "not valid TOML"
        raise OperationFileError(
            [Mistake((), int(found.group(1)) if found else None, f"not valid TOML: {message}")]
        ) from None
    return operation_from_data(data, key_lines(text))


def operation_from_data(data: dict[str, Any], lines: dict[Any, int] | None = None) -> OperationFile:
    """The model of parsed data (from a file, or a form laid out like one), or
    OperationFileError listing every mistake (with its line, when `lines` are known)."""
    lines = lines or {}
    try:
        model = OperationFile.model_validate(data)
    except ValidationError as exc:
        mistakes = _mistakes_from(exc, lines)
        known = {m.path for m in mistakes}
        mistakes += [Mistake(path, line_of(lines, path), message)
                     for path, message in _cross_problems_of_raw(data) if path not in known]
        raise OperationFileError(mistakes) from None
    problems = model.problems()
    if problems:
        raise OperationFileError([Mistake(path, line_of(lines, path), message)
                                  for path, message in problems])
    return model
