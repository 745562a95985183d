"""Audit: who changed what, when and why — newest first, a page at a time."""

from __future__ import annotations

import inspect

from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static

from hotspot_tui.errors import HotspotError
from hotspot_tui.services import audit_view
from hotspot_tui.services.audit_view import AuditFilter, AuditLine, AuditPage
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.clock import london_today
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.freshness import Freshness
from hotspot_tui.tui.plain import PlainTable
from hotspot_tui.tui.section_bar import SectionBar
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.style_files import style_file
from hotspot_tui.tui.title_bar import TitleBar

DEBOUNCE_SECONDS = 0.4
PAGE = 60
LOAD_AHEAD = 10
FILTER_FIELDS = (
    ("person", "person name/number"),
    ("patrol", "patrol: area date"),
    ("actor", "by user"),
    ("since", "from date"),
    ("until", "to date"),
)


class AuditScreen(SteadyStyles, Screen[None]):
    """Every change anyone made, newest first: when (Europe/London time), who made it, what
    they did, to which person or patrol, why (the reason they gave) and the details.

    Filter by person (name, payroll or collar number), patrol (an area and/or a date such as
    `Watford 2026-11-27`), user, and a date range (`from`/`to`, inclusive). `p` and `t`
    filter on the highlighted row's person or patrol; `c` clears every filter.
    """

    app = getters.app(HotspotApp)

    HELP = inspect.cleandoc(__doc__ or "")
    HELP_TITLE = "Audit"
    ESCAPE_FOCUS = "#audit-list"
    DEFAULT_CSS = style_file("audit.tcss")
    SCOPED_CSS = False  # the file names its screen in every rule
    BINDINGS = [
        Binding("f", "focus_filters", "Filter", id="audit.filter"),
        Binding("p", "this_person", "This person", id="audit.person"),
        Binding("t", "this_patrol", "This patrol", id="audit.patrol"),
        Binding("c", "clear", "Clear", id="audit.clear"),
        Binding("r", "reload", "Refresh", id="audit.reload"),
        Binding("escape", "back", "Back", show=False, id="audit.back"),
    ]

    def __init__(self, initial: AuditFilter | None = None, *, pushed: bool = False) -> None:
        super().__init__()
        self.pushed = pushed
        self.fresh = Freshness()
        self.filter = initial or AuditFilter()
        self.lines: dict[str, AuditLine] = {}
        self.next_before: int | None = None
        self.generation = 0
        self.loading_more = False
        self._debounce: Timer | None = None

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SectionBar()
        with Horizontal(id="audit-filters"):
            for key, hint in FILTER_FIELDS:
                yield Input(getattr(self.filter, key), placeholder=hint, id=f"a-{key}", compact=True)
        yield Static("Loading…", id="audit-status")
        yield PlainTable(id="audit-list", cursor_type="row", zebra_stripes=True)
        yield Static("", id="audit-detail")
        yield KeysFooter()

    def on_mount(self) -> None:
        table = self.query_one("#audit-list", DataTable)
        table.add_column("When", key="when", width=21)
        table.add_column("By", key="by", width=12)
        table.add_column("Action", key="action", width=18)
        table.add_column("Person", key="person", width=16)
        table.add_column("Patrol", key="patrol", width=30)
        table.add_column("Why", key="why", width=24)
        table.add_column("Details", key="details", width=60)
        table.focus()
        self.reload()

    def on_screen_resume(self) -> None:
        """Back from another section or screen (or shown, built ahead): changes made
        meanwhile are listed."""
        if self.fresh.stale(self.app.session, london_today(self.app)):
            self.reload()

    # --- loading -------------------------------------------------------------------

    def reload(self) -> None:
        self.fresh.note(self.app.session, london_today(self.app))
        self.generation += 1
        self.loading_more = True
        self.fetch(self.filter, None, self.generation)

    @work(thread=True, exclusive=True, group="audit-page")
    def fetch(self, flt: AuditFilter, before: int | None, generation: int) -> None:
        try:
            page = audit_view.audit_page(self.app.session, flt, before_seq=before, limit=PAGE)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, exc.message, generation)
            return
        self.app.call_from_thread(self.show_page, page, before is None, generation)

    def show_error(self, message: str, generation: int) -> None:
        if generation != self.generation:
            return
        self.loading_more = False
        status = self.query_one("#audit-status", Static)
        status.update(Content(f"Not filtered (the list below is unchanged): {message}"))
        status.add_class("error")

    def show_page(self, page: AuditPage, fresh: bool, generation: int) -> None:
        if generation != self.generation:
            return
        table = self.query_one("#audit-list", DataTable)
        if fresh:
            table.clear()
            self.lines = {}
        for line in page.lines:
            key = str(line.seq)
            if key in self.lines:
                continue
            self.lines[key] = line
            table.add_row(line.at_local, line.actor, line.action, line.person, line.patrol,
                          line.reason, line.details, key=key)
        self.next_before = page.next_before
        self.loading_more = False
        status = self.query_one("#audit-status", Static)
        status.remove_class("error")
        more = " · scroll for more" if self.next_before else ""
        empty = " · nothing matches" if not self.lines else ""
        note = f" ({page.note})" if page.note else ""
        count = len(self.lines)
        status.update(Content(f"Showing {count} entr{'y' if count == 1 else 'ies'}, newest first · "
                      f"{self.filter.describe()}{note}{empty}{more}"))

    @on(DataTable.RowHighlighted, "#audit-list")
    def maybe_more(self, event: DataTable.RowHighlighted) -> None:
        line = self.lines.get(str(event.row_key.value)) if event.row_key else None
        self.show_detail(line)
        if (self.next_before and not self.loading_more
                and event.cursor_row >= event.data_table.row_count - LOAD_AHEAD):
            self.loading_more = True
            self.fetch(self.filter, self.next_before, self.generation)

    def show_detail(self, line: AuditLine | None) -> None:
        detail = self.query_one("#audit-detail", Static)
        if line is None:
            detail.update("")
            return
        parts = [f"#{line.seq} {line.at_local}", line.actor, line.action]
        parts += [p for p in (line.person, line.patrol) if p]
        text = " · ".join(parts)
        if line.reason:
            text += f"\nwhy: {line.reason}"
        if line.details:
            text += f"\n{line.details}"
        detail.update(Content(text))

    # --- filters -------------------------------------------------------------------

    @on(Input.Changed)
    def filter_changed(self, event: Input.Changed) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._debounce = self.set_timer(DEBOUNCE_SECONDS, self.apply_filters)

    @on(Input.Submitted)
    def filter_submitted(self) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self.apply_filters()

    def _typed(self, key: str) -> str:
        return self.query_one(f"#a-{key}", Input).value.strip()

    def apply_filters(self) -> None:
        person, patrol = self._typed("person"), self._typed("patrol")
        new = AuditFilter(
            person=person,
            staff_id=self.filter.staff_id if person == self.filter.person else None,
            patrol=patrol,
            shift_id=self.filter.shift_id if patrol == self.filter.patrol else None,
            actor=self._typed("actor"), since=self._typed("since"), until=self._typed("until"),
        )
        if new != self.filter:
            self.filter = new
            self.reload()

    def set_filter(self, flt: AuditFilter) -> None:
        self.filter = flt
        for key, _ in FILTER_FIELDS:
            self.query_one(f"#a-{key}", Input).value = getattr(flt, key)
        self.reload()

    def current(self) -> AuditLine | None:
        table = self.query_one("#audit-list", DataTable)
        if not table.row_count:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
        return self.lines.get(key or "")

    def action_this_person(self) -> None:
        line = self.current()
        if line is None or not line.staff_id:
            self.notify("this entry is not about a person")
            return
        self.set_filter(AuditFilter(**{**self.filter.__dict__, "staff_id": line.staff_id,
                                       "person": line.person}))

    def action_this_patrol(self) -> None:
        line = self.current()
        if line is None or not line.shift_id:
            self.notify("this entry is not about a patrol")
            return
        self.set_filter(AuditFilter(**{**self.filter.__dict__, "shift_id": line.shift_id,
                                       "patrol": line.patrol}))

    def action_clear(self) -> None:
        self.set_filter(AuditFilter())

    def action_focus_filters(self) -> None:
        self.query_one("#a-person", Input).focus()

    def action_reload(self) -> None:
        self.reload()

    def action_back(self) -> None:
        if self.pushed:
            self.dismiss(None)
