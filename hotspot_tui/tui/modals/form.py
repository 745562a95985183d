"""What every form modal shares: a title, an inline error line, cancel on escape."""

from __future__ import annotations

from typing import TypeVar

from textual import on
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Static

from hotspot_tui.errors import ValidationFailed

R = TypeVar("R")


class FormModal(ModalScreen[R]):
    """A modal form; bad input shows one plain line in `#error` and nothing is written."""

    CSS_PATH = "../styles/forms.tcss"
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form_cancel")]

    def __init__(self) -> None:
        super().__init__(classes="form-modal")

    def show_error(self, message: str) -> None:
        error = self.query_one("#error", Static)
        error.update(message)
        error.set_class(bool(message), "shown")

    def clear_error(self) -> None:
        self.show_error("")

    @property
    def error_text(self) -> str:
        return str(self.query_one("#error", Static).content)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ValidatedForm(FormModal[R]):
    """A form whose `build()` returns the result or raises ValidationFailed; enter or Save
    submits, and a refusal is shown inline with the form kept open."""

    def build(self) -> R:
        raise NotImplementedError

    def action_save(self) -> None:
        try:
            result = self.build()
        except ValidationFailed as exc:
            self.show_error(str(exc))
            return
        self.dismiss(result)

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel(self) -> None:
        self.dismiss(None)
