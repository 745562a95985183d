"""Create or edit a patrol: area, date, times, cover, planned break and notes."""

from __future__ import annotations

import re
from datetime import date, time

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from hotspot_tui.domain.dates import parse_day
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.roster import AreaChoice
from hotspot_tui.services.shifts import ShiftDraft
from hotspot_tui.tui.modals.form import ValidatedForm

_TIME = re.compile(r"^([0-9]{1,2})(?::?([0-9]{2}))?$")


def _shown(text: str) -> str:
    """Typed text as one line, for a message."""
    return " ".join(text.split())[:20] or "nothing"


def parse_clock(text: str, what: str) -> time:
    m = _TIME.match(text.strip())
    if not m:
        raise ValidationFailed(f"{what}: {_shown(text)} is not a time like 18:00")
    h, mins = int(m.group(1)), int(m.group(2) or 0)
    if h > 23 or mins > 59:
        raise ValidationFailed(f"{what}: {_shown(text)} is not a time of day")
    return time(h, mins)


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
                ("start", "Start (24 h)", f"{d.start:%H:%M}" if d else "18:00"),
                ("end", "Finish (24 h)", f"{d.end:%H:%M}" if d else "02:00"),
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
            yield Static("A finish at or before the start is the next morning.", classes="hint")
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
        if start == end:
            raise ValidationFailed("the start and finish are the same time")
        need = {k: parse_count(self._value(k), label) for k, label in
                (("officer", "Officers"), ("pcso", "PCSOs"), ("ceo", "Council officers"))}
        if not any(need.values()):
            raise ValidationFailed("a patrol needs at least one person")
        return ShiftDraft(str(area), day, start, end, need, self._value("notes").strip(),
                          parse_break(self._value("break")))

