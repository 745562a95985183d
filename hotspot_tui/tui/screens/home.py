"""Home: the operation's areas, where each lies, and the people available."""

from __future__ import annotations

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Static

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.geography import Geography
from hotspot_tui.domain.models import KIND_LABELS
from hotspot_tui.errors import HotspotError
from hotspot_tui.services import area_geography
from hotspot_tui.services.overview import Overview, overview
from hotspot_tui.services.police_data import PoliceDataSummary, police_data_summary
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.clock import london_today
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.freshness import Freshness
from hotspot_tui.tui.modals.area_geography import AreaGeographyForm, Placing
from hotspot_tui.tui.plain import PlainTable
from hotspot_tui.tui.roles import RoleAware
from hotspot_tui.tui.section_bar import SectionBar
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.title_bar import TitleBar


class HomeScreen(SteadyStyles, RoleAware, Screen[None]):
    """The hotspot areas of the operation, where each lies (for counting police records
    inside it: a centre and radius, LSOAs or a polygon), and the people available for extra
    duty. `w` says where the selected area lies; `enter` opens it: did it work? (its police
    records month by month, before and during the operation)."""

    app = getters.app(HotspotApp)

    HELP_TITLE = "Areas"
    BINDINGS = [
        Binding("w", "edit_place", "Where it lies", id="home.place"),
        Binding("enter", "open_area", "Did it work?", id="areas.open"),
    ]
    NEEDS = {"edit_place": Permission.POLICE_DATA}
    DEFAULT_CSS = """
    HomeScreen #police.sample { color: $warning; text-style: bold; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.data: Overview | None = None
        self.fresh = Freshness()
        self.places: dict[str, Geography] = {}

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SectionBar()
        yield Static("Loading…", id="people")
        yield Static("", id="police")
        yield PlainTable(id="areas", cursor_type="row")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#areas", DataTable)
        table.add_column("Area", key="area")
        table.add_column("District", key="district")
        table.add_column("Where", key="where")
        self.fresh.note(self.app.session, london_today(self.app))
        self.load()

    def on_screen_resume(self) -> None:
        if self.fresh.stale(self.app.session, london_today(self.app)):
            self.load()

    @work(thread=True, exclusive=True, group="home")
    def load(self) -> None:
        try:
            data = overview(self.app.session)
            places = {p.area_id: p.geography for p in area_geography.placed_areas(self.app.session)}
            police = police_data_summary(self.app.session)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, exc.message)
            return
        self.app.call_from_thread(self.show, data, places, police)

    def show_error(self, text: str) -> None:
        self.query_one("#people", Static).update(Content(text))

    def show(self, data: Overview, places: dict[str, Geography],
             police: PoliceDataSummary | None = None) -> None:
        self.data, self.places = data, places
        people = ", ".join(
            f"{data.people_by_kind.get(kind, 0)} {label}s" for kind, label in KIND_LABELS.items()
        )
        self.query_one("#people", Static).update(f"{len(data.areas)} hotspot areas · {people}")
        if police is not None:
            self.query_one("#police", Static).update(Content(police.describe()))
            self.query_one("#police", Static).set_class(police.sample, "sample")
        table = self.query_one("#areas", DataTable)
        keep = table.cursor_row
        table.clear()
        for area in data.areas:
            place = places.get(area.id)
            table.add_row(area.name, area.district, place.summary() if place else "—", key=area.id)
        if data.areas:
            table.move_cursor(row=min(keep, len(data.areas) - 1))

    def action_edit_place(self) -> None:
        table = self.query_one("#areas", DataTable)
        if self.data is None or not table.row_count:
            return
        area_id = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        line = next(a for a in self.data.areas if a.id == area_id)
        session = self.app.session

        def save(placing: Placing) -> None:
            if placing.geography is None:
                area_geography.clear_area_geography(session, line.name)
            else:
                area_geography.set_area_geography(session, line.name, placing.geography)

        def done(saved: Placing | None) -> None:
            if saved is not None:
                self.notify(f"Saved where {line.name} lies; its police records are counted again",
                            timeout=3, markup=False)
                self.load()

        assert area_id is not None
        self.app.push_screen(AreaGeographyForm(line.name, self.places.get(area_id), save), done)

    @on(DataTable.RowSelected, "#areas")
    def action_open_area(self) -> None:
        table = self.query_one("#areas", DataTable)
        if not table.row_count:
            return
        from hotspot_tui.tui.screens.area import AreaScreen

        self.app.push_screen(AreaScreen(str(table.get_row_at(table.cursor_row)[0])))
