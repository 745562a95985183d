"""Budget: the grant, its end date, each area's allocation and non-patrol spend lines."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import DataTable, Static

from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.budget import pounds, pounds_plain
from hotspot_tui.errors import HotspotError
from hotspot_tui.services import budget as service
from hotspot_tui.services.budget import BudgetView
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.clock import london_today
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.freshness import Freshness
from hotspot_tui.tui.modals.budget_forms import ConfirmModal, Field, FieldsForm
from hotspot_tui.tui.plain import PlainTable, refit_columns
from hotspot_tui.tui.roles import RoleAware
from hotspot_tui.tui.section_bar import SectionBar
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.title_bar import TitleBar


def _right(text: str) -> Text:
    return Text(text, justify="right")


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


FULL_FROM = 80
"""From this terminal width spend lines show 34 characters of the description and 18 of
the area; below it both are cut shorter so that the amount stays in view."""


def spend_widths(terminal_width: int) -> tuple[int, int]:
    """How much of a spend line's description and area to show."""
    if terminal_width >= FULL_FROM:
        return 34, 18
    return max(10, terminal_width - 44), 12


class BudgetScreen(SteadyStyles, RoleAware, Screen[None]):
    """Edit the grant and its end date, how much each area may spend, and the non-patrol
    spend lines (crime-prevention initiatives paid from the same grant). Every change is
    checked before anything is written and is recorded in the audit trail with the values
    before and after. Allocations are what each area may spend on patrols and together may
    not exceed the grant; spend lines come from the rest of the grant."""

    app = getters.app(HotspotApp)

    HELP_TITLE = "Budget"
    VERTICAL_BREAKPOINTS = [(0, "-short"), (24, "-tall")]
    BINDINGS = [
        Binding("g", "edit_grant", "Grant/end", id="budget.grant"),
        Binding("a", "edit_allocation", "Allocation", id="budget.allocation"),
        Binding("n", "new_line", "New line", id="budget.new_line"),
        Binding("e", "edit_line", "Edit", id="budget.edit_line"),
        Binding("d", "delete_line", "Delete", id="budget.delete_line"),
        Binding("r", "refresh", "Refresh", show=False, id="budget.refresh"),
    ]
    NEEDS = {
        "edit_grant": Permission.SETTINGS,
        "edit_allocation": Permission.SETTINGS,
        "new_line": Permission.SETTINGS,
        "edit_line": Permission.SETTINGS,
        "delete_line": Permission.SETTINGS,
    }
    DEFAULT_CSS = """
    BudgetScreen #summary { height: auto; padding: 0 1; }
    BudgetScreen .heading { text-style: bold; padding: 0 1; margin-top: 1; }
    BudgetScreen #allocations { height: 1fr; min-height: 5; }
    BudgetScreen #spend { height: 1fr; min-height: 5; }
    BudgetScreen.-short .heading { margin-top: 0; }
    BudgetScreen.-short #allocations, BudgetScreen.-short #spend { min-height: 3; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.view: BudgetView | None = None
        self.fresh = Freshness()
        self.widths = (34, 18)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield SectionBar()
        yield Static("Loading the budget…", id="summary")
        with Vertical():
            yield Static("Area allocations (a or enter: edit)", classes="heading")
            yield PlainTable(id="allocations", cursor_type="row", zebra_stripes=True)
            yield Static("Non-patrol spend (n new · e or enter edit · d delete)", classes="heading")
            yield PlainTable(id="spend", cursor_type="row", zebra_stripes=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        alloc = self.query_one("#allocations", DataTable)
        alloc.add_column("Area", key="area")
        alloc.add_column("District", key="district")
        alloc.add_column(_right("Allocation"), key="allocation")
        spend = self.query_one("#spend", DataTable)
        spend.add_column("Date", key="date")
        spend.add_column("Description", key="description")
        spend.add_column("Area", key="area")
        spend.add_column(_right("Amount"), key="amount")
        self.action_refresh()

    def on_screen_resume(self) -> None:
        if self.fresh.stale(self.app.session, london_today(self.app)):
            self.action_refresh()

    def action_refresh(self) -> None:
        self.fresh.note(self.app.session, london_today(self.app))
        self.load()

    @work(thread=True, exclusive=True, group="budget")
    def load(self) -> None:
        try:
            view = service.budget_view(self.app.session)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, exc.message)
            return
        self.app.call_from_thread(self.show, view)

    def show_error(self, text: str) -> None:
        self.query_one("#summary", Static).update(Text(text, style="bold red"))

    def show(self, view: BudgetView) -> None:
        self.view = view
        unalloc = view.unallocated_pence
        self.query_one("#summary", Static).update(Text.assemble(
            (f"{view.name}: grant {pounds(view.grant_pence)}", "bold"),
            f" · {view.starts_on:%d %b %Y} to {view.ends_on:%d %b %Y}\n",
            f"Allocated to areas {pounds(view.allocated_pence)} · other spend "
            f"{pounds(view.spend_total_pence)} · not yet allocated ",
            (pounds(unalloc), "bold red" if unalloc < 0 else "bold green"),
        ))
        self._refill(self.query_one("#allocations", DataTable), [
            (a.area_id, (a.name, a.district,
                         _right("—" if a.allocation_pence is None else pounds(a.allocation_pence))))
            for a in view.allocations
        ])
        self.widths = described, placed = spend_widths(self.app.size.width)
        self._refill(self.query_one("#spend", DataTable), [
            (line.id, (line.spent_on.isoformat(), _clip(line.description, described),
                       _clip(line.area or "(operation)", placed), _right(pounds(line.amount_pence))))
            for line in view.spend_lines
        ])

    def on_resize(self) -> None:
        if self.view is not None and spend_widths(self.app.size.width) != self.widths:
            self.show(self.view)

    @staticmethod
    def _refill(table: DataTable[object], rows: list[tuple[str, tuple[object, ...]]]) -> None:
        keep = table.cursor_row
        table.clear()
        refit_columns(table)
        for key, cells in rows:
            table.add_row(*cells, key=key)
        if rows:
            table.move_cursor(row=min(keep, len(rows) - 1))

    def _selected(self, table_id: str) -> str | None:
        table = self.query_one(table_id, DataTable)
        if not table.row_count:
            return None
        return table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value

    def _open(self, title: str, fields: list[Field],
              save: Callable[[dict[str, str | None]], object]) -> None:
        def done(saved: bool | None) -> None:
            if saved:
                self.notify("Saved", timeout=2)
                self.action_refresh()

        self.app.push_screen(FieldsForm(title, fields, save), done)

    # --- actions -------------------------------------------------------------------------

    def action_edit_grant(self) -> None:
        if self.view is None:
            return
        session = self.app.session
        self._open("Grant and end date", [
            Field("grant", "Grant (£)", pounds_plain(self.view.grant_pence), "pounds"),
            Field("ends_on", "End date (YYYY-MM-DD)", self.view.ends_on.isoformat(), "date"),
        ], lambda v: service.update_budget(session, grant=v["grant"] or "", ends_on=v["ends_on"] or ""))

    def action_edit_allocation(self) -> None:
        area_id = self._selected("#allocations")
        if self.view is None or area_id is None:
            return
        line = next(a for a in self.view.allocations if a.area_id == area_id)
        session = self.app.session
        current = "" if line.allocation_pence is None else pounds_plain(line.allocation_pence)
        self._open(f"Allocation for {line.name} (empty: none)", [
            Field("allocation", "Allocation (£)", current, "pounds_optional"),
        ], lambda v: service.set_allocation(session, area_id, v["allocation"] or ""))

    def _line_fields(self, line: service.SpendLine | None) -> list[Field]:
        assert self.view is not None
        areas = [(a.name, a.area_id) for a in self.view.allocations]
        return [
            Field("description", "Description", line.description if line else "", "text",
                  "e.g. Street lighting upgrade, Oxhey Drive"),
            Field("amount", "Amount (£)", pounds_plain(line.amount_pence) if line else "", "pounds"),
            Field("spent_on", "Date spent (YYYY-MM-DD)",
                  line.spent_on.isoformat() if line else "", "date"),
            Field("area_id", "Area", (line.area_id or "") if line else "", "select", options=areas),
            Field("category", "Category", line.category if line else "crime prevention"),
        ]

    def action_new_line(self) -> None:
        if self.view is None:
            return
        session = self.app.session
        self._open("New line", self._line_fields(None), lambda v: service.add_spend_line(
            session, description=v["description"] or "", amount=v["amount"] or "",
            spent_on=v["spent_on"] or "", area_id=v["area_id"], category=v["category"]))

    def action_edit_line(self) -> None:
        line_id = self._selected("#spend")
        if self.view is None or line_id is None:
            return
        line = next(x for x in self.view.spend_lines if x.id == line_id)
        session = self.app.session
        self._open("Edit spend line", self._line_fields(line), lambda v: service.edit_spend_line(
            session, line_id, description=v["description"] or "", amount=v["amount"] or "",
            spent_on=v["spent_on"] or "", area_id=v["area_id"], category=v["category"]))

    def action_delete_line(self) -> None:
        line_id = self._selected("#spend")
        if self.view is None or line_id is None:
            return
        line = next(x for x in self.view.spend_lines if x.id == line_id)

        def answered(yes: bool | None) -> None:
            if yes:
                self.delete_line(line_id)

        self.app.push_screen(ConfirmModal(
            f"Delete “{line.description}” ({pounds(line.amount_pence)})? (y/n)"), answered)

    @work(thread=True, exclusive=True, group="budget-delete")
    def delete_line(self, line_id: str) -> None:
        try:
            service.delete_spend_line(self.app.session, line_id)
        except HotspotError as exc:
            self.app.call_from_thread(partial(self.notify, exc.message, severity="error", markup=False))
            return
        self.app.call_from_thread(self.notify, "Deleted", timeout=2)
        self.app.call_from_thread(self.action_refresh)

    @on(DataTable.RowSelected, "#allocations")
    def _alloc_enter(self) -> None:
        self.action_edit_allocation()

    @on(DataTable.RowSelected, "#spend")
    def _spend_enter(self) -> None:
        self.action_edit_line()
