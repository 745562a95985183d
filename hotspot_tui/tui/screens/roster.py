"""Roster: the week's patrols, one row per hotspot area, Monday to Sunday across."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, time, timedelta
from functools import lru_cache
from typing import Any

from rich.text import Span, Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Static
from textual.worker import Worker, WorkerState, get_current_worker

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.dates import week_start
from hotspot_tui.errors import HotspotError
from hotspot_tui.services.roster import (
    AREA_PAGE,
    AreaChoice,
    AreaRow,
    CellShift,
    RosterWeek,
    area_choices,
    area_spend,
    roster_week,
)
from hotspot_tui.services.shifts import ShiftDetail, ShiftDraft, create_shift, shift_detail
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.clock import london_today
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.freshness import Freshness, still_holds
from hotspot_tui.tui.plain import PlainTable
from hotspot_tui.tui.roles import RoleAware, offered
from hotspot_tui.tui.section_bar import SectionBar
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.style_files import style_file
from hotspot_tui.tui.title_bar import TitleBar

WIDE = 130
OPEN_WAIT = 0.1
"""Seconds a patrol's page waits for its figures before it opens to read them itself."""
READ_AHEAD = "roster-ahead"
"""The worker group that reads the next week while the one shown is looked at."""
READ_MORE = "roster-more"
"""The worker group that reads the week's next areas as the cursor nears the last shown."""
NEAR_END = 3
"""Rows from the last area shown at which the next areas are read."""
MORE_ROW = "more-areas"


@dataclass(frozen=True)
class WeekAhead:
    """The week after the one shown, read once that one was shown: `]` shows it at once,
    rather than reading it, for the same areas on the same day while the file's change
    mark has not moved (nothing written by anyone since)."""

    mark: tuple[int, int]
    day: date
    scope: tuple[str | None, str | None, int]
    """The district and the area the week was read for (None: all), and how many areas."""
    week: RosterWeek


def money(pence: int) -> str:
    return f"£{pence // 100:,}"


