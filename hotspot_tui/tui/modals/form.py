"""What every dialog shares, so that no form loses what was typed.

`FormModal` is the frame of every dialog: a title, one line for what went wrong, Escape to
cancel (the app's Escape first leaves a text field; a second one closes the dialog; a form
with `ESCAPE_CANCELS = True`, such as the one-line reason box, closes on the first).

`ValidatedForm` is a form that saves: subclasses lay out their fields with `field()` (the
one helper: a label, the widget and a line beside it for that field's error), read them in
`check()` and, when given `save=`, run the service call in the form itself:

    class GrantForm(ValidatedForm[str]):
        TITLE = "Grant"

        def compose_fields(self) -> ComposeResult:
            yield from self.field("grant", "Grant £", Input(id="grant", compact=True))

        def check(self, errors: FieldErrors) -> int | None:
            return errors.catch("grant", parse_pounds, self.value("grant"))

    app.push_screen(GrantForm(save=lambda pence: service.set_grant(session, pence)), done)

Saving checks every field at once, shows each error beside its field and focuses the first;
then runs `save` on a thread. The form closes only when the save succeeds; a refusal from the
service stays on screen (beside its field when it names one) until the person changes
something or tries again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator
from typing import Any, ClassVar, Generic, TypeVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widget import Widget
from textual.widgets import Button, Input, Label, Select, Static
from textual.worker import Worker, WorkerState

from hotspot_tui.errors import FormInvalid, HotspotError, ValidationFailed
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.style_files import style_file

R = TypeVar("R")
T = TypeVar("T")


class Saved:
    """What a form's save gave back, once it succeeded."""

    def __init__(self, value: Any) -> None:
        self.value = value


def text_input(value: str = "", *, id: str, max_length: int = 200, placeholder: str = "",
               **kwargs: Any) -> Input:
    """A one-line field with a bound on its length (the form's `check` refuses control
    characters with a message)."""
    return Input(value, id=id, max_length=max_length, placeholder=placeholder, compact=True,
                 **kwargs)


class FieldErrors:
    """The problems found while reading a form, by field name, in the order found."""

    def __init__(self) -> None:
        self.fields: dict[str, str] = {}

    def add(self, name: str, message: str) -> None:
        self.fields.setdefault(name, message)

    def catch(self, name: str, read: Callable[..., T], *args: Any) -> T | None:
        """`read(*args)`, or None with its ValidationFailed message noted against `name`."""
        try:
            return read(*args)
        except ValidationFailed as exc:
            self.add(name, str(exc))
            return None

    def __bool__(self) -> bool:
        return bool(self.fields)

    def __iter__(self) -> Iterator[str]:
        return iter(self.fields)


