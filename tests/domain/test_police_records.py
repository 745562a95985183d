"""A street-level row is checked by a quick test and, when that fails, by the detailed rules
that say what is wrong: the quick test passes only rows the detailed rules pass. A batch of
rows is checked at once by the same quick test, and passes only if every row would."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotspot_tui.domain.police_records import RowProblem, _problem, check_row, rows_pass

FORCE = "Hertfordshire Constabulary"
GOOD = ["abc", "2018-12", FORCE, FORCE, "-0.667245", "51.817719", "On or near Parking Area",
        "E01017651", "Aylesbury Vale 009A", "Criminal damage and arson", "Under investigation", ""]


def _with(index: int, value: str) -> list[str]:
    cells = list(GOOD)
    cells[index] = value
    return cells


def test_a_good_row_and_one_without_a_place_pass() -> None:
    check_row(GOOD, "2018-12", FORCE)
    check_row([*GOOD[:4], "", "", *GOOD[6:]], "2018-12", FORCE)


@pytest.mark.parametrize("index, value, message", [
    (4, "180", None), (4, "-180.000000", None), (5, "90.0", None), (5, "-89.999999", None),
    (4, "180.5", "out of range"), (5, "90.000001", "out of range"), (5, "951.5", "out of range"),
    (4, "1e3", "not a number"), (4, " -0.5", "not a number"), (4, "nan", "not a number"),
    (4, "1_000", "not a number"), (5, "", "one coordinate without the other"),
    (9, " ", "no Crime type"), (6, "On or\nnear", "control characters"),
    (6, "x" * 501, "longer than 500"), (1, "2018-11", "not the file's month"),
    (1, "2018-13", "is not a month"), (1, " 2018-12", "has spaces round it"),
    (2, "Bedfordshire Police", "not the file's force"),
])
def test_each_rule(index: int, value: str, message: str | None) -> None:
    cells = _with(index, value)
    if message is None:
        check_row(cells, "2018-12", FORCE)
    else:
        with pytest.raises(RowProblem, match=message):
            check_row(cells, "2018-12", FORCE)


CELL = st.one_of(st.sampled_from(["", " ", "0", "-0.5", "180", "90", "90.1", "-180.0001", "51.5",
                                  "2018-12", FORCE, "1e5", "\x00", "Drugs"]),
                 st.text(max_size=8))


@settings(max_examples=400, deadline=None)
@given(st.lists(CELL, min_size=11, max_size=13))
def test_the_quick_test_passes_only_what_the_rules_pass(cells: list[str]) -> None:
    try:
        check_row(cells, "2018-12", FORCE)
    except RowProblem:
        return
    _problem(cells, "2018-12", FORCE)  # passed quickly: the detailed rules find nothing wrong


def test_a_batch_of_good_rows_passes_at_once() -> None:
    unlocated = [*GOOD[:4], "", "", *GOOD[6:]]
    assert rows_pass([GOOD, unlocated, _with(4, "180"), _with(5, "-90.0")], "2018-12", FORCE)


@pytest.mark.parametrize("index, value", [
    (5, "90"), (5, "90.0"), (5, "-90.000000000000"), (5, "9"), (5, "0"), (4, "180"), (4, "-180.0"),
    (4, "18"), (4, "179.999999999999"),
])
def test_a_place_at_either_end_of_its_range_passes_on_any_line_of_a_batch(index: int, value: str) -> None:
    for at in range(3):
        rows = [list(GOOD) for _ in range(3)]
        rows[at] = _with(index, value)
        assert rows_pass(rows, "2018-12", FORCE)


@pytest.mark.parametrize("index, value", [
    (4, "180.5"), (5, ""), (9, " "), (6, "On or\nnear"), (6, "On or\x7fnear"), (6, "x" * 501),
    (1, "2018-11"), (2, "Bedfordshire Police"), (4, "1e3"),
])
def test_a_batch_holding_one_bad_row_does_not_pass(index: int, value: str) -> None:
    assert not rows_pass([GOOD, _with(index, value), GOOD], "2018-12", FORCE)


ROW = st.one_of(st.builds(_with, st.integers(0, 11), CELL), st.lists(CELL, min_size=11, max_size=13))
"""A good row with one value changed, or any row."""


@settings(max_examples=400, deadline=None)
@given(st.lists(ROW, min_size=1, max_size=4))
def test_a_batch_passes_only_if_every_row_passes(rows: list[list[str]]) -> None:
    if not rows_pass(rows, "2018-12", FORCE):
        return
    for cells in rows:
        check_row(cells, "2018-12", FORCE)
