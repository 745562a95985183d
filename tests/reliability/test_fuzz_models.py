"""Bad input to the domain models (what every form and importer validates through): any input
either builds a model that keeps its rules or fails with pydantic's ValidationError carrying
one plain line per problem; never another exception."""

from __future__ import annotations

import inspect
import types
import typing
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from hotspot_tui.domain import models

MODELS = sorted(
    (cls for _, cls in inspect.getmembers(models, inspect.isclass)
     if issubclass(cls, BaseModel) and cls.__module__ == models.__name__ and cls is not models.Model),
    key=lambda cls: cls.__name__,
)

JUNK = st.one_of(
    st.none(),
    st.text(max_size=40),
    st.sampled_from(["", " ", "-1", "0", "NaN", "1e309", "£41,000", "2026-13-45", "null", "\x00", "\n"]),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.sampled_from([None, UTC, timezone(timedelta(hours=-11))])),
    st.lists(st.integers(), max_size=2),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def typed(annotation: object) -> st.SearchStrategy[object]:
    """Plausible values for a field's type, so that valid models are built often too."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return typed(args[0])
    if origin is typing.Literal:
        return st.sampled_from(args)
    if origin in (typing.Union, types.UnionType):
        return st.one_of(*(typed(a) for a in args))
    if annotation is type(None):
        return st.none()
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return payload(annotation, junk=False)
    if annotation is datetime:
        return st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 1, 1),
                            timezones=st.just(UTC))
    if annotation is date:
        return st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 1, 1))
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        return st.integers(min_value=-5, max_value=200_000_00)
    if annotation is str:
        return st.one_of(st.text(max_size=30), st.from_regex(r"[A-Z]{0,3}[0-9]{2,7}", fullmatch=True))
    return JUNK


def _spans(draw, model: type[BaseModel], data: dict[str, object]) -> dict[str, object]:
    """Make start/end pairs close together, so the span rules are exercised, not just hit."""
    for start, end in (("start_utc", "end_utc"), ("actual_start_utc", "actual_end_utc"),
                       ("starts_on", "ends_on")):
        if start in model.model_fields and isinstance(data.get(start), (datetime, date)):
            minutes = draw(st.integers(min_value=-120, max_value=26 * 60))
            delta = timedelta(days=minutes // 60) if start == "starts_on" else timedelta(minutes=minutes)
            data[end] = data[start] + delta  # type: ignore[operator]
    return data


def payload(model: type[BaseModel], *, junk: bool = True) -> st.SearchStrategy[dict[str, object]]:
    """Field values of the right type (clean) or sometimes anything at all (dirty)."""

    @st.composite
    def build(draw) -> dict[str, object]:  # type: ignore[no-untyped-def]
        dirty = junk and draw(st.booleans())
        data: dict[str, object] = {}
        for name, info in model.model_fields.items():
            if not info.is_required() and draw(st.integers(0, 3)) == 0:
                continue
            strategy = st.one_of(typed(info.annotation), JUNK) if dirty else typed(info.annotation)
            data[name] = draw(strategy)
        if not dirty:
            data = _spans(draw, model, data)
        if dirty and draw(st.integers(0, 4)) == 0:
            data[draw(st.sampled_from(["unknown", "Rank ", "id2"]))] = draw(JUNK)
        return data

    return build()


KNOWN_GOOD: dict[str, list[dict[str, object]]] = {
    "StaffMember": [
        {"id": "p1", "payroll_number": "hc104233 ", "collar_number": " 4521", "name": " PC Smith",
         "kind": "officer", "rank": "constable", "employer_id": "e", "pay_basis": "annual",
         "annual_salary_pence": 4_100_000},
        {"id": "p2", "payroll_number": "CEO-77", "name": "Jo Warden", "kind": "ceo",
         "employer_id": "c", "pay_basis": "recharge"},
        {"id": "p3", "payroll_number": "P/123", "name": "PCSO Lee", "kind": "pcso",
         "employer_id": "e", "pay_basis": "hourly", "hourly_rate_pence": 1850},
    ],
}


def rules_hold(value: BaseModel) -> None:
    """The rules a built model promises, checked independently of its validators."""
    data = value.model_dump()
    for name, field in data.items():
        if name.endswith("_pence") and field is not None:
            assert field >= 0, name
    if isinstance(value, models.StaffMember):
        assert (value.kind == "officer") == (value.rank is not None)
        assert (value.kind == "ceo") == (value.pay_basis == "recharge")
        assert value.name.strip() == value.name and value.name
    if isinstance(value, models.Shift):
        assert value.start_utc.tzinfo is not None and value.end_utc > value.start_utc
        assert value.end_utc - value.start_utc <= timedelta(hours=16)
    if isinstance(value, models.Assignment):
        assert value.end_utc > value.start_utc
        if value.status == "worked":
            assert value.actual_start_utc and value.actual_end_utc
    if isinstance(value, models.Employer) and value.kind != "force":
        assert None not in (value.weekday_rate_pence, value.weekend_rate_pence, value.holiday_rate_pence)
    if isinstance(value, models.Budget):
        assert value.ends_on > value.starts_on
    # what was built can be stored and read back as the same thing
    assert type(value).model_validate(data) == value


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_any_input_is_either_a_valid_model_or_plain_errors(model) -> None:  # type: ignore[no-untyped-def]
    built = {"ok": 0, "refused": 0}

    @settings(max_examples=150, deadline=None)
    @given(data=payload(model))
    def check(data: dict[str, object]) -> None:
        try:
            value = model.model_validate(data)
        except ValidationError as exc:
            built["refused"] += 1
            for error in exc.errors():
                message = error["msg"]
                assert message and "\n" not in message, message
                assert "Traceback (most recent call last)" not in message
            return
        built["ok"] += 1
        rules_hold(value)

    for known in KNOWN_GOOD.get(model.__name__, []):
        check = example(data=known)(check)
    check()
    assert built["refused"] > 0, f"{model.__name__}: fuzzing never produced a bad input"
    assert built["ok"] > 0, f"{model.__name__}: fuzzing never produced a valid input"


def test_every_model_is_fuzzed() -> None:
    names = {m.__name__ for m in MODELS}
    assert {"StaffMember", "Shift", "Assignment", "Employer", "Budget", "Outcomes"} <= names
