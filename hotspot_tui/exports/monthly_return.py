"""The monthly return as Markdown, CSV or XLSX.

Markdown is for reading: what the month covers, what the hours include and leave out, the
totals, then two tables by area. CSV and XLSX carry one row per figure per area, then the
total's and the state of the bookings: hours as decimal hours (2 places when exact, else
4), counts as whole numbers, and an empty value with a note where there is no figure
(police data not yet published or imported). Area names and notes pass through
`exports.cells.neutralise` (CSV) or become text-typed cells (XLSX). Each format carries the
audit checkpoint (`exports.evidence`).
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from typing import Any, BinaryIO

from hotspot_tui.domain.asb_powers import ASB_LABELS, ASB_POWERS
from hotspot_tui.domain.clock_utc import to_utc_text
from hotspot_tui.domain.monthly_return import (
    HOURS,
    ROLE_LABELS,
    ROLES,
    AreaMonth,
    Figure,
    MonthlyReturn,
    figure_text,
    notes,
    value_text,
)
from hotspot_tui.domain.payroll_lines import payroll_hours
from hotspot_tui.exports.cells import neutralise
from hotspot_tui.exports.evidence import csv_footer_row, footer_line, mark_workbook
from hotspot_tui.exports.payroll import xlsx_text
from hotspot_tui.exports.workbook import save_workbook

FORMATS = ("md", "csv", "xlsx")
HEADER = ("month", "from", "to", "area", "figure", "label", "value", "unit", "note")
SUFFIXES = {"md": ".md", "csv": ".csv", "xlsx": ".xlsx"}


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def _by_key(area: AreaMonth) -> dict[str, Figure]:
    return {f.key: f for f in area.figures()}


def render_markdown(ret: MonthlyReturn) -> str:
    lines = [f"# Monthly return: {ret.first_day:%B %Y}", ""]
    lines += [f"- {_md_cell(n)}" for n in notes(ret)]
    lines += ["", "## Total", "", "| figure | value |", "| --- | ---: |"]
    lines += [f"| {f.label} | {_md_cell(figure_text(f))} |" for f in ret.total.figures()]
    lines += ["", "## By area", "",
              "| area | " + " | ".join(f"{ROLE_LABELS[r]} h" for r in ROLES)
              + " | hours | patrols | arrests | stop and searches | weapons | ASB powers "
              "| ASB incidents |",
              "| --- |" + " ---: |" * (len(ROLES) + 7)]
    keys = (*(f"hours_{r}" for r in ROLES), "hours_total", "patrols", "arrests",
            "stop_searches", "weapons", "asb_powers_total", "asb_incidents")
    for a in [*ret.areas, ret.total]:
        f = _by_key(a)
        lines.append(f"| {_md_cell(a.area)} | "
                     + " | ".join(_md_cell(figure_text(f[k])) for k in keys) + " |")
    lines += ["", "## ASB tools and powers by area", "",
              "| area | " + " | ".join(ASB_LABELS[k] for k in ASB_POWERS)
              + " | all ASB powers | other outcomes |",
              "| --- |" + " ---: |" * (len(ASB_POWERS) + 2)]
    for a in [*ret.areas, ret.total]:
        f = _by_key(a)
        lines.append(f"| {_md_cell(a.area)} | "
                     + " | ".join(figure_text(f[f"asb_{k}"]) for k in ASB_POWERS)
                     + f" | {figure_text(f['asb_powers_total'])} | {figure_text(f['other_outcomes'])} |")
    if ret.checkpoint is not None:
        lines += ["", footer_line(ret.checkpoint)]
    return "\n".join(lines) + "\n"


def _csv_rows(ret: MonthlyReturn) -> list[list[str]]:
    head = [ret.month.text(), ret.first_day.isoformat(), ret.last_day.isoformat()]
    return [[*head, neutralise(area), f.key, f.label, value_text(f), f.unit, neutralise(f.note)]
            for area, f in ret.rows()]


def render_csv(ret: MonthlyReturn) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(HEADER)
    writer.writerows(_csv_rows(ret))
    if ret.checkpoint is not None:
        writer.writerow(csv_footer_row(ret.checkpoint, len(HEADER)))
    return out.getvalue()


def _number(figure: Figure) -> Any:
    if figure.value is None:
        return None
    return Decimal(payroll_hours(figure.value)) if figure.unit == HOURS else figure.value


def write_xlsx(ret: MonthlyReturn, out: BinaryIO) -> None:
    """A Return sheet (one row per figure per area, numbers as numbers) and a Notes sheet;
    the checkpoint as the workbook's `Audit checkpoint` property."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = Workbook(write_only=True)
    sheet = wb.create_sheet(f"Return {ret.month.text()}")
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def heading(name: str) -> Any:
        cell = WriteOnlyCell(sheet, value=name)
        cell.font = bold
        return cell

    def number(figure: Figure) -> Any:
        cell = WriteOnlyCell(sheet, value=_number(figure))
        cell.number_format = "#,##0.00##" if figure.unit == HOURS else "#,##0"
        return cell

    sheet.append([heading(h) for h in HEADER])
    for area, f in ret.rows():
        sheet.append([ret.month.text(), ret.first_day, ret.last_day, xlsx_text(sheet, area),
                      f.key, f.label, number(f), f.unit, xlsx_text(sheet, f.note)])
    about = wb.create_sheet("Notes")
    for line in notes(ret):
        about.append([xlsx_text(about, line)])
    if ret.checkpoint is not None:
        about.append([xlsx_text(about, footer_line(ret.checkpoint))])
        mark_workbook(wb, ret.checkpoint)
    save_workbook(wb, out, to_utc_text(ret.as_at))


def render_text(ret: MonthlyReturn, fmt: str) -> str:
    """Markdown or CSV as text (an XLSX is bytes: `render_bytes`)."""
    if fmt == "md":
        return render_markdown(ret)
    if fmt == "csv":
        return render_csv(ret)
    raise ValueError(f"{fmt!r} is not a text format")


def render_bytes(ret: MonthlyReturn, fmt: str) -> bytes:
    if fmt in ("md", "csv"):
        return render_text(ret, fmt).encode("utf-8")
    if fmt == "xlsx":
        buffer = io.BytesIO()
        write_xlsx(ret, buffer)
        return buffer.getvalue()
    raise ValueError(f"unknown format {fmt!r}")
