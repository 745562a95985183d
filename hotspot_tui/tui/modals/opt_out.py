"""Sign or withdraw a person's 48-hour opt-out from a date, saying what was signed."""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from hotspot_tui.domain.dates import parse_day
from hotspot_tui.errors import HotspotError
from hotspot_tui.services import worktime
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.steady_styles import SteadyStyles


class OptOutModal(SteadyStyles, ModalScreen[bool]):
    """From (a date: today, 1 dec, 2026-12-01) and a note of what was signed; `enter` saves."""

    app = getters.app(HotspotApp)

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="optout.cancel")]
    DEFAULT_CSS = """
    OptOutModal { align: center middle; }
    OptOutModal > Vertical {
        width: 72; max-width: 100%; height: auto; border: round $accent;
        background: $surface; padding: 0 1;
    }
    OptOutModal #question { text-style: bold; margin-bottom: 1; }
    OptOutModal .row { height: 1; }
    OptOutModal .row Label { width: 8; }
    OptOutModal #optout-error { color: $error; height: auto; }
    OptOutModal #buttons { height: 1; margin-top: 1; align-horizontal: right; }
    OptOutModal #buttons Button { margin-left: 2; }
    """

    def __init__(self, staff_id: str, name: str, *, withdraw: bool, today: date) -> None:
        super().__init__()
        self.staff_id = staff_id
        self.person_name = name
        self.withdraw = withdraw
        self.today = today

    def compose(self) -> ComposeResult:
        verb = "Withdraw" if self.withdraw else "Record"
        with Vertical():
            yield Static(Text(f"{verb} the 48-hour opt-out of {self.person_name}"), id="question")
            yield Static(
                "From that day their patrols count against the 48-hour average again; any "
                "breach this brings is listed on the dashboard." if self.withdraw else
                "From that day a 48-hour average above the limit is a warning, not a breach "
                "(a night worker's limit still applies).")
            with Horizontal(classes="row"):
                yield Label("From")
                yield Input(value=f"{self.today:%Y-%m-%d}", id="from", compact=True)
            with Horizontal(classes="row"):
                yield Label("Note")
                yield Input(placeholder="what was signed or withdrawn (audited)", id="reason",
                            compact=True)
            yield Static("", id="optout-error")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(verb, id="confirm", variant="warning", compact=True)

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#confirm")
    def confirm(self) -> None:
        try:
            day = parse_day(self.query_one("#from", Input).value, self.today)
        except HotspotError as exc:
            self.show_error(f"From: {exc.message}")
            return
        self.run(day, self.query_one("#reason", Input).value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @work(thread=True, exclusive=True, group="staff-opt-out")
    def run(self, day: date, reason: str) -> None:
        try:
            worktime.set_opt_out(self.app.session, self.staff_id, not self.withdraw, day, reason)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, exc.message)
            return
        self.app.call_from_thread(self.dismiss, True)

    def show_error(self, message: str) -> None:
        self.query_one("#optout-error", Static).update(Text(message))
