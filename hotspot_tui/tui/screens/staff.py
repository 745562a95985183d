"""Staff: everyone who can work extra duty, a page at a time."""

from __future__ import annotations

import inspect

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Input, Select, Static

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.models import KIND_LABELS, RANK_LABELS
from hotspot_tui.errors import HotspotError
from hotspot_tui.services import staff as staff_service
from hotspot_tui.services.staff import FormChoices, SearchFilter, StaffLine, StaffPage
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.clock import london_today
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.freshness import Freshness
from hotspot_tui.tui.plain import PlainTable
from hotspot_tui.tui.roles import RoleAware
from hotspot_tui.tui.section_bar import SectionBar
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.style_files import style_file
from hotspot_tui.tui.title_bar import TitleBar

PAGE = 60
LOAD_AHEAD = 10


def kind_text(line: StaffLine) -> str:
    if line.rank:
        return RANK_LABELS.get(line.rank, line.rank)
    return {"pcso": "PCSO", "ceo": "CEO"}.get(line.kind, KIND_LABELS.get(line.kind, line.kind))


class StaffScreen(SteadyStyles, RoleAware, Screen[None]):
    """Everyone who can work extra duty: officers, PCSOs and council CEOs.

    Type to search by name, payroll or collar number; narrow by kind or employer. The list
    loads a page at a time as you scroll. `enter` opens a person's page with their hours,
    cost, working-time headroom and upcoming patrols.
    """

    app = getters.app(HotspotApp)

    HELP = inspect.cleandoc(__doc__ or "")
    HELP_TITLE = "Staff"
    ESCAPE_FOCUS = "#staff-list"
    DEFAULT_CSS = style_file("staff.tcss")
    SCOPED_CSS = False  # the file names its screen in every rule
    BINDINGS = [
        Binding("slash", "focus_search", "Search", key_display="/", id="staff.search"),
        Binding("enter", "open", "Open", id="staff.open"),
        Binding("a", "add", "Add", id="staff.add"),
        Binding("e", "edit", "Edit", id="staff.edit"),
        Binding("x", "toggle_active", "(De)activate", id="staff.active"),
        Binding("i", "import_file", "Import", id="staff.import"),
        Binding("v", "toggle_inactive", "Show inactive", show=False, id="staff.inactive"),
        Binding("r", "reload", "Refresh", show=False, id="staff.reload"),
    ]
    NEEDS = {
        "add": Permission.STAFF,
        "edit": Permission.STAFF,
        "toggle_active": Permission.STAFF,
        "import_file": Permission.STAFF,
    }

    def __init__(self) -> None:
        super().__init__()
        self.filter = SearchFilter()
        self.next_after: tuple[str, str] | None = None
        self.lines: dict[str, StaffLine] = {}
        self.generation = 0
        self.loading_more = False
        self.choices: FormChoices | None = None
        self.fresh = Freshness()

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SectionBar()
        with Horizontal(id="filters"):
            yield Input(placeholder="search name, payroll or collar number", id="search", compact=True)
            yield Select([("Officers", "officer"), ("PCSOs", "pcso"), ("Council CEOs", "ceo")],
                         prompt="All kinds", id="kind", compact=True)
            yield Select([], prompt="All employers", id="employer", compact=True)
        yield Static("Loading…", id="status")
        yield PlainTable(id="staff-list", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#staff-list", DataTable)
        table.add_column("Name", key="name", width=22)
        table.add_column("Kind", key="kind", width=4)
        table.add_column("Collar", key="collar", width=6)
        table.add_column("Payroll", key="payroll", width=8)
        table.add_column("Home area", key="area", width=18)
        table.add_column("Employer", key="employer", width=35)
        table.focus()
        self.load_choices()
        self.reload()

    # --- loading -------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="staff-choices")
    def load_choices(self) -> None:
        choices = staff_service.form_choices(self.app.session)
        self.app.call_from_thread(self.set_choices, choices)

    def set_choices(self, choices: FormChoices) -> None:
        self.choices = choices
        self.query_one("#employer", Select).set_options([(Content(c.name), c.id) for c in choices.employers])

    def on_screen_resume(self) -> None:
        """Back from another section or a dialog (or shown, built ahead): read the list
        again if the file has changed meanwhile."""
        if self.fresh.stale(self.app.session, london_today(self.app)):
            self.reload()

    def reload(self) -> None:
        self.fresh.note(self.app.session, london_today(self.app))
        self.generation += 1
        self.next_after = None
        self.loading_more = True
        self.fetch(self.filter, None, self.generation)

    @work(thread=True, exclusive=True, group="staff-page")
    def fetch(self, flt: SearchFilter, after: tuple[str, str] | None, generation: int) -> None:
        try:
            page = staff_service.search_page(
                self.app.session, flt, after=after, limit=PAGE,
                with_total=after is None)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_status, exc.message)
            return
        self.app.call_from_thread(self.show_page, page, after is None, generation)

    def show_status(self, text: str) -> None:
        self.query_one("#status", Static).update(Content(text))
        self.loading_more = False

    def show_page(self, page: StaffPage, fresh: bool, generation: int) -> None:
        if generation != self.generation:
            return
        table = self.query_one("#staff-list", DataTable)
        keep = None
        if fresh:
            if table.row_count and table.cursor_row < table.row_count:
                keep = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            table.clear()
            self.lines = {}
        for line in page.lines:
            if line.id in self.lines:
                continue
            self.lines[line.id] = line
            name = line.name if line.active else f"{line.name} (inactive)"
            table.add_row(name, kind_text(line), line.collar_number or "", line.payroll_number,
                          line.home_area_name or "", line.employer_name, key=line.id)
        self.next_after = page.next_after
        self.loading_more = False
        if fresh:
            if page.total is not None:
                self.total = page.total
            if keep in self.lines:
                table.move_cursor(row=table.get_row_index(keep))
        self.update_status()

    def update_status(self) -> None:
        shown = len(self.lines)
        total = getattr(self, "total", shown)
        what = self.filter_description()
        more = " · scroll for more" if self.next_after else ""
        self.query_one("#status", Static).update(Content(
            f"{total} {'person' if total == 1 else 'people'}{what} · showing {shown}{more}"))

    def filter_description(self) -> str:
        parts = []
        if self.filter.text:
            parts.append(f'matching "{self.filter.text}"')
        if not self.filter.include_inactive:
            parts.append("active")
        else:
            parts.append("including inactive")
        return " " + ", ".join(parts) if parts else ""

    @on(DataTable.RowHighlighted, "#staff-list")
    def maybe_more(self, event: DataTable.RowHighlighted) -> None:
        table = event.data_table
        if (self.next_after and not self.loading_more
                and event.cursor_row >= table.row_count - LOAD_AHEAD):
            self.loading_more = True
            self.fetch(self.filter, self.next_after, self.generation)

    # --- filters -------------------------------------------------------------------

    @on(Input.Changed, "#search")
    def search_changed(self) -> None:
        """Each key searches at once (an indexed page of 60): a newer key's search replaces
        one still running, and a page that arrives after a newer key is not shown."""
        self.apply_filters()

    @on(Input.Submitted, "#search")
    def search_submitted(self) -> None:
        self.apply_filters()
        self.query_one("#staff-list", DataTable).focus()

    @on(Select.Changed)
    def select_changed(self) -> None:
        self.apply_filters()

    def apply_filters(self) -> None:
        kind = self.query_one("#kind", Select).value
        employer = self.query_one("#employer", Select).value
        new = SearchFilter(
            text=self.query_one("#search", Input).value.strip(),
            kind=None if kind is Select.NULL else str(kind),
            employer_id=None if employer is Select.NULL else str(employer),
            include_inactive=self.filter.include_inactive,
        )
        if new != self.filter:
            self.filter = new
            self.reload()

    def action_focus_search(self) -> None:
        self.query_one("#search", Input).focus()

    def action_toggle_inactive(self) -> None:
        self.filter = SearchFilter(**{**self.filter.__dict__,
                                      "include_inactive": not self.filter.include_inactive})
        self.reload()

    def action_reload(self) -> None:
        self.reload()

    # --- actions -------------------------------------------------------------------

    def current(self) -> StaffLine | None:
        table = self.query_one("#staff-list", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.lines.get(key or "")

    @on(DataTable.RowSelected, "#staff-list")
    def row_selected(self) -> None:
        self.action_open()

    def action_open(self) -> None:
        line = self.current()
        if line is None:
            return
        from hotspot_tui.tui.screens.person import PersonScreen

        self.app.push_screen(PersonScreen(line.id), lambda _: self.reload())

    def action_add(self) -> None:
        if self.choices is None:
            return
        from hotspot_tui.tui.modals.staff_form import StaffForm

        self.app.push_screen(StaffForm(self.choices), self.after_add)

    def after_add(self, staff_id: str | None) -> None:
        if staff_id:
            self.notify("Person added")
            self.reload()

    def action_edit(self) -> None:
        line = self.current()
        if line is None or self.choices is None:
            return
        self.open_editor(line.id)

    @work(thread=True, exclusive=True, group="staff-edit")
    def open_editor(self, staff_id: str) -> None:
        try:
            person = staff_service.get_person(self.app.session, staff_id)
        except HotspotError as exc:
            self.app.call_from_thread(self.notify, exc.message, severity="error")
            return
        self.app.call_from_thread(self.push_editor, staff_id, person)

    def push_editor(self, staff_id: str, person: dict[str, object]) -> None:
        from hotspot_tui.tui.modals.staff_form import StaffForm

        assert self.choices is not None
        form = StaffForm(self.choices, staff_id=staff_id,
                         initial=staff_service.input_from_person(person))
        self.app.push_screen(form, lambda saved: self.reload() if saved else None)

    def action_toggle_active(self) -> None:
        line = self.current()
        if line is None:
            return
        from hotspot_tui.tui.modals.active_toggle import ActiveToggle

        self.app.push_screen(ActiveToggle(line.id, line.name, activate=not line.active),
                             lambda done: self.reload() if done else None)

    def action_import_file(self) -> None:
        from hotspot_tui.tui.modals.staff_import import StaffImport

        self.app.push_screen(StaffImport(), self.after_import)

    def after_import(self, count: int | None) -> None:
        if count:
            self.notify(f"Imported {count} people")
            self.reload()
