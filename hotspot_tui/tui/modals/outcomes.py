"""`o`: what the patrol achieved — arrests, searches, weapons and ASB powers used."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Input, Label, Static

from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.outcomes import COUNTS, LABELS
from hotspot_tui.tui.modals.form import ValidatedForm


class OutcomesModal(ValidatedForm[dict]):
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="outcomes_save")]

    def __init__(self, current: dict[str, object]) -> None:
        super().__init__()
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static("Patrol outcomes", classes="title")
            for key in COUNTS:
                with Horizontal(classes="row"):
                    yield Label(LABELS[key], classes="field")
                    yield Input(value=str(self.current.get(key, 0)), id=key, compact=True)
            with Horizontal(classes="row"):
                yield Label("Notes", classes="field")
                yield Input(value=str(self.current.get("notes", "")), id="notes", compact=True)
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel")
                yield Button("Save", id="save", variant="primary")

    def build(self) -> dict[str, object]:
        counts: dict[str, object] = {}
        for key in COUNTS:
            text = self.query_one(f"#{key}", Input).value.strip() or "0"
            if not text.isdigit() or int(text) > 10_000:
                raise ValidationFailed(f"{LABELS[key]}: {text!r} is not a whole number from 0 to 10000")
            counts[key] = int(text)
        counts["notes"] = self.query_one("#notes", Input).value.strip()
        return counts

