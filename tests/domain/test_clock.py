"""Europe/London wall times ↔ UTC instants, across both 2026 clock changes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from hotspot_tui.domain.clock import (
    AmbiguousLocalTime,
    BadTimeText,
    LocalTimeError,
    NonexistentLocalTime,
    from_utc_text,
    local_to_utc,
    minutes_between,
    parse_local,
    parse_wall,
    to_local,
    to_local_naive,
    to_utc_text,
)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(
    ("wall", "fold", "expected"),
    [
        ("2026-01-15 12:00", None, utc(2026, 1, 15, 12, 0)),           # GMT
        ("2026-07-15 12:00", None, utc(2026, 7, 15, 11, 0)),           # BST
        ("2026-03-29 00:59", None, utc(2026, 3, 29, 0, 59)),           # last GMT minute
        ("2026-03-29 02:00", None, utc(2026, 3, 29, 1, 0)),            # first BST minute
        ("2026-10-25 00:59", None, utc(2026, 10, 24, 23, 59)),
        ("2026-10-25 01:30", 0, utc(2026, 10, 25, 0, 30)),             # earlier, BST
        ("2026-10-25 01:30", 1, utc(2026, 10, 25, 1, 30)),             # later, GMT
        ("2026-10-25 02:00", None, utc(2026, 10, 25, 2, 0)),
    ],
)
def test_local_to_utc(wall, fold, expected):
    assert parse_local(wall, fold=fold) == expected


def test_march_gap_is_refused():
    with pytest.raises(NonexistentLocalTime, match="does not exist"):
        local_to_utc(datetime(2026, 3, 29, 1, 30))
    with pytest.raises(NonexistentLocalTime):
        local_to_utc(datetime(2026, 3, 29, 1, 30), fold=1)


def test_october_repeat_needs_a_choice():
    with pytest.raises(AmbiguousLocalTime, match="twice"):
        local_to_utc(datetime(2026, 10, 25, 1, 30))


def test_errors_are_value_errors():
    assert issubclass(NonexistentLocalTime, LocalTimeError)
    assert issubclass(AmbiguousLocalTime, ValueError)


@pytest.mark.parametrize(
    ("start", "end", "minutes"),
    [
        ("2026-10-24 22:00", "2026-10-25 06:00", 9 * 60),
        ("2026-03-28 22:00", "2026-03-29 06:00", 7 * 60),
        ("2026-06-16 18:00", "2026-06-17 02:00", 8 * 60),
        ("2026-10-25 00:30", "2026-10-25 02:30", 3 * 60),
    ],
)
def test_minutes_between_uses_instants(start, end, minutes):
    assert minutes_between(parse_local(start), parse_local(end)) == minutes


def test_repeated_hour_fold_gives_one_hour_apart():
    earlier = parse_local("2026-10-25 01:30", fold=0)
    later = parse_local("2026-10-25 01:30", fold=1)
    assert minutes_between(earlier, later) == 60


def test_round_trip_text_and_local():
    instant = utc(2026, 10, 24, 21, 0)
    assert to_utc_text(instant) == "2026-10-24T21:00:00Z"
    assert from_utc_text("2026-10-24T21:00:00Z") == instant
    assert to_local_naive(instant) == datetime(2026, 10, 24, 22, 0)
    assert to_local(instant).utcoffset().total_seconds() == 3600


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-10-24 22:00", datetime(2026, 10, 24, 22, 0)),
        ("2026-10-24T22:00", datetime(2026, 10, 24, 22, 0)),
        (" 2026-6-1 7:05:30 ", datetime(2026, 6, 1, 7, 5, 30)),
    ],
)
def test_parse_wall_time(text, expected):
    assert parse_wall(text).at == expected


@pytest.mark.parametrize("text", ["", "tomorrow", "2026-02-30 10:00", "2026-10-24", "24/10/2026 22:00"])
def test_parse_wall_time_rejects(text):
    with pytest.raises(BadTimeText):
        parse_wall(text)


def test_naive_instant_rejected():
    with pytest.raises(ValueError):
        minutes_between(datetime(2026, 1, 1), datetime(2026, 1, 2))
    with pytest.raises(ValueError):
        local_to_utc(utc(2026, 1, 1))
