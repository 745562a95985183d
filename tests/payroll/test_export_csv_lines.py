"""The payroll CSV joins each line itself: it must read back exactly as the csv module
would have written it, for any text a person's name or a code may hold."""

from __future__ import annotations

import csv
import io
import random
from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from hotspot_tui.domain.payroll import hours_text, pounds, ratio_text
from hotspot_tui.exports.cells import neutralise
from hotspot_tui.exports.payroll import HEADER, PROGRESS_EVERY, csv_field, write_csv

NASTY = st.text(alphabet=st.sampled_from(list("ab ,\"'\r\n\t=+-@é£💷")), max_size=8)
RATIO = st.builds(lambda n, d: f"{n}/{d}", st.integers(-10**6, 10**6), st.integers(1, 10**4))
ROW = st.tuples(NASTY, NASTY, NASTY, NASTY, st.just("2026-10"), NASTY, NASTY,
                st.integers(-10**5, 10**5), RATIO, RATIO, st.integers(-10**9, 10**9),
                st.none() | NASTY)


def _reference_lines(rows: list[tuple]) -> str:  # type: ignore[type-arg]
    """The header and rows through csv.writer, each cell formatted on its own."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for r in rows:
        text = [neutralise("" if v is None else str(v)) for v in r]
        writer.writerow([*text[:7], hours_text(r[7]), ratio_text(Fraction(r[8]) / 100),
                         ratio_text(Fraction(r[9])), pounds(r[10]), text[11]])
    return out.getvalue()


def _written(rows: list[tuple]) -> tuple[str, object]:  # type: ignore[type-arg]
    """The rows' lines as written (checked to be followed by the blank line before the
    totals), and the totals. A quoted field may itself hold a blank line."""
    out = io.BytesIO()
    totals, _ = write_csv(rows, out, period="2026-10")
    text = out.getvalue().decode("utf-8")
    expected = _reference_lines(rows)
    assert text.startswith(expected + "\r\n"), "the rows, then a blank line"
    return text[: len(expected)], totals


@settings(max_examples=200, deadline=None)
@given(st.lists(ROW, max_size=12))
def test_rows_are_written_as_the_csv_module_writes_them(rows) -> None:  # type: ignore[no-untyped-def]
    lines, _ = _written(rows)
    assert lines == _reference_lines(rows)
    read = list(csv.reader(io.StringIO(lines)))[1:]
    assert [r[1] for r in read] == [neutralise(row[1]) for row in rows]


@given(NASTY)
def test_a_field_is_quoted_exactly_when_the_csv_module_quotes_it(value) -> None:  # type: ignore[no-untyped-def]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(["x", neutralise(value)])
    assert out.getvalue() == f"x,{csv_field(value)}\r\n"


def test_rows_and_totals_are_right_across_batches() -> None:
    rng = random.Random(7)
    codes, costs = ["OT", "RD", "BH"], ["=CC1", "CC2", "CC,3"]
    rows = [(f"P{rng.randint(1, 40)}", f"Name {i}", "officer", "Force", "2026-10",
             rng.choice(codes), rng.choice(costs), rng.randint(-60, 600),
             f"{rng.randint(1500, 4000)}/1", rng.choice(["1", "3/2", "2"]),
             rng.randint(-5000, 90000), rng.choice([None, None, "2026-09"]))
            for i in range(PROGRESS_EVERY * 2 + 37)]
    lines, totals = _written(rows)
    assert lines == _reference_lines(rows)
    assert totals.rows == len(rows)  # type: ignore[attr-defined]
    assert totals.minutes == sum(r[7] for r in rows)  # type: ignore[attr-defined]
    assert totals.amount_pence == sum(r[10] for r in rows)  # type: ignore[attr-defined]
    assert totals.adjustments == sum(1 for r in rows if r[11])  # type: ignore[attr-defined]
    for code in codes:
        assert totals.by_code[code] == [sum(r[7] for r in rows if r[5] == code),  # type: ignore[attr-defined]
                                        sum(r[10] for r in rows if r[5] == code)]
    for cost in costs:
        assert totals.by_cost_code[cost] == [sum(r[7] for r in rows if r[6] == cost),  # type: ignore[attr-defined]
                                             sum(r[10] for r in rows if r[6] == cost)]
