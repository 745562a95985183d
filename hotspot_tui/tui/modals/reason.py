"""Ask for a reason in words: taking someone off, overriding a rule, cancelling a patrol."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from hotspot_tui.domain.text import REASON_MAX, clean_text
from hotspot_tui.tui.modals.form import FieldErrors, ValidatedForm, text_input


class ReasonModal(ValidatedForm[str]):
    """One line of text that must not be empty; enter to confirm, escape to cancel (at
    once, even while typing: nothing is saved). With `save`, the change is made here and the
    box stays open if it is refused."""

    SAVE_LABEL = "Confirm"
    ESCAPE_CANCELS = True  # the only field: leaving it first would be a wasted key

    def __init__(self, title: str, prompt: str, *, placeholder: str = "Reason",
                 save: Callable[[str], Any] | None = None) -> None:
        super().__init__(save=save, title=title)
        self.prompt = prompt
        self.placeholder = placeholder

    def compose_fields(self) -> ComposeResult:
        yield Static(Content(self.prompt), classes="hint")
        yield from self.field("reason", "Reason", text_input(
            placeholder=self.placeholder, id="reason", max_length=REASON_MAX))

    def check(self, errors: FieldErrors) -> str | None:
        text = errors.catch("reason", clean_text, self.value("reason"), "The reason", REASON_MAX)
        if text == "":
            errors.add("reason", "A reason is required: type why, then press enter.")
        return text
