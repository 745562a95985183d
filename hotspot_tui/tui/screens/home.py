"""Home: the operation's areas and the people available."""

from __future__ import annotations

from textual import getters, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Static

from hotspot_tui.domain.models import KIND_LABELS
from hotspot_tui.services.overview import Overview, overview
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.plain import PlainTable
from hotspot_tui.tui.section_bar import SectionBar
from hotspot_tui.tui.title_bar import TitleBar


class HomeScreen(Screen[None]):
    """The hotspot areas of the operation and the people available for extra duty."""

    app = getters.app(HotspotApp)

    HELP_TITLE = "Areas"
    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SectionBar()
        yield Static("Loading…", id="people")
        yield PlainTable(id="areas", cursor_type="row")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#areas", DataTable)
        table.add_columns("Area", "District")
        self.load()

    @work(thread=True, exclusive=True, group="home")
    def load(self) -> None:
        data = overview(self.app.session)
        self.app.call_from_thread(self.show, data)

    def show(self, data: Overview) -> None:
        people = ", ".join(
            f"{data.people_by_kind.get(kind, 0)} {label}s" for kind, label in KIND_LABELS.items()
        )
        self.query_one("#people", Static).update(f"{len(data.areas)} hotspot areas · {people}")
        table = self.query_one("#areas", DataTable)
        table.clear()
        for area in data.areas:
            table.add_row(area.name, area.district, key=area.id)
