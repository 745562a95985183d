"""Ask for a reason in words: taking someone off, overriding a rule, cancelling a patrol."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import Input, Static

from hotspot_tui.tui.modals.form import FormModal


class ReasonModal(FormModal[str]):
    """One line of text that must not be empty; enter to confirm, escape to cancel."""

    def __init__(self, title: str, prompt: str, *, placeholder: str = "Reason") -> None:
        super().__init__()
        self.title_text = title
        self.prompt = prompt
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static(self.title_text, classes="title")
            yield Static(self.prompt, classes="hint")
            yield Input(placeholder=self.placeholder, id="reason", max_length=500, compact=True)
            yield Static("", id="error", classes="error")
            yield Static("enter confirm · escape cancel", classes="hint")

    @on(Input.Submitted, "#reason")
    def confirm(self, event: Input.Submitted) -> None:
        text = event.value.strip()
        if not text:
            self.show_error("A reason is required: type why, then press enter.")
            return
        self.dismiss(text)
