"""Payroll exports: totals to the penny, locking, adjustments, safe cells, private files."""

from __future__ import annotations

import csv
import io
import stat
import zipfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from openpyxl import load_workbook

from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.assignments import book_hours, mark_no_show
from hotspot_tui.services.payroll import export_payroll, export_recharge, list_periods, preview_export
from tests.payroll.helpers import a_worked_assignment, approve_everything, mismatched_costs, worked_cost

MAY = (date(2026, 5, 1), date(2026, 6, 1))
JUNE = (date(2026, 6, 1), date(2026, 7, 1))
COUNCILS = ("Watford Borough Council", "Stevenage Borough Council", "Dacorum Borough Council",
            "St Albans City and District Council")


def _rows(path: Path) -> list[list[str]]:
    with path.open(newline="", encoding="utf-8") as fh:
        return list(csv.reader(fh))


def _data_rows(path: Path) -> list[list[str]]:
    return [r for r in _rows(path)[1:] if r and r[0] not in ("TOTAL", "AUDIT")]


(NUMBER, NAME, PERIOD, DUTY_DATE, START, FINISH, REF, AREA, COST_CODE, ELEMENT, RULE, HOURS, RATE,
 AMOUNT, BOOKED, APPROVED, ADJ, ADJ_LINE) = range(18)


def _pence(text: str) -> int:
    sign = -1 if text.startswith("-") else 1
    whole, part = text.lstrip("-").split(".")
    return sign * (int(whole) * 100 + int(part))


