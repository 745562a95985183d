"""One reading of typed times: which 01:xx is meant when the clocks go back, and why a time
in the skipped hour does not exist."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest

from hotspot_tui.domain.clock import (
    AmbiguousLocalTime,
    BadTimeText,
    ClockTime,
    LocalTimeError,
    NonexistentLocalTime,
    clock_text,
    parse_clock,
    parse_instant,
    parse_wall,
    resolve_wall,
    wall_text,
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("typed", "instant"), [
    ("2026-10-25 01:30 BST", utc(2026, 10, 25, 0, 30)),
    ("2026-10-25 01:30 bst", utc(2026, 10, 25, 0, 30)),
    ("2026-10-25 01:30 GMT", utc(2026, 10, 25, 1, 30)),
    ("2026-10-25 01:30GMT", utc(2026, 10, 25, 1, 30)),
    ("2026-07-01 12:00 BST", utc(2026, 7, 1, 11, 0)),
    ("2026-12-01 12:00 GMT", utc(2026, 12, 1, 12, 0)),
    ("2026-12-01 12:00", utc(2026, 12, 1, 12, 0)),
])
def test_the_zone_after_a_time_says_which_instant(typed: str, instant: datetime) -> None:
    assert parse_instant(typed) == instant


def test_a_repeated_time_without_its_zone_is_refused_saying_what_to_type() -> None:
    with pytest.raises(AmbiguousLocalTime) as err:
        parse_instant("2026-10-25 01:30")
    assert str(err.value) == (
        "2026-10-25 01:30 happens twice in Europe/London as the clocks go back: "
        "type 01:30 BST for the first or 01:30 GMT for the second")


@pytest.mark.parametrize("typed", ["2026-03-29 01:00", "2026-03-29 01:59", "2026-03-29 01:30 GMT",
                                   "2026-03-29 01:30 BST"])
def test_a_time_in_the_skipped_hour_is_refused_saying_why(typed: str) -> None:
    with pytest.raises(NonexistentLocalTime) as err:
        parse_instant(typed)
    assert "does not exist in Europe/London: the clocks go forward that night from 01:00 GMT " \
           "to 02:00 BST" in str(err.value)


def test_a_zone_the_clocks_are_not_on_is_refused_unless_only_choosing() -> None:
    with pytest.raises(LocalTimeError, match="is on BST then, not GMT"):
        parse_instant("2026-07-01 12:00 GMT")
    assert resolve_wall(datetime(2026, 7, 1, 12, 0), "GMT", strict=False) == utc(2026, 7, 1, 11, 0)
    assert resolve_wall(datetime(2026, 10, 25, 1, 30), "GMT", strict=False) == utc(2026, 10, 25, 1, 30)


def test_every_minute_of_the_two_change_nights_shows_as_text_that_reads_back_the_same() -> None:
    for start in (utc(2026, 3, 28, 22, 0), utc(2026, 10, 24, 22, 0)):
        for minute in range(6 * 60):
            instant = start + timedelta(minutes=minute)
            assert parse_instant(wall_text(instant)) == instant, wall_text(instant)


def test_the_zone_is_shown_only_when_the_wall_time_happens_twice() -> None:
    assert clock_text(utc(2026, 10, 25, 0, 30)) == "01:30 BST"
    assert clock_text(utc(2026, 10, 25, 1, 30)) == "01:30 GMT"
    assert clock_text(utc(2026, 10, 25, 2, 0)) == "02:00"
    assert clock_text(utc(2026, 10, 24, 17, 0)) == "18:00"
    assert wall_text(utc(2026, 10, 25, 1, 30)) == "2026-10-25 01:30 GMT"


@pytest.mark.parametrize(("typed", "clock"), [
    ("18:00", ClockTime(time(18, 0))), ("1800", ClockTime(time(18, 0))),
    ("18.30", ClockTime(time(18, 30))), ("7", ClockTime(time(7, 0))),
    ("01:30 GMT", ClockTime(time(1, 30), "GMT")), ("01:30 bst", ClockTime(time(1, 30), "BST")),
])
def test_parse_clock(typed: str, clock: ClockTime) -> None:
    assert parse_clock(typed) == clock


@pytest.mark.parametrize("typed", ["", "25:00", "18:60", "6pm", "01:30 CET", "noon"])
def test_parse_clock_refuses(typed: str) -> None:
    with pytest.raises(BadTimeText):
        parse_clock(typed)


def test_parse_wall_keeps_the_zone_typed() -> None:
    wall = parse_wall(" 2026-10-25 01:30 gmt ")
    assert (wall.at, wall.zone) == (datetime(2026, 10, 25, 1, 30), "GMT")
    with pytest.raises(BadTimeText):
        parse_wall("2026-02-30 10:00")
