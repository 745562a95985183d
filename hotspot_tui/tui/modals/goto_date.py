"""`g`: jump to a date typed as a person would say it."""

from __future__ import annotations

from datetime import date

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from hotspot_tui.domain.dates import parse_day
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.tui.modals.form import FormModal


class GotoDateModal(FormModal[date]):
    def __init__(self, today: date) -> None:
        super().__init__()
        self.today = today

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static("Go to date", classes="title")
            yield Static("e.g. next fri · 5 dec · 2026-12-05 · tomorrow · +7", classes="hint")
            yield Input(placeholder="date", id="when", compact=True)
            yield Static("", id="error", classes="error")

    @on(Input.Changed, "#when")
    def _changed(self) -> None:
        self.clear_error()

    @on(Input.Submitted, "#when")
    def confirm(self, event: Input.Submitted) -> None:
        try:
            day = parse_day(event.value, self.today)
        except ValidationFailed as exc:
            self.show_error(str(exc))
            return
        self.dismiss(day)
