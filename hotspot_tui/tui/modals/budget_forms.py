"""Validated modal forms for the budget: nothing is written until the service accepts it.

A form checks what it can as you type (money and dates), then runs its save action in a
thread worker; any error from the service is shown inline and the form stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.validation import ValidationResult, Validator
from textual.widgets import Button, Input, Label, Select, Static

from hotspot_tui.domain.budget import parse_pounds
from hotspot_tui.errors import HotspotError


class PoundsValidator(Validator):
    def __init__(self, *, optional: bool = False) -> None:
        super().__init__()
        self.optional = optional

    def validate(self, value: str) -> ValidationResult:
        if self.optional and not value.strip():
            return self.success()
        try:
            parse_pounds(value)
        except ValueError as exc:
            return self.failure(str(exc))
        return self.success()


class DateValidator(Validator):
    def validate(self, value: str) -> ValidationResult:
        try:
            date.fromisoformat(value.strip())
        except ValueError:
            return self.failure(f"{value.strip() or 'nothing'!r} is not a date like 2027-04-30")
        return self.success()


@dataclass
class Field:
    name: str
    label: str
    value: str = ""
    kind: str = "text"  # text | pounds | pounds_optional | date | select
    placeholder: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)  # (label, value) for select
    prompt: str | None = "(whole operation)"  # a select's blank choice; None: no blank


class FormModal(ModalScreen[bool]):
    """A small form: fields, Save / Cancel, and one line for what is wrong."""

    AUTO_FOCUS = "Input, Select"

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
    ]
    DEFAULT_CSS = """
    FormModal { align: center middle; }
    FormModal > VerticalScroll {
        width: 70; max-width: 95%; height: auto; max-height: 95%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    FormModal .title { text-style: bold; margin-bottom: 1; }
    FormModal Label { margin-top: 1; color: $text-muted; }
    FormModal Input { background: $boost; }
    FormModal Input, FormModal Select { width: 100%; }
    FormModal #error { color: $error; height: auto; min-height: 1; }
    FormModal Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    FormModal Button { margin-left: 2; }
    """

    def __init__(self, title: str, fields: list[Field],
                 save: Callable[[dict[str, str | None]], None]) -> None:
        super().__init__()
        self.form_title = title
        self.fields = fields
        self.save = save

    def compose(self) -> ComposeResult:
        with VerticalScroll():
            yield Static(self.form_title, classes="title")
            for f in self.fields:
                yield Label(f.label)
                if f.kind == "select":
                    if f.prompt is None:
                        yield Select(f.options, value=f.value or f.options[0][1], allow_blank=False,
                                     id=f"f-{f.name}", compact=True)
                    else:
                        yield Select(f.options, value=f.value if f.value else Select.NULL,
                                     allow_blank=True, prompt=f.prompt, id=f"f-{f.name}", compact=True)
                    continue
                validators: list[Validator] = []
                if f.kind == "pounds":
                    validators = [PoundsValidator()]
                elif f.kind == "pounds_optional":
                    validators = [PoundsValidator(optional=True)]
                elif f.kind == "date":
                    validators = [DateValidator()]
                yield Input(f.value, placeholder=f.placeholder, validators=validators,
                            validate_on=["changed", "submitted"], id=f"f-{f.name}", compact=True)
            yield Static("", id="error")
            with Horizontal():
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save", variant="primary", id="save", compact=True)

    def values(self) -> dict[str, str | None]:
        out: dict[str, str | None] = {}
        for f in self.fields:
            widget = self.query_one(f"#f-{f.name}")
            if isinstance(widget, Select):
                out[f.name] = None if widget.value is Select.NULL else str(widget.value)
            else:
                out[f.name] = widget.value  # type: ignore[attr-defined]
        return out

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(message)

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        result = event.validation_result
        if result is not None and not result.is_valid:
            self.show_error(result.failure_descriptions[0])
        else:
            self.show_error("")

    @on(Input.Submitted)
    def _submitted(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        for f in self.fields:
            widget = self.query_one(f"#f-{f.name}")
            if isinstance(widget, Input):
                result = widget.validate(widget.value)
                if result is not None and not result.is_valid:
                    self.show_error(f"{f.label}: {result.failure_descriptions[0]}")
                    widget.focus()
                    return
        self.show_error("Saving…")
        self._run_save(self.values())

    @work(thread=True, exclusive=True, group="form-save")
    def _run_save(self, values: dict[str, str | None]) -> None:
        try:
            self.save(values)
        except HotspotError as exc:
            self.app.call_from_thread(self.show_error, exc.message)
            return
        self.app.call_from_thread(self.dismiss, True)


class ConfirmModal(ModalScreen[bool]):
    """Yes or no."""

    BINDINGS = [
        Binding("escape,n", "answer(False)", "No", id="confirm.no"),
        Binding("y", "answer(True)", "Yes", id="confirm.yes"),
    ]
    DEFAULT_CSS = """
    ConfirmModal { align: center middle; }
    ConfirmModal > Vertical {
        width: 60; max-width: 95%; height: auto; border: round $warning; background: $surface;
        padding: 0 1;
    }
    ConfirmModal Horizontal { height: auto; align-horizontal: right; margin-top: 1; }
    ConfirmModal Button { margin-left: 1; }
    """

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(self.question)
            with Horizontal():
                yield Button("No", id="no")
                yield Button("Yes", variant="error", id="yes")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
