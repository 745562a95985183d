"""Payroll and recharge files: CSV (UTF-8, comma-separated, header row) and XLSX.

Rows arrive as tuples in `COLUMNS` order (integer minutes and pence, exact rate and
multiplier text such as ``"351799/146"``) and are written one at a time, so memory stays
flat. After the rows: totals by pay code, by cost code (area) and overall — trailing rows
in a CSV, a Summary sheet in an XLSX. Every text cell passes through the shared
`hotspot_tui.exports.cells.neutralise` (formula injection); numbers are real numbers.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from itertools import islice
from typing import Any, BinaryIO

from hotspot_tui.domain.audit_chain import Checkpoint
from hotspot_tui.domain.payroll import hours_text, pounds, ratio_text
from hotspot_tui.exports.cells import FORMULA_STARTS
from hotspot_tui.exports.cells import neutralise as _neutralise
from hotspot_tui.exports.evidence import mark_workbook
from hotspot_tui.exports.workbook import save_workbook

COLUMNS = (
    "payroll_number", "name", "kind", "employer", "period", "pay_code", "cost_code",
    "minutes", "rate", "multiplier", "amount_pence", "adjustment_for",
)
HEADER = (
    "Payroll number", "Name", "Kind", "Employer", "Period", "Pay code", "Cost code", "Hours",
    "Hourly rate (GBP)", "Multiplier", "Amount (GBP)", "Adjustment for",
)
Progress = Callable[[int], None]
PROGRESS_EVERY = 500


def neutralise(value: object) -> str:
    """Text for a cell (None → empty), through the shared formula guard of `exports.cells`."""
    return _neutralise("" if value is None else str(value))


@dataclass
class Totals:
    rows: int = 0
    minutes: int = 0
    amount_pence: int = 0
    adjustments: int = 0
    by_code: dict[str, list[int]] = field(default_factory=dict)
    by_cost_code: dict[str, list[int]] = field(default_factory=dict)

    def add_rows(self, rows: Sequence[tuple[Any, ...]]) -> None:
        """Count a batch of rows: summed per (pay code, cost code) first, a few hundred
        pairs at most, then folded into the totals."""
        pairs: dict[tuple[Any, Any], list[int]] = {}
        adjustments = 0
        for row in rows:
            slot = pairs.get((row[5], row[6]))
            if slot is None:
                slot = pairs[row[5], row[6]] = [0, 0]
            slot[0] += int(row[7])
            slot[1] += int(row[10])
            if row[11]:
                adjustments += 1
        self.rows += len(rows)
        self.adjustments += adjustments
        for (code, cost_code), (minutes, amount) in pairs.items():
            self.minutes += minutes
            self.amount_pence += amount
            for key, table in ((code, self.by_code), (cost_code, self.by_cost_code)):
                slot = table.setdefault(str(key), [0, 0])
                slot[0] += minutes
                slot[1] += amount


def _batches(rows: Iterable[tuple[Any, ...]]) -> Iterator[list[tuple[Any, ...]]]:
    """Rows a batch at a time: totals are counted, and progress told, per batch."""
    fetch = getattr(rows, "fetchmany", None)
    if fetch is not None:  # a database cursor: its rows a batch at a time, without a step per row
        while batch := fetch(PROGRESS_EVERY):
            yield batch
        return
    source = iter(rows)
    while batch := list(islice(source, PROGRESS_EVERY)):
        yield batch


def _rate_gbp(rate: str) -> Fraction:
    return Fraction(rate) / 100


class _Cells(dict[Any, str]):
    """Each distinct value's cell text, worked out once: a payroll file repeats the same
    people, codes, rates and durations on thousands of rows."""

    KEEP = 4096
    """Distinct values kept between batches: memory stays flat however many people."""

    def __init__(self, text: Callable[[Any], str]) -> None:
        super().__init__()
        self.text = text

    def __missing__(self, value: Any) -> str:
        text = self[value] = self.text(value)
        return text

    def limit(self) -> None:
        if len(self) > self.KEEP:
            self.clear()


def csv_field(value: object) -> str:
    """A text cell as the csv module writes it (quoted when it holds a comma, quote or line
    break), after the formula guard."""
    text = neutralise(value)
    if "," in text or '"' in text or "\n" in text or "\r" in text:
        return '"' + text.replace('"', '""') + '"'
    return text


_SEPARATOR = "\x1f"
_FORMULA_AFTER_SEPARATOR = tuple((c, _SEPARATOR + c) for c in FORMULA_STARTS)


def csv_column(values: Sequence[Any], cells: _Cells) -> Iterable[str]:
    """A column's CSV fields: the values themselves when every one is text that needs
    neither the formula guard nor quoting (checked over the whole column at once), else
    each value through `cells` (`csv_field` once per distinct value). A character is looked
    for on its own before the slower search for it at the start of a value."""
    try:
        joined = _SEPARATOR.join(values)
    except TypeError:  # not all text (an empty cell, a number)
        return map(cells.__getitem__, values)
    if ("," in joined or '"' in joined or "\n" in joined or "\r" in joined
            or joined.startswith(FORMULA_STARTS)
            or any(c in joined and start in joined for c, start in _FORMULA_AFTER_SEPARATOR)):
        return map(cells.__getitem__, values)
    return values


def _csv_cells() -> tuple[_Cells, _Cells, _Cells, _Cells, _Cells]:
    """Text, hours, hourly rate, multiplier and money fields, each ready for a CSV line."""
    return (_Cells(csv_field), _Cells(lambda m: hours_text(int(m))),
            _Cells(lambda r: ratio_text(_rate_gbp(r))), _Cells(lambda m: ratio_text(Fraction(m))),
            _Cells(lambda a: pounds(int(a))))


def _summary_rows(totals: Totals, period: str) -> list[list[str]]:
    rows = []
    for code, (minutes, amount) in sorted(totals.by_code.items()):
        rows.append(["TOTAL", "by pay code", "", "", period, code, "", hours_text(minutes), "", "",
                     pounds(amount), ""])
    for cost_code, (minutes, amount) in sorted(totals.by_cost_code.items()):
        rows.append(["TOTAL", "by cost code", "", "", period, "", cost_code, hours_text(minutes), "",
                     "", pounds(amount), ""])
    rows.append(["TOTAL", "all rows", "", "", period, "", "", hours_text(totals.minutes), "", "",
                 pounds(totals.amount_pence), ""])
    return [[neutralise(c) if i not in (7, 10) else c for i, c in enumerate(r)] for r in rows]


class _HashingSink:
    """CSV text gathered in memory, then encoded to UTF-8 into a binary file and a running
    SHA-256 a batch at a time (`flush`)."""

    def __init__(self, out: BinaryIO | None) -> None:
        self.out = out
        self.sha = hashlib.sha256()
        self.text = io.StringIO()

    def flush(self) -> None:
        data = self.text.getvalue().encode("utf-8")
        self.text.seek(0)
        self.text.truncate()
        self.sha.update(data)
        if self.out is not None:
            self.out.write(data)


def write_csv(rows: Iterable[tuple[Any, ...]], out: BinaryIO | None, *, period: str,
              progress: Progress | None = None) -> tuple[Totals, str]:
    """Write rows and summary as CSV to `out` (None: only hash); returns totals and SHA-256."""
    sink = _HashingSink(out)
    writer = csv.writer(sink.text, lineterminator="\r\n")
    writer.writerow(HEADER)
    totals = Totals()

    # Each row's line is joined here: its text fields are quoted as the csv module would
    # (once per distinct value), and numbers never need quoting.
    text, hours, rate, mult, money = _csv_cells()
    for batch in _batches(rows):
        totals.add_rows(batch)
        sink.text.write("".join([
            f"{text[number]},{text[name]},{text[kind]},{text[employer]},{text[per]},"
            f"{text[code]},{text[cost_code]},{hours[minutes]},{rate[hourly]},{mult[times]},"
            f"{money[amount]},{text[adj]}\r\n"
            for (number, name, kind, employer, per, code, cost_code, minutes, hourly, times,
                 amount, adj) in batch
        ]))
        sink.flush()
        for cells in (text, hours, rate, mult, money):
            cells.limit()
        if progress:
            progress(totals.rows)
    writer.writerow([])
    writer.writerows(_summary_rows(totals, period))
    if progress:
        progress(totals.rows)
    sink.flush()
    return totals, sink.sha.hexdigest()


def _styled(ws: Any, value: Any, **style: Any) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def xlsx_text(ws: Any, value: object) -> Any:
    """A text cell for an XLSX row: the text as typed (None → empty); text a spreadsheet
    could run as a formula becomes a text-typed, quote-prefixed cell (no formula, no
    visible apostrophe)."""
    text = "" if value is None else str(value)
    if not text.startswith(FORMULA_STARTS):
        return text
    cell = _styled(ws, text, quotePrefix=True)
    cell.data_type = "s"
    return cell


def _decimal(value: Fraction, places: int) -> Decimal:
    return Decimal(ratio_text(value, places))


def write_xlsx(rows: Iterable[tuple[Any, ...]], out: BinaryIO, *, period: str, title: str,
               stamp: str, progress: Progress | None = None,
               checkpoint: Checkpoint | None = None) -> Totals:
    """Write an XLSX (openpyxl write-only): a rows sheet with real numbers, and a Summary.

    Text shows as typed: a value a spreadsheet could run as a formula is written as a
    text-typed cell (which holds no formula) with Excel's "quote prefix" style, so it stays
    text even when edited, and no apostrophe appears in it. `stamp` (UTC text) is the
    document's created and modified time: the same rows and stamp give the same bytes.
    `checkpoint` becomes the `Audit checkpoint` document property.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(title[:31] or "Payroll")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    text = _Cells(lambda v: xlsx_text(sheet, v))

    def header(ws: Any, names: Iterable[str]) -> None:
        ws.append([_styled(ws, name, font=bold) for name in names])

    def number(ws: Any, value: Decimal, fmt: str) -> Any:
        return _styled(ws, value, number_format=fmt)

    header(sheet, HEADER)
    totals = Totals()
    for batch in _batches(rows):
        totals.add_rows(batch)
        for (number_, name, kind, employer, per, code, cost_code, minutes, rate, mult, amount,
             adj) in batch:
            sheet.append([
                text[number_], text[name], text[kind], text[employer], text[per], text[code],
                text[cost_code],
                number(sheet, Decimal(hours_text(int(minutes))), "0.00"),
                number(sheet, _decimal(_rate_gbp(rate), 4), "#,##0.0000"),
                number(sheet, _decimal(Fraction(mult), 4), "0.0000"),
                number(sheet, Decimal(pounds(int(amount))), "#,##0.00"),
                text[adj],
            ])
        text.limit()
        if progress:
            progress(totals.rows)

    summary = wb.create_sheet("Summary")
    header(summary, ("Group", "Key", "Period", "Hours", "Amount (GBP)"))
    groups = [("Pay code", totals.by_code), ("Cost code", totals.by_cost_code)]
    for label, table in groups:
        for key, (minutes, amount) in sorted(table.items()):
            summary.append([
                label, xlsx_text(summary, key), xlsx_text(summary, period),
                number(summary, Decimal(hours_text(minutes)), "0.00"),
                number(summary, Decimal(pounds(amount)), "#,##0.00"),
            ])
    summary.append([
        "Total", "all rows", xlsx_text(summary, period),
        number(summary, Decimal(hours_text(totals.minutes)), "0.00"),
        number(summary, Decimal(pounds(totals.amount_pence)), "#,##0.00"),
    ])
    if checkpoint is not None:
        mark_workbook(wb, checkpoint)
    save_workbook(wb, out, stamp)
    if progress:
        progress(totals.rows)
    return totals
