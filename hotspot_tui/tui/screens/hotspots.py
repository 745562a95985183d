"""Hotspots: places ranked by police records over chosen months; a place becomes an area."""

from __future__ import annotations

import inspect

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Select, Static

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.grid import DEFAULT_CELL
from hotspot_tui.domain.hotspots import ALL_TYPES, CRIME_TYPES, HotspotQuery, Place, hotspot_query
from hotspot_tui.errors import HotspotError, ValidationFailed
from hotspot_tui.services import hotspots as service
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.clock import london_today
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.freshness import Freshness
from hotspot_tui.tui.modals.budget_forms import Field, FieldsForm
from hotspot_tui.tui.plain import PlainTable, refit_columns
from hotspot_tui.tui.roles import RoleAware, offered
from hotspot_tui.tui.section_bar import SectionBar
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.title_bar import TitleBar

PAGE = 20
COLUMNS = ("#", "Place", "Count", "Before", "After", "Trend", "In area")


class HotspotsScreen(SteadyStyles, RoleAware, Screen[None]):
    """Where the police records are: grid cells of a chosen size (or LSOAs) ranked by the
    records over the months chosen, of one crime type or all. Beside each count, the trend:
    the records before (over as many months just before) and after (over the months
    chosen) and the change between them, and the areas the place already lies in. A month
    counts only when its police data is loaded (for a trend, loaded for the forces whose
    records lie in the place); the line under the filters names the months counted and
    compared, and any not loaded. `n` makes the highlighted place a new hotspot area (its
    name, district and place filled in: a cell becomes its own square, an LSOA the LSOA);
    `]` and `[` page through the places."""

    app = getters.app(HotspotApp)

    HELP = inspect.cleandoc(__doc__ or "")
    HELP_TITLE = "Hotspots"
    AUTO_FOCUS = "#places"
    ESCAPE_FOCUS = "#places"
    BINDINGS = [
        Binding("ctrl+r", "run", "Run", id="hotspots.run"),
        Binding("n", "new_area", "New area here", id="hotspots.new_area"),
        Binding("right_square_bracket", "page(1)", "Next page", key_display="]", id="hotspots.next"),
        Binding("left_square_bracket", "page(-1)", "Previous page", key_display="[",
                id="hotspots.previous"),
    ]
    NEEDS = {"new_area": Permission.SETTINGS}
    DEFAULT_CSS = """
    HotspotsScreen #filters { height: auto; padding: 0 1; }
    HotspotsScreen #filters Input { width: 11; }
    HotspotsScreen #filters #size { width: 8; }
    HotspotsScreen #filters #type { width: 30; }
    HotspotsScreen #filters #by { width: 11; }
    HotspotsScreen #periods { height: auto; padding: 0 1; color: $text-muted; }
    HotspotsScreen #error { height: auto; padding: 0 1; color: $error; }
    HotspotsScreen #places { height: 1fr; }
    HotspotsScreen #detail { height: auto; padding: 0 1; color: $text-muted; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.ranking: service.Ranking | None = None
        self.skip = 0
        self.fresh = Freshness()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SectionBar()
        with Vertical():
            with Horizontal(id="filters"):
                yield Input(placeholder="from", id="from", max_length=7, compact=True)
                yield Input(placeholder="to", id="to", max_length=7, compact=True)
                yield Select[str]([(Content(t), t) for t in CRIME_TYPES], prompt=ALL_TYPES, id="type",
                                  value=CRIME_TYPES[0], compact=True)
                yield Select[str]([(Content("cells"), "cell"), (Content("LSOAs"), "lsoa")],
                                  value="cell", allow_blank=False, id="by", compact=True)
                yield Input(str(DEFAULT_CELL), placeholder="metres", id="size", max_length=5,
                            compact=True)
            yield Static("", id="error")
            yield Static("Reading the police data…", id="periods")
            yield PlainTable(id="places", cursor_type="row", zebra_stripes=True)
            yield Static("", id="detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#places", DataTable)
        for title in COLUMNS:
            table.add_column(title if title in ("Place", "In area") else Text(title, justify="right"),
                             key=title)
        self.fresh.note(self.app.session, london_today(self.app))
        self.start()

    def on_screen_resume(self) -> None:
        """Back from another section or a dialog (or shown, built ahead): police data
        imported meanwhile (or an area made) shows in the same ranking, read again."""
        if not self.fresh.stale(self.app.session, london_today(self.app)):
            return
        if self.ranking is None:
            self.start()
        else:
            self.query_one("#places").loading = True
            self.rank(self.ranking.query)

    @work(thread=True, exclusive=True, group="hotspots")
    def start(self) -> None:
        """The latest twelve loaded months, then the ranking."""
        try:
            latest = service.latest_months(self.app.session)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, exc.message)
            return
        self.app.call_from_thread(self._start, latest)

    def _start(self, latest: tuple[str, str] | None) -> None:
        if latest is None:
            self.query_one("#periods", Static).update(Content(
                "No police data is loaded: import the force's street-level files with "
                "hotspot-tui import crime FILE."))
            return
        self.query_one("#from", Input).value, self.query_one("#to", Input).value = latest
        self.action_run()

    def _query(self) -> HotspotQuery | None:
        crime = self.query_one("#type", Select).value
        by = self.query_one("#by", Select).value
        try:
            query = hotspot_query(self.query_one("#from", Input).value, self.query_one("#to", Input).value,
                                  crime=None if crime is Select.NULL else str(crime), by=str(by),
                                  size=self.query_one("#size", Input).value or DEFAULT_CELL, count=PAGE)
        except ValidationFailed as exc:
            self.query_one("#error", Static).update(Content(exc.message))
            return None
        self.query_one("#error", Static).update("")
        return HotspotQuery(query.first, query.last, query.crime_type, query.by, query.cell_size,
                            query.limit, self.skip)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.skip = 0
        self.action_run()

    @on(Select.Changed)
    def _changed(self) -> None:
        if self.ranking is not None:
            self.skip = 0
            self.action_run()

    def action_run(self) -> None:
        query = self._query()
        if query is None:
            return
        self.fresh.note(self.app.session, london_today(self.app))
        self.query_one("#places").loading = True
        self.rank(query)

    def action_page(self, step: int) -> None:
        ranking = self.ranking
        if ranking is None or (step > 0 and not ranking.more) or (step < 0 and self.skip == 0):
            return
        self.skip = max(0, self.skip + step * PAGE)
        self.action_run()

    @work(thread=True, exclusive=True, group="hotspots")
    def rank(self, query: HotspotQuery) -> None:
        try:
            ranking = service.find_hotspots(self.app.session, query)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, exc.message)
            return
        self.app.call_from_thread(self.show, ranking)

    def show_error(self, message: str) -> None:
        self.query_one("#places").loading = False
        self.query_one("#error", Static).update(Content(message))

    def show(self, ranking: service.Ranking) -> None:
        self.ranking = ranking
        query = ranking.query
        table = self.query_one("#places", DataTable)
        table.loading = False
        table.clear()
        refit_columns(table)
        by = f"{query.cell_size} m cells" if query.by == "cell" else "LSOAs"
        page = f" · places {query.offset + 1}–{query.offset + len(ranking.places)}" if ranking.places else ""
        self.query_one("#periods", Static).update(Content(
            f"{query.subject} by {by}: {ranking.describe()}{page}"))
        for i, place in enumerate(ranking.places, start=query.offset + 1):
            counted = bool(place.trend.months)
            before = f"{place.trend.before:,}" if counted else "–"
            after = f"{place.trend.during:,}" if counted else "–"
            table.add_row(Text(str(i), justify="right"), place.name,
                          Text(f"{place.count:,}", justify="right"), Text(before, justify="right"),
                          Text(after, justify="right"), Text(place.trend_text, justify="right"),
                          ", ".join(place.inside) or "–", key=place.key)
        if not ranking.places and ranking.plan.months:
            self.query_one("#detail", Static).update("No records in these months.")
        self._show_detail()

    def _selected(self) -> Place | None:
        ranking = self.ranking
        table = self.query_one("#places", DataTable)
        if ranking is None or not ranking.places or not 0 <= table.cursor_row < len(ranking.places):
            return None
        return ranking.places[table.cursor_row]

    @on(DataTable.RowHighlighted, "#places")
    def _show_detail(self) -> None:
        place = self._selected()
        detail = self.query_one("#detail", Static)
        if place is None:
            return
        where = place.lsoa_name or place.lsoa_code or ""
        if place.kind == "cell":
            where = f"{place.key}{' · mostly in ' + where if where else ''}"
        else:
            middle = ("" if place.latitude is None or place.longitude is None
                      else f" · middle {place.latitude:.5f}, {place.longitude:.5f}")
            where = f"{place.lsoa_code}{middle}"
        trend = place.trend
        compared = (f"{trend.before} → {trend.during} over {trend.during_text} against "
                    f"{trend.before_text}" if trend.months else "no months before loaded")
        if trend.left_out and self.ranking is not None and \
                trend.during_months != self.ranking.plan.trend.during_months:
            compared += f" ({trend.left_out_text()})"
        hint = offered(self, "new_area", " · n: make it an area")
        detail.update(Content(f"{where} · {compared}{hint}"))

    def action_new_area(self) -> None:
        place = self._selected()
        if place is None:
            return
        try:
            proposal = service.new_area_for(place)
        except HotspotError as exc:
            self.notify(exc.message, severity="error", markup=False)
            return
        session = self.app.session

        def save(values: dict[str, str | None]) -> None:
            service.make_area(session, values["name"] or "", values["district"] or "",
                              values["cost_code"] or "", proposal.geography)

        def done(saved: bool | None) -> None:
            if saved:
                self.notify("Area added, placed and counted", timeout=4)
                self.action_run()

        self.app.push_screen(FieldsForm(f"New area: {proposal.where}", [
            Field("name", "Name", proposal.name),
            Field("district", "District", proposal.district),
            Field("cost_code", "Cost code", "", placeholder="finance cost code, e.g. HAF-WA-NEW"),
        ], save), done)
