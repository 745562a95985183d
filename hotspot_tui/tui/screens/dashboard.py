"""Dashboard: the money and hours against the grant, per area, the spend chart and alerts."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from datetime import date, datetime, timedelta
from typing import Any

from rich.text import Text
from textual import getters, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Container, VerticalScroll
from textual.geometry import Region
from textual.markup import escape
from textual.screen import Screen
from textual.widgets import Static

from hotspot_tui.domain.budget import hours_text, pounds, pounds_whole
from hotspot_tui.errors import HotspotError
from hotspot_tui.services.dashboard import AreaRow, Dashboard, dashboard
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.clock import app_minute, app_today
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.freshness import Freshness
from hotspot_tui.tui.plain import PlainTable
from hotspot_tui.tui.section_bar import SectionBar
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.title_bar import TitleBar
from hotspot_tui.tui.widgets.line_chart import ChartSpec, LineChart, Mark, Series

MAX_ALERTS = 8
NARROW = 70
WIDE = 140


def _remaining(row: AreaRow) -> int:
    left = row.remaining_pence
    return left if left is not None else 0


def _right(text: str, style: str = "") -> Text:
    return Text(text, style=style, justify="right")


def _money_or_dash(pence: int | None) -> Text:
    if pence is None:
        return _right("—")
    return _right(pounds_whole(pence), "bold red" if pence < 0 else "")


# (column title, sort key, cell text)
COLUMNS: list[tuple[str, Callable[[AreaRow], Any], Callable[[AreaRow], Text | str]]] = [
    ("Area", lambda r: r.name.lower(), lambda r: r.name),
    ("Allocation", lambda r: r.allocation_pence or 0, lambda r: _money_or_dash(r.allocation_pence)),
    ("Committed", lambda r: r.committed_pence, lambda r: _right(pounds_whole(r.committed_pence))),
    ("Actual", lambda r: r.actual_pence, lambda r: _right(pounds_whole(r.actual_pence))),
    ("Remaining", _remaining, lambda r: _money_or_dash(r.remaining_pence)),
    ("Hours", lambda r: r.worked_minutes, lambda r: _right(f"{(r.worked_minutes + 30) // 60:,}")),
    ("Arrests", lambda r: r.arrests, lambda r: _right(str(r.arrests))),
]


def _grid(header: tuple[str, ...], rows: list[tuple[str | Text, ...]]) -> Text:
    """A small table as plain lines of text: the first column left-aligned, the others
    right-aligned, a space either side of each cell, the header in bold. (One piece of text
    is measured and drawn at once; a rich Table is laid out again at every measurement.)"""
    cells = [[c if isinstance(c, Text) else Text(c) for c in row] for row in rows]
    widths = [max(len(header[i]), *(row[i].cell_len for row in cells)) for i in range(len(header))]
    out = Text()
    out.append(" " + "  ".join(h.ljust(n) if i == 0 else h.rjust(n)
                               for i, (h, n) in enumerate(zip(header, widths, strict=True))) + " \n",
               style="bold")
    for row in cells:
        for i, (cell, n) in enumerate(zip(row, widths, strict=True)):
            pad = " " * (n - cell.cell_len)
            out.append(" " if i == 0 else "  ")
            out.append_text(cell + pad if i == 0 else Text(pad) + cell)
        out.append(" \n")
    return out


def forecast_text(d: Dashboard) -> Text:
    """The forecast against the operation's end date, in a supervisor's words."""
    rate = f"At this rate ({pounds_whole(int(d.rate_per_day * 7))}/week) "
    if d.runs_out_on is not None and d.runs_out_on < d.ends_on:
        return Text(f"{rate}the money runs out on {d.runs_out_on:%d %b %Y}, before the end "
                    f"on {d.ends_on:%d %b %Y}", style="bold red")
    if d.today > d.ends_on:
        return Text(f"The operation ended on {d.ends_on:%d %b %Y}")
    left = max(d.unspent_at_end_pence, 0)
    return Text(f"{rate}{pounds_whole(left)} will be unspent on {d.ends_on:%d %b %Y}")


class DashboardScreen(SteadyStyles, Screen[None]):
    """The operation at a glance: the grant, what is committed to planned patrols, what has
    been spent on worked patrols and other initiatives, and what is left, in money and in
    hours, for the operation to date and this week. Below: each area's patrol money against
    its allocation (sortable; `s` or click a heading), cumulative spend by week with a
    forecast at the current run rate (the last four complete weeks) and the date the money
    would run out, and alerts for areas over allocation, money running out before the end
    date, patrols in the next 7 days short of people, and working-time overrides this week."""

    app = getters.app(HotspotApp)

    HELP_TITLE = "Dashboard"
    AUTO_FOCUS = ""
    """Nothing is focused as the screen is composed: the area table is, once mounted
    (`on_mount`). Textual would first focus the scrolling body, and moving the focus
    from it restyles the whole screen before its first frame."""
    BINDINGS = [
        Binding("r", "refresh", "Refresh", id="dashboard.refresh"),
        Binding("s", "cycle_sort", "Sort column", id="dashboard.sort"),
        Binding("S", "reverse_sort", "Reverse sort", key_display="shift+s", id="dashboard.reverse"),
        Binding("enter", "open_area", "Did it work?", id="dashboard.area", priority=True),
    ]
    DEFAULT_CSS = """
    DashboardScreen #body { height: 1fr; }
    DashboardScreen #top { height: auto; layout: vertical; }
    DashboardScreen #summary { height: auto; padding: 0 1; }
    DashboardScreen #alerts { height: auto; padding: 0 1; margin-bottom: 1; }
    DashboardScreen.wide #top { layout: horizontal; }
    DashboardScreen.wide #summary { width: 72; }
    DashboardScreen.wide #alerts { width: 1fr; }
    DashboardScreen #panels { height: auto; layout: vertical; }
    DashboardScreen #areas { height: auto; max-height: 30; }
    DashboardScreen #chart { height: 18; }
    DashboardScreen.wide #panels { layout: horizontal; height: 34; }
    DashboardScreen.wide #areas { width: 1fr; height: 1fr; }
    DashboardScreen.wide #chart { width: 1fr; height: 1fr; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.data: Dashboard | None = None
        self._chart: LineChart | None = None
        self._table: Any = None
        """The area table (a PlainTable)."""
        self._filled = False
        """True once the area table and the chart have been given the figures."""
        self.sort_column = 0
        self.sort_reverse = False
        self.fresh = Freshness()
        self._summary_narrow: bool | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SectionBar()
        with VerticalScroll(id="body"):
            with Container(id="top"):
                yield Static("Loading the budget…", id="summary")
                yield Static("", id="alerts")
            with Container(id="panels"):
                self._table = PlainTable(id="areas", cursor_type="row", zebra_stripes=True)
                yield self._table
                with Container(id="chart"):
                    yield LineChart()
        yield KeysFooter()

    def on_mount(self) -> None:
        self._apply_width(self.app.size.width)
        for title, _, _ in COLUMNS:
            self._table.add_column(Text(title), key=title)
        # Up and down move through the areas from the start; the page stays at its top.
        self.set_focus(self._table, scroll_visible=False)
        self.action_refresh()

    def _fill_panels(self) -> None:
        """The area table's rows and the chart come in the frame after the headline figures
        and alerts: the first paint does not wait for the table's cells to be laid out. (The
        widgets themselves are there from the start, so that their styles are read with the
        screen's and not again when they arrive.)"""
        self._chart = self.query_one(LineChart)
        if self.data is not None:
            self._fill_table()
            self._draw_chart(self.data)


    def on_resize(self) -> None:
        self._apply_width(self.size.width)
        if self.data is not None and self._narrow() != self._summary_narrow:
            self.query_one("#summary", Static).update(self._summary(self.data))

    def _narrow(self) -> bool:
        return (self.size.width or self.app.size.width) < NARROW

    def _apply_width(self, width: int) -> None:
        self.set_class(width >= WIDE, "wide")

    def on_screen_suspend(self) -> None:
        self._away = True

    def on_screen_resume(self) -> None:
        """Shown for the first time: the area table and the chart are filled as soon as the
        frame this shows is painted (Textual paints it after this handler), so that the
        layout Textual makes next, for the screen's own size, takes them in. Back from
        another screen or section: figures may have changed meanwhile."""
        if self._chart is None:
            self.call_next(self._fill_panels)
        if not getattr(self, "_away", False):
            return
        self._away = False
        if self.data is not None and self.fresh.stale(self.app.session, self._minute()):
            self.action_refresh()

    def _minute(self) -> tuple[date | None, datetime]:
        """What the figures depend on besides the file: the day shown, and the time (alerts
        of patrols not booked in time)."""
        return app_today(self.app), app_minute(self.app)

    def action_refresh(self) -> None:
        self.fresh.note(self.app.session, self._minute())
        today = app_today(self.app)
        first = self.app.take_first_figures(today)
        if first is not None:
            self.show(first)
            return
        self.query_one("#body").loading = True
        self.load(today)

    @work(thread=True, exclusive=True, group="dashboard")
    def load(self, today: date | None) -> None:
        try:
            data = dashboard(self.app.session, today)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, exc.message)
            return
        self.app.call_from_thread(self.show, data)

    def show_error(self, message: str) -> None:
        self.query_one("#body").loading = False
        self.query_one("#summary", Static).update(Text(message, style="bold red"))

    def show(self, data: Dashboard) -> None:
        self.data = data
        self.query_one("#body").loading = False
        self.query_one("#summary", Static).update(self._summary(data))
        self.query_one("#alerts", Static).update(self._alerts(data))
        self._fill_table()
        self._draw_chart(data)

    # --- summary -------------------------------------------------------------------------

    def _summary(self, d: Dashboard) -> Text:
        narrow = self._summary_narrow = self._narrow()
        head = Text.assemble(
            (f"{d.name}: grant {pounds(d.grant_pence)}", "bold"),
            f"\n{d.starts_on:%d %b %Y} to {d.ends_on:%d %b %Y} · today {d.today:%a %d %b %Y}\n",
        )
        t, w = d.to_date, d.this_week
        left = d.remaining_pence
        left_hours = "—" if d.remaining_minutes is None else f"≈{hours_text(d.remaining_minutes)}"
        grid = _grid(
            ("", "Committed", "Actual", "Other" if narrow else "Other spend", "Remaining"),
            [
                ("To date £", pounds_whole(t.committed_pence), pounds_whole(t.actual_pence),
                 pounds_whole(t.other_pence),
                 Text(pounds_whole(left), style="bold red" if left < 0 else "bold green")),
                ("  hours", hours_text(t.committed_minutes), hours_text(t.actual_minutes), "",
                 left_hours),
                ("This week £", pounds_whole(w.committed_pence), pounds_whole(w.actual_pence),
                 pounds_whole(w.other_pence), ""),
                ("  hours", hours_text(w.committed_minutes), hours_text(w.actual_minutes), "", ""),
            ],
        )
        o = d.outcomes
        outcomes = Text.assemble(
            ("Outcomes ", "bold"),
            f"{o.get('arrests', 0):,} arrests · {o.get('stop_searches', 0):,} stop-searches · "
            f"{o.get('weapons', 0):,} weapons · {o.get('asb_powers', 0):,} ASB powers\n")
        return Text.assemble(head, grid, outcomes, forecast_text(d))

    def _alerts(self, d: Dashboard) -> str:
        if not d.alerts:
            return "[green]No alerts.[/]"
        style = {"over_allocation": "red", "runs_out": "red", "cover": "yellow", "override": "magenta",
                 "unbooked": "yellow", "breach": "red"}
        lines = [f"[b]Alerts ({len(d.alerts)})[/b]"]
        for alert in d.alerts[:MAX_ALERTS]:
            lines.append(f"[{style.get(alert.kind, 'yellow')}]▲[/] {escape(alert.text)}")
        if len(d.alerts) > MAX_ALERTS:
            lines.append(f"[dim]… and {len(d.alerts) - MAX_ALERTS} more[/]")
        return "\n".join(lines)

    # --- area table ----------------------------------------------------------------------

    def _fill_table(self) -> None:
        table = self._table
        if self.data is None or self._chart is None:  # filled once the first frame is shown
            return
        from textual.widgets.data_table import RowDoesNotExist

        _, key, _ = COLUMNS[self.sort_column]
        rows = sorted(self.data.areas, key=key, reverse=self.sort_reverse)
        selected = None
        if table.row_count and table.cursor_row < table.row_count:
            selected = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        table.clear()
        for i, (title, _, _) in enumerate(COLUMNS):
            arrow = (" ▼" if self.sort_reverse else " ▲") if i == self.sort_column else ""
            # Underlined too: a narrow column's width may leave no room for its arrow.
            table.columns[title].label = Text(
                title + arrow, style="underline" if i == self.sort_column else "")
        for row in rows:
            table.add_row(*(cell(row) for _, _, cell in COLUMNS), key=row.area_id)
        table.size_rows_now()
        if selected is not None:
            with contextlib.suppress(KeyError, RowDoesNotExist):  # the row has gone
                table.move_cursor(row=table.get_row_index(selected))

    def action_cycle_sort(self) -> None:
        self.sort_column = (self.sort_column + 1) % len(COLUMNS)
        self.sort_reverse = self.sort_column != 0  # money and counts: largest first
        self._fill_table()

    def action_reverse_sort(self) -> None:
        self.sort_reverse = not self.sort_reverse
        self._fill_table()

    def on_data_table_row_selected(self, event: Any) -> None:
        self.action_open_area()

    def on_data_table_row_highlighted(self, event: Any) -> None:
        """Keep the area chosen by keyboard in sight: the page scrolls with the cursor (on a
        small terminal the table runs below the screen), back to its top at the first area."""
        table = self._table
        if event.data_table is not table or not table.has_focus:
            return
        body = self.query_one("#body", VerticalScroll)
        if event.cursor_row == 0:
            body.scroll_home(animate=False)
            return
        row = (table.header_height if table.show_header else 0) + event.cursor_row  # a line a row
        top = table.region.y - body.region.y + round(body.scroll_y) + row - round(table.scroll_y)
        body.scroll_to_region(Region(0, top, 1, 1), animate=False, immediate=True)

    def action_open_area(self) -> None:
        """The highlighted area's police records before and during the operation."""
        table = self._table
        if table is None or not table.row_count:
            return
        from hotspot_tui.tui.screens.area import AreaScreen

        self.app.push_screen(AreaScreen(str(table.get_row_at(table.cursor_row)[0])))

    def on_data_table_header_selected(self, event: Any) -> None:
        if event.column_index == self.sort_column:
            self.sort_reverse = not self.sort_reverse
        else:
            self.sort_column = event.column_index
            self.sort_reverse = event.column_index != 0
        self._fill_table()

    @property
    def complete(self) -> bool:
        """True once the screen shows the figures whole, not only the summary: the area
        table filled (sized as it is filled) and the chart drawn with them, unless the
        chart is out of view (below the page's edge on a small terminal)."""
        chart = self._chart
        if not self._filled or chart is None:
            return False
        in_view = chart.region.intersection(self.query_one("#body").region).area > 0
        return chart.drawn or not in_view

    # --- chart ---------------------------------------------------------------------------

    def _draw_chart(self, d: Dashboard) -> None:
        chart = self._chart
        if chart is None:
            return
        chart.show(spend_chart(d, step=2 if self.size.width < WIDE else 1))
        if not self._filled:
            self._filled = True
            self.call_after_refresh(self._shown_whole)

    def _shown_whole(self, frames: int = 0) -> None:
        """The app's warm-up starts once a frame has shown the screen whole (the chart may
        be drawn a frame after the table; a few frames at most are waited for)."""
        if self.complete or frames >= 5:
            self.app.first_screen_shown()
        else:
            self.call_after_refresh(self._shown_whole, frames + 1)


