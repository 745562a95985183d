"""First run: the operation's facts in one form, instead of empty sections."""

from __future__ import annotations

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Input, Label, Select, Static, TextArea

from hotspot_tui.config import user_path
from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.operation_file import OperationFile
from hotspot_tui.domain.operation_form import (
    AREA_HELP,
    CHOICES,
    EMPLOYER_HELP,
    SINGLE_FIELDS,
    FormErrors,
    FormRefused,
    FormText,
    form_to_operation,
    operation_to_form,
    preset_area_places,
    preset_areas_text,
)
from hotspot_tui.errors import HotspotError
from hotspot_tui.services import setup as service
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.footer import KeysFooter
from hotspot_tui.tui.roles import RoleAware, permitted
from hotspot_tui.tui.steady_styles import SteadyStyles
from hotspot_tui.tui.title_bar import TitleBar

DEFAULTS = {"force.day_starts": "07:00", "pay_periods.kind": "calendar_month",
            "bank_holidays.policy": "observed"}
LIST_FIELDS = (("areas", "Hotspot areas", AREA_HELP), ("employers", "Councils and BIDs (optional)",
                                                       EMPLOYER_HELP))


def _id(key: str) -> str:
    return key.replace(".", "-")


class SetupScreen(SteadyStyles, RoleAware, Screen[None]):
    """This database has no operation yet. Fill in its facts, the same ones an operation
    file holds, and save them all at once: the grant and dates, the force (the employer of
    every officer and PCSO), how pay periods are cut, the force day and which date of a
    weekend bank holiday is paid as the holiday, the hotspot areas with their finance cost
    codes and allocations, and the councils and BIDs with their hourly recharge rates.

    `ctrl+t` fills in the twelve Hertfordshire hotspot areas; `ctrl+o` loads an operation
    file (write one with `hotspot-tui setup --example`) into the form to review. A mistake
    is shown beside its field and nothing is saved until every field is right. Saving
    writes everything in one step, recorded in the audit trail, and opens the dashboard."""

    app = getters.app(HotspotApp)

    HELP_TITLE = "Set up the operation"
    BINDINGS = [
        Binding("ctrl+s", "save", "Save", id="setup.save"),
        Binding("ctrl+o", "load_file", "Load file", id="setup.load"),
        Binding("ctrl+t", "preset_areas", "12 Herts areas", id="setup.preset"),
    ]
    NEEDS = {
        "save": Permission.SETTINGS,
        "load_file": Permission.SETTINGS,
        "preset_areas": Permission.SETTINGS,
    }
    DEFAULT_CSS = """
    SetupScreen #form { padding: 0 1; }
    SetupScreen #intro { color: $text-muted; margin-bottom: 1; }
    SetupScreen Label { margin-top: 1; color: $text-muted; }
    SetupScreen Input { background: $boost; }
    SetupScreen Input, SetupScreen Select { width: 100%; max-width: 80; }
    SetupScreen TextArea { height: 8; max-width: 100; }
    SetupScreen .error { color: $error; height: auto; display: none; }
    SetupScreen .error.shown { display: block; }
    SetupScreen #buttons { height: auto; margin: 1 0; }
    SetupScreen #buttons Button { margin-right: 2; }
    """

    def __init__(self) -> None:
        super().__init__()
        self.saving = False
        self._extras: dict[str, dict[str, object]] = {}
        self._places: dict[str, dict[str, object]] = {}
        """Where the areas lie: from the preset or a loaded file (the form has no input for it)."""

    def _intro(self) -> str:
        if not permitted(self, "save"):
            return ("This database has no operation yet, and your account may not set one up: "
                    "an admin does, here or with `hotspot-tui setup`. f1 explains.")
        return ("This database has no operation yet. Fill in its facts and press ctrl+s; "
                "ctrl+o loads an operation file instead, ctrl+t the twelve Hertfordshire "
                "areas, f1 explains.")

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="form"):
            yield Static(self._intro(), id="intro")
            for key, label, placeholder in SINGLE_FIELDS:
                yield Label(label, id=f"l-{_id(key)}")
                if key in CHOICES:
                    yield Select(CHOICES[key], value=DEFAULTS[key], allow_blank=False,
                                 id=f"f-{_id(key)}", compact=True)
                else:
                    yield Input(DEFAULTS.get(key, ""), placeholder=placeholder, id=f"f-{_id(key)}",
                                compact=True)
                yield Static("", id=f"e-{_id(key)}", classes="error")
            for key, label, hint in LIST_FIELDS:
                yield Label(f"{label}: {hint}", id=f"l-{key}")
                yield TextArea("", id=f"f-{key}", soft_wrap=False, show_line_numbers=True,
                               tab_behavior="focus")
                yield Static("", id=f"e-{key}", classes="error")
            yield Static("", id="e-general", classes="error")
            with Horizontal(id="buttons"):
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)
                yield Button("Load file (ctrl+o)", id="load", compact=True)
                yield Button("12 Hertfordshire areas (ctrl+t)", id="preset", compact=True)
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(f"#f-{_id('operation.name')}", Input).focus()

    # --- the form's text --------------------------------------------------------------------

    def form_text(self) -> FormText:
        values: dict[str, str] = {}
        for key, _, _ in SINGLE_FIELDS:
            widget = self.query_one(f"#f-{_id(key)}")
            if isinstance(widget, Select):
                values[key] = "" if widget.value is Select.NULL else str(widget.value)
            elif isinstance(widget, Input):
                values[key] = widget.value
        return FormText(values, self.query_one("#f-areas", TextArea).text,
                        self.query_one("#f-employers", TextArea).text, self._extras, self._places)

    def fill(self, form: FormText) -> None:
        for key, value in form.values.items():
            widget = self.query_one(f"#f-{_id(key)}")
            if isinstance(widget, Select):
                widget.value = value or DEFAULTS[key]
            elif isinstance(widget, Input):
                widget.value = value
        self.query_one("#f-areas", TextArea).text = form.areas
        self.query_one("#f-employers", TextArea).text = form.employers
        self._extras = form.extras
        self._places = form.area_places
        self.show_errors(FormErrors())

    def show_errors(self, errors: FormErrors) -> None:
        keys = [k for k, _, _ in SINGLE_FIELDS] + [k for k, _, _ in LIST_FIELDS] + [""]
        first = None
        for key in keys:
            messages = errors.by_field.get(key, [])
            box = self.query_one(f"#e-{_id(key) or 'general'}", Static)
            box.update(Text("\n".join(messages)))
            box.set_class(bool(messages), "shown")
            if messages and first is None and key:
                first = key
        if first is not None:
            self.query_one(f"#f-{_id(first)}").focus()

    # --- actions -------------------------------------------------------------------------------

    @on(Button.Pressed, "#preset")
    def action_preset_areas(self) -> None:
        areas = self.query_one("#f-areas", TextArea)
        if areas.text.strip() and areas.text.strip() != preset_areas_text():
            self.notify("The areas list is not empty: clear it first to use the preset.",
                        severity="warning")
            return
        areas.text = preset_areas_text()
        self._places = preset_area_places()
        self.notify("The twelve Hertfordshire hotspot areas are filled in; add allocations if "
                    "you wish.")

    @on(Button.Pressed, "#load")
    def action_load_file(self) -> None:
        def loaded(operation: OperationFile | None) -> None:
            if operation is not None:
                self.fill(operation_to_form(operation))
                self.notify("The file is loaded into the form: check it, then ctrl+s saves it.")

        self.app.push_screen(LoadOperationFile(), loaded)

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.saving:
            return
        try:
            operation = form_to_operation(self.form_text())
        except FormRefused as exc:
            self.show_errors(exc.errors)
            count = sum(len(v) for v in exc.errors.by_field.values())
            self.notify(f"{count} thing{'s' if count != 1 else ''} to put right; nothing was saved.",
                        severity="error")
            return
        self.show_errors(FormErrors())
        self.saving = True
        self.apply(operation)

    @work(thread=True, exclusive=True, group="setup")
    def apply(self, operation: OperationFile) -> None:
        try:
            summary = service.apply_operation(self.app.session, operation,
                                              source="the set-up screen")
        except HotspotError as exc:
            self.app.call_from_thread(self.refused, exc.message)
            return
        self.app.call_from_thread(self.done, summary)

    def refused(self, message: str) -> None:
        self.saving = False
        errors = FormErrors()
        errors.add("", message)
        self.show_errors(errors)
        self.notify("Nothing was saved.", severity="error")

    def done(self, summary: service.SetupSummary) -> None:
        self.saving = False
        self.app.notify(f"{summary.name} is set up: {summary.areas} areas, "
                        f"{summary.employers} councils/BIDs.", markup=False)
        self.app.operation_ready()