def test_draft_total_equals_worked_cost_to_the_penny(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = export_payroll(session, "2026-06", out=tmp_path / "june.csv")
    rows = _data_rows(result.path)
    assert rows and not result.final
    assert sum(_pence(r[AMOUNT]) for r in rows) == result.total_pence == worked_cost(session, *JUNE)
    total_row = next(r for r in _rows(result.path) if r and r[:2] == ["TOTAL", "all lines"])
    assert _pence(total_row[AMOUNT]) == result.total_pence
    by_code = [r for r in _rows(result.path) if r and r[:2] == ["TOTAL", "by element code"]]
    by_area = [r for r in _rows(result.path) if r and r[:2] == ["TOTAL", "by cost code"]]
    assert sum(_pence(r[AMOUNT]) for r in by_code) == result.total_pence
    assert sum(_pence(r[AMOUNT]) for r in by_area) == result.total_pence
    assert not any(r[RULE].startswith("CEO_") for r in rows)  # council staff are recharged instead
    recharged = sum(
        export_recharge(session, "2026-06", name, out=tmp_path / f"r{i}.csv").total_pence
        for i, name in enumerate(COUNCILS)
    )
    assert result.total_pence + recharged == worked_cost(session, *JUNE, employer_kind=None)
    assert not any(p.status == "locked" for p in list_periods(session))


def test_header_and_columns(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = export_payroll(session, "2026-06", out=tmp_path / "p.csv").path
    header = _rows(path)[0]
    assert header == ["Payroll number", "Name", "Period", "Duty date", "Start (local)", "Finish (local)",
                      "Patrol ref", "Area", "Cost code", "Element code", "Pay rule", "Hours",
                      "Rate (GBP per hour, enhanced)",
                      "Amount (GBP; Amount = Hours x Rate, rounded half-up to the penny)",
                      "Booked by", "Approved by", "Adjusts period", "Adjusts line"]
    first = _data_rows(path)[0]
    assert first[PERIOD] == "2026-06" and first[ADJ] == "" and first[DUTY_DATE].startswith("2026-06-")
    assert len(first[HOURS].split(".")[1]) == 2 and len(first[AMOUNT].split(".")[1]) == 2


def test_final_locks_in_order_and_reexport_is_byte_identical(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed, match="2026-05"):
        export_payroll(session, "2026-06", out=tmp_path / "june.csv", final=True)
    assert not (tmp_path / "june.csv").exists()
    first = export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    assert first.final and first.total_pence == worked_cost(session, *MAY)
    audit = session.db.execute("SELECT actor, entity_id FROM audit_log WHERE action = 'payroll.lock'"
                               ).fetchall()
    assert audit == [("PS Tester", "2026-05")]
    # A late correction to May changes May's current lines…
    a = a_worked_assignment(session, "2026-05")
    book_hours(session, a["id"], from_utc_text(a["start"]), from_utc_text(a["end"]) + timedelta(hours=3))
    assert mismatched_costs(session) == 0
    # …but May's export, done again, is the same file byte for byte.
    again = export_payroll(session, "2026-05", out=tmp_path / "may-again.csv")
    assert again.relocked
    assert (tmp_path / "may-again.csv").read_bytes() == (tmp_path / "may.csv").read_bytes()
    again_final = export_payroll(session, "2026-05", out=tmp_path / "may-3.csv", final=True)
    assert (tmp_path / "may-3.csv").read_bytes() == (tmp_path / "may.csv").read_bytes()
    assert again_final.relocked


def test_adjustments_go_to_the_next_period_once(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    a = a_worked_assignment(session, "2026-05")
    book_hours(session, a["id"], from_utc_text(a["start"]), from_utc_text(a["end"]) + timedelta(hours=2))
    new_cost = session.db.execute("SELECT cost_pence FROM assignments WHERE id = ?", [a["id"]]).fetchone()[0]
    delta = new_cost - a["cost"]
    assert delta > 0

    june = export_payroll(session, "2026-06", out=tmp_path / "june-draft.csv")
    adjustments = [r for r in _data_rows(june.path) if r[ADJ]]
    assert adjustments and {r[ADJ] for r in adjustments} == {"2026-05"}
    assert {r[PERIOD] for r in adjustments} == {"2026-06"}
    assert sum(_pence(r[AMOUNT]) for r in adjustments) == delta
    assert june.total_pence == worked_cost(session, *JUNE) + delta
    assert preview_export(session, "2026-06").adjustments == len(adjustments)

    with pytest.raises(ValidationFailed, match="not approved"):
        export_payroll(session, "2026-06", out=tmp_path / "june.csv", final=True)
    approve_everything(session)
    final = export_payroll(session, "2026-06", out=tmp_path / "june.csv", final=True)
    assert final.total_pence == june.total_pence
    # Paid once: July's draft carries no adjustment for May…
    july = export_payroll(session, "2026-07", out=tmp_path / "july.csv")
    assert not [r for r in _data_rows(july.path) if r[ADJ]]
    # …until May changes again: a no-show takes the whole duty back.
    mark_no_show(session, a["id"], "booked in error")
    july2 = export_payroll(session, "2026-07", out=tmp_path / "july2.csv")
    back = [r for r in _data_rows(july2.path) if r[ADJ]]
    assert sum(_pence(r[AMOUNT]) for r in back) == -new_cost
    # May's and June's locked files never move.
    export_payroll(session, "2026-05", out=tmp_path / "may-again.csv")
    assert (tmp_path / "may-again.csv").read_bytes() == (tmp_path / "may.csv").read_bytes()
    export_payroll(session, "2026-06", out=tmp_path / "june-again.csv")
    assert (tmp_path / "june-again.csv").read_bytes() == (tmp_path / "june.csv").read_bytes()


def test_locked_rows_cannot_be_changed(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import sqlite3

    export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    for sql in ("UPDATE payroll_export_rows SET amount_pence = 0",
                "DELETE FROM payroll_export_rows", "DELETE FROM payroll_exports",
                "UPDATE pay_periods SET status = 'open' WHERE id = '2026-05'"):
        with pytest.raises(sqlite3.IntegrityError):
            session.db.execute(sql)


HOSTILE = '=HYPERLINK("http://x","y")'


def _make_hostile(session) -> str:  # type: ignore[no-untyped-def]
    staff_id = a_worked_assignment(session, "2026-06")["staff_id"]
    session.db.execute("UPDATE staff SET name = ? WHERE id = ?", [HOSTILE, staff_id])
    return staff_id


def test_formula_names_are_harmless_in_csv(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _make_hostile(session)
    path = export_payroll(session, "2026-06", out=tmp_path / "p.csv").path
    names = [r[1] for r in _data_rows(path)]
    assert "'" + HOSTILE in names
    cells = [c for row in _rows(path) for c in row]
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)
    assert not any(c.startswith("-") and not c[1:2].isdigit() for c in cells)


def test_formula_names_are_harmless_in_xlsx(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    _make_hostile(session)
    result = export_payroll(session, "2026-06", fmt="xlsx", out=tmp_path / "p.xlsx")
    wb = load_workbook(result.path)
    assert wb.sheetnames[-1] == "Summary"
    sheet = wb.worksheets[0]
    rows = list(sheet.iter_rows(min_row=2))
    hostile = [r[1] for r in rows if r[1].value and HOSTILE in str(r[1].value)]
    # Shown as typed (no apostrophe in the cell), typed as text, kept text if edited.
    assert hostile and all(c.data_type == "s" and c.value == HOSTILE and c.quotePrefix for c in hostile)
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    with zipfile.ZipFile(result.path) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/")]
        assert sheets and not any(b"<f>" in archive.read(n) or b"<f " in archive.read(n) for n in sheets)
    # Real numbers with number formats, and the same total as the CSV.
    amount = rows[0][AMOUNT]
    assert isinstance(amount.value, (int, float)) and amount.number_format == "#,##0.00"
    assert rows[0][HOURS].number_format == "0.00##"
    total = sum(round(r[AMOUNT].value * 100) for r in rows)
    assert total == result.total_pence == worked_cost(session, *JUNE)
    summary = {r[0].value: r[4].value for r in wb["Summary"].iter_rows(min_row=2)}
    assert round(summary["all lines"] * 100) == result.total_pence


def test_files_are_owner_only(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    for fmt in ("csv", "xlsx"):
        path = export_payroll(session, "2026-06", fmt=fmt, out=tmp_path / f"p.{fmt}").path
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path = export_recharge(session, "2026-06", COUNCILS[0], out=tmp_path / "r.csv").path
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    final = export_payroll(session, "2026-05", out=tmp_path / "f.csv", final=True).path
    assert stat.S_IMODE(final.stat().st_mode) == 0o600


def test_failed_export_leaves_nothing_and_locks_nothing(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def boom(done: int, total: int) -> None:
        raise RuntimeError("disk gone")

    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(RuntimeError):
        export_payroll(session, "2026-05", out=out / "may.csv", final=True, progress=boom)
    assert list(out.iterdir()) == []
    assert preview_export(session, "2026-05").status == "open"
    assert session.db.execute("SELECT count(*) FROM payroll_export_rows").fetchone()[0] == 0


def test_existing_file_is_not_overwritten(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    (tmp_path / "p.csv").write_text("keep")
    with pytest.raises(ValidationFailed, match="already exists"):
        export_payroll(session, "2026-06", out=tmp_path / "p.csv")
    assert (tmp_path / "p.csv").read_text() == "keep"


def test_recharge_statement(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = export_recharge(session, "2026-06", "watford borough council", out=tmp_path / "w.csv")
    rows = _data_rows(result.path)
    assert rows and {r[3] for r in rows} == {"Watford Borough Council"} and {r[2] for r in rows} == {"ceo"}
    assert all(r[5].startswith("CEO_") for r in rows)
    with pytest.raises(ValidationFailed):
        export_recharge(session, "2026-06", "Hertfordshire Constabulary", out=tmp_path / "x.csv")


def test_memory_stays_flat_rows_are_streamed(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hotspot_tui.exports.payroll import write_csv

    def rows():  # type: ignore[no-untyped-def]
        for i in range(200_000):
            yield (f"HC{i}", "Name", "officer", "Force", "2026-06", "OT_4_3", "HAF", 60, "2500", "4/3",
                   3333, None)

    import tracemalloc

    tracemalloc.start()
    class Discard(io.RawIOBase):
        def write(self, data):  # type: ignore[no-untyped-def]
            return len(data)

    totals, _ = write_csv(rows(), Discard(), period="2026-06")  # type: ignore[arg-type]
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert totals.rows == 200_000 and peak < 5_000_000


@pytest.mark.usefixtures("pinned_clock")  # locks and books by a fixed day
def test_late_booking_of_a_planned_patrol_is_paid_next_period(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Planned (estimated) patrols are not paid; booked after the lock, they are an adjustment."""
    approve_everything(session, "2026-11")
    for month in ("2026-05", "2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"):
        export_payroll(session, month, out=tmp_path / f"{month}.csv", final=True)
    row = session.db.execute(
        """
        SELECT a.id, a.start_utc, a.end_utc FROM assignments a JOIN shifts s ON s.id = a.shift_id
        JOIN staff st ON st.id = a.staff_id
        WHERE a.status = 'planned' AND s.local_date LIKE '2026-11-%' AND st.kind = 'pcso'
        ORDER BY s.local_date LIMIT 1
        """).fetchone()
    assert row is not None
    november = _data_rows(tmp_path / "2026-11.csv")
    book_hours(session, row[0], from_utc_text(row[1]), from_utc_text(row[2]))
    cost = session.db.execute("SELECT cost_pence FROM assignments WHERE id = ?", [row[0]]).fetchone()[0]
    december = export_payroll(session, "2026-12", out=tmp_path / "dec.csv")
    adjustments = [r for r in _data_rows(december.path) if r[ADJ] == "2026-11"]
    assert cost > 0 and sum(_pence(r[AMOUNT]) for r in adjustments) == cost
    export_payroll(session, "2026-11", out=tmp_path / "nov-again.csv")
    assert _data_rows(tmp_path / "nov-again.csv") == november


def test_recharge_xlsx_has_numbers_and_summary(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = export_recharge(session, "2026-06", COUNCILS[1], fmt="xlsx", out=tmp_path / "r.xlsx")
    wb = load_workbook(result.path)
    rows = list(wb.worksheets[0].iter_rows(min_row=2, values_only=True))
    assert rows and all(r[3] == COUNCILS[1] for r in rows)
    assert sum(round(r[10] * 100) for r in rows) == result.total_pence > 0
    assert "Summary" in wb.sheetnames


def test_a_locked_periods_xlsx_and_csv_reexports_are_byte_identical(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import time

    first = export_payroll(session, "2026-05", fmt="xlsx", out=tmp_path / "may.xlsx", final=True)
    csv_once = export_payroll(session, "2026-05", out=tmp_path / "a.csv").path.read_bytes()
    time.sleep(2.1)  # zip entries carry 2-second times: a clock-stamped file would differ now
    again = export_payroll(session, "2026-05", fmt="xlsx", out=tmp_path / "again.xlsx")
    assert again.relocked and again.path.read_bytes() == first.path.read_bytes()
    assert export_payroll(session, "2026-05", out=tmp_path / "b.csv").path.read_bytes() == csv_once
    locked_at = session.db.execute("SELECT locked_at FROM pay_periods WHERE id = '2026-05'").fetchone()[0]
    props = load_workbook(again.path).properties
    assert props.created == props.modified == from_utc_text(locked_at).replace(tzinfo=None, microsecond=0)


def test_a_period_locked_in_the_grouped_layout_reexports_as_it_was_sent(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Files locked before duty lines existed (layout 1) keep their grouped rows, byte for byte."""
    import hashlib

    from hotspot_tui.exports.payroll import HEADER as GROUPED_HEADER
    from hotspot_tui.exports.payroll import write_csv

    db = session.db
    db.execute("INSERT OR IGNORE INTO pay_periods (id, starts_on, ends_on) VALUES ('2026-05', '2026-05-01',"
               " '2026-06-01')")
    db.execute(
        """
        INSERT INTO payroll_export_rows (period_id, ordinal, for_period, staff_id, payroll_number, name,
            kind, employer, pay_code, cost_code, minutes, rate, multiplier, amount_pence)
        SELECT '2026-05', row_number() OVER (ORDER BY st.payroll_number, l.code, l.cost_code, l.rate),
               '2026-05', l.staff_id, st.payroll_number, st.name, st.kind, e.name, l.code, l.cost_code,
               sum(l.minutes), l.rate, l.multiplier, sum(l.amount_pence)
        FROM pay_lines l JOIN staff st ON st.id = l.staff_id JOIN employers e ON e.id = st.employer_id
        WHERE l.period_id = '2026-05' AND l.basis = 'worked' AND e.kind = 'force'
        GROUP BY l.staff_id, l.code, l.cost_code, l.rate, l.multiplier
        """)
    rows = list(db.execute("SELECT payroll_number, name, kind, employer, period_id, pay_code, cost_code,"
                           " minutes, rate, multiplier, amount_pence, adjustment_for FROM payroll_export_rows"
                           " ORDER BY ordinal"))
    sent = io.BytesIO()
    totals, digest = write_csv(rows, sent, period="2026-05")
    assert digest == hashlib.sha256(sent.getvalue()).hexdigest()
    db.execute("INSERT INTO payroll_exports (period_id, exported_at, exported_by, row_count, total_pence,"
               " csv_sha256) VALUES ('2026-05', '2026-06-02T09:00:00Z', 'PS Earlier', ?, ?, ?)",
               [totals.rows, totals.amount_pence, digest])
    db.execute("UPDATE pay_periods SET status = 'locked', locked_at = '2026-06-02T09:00:00Z',"
               " locked_by = 'PS Earlier' WHERE id = '2026-05'")
    again = export_payroll(session, "2026-05", out=tmp_path / "may.csv")
    assert again.relocked and again.path.read_bytes() == sent.getvalue()
    assert _rows(again.path)[0] == list(GROUPED_HEADER)
    assert export_payroll(session, "2026-05", fmt="xlsx", out=tmp_path / "may.xlsx").relocked
