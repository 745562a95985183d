"""Time off owed files: CSV (UTF-8, comma-separated, header row) and XLSX.

Rows arrive as tuples in `COLUMNS` order (dates as ISO text). Every text cell passes
through the shared `hotspot_tui.exports.cells.neutralise` (formula injection).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any, BinaryIO

from hotspot_tui.exports.cells import neutralise as _neutralise

COLUMNS = ("payroll_number", "name", "kind", "time_off", "for_date", "due_by", "taken_on",
           "taken_by", "area", "reason")
HEADER = ("Payroll number", "Name", "Kind", "Time off", "For", "Due by", "Taken on", "Recorded by",
          "Area", "Earned by")
KIND_LABELS = {
    "replacement_rest_day": "Replacement rest day",
    "day_in_lieu": "Day off in lieu",
    "pcso_time_off": "PCSO time off",
}
WORKER_LABELS = {"officer": "Officer", "pcso": "PCSO", "ceo": "Council officer"}


def _cells(row: tuple[Any, ...]) -> list[str]:
    number, name, kind, time_off, for_date, due_by, taken_on, taken_by, area, reason = row
    values = (number, name, WORKER_LABELS.get(kind, kind), KIND_LABELS.get(time_off, time_off),
              for_date, due_by, taken_on, taken_by, area, reason)
    return [_neutralise("" if v is None else str(v)) for v in values]


def write_csv(rows: Iterable[tuple[Any, ...]], out: BinaryIO) -> int:
    """Write the rows; returns how many."""
    text = io.TextIOWrapper(out, encoding="utf-8", newline="", write_through=True)
    writer = csv.writer(text, lineterminator="\r\n")
    writer.writerow(HEADER)
    count = 0
    for row in rows:
        writer.writerow(_cells(row))
        count += 1
    text.flush()
    text.detach()
    return count


def write_xlsx(rows: Iterable[tuple[Any, ...]], out: BinaryIO, *, title: str) -> int:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(title[:31] or "Time off")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    heading = []
    for name in HEADER:
        cell = WriteOnlyCell(sheet, value=_neutralise(name))
        cell.font = bold
        heading.append(cell)
    sheet.append(heading)
    count = 0
    for row in rows:
        sheet.append(_cells(row))
        count += 1
    wb.save(out)
    return count
