"""Months as police data counts them."""

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotspot_tui.domain.months import Month, describe, month_range, parse_month, runs
from hotspot_tui.errors import ValidationFailed

months = st.builds(Month, st.integers(2000, 2099), st.integers(1, 12))


def test_reads_and_writes_the_police_form() -> None:
    assert parse_month("2026-10") == Month(2026, 10)
    assert parse_month(" 2026-01 ") == Month(2026, 1)
    assert Month(2026, 3).text() == "2026-03"
    assert Month(2026, 3).label() == "Mar 2026"
    assert Month.of(date(2026, 5, 31)) == Month(2026, 5)


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "2026-1", "26-10", "Oct 2026", "", "1999-12",
                                  "2100-01", "2026-10-01"])
def test_refuses_what_is_not_a_month_in_one_line(text: str) -> None:
    with pytest.raises(ValidationFailed) as caught:
        parse_month(text, "--from")
    assert "\n" not in str(caught.value)
    assert "--from" in str(caught.value)


def test_shifts_across_years() -> None:
    assert Month(2026, 1).shift(-1) == Month(2025, 12)
    assert Month(2025, 12).shift(1) == Month(2026, 1)
    assert Month(2026, 10).shift(-12) == Month(2025, 10)
    assert Month(2026, 5).shift(-25) == Month(2024, 4)


@given(months, st.integers(-300, 300))
def test_shift_is_counting(month: Month, n: int) -> None:
    assert month.shift(n).index - month.index == n
    assert month.shift(n).shift(-n) == month
    assert (month.shift(n) > month) == (n > 0)


def test_range_includes_both_ends() -> None:
    assert month_range(Month(2025, 11), Month(2026, 2)) == [
        Month(2025, 11), Month(2025, 12), Month(2026, 1), Month(2026, 2)]
    assert month_range(Month(2026, 2), Month(2026, 1)) == []


def test_describes_months_as_a_person_writes_them() -> None:
    assert describe(month_range(Month(2025, 10), Month(2026, 3))) == "Oct 2025–Mar 2026"
    assert describe([*month_range(Month(2026, 5), Month(2026, 7)), Month(2026, 9)]) == \
        "May–Jul 2026, Sep 2026"
    assert describe([Month(2026, 10)]) == "Oct 2026"
    assert describe([]) == "no months"


@given(st.sets(months, max_size=30))
def test_runs_cover_exactly_the_months(chosen: set[Month]) -> None:
    found = runs(chosen)
    covered = [m for first, last in found for m in month_range(first, last)]
    assert sorted(covered) == sorted(chosen)
    for (_, last), (first, _) in itertools.pairwise(found):
        assert first.index > last.index + 1


@given(months, months)
def test_months_compare_and_hash_in_calendar_order(a: Month, b: Month) -> None:
    calendar = (a.year, a.month), (b.year, b.month)
    assert (a < b) == (calendar[0] < calendar[1])
    assert (a <= b) == (calendar[0] <= calendar[1])
    assert (a > b) == (calendar[0] > calendar[1])
    assert (a >= b) == (calendar[0] >= calendar[1])
    assert (a == b) == (calendar[0] == calendar[1])
    assert (a == b) == (len({a, b}) == 1) == (hash(a) == hash(b))
    assert Month(a.year, a.month) == a and {Month(a.year, a.month): 1}[a] == 1


def test_a_month_is_equal_only_to_a_month() -> None:
    assert Month(2026, 10) != (2026, 10)
    assert Month(2026, 10) != Month(2026, 10).index
    with pytest.raises(TypeError):
        _ = Month(2026, 10) < (2026, 11)  # type: ignore[operator]


def test_a_month_is_made_once_and_shared_and_a_bad_text_is_still_refused() -> None:
    """A report looks up the same months many thousand times: each is one object, found in
    a set by identity, equal to one made afresh; a text read before is not read again, and
    one that is not a month is refused each time it is given."""
    first = parse_month("2026-10")
    assert parse_month("2026-10") is first is Month.from_index(first.index) is Month.of(date(2026, 10, 5))
    assert first.shift(12).shift(-12) is first
    afresh = Month(2026, 10)
    assert afresh is not first and afresh == first and hash(afresh) == hash(first)
    assert afresh in {first} and first in {afresh}
    for _ in range(2):
        with pytest.raises(ValidationFailed, match="the start month '2026-13' is not a month"):
            parse_month("2026-13", "the start month")
