"""The payroll file a clerk can match: one line per duty and pay element, CSV or XLSX.

Rows arrive as tuples in `store.payroll.DUTY_FIELDS` order (integer minutes and pence, exact
rate and multiplier text, UTC instants) and are written a batch at a time, so memory stays
flat. Each line shows the duty (date, on and off in local time, patrol reference, area),
the finance cost code, the force's element code and the pay rule behind it, the hours in
payroll's units, the enhanced hourly rate that reproduces the amount (`LINE_FORMULA`,
stated in the header), who booked and who approved it, and for an adjustment the period and
line(s) it corrects. Then totals per element code, per cost code and overall: trailing rows
in a CSV, a Summary sheet in an XLSX. A draft marks lines not yet approved (an adjustment
arrives marked when the correction it pays awaits approval; one that takes back a
cancelled duty or a no-show needs none). A final file
carries the audit checkpoint (`exports.evidence`): a footer row after the totals in a CSV
(outside its SHA-256, which covers the lines and totals) or a document property in an XLSX.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, BinaryIO

from hotspot_tui.domain.audit_chain import Checkpoint
from hotspot_tui.domain.clock import from_utc_text, to_local
from hotspot_tui.domain.payroll import pounds
from hotspot_tui.domain.payroll_lines import LINE_FORMULA, NOT_APPROVED, line_rate, payroll_hours
from hotspot_tui.exports.evidence import csv_footer_bytes, mark_workbook
from hotspot_tui.exports.payroll import (
    _batches,
    _Cells,
    _HashingSink,
    _styled,
    csv_column,
    csv_field,
    xlsx_text,
)
from hotspot_tui.exports.workbook import save_workbook

HEADER = (
    "Payroll number", "Name", "Period", "Duty date", "Start (local)", "Finish (local)", "Patrol ref",
    "Area", "Cost code", "Element code", "Pay rule", "Hours", "Rate (GBP per hour, enhanced)",
    f"Amount (GBP; {LINE_FORMULA})", "Booked by", "Approved by", "Adjusts period", "Adjusts line",
)
(NUMBER, NAME, PERIOD, DUTY_DATE, START, END, REF, AREA, COST_CODE, ELEMENT, RULE, MINUTES, RATE,
 MULT, AMOUNT, BOOKED, APPROVED, ADJ_FOR, ADJ_LINES) = range(19)


def element_key(element: str | None, rule: str) -> str:
    """The element code, or a note that the pay rule has none (drafts only)."""
    return element or f"(no element code for {rule})"


@dataclass
class LineTotals:
    rows: int = 0
    minutes: int = 0
    amount_pence: int = 0
    adjustments: int = 0
    unapproved: int = 0
    by_element: dict[str, list[int]] = field(default_factory=dict)
    by_cost_code: dict[str, list[int]] = field(default_factory=dict)

    def add_rows(self, rows: Sequence[tuple[Any, ...]]) -> None:
        if rows:
            self.add_columns(list(zip(*rows, strict=True)))

    def add_columns(self, columns: Sequence[Sequence[Any]]) -> None:
        """Count a batch given as columns (`DUTY_FIELDS` order): summed per (element, pay
        rule, cost code) first, a few hundred keys at most, then folded into the totals;
        adjustments and approvals counted per distinct (adjusts, approver) pair."""
        pairs: dict[tuple[Any, Any, Any], list[int]] = {}
        keys = zip(columns[ELEMENT], columns[RULE], columns[COST_CODE], strict=True)
        for key, minutes, amount in zip(keys, columns[MINUTES], columns[AMOUNT], strict=True):
            slot = pairs.get(key)
            if slot is None:
                slot = pairs[key] = [0, 0]
            slot[0] += minutes
            slot[1] += amount
        for (adjusts, approver), count in Counter(zip(columns[ADJ_FOR], columns[APPROVED],
                                                      strict=True)).items():
            approved = _approved(approver)
            if adjusts:
                self.adjustments += count
            if approved is None or not (approved or adjusts):
                self.unapproved += count
        self.rows += len(columns[0])
        for (element, rule, cost_code), (minutes, amount) in pairs.items():
            self.minutes += minutes
            self.amount_pence += amount
            for name, table in ((element_key(element, rule), self.by_element),
                                (str(cost_code), self.by_cost_code)):
                slot = table.setdefault(name, [0, 0])
                slot[0] += minutes
                slot[1] += amount


class _LocalTimes(_Cells):
    """UTC text → local ``YYYY-MM-DD HH:MM GMT|BST``, once per distinct instant."""

    def __init__(self) -> None:
        super().__init__(_local_text)


def _local_text(utc_text: str | None) -> str:
    return f"{to_local(from_utc_text(utc_text)):%Y-%m-%d %H:%M %Z}" if utc_text else ""


def _rates() -> _Cells:
    return _Cells(lambda key: line_rate(*key))


def _approved(approver: str | None) -> bool | None:
    """True: approved; False: no approver; None: marked not approved (an adjustment for a
    corrected booking awaiting approval, in a draft)."""
    return None if approver == NOT_APPROVED else bool(approver)


def _approval(approved: str | None, adjustment_for: str | None) -> str | None:
    if approved or adjustment_for:
        return approved
    return NOT_APPROVED


def _approval_cell(key: tuple[str | None, str | None]) -> str:
    return csv_field(_approval(*key))


def _summary(totals: LineTotals, period: str) -> list[list[Any]]:
    """(label, key, hours text, amount text) rows: per element, per cost code, overall."""
    rows: list[list[Any]] = []
    for key, (minutes, amount) in sorted(totals.by_element.items()):
        rows.append(["by element code", key, payroll_hours(minutes), pounds(amount)])
    for key, (minutes, amount) in sorted(totals.by_cost_code.items()):
        rows.append(["by cost code", key, payroll_hours(minutes), pounds(amount)])
    rows.append(["all lines", period, payroll_hours(totals.minutes), pounds(totals.amount_pence)])
    return rows


def _money_cells(key: tuple[str, str, int, int]) -> str:
    """(rate, multiplier, minutes, amount) → the Hours, Rate and Amount fields."""
    rate, multiplier, minutes, amount = key
    return f"{payroll_hours(minutes)},{line_rate(rate, multiplier, minutes, amount)},{pounds(amount)}"


def write_lines_csv(rows: Iterable[tuple[Any, ...]], out: BinaryIO | None, *, period: str,
                    progress: Callable[[int], None] | None = None,
                    checkpoint: Checkpoint | None = None,
                    element_codes: Mapping[str, str] | None = None) -> tuple[LineTotals, str]:
    """Write the lines and totals as CSV to `out` (None: only hash); totals and SHA-256.
    `checkpoint`: the audit checkpoint row after the totals, not part of the SHA-256 (a
    locked period's file is checked against its stored hash whatever the log holds).
    `element_codes` (pay rule → element code): the rows come without their element code
    (`DUTY_FIELDS` less ``element_code``), and each line's is its pay rule's."""
    sink = _HashingSink(out)
    writer = csv.writer(sink.text, lineterminator="\r\n")
    writer.writerow(HEADER)
    totals = LineTotals()
    # Column by column: each distinct value's cell is worked out once (a month repeats the
    # same people, dates, instants, codes and durations on thousands of lines), and the
    # lines are joined without a Python step per line.
    people, text, refs, times, money, approval, approver = (
        _Cells(csv_field), _Cells(csv_field), _Cells(csv_field), _LocalTimes(),
        _Cells(_money_cells), _Cells(_approval_cell), _Cells(lambda a: _approval_cell((a, None))))
    for batch in _batches(rows):
        cols = list(zip(*batch, strict=True))
        if element_codes is not None:  # the rule is where the element code goes, before it
            cols.insert(ELEMENT, tuple(map(element_codes.get, cols[ELEMENT])))
        totals.add_columns(cols)
        cells = (
            *(csv_column(cols[i], people) for i in (NUMBER, NAME)),
            *(csv_column(cols[i], text) for i in (PERIOD, DUTY_DATE)),
            map(times.__getitem__, cols[START]), map(times.__getitem__, cols[END]),
            csv_column(cols[REF], refs),
            *(csv_column(cols[i], text) for i in (AREA, COST_CODE, ELEMENT, RULE)),
            map(money.__getitem__, zip(cols[RATE], cols[MULT], cols[MINUTES], cols[AMOUNT],
                                       strict=True)),
            csv_column(cols[BOOKED], text),
            (map(approval.__getitem__, zip(cols[APPROVED], cols[ADJ_FOR], strict=True))
             if any(cols[ADJ_FOR]) else map(approver.__getitem__, cols[APPROVED])),
            csv_column(cols[ADJ_FOR], text), csv_column(cols[ADJ_LINES], text),
        )
        sink.text.write("\r\n".join(map(",".join, zip(*cells, strict=True))))
        sink.text.write("\r\n")
        sink.flush()
        for cache in (people, text, refs, times, money, approval, approver):
            cache.limit()
        if progress:
            progress(totals.rows)
    writer.writerow([])
    blank = [""] * len(HEADER)
    for label, key, hours_text, amount in _summary(totals, period):
        line = list(blank)
        line[0], line[1], line[2] = "TOTAL", label, csv_field(period)
        line[9 if label == "by element code" else 8] = csv_field(key) if label != "all lines" else ""
        line[11], line[13] = hours_text, amount
        sink.text.write(",".join(line) + "\r\n")
    if progress:
        progress(totals.rows)
    sink.flush()
    if checkpoint is not None and out is not None:
        out.write(csv_footer_bytes(checkpoint, len(HEADER)))
    return totals, sink.sha.hexdigest()


def write_lines_xlsx(rows: Iterable[tuple[Any, ...]], out: BinaryIO, *, period: str, title: str,
                     stamp: str, progress: Callable[[int], None] | None = None,
                     checkpoint: Checkpoint | None = None) -> LineTotals:
    """The same lines as an XLSX: text cells as typed (formulas neutralised), real numbers
    with number formats, and a Summary sheet. `stamp`: the document's time (UTC text).
    `checkpoint` becomes the `Audit checkpoint` document property."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(title[:31] or "Payroll")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    text = _Cells(lambda v: xlsx_text(sheet, v))
    times, rates = _LocalTimes(), _rates()

    def number(ws: Any, value: str, fmt: str) -> Any:
        return _styled(ws, Decimal(value), number_format=fmt)

    def rate_format(rate: str) -> str:
        return "#,##0." + "0" * len(rate.split(".")[1])

    sheet.append([_styled(sheet, name, font=bold) for name in HEADER])
    totals = LineTotals()
    for batch in _batches(rows):
        totals.add_rows(batch)
        for r in batch:
            rate = rates[r[RATE], r[MULT], r[MINUTES], r[AMOUNT]]
            sheet.append([
                text[r[NUMBER]], text[r[NAME]], text[r[PERIOD]], text[r[DUTY_DATE]], times[r[START]],
                times[r[END]], text[r[REF]], text[r[AREA]], text[r[COST_CODE]], text[r[ELEMENT]],
                text[r[RULE]], number(sheet, payroll_hours(r[MINUTES]), "0.00##"),
                number(sheet, rate, rate_format(rate)), number(sheet, pounds(r[AMOUNT]), "#,##0.00"),
                text[r[BOOKED]], text[_approval(r[APPROVED], r[ADJ_FOR])], text[r[ADJ_FOR]],
                text[r[ADJ_LINES]],
            ])
        text.limit()
        times.limit()
        rates.limit()
        if progress:
            progress(totals.rows)
    summary = wb.create_sheet("Summary")
    summary.append([_styled(summary, name, font=bold)
                    for name in ("Group", "Key", "Period", "Hours", "Amount (GBP)")])
    for label, key, hours_text, amount in _summary(totals, period):
        summary.append([label, xlsx_text(summary, key), xlsx_text(summary, period),
                        number(summary, hours_text, "0.00##"), number(summary, amount, "#,##0.00")])
    if checkpoint is not None:
        mark_workbook(wb, checkpoint)
    save_workbook(wb, out, stamp)
    if progress:
        progress(totals.rows)
    return totals
