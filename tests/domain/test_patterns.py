"""Recurring patrol patterns as a supervisor says them."""

from datetime import date, time

import pytest

from hotspot_tui.domain.patterns import parse_pattern
from hotspot_tui.errors import ValidationFailed

TODAY = date(2026, 11, 25)


def test_the_example_from_the_brief() -> None:
    spec = parse_pattern(
        "every Fri and Sat 18:00-02:00 in Watford until 2026-12-31, need 2 officers and 1 PCSO",
        TODAY,
    )
    assert spec.weekdays == (4, 5)
    assert (spec.start, spec.end) == (time(18), time(2))
    assert spec.overnight
    assert spec.area_text == "watford"
    assert spec.need == {"officer": 2, "pcso": 1, "ceo": 0}
    assert spec.rrule_text() == "DTSTART:20261125T000000\nRRULE:FREQ=WEEKLY;UNTIL=20261231T000000;BYDAY=FR,SA"
    from dateutil.rrule import rrulestr

    assert [d.date() for d in rrulestr(spec.rrule_text())] == spec.dates()
    dates = spec.dates()
    assert dates[0] == date(2026, 11, 27)
    assert dates[-1] == date(2026, 12, 26)
    assert len(dates) == 10


@pytest.mark.parametrize(("text", "days", "start", "end", "first", "until", "need"), [
    ("every weekend 6pm-2am in St Albans from next fri for 2 weeks need 1 pcso",
     (5, 6), time(18), time(2), date(2026, 11, 27), date(2026, 12, 10), {"pcso": 1}),
    ("every mon, wed & fri 12-20 in Hitchin until 5 dec with 1 officer",
     (0, 2, 4), time(12), time(20), TODAY, date(2026, 12, 5), {"officer": 1}),
    ("every day 18:00 to 23:30 in Stevenage until 30 nov, need 1 officer, 1 council officer",
     tuple(range(7)), time(18), time(23, 30), TODAY, date(2026, 11, 30), {"officer": 1, "ceo": 1}),
    ("Every Saturdays 10-6pm in Hertford from 2026-12-01 to 2026-12-31 need 2 PCSOs",
     (5,), time(10), time(18), date(2026, 12, 1), date(2026, 12, 31), {"pcso": 2}),
])
def test_variants(text, days, start, end, first, until, need) -> None:  # type: ignore[no-untyped-def]
    spec = parse_pattern(text, TODAY)
    assert spec.weekdays == days
    assert (spec.start, spec.end) == (start, end)
    assert (spec.first, spec.until) == (first, until)
    assert {k: v for k, v in spec.need.items() if v} == need


@pytest.mark.parametrize(("text", "words"), [
    ("", "describe the pattern"),
    ("on fridays 18-02 in Watford until 31 dec need 1 officer", "start with the days"),
    ("every fri in Watford until 31 dec need 1 officer", "times right after the days"),
    ("every funday 18-02 in Watford until 31 dec need 1 officer", "not a day of the week"),
    ("every fri 18-02 until 31 dec need 1 officer", "say where"),
    ("every fri 18-02 in Watford need 1 officer", "until when"),
    ("every fri 18-02 in Watford until 31 dec", "say the cover"),
    ("every fri 18-02 in Watford until 31 dec need 2 horses", "say the cover"),
    ("every fri 18-18 in Watford until 31 dec need 1 officer", "same"),
    ("every fri 25:00-02:00 in Watford until 31 dec need 1 officer", "not a time"),
    ("every fri 18-02 in Watford from 2026-12-31 until 2026-12-01 need 1 officer", "before the start"),
    ("every day 18-02 in Watford until 2029-12-31 need 1 officer", "the most at once"),
])
def test_refusals(text: str, words: str) -> None:
    with pytest.raises(ValidationFailed) as err:
        parse_pattern(text, TODAY)
    assert words in str(err.value)