def spend_chart(d: Dashboard, *, step: int = 1) -> ChartSpec:
    """Cumulative spend (£k) by week and its forecast against the grant, the end date and
    the day the money runs out; month ticks (every `step`-th)."""
    origin = d.starts_on

    def x(day: date) -> int:
        return (day - origin).days

    total = 0
    xs: list[float] = []
    ys: list[float] = []
    for monday, pence in d.weekly_spend:
        total += pence
        xs.append(x(monday) + 6)
        ys.append(total / 100_000)  # £k, for plotting only
    fx: list[float] = [x(p.day) for p in d.forecast]
    fy: list[float] = [p.cumulative_pence / 100_000 for p in d.forecast]
    end_x = x(d.ends_on)
    last_x = max([end_x, *fx]) + 7
    top = max([d.grant_pence / 100_000, *ys, *fy]) * 1.05 or 1
    series = [Series("spent", xs, ys, "cyan")] if xs else []
    if len(fx) > 1:
        series.append(Series("forecast", fx, fy, "green", dotted=True))
    upright = [Mark(end_x, "red", "end")]
    if d.runs_out_on is not None:
        upright.append(Mark(x(d.runs_out_on), "yellow", "out" if d.runs_out_on != d.ends_on else ""))
    last_day = origin + timedelta(days=last_x)
    ticks = [origin.replace(day=1)]
    while ticks[-1] < last_day:
        m = ticks[-1]
        ticks.append(m.replace(year=m.year + (m.month == 12), month=m.month % 12 + 1))
    shown = [t for t in ticks if origin <= t <= last_day][::step]
    runs = (f"runs out {d.runs_out_on:%d %b %Y}"
            if d.runs_out_on is not None and d.runs_out_on < d.ends_on
            else f"{pounds_whole(max(d.unspent_at_end_pence, 0))} unspent at the end")
    return ChartSpec(
        title=f"Cumulative spend £k by week · {runs} · ends {d.ends_on:%d %b %Y}",
        x_range=(0, last_x), y_range=(0, top), series=series,
        across=[Mark(d.grant_pence / 100_000, "red", "grant")], upright=upright,
        x_ticks=[(x(t), f"{t:%b}") for t in shown])
