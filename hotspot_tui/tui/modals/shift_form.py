"""Create or edit a patrol: area, date, times, cover, planned break and notes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Select

from hotspot_tui.domain import clock
from hotspot_tui.domain.clock import ClockTime
from hotspot_tui.domain.dates import parse_day
from hotspot_tui.domain.patterns import MAX_NEED
from hotspot_tui.domain.text import NOTES_MAX, clean_text
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.roster import AreaChoice
from hotspot_tui.services.shifts import ShiftDraft, check_times
from hotspot_tui.tui.modals.form import FieldErrors, ValidatedForm, text_input

R = TypeVar("R")


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
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_NEED:
        raise ValidationFailed(f"{what} must be a whole number from 0 to {MAX_NEED}")
    return int(text)


class ShiftFormModal(ValidatedForm[R]):
    """A patrol's area, day, times, cover, break and notes; every field is checked at once
    and the form stays open until the patrol is saved."""

    HINT = ("A finish at or before the start is the next morning. When the clocks go back, "
            "01:30 BST is the first 01:30 and 01:30 GMT the second.")

    def __init__(self, areas: list[AreaChoice], today: date, draft: ShiftDraft | None = None,
                 *, editing: bool = False, save: Callable[[ShiftDraft], R]) -> None:
        super().__init__(save=save, title="Edit patrol" if editing else "New patrol")
        self.areas = areas
        self.today = today
        self.draft = draft
        self.editing = editing

    def on_mount(self) -> None:
        if self.draft is not None:  # the area is known: start at the date
            self.query_one("#day").focus()

    def compose_fields(self) -> ComposeResult:
        d = self.draft
        yield from self.field("area", "Area", Select(
            [(Content(a.name), a.id) for a in self.areas], id="area", allow_blank=True,
            value=d.area_id if d else Select.NULL, disabled=self.editing, compact=True))
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
            yield from self.field(ident, label, text_input(
                value, id=ident, max_length=NOTES_MAX if ident == "notes" else 40,
                placeholder="blank: as the working-time rules ask" if ident == "break" else ""))

    def check(self, errors: FieldErrors) -> ShiftDraft | None:
        area = self.value("area")
        if not area:
            errors.add("area", "choose the area for the patrol")
        day = None
        if not self.value("day").strip():
            errors.add("day", "type the day of the patrol, e.g. fri or 2026-12-05")
        else:
            day = errors.catch("day", parse_day, self.value("day"), self.today)
        start = errors.catch("start", parse_clock, self.value("start"), "Start")
        end = errors.catch("end", parse_clock, self.value("end"), "Finish")
        if start is not None and end is not None and start.at == end.at:
            errors.add("end", "the start and finish are the same time")
        labels = (("officer", "Officers"), ("pcso", "PCSOs"), ("ceo", "Council officers"))
        need = {k: errors.catch(k, parse_count, self.value(k), label) for k, label in labels}
        if all(v == 0 for v in need.values()):
            errors.add("officer", "a patrol needs at least one person")
        minutes = errors.catch("break", parse_break, self.value("break"))
        notes = errors.catch("notes", clean_text, self.value("notes"), "Notes", NOTES_MAX)
        if errors or day is None or start is None or end is None:
            return None
        draft = ShiftDraft(area, day, start.at, end.at, {k: v or 0 for k, v in need.items()},
                           notes or "", minutes, start.zone, end.zone)
        errors.catch("end", check_times, draft)
        return draft
