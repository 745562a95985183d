"""A draft's CSV is read without its element codes, which the writer looks up from each
line's pay rule: the file must be byte for byte the one its lines with their codes make,
for any text and any mapping, and on a database for a period paying adjustments, a pay
rule without a code, and the clock change."""

from __future__ import annotations

import io
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.exports.payroll import PROGRESS_EVERY, _Cells, csv_column, csv_field
from hotspot_tui.exports.payroll_lines import NOT_APPROVED, write_lines_csv
from hotspot_tui.services.assignments import book_hours
from hotspot_tui.services.payroll import element_codes_json, export_payroll
from hotspot_tui.services.settings import change_setting
from hotspot_tui.store import payroll as payroll_store
from tests.payroll.helpers import a_worked_assignment

ELEMENT = payroll_store.DUTY_FIELDS.index("element_code")
RULE = payroll_store.DUTY_FIELDS.index("pay_code")
assert tuple(f for f in payroll_store.DUTY_FIELDS if f != "element_code") == payroll_store.UNCODED_FIELDS

NASTY = st.text(alphabet=st.sampled_from(list("ab ,\"'\r\n\t=+-@é£💷\x1f")), max_size=6)
PLAIN = st.sampled_from(["PC 1 Ames", "Borehamwood", "HAF-WA-WAT", "2026-10-04", "-x", "=1+2"])
TEXT = NASTY | PLAIN
RULES = st.sampled_from(["OT_4_3", "RD_1_5", "PCSO_1_5", "=RULE", "a,b", ""])
INSTANT = st.sampled_from(["2026-10-04T15:00:00Z", "2026-10-25T00:30:00Z", "2026-10-25T01:30:00Z"])
RATIO = st.builds(lambda n, d: f"{n}/{d}", st.integers(1, 10**6), st.integers(1, 10**3))
UNCODED = st.tuples(TEXT, TEXT, st.just("2026-10"), TEXT | st.none(), INSTANT | st.none(),
                    INSTANT | st.none(), TEXT | st.none(), TEXT | st.none(), TEXT, RULES,
                    st.integers(-600, 900), RATIO, st.sampled_from(["1", "3/2", "4/3"]),
                    st.integers(-10**6, 10**7), TEXT | st.none(),
                    TEXT | st.none() | st.just(NOT_APPROVED), st.none() | st.just("2026-09"),
                    st.none() | TEXT)


def _coded(rows: list[tuple[Any, ...]], codes: dict[str, str]) -> list[tuple[Any, ...]]:
    """Each line with its pay rule's element code where the draft query joins it."""
    return [(*r[:ELEMENT], codes.get(r[ELEMENT]), *r[ELEMENT:]) for r in rows]


def _file(rows: list[tuple[Any, ...]], codes: dict[str, str] | None) -> tuple[bytes, Any, str]:
    out = io.BytesIO()
    totals, digest = write_lines_csv(rows, out, period="2026-10", element_codes=codes)
    return out.getvalue(), totals, digest


def _same(uncoded: list[tuple[Any, ...]], codes: dict[str, str]) -> None:
    coded = _coded(uncoded, codes)
    assert [r[RULE] for r in coded] == [r[ELEMENT] for r in uncoded]
    with_codes, totals, digest = _file(coded, None)
    looked_up, totals_2, digest_2 = _file(uncoded, codes)
    assert looked_up == with_codes and digest_2 == digest
    assert vars(totals_2) == vars(totals)


@settings(max_examples=150, deadline=None)
@given(st.lists(UNCODED, max_size=12), st.dictionaries(RULES, TEXT, max_size=4))
def test_lines_without_codes_make_the_file_the_coded_lines_make(rows, codes) -> None:  # type: ignore[no-untyped-def]
    _same(rows, codes)


def test_codes_are_looked_up_across_batches() -> None:
    codes = {"OT_4_3": "OT133", "RD_1_5": "-RD"}
    rules = ["OT_4_3", "RD_1_5", "PH_2_0"]
    rows = [(f"HC{i % 37:06d}", "Ann, Lee" if i % 5 else "=cmd()", "2026-10", "2026-10-04",
             "2026-10-04T15:00:00Z", "2026-10-25T01:30:00Z", f"P{i:05d}", "Watford", "HAF-WA-WAT",
             rules[i % 3], 15 * (i % 40) - 60, f"{1500 + i % 7}/1", "4/3", 100 * (i % 50) - 900,
             "PS 1 Dale", [None, "Insp 2 Mercer", NOT_APPROVED][i % 3], None if i % 11 else "2026-09",
             None if i % 11 else "3;4")
            for i in range(PROGRESS_EVERY * 3 + 17)]
    _same(rows, codes)


@settings(max_examples=200, deadline=None)
@given(st.lists(TEXT | st.none(), max_size=8))
def test_a_column_is_its_values_as_csv_fields(values) -> None:  # type: ignore[no-untyped-def]
    assert list(csv_column(values, _Cells(csv_field))) == [csv_field(v) for v in values]


def test_adjustments_and_lines_not_approved_are_counted() -> None:
    cases = [  # (adjusts, approver) → (an adjustment, not approved)
        ((None, None), (0, 1)), ((None, "Insp 2 Mercer"), (0, 0)), ((None, NOT_APPROVED), (0, 1)),
        ((None, ""), (0, 1)), (("2026-09", None), (1, 0)), (("2026-09", "Insp 2 Mercer"), (1, 0)),
        (("2026-09", NOT_APPROVED), (1, 1)), (("", None), (0, 1)),
    ]
    for (adjusts, approver), (adjustment, unapproved) in cases:
        row = ("HC1", "Ann", "2026-10", "2026-10-04", None, None, "P1", "Watford", "HAF", "OT_4_3",
               60, "1500/1", "1", 1500, "PS 1 Dale", approver, adjusts, None)
        _, totals, _ = _file([row, row], {"OT_4_3": "OT133"})
        counted = (totals.adjustments, totals.unapproved)
        assert counted == (2 * adjustment, 2 * unapproved), (adjusts, approver)


def test_a_drafts_file_is_the_file_of_its_lines_with_their_codes(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """On a database: June pays an adjustment for a locked May and has a pay rule without an
    element code; October's lines cross the end of summer time."""
    change_setting(session, "element_codes.rd_1_5", "", date(2026, 6, 1), "code not given yet")
    change_setting(session, "element_codes.ot_4_3", "-OT", date(2026, 6, 1), "a code led by a minus")
    export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    a = a_worked_assignment(session, "2026-05")
    book_hours(session, a["id"], from_utc_text(a["start"]), from_utc_text(a["end"]) + timedelta(hours=2))
    codes = element_codes_json(session)
    for period in ("2026-06", "2026-10"):
        draft = export_payroll(session, period, out=tmp_path / f"{period}.csv")
        expected = io.BytesIO()
        totals, _ = write_lines_csv(payroll_store.iter_draft_lines(session.db, period, codes), expected,
                                    period=period)
        written = draft.path.read_bytes()
        assert written == expected.getvalue()
        assert (draft.rows, draft.total_pence, draft.adjustments, draft.unapproved) == (
            totals.rows, totals.amount_pence, totals.adjustments, totals.unapproved)
        text = written.decode("utf-8")
        assert "(no element code for RD_1_5)" in text and ",'-OT,OT_4_3," in text
        if period == "2026-06":
            assert draft.adjustments > 0
        else:
            assert " BST," in text and " GMT," in text
