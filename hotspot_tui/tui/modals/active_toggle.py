"""Deactivate a person (a reason is required) or bring them back."""

from __future__ import annotations

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from hotspot_tui.errors import HotspotError
from hotspot_tui.services import staff as staff_service
from hotspot_tui.services.staff import FormInvalid


class ActiveToggle(ModalScreen[bool]):
    """Say why; `enter` confirms, `escape` cancels."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="toggle.cancel")]
    DEFAULT_CSS = """
    ActiveToggle { align: center middle; }
    ActiveToggle > Vertical {
        width: 70; max-width: 100%; height: auto; border: round $accent;
        background: $surface; padding: 0 1;
    }
    ActiveToggle #question { text-style: bold; margin-bottom: 1; }
    ActiveToggle #reason-error { color: $error; height: auto; }
    ActiveToggle #buttons { height: 1; margin-top: 1; align-horizontal: right; }
    ActiveToggle #buttons Button { margin-left: 2; }
    """

    def __init__(self, staff_id: str, name: str, *, activate: bool) -> None:
        super().__init__()
        self.staff_id = staff_id
        self.person_name = name
        self.activate = activate

    def compose(self) -> ComposeResult:
        verb = "Reactivate" if self.activate else "Deactivate"
        with Vertical():
            yield Static(f"{verb} {self.person_name}?", id="question")
            yield Static(
                "They will be offered for patrols again." if self.activate else
                "They stay in the records and the audit trail but are no longer offered for patrols.")
            yield Input(placeholder="reason (required)" if not self.activate else "reason (optional)",
                        id="reason", compact=True)
            yield Static("", id="reason-error")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(verb, id="confirm", variant="warning", compact=True)

    def on_mount(self) -> None:
        self.query_one("#reason", Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#confirm")
    def confirm(self) -> None:
        self.run(self.query_one("#reason", Input).value)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    @work(thread=True, exclusive=True, group="staff-active")
    def run(self, reason: str) -> None:
        try:
            staff_service.set_active(self.app.session, self.staff_id, self.activate, reason)  # type: ignore[attr-defined]
        except FormInvalid as exc:
            self.app.call_from_thread(self.show_error, exc.fields.get("reason", exc.message))
            return
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, exc.message)
            return
        self.app.call_from_thread(self.dismiss, True)

    def show_error(self, message: str) -> None:
        self.query_one("#reason-error", Static).update(message)
        self.query_one("#reason", Input).focus()
