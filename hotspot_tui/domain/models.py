"""The entities of the operation, validated at every boundary (forms, imports, services)."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationInfo,
    field_validator,
    model_validator,
)

from hotspot_tui.domain.text import NAME_MAX, plain

Kind = Literal["officer", "pcso", "ceo"]
Rank = Literal[
    "constable", "sergeant", "inspector", "chief_inspector", "superintendent",
    "chief_superintendent",
]
PayBasis = Literal["annual", "hourly", "recharge"]
EmployerKind = Literal["force", "council", "bid"]
ShiftStatus = Literal["planned", "cancelled"]
AssignmentStatus = Literal["planned", "worked", "cancelled", "no_show"]

KIND_LABELS: dict[str, str] = {"officer": "Officer", "pcso": "PCSO", "ceo": "Council CEO"}
RANK_LABELS: dict[str, str] = {
    "constable": "PC", "sergeant": "PS", "inspector": "Insp", "chief_inspector": "CI",
    "superintendent": "Supt", "chief_superintendent": "C/Supt",
}
DEFAULT_MAX_SHIFT_MINUTES = 16 * 60

Name = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=NAME_MAX),
                 AfterValidator(plain)]
Pence = Annotated[int, Field(ge=0, le=100_000_000_00)]
Count = Annotated[int, Field(ge=0, le=10_000)]

COLLAR_RE = re.compile(r"^[A-Z]{0,4}\d{2,6}$")
PAYROLL_RE = re.compile(r"^[A-Z0-9][A-Z0-9/-]{2,19}$")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, frozen=True)


def _aware_utc(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError("time must carry a timezone (instants are stored in UTC)")
    return value.astimezone(UTC)


class Area(Model):
    id: str
    name: Name
    district: Name
    cost_code: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=20)]
    active: bool = True


class Employer(Model):
    id: str
    name: Name
    kind: EmployerKind
    weekday_rate_pence: Pence | None = None
    weekend_rate_pence: Pence | None = None
    holiday_rate_pence: Pence | None = None

    @model_validator(mode="after")
    def _council_rates(self) -> Employer:
        rates = (self.weekday_rate_pence, self.weekend_rate_pence, self.holiday_rate_pence)
        if self.kind != "force" and any(r is None for r in rates):
            raise ValueError("a council or BID employer needs weekday, weekend and holiday rates")
        return self


class StaffMember(Model):
    id: str
    payroll_number: str
    collar_number: str | None = None
    name: Name
    kind: Kind
    rank: Rank | None = None
    employer_id: str
    home_area_id: str | None = None
    pay_basis: PayBasis
    annual_salary_pence: Pence | None = None
    hourly_rate_pence: Pence | None = None
    contracted_weekly_minutes: Annotated[int, Field(ge=0, le=56 * 60)] = 0
    active: bool = True

    @field_validator("payroll_number")
    @classmethod
    def _payroll_format(cls, value: str) -> str:
        value = value.strip().upper()
        if not PAYROLL_RE.match(value):
            raise ValueError(
                "payroll number must be 3-20 letters, digits, '-' or '/' (e.g. HC104233)"
            )
        return value

    @field_validator("collar_number")
    @classmethod
    def _collar_format(cls, value: str | None) -> str | None:
        if value is None:
            return None
        value = re.sub(r"\s+", "", value).upper()
        if not value:
            return None
        if not COLLAR_RE.match(value):
            raise ValueError("collar number must be 2-6 digits, optionally after letters (e.g. 4521)")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> StaffMember:
        if self.kind == "officer" and self.rank is None:
            raise ValueError("an officer needs a rank")
        if self.kind != "officer" and self.rank is not None:
            raise ValueError("only officers have a rank")
        if self.kind == "ceo" and self.pay_basis != "recharge":
            raise ValueError("council officers are paid by their council's recharge rate")
        if self.kind != "ceo" and self.pay_basis == "recharge":
            raise ValueError("only council officers are paid by recharge")
        if self.pay_basis == "annual" and not self.annual_salary_pence:
            raise ValueError("annual pay basis needs an annual salary")
        if self.pay_basis == "hourly" and not self.hourly_rate_pence:
            raise ValueError("hourly pay basis needs an hourly rate")
        return self


class Cover(Model):
    officer: Count = 0
    pcso: Count = 0
    ceo: Count = 0

    def total(self) -> int:
        return self.officer + self.pcso + self.ceo


class Shift(Model):
    """A patrol: an area, a span of time, and the cover it needs."""

    id: str
    area_id: str
    start_utc: datetime
    end_utc: datetime
    need: Cover = Cover()
    status: ShiftStatus = "planned"
    notes: Annotated[str, StringConstraints(max_length=500), AfterValidator(plain)] = ""
    pattern_id: str | None = None
    cancel_reason: str | None = None

    _utc = field_validator("start_utc", "end_utc")(_aware_utc)

    @model_validator(mode="after")
    def _span(self, info: ValidationInfo) -> Shift:
        if self.end_utc <= self.start_utc:
            raise ValueError("a patrol must end after it starts")
        limit = (info.context or {}).get("max_shift_minutes", DEFAULT_MAX_SHIFT_MINUTES)
        if self.end_utc - self.start_utc > timedelta(minutes=limit):
            raise ValueError(f"a patrol may last at most {limit // 60} h {limit % 60:02d} min")
        if self.status == "cancelled" and not (self.cancel_reason or "").strip():
            raise ValueError("cancelling a patrol needs a reason")
        return self

    @property
    def minutes(self) -> int:
        return int((self.end_utc - self.start_utc).total_seconds() // 60)


class Assignment(Model):
    id: str
    shift_id: str
    staff_id: str
    status: AssignmentStatus = "planned"
    start_utc: datetime
    end_utc: datetime
    actual_start_utc: datetime | None = None
    actual_end_utc: datetime | None = None
    told_on: date | None = None
    rest_day: bool = False
    casual: bool = False
    straight_on: bool = False
    reason: str | None = None
    override_reason: str | None = None

    _utc = field_validator("start_utc", "end_utc")(_aware_utc)

    @field_validator("actual_start_utc", "actual_end_utc")
    @classmethod
    def _utc_optional(cls, value: datetime | None) -> datetime | None:
        return None if value is None else _aware_utc(value)

    @model_validator(mode="after")
    def _times(self) -> Assignment:
        if self.end_utc <= self.start_utc:
            raise ValueError("planned off-duty time must be after the on-duty time")
        if self.status == "worked" and (self.actual_start_utc is None or self.actual_end_utc is None):
            raise ValueError("a worked patrol needs actual on and off times")
        if self.actual_start_utc and self.actual_end_utc:
            if self.actual_end_utc <= self.actual_start_utc:
                raise ValueError("actual off-duty time must be after the on-duty time")
            if self.actual_end_utc - self.actual_start_utc > timedelta(hours=24):
                raise ValueError("actual times span more than 24 hours: check the dates")
        return self


class Outcomes(Model):
    arrests: Count = 0
    stop_searches: Count = 0
    weapons: Count = 0
    dispersals: Count = 0
    cpw: Count = 0
    cpn: Count = 0
    pspo: Count = 0
    informal_warnings: Count = 0
    other: Count = 0
    notes: Annotated[str, StringConstraints(max_length=1000), AfterValidator(plain)] = ""

    def asb_powers(self) -> int:
        return self.dispersals + self.cpw + self.cpn + self.pspo + self.informal_warnings


OUTCOME_LABELS: dict[str, str] = {
    "arrests": "Arrests",
    "stop_searches": "Stop-searches",
    "weapons": "Weapons / knives",
    "dispersals": "Dispersal directions (s35)",
    "cpw": "Community Protection Warnings",
    "cpn": "Community Protection Notices",
    "pspo": "PSPO enforcement",
    "informal_warnings": "Informal warnings",
    "other": "Other outcomes",
}


class Budget(Model):
    name: Name
    grant_pence: Pence
    starts_on: date
    ends_on: date

    @model_validator(mode="after")
    def _dates(self) -> Budget:
        if self.ends_on <= self.starts_on:
            raise ValueError("the budget must end after it starts")
        return self


class SpendLine(Model):
    id: str
    description: Name
    category: Name = "crime prevention"
    area_id: str | None = None
    amount_pence: Pence
    spent_on: date


class AuditEntry(Model):
    seq: int
    at_utc: str
    actor: str
    action: str
    entity: str
    entity_id: str | None = None
    shift_id: str | None = None
    staff_id: str | None = None
    reason: str | None = None
    details: str = "{}"


def utc_today() -> date:
    return datetime.now(UTC).date()
