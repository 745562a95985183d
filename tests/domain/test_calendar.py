"""Force day and week boundaries, bank holidays and the actual/observed policy."""

from __future__ import annotations

from datetime import UTC, date, datetime
from itertools import pairwise

import pytest

from hotspot_tui.domain.calendar import (
    force_date,
    force_day_bounds,
    is_public_holiday,
    public_holidays,
    split_by_force_day,
    week_start,
)
from hotspot_tui.domain.clock import minutes_between, parse_local
from hotspot_tui.domain.rules import PayRules

RULES = PayRules()

ENGLAND_2026 = {
    date(2026, 1, 1), date(2026, 4, 3), date(2026, 4, 6), date(2026, 5, 4),
    date(2026, 5, 25), date(2026, 8, 31), date(2026, 12, 25), date(2026, 12, 28),
}


def with_calendar(**calendar) -> PayRules:
    return PayRules.model_validate({"calendar": calendar})


def test_england_2026_observed_matches_gov_uk():
    assert set(public_holidays(2026, RULES)) == ENGLAND_2026


@pytest.mark.parametrize(
    ("policy", "expected_extra", "expected_missing"),
    [
        ("observed", set(), {date(2026, 12, 26)}),
        ("actual", {date(2026, 12, 26)}, {date(2026, 12, 28)}),
        ("both", {date(2026, 12, 26)}, set()),
    ],
)
def test_policy(policy, expected_extra, expected_missing):
    days = set(public_holidays(2026, with_calendar(holiday_date_policy=policy)))
    assert expected_extra <= days
    assert not (expected_missing & days)


def test_2027_christmas_both_on_weekend_observed_moves_both():
    days = set(public_holidays(2027, RULES))
    assert {date(2027, 12, 27), date(2027, 12, 28)} <= days
    assert not {date(2027, 12, 25), date(2027, 12, 26)} & days


def test_region_is_configuration():
    # without the ENG region the package lacks Easter Monday and the August holiday
    days = set(public_holidays(2026, with_calendar(holiday_subdiv=None)))
    assert date(2026, 4, 6) not in days
    assert date(2026, 8, 31) not in days
    assert date(2026, 4, 6) in set(public_holidays(2026, RULES))


def test_extra_force_declared_day():
    rules = with_calendar(extra_holidays=["2026-06-16"])
    assert is_public_holiday(date(2026, 6, 16), rules)
    assert not is_public_holiday(date(2026, 6, 16), RULES)


@pytest.mark.parametrize(
    ("wall", "expected"),
    [
        ("2026-05-04 06:59", date(2026, 5, 3)),
        ("2026-05-04 07:00", date(2026, 5, 4)),
        ("2026-05-04 23:59", date(2026, 5, 4)),
        ("2026-10-25 06:59", date(2026, 10, 24)),
        ("2026-03-29 07:00", date(2026, 3, 29)),
    ],
)
def test_force_date_starts_at_0700(wall, expected):
    assert force_date(parse_local(wall), RULES) == expected


def test_force_date_with_midnight_day():
    rules = with_calendar(day_starts="00:00")
    assert force_date(parse_local("2026-05-04 06:59"), rules) == date(2026, 5, 4)


@pytest.mark.parametrize(
    ("week_starts", "day", "expected"),
    [
        ("monday", date(2026, 6, 21), date(2026, 6, 15)),   # Sunday → previous Monday
        ("monday", date(2026, 6, 15), date(2026, 6, 15)),
        ("sunday", date(2026, 6, 20), date(2026, 6, 14)),
        ("sunday", date(2026, 6, 21), date(2026, 6, 21)),
    ],
)
def test_week_start(week_starts, day, expected):
    assert week_start(day, with_calendar(week_starts=week_starts)) == expected


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2026, 3, 28), 23), (date(2026, 10, 24), 25), (date(2026, 6, 16), 24)],
)
def test_force_day_length_on_clock_change(day, hours):
    # the Saturday force day runs Sat 07:00 → Sun 07:00 and contains the change
    start, end = force_day_bounds(day, RULES)
    assert minutes_between(start, end) == hours * 60


def test_split_covers_span_exactly():
    start, end = parse_local("2026-05-03 20:00"), parse_local("2026-05-05 09:00")
    pieces = split_by_force_day(start, end, RULES)
    assert [p.day for p in pieces] == [date(2026, 5, 3), date(2026, 5, 4), date(2026, 5, 5)]
    assert pieces[0].start == start and pieces[-1].end == end
    assert all(a.end == b.start for a, b in pairwise(pieces))
    assert pieces[1].start == datetime(2026, 5, 4, 6, 0, tzinfo=UTC)  # 07:00 BST


def test_rules_round_trip_through_json_sections():
    rules = PayRules.model_validate(
        {"calendar": {"holiday_date_policy": "both", "extra_holidays": ["2026-06-16"]},
         "officer": {"overtime_multiplier": "3/2"}}
    )
    sections = rules.sections()
    assert set(sections) == {"calendar", "officer", "pcso", "council", "working_time"}
    assert PayRules.from_sections(sections) == rules
    assert PayRules.model_validate(rules.model_dump(mode="json")) == rules
    assert sections["officer"]["overtime_multiplier"] == "3/2"
    assert sections["calendar"]["day_starts"] == "07:00:00"


@pytest.mark.parametrize("bad", ["x", "1/0", "-1"])
def test_bad_multiplier_rejected(bad):
    with pytest.raises(ValueError):
        PayRules.model_validate({"officer": {"overtime_multiplier": bad}})


@pytest.mark.parametrize(
    "calendar",
    [{"timezone": "Mars/Olympus"}, {"holiday_country": "XX"}, {"holiday_subdiv": "NOPE"}],
)
def test_unknown_zone_or_region_rejected(calendar):
    with pytest.raises(ValueError):
        PayRules.model_validate({"calendar": calendar})
