"""Validated modal forms for the budget: nothing is written until the service accepts it.

A form checks money, dates and text when saved, each problem beside its field, then runs its
save action in a thread worker; any error from the service is shown and the form stays open.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Select, Static

from hotspot_tui.domain.budget import parse_pounds
from hotspot_tui.domain.dates import parse_day
from hotspot_tui.domain.text import NAME_MAX, plain_text_problem
from hotspot_tui.tui.clock import london_today
from hotspot_tui.tui.modals.form import FieldErrors, ValidatedForm, text_input
from hotspot_tui.tui.steady_styles import SteadyStyles


@dataclass
class Field:
    name: str
    label: str
    value: str = ""
    kind: str = "text"  # text | pounds | pounds_optional | date | select
    placeholder: str = ""
    options: list[tuple[str, str]] = field(default_factory=list)  # (label, value) for select
    prompt: str | None = "(whole operation)"  # a select's blank choice; None: no blank


class FieldsForm(ValidatedForm[bool]):
    """A small form described by a list of `Field`s; `save(values)` runs on a thread and the
    form closes (with True) only when it succeeds."""

    def __init__(self, title: str, fields: list[Field],
                 save: Callable[[dict[str, str | None]], object]) -> None:
        def saved(values: dict[str, str | None]) -> bool:
            save(values)
            return True

        super().__init__(save=saved, title=title)
        self.fields = fields

    def compose_fields(self) -> ComposeResult:
        for f in self.fields:
            if f.kind == "select":
                options = [(Content(label), value) for label, value in f.options]
                if f.prompt is None:
                    widget: Widget = Select(options, value=f.value or f.options[0][1],
                                            allow_blank=False, id=f"f-{f.name}", compact=True)
                else:
                    widget = Select(options, value=f.value if f.value else Select.NULL,
                                    allow_blank=True, prompt=f.prompt, id=f"f-{f.name}",
                                    compact=True)
            else:
                widget = text_input(f.value, placeholder=f.placeholder, id=f"f-{f.name}",
                                    max_length=NAME_MAX)
            yield from self.field(f.name, f.label, widget)

    def values(self) -> dict[str, str | None]:
        return {f.name: (self.value(f.name) or None) if f.kind == "select" else self.value(f.name)
                for f in self.fields}

    def check(self, errors: FieldErrors) -> dict[str, str | None]:
        values = self.values()
        for f in self.fields:
            text = self.value(f.name)
            if f.kind == "select":
                continue
            problem = plain_text_problem(text, NAME_MAX)
            if problem:
                errors.add(f.name, problem)
            elif f.kind in ("pounds", "pounds_optional") and (f.kind == "pounds" or text.strip()):
                try:
                    parse_pounds(text)
                except ValueError as exc:
                    errors.add(f.name, str(exc))
            elif f.kind == "date":
                day = errors.catch(f.name, parse_day, text, london_today(self.app))
                if day is not None:
                    values[f.name] = day.isoformat()
        return values


class ConfirmModal(SteadyStyles, ModalScreen[bool]):
    """Yes or no; the question is shown as written (it may name a spend line)."""

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
            yield Static(Content(self.question))  # it names user text: never markup
            with Horizontal():
                yield Button("No", id="no")
                yield Button("Yes", variant="error", id="yes")

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)
