"""`a`: choose people for a patrol, ranked by the engine with its reasons.

The cursor starts in the list: up/down move, space marks (several allowed, of every kind:
marks stay when the kind changes and are all assigned together), typing a name or number
filters; enter confirms the marked people, or the highlighted one if none is marked.
Someone already on duty at that time is shown as not possible.
Before confirming, say when they were told (default today; `yesterday`, `mon`, `20 nov`),
for officers and PCSOs whether it is a rostered rest day, and for officers whether it is
casual overtime: these change the pay and the time off owed (a rest day worked on short
notice is paid at the higher rate).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Checkbox, DataTable, Input, Label, Static

from hotspot_tui.domain.dates import parse_past_day
from hotspot_tui.errors import HotspotError
from hotspot_tui.services.candidates import PICKER_LIMIT, Candidate, candidates_for
from hotspot_tui.services.session import Session
from hotspot_tui.tui.clock import london_today
from hotspot_tui.tui.modals.form import FormModal
from hotspot_tui.tui.plain import PlainTable
from hotspot_tui.tui.widgets.choice_line import ChoiceLine

REST_DAY_KINDS = ("officer", "pcso")
"""Who has rostered rest days (council staff work to their council's terms)."""
KIND_CHOICES = [("Officers", "officer"), ("PCSOs", "pcso"), ("Council officers", "ceo")]
SHOWN = 200


@dataclass(frozen=True)
class Picked:
    staff_ids: list[str]
    names: list[str]
    needs_override: list[str]  # names of picked people with working-time errors
    problems: list[str]
    told_on: date | None = None
    rest_day: bool = False
    casual: bool = False
    options_note: str = field(default="")


class CandidatePicker(FormModal[Picked]):
    """The picker covers nearly the whole screen, on a plain background: behind a tinted
    one Textual would draw the patrol's page again, tinted, each time the picker opens."""

    DEFAULT_CSS = "CandidatePicker { background: $background; }"
    BINDINGS = [
        Binding("space", "mark", "Mark", id="pick_mark"),
        Binding("down", "move(1)", "Down", show=False),
        Binding("up", "move(-1)", "Up", show=False),
        Binding("ctrl+s", "confirm", "Assign", id="pick_confirm"),
        Binding("ctrl+l", "more", "More people", id="pick_more"),
        Binding("ctrl+n", "next_kind", "Next kind", id="pick_kind"),
    ]

    def __init__(self, session: Session, shift_id: str, kind: str, title: str, *,
                 ranked: list[Candidate] | None = None) -> None:
        """`ranked`: the first page of `kind` as `candidates_for` gave it just now (nothing
        changed since), shown as the picker opens; without it the picker ranks them."""
        super().__init__()
        self.ranked_from = ranked
        """The first page this picker was opened with (None: it ranked its own)."""
        self.assign_while_open: Callable[[Picked], None] | None = None
        """Given, people picked with nothing to override are handed to it and the picker
        stays up until its opener closes it, once they are assigned (or refused): the page
        under it is shown once, with the change, and the write does not share the processor
        with the picker's closing. Without it (or for an override) the picker closes with
        its result."""
        self.handed_over = False
        self.session = session
        self.shift_id = shift_id
        self.kind = kind
        self.title_text = title
        self.all: list[Candidate] = []
        self.shown: list[Candidate] = []
        self.limit = PICKER_LIMIT
        self.searched_all = False
        self.marked: dict[str, Candidate] = {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel tall"):
            yield Static(Content(self.title_text), classes="title")
            with Horizontal(classes="row"):
                yield ChoiceLine(KIND_CHOICES, self.kind, id="kind")
                yield Input(placeholder="filter: name, collar or payroll number", id="filter",
                            compact=True, select_on_focus=False, max_length=60)
            yield PlainTable(id="candidates", cursor_type="row", zebra_stripes=True)
            yield Static("", id="reasons")
            with Horizontal(classes="row", id="pay-facts"):
                yield Label("Told on", classes="field", id="told-label")
                yield Input(value="today", id="told", compact=True, max_length=30,
                            placeholder="today, yesterday, mon, 20 nov")
                yield Static("", id="told-day")
            with Horizontal(classes="row", id="officer-facts"):
                yield Checkbox("Rest day", id="rest_day", compact=True,
                               tooltip="A rostered rest day (officers and PCSOs): changes the pay "
                                       "and the time off owed")
                yield Checkbox("Casual (officers)", id="casual", compact=True,
                               tooltip="Casual overtime (officers)")
            yield Static("", id="marked")
            yield Static("", id="error", classes="error")
            yield Static("space mark · type to filter · ctrl+n next kind · enter/ctrl+s assign · "
                         "ctrl+l more · escape cancel", classes="hint")

    def on_mount(self) -> None:
        table = self.query_one("#candidates", DataTable)
        # The verdict before the numbers: on a narrow terminal the numbers are cut, not it.
        for label, width in ((" ", 1), ("#", 3), ("Name", 16), ("Verdict", 14), ("4 wks", 5),
                             ("Collar/payroll", 14)):
            table.add_column(label, width=width)
        table.focus()
        self._show_marked()
        self._show_told()
        self._officer_facts()
        if self.ranked_from is not None:
            self.show_candidates(self.kind, self.ranked_from)
        else:
            self.load(self.kind)

    def _officer_facts(self) -> None:
        kinds = {self.kind, *(c.kind for c in self.marked.values())}
        self.query_one("#rest_day", Checkbox).disabled = not kinds & set(REST_DAY_KINDS)
        self.query_one("#casual", Checkbox).disabled = "officer" not in kinds

    def _show_marked(self) -> None:
        """What is marked, of every kind: all of it is assigned together."""
        names = {"officer": ("officer", "officers"), "pcso": ("PCSO", "PCSOs"),
                 "ceo": ("council officer", "council officers")}
        counts = {k: sum(1 for c in self.marked.values() if c.kind == k) for k in names}
        parts = [f"{n} {names[k][n != 1]}" for k, n in counts.items() if n]
        self.query_one("#marked", Static).update(
            "Marked: " + ", ".join(parts) + " (assigned together)" if parts
            else "Nobody marked: enter assigns the highlighted person.")

    def on_key(self, event: events.Key) -> None:
        """Typing in the list filters it: the letters go to the filter box."""
        table = self.query_one("#candidates", DataTable)
        if (self.focused is table and event.character and event.character.isprintable()
                and event.character != " "):
            event.stop()
            event.prevent_default()
            box = self.query_one("#filter", Input)
            box.value += event.character
            box.cursor_position = len(box.value)
            box.focus()

    def _told(self) -> date:
        """The day typed, looking back: `mon` is the Monday just gone, not the next one."""
        return parse_past_day(self.query_one("#told", Input).value, london_today(self.app),
                              "the day they were told")

    def _show_told(self) -> None:
        try:
            text = f"{self._told():%a %d %b}"
        except HotspotError:
            text = "not a past day"
        self.query_one("#told-day", Static).update(text)

    @on(Input.Changed, "#told")
    def _told_changed(self) -> None:
        self._show_told()

    @on(Input.Submitted, "#told")
    def _told_submitted(self) -> None:
        self.action_confirm()

    @work(thread=True, exclusive=True, group="candidates")
    def load(self, kind: str) -> None:
        try:
            found = candidates_for(self.session, self.shift_id, kind,
                                   limit=None if self.searched_all else self.limit)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, str(exc))
            return
        self.app.call_from_thread(self.show_candidates, kind, found)

    def show_candidates(self, kind: str, found: list[Candidate]) -> None:
        self.kind = kind
        self._officer_facts()
        self.all = found
        self.refilter()

    def _style(self, verdict: str) -> str:
        v = self.app.theme_variables
        return {"ok": v.get("success", ""), "warning": v.get("warning", ""),
                "needs override": v.get("error", ""), "not eligible": v.get("text-muted", ""),
                "not possible": v.get("text-muted", "")}.get(verdict, "")

    def refilter(self) -> None:
        needle = self.query_one("#filter", Input).value.strip().casefold()
        self.shown = [
            c for c in self.all
            if not needle or needle in c.name.casefold()
            or needle in (c.collar_number or "").casefold() or needle in c.payroll_number.casefold()
        ][:SHOWN]
        table = self.query_one("#candidates", DataTable)
        table.clear()
        for c in self.shown:
            hours = c.extra_minutes_4_weeks // 60
            table.add_row(
                "✓" if c.staff_id in self.marked else " ", str(c.ranked.position), c.name,
                Text(c.verdict, style=self._style(c.verdict)), f"{hours} h",
                f"{c.collar_number or '-'}/{c.payroll_number}", key=c.staff_id,
            )
        self.show_reasons()

    def current(self) -> Candidate | None:
        table = self.query_one("#candidates", DataTable)
        if not self.shown or table.cursor_row is None or table.cursor_row >= len(self.shown):
            return None
        return self.shown[table.cursor_row]

    def show_reasons(self) -> None:
        c = self.current()
        self.query_one("#reasons", Static).update(Content(
            f"{c.name}: " + "; ".join(c.ranked.reasons) if c else "Nobody matches the filter."))

    @on(DataTable.RowHighlighted, "#candidates")
    def _highlighted(self) -> None:
        self.show_reasons()

    @on(Input.Changed, "#filter")
    def _filter(self) -> None:
        """The first page holds the fairest people; a typed name may be anyone, so the first
        search ranks everyone of the kind once (in the background)."""
        if self.query_one("#filter", Input).value.strip() and not self.searched_all:
            self.searched_all = True
            self.load(self.kind)
        self.refilter()

    def action_more(self) -> None:
        if self.searched_all:
            return
        self.limit += PICKER_LIMIT
        self.load(self.kind)

    @on(ChoiceLine.Changed, "#kind")
    def _kind(self, event: ChoiceLine.Changed) -> None:
        if event.value != self.kind:
            self.limit = PICKER_LIMIT
            self.load(str(event.value))

    def action_next_kind(self) -> None:
        """Officers, PCSOs, council officers in turn; what is marked stays marked."""
        self.query_one("#kind", ChoiceLine).choose_next()
        self.query_one("#candidates", DataTable).focus()

    def action_move(self, step: int) -> None:
        table = self.query_one("#candidates", DataTable)
        if self.shown:
            table.move_cursor(row=max(0, min(len(self.shown) - 1, table.cursor_row + step)))

    def action_mark(self) -> None:
        c = self.current()
        if c is None:
            return
        if not c.ranked.eligible:
            self.show_error(f"{c.name} cannot be assigned: {c.ranked.reasons[0]}")
            return
        self.clear_error()
        if c.staff_id in self.marked:
            del self.marked[c.staff_id]
        else:
            self.marked[c.staff_id] = c
        table = self.query_one("#candidates", DataTable)
        table.update_cell(c.staff_id, table.ordered_columns[0].key,
                          "✓" if c.staff_id in self.marked else " ")
        self._show_marked()
        self._officer_facts()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self) -> None:
        self.action_confirm()

    @on(DataTable.RowSelected, "#candidates")
    def _selected(self) -> None:
        self.action_confirm()

    def action_confirm(self) -> None:
        try:
            told = self._told()
        except HotspotError as exc:
            self.show_error(f"Told on: {exc}")
            self.query_one("#told", Input).focus()
            return
        chosen = list(self.marked.values())
        kinds = {c.kind for c in chosen} if chosen else {self.kind}
        rest_day = bool(kinds & set(REST_DAY_KINDS)) and self.query_one("#rest_day", Checkbox).value
        casual = "officer" in kinds and self.query_one("#casual", Checkbox).value
        if not chosen:
            c = self.current()
            if c is None:
                self.show_error("Nobody to assign: change the filter.")
                return
            if not c.ranked.eligible:
                self.show_error(f"{c.name} cannot be assigned: {c.ranked.reasons[0]}")
                return
            chosen = [c]
        errors = [c for c in chosen if c.ranked.has_errors]
        picked = Picked(
            staff_ids=[c.staff_id for c in chosen], names=[c.name for c in chosen],
            needs_override=[c.name for c in errors],
            problems=[f"{c.name}: {v.message}" for c in errors for v in c.ranked.violations
                      if v.severity == "error"],
            told_on=told, rest_day=rest_day, casual=casual,
            options_note=", ".join(
                [f"told {told:%a %d %b}"] + (["rest day"] if rest_day else [])
                + (["casual"] if casual else [])),
        )
        if self.assign_while_open is not None and not picked.needs_override:
            if not self.handed_over:
                self.handed_over = True
                self.assign_while_open(picked)
            return
        self.dismiss(picked)
