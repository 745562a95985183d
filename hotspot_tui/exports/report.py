"""The operation report as Markdown, CSV or JSON text. Money: £ with 2 dp; pence in JSON."""

from __future__ import annotations

import csv
import io
import json

from hotspot_tui.domain.asb_powers import ASB_LABELS, ASB_POWERS
from hotspot_tui.domain.budget import hours_text, pounds
from hotspot_tui.domain.report import AsbFigures, Figures, OperationReport
from hotspot_tui.exports.cells import neutralise
from hotspot_tui.exports.evidence import csv_footer_row, footer_line

FORMATS = ("md", "csv", "json")


def _money(pence: int | None) -> str:
    return "" if pence is None else pounds(pence)


def _ratio(value: float | None) -> str:
    return "" if value is None else f"{value:,.1f}"


def render_json(report: OperationReport) -> str:
    return json.dumps(report.to_json_dict(), indent=2, ensure_ascii=False) + "\n"


CSV_HEADER = [
    "from", "to", "area", "patrols", "hours", "arrests", "stop_searches", "weapons",
    *ASB_POWERS, "asb_powers_total", "patrol_spend", "other_spend", "spend",
    "cost_per_patrol_hour", "hours_per_arrest",
    "asb_before", "asb_during", "asb_change_pct", "asb_during_months", "asb_before_months",
]


def _asb_cells(asb: AsbFigures | None) -> list[str]:
    if asb is None:
        return [""] * 5
    return ["" if asb.before is None else str(asb.before), "" if asb.during is None else str(asb.during),
            "" if asb.change_pct is None else str(asb.change_pct), asb.during_months, asb.before_months]


def _csv_row(report: OperationReport, area: str, f: Figures, asb: AsbFigures | None) -> list[str]:
    per_hour = f.cost_per_patrol_hour_pence
    return [
        report.first.isoformat(), report.last.isoformat(), neutralise(area), str(f.patrols),
        f"{f.minutes / 60:.2f}", str(f.arrests), str(f.stop_searches), str(f.weapons),
        *(str(f.asb_powers[k]) for k in ASB_POWERS), str(sum(f.asb_powers.values())),
        pounds(f.patrol_spend_pence), pounds(f.other_spend_pence),
        pounds(f.spend_pence), "" if per_hour is None else pounds(per_hour),
        "" if f.hours_per_arrest is None else f"{f.hours_per_arrest:.1f}",
        *_asb_cells(asb),
    ]


def render_csv(report: OperationReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for a in report.by_area:
        writer.writerow(_csv_row(report, a.area, a.figures, a.asb))
    writer.writerow(_csv_row(report, "Total", report.total, report.asb))
    if report.checkpoint is not None:
        writer.writerow(csv_footer_row(report.checkpoint, len(CSV_HEADER)))
    return out.getvalue()


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: OperationReport) -> str:
    t = report.total
    scope = report.area or "all areas"
    share = report.spend_share_of_grant
    lines = [
        f"# Operation report: {scope}, {report.first:%d %b %Y} to {report.last:%d %b %Y}",
        "",
        "| figure | value |",
        "| --- | ---: |",
        f"| patrols | {t.patrols:,} |",
        f"| hours | {hours_text(t.minutes)} |",
        f"| arrests | {t.arrests:,} |",
        f"| stop-searches | {t.stop_searches:,} |",
        f"| weapons recovered | {t.weapons:,} |",
        *(f"| {ASB_LABELS[k]} | {t.asb_powers[k]:,} |" for k in ASB_POWERS),
        f"| ASB powers used | {sum(t.asb_powers.values()):,} |",
        f"| patrol spend | {pounds(t.patrol_spend_pence)} |",
        f"| other spend (crime prevention) | {pounds(t.other_spend_pence)} |",
        f"| spend | {pounds(t.spend_pence)} |",
        f"| grant | {pounds(report.grant_pence)} |",
        f"| spend against grant | {'' if share is None else f'{share:.1f}%'} |",
        f"| cost per patrol hour | {_money(t.cost_per_patrol_hour_pence)} |",
        f"| hours per arrest | {_ratio(t.hours_per_arrest)} |",
        "",
        "## By area",
        "",
        "| area | patrols | hours | arrests | stop-searches | weapons | ASB powers | spend "
        "| cost per hour | hours per arrest |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for a in report.by_area:
        f = a.figures
        lines.append(
            f"| {_md_cell(a.area)} | {f.patrols:,} | {hours_text(f.minutes)} | {f.arrests:,} "
            f"| {f.stop_searches:,} | {f.weapons:,} | {sum(f.asb_powers.values()):,} "
            f"| {pounds(f.spend_pence)} | {_money(f.cost_per_patrol_hour_pence)} "
            f"| {_ratio(f.hours_per_arrest)} |"
        )
    lines += _asb_markdown(report)
    if report.checkpoint is not None:
        lines += ["", footer_line(report.checkpoint)]
    return "\n".join(lines) + "\n"


def _count(value: int | None) -> str:
    return "" if value is None else f"{value:,}"


SAMPLE_NOTE = "SAMPLE DATA: the police data is generated for the demonstration, not real police records."


def _asb_markdown(report: OperationReport) -> list[str]:
    """Police-recorded ASB in the areas, before and during, each figure with its months."""
    if report.asb is None:
        return []
    lines = ["", "## Anti-social behaviour recorded by the police", "",
             _md_cell(f"All placed areas: {report.asb.claim}."), "",
             *([SAMPLE_NOTE, ""] if report.police_sample else []),
             "| area | same months a year before | during the operation | change | months |",
             "| --- | ---: | ---: | ---: | --- |"]
    for a in report.by_area:
        asb = a.asb
        if asb is None:
            continue
        pct = "" if asb.change_pct is None else f"{asb.change_pct} %"
        months = (f"{asb.during_months} against {asb.before_months}" if asb.during_months
                  else asb.claim)
        lines.append(f"| {_md_cell(a.area)} | {_count(asb.before)} | {_count(asb.during)} | {pct} "
                     f"| {_md_cell(months)} |")
    return lines


def render(report: OperationReport, fmt: str) -> str:
    if fmt == "json":
        return render_json(report)
    if fmt == "csv":
        return render_csv(report)
    if fmt == "md":
        return render_markdown(report)
    raise ValueError(f"unknown format {fmt!r}")
