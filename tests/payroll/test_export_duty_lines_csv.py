"""The payroll file of duty lines is joined column by column: it must be byte for byte what
the csv module writes from each cell formatted on its own, for any text a name, a code or a
reference may hold, across batches, with adjustments and lines not yet approved."""

from __future__ import annotations

import csv
import io
import random
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hotspot_tui.domain.clock import from_utc_text, to_local
from hotspot_tui.domain.payroll import pounds
from hotspot_tui.domain.payroll_lines import line_rate, payroll_hours
from hotspot_tui.exports.cells import neutralise
from hotspot_tui.exports.payroll import PROGRESS_EVERY
from hotspot_tui.exports.payroll_lines import HEADER, NOT_APPROVED, write_lines_csv

NASTY = st.text(alphabet=st.sampled_from(list("ab ,\"'\r\n\t=+-@é£💷\x1f")), max_size=6)
PLAIN = st.sampled_from(["PC 1 Ames", "Borehamwood", "HAF-WA-WAT", "2026-10-04", "S1W00MZV"])
TEXT = NASTY | PLAIN
INSTANT = st.sampled_from(["2026-10-04T15:00:00Z", "2026-10-25T01:30:00Z", "2026-12-31T23:00:00Z"])
RATIO = st.builds(lambda n, d: f"{n}/{d}", st.integers(1, 10**6), st.integers(1, 10**3))
LINE = st.tuples(TEXT, TEXT, st.just("2026-10"), TEXT | st.none(), INSTANT | st.none(),
                 INSTANT | st.none(), TEXT | st.none(), TEXT | st.none(), TEXT, TEXT | st.none(),
                 TEXT, st.integers(-600, 900), RATIO, st.sampled_from(["1", "3/2", "4/3"]),
                 st.integers(-10**6, 10**7), TEXT | st.none(), TEXT | st.none(),
                 st.none() | st.just("2026-09"), st.none() | TEXT)


def _cell(value: object) -> str:
    return neutralise("" if value is None else str(value))


def _local(utc: str | None) -> str:
    return f"{to_local(from_utc_text(utc)):%Y-%m-%d %H:%M %Z}" if utc else ""


def _reference(rows: list[tuple[Any, ...]]) -> str:
    """The header and lines through csv.writer, each cell formatted on its own."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    for r in rows:
        approved = r[16] if (r[16] or r[17]) else NOT_APPROVED
        writer.writerow([
            *(_cell(v) for v in r[:4]), _local(r[4]), _local(r[5]), *(_cell(v) for v in r[6:11]),
            payroll_hours(r[11]), line_rate(r[12], r[13], r[11], r[14]), pounds(r[14]),
            _cell(r[15]), _cell(approved), _cell(r[17]), _cell(r[18]),
        ])
    return out.getvalue()


def _lines(rows: list[tuple[Any, ...]]) -> str:
    out = io.BytesIO()
    write_lines_csv(rows, out, period="2026-10")
    text = out.getvalue().decode("utf-8")
    expected = _reference(rows)
    assert text.startswith(expected + "\r\n"), "the lines, then a blank line before the totals"
    return text[: len(expected)]


@settings(max_examples=150, deadline=None)
@given(st.lists(LINE, max_size=10))
def test_lines_are_written_as_the_csv_module_writes_them(rows) -> None:  # type: ignore[no-untyped-def]
    assert _lines(rows) == _reference(rows)


def test_lines_and_totals_are_right_across_batches() -> None:
    rng = random.Random(11)
    people = [(f"HC{n:06d}", rng.choice(["Ann Lee", "=cmd()", "Lee, Ann", 'Ann "A" Lee', "-x"]))
              for n in range(40)]
    rows = []
    for i in range(PROGRESS_EVERY * 3 + 17):
        number, name = rng.choice(people)
        adjusts = rng.choice([None, None, None, "2026-09"])
        rows.append((number, name, "2026-10", None if adjusts else "2026-10-04",
                     None if adjusts else rng.choice(["2026-10-04T15:00:00Z", "2026-10-26T08:00:00Z"]),
                     None if adjusts else "2026-10-26T16:00:00Z", None if adjusts else f"P{i:05d}",
                     None if adjusts else rng.choice(["Watford", "St Albans"]),
                     rng.choice(["HAF-WA-WAT", "+CC"]), rng.choice(["OT133", None]),
                     rng.choice(["OT_4_3", "RD_1_5"]), rng.randint(-60, 600),
                     f"{rng.randint(1500, 4000)}/1", rng.choice(["1", "3/2", "4/3"]),
                     rng.randint(-5000, 90000), None if adjusts else "PS 1 Dale",
                     rng.choice([None, "Insp 2 Mercer"]), adjusts, "3;4" if adjusts else None))
    assert _lines(rows) == _reference(rows)
    out = io.BytesIO()
    totals, _ = write_lines_csv(rows, out, period="2026-10")
    assert totals.rows == len(rows)
    assert totals.minutes == sum(r[11] for r in rows)
    assert totals.amount_pence == sum(r[14] for r in rows)
    assert totals.adjustments == sum(1 for r in rows if r[17])
    assert totals.unapproved == sum(1 for r in rows if not r[17] and not r[16])
    assert totals.by_cost_code["+CC"] == [sum(r[11] for r in rows if r[8] == "+CC"),
                                          sum(r[14] for r in rows if r[8] == "+CC")]
