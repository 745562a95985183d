"""Dates typed as a person would."""

from datetime import date

import pytest

from hotspot_tui.domain.dates import parse_day, week_start
from hotspot_tui.errors import ValidationFailed

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.mark.parametrize(("text", "expected"), [
    ("today", date(2026, 11, 25)),
    ("Tomorrow", date(2026, 11, 26)),
    ("yesterday", date(2026, 11, 24)),
    ("fri", date(2026, 11, 27)),
    ("wed", date(2026, 11, 25)),
    ("next fri", date(2026, 11, 27)),
    ("next wed", date(2026, 12, 2)),
    ("last fri", date(2026, 11, 20)),
    ("this sat", date(2026, 11, 28)),
    ("fri next week", date(2026, 12, 4)),
    ("next week", date(2026, 11, 30)),
    ("last week", date(2026, 11, 16)),
    ("+3", date(2026, 11, 28)),
    ("-2", date(2026, 11, 23)),
    ("in 10 days", date(2026, 12, 5)),
    ("2026-12-05", date(2026, 12, 5)),
    ("5 dec", date(2026, 12, 5)),
    ("5th December", date(2026, 12, 5)),
    ("dec 5", date(2026, 12, 5)),
    ("5/12/2026", date(2026, 12, 5)),
    ("05-12-26", date(2026, 12, 5)),
    ("5 jan", date(2027, 1, 5)),
    ("1 nov", date(2026, 11, 1)),
    ("3 mar 2026", date(2026, 3, 3)),
])
def test_reads_dates(text: str, expected: date) -> None:
    assert parse_day(text, TODAY) == expected


@pytest.mark.parametrize("text", ["", "   ", "soon", "2026-02-30", "31 feb", "blursday"])
def test_refuses_nonsense_with_one_line(text: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        parse_day(text, TODAY)
    assert "\n" not in str(err.value)


def test_week_start_is_monday() -> None:
    assert week_start(date(2026, 11, 29)) == date(2026, 11, 23)
    assert week_start(date(2026, 11, 23)) == date(2026, 11, 23)