class LoadOperationFile(SteadyStyles, ModalScreen[OperationFile | None]):
    """Type the path of an operation file and press enter: it is checked whole and, if
    right, loaded into the form to review; its mistakes are listed here otherwise."""

    BINDINGS = [Binding("escape", "cancel", "Cancel", id="setup.load.cancel")]
    DEFAULT_CSS = """
    LoadOperationFile { align: center middle; }
    LoadOperationFile > Vertical {
        width: 90%; max-width: 100; height: auto; max-height: 90%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    LoadOperationFile #title { text-style: bold; }
    LoadOperationFile Input { background: $boost; margin-top: 1; }
    LoadOperationFile #error { color: $error; height: auto; max-height: 14; }
    """

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Load an operation file", id="title")
            yield Input(placeholder="path to the .toml file, then enter", id="path", compact=True)
            yield Static("", id="error")

    def on_mount(self) -> None:
        self.query_one("#path", Input).focus()

    @on(Input.Submitted, "#path")
    def read(self) -> None:
        text = self.query_one("#path", Input).value.strip()
        if not text:
            self.say("type the path of an operation file first")
            return
        try:
            operation = service.read_operation_file(user_path(text))
        except service.OperationFileRefused as exc:
            shown = [f"{exc.name} {m}" for m in exc.mistakes[:10]]
            if len(exc.mistakes) > 10:
                shown.append(f"... and {len(exc.mistakes) - 10} more")
            self.say("\n".join([*shown, "Nothing was loaded; fix the file and try again."]))
            return
        except HotspotError as exc:
            self.say(exc.message)
            return
        self.dismiss(operation)

    def say(self, message: str) -> None:
        self.query_one("#error", Static).update(Text(message))

    def action_cancel(self) -> None:
        self.dismiss(None)
