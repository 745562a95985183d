"""Turn what a person types (in a form or a CSV cell) into a validated `StaffMember`.

Pure functions shared by the staff form and the staff import: money in pounds with `£` and
commas, hours as `37`, `37.5` or `37:30`, kinds and ranks as people write them. Errors come
back per field, in plain words, so a form can show each beside its input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from hotspot_tui.domain.models import StaffMember
from hotspot_tui.domain.payroll_numbers import fits

MAX_PENCE = 100_000_000_00
MAX_TEXT = 200
MAX_SALARY_PENCE = 500_000_00
"""£500,000 a year: above every police and council pay scale, so more is a typing slip."""
MAX_HOURLY_PENCE = 500_00
"""£500 an hour, for the same reason."""
MAX_WEEKLY_MINUTES = 56 * 60

KIND_WORDS: dict[str, str] = {
    "officer": "officer", "police officer": "officer", "pc": "officer", "ps": "officer",
    "constable": "officer", "sergeant": "officer", "sgt": "officer", "dc": "officer",
    "ds": "officer", "inspector": "officer", "insp": "officer",
    "pcso": "pcso", "police community support officer": "pcso", "community support officer": "pcso",
    "police constable": "officer", "police sergeant": "officer", "police inspector": "officer",
    "detective constable": "officer", "detective sergeant": "officer",
    "detective inspector": "officer",
    "ceo": "ceo", "council ceo": "ceo", "community enforcement officer": "ceo", "warden": "ceo",
    "community safety warden": "ceo", "council": "ceo", "enforcement officer": "ceo",
    "bid": "ceo", "bid ranger": "ceo", "ranger": "ceo",
}
RANK_FROM_KIND_WORD: dict[str, str] = {
    "pc": "constable", "constable": "constable", "dc": "constable",
    "ps": "sergeant", "sergeant": "sergeant", "sgt": "sergeant", "ds": "sergeant",
    "inspector": "inspector", "insp": "inspector",
    "police constable": "constable", "police sergeant": "sergeant", "police inspector": "inspector",
    "detective constable": "constable", "detective sergeant": "sergeant",
    "detective inspector": "inspector",
}
RANK_WORDS: dict[str, str] = {
    "pc": "constable", "constable": "constable", "dc": "constable", "police constable": "constable",
    "ps": "sergeant", "sgt": "sergeant", "sergeant": "sergeant", "ds": "sergeant",
    "police sergeant": "sergeant", "detective constable": "constable",
    "detective sergeant": "sergeant", "police inspector": "inspector",
    "detective inspector": "inspector",
    "insp": "inspector", "inspector": "inspector", "di": "inspector",
    "ci": "chief_inspector", "chief inspector": "chief_inspector", "chief_inspector": "chief_inspector",
    "supt": "superintendent", "superintendent": "superintendent",
    "c/supt": "chief_superintendent", "chief superintendent": "chief_superintendent",
    "chief_superintendent": "chief_superintendent",
}

# Which form field a model-level message belongs to.
_MODEL_MESSAGE_FIELDS = (
    ("rank", "rank"),
    ("recharge", "employer"),
    ("annual salary", "salary"),
    ("hourly rate", "hourly_rate"),
)
_FIELD_FOR_ATTR = {
    "payroll_number": "payroll_number", "collar_number": "collar_number", "name": "name",
    "kind": "kind", "rank": "rank", "employer_id": "employer", "home_area_id": "home_area",
    "annual_salary_pence": "salary", "hourly_rate_pence": "hourly_rate",
    "contracted_weekly_minutes": "contracted_hours", "pay_basis": "salary",
}


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().replace(".", ""))


def parse_pounds(text: str) -> int | None:
    """`£31,163` / `31163.50` → pence; blank → None; raises ValueError in plain words."""
    cleaned = text.strip().replace(",", "").replace("£", "").replace(" ", "")
    if not cleaned:
        return None
    if len(cleaned) > 15:
        raise ValueError(f"{text.strip()[:20]!r} is too large an amount")
    try:
        amount = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"{text.strip()[:20]!r} is not an amount in pounds (e.g. £31,163)") from None
    if not amount.is_finite():
        raise ValueError("give an amount in pounds (e.g. £31,163)")
    if amount < 0:
        raise ValueError("an amount cannot be negative")
    pence = amount * 100
    if pence != pence.to_integral_value():
        raise ValueError("give pounds to at most 2 decimal places")
    if pence > MAX_PENCE:
        raise ValueError("that amount is too large (over £100,000,000)")
    return int(pence)


def _pounds_up_to(text: str, limit_pence: int, too_large: str) -> int | None:
    try:
        pence = parse_pounds(text)
    except ValueError as exc:
        if "too large" in str(exc):
            raise ValueError(too_large) from None
        raise
    if pence is not None and pence > limit_pence:
        raise ValueError(too_large)
    return pence


def parse_salary(text: str) -> int | None:
    """An annual salary in pounds → pence (at most £500,000); blank → None."""
    return _pounds_up_to(text, MAX_SALARY_PENCE,
                         "too large for an annual salary (at most £500,000): check the figure")


def parse_hourly(text: str) -> int | None:
    """An hourly rate in pounds → pence (at most £500 an hour); blank → None."""
    return _pounds_up_to(text, MAX_HOURLY_PENCE,
                         "too large for an hourly rate (at most £500): check the figure")


def parse_hours(text: str) -> int | None:
    """`37`, `37.5` or `37:30` hours a week → minutes; blank → None."""
    cleaned = text.strip().lower().replace("hours", "").replace("hrs", "").replace("h", "").strip()
    if not cleaned:
        return None
    if len(cleaned) > 8:
        raise ValueError(f"{text.strip()[:20]!r} is not a number of hours")
    match = re.fullmatch(r"(\d{1,3}):([0-5]\d)", cleaned)
    if match:
        minutes = int(match[1]) * 60 + int(match[2])
    else:
        try:
            hours = Decimal(cleaned)
        except InvalidOperation:
            raise ValueError(f"{text.strip()!r} is not a number of hours (e.g. 37 or 37.5)") from None
        if not hours.is_finite() or hours < 0:
            raise ValueError("hours must be zero or more")
        minutes_exact = hours * 60
        if minutes_exact != minutes_exact.to_integral_value():
            raise ValueError("give hours to the minute (e.g. 37.5 or 37:30)")
        minutes = int(minutes_exact)
    if minutes > MAX_WEEKLY_MINUTES:
        raise ValueError("contracted hours cannot exceed 56 a week")
    return minutes


def normalise_kind(text: str) -> tuple[str | None, str | None]:
    """(kind, rank implied by the word) from `PC`, `PCSO`, `warden`…; (None, None) if blank."""
    word = _words(text)
    if not word:
        return None, None
    kind = KIND_WORDS.get(word) or KIND_WORDS.get(word.replace("_", " "))
    if kind is None:
        raise ValueError(f"{text.strip()[:30]!r} is not a kind: use officer, PCSO or CEO")
    return kind, RANK_FROM_KIND_WORD.get(word)


def normalise_rank(text: str) -> str | None:
    word = _words(text)
    if not word:
        return None
    rank = RANK_WORDS.get(word) or RANK_WORDS.get(word.replace("_", " "))
    if rank is None:
        raise ValueError(f"{text.strip()[:30]!r} is not a rank (e.g. PC, PS, constable, sergeant)")
    return rank


@dataclass(frozen=True)
class StaffInput:
    """What was typed, as text, plus resolved ids for employer and home area."""

    name: str = ""
    payroll_number: str = ""
    collar_number: str = ""
    kind: str = ""
    rank: str = ""
    employer_id: str | None = None
    employer_kind: str | None = None
    home_area_id: str | None = None
    salary: str = ""
    hourly_rate: str = ""
    contracted_hours: str = ""
    active: bool = True
    payroll_format: str | None = None
    """The force's payroll-number format (``HC######``), checked for the force's people."""


def _friendly(message: str) -> str:
    message = message.removeprefix("Value error, ")
    if message.startswith("String should have at least 1"):
        return "required"
    if message.startswith("String should have at most"):
        return "too long"
    if message.startswith("Input should be less than or equal"):
        return "too large"
    return message


def build_staff_member(
    staff_id: str, raw: StaffInput
) -> tuple[StaffMember | None, dict[str, str]]:
    """Validate typed input; returns (member, {}) or (None, {field: message})."""
    errors: dict[str, str] = {}
    values: dict[str, Any] = {"id": staff_id, "active": raw.active}

    def text(field: str, value: str) -> str:
        if len(value) > MAX_TEXT:
            errors[field] = "too long"
        return value.strip()

    values["name"] = text("name", raw.name)
    if not values["name"]:
        errors["name"] = "a name is required"
    payroll = text("payroll_number", raw.payroll_number)
    if not payroll:
        errors["payroll_number"] = "a payroll number is required"
    values["payroll_number"] = payroll or "X"
    if payroll and raw.employer_kind == "force" and not fits(payroll.upper(), raw.payroll_format):
        errors["payroll_number"] = (f"{payroll.upper()[:20]} is not a payroll number of the force "
                                    f"({raw.payroll_format}: # a digit, @ a letter)")
    values["collar_number"] = text("collar_number", raw.collar_number) or None
    kind = rank = None
    try:
        kind, rank = normalise_kind(raw.kind)
    except ValueError as exc:
        errors["kind"] = str(exc)
    if kind is None and "kind" not in errors:
        errors["kind"] = "choose officer, PCSO or CEO"
    try:
        rank = normalise_rank(raw.rank) or rank
    except ValueError as exc:
        errors["rank"] = str(exc)
    if kind == "officer" and rank is None and "rank" not in errors:
        errors["rank"] = "an officer needs a rank (e.g. PC or PS)"
    if kind in ("pcso", "ceo") and rank is not None and "rank" not in errors:
        errors["rank"] = "only officers have a rank; leave it blank"
    values["kind"] = kind or "pcso"
    values["rank"] = rank if kind == "officer" else None
    if not raw.employer_id:
        errors["employer"] = "choose an employer"
    elif kind == "ceo" and raw.employer_kind == "force":
        errors["employer"] = "a council CEO is employed by a council or BID, not the force"
    elif kind in ("officer", "pcso") and raw.employer_kind not in (None, "force"):
        errors["employer"] = "officers and PCSOs are employed by the force"
    values["employer_id"] = raw.employer_id or "none"
    values["home_area_id"] = raw.home_area_id
    salary = hourly = minutes = None
    for field, parser, value in (
        ("salary", parse_salary, raw.salary),
        ("hourly_rate", parse_hourly, raw.hourly_rate),
        ("contracted_hours", parse_hours, raw.contracted_hours),
    ):
        try:
            parsed = parser(value)
        except ValueError as exc:
            errors[field] = str(exc)
            continue
        if field == "salary":
            salary = parsed
        elif field == "hourly_rate":
            hourly = parsed
        else:
            minutes = parsed
    if kind == "ceo":
        pay_basis = "recharge"
    elif hourly and not salary:
        pay_basis = "hourly"
    else:
        pay_basis = "annual"
        if not salary and "salary" not in errors and kind is not None:
            errors["salary"] = "give an annual salary in pounds (or an hourly rate)"
    values.update(pay_basis=pay_basis, annual_salary_pence=salary, hourly_rate_pence=hourly,
                  contracted_weekly_minutes=minutes if minutes is not None else 0)
    try:
        member = StaffMember(**values)
    except ValidationError as exc:
        had_errors = bool(errors)
        for err in exc.errors():
            if had_errors and not err["loc"]:
                continue  # a consequence of a field already reported
            message = _friendly(err["msg"])
            if err["loc"]:
                field = _FIELD_FOR_ATTR.get(str(err["loc"][0]), str(err["loc"][0]))
            else:
                field = next((f for word, f in _MODEL_MESSAGE_FIELDS if word in message), "kind")
            errors.setdefault(field, message)
        return None, errors
    if errors:
        return None, errors
    return member, {}


FIELD_LABELS: dict[str, str] = {
    "name": "name", "payroll_number": "payroll number", "collar_number": "collar number",
    "kind": "kind", "rank": "rank", "employer": "employer", "home_area": "home area",
    "salary": "annual salary", "hourly_rate": "hourly rate", "contracted_hours": "contracted hours",
}
