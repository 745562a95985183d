"""The funder's monthly return on screen: one calendar month, in total and per area."""

from __future__ import annotations

from datetime import datetime
from itertools import zip_longest
from pathlib import Path

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from hotspot_tui.config import user_path
from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.clock import to_local_naive
from hotspot_tui.domain.monthly_return import (
    ROLE_LABELS,
    ROLES,
    AreaMonth,
    Figure,
    MonthlyReturn,
    figure_text,
    notes,
)
from hotspot_tui.domain.months import Month, parse_month
from hotspot_tui.errors import HotspotError
from hotspot_tui.services.monthly_return import (
    FORMATS,
    SUFFIXES,
    monthly_return,
    save_monthly_return,
)
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.modals.budget_forms import Field, FieldsForm
from hotspot_tui.tui.plain import PlainTable, refit_columns
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.title_bar import TitleBar

AREA_COLUMNS = ("Area", *(f"{ROLE_LABELS[r].split(' ')[0]} h" for r in ROLES), "Hours", "Patrols",
                "Arrests", "Stop-searches", "Weapons", "ASB powers", "ASB incidents")
AREA_KEYS = (*(f"hours_{r}" for r in ROLES), "hours_total", "patrols", "arrests", "stop_searches",
             "weapons", "asb_powers_total", "asb_incidents")


def area_cells(area: AreaMonth) -> tuple[str, ...]:
    by_key = {f.key: f for f in area.figures()}
    return (area.area, *(_short(by_key[k]) for k in AREA_KEYS))


def _short(figure: Figure) -> str:
    """A figure in a table cell: no note, a dash where there is no figure."""
    return "—" if figure.value is None else figure_text(figure)


def total_table(ret: MonthlyReturn) -> Group:
    """What the month covers, includes and leaves out, then its totals two figures a line
    (police-recorded ASB among them once the month's police data is held)."""
    figures = [f for f in ret.total.figures() if f.key != "asb_incidents" or f.value is not None]
    grid = Table(box=None, show_header=False, padding=(0, 1))
    for _ in range(2):
        grid.add_column(style="dim")
        grid.add_column(justify="right")
    half = (len(figures) + 1) // 2
    for left, right in zip_longest(figures[:half], figures[half:]):
        grid.add_row(left.label, figure_text(left), right.label if right else "",
                     figure_text(right) if right else "")
    lines = notes(ret)
    as_at = to_local_naive(ret.as_at)
    return Group(Text(f"Monthly return: {ret.first_day:%B %Y} (as at {as_at:%d %b %Y %H:%M})",
                      style="bold"),
                 Text("\n".join(line for line in lines if not line.startswith("As at ")),
                      style="dim"), grid)


