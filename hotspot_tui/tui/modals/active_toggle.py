"""Deactivate a person (a reason is required) or bring them back."""

from __future__ import annotations

from textual import getters
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from hotspot_tui.domain.text import REASON_MAX
from hotspot_tui.services import staff as staff_service
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.modals.form import FieldErrors, ValidatedForm, text_input


class ActiveToggle(ValidatedForm[bool]):
    """Say why; `enter` confirms, `escape` cancels. A refusal stays on screen."""

    app = getters.app(HotspotApp)

    def __init__(self, staff_id: str, name: str, *, activate: bool) -> None:
        verb = "Reactivate" if activate else "Deactivate"
        super().__init__(save=self._store, title=f"{verb} {name}?", save_label=verb)
        self.staff_id = staff_id
        self.person_name = name
        self.activate = activate

    def compose_fields(self) -> ComposeResult:
        yield Static(Content(
            "They will be offered for patrols again." if self.activate else
            "They stay in the records and the audit trail but are no longer offered for patrols."),
            classes="hint")
        yield from self.field("reason", "Reason", text_input(
            placeholder="reason (optional)" if self.activate else "reason (required)",
            id="reason", max_length=REASON_MAX))

    def check(self, errors: FieldErrors) -> str:
        return self.value("reason")

    def _store(self, reason: str) -> bool:
        staff_service.set_active(self.app.session, self.staff_id, self.activate, reason)
        return True