class RosterScreen(SteadyStyles, RoleAware, Screen[None]):
    """The week's patrols by area. Each cell lists the day's patrols with their times and
    cover by kind, e.g. `18-02 2/2 1/1` (officers, PCSOs, council officers: have/need).
    Red: short of people. Yellow: someone is on it by an overridden working-time rule. An
    area name in red has spent more than its allocation. Enter opens the patrol.

    Areas come a dozen at a time, in name order: the next dozen as the cursor (or the
    scrolled view) comes near the last area shown, where a line says how many more there
    are. Another week keeps the areas already shown."""

    app = getters.app(HotspotApp)

    HELP_TITLE = "Roster"
    DEFAULT_CSS = style_file("roster.tcss")
    SCOPED_CSS = False  # the file names its screen in every rule
    BINDINGS = [
        Binding("left_square_bracket", "week(-1)", "Prev", key_display="[", id="roster_prev"),
        Binding("right_square_bracket", "week(1)", "Next", key_display="]", id="roster_next"),
        Binding("t", "this_week", "Today", id="roster_today"),
        Binding("g", "goto", "Date", id="roster_goto"),
        Binding("f", "filter", "Filter", id="roster_filter"),
        Binding("n", "new_shift", "New", id="roster_new"),
        Binding("p", "pattern", "Repeat", id="roster_pattern"),
        Binding("enter", "open", "Open", show=False, id="roster_open"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="roster_reload"),
    ]
    NEEDS = {
        "new_shift": Permission.PLAN,
        "pattern": Permission.PLAN,
    }

    def __init__(self) -> None:
        super().__init__()
        self.day: date | None = None
        self.district: str | None = None
        self.area_id: str | None = None
        self.week: RosterWeek | None = None
        self.spend: dict[str, tuple[int, int | None]] | None = None
        self.areas: list[AreaChoice] = []
        self.compact: bool | None = None
        self.fresh = Freshness()
        self._opening: str | None = None
        self._open_timer: Timer | None = None
        self.week_ahead: WeekAhead | None = None
        self.count = AREA_PAGE
        """How many areas a week is read for: a page, and each page read since."""
        self._more_for: tuple[date, tuple[str | None, str | None, int], int] | None = None
        """The week, scope and first area of the next areas being read, if any."""
        self._lines_above_more = 0
        """The grid's lines above the line that says more areas follow."""

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SectionBar()
        yield Static("", id="week-title")
        yield PlainTable(id="grid", cursor_type="cell", zebra_stripes=False)
        yield Static("", id="cell-detail")
        yield Static("", id="message")
        yield Static("have/need: officers PCSOs council · red short · yellow override",
                     id="legend")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.day = london_today(self.app)
        self.watch(self.query_one("#grid", DataTable), "scroll_y", self._scrolled, init=False)
        self.load(reload_spend=True)

    def on_screen_resume(self) -> None:
        """Back from a patrol or a dialog: read again only if the file or the day has moved."""
        if self.fresh.stale(self.app.session, london_today(self.app)):
            self.load(reload_spend=True)

    # --- data --------------------------------------------------------------------------
    def load(self, reload_spend: bool = False) -> None:
        """The week's grid first (one indexed query); area spend after it, in the background
        (a grouped sum over every assignment, slow on a county database)."""
        self.fresh.note(self.app.session, london_today(self.app))
        self.load_week()
        if reload_spend or self.spend is None:
            self.load_spend()

    @work(thread=True, exclusive=True, group="roster")
    def load_week(self) -> RosterWeek | None:
        """The week, shown once this worker has ended (`_week_read`), so the frame that
        shows it has no read of this screen still running."""
        session = self.app.session
        try:
            if not self.areas:
                self.areas = area_choices(session)
            return roster_week(session, self.day or london_today(self.app),
                               district=self.district, area_id=self.area_id, spend=self.spend,
                               count=self.count)
        except HotspotError as exc:
            self.app.call_from_thread(self.say, str(exc))
            return None

    @on(Worker.StateChanged)
    def _week_read(self, event: Worker.StateChanged) -> None:
        week = event.worker.result
        if (event.state == WorkerState.SUCCESS and isinstance(week, RosterWeek)
                and event.worker.group == "roster"
                and week.monday == week_start(self.day or london_today(self.app))):
            self.show_week(week)
        elif event.worker.group == READ_MORE and event.state in (WorkerState.SUCCESS,
                                                                  WorkerState.ERROR):
            self._more_for = None  # a read cancelled was replaced by one still running
            if event.state == WorkerState.SUCCESS and isinstance(week, tuple):
                self._show_more(*week)

    def _scope(self) -> tuple[str | None, str | None, int]:
        return self.district, self.area_id, self.count

    def _scrolled(self) -> None:
        self.call_after_refresh(self.read_more_if_near_end)

    def read_more_if_near_end(self) -> None:
        """Read the week's next areas once the cursor or the view comes near the last one
        shown (the cursor on the line after it, or that line scrolled into view)."""
        week, table = self.week, self.query_one("#grid", DataTable)
        if week is None or not week.more:
            return
        near = table.cursor_coordinate.row >= len(week.areas) - NEAR_END
        in_view = table.scrollable_content_region.height - table.header_height
        seen = in_view > 0 and self._lines_above_more < table.scroll_y + in_view
        wanted = (week.monday, self._scope(), len(week.areas))
        if (near or seen) and self._more_for != wanted:
            self._more_for = wanted
            self.read_more(*wanted)

    @work(thread=True, exclusive=True, group=READ_MORE)
    def read_more(self, monday: date, scope: tuple[str | None, str | None, int],
                  first: int) -> tuple[date, tuple[str | None, str | None, int], RosterWeek] | None:
        try:
            page = roster_week(self.app.session, monday, district=scope[0], area_id=scope[1],
                               spend=self.spend, first=first, count=AREA_PAGE)
        except HotspotError as exc:
            self.app.call_from_thread(self.say, str(exc))
            return None
        return monday, scope, page

    def _show_more(self, monday: date, scope: tuple[str | None, str | None, int],
                   page: RosterWeek) -> None:
        """The next areas under those shown, if the week and the areas shown are still
        those they were read after."""
        week = self.week
        if week is None or (week.monday, self._scope()) != (monday, scope) or not page.areas:
            return
        table = self.query_one("#grid", DataTable)
        self.week = week.followed_by(self._with_spend(page))
        self.count = len(self.week.areas)
        if MORE_ROW in table.rows:
            table.remove_row(MORE_ROW)
        self._add_areas(table, self.week, self.week.areas[len(week.areas):])
        self._show_title(self.week)
        self.show_detail()
        self.call_after_refresh(self.read_more_if_near_end)

    @work(thread=True, exclusive=True, group=READ_AHEAD)
    def read_ahead(self, monday: date, scope: tuple[str | None, str | None, int]) -> None:
        """Read the week of `monday` in the background, so that `]` shows it at once."""
        session = self.app.session
        mark, day = session.change_mark(wait=None), london_today(self.app)
        if mark is None:
            return
        try:
            week = roster_week(session, monday, district=scope[0], area_id=scope[1],
                               spend=self.spend, count=scope[2])
        except HotspotError:
            return
        if not get_current_worker().is_cancelled:
            self.week_ahead = WeekAhead(mark, day, scope, week)

    def _read_ahead_after(self, week: RosterWeek) -> None:
        """Once `week` is painted, read the one after it, unless that is read already."""
        monday, scope = week.monday + timedelta(days=7), self._scope()
        ahead = self.week_ahead
        if ahead is None or (ahead.week.monday, ahead.scope) != (monday, scope):
            self.call_after_refresh(self.read_ahead, monday, scope)

    def _ahead_for(self, day: date) -> RosterWeek | None:
        """The week of `day` as read ahead, if it is for the areas shown, read on the day
        taken as today, and nothing has changed in the file since."""
        ahead = self.week_ahead
        if ahead is None or not still_holds(
                self.app.session, ahead.mark, (ahead.week.monday, ahead.scope, ahead.day),
                (week_start(day), self._scope(), london_today(self.app))):
            return None
        return ahead.week

    @work(thread=True, exclusive=True, group="roster-spend")
    def load_spend(self) -> None:
        try:
            spend = area_spend(self.app.session)
        except HotspotError as exc:
            self.app.call_from_thread(self.say, str(exc))
            return
        self.app.call_from_thread(self.apply_spend, spend)

    def apply_spend(self, spend: dict[str, tuple[int, int | None]]) -> None:
        self.spend = spend
        if self.week is not None:
            self.show_week(self.week)

    def _with_spend(self, week: RosterWeek) -> RosterWeek:
        """The week with the area spend read last (whichever of the two reads ends first)."""
        spend = self.spend
        if spend is None:
            return week
        areas = [replace(a, spend_pence=spend.get(a.id, (0, None))[0],
                         allocation_pence=spend.get(a.id, (0, None))[1]) for a in week.areas]
        return week if areas == week.areas else replace(week, areas=areas)

    def say(self, message: str) -> None:
        line = self.query_one("#message", Static)
        line.update(Content(message))
        line.set_class(bool(message), "shown")

    def _cell(self, shifts: list[CellShift], compact: bool) -> tuple[Text, int]:
        """A day's patrols, one under another, each coloured by its state; and its lines.
        Made as one string with a span per coloured patrol (a county week is some 180
        cells of up to a dozen patrols)."""
        v = self.app.theme_variables
        muted, short, override = (v.get("text-muted", ""), v.get("error", ""),
                                  v.get("warning", ""))
        pieces: list[str] = []
        spans: list[Span] = []
        at = 0
        for s in shifts:
            if s.cancelled:
                piece, style = (f"{s.hours} ✗" if compact else s.label), muted
            else:
                piece = "\n".join([s.hours, *_wrap(s.cover, 7)]) if compact else s.label
                style = short if s.under else override if s.overridden else ""
            if style:
                spans.append(Span(at, at + len(piece), style))
            pieces.append(piece)
            at += len(piece) + 1
        text = "\n".join(pieces)
        return Text(text, spans=spans), text.count("\n") + 1

    def show_week(self, week: RosterWeek) -> None:
        week = self._with_spend(week)
        self.week = week
        self.say("")
        table = self.query_one("#grid", DataTable)
        row, col = table.cursor_coordinate
        compact = self.size.width < WIDE
        self.compact = compact
        table.clear(columns=True)
        table.add_column("Area", key="area", width=12 if compact else 20)
        today = london_today(self.app)
        for day in week.days:
            label = f"{day:%a %d}" if compact else f"{day:%a %d %b}"
            if day == today:
                label += "•" if compact else " •"
            table.add_column(label, key=day.isoformat(), width=7 if compact else 18)
        self._add_areas(table, week, week.areas)
        self._show_title(week)
        if week.areas:
            table.move_cursor(row=min(row, len(week.areas) - 1), column=max(1, min(col, 7)))
        self.show_detail()
        self._read_ahead_after(week)
        self.call_after_refresh(self.read_more_if_near_end)

    def _add_areas(self, table: DataTable[Any], week: RosterWeek, areas: list[AreaRow]) -> None:
        """A row for each of `areas` at the foot of the grid, and a last line saying how
        many more follow, if any."""
        compact = bool(self.compact)
        v = self.app.theme_variables
        if len(areas) == len(week.areas):
            self._lines_above_more = 0
        for area in areas:
            name = Text(_fit(area.name, 12) if compact else area.name,
                        style=v.get("error", "") if area.over_allocation else "")
            cells = [self._cell(week.cells.get((area.id, d), []), compact) for d in week.days]
            height = max(lines for _, lines in cells)
            table.add_row(name, *(text for text, _ in cells), key=area.id, height=height)
            self._lines_above_more += height
        if week.more:
            more = f"… {week.more:,} more" if compact else f"… {week.more:,} more areas"
            table.add_row(Text(more, style=v.get("text-muted", "")), *(Text("") for _ in week.days),
                          key=MORE_ROW, height=1)

    def _show_title(self, week: RosterWeek) -> None:
        scope = ""
        if self.area_id:
            scope = " · " + next((a.name for a in self.areas if a.id == self.area_id), "one area")
        elif self.district:
            scope = f" · {self.district} district"
        sunday = week.monday + timedelta(days=6)
        shown = (f" in {len(week.areas):,} of {len(week.areas) + week.more:,} areas"
                 if week.more else "")
        self.query_one("#week-title", Static).update(Content(
            f"Week of Mon {week.monday:%d %b} – Sun {sunday:%d %b %Y}{scope} · "
            f"{week.patrols:,} patrols{shown}"))

    def selected(self) -> tuple[str, date, list[CellShift]] | None:
        if self.week is None or not self.week.areas:
            return None
        table = self.query_one("#grid", DataTable)
        row, col = table.cursor_coordinate
        if row >= len(self.week.areas):
            return None
        area = self.week.areas[row]
        day = self.week.days[max(col, 1) - 1]
        return area.id, day, self.week.cells.get((area.id, day), [])

    def show_detail(self) -> None:
        picked = self.selected()
        detail = self.query_one("#cell-detail", Static)
        if self.week is not None and self.week.more and picked is None:
            detail.update(Content(f"{self.week.more:,} more areas: reading them…"))
            return
        if picked is None or self.week is None:
            detail.update("No areas to show: press f to change the filter.")
            return
        area_id, day, shifts = picked
        area = next(a for a in self.week.areas if a.id == area_id)
        spend = money(area.spend_pence)
        alloc = (f"{spend} of {money(area.allocation_pence)} allocation"
                 + (" · OVER ALLOCATION" if area.over_allocation else "")
                 if area.allocation_pence is not None else f"{spend} spent")
        patrols = ", ".join(
            f"{s.ref} {s.label}" + (" SHORT OF PEOPLE" if s.under else "")
            + (" override" if s.overridden else "")
            for s in shifts) or "no patrols" + offered(self, "new_shift", " (n to add one)")
        detail.update(Content(f"{area.name} ({area.district}) · {day:%a %d %b %Y}\n{patrols}\n{alloc}"))

    @on(DataTable.CellHighlighted, "#grid")
    def _highlighted(self) -> None:
        self.say("")  # a hint about the last cell does not apply to this one
        self.show_detail()
        self.read_more_if_near_end()

    def on_resize(self) -> None:
        if self.week is not None and (self.size.width < WIDE) != self.compact:
            self.show_week(self.week)

    # --- actions -----------------------------------------------------------------------
    def action_week(self, step: int) -> None:
        self.day = week_start(self.day or london_today(self.app)) + timedelta(weeks=step)
        ahead = self._ahead_for(self.day)
        if ahead is None:
            self.load()
            return
        self.workers.cancel_group(self, "roster")
        self.fresh.note(self.app.session, london_today(self.app))
        self.show_week(ahead)

    def action_this_week(self) -> None:
        self.day = london_today(self.app)
        self.load()

    def action_reload(self) -> None:
        self.load(reload_spend=True)

    def action_goto(self) -> None:
        from hotspot_tui.tui.modals.goto_date import GotoDateModal

        def went(day: date | None) -> None:
            if day is not None:
                self.day = day
                self.load()
                self.call_after_refresh(self._focus_day, day)

        self.app.push_screen(GotoDateModal(london_today(self.app)), went)

    def _focus_day(self, day: date) -> None:
        table = self.query_one("#grid", DataTable)
        table.move_cursor(column=day.weekday() + 1)

    def action_filter(self) -> None:
        from hotspot_tui.tui.modals.choose import ChooseModal

        districts = sorted({a.district for a in self.areas})
        options = [("all", "All areas")]
        options += [(f"d:{d}", f"District: {d}") for d in districts]
        options += [(f"a:{a.id}", f"Area: {a.name}") for a in self.areas]

        def chosen(key: str | None) -> None:
            if key is None:
                return
            self.district = key[2:] if key.startswith("d:") else None
            self.area_id = key[2:] if key.startswith("a:") else None
            self.count = AREA_PAGE
            self.load()

        self.app.push_screen(ChooseModal("Show which areas?", options), chosen)

    def action_open(self) -> None:
        picked = self.selected()
        if picked is None:
            return
        _, day, shifts = picked
        if not shifts:
            self.say("No patrol here" + offered(self, "new_shift", ": press n to create one") + ".")
            return
        if len(shifts) == 1:
            self.open_shift(shifts[0].id)
            return
        from hotspot_tui.tui.modals.choose import ChooseModal

        self.app.push_screen(
            ChooseModal(f"Patrols on {day:%a %d %b}", [(s.id, s.label) for s in shifts]),
            lambda key: self.open_shift(key) if key else None,
        )

    @on(DataTable.CellSelected, "#grid")
    def _selected(self) -> None:
        self.action_open()

    def open_shift(self, shift_id: str) -> None:
        """The patrol's page, opened with its figures when they are read within
        `OPEN_WAIT` seconds (one frame, no "Loading…"), else at once to read them itself."""
        self._opening = shift_id
        if self._open_timer is not None:
            self._open_timer.stop()
        self._open_timer = self.set_timer(OPEN_WAIT, lambda: self._push_shift(shift_id, None))
        self.read_shift(shift_id)

    @work(thread=True, exclusive=True, group="roster-open")
    def read_shift(self, shift_id: str) -> None:
        try:
            detail: ShiftDetail | None = shift_detail(self.app.session, shift_id)
        except HotspotError:
            detail = None  # the page says what is wrong when it reads it itself
        self.app.call_from_thread(self._push_shift, shift_id, detail)

    def _push_shift(self, shift_id: str, detail: ShiftDetail | None) -> None:
        if self._opening != shift_id:
            return
        self._opening = None
        if self._open_timer is not None:
            self._open_timer.stop()
            self._open_timer = None
        if not self.is_current:
            return
        from hotspot_tui.tui.screens.shift import ShiftScreen

        self.app.push_screen(ShiftScreen(shift_id, detail))

    def action_new_shift(self) -> None:
        from hotspot_tui.tui.modals.shift_form import ShiftFormModal

        picked = self.selected()
        today = london_today(self.app)
        draft = None
        if picked is not None:
            start, end = _default_times()
            draft = ShiftDraft(picked[0], picked[1], start, end, {"officer": 2, "pcso": 1})
        session = self.app.session

        def save(draft: ShiftDraft) -> tuple[date, str]:
            return draft.day, create_shift(session, draft)

        def created(made: tuple[date, str] | None) -> None:
            if made is not None:
                self._created(*made)

        self.app.push_screen(ShiftFormModal(self.areas, today, draft, save=save), created)

    def _created(self, day: date, shift_id: str) -> None:
        self.app.notify(f"Patrol created on {day:%a %d %b}")
        self.day = day
        self.open_shift(shift_id)

    def action_pattern(self) -> None:
        from hotspot_tui.tui.modals.pattern import PatternModal

        def made(result: tuple[str, list[str]] | None) -> None:
            if result:
                self.app.notify(f"{len(result[1])} patrols created")
                self.load(reload_spend=True)

        self.app.push_screen(PatternModal(self.app.session, london_today(self.app)), made)


def _fit(text: str, width: int) -> str:
    """`text` cut to `width` with an ellipsis, so a shortened name reads as shortened."""
    return text if len(text) <= width else text[: width - 1] + "…"


@lru_cache(maxsize=1024)
def _wrap(text: str, width: int) -> tuple[str, ...]:
    """`text`'s words in lines of at most `width` (a week's patrols share a few covers)."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines)


def _default_times() -> tuple[time, time]:
    """A new patrol's times until the supervisor types others: an evening into the night."""
    return time(18, 0), time(2, 0)