class MonthlyReturnScreen(SteadyStyles, Screen[None]):
    """The funder's monthly monitoring return for one calendar month (Europe/London): patrol
    person-hours by role (police officers, PCSOs, council and partner staff), patrols,
    arrests, stop and searches, weapons, each ASB tool and power used (informal warnings
    included), and the ASB incidents police recorded in each area, per area and in total.

    A patrol counts in the month of the day it starts. Hours are the hours booked; the
    lines under the title say how many bookings still await approval (counted) and how
    many people are not booked yet (not counted). A month whose police data is not held
    yet says so instead of showing 0. `[` and `]` step a month back and forward, `m` asks
    for a month, `tab` moves between the totals (scroll them with the arrow keys) and the
    table of areas, `ctrl+s` saves the return as Markdown, CSV or XLSX (readable by you only);
    `hotspot-tui report monthly --month YYYY-MM` does the same from a shell."""

    app = getters.app(HotspotApp)

    HELP_TITLE = "Monthly return"
    AUTO_FOCUS = "#return-areas"
    BINDINGS = [
        Binding("left_square_bracket", "step(-1)", "Previous month", key_display="[",
                id="monthly.previous"),
        Binding("right_square_bracket", "step(1)", "Next month", key_display="]",
                id="monthly.next"),
        Binding("m", "choose", "Month…", id="monthly.choose"),
        Binding("ctrl+s", "export", "Save to file", id="monthly.export"),
        Binding("escape", "back", "Back", id="monthly.back"),
    ]
    DEFAULT_CSS = """
    MonthlyReturnScreen #return-error { color: $error; height: auto; padding: 0 1; }
    MonthlyReturnScreen #return-body { height: auto; max-height: 70%; }
    MonthlyReturnScreen #return-total { padding: 0 1; }
    MonthlyReturnScreen #return-areas { height: 1fr; }
    """

    def __init__(self, month: Month) -> None:
        super().__init__()
        self.month = month
        self.figures: MonthlyReturn | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="return-error")
        with VerticalScroll(id="return-body"):
            yield Static(Content(f"Reading the return for {self.month.label()}…"), id="return-total")
        yield PlainTable(id="return-areas", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#return-areas", DataTable)
        table.add_column(AREA_COLUMNS[0])
        for name in AREA_COLUMNS[1:]:
            table.add_column(Text(name, justify="right"))
        self.load(self.month)

    def _now(self) -> datetime:
        clock = getattr(self.app, "clock", None)
        return clock() if clock is not None else clock_utc.utc_now()

    def load(self, month: Month) -> None:
        self.month = month
        self.query_one("#return-error", Static).update("")
        self.query_one("#return-body").loading = True
        self.read(month, self._now())

    @work(thread=True, exclusive=True, group="monthly-return")
    def read(self, month: Month, now: datetime) -> None:
        try:
            figures = monthly_return(self.app.session, month, now=now)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, exc.message)
            return
        self.app.call_from_thread(self.show, figures)

    def show_error(self, message: str) -> None:
        self.query_one("#return-body").loading = False
        self.query_one("#return-error", Static).update(Content(message))

    def show(self, figures: MonthlyReturn) -> None:
        if figures.month != self.month:
            return  # a month stepped past while it was read
        self.figures = figures
        self.query_one("#return-body").loading = False
        self.query_one("#return-total", Static).update(total_table(figures))
        table = self.query_one("#return-areas", PlainTable)
        table.clear()
        refit_columns(table)
        for area in [*figures.areas, figures.total]:
            cells = area_cells(area)
            table.add_row(cells[0], *(Text(c, justify="right") for c in cells[1:]))

    def action_step(self, months: int) -> None:
        self.load(self.month.shift(months))

    def action_choose(self) -> None:
        chosen: list[Month] = []

        def pick(values: dict[str, str | None]) -> None:
            chosen.append(parse_month(values["month"] or ""))

        def done(ok: bool | None) -> None:
            if ok and chosen:
                self.load(chosen[-1])

        self.app.push_screen(FieldsForm("Monthly return for", [
            Field("month", "Month (YYYY-MM)", self.month.text(), placeholder="2026-10"),
        ], pick), done)

    def action_export(self) -> None:
        figures = self.figures
        if figures is None:
            return
        default = f"monthly-return-{figures.month.text()}.md"
        written: list[Path] = []

        def save(values: dict[str, str | None]) -> None:
            path = user_path(values["path"] or default)
            fmt = values["format"] or "auto"
            if fmt == "auto":
                fmt = {s: f for f, s in SUFFIXES.items()}.get(path.suffix.lower(), "md")
            try:
                written.append(save_monthly_return(figures, fmt, path))
            except OSError as exc:
                raise HotspotError(f"could not write {path}: {exc.strerror or exc}") from None

        def done(saved: bool | None) -> None:
            if saved and written:
                self.notify(f"Monthly return saved to {written[-1]}", timeout=5, markup=False)

        self.app.push_screen(FieldsForm("Save the monthly return", [
            Field("path", "File", default),
            Field("format", "Format", "auto", "select",
                  options=[("As the file name ends (.md .csv .xlsx)", "auto"),
                           *((name.upper() if name != "md" else "Markdown", name)
                             for name in FORMATS)], prompt=None),
        ], save), done)

    def action_back(self) -> None:
        self.dismiss(None)
