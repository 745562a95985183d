"""`b`: book what happened — actual on/off times, a no-show, or a cancellation."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Select, Static

from hotspot_tui.domain.clock import BadTimeText, LocalTimeError, parse_instant, wall_text
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.tui.modals.form import ValidatedForm


@dataclass(frozen=True)
class Booking:
    outcome: str  # "worked" | "no_show" | "cancelled"
    start: datetime | None = None
    end: datetime | None = None
    reason: str | None = None


def _instant(text: str, what: str) -> datetime:
    try:
        return parse_instant(text)
    except BadTimeText as exc:
        raise ValidationFailed(f"{what}: type a date and time like 2026-11-27 18:00") from exc
    except LocalTimeError as exc:
        raise ValidationFailed(f"{what}: {exc}") from exc


class BookModal(ValidatedForm[Booking]):
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="book_save")]

    def __init__(self, name: str, planned_start: datetime, planned_end: datetime) -> None:
        """`planned_start` and `planned_end` are instants (shown in Europe/London)."""
        super().__init__()
        self.person = name
        self.planned = (planned_start, planned_end)

    def compose(self) -> ComposeResult:
        start, end = self.planned
        with Vertical(classes="panel"):
            yield Static(f"Book hours: {self.person}", classes="title")
            with Horizontal(classes="row"):
                yield Label("What happened", classes="field")
                yield Select([("Worked", "worked"), ("No-show", "no_show"),
                              ("Cancelled (came off)", "cancelled")],
                             value="worked", allow_blank=False, id="outcome", compact=True)
            with Horizontal(classes="row"):
                yield Label("On duty", classes="field")
                yield Input(value=wall_text(start), id="on", compact=True)
            with Horizontal(classes="row"):
                yield Label("Off duty", classes="field")
                yield Input(value=wall_text(end), id="off", compact=True)
            with Horizontal(classes="row"):
                yield Label("Reason", classes="field")
                yield Input(placeholder="needed when cancelled", id="reason", compact=True)
            yield Static("Times are Europe/London, e.g. 2026-11-27 18:00; when the clocks go "
                         "back, 01:30 BST is the first 01:30 and 01:30 GMT the second.",
                         classes="hint")
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    def build(self) -> Booking:
        outcome = str(self.query_one("#outcome", Select).value)
        reason = self.query_one("#reason", Input).value.strip() or None
        if outcome == "no_show":
            return Booking("no_show", reason=reason)
        if outcome == "cancelled":
            if not reason:
                raise ValidationFailed("Reason: say why this person came off the patrol")
            return Booking("cancelled", reason=reason)
        start = _instant(self.query_one("#on", Input).value, "On duty")
        end = _instant(self.query_one("#off", Input).value, "Off duty")
        if end <= start:
            raise ValidationFailed("the off-duty time must be after the on-duty time")
        if (end - start).total_seconds() > 24 * 3600:
            raise ValidationFailed("those times span more than 24 hours: check the dates")
        return Booking("worked", start, end, reason)