class FormModal(SteadyStyles, ModalScreen[R]):
    """A dialog; bad input shows plain text in `#error` and nothing is written."""

    DEFAULT_CSS = style_file("forms.tcss")
    SCOPED_CSS = False  # its rules are for `.form-modal`, the class every form has
    BINDINGS = [Binding("escape", "cancel", "Cancel", id="form_cancel")]
    ESCAPE_CANCELS: ClassVar[bool] = False  # True: Escape cancels even from a text field

    def __init__(self) -> None:
        super().__init__(classes="form-modal")

    def show_error(self, message: str) -> None:
        """One line (or a few) about the whole form, shown as typed, never as markup."""
        with contextlib.suppress(NoMatches):
            error = self.query_one("#error", Static)
            error.update(Content(message))
            error.set_class(bool(message), "shown")

    def clear_error(self) -> None:
        self.show_error("")

    @property
    def error_text(self) -> str:
        """Every problem shown at the moment: the form's line and each field's."""
        shown = [str(w.content) for w in self.query(".error").results(Static)
                 if w.has_class("shown") and str(w.content)]
        return "\n".join(shown)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ValidatedForm(FormModal[R], Generic[R]):
    """A form that checks every field, shows every error beside its field, and closes only
    when its save succeeds.

    Subclasses give `TITLE` (or `form_title`), `compose_fields()` using `field()`, and
    `check()`; `save` (a callable run on a thread: the service call) is optional, without it
    the checked value is the result. `ctrl+s`, enter in a field, or the Save button saves.
    """

    TITLE: ClassVar[str] = ""
    HINT: ClassVar[str] = ""
    SAVE_LABEL: ClassVar[str] = "Save"
    AUTO_FOCUS = "#form-body Input, #form-body Select, #form-body Checkbox"
    BINDINGS = [Binding("ctrl+s", "save", "Save", id="form_save")]

    def __init__(self, *, save: Callable[[Any], Any] | None = None,
                 title: str | None = None, save_label: str | None = None) -> None:
        super().__init__()
        self._save_call = save
        self.form_title = title or self.TITLE
        self.save_label = save_label or self.SAVE_LABEL
        self.saving = False
        self._fields: dict[str, Widget] = {}
        self._labels: dict[str, str] = {}

    # --- layout ------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        with Vertical(classes="panel"):
            yield Static(Content(self.form_title), classes="title", id="form-title")
            with VerticalScroll(id="form-body", can_focus=False):
                yield from self.compose_fields()
            if self.HINT:
                yield Static(Content(self.HINT), classes="hint")
            yield Static("", id="error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button(f"{self.save_label} (ctrl+s)", id="save", variant="primary",
                             compact=True)

    def compose_fields(self) -> ComposeResult:
        """The form's fields, each laid out with `field()`."""
        return iter(())

    def field(self, name: str, label: str, widget: Widget) -> ComposeResult:
        """A labelled field and the line beside it where its error appears."""
        self._fields[name] = widget
        self._labels[name] = label
        with Horizontal(classes="row", id=f"row-{name}"):
            yield Label(label, classes="field")
            yield widget
        yield Static("", id=f"e-{name}", classes="error field-error")

    # --- reading -----------------------------------------------------------------------
    def value(self, name: str) -> str:
        """The text typed in field `name` (an Input), or a Select's value as text ("" if
        none is chosen)."""
        widget = self._fields.get(name) or self.query_one(f"#{name}")
        if isinstance(widget, Select):
            return "" if widget.value is Select.NULL else str(widget.value)
        return str(getattr(widget, "value", ""))

    def check(self, errors: FieldErrors) -> Any:
        """Read the fields; note each problem in `errors` (by field name) and return the
        value to save. May also raise ValidationFailed for a problem of the whole form."""
        raise NotImplementedError

    # --- errors ------------------------------------------------------------------------
    def show_field_errors(self, fields: dict[str, str]) -> None:
        """Each message beside its field (those with no field on the form in the form's
        line), a count of them, and the cursor in the first field that needs fixing."""
        unplaced: list[str] = []
        for error in self.query(".field-error").results(Static):
            error.update("")
            error.remove_class("shown")
        for name, message in fields.items():
            try:
                line = self.query_one(f"#e-{name}", Static)
            except NoMatches:
                unplaced.append(message if ":" in message else
                                f"{name.replace('_', ' ')}: {message}")
                continue
            label = self._labels.get(name, "")
            if label and not message.casefold().startswith(label.casefold().split(" (")[0]):
                message = f"{label}: {message}"
            line.update(Content(message))
            line.add_class("shown")
        count = len(fields)
        summary = (f"{count} field{'s' if count != 1 else ''} need{'s' if count == 1 else ''}"
                   " fixing; nothing was saved" if count > len(unplaced) else "")
        self.show_error("\n".join([*unplaced, summary] if summary else unplaced))
        for name in fields:
            widget = self._fields.get(name)
            if widget is not None and widget.focusable:
                widget.focus()
                self.call_after_refresh(widget.scroll_visible)
                break

    def clear_field_error(self, name: str) -> None:
        with contextlib.suppress(NoMatches):
            line = self.query_one(f"#e-{name}", Static)
            line.update("")
            line.remove_class("shown")

    # --- saving ------------------------------------------------------------------------
    def action_save(self) -> None:
        if self.saving:
            return
        errors = FieldErrors()
        try:
            value = self.check(errors)
        except FormInvalid as exc:
            for name, message in exc.fields.items():
                errors.add(name, message)
        except ValidationFailed as exc:
            self.show_field_errors({})
            self.show_error(str(exc))
            return
        if errors:
            self.show_field_errors(errors.fields)
            return
        self.show_field_errors({})
        if self._save_call is None:
            self.dismiss(value)
            return
        self.saving = True
        self.show_error("Saving…")
        self._run_save(value)

    @work(thread=True, exclusive=True, group="form-save")
    def _run_save(self, value: Any) -> Saved | None:
        assert self._save_call is not None
        try:
            result = self._save_call(value)
        except FormInvalid as exc:
            self.app.call_from_thread(self._refused, exc.fields, None)
            return None
        except HotspotError as exc:
            self.app.call_from_thread(self._refused, {}, exc.message)
            return None
        return Saved(value if result is None else result)

    @on(Worker.StateChanged)
    def _save_finished(self, event: Worker.StateChanged) -> None:
        """The form closes once its save has finished (not from inside it), so the page
        behind shows the change with no save of this form still running."""
        result = event.worker.result
        if event.state == WorkerState.SUCCESS and isinstance(result, Saved):
            self._saved(result.value)

    def _refused(self, fields: dict[str, str], message: str | None) -> None:
        self.saving = False
        self.show_field_errors(fields)
        if message:
            self.show_error(f"Not saved: {message}")

    def _saved(self, result: Any) -> None:
        self.saving = False
        self.dismiss(result)

    # --- events ------------------------------------------------------------------------
    @on(Input.Changed)
    def _edited(self, event: Input.Changed) -> None:
        """The person acted: what was said about this field, and about the last try, goes."""
        for name, widget in self._fields.items():
            if widget is event.input:
                self.clear_field_error(name)
        if not self.saving and self.query_one("#error", Static).has_class("shown"):
            self.clear_error()

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#save")
    def _save_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_save()

    @on(Button.Pressed, "#cancel")
    def _cancel_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_cancel()
