"""Create or edit a patrol: area, date, times, cover, planned break and notes."""

from __future__ import annotations

from datetime import date

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from hotspot_tui.domain import clock
from hotspot_tui.domain.clock import ClockTime
from hotspot_tui.domain.dates import parse_day
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.roster import AreaChoice
from hotspot_tui.services.shifts import ShiftDraft, check_times
from hotspot_tui.tui.modals.form import ValidatedForm


def _shown(text: str) -> str:
    """Typed text as one line, for a message."""
    return " ".join(text.split())[:20] or "nothing"


def parse_clock(text: str, what: str) -> ClockTime:
    """A time field: ``18:00``, or ``01:30 BST`` / ``01:30 GMT`` on the night the clocks go back."""
    try:
        return clock.parse_clock(text)
    except clock.BadTimeText as exc:
        raise ValidationFailed(f"{what}: {exc}") from None


def parse_break(text: str) -> int | None:
    """Blank: the rules' break for the patrol's length; else whole minutes."""
    text = text.strip().removesuffix("min").strip()
    if not text:
        return None
    if not (text.isascii() and text.isdigit()):
        raise ValidationFailed(f"Break: {_shown(text)} is not a whole number of minutes")
    return int(text)


def parse_count(text: str, what: str) -> int:
    text = text.strip() or "0"
    if not (text.isascii() and text.isdigit()) or int(text) > 50:
        raise ValidationFailed(f"{what} must be a whole number from 0 to 50")
    return int(text)


class ShiftFormModal(ValidatedForm[ShiftDraft]):
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="shift_save")]

    def __init__(self, areas: list[AreaChoice], today: date, draft: ShiftDraft | None = None,
                 *, editing: bool = False) -> None:
        super().__init__()
        self.areas = areas
        self.today = today
        self.draft = draft
        self.editing = editing

    def compose(self) -> ComposeResult:
        d = self.draft
        with Vertical(classes="panel"):
            yield Static("Edit patrol" if self.editing else "New patrol", classes="title")
            with Horizontal(classes="row"):
                yield Label("Area", classes="field")
                yield Select([(a.name, a.id) for a in self.areas], id="area", allow_blank=True,
                             value=d.area_id if d else Select.NULL, disabled=self.editing,
                             compact=True)
            for ident, label, value in (
                ("day", "Date", d.day.isoformat() if d else ""),
                ("start", "Start (24 h)", ClockTime(d.start, d.start_zone).text() if d else "18:00"),
                ("end", "Finish (24 h)", ClockTime(d.end, d.end_zone).text() if d else "02:00"),
                ("officer", "Officers", str(d.need.get("officer", 0)) if d else "2"),
                ("pcso", "PCSOs", str(d.need.get("pcso", 0)) if d else "1"),
                ("ceo", "Council officers", str(d.need.get("ceo", 0)) if d else "0"),
                ("break", "Break (min)",
                 str(d.break_minutes) if d and d.break_minutes is not None else ""),
                ("notes", "Notes", d.notes if d else ""),
            ):
                with Horizontal(classes="row"):
                    yield Label(label, classes="field")
                    yield Input(value=value, id=ident, compact=True,
                                placeholder="blank: as the working-time rules ask"
                                if ident == "break" else "")
            yield Static("A finish at or before the start is the next morning. When the clocks "
                         "go back, 01:30 BST is the first 01:30 and 01:30 GMT the second.",
                         classes="hint")
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    def _value(self, ident: str) -> str:
        return self.query_one(f"#{ident}", Input).value

    def build(self) -> ShiftDraft:
        area = self.query_one("#area", Select).value
        if area is Select.NULL:
            raise ValidationFailed("choose the area for the patrol")
        if not self._value("day").strip():
            raise ValidationFailed("Date: type the day of the patrol, e.g. fri or 2026-12-05")
        day = parse_day(self._value("day"), self.today)
        start = parse_clock(self._value("start"), "Start")
        end = parse_clock(self._value("end"), "Finish")
        if start.at == end.at:
            raise ValidationFailed("the start and finish are the same time")
        need = {k: parse_count(self._value(k), label) for k, label in
                (("officer", "Officers"), ("pcso", "PCSOs"), ("ceo", "Council officers"))}
        if not any(need.values()):
            raise ValidationFailed("a patrol needs at least one person")
        draft = ShiftDraft(str(area), day, start.at, end.at, need, self._value("notes").strip(),
                           parse_break(self._value("break")), start.zone, end.zone)
        check_times(draft)
        return draft

