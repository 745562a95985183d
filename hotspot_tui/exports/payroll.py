"""Payroll and recharge files: CSV (UTF-8, comma-separated, header row) and XLSX.

Rows arrive as tuples in `COLUMNS` order (integer minutes and pence, exact rate and
multiplier text such as ``"351799/146"``) and are written one at a time, so memory stays
flat. After the rows: totals by pay code, by cost code (area) and overall — trailing rows
in a CSV, a Summary sheet in an XLSX. Every text cell passes through the shared
`hotspot_tui.exports.cells.neutralise` (formula injection); numbers are real numbers.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from functools import lru_cache
from typing import Any, BinaryIO

from hotspot_tui.domain.payroll import hours_text, pounds, ratio_text
from hotspot_tui.exports.cells import FORMULA_STARTS
from hotspot_tui.exports.cells import neutralise as _neutralise

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

    def add(self, row: tuple[Any, ...]) -> None:
        minutes, amount = int(row[7]), int(row[10])
        self.rows += 1
        self.minutes += minutes
        self.amount_pence += amount
        if row[11]:
            self.adjustments += 1
        for key, table in ((row[5], self.by_code), (row[6], self.by_cost_code)):
            slot = table.setdefault(str(key), [0, 0])
            slot[0] += minutes
            slot[1] += amount


def _rate_gbp(rate: str) -> Fraction:
    return Fraction(rate) / 100


# A month holds a few dozen distinct rates, multipliers and durations: format each once.
@lru_cache(maxsize=4096)
def _rate_text(rate: str) -> str:
    return ratio_text(_rate_gbp(rate))


@lru_cache(maxsize=1024)
def _multiplier_text(mult: str) -> str:
    return ratio_text(Fraction(mult))


@lru_cache(maxsize=4096)
def _hours_text(minutes: int) -> str:
    return hours_text(minutes)


_FORMULA_FIRST = frozenset(FORMULA_STARTS)


def _text(value: object) -> str:
    """`neutralise`, inlined for the per-row path (same result)."""
    text = "" if value is None else value if type(value) is str else str(value)
    return "'" + text if text[:1] in _FORMULA_FIRST else text  # type: ignore[operator]


def _csv_row(row: tuple[Any, ...]) -> list[str]:
    (number, name, kind, employer, period, code, cost_code, minutes, rate, mult, amount, adj) = row
    return [
        _text(number), _text(name), _text(kind), _text(employer), _text(period), _text(code),
        _text(cost_code), _hours_text(int(minutes)), _rate_text(rate), _multiplier_text(mult),
        pounds(int(amount)), _text(adj),
    ]


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


class _HashingWriter:
    """Encodes text to UTF-8 into a binary file and a running SHA-256."""

    FLUSH_AT = 1024  # pieces of text (CSV lines) gathered before encoding them at once

    def __init__(self, out: BinaryIO | None) -> None:
        self.out = out
        self.sha = hashlib.sha256()
        self.encoder = codecs.getincrementalencoder("utf-8")()
        self.pending: list[str] = []

    def write(self, text: str) -> int:
        self.pending.append(text)
        if len(self.pending) >= self.FLUSH_AT:
            self.flush()
        return len(text)

    def flush(self) -> None:
        if not self.pending:
            return
        data = self.encoder.encode("".join(self.pending))
        self.pending.clear()
        self.sha.update(data)
        if self.out is not None:
            self.out.write(data)


def write_csv(rows: Iterable[tuple[Any, ...]], out: BinaryIO | None, *, period: str,
              progress: Progress | None = None) -> tuple[Totals, str]:
    """Write rows and summary as CSV to `out` (None: only hash); returns totals and SHA-256."""
    sink = _HashingWriter(out)
    writer = csv.writer(sink, lineterminator="\r\n")
    writer.writerow(HEADER)
    totals = Totals()

    def lines() -> Iterator[list[str]]:
        add = totals.add
        for row in rows:
            add(row)
            yield _csv_row(row)
            if progress and totals.rows % PROGRESS_EVERY == 0:
                progress(totals.rows)

    writer.writerows(lines())
    writer.writerow([])
    writer.writerows(_summary_rows(totals, period))
    if progress:
        progress(totals.rows)
    sink.flush()
    return totals, sink.sha.hexdigest()


def _decimal(value: Fraction, places: int) -> Decimal:
    return Decimal(ratio_text(value, places))


def write_xlsx(rows: Iterable[tuple[Any, ...]], out: BinaryIO, *, period: str, title: str,
               progress: Progress | None = None) -> Totals:
    """Write an XLSX (openpyxl write-only): a rows sheet with real numbers, and a Summary."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(title[:31] or "Payroll")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def header(ws: Any, names: Iterable[str]) -> None:
        cells = []
        for name in names:
            cell = WriteOnlyCell(ws, value=neutralise(name))
            cell.font = bold
            cells.append(cell)
        ws.append(cells)

    def number(ws: Any, value: Decimal, fmt: str) -> Any:
        cell = WriteOnlyCell(ws, value=value)
        cell.number_format = fmt
        return cell

    header(sheet, HEADER)
    totals = Totals()
    for row in rows:
        totals.add(row)
        (number_, name, kind, employer, per, code, cost_code, minutes, rate, mult, amount, adj) = row
        sheet.append([
            neutralise(number_), neutralise(name), neutralise(kind), neutralise(employer),
            neutralise(per), neutralise(code), neutralise(cost_code),
            number(sheet, Decimal(hours_text(int(minutes))), "0.00"),
            number(sheet, _decimal(_rate_gbp(rate), 4), "#,##0.0000"),
            number(sheet, _decimal(Fraction(mult), 4), "0.0000"),
            number(sheet, Decimal(pounds(int(amount))), "#,##0.00"),
            neutralise(adj),
        ])
        if progress and totals.rows % PROGRESS_EVERY == 0:
            progress(totals.rows)

    summary = wb.create_sheet("Summary")
    header(summary, ("Group", "Key", "Period", "Hours", "Amount (GBP)"))
    groups = [("Pay code", totals.by_code), ("Cost code", totals.by_cost_code)]
    for label, table in groups:
        for key, (minutes, amount) in sorted(table.items()):
            summary.append([
                label, neutralise(key), neutralise(period),
                number(summary, Decimal(hours_text(minutes)), "0.00"),
                number(summary, Decimal(pounds(amount)), "#,##0.00"),
            ])
    summary.append([
        "Total", "all rows", neutralise(period),
        number(summary, Decimal(hours_text(totals.minutes)), "0.00"),
        number(summary, Decimal(pounds(totals.amount_pence)), "#,##0.00"),
    ])
    wb.save(out)
    if progress:
        progress(totals.rows)
    return totals
