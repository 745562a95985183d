"""Operation report: the published figures for any range of days, all areas or one."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Button, DataTable, Input, Select, Static

from hotspot_tui.config import user_path
from hotspot_tui.domain.asb_powers import ASB_LABELS, ASB_POWERS
from hotspot_tui.domain.budget import hours_text, pounds, pounds_whole
from hotspot_tui.domain.dates import parse_day_as
from hotspot_tui.domain.report import OperationReport
from hotspot_tui.domain.text import file_name_part
from hotspot_tui.errors import HotspotError, ValidationFailed
from hotspot_tui.services.report import area_names, operation_report, save_report
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.clock import london_today
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.freshness import Freshness
from hotspot_tui.tui.modals.budget_forms import Field, FieldsForm
from hotspot_tui.tui.plain import PlainTable
from hotspot_tui.tui.section_bar import SectionBar
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.title_bar import TitleBar


def _opt(value: object, fmt: str = "{}") -> str:
    return "—" if value is None else fmt.format(value)


AREA_COLUMNS = ("Area", "Patrols", "Hours", "Arrests", "Stop-searches", "Weapons", "ASB powers",
                "Spend", "£ per hour", "Hours per arrest")


def area_cells(report: OperationReport) -> list[tuple[str, ...]]:
    rows: list[tuple[str, ...]] = []
    for a in report.by_area:
        f = a.figures
        rows.append((a.area, f"{f.patrols:,}", hours_text(f.minutes), f"{f.arrests:,}",
                     f"{f.stop_searches:,}", f"{f.weapons:,}", f"{sum(f.asb_powers.values()):,}",
                     pounds_whole(f.spend_pence),
                     _opt(f.cost_per_patrol_hour_pence and pounds(f.cost_per_patrol_hour_pence)),
                     _opt(f.hours_per_arrest, "{:,.1f}")))
    return rows


def asb_section(report: OperationReport) -> Group:
    """Anti-social behaviour recorded by the police in each placed area, as the claims say
    it: the change with both counts and the months each covers (never a change alone),
    with a label when the police data is sample data."""
    heading = Text("Anti-social behaviour recorded by the police", style="bold")
    heading.append("\nEach area's months of the operation against the same months a year before",
                   style="dim")
    if report.police_sample:
        heading.append("\nSAMPLE DATA: generated for the demonstration, not real police records",
                       style="bold")
    claims = Table(box=None, show_header=False, padding=(0, 1), expand=False)
    claims.add_column(no_wrap=True)
    claims.add_column(ratio=1, overflow="fold")
    for a in report.by_area:
        if a.asb is not None:
            claims.add_row(Text(a.area, style="bold"), Text(a.asb.claim))
    if report.asb is not None:
        claims.add_row(Text("All placed areas", style="bold"), Text(report.asb.claim))
    return Group(heading, claims)


def report_tables(report: OperationReport) -> Group:
    """The totals as a compact two-column table."""
    t = report.total
    share = report.spend_share_of_grant
    title = Text(f"{report.area or 'All areas'}, {report.first:%d %b %Y} to {report.last:%d %b %Y}",
                 style="bold")
    figures = Table(box=None, show_header=False, padding=(0, 1))
    for _ in range(2):
        figures.add_column(style="dim")
        figures.add_column(justify="right")
    left = [
        ("Patrols", f"{t.patrols:,}"), ("Hours", hours_text(t.minutes)), ("Arrests", f"{t.arrests:,}"),
        ("Stop-searches", f"{t.stop_searches:,}"), ("Weapons recovered", f"{t.weapons:,}"),
        ("Hours per arrest", _opt(t.hours_per_arrest, "{:,.1f}")),
        ("ASB powers used", f"{sum(t.asb_powers.values()):,}"),
    ]
    right = [
        ("Patrol spend", pounds(t.patrol_spend_pence)), ("Other spend", pounds(t.other_spend_pence)),
        ("Spend", pounds(t.spend_pence)), ("Grant", pounds(report.grant_pence)),
        ("Spend against grant", _opt(share, "{:.1f}%")),
        ("Cost per patrol hour", _opt(t.cost_per_patrol_hour_pence and pounds(t.cost_per_patrol_hour_pence))),
        ("Hours per patrol", _opt(round(t.minutes / 60 / t.patrols, 1) if t.patrols else None)),
    ]
    for (a, b), (c, d) in zip(left, right, strict=True):
        figures.add_row(a, b, c, d)
    powers = Text("ASB powers: " + " · ".join(f"{ASB_LABELS[k]} {t.asb_powers[k]:,}" for k in ASB_POWERS),
                  style="dim")
    if report.asb is None:
        return Group(title, figures, powers)
    recorded = Text("Recorded by the police in the placed areas: ", style="dim")
    recorded.append(report.asb.claim + (" · SAMPLE DATA" if report.police_sample else ""))
    return Group(title, figures, powers, recorded)


FORMATS = {".md": "md", ".markdown": "md", ".csv": "csv", ".json": "json"}


def format_for(path: Path, chosen: str | None) -> str:
    """The format chosen, else the one the file name ends with (Markdown if neither)."""
    if chosen and chosen != "auto":
        return chosen
    return FORMATS.get(path.suffix.lower(), "md")


class ReportScreen(SteadyStyles, Screen[None]):
    """The figures the force publishes, for any range of days (both ends included):
    patrols, hours, arrests, stop-searches, weapons recovered, ASB powers used by type,
    spend against the grant, cost per patrol hour and hours per arrest, in total and per
    area; then anti-social behaviour recorded by the police in each placed area over the
    operation's months (from the month an area was added, if later) against the same
    months a year before, each change with its two counts and the months they cover.
    Leave the dates empty for the whole operation. `ctrl+s` saves the report as Markdown,
    CSV or JSON (readable by you only); `hotspot-tui report` does the same from a shell.
    `ctrl+t` opens the funder's monthly return for the month of the From day (else last
    month): hours by role, outcomes, ASB powers by type and police-recorded ASB per area."""

    app = getters.app(HotspotApp)

    HELP_TITLE = "Report"
    AUTO_FOCUS = "#from"  # typing starts in a date; escape leaves it for the section keys
    ESCAPE_FOCUS = "#areas"
    BINDINGS = [
        Binding("ctrl+r", "run", "Run report", id="report.run"),
        Binding("ctrl+s", "export", "Save to file", id="report.export"),
        Binding("ctrl+t", "monthly", "Monthly return", id="report.monthly"),
    ]
    DEFAULT_CSS = """
    ReportScreen #filters { height: auto; padding: 0 1; }
    ReportScreen #filters Input { width: 16; }
    ReportScreen #filters Select { width: 28; }
    ReportScreen #filters Button { min-width: 8; }
    ReportScreen #error { color: $error; height: auto; padding: 0 1; }
    ReportScreen #body { height: 1fr; }
    ReportScreen #report { padding: 0 1; margin-bottom: 1; }
    ReportScreen #areas { height: auto; }
    ReportScreen #asb { padding: 0 1; margin-top: 1; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.report: OperationReport | None = None
        self.asked: tuple[date | None, date | None, str | None] | None = None
        """The dates and area of the last report asked for."""
        self.fresh = Freshness()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SectionBar()
        with Horizontal(id="filters"):
            yield Input(placeholder="from, e.g. 1 nov", id="from", max_length=40)
            yield Input(placeholder="to, e.g. 30/11/2026", id="to", max_length=40)
            yield Select[str]([], prompt="All areas", id="area")
            yield Button("Run", id="run", variant="primary")
        yield Static("", id="error")
        with VerticalScroll(id="body"):
            yield Static("Loading the report…", id="report")
            yield PlainTable(id="areas", cursor_type="row", zebra_stripes=True)
            yield Static("", id="asb")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#areas", DataTable)
        table.add_column(AREA_COLUMNS[0])
        for name in AREA_COLUMNS[1:]:
            table.add_column(Text(name, justify="right"))
        self.load_areas()
        self.action_run()

    @work(thread=True, exclusive=True, group="report-areas")
    def load_areas(self) -> None:
        try:
            names = area_names(self.app.session)
        except HotspotError:
            return
        self.app.call_from_thread(self.set_areas, names)

    def set_areas(self, names: list[str]) -> None:
        self.query_one("#area", Select).set_options([(Content(n), n) for n in names])

    @on(Input.Submitted)
    @on(Button.Pressed, "#run")
    def action_run(self) -> None:
        today = london_today(self.app)
        try:
            first = parse_day_as(self.query_one("#from", Input).value, "From", today)
            last = parse_day_as(self.query_one("#to", Input).value, "To", today)
        except ValidationFailed as exc:
            self.query_one("#error", Static).update(Content(exc.message))
            return
        area = self.query_one("#area", Select).value
        self.query_one("#error", Static).update("")
        self.ask(first, last, None if area is Select.NULL else str(area))

    def ask(self, first: date | None, last: date | None, area: str | None) -> None:
        self.asked = (first, last, area)
        self.fresh.note(self.app.session, london_today(self.app))
        self.query_one("#body").loading = True
        self.run_report(first, last, area)

    def on_screen_resume(self) -> None:
        """Back from another section or a dialog (or shown, built ahead): the same report
        made again if the file has changed meanwhile."""
        if self.asked is not None and self.fresh.stale(self.app.session, london_today(self.app)):
            self.ask(*self.asked)

    @on(Select.Changed, "#area")
    def _area_changed(self) -> None:
        if self.report is not None:
            self.action_run()

    @work(thread=True, exclusive=True, group="report")
    def run_report(self, first: date | None, last: date | None, area: str | None) -> None:
        try:
            report = operation_report(self.app.session, first, last, area)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, exc.message)
            return
        self.app.call_from_thread(self.show, report)

    def show_error(self, message: str) -> None:
        self.query_one("#body").loading = False
        self.query_one("#error", Static).update(Content(message))

    def show(self, report: OperationReport) -> None:
        self.report = report
        self.query_one("#body").loading = False
        self.query_one("#report", Static).update(report_tables(report))
        table = self.query_one("#areas", DataTable)
        table.clear()
        for row in area_cells(report):
            table.add_row(row[0], *(Text(c, justify="right") for c in row[1:]))
        asb = self.query_one("#asb", Static)
        asb.display = report.asb is not None
        asb.update(asb_section(report) if report.asb is not None else "")

    def action_monthly(self) -> None:
        """The monthly return for the month of the From day typed, else the month before
        this one (the return due now)."""
        from hotspot_tui.domain.months import Month
        from hotspot_tui.tui.screens.monthly_return import MonthlyReturnScreen

        today = london_today(self.app)
        try:
            first = parse_day_as(self.query_one("#from", Input).value, "From", today)
        except ValidationFailed:
            first = None
        month = Month.of(first) if first is not None else Month.of(today).shift(-1)
        self.app.push_screen(MonthlyReturnScreen(month))

    def action_export(self) -> None:
        report = self.report
        if report is None:
            return
        scope = file_name_part(report.area or "all")
        default = f"report-{scope}-{report.first}-{report.last}.md"

        written: list[Path] = []

        def save(values: dict[str, str | None]) -> None:
            path = user_path(values["path"] or default)
            fmt = format_for(path, values["format"])
            try:
                written.append(save_report(report, fmt, path))
            except OSError as exc:
                raise HotspotError(f"could not write {path}: {exc.strerror or exc}") from None

        def done(saved: bool | None) -> None:
            if saved and written:
                self.notify(f"Report saved to {written[-1]}", timeout=5, markup=False)

        self.app.push_screen(FieldsForm("Save the report", [
            Field("path", "File", default),
            Field("format", "Format", "auto", "select",
                  options=[("As the file name ends (.md .csv .json)", "auto"),
                           ("Markdown", "md"), ("CSV", "csv"), ("JSON", "json")], prompt=None),
        ], save), done)
