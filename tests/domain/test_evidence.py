"""Did it work: before/after comparisons that never compare a loaded month with a missing one."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from hotspot_tui.domain.evidence import (
    ASB,
    against_run_up,
    against_year_before,
    change_pct,
    claim,
    combine,
    compare,
    operation_months,
)
from hotspot_tui.domain.months import Month, month_range

OCT25, MAR26 = Month(2025, 10), Month(2026, 3)
SIX = month_range(OCT25, MAR26)


def test_operation_months_stop_at_the_latest_loaded_month() -> None:
    start, end = date(2026, 5, 1), date(2027, 4, 30)
    assert operation_months(start, end, Month(2026, 9)) == month_range(Month(2026, 5), Month(2026, 9))
    assert operation_months(start, end, Month(2027, 8)) == month_range(Month(2026, 5), Month(2027, 4))
    assert operation_months(start, end, Month(2026, 4)) == []
    assert operation_months(start, end, None) == []
    assert operation_months(date(2026, 5, 15), end, Month(2026, 5)) == [Month(2026, 5)]


def test_year_before_pairs_the_same_months() -> None:
    loaded = set(month_range(Month(2024, 1), Month(2026, 3)))
    counts = {m: 20 for m in month_range(Month(2024, 10), Month(2025, 3))} | {m: 10 for m in SIX}
    result = against_year_before(ASB, SIX, loaded, counts)
    assert result.before_months == tuple(month_range(Month(2024, 10), Month(2025, 3)))
    assert result.during_months == tuple(SIX)
    assert (result.before, result.during) == (120, 60)
    assert result.change_pct == Decimal("-50.0")
    assert claim(result) == "ASB down 50 % (120 → 60, Oct 2025–Mar 2026 against Oct 2024–Mar 2025)"


def test_run_up_is_as_many_months_just_before_the_start() -> None:
    loaded = set(month_range(Month(2025, 1), Month(2026, 3)))
    counts = {m: 7 for m in month_range(Month(2025, 4), Month(2025, 9))} | {m: 8 for m in SIX}
    result = against_run_up("Burglary", SIX, loaded, counts)
    assert result.before_months == tuple(month_range(Month(2025, 4), Month(2025, 9)))
    assert (result.before, result.during) == (42, 48)
    assert claim(result) == \
        "Burglary up 14.3 % (42 → 48, Oct 2025–Mar 2026 against Apr–Sep 2025)"


def test_a_missing_month_leaves_its_pair_out_and_says_so() -> None:
    loaded = set(month_range(Month(2024, 10), Month(2026, 3))) - {Month(2025, 2)}
    counts = dict.fromkeys(month_range(Month(2024, 10), Month(2026, 3)), 10)
    result = against_year_before(ASB, SIX, loaded, counts)
    assert Month(2026, 2) not in result.during_months
    assert Month(2025, 2) not in result.before_months
    assert (result.before, result.during) == (50, 50)
    assert claim(result) == ("ASB unchanged (50 → 50, Oct 2025–Jan 2026, Mar 2026 against "
                             "Oct 2024–Jan 2025, Mar 2025; Feb 2026 left out: Feb 2025 not loaded)")


def test_a_month_during_not_loaded_is_left_out_too() -> None:
    loaded = set(month_range(Month(2024, 10), Month(2026, 2)))
    result = against_year_before(ASB, SIX, loaded, {})
    assert result.during_months[-1] == Month(2026, 2)
    assert result.left_out[0].missing == (MAR26,)


def test_nothing_before_gives_no_percentage() -> None:
    loaded = set(month_range(Month(2024, 10), Month(2026, 3)))
    result = against_year_before(ASB, SIX, loaded, {MAR26: 4})
    assert result.change_pct is None
    assert claim(result) == "ASB up from none (0 → 4, Oct 2025–Mar 2026 against Oct 2024–Mar 2025)"
    assert "%" not in claim(result)
    empty = against_year_before(ASB, SIX, loaded, {})
    assert claim(empty).startswith("ASB: none in either period (0 → 0,")


def test_no_loaded_pair_says_there_is_nothing_to_compare() -> None:
    result = against_year_before(ASB, SIX, set(SIX), {OCT25: 5})
    assert result.months == 0
    assert result.change_pct is None
    text = claim(result)
    assert text.startswith("ASB: no months to compare (")
    assert "%" not in text
    assert claim(against_year_before(ASB, [], set(), {})) == "ASB: no months to compare yet"


@pytest.mark.parametrize(("before", "during", "expected"), [
    (120, 60, "-50.0"), (200, 171, "-14.5"), (3, 4, "33.3"), (3, 2, "-33.3"), (8, 9, "12.5"),
    (16, 17, "6.3"), (16, 15, "-6.3"), (1, 0, "-100.0"), (1, 3, "200.0"), (7, 7, "0.0"),
    (2000, 2001, "0.1"), (20000, 20001, "0.0"), (4000, 4002, "0.1"), (4000, 3998, "-0.1"),
])
def test_change_is_rounded_half_away_from_zero_to_one_place(before: int, during: int,
                                                             expected: str) -> None:
    assert change_pct(before, during) == Decimal(expected)
    assert str(change_pct(before, during)) == expected


@given(st.integers(1, 10**9), st.integers(0, 10**9))
def test_change_is_the_exact_ratio_rounded(before: int, during: int) -> None:
    exact = Fraction(during - before, before) * 100
    pct = change_pct(before, during)
    assert pct is not None
    assert abs(Fraction(pct) - exact) <= Fraction(1, 20)
    if abs(Fraction(pct) - exact) == Fraction(1, 20):
        assert abs(Fraction(pct)) > abs(exact)


@given(st.sets(st.builds(Month, st.integers(2024, 2026), st.integers(1, 12))),
       st.dictionaries(st.builds(Month, st.integers(2024, 2026), st.integers(1, 12)),
                       st.integers(0, 500)),
       st.integers(1, 12), st.sampled_from([against_year_before, against_run_up]))
def test_every_counted_pair_is_loaded_on_both_sides(loaded, counts, n, comparison) -> None:  # type: ignore[no-untyped-def]
    during = month_range(Month(2026, 1), Month(2026, 1).shift(n - 1))
    result = comparison(ASB, during, loaded, counts)
    assert len(result.during_months) == len(result.before_months)
    assert all(m in loaded for m in result.during_months + result.before_months)
    assert result.during == sum(counts.get(m, 0) for m in result.during_months)
    assert result.before == sum(counts.get(m, 0) for m in result.before_months)
    assert set(result.during_months) | {p.during for p in result.left_out} == set(during)
    text = claim(result)
    if "%" in text:
        assert f"{result.before} → {result.during}" in text
        assert result.during_text in text and result.before_text in text


def test_places_add_up_over_the_same_months() -> None:
    loaded = set(month_range(Month(2024, 10), Month(2026, 3)))
    a = compare(ASB, SIX, 12, loaded, dict.fromkeys(SIX, 1))
    b = compare(ASB, SIX, 12, loaded, {Month(2024, 10): 9})
    total = combine([("A", a), ("B", b)])
    assert total is not None
    assert (total.before, total.during) == (9, 6)
    assert total.notes == ()
    assert combine([]) is None


def test_a_place_counted_over_fewer_months_is_named_in_the_total() -> None:
    loaded = set(month_range(Month(2024, 10), Month(2026, 3)))
    a = compare(ASB, SIX, 12, loaded, dict.fromkeys(SIX, 2) | {m.shift(-12): 4 for m in SIX})
    later = compare(ASB, SIX[3:], 12, loaded, {Month(2026, 1): 1, Month(2025, 1): 3})
    total = combine([("Town [/] Centre", a), ("Market", later)])
    assert total is not None
    assert (total.before, total.during) == (24 + 3, 12 + 1)
    assert total.during_months == tuple(SIX)
    assert claim(total) == ("ASB down 51.9 % (27 → 13, Oct 2025–Mar 2026 against Oct 2024–Mar 2025; "
                            "Market over Jan–Mar 2026 against Jan–Mar 2025)")


def test_an_area_is_measured_from_the_day_it_was_added_after_the_operation_started() -> None:
    from datetime import UTC, datetime

    from hotspot_tui.domain.evidence import area_starts

    starts = date(2026, 5, 1)
    set_up = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert area_starts(starts, set_up, datetime(2026, 11, 20, 8, 59, tzinfo=UTC)) == starts
    assert area_starts(starts, set_up, None) == starts
    assert area_starts(starts, None, datetime(2026, 4, 2, 10, 0, tzinfo=UTC)) == starts
    assert area_starts(starts, set_up, datetime(2026, 11, 21, 23, 30, tzinfo=UTC)) == date(2026, 11, 21)
    # 23:30 UTC on 31 Aug is 00:30 on 1 Sep in London
    assert area_starts(starts, None, datetime(2026, 8, 31, 23, 30, tzinfo=UTC)) == date(2026, 9, 1)


def test_pairs_left_out_for_the_same_reason_are_told_together() -> None:
    during = month_range(Month(2024, 5), Month(2026, 10))
    loaded = set(month_range(Month(2023, 5), Month(2026, 8)))
    result = against_run_up(ASB, during, loaded, {})
    assert result.left_out_text() == ("May 2024–Oct 2025 left out: Nov 2021–Apr 2023 not loaded; "
                                      "Sep–Oct 2026 left out: Sep–Oct 2026 not loaded")
