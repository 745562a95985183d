"""Change one setting from a date: value, date and reason checked, each error beside its
field; the patrols the change recosts are shown before anything is saved."""

from __future__ import annotations

import contextlib
from datetime import date
from typing import Any

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static
from textual.worker import Worker, WorkerState

from hotspot_tui.domain.clock import to_local_naive
from hotspot_tui.domain.dates import parse_day
from hotspot_tui.domain.payroll import pounds_grouped
from hotspot_tui.domain.settings import BEGINNING
from hotspot_tui.errors import HotspotError, ValidationFailed
from hotspot_tui.services.settings import (
    SHOWN_PATROLS,
    SettingChange,
    SettingInvalid,
    SettingLine,
    change_setting,
)
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.steady_styles import SteadyStyles

FIELDS = (
    ("value", "New value", "as shown, e.g. 4/3, 240, 07:00, saturday, sunday"),
    ("effective", "From (date)", "the force date it takes effect, e.g. 2027-09-01 or 1 sep"),
    ("reason", "Why", "kept in the audit trail, e.g. the force's letter"),
)


def _when(day: date) -> str:
    return "the start" if day == BEGINNING else f"{day:%a %d %b %Y}"


def change_summary(change: SettingChange) -> Text:
    """What a change recosts, as lines of plain text (area names are never markup)."""
    text = Text()
    if not change.patrol_count:
        text.append("No patrol's cost changes.")
        return text
    people = change.assignment_count
    text.append(
        f"Recosts {change.patrol_count} patrol{'s' if change.patrol_count != 1 else ''} "
        f"({people} dut{'ies' if people != 1 else 'y'}): {pounds_grouped(change.before_pence)} → "
        f"{pounds_grouped(change.after_pence)}", style="bold")
    text.append("\nreference, patrol, people, cost before → after, area", style="italic")
    for patrol in change.patrols:
        start, end = to_local_naive(patrol.start), to_local_naive(patrol.end)
        text.append(f"\n{patrol.ref}  {start:%a %d %b %Y %H:%M}-{end:%H:%M}  ×{patrol.people}  "
                    f"{pounds_grouped(patrol.before_pence)} → {pounds_grouped(patrol.after_pence)}  ")
        if patrol.locked:
            text.append("sent: adjustment  ", style="italic")
        text.append(patrol.area)
    if change.patrol_count > SHOWN_PATROLS:
        text.append(f"\n… and {change.patrol_count - SHOWN_PATROLS} more")
    return text


class SettingForm(SteadyStyles, ModalScreen[SettingChange | None]):
    """`ctrl+s` (or enter) first shows the patrols the change recosts, then saves it;
    changing any field shows them again before saving. `escape` cancels."""

    app = getters.app(HotspotApp)

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="setting_form.cancel"),
        Binding("ctrl+s", "save", "Preview / save", id="setting_form.save"),
    ]
    DEFAULT_CSS = """
    SettingForm { align: center middle; }
    SettingForm > Vertical {
        width: 96; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    SettingForm #title { text-style: bold; }
    SettingForm #in-force { color: $text-muted; margin-bottom: 1; }
    SettingForm .row { height: 1; }
    SettingForm .row > Label { width: 14; color: $text-muted; }
    SettingForm .row > Input { width: 1fr; }
    SettingForm .note { color: $text-muted; padding-left: 14; height: auto; display: none; }
    SettingForm .note.shown { display: block; }
    SettingForm .error { color: $error; padding-left: 14; height: auto; display: none; }
    SettingForm .error.shown { display: block; }
    SettingForm #preview-box { height: auto; max-height: 10; margin-top: 1; display: none; }
    SettingForm #preview-box.shown { display: block; }
    SettingForm #preview { text-wrap: nowrap; text-overflow: ellipsis; }
    SettingForm #status { height: auto; margin-top: 1; }
    SettingForm #buttons { height: 1; margin-top: 1; align-horizontal: right; }
    SettingForm #buttons Button { margin-left: 2; }
    """

    def __init__(self, line: SettingLine, today: date) -> None:
        super().__init__()
        self.line = line
        self.today = today
        self.previewed: tuple[str, date, str] | None = None
        self.busy = False

    def compose(self) -> ComposeResult:
        line = self.line
        since = "default" if line.since is None else f"since {_when(line.since)}"
        with Vertical():
            yield Static(Text(f"Change {line.label}"), id="title")
            yield Static(Text(f"{line.key} · in force: {line.value} ({since})"), id="in-force")
            for key, label, hint in FIELDS:
                start = line.value if key == "value" else ""
                with Horizontal(classes="row"):
                    yield Label(label)
                    yield Input(start, placeholder=hint, id=f"f-{key}", compact=True)
                if key == "effective":
                    yield Static("", id="effective-day", classes="note")
                yield Static("", id=f"e-{key}", classes="error")
            with VerticalScroll(id="preview-box"):
                yield Static("", id="preview")
            yield Static("", id="status")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Preview (ctrl+s)", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#f-value", Input).focus()

    def _value(self, key: str) -> str:
        return self.query_one(f"#f-{key}", Input).value

    def _effective(self) -> date:
        try:
            return parse_day(self._value("effective"), self.today)
        except ValidationFailed as exc:
            raise SettingInvalid(exc.message, "effective") from None

    @on(Input.Changed)
    def _changed(self, event: Input.Changed) -> None:
        error = self.query_one(f"#e-{(event.input.id or '').removeprefix('f-')}", Static)
        error.update("")
        error.set_class(False, "shown")
        if event.input.id == "f-effective":
            note = ""
            with contextlib.suppress(SettingInvalid):
                if self._value("effective").strip():
                    note = f"{self._effective():%A %d %B %Y}"
            self.query_one("#effective-day", Static).update(note)
            self.query_one("#effective-day", Static).set_class(bool(note), "shown")
        if self.previewed is not None:
            self.previewed = None
            self.query_one("#preview-box").set_class(False, "shown")
            self.query_one("#save", Button).label = "Preview (ctrl+s)"
            self.query_one("#status", Static).update("")

    def show_errors(self, fields: dict[str, str]) -> None:
        for key, _, _ in FIELDS:
            error = self.query_one(f"#e-{key}", Static)
            error.update(Text(fields.get(key, "")))
            error.set_class(bool(fields.get(key)), "shown")
        first = next((k for k, _, _ in FIELDS if k in fields), None)
        if first:
            self.query_one(f"#f-{first}", Input).focus()
        other = fields.get("key", "")
        status = other or ("Nothing was saved: fix the field marked." if fields else "")
        self.query_one("#status", Static).update(Text(status, style="bold red" if fields else ""))

    @on(Input.Submitted)
    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        if self.busy:
            return
        errors: dict[str, str] = {}
        effective = None
        try:
            effective = self._effective()
        except SettingInvalid as exc:
            errors["effective"] = exc.message
        reason = self._value("reason").strip()
        if not reason:
            errors["reason"] = "say why the setting is changing (kept in the audit trail)"
        if errors or effective is None:
            self.show_errors(errors)
            return
        wanted = (self._value("value"), effective, reason)
        save = self.previewed == wanted
        self.busy = True
        self.show_errors({})
        self.query_one("#status", Static).update(
            "Saving and recosting…" if save else "Working out the patrols it recosts…")
        self.run_change(wanted, save)

    @work(thread=True, exclusive=True, group="setting-form")
    def run_change(self, wanted: tuple[str, date, str], save: bool) -> tuple[str, object]:
        """Preview or save in a thread; the outcome is handled once the worker has finished
        (`_finished`), so the form is never closed under its own running worker."""
        value, effective, reason = wanted
        session = self.app.session

        def progress(done: int, total: int) -> None:
            self.app.call_from_thread(self.show_progress, done, total)

        try:
            change = change_setting(session, self.line.key, value, effective, reason, save=save,
                                    progress=progress)
        except SettingInvalid as exc:
            return ("refused", {exc.field: exc.message})
        except HotspotError as exc:
            return ("refused", {"key": exc.message})
        return ("saved" if save else "preview", (wanted, change))

    def show_progress(self, done: int, total: int) -> None:
        self.query_one("#status", Static).update(f"Recosting… {done:,} of {total:,}")

    @on(Worker.StateChanged)
    def _finished(self, event: Worker.StateChanged) -> None:
        if event.worker.group != "setting-form" or event.state != WorkerState.SUCCESS:
            if event.state in (WorkerState.ERROR, WorkerState.CANCELLED):
                self.busy = False
            return
        result: tuple[str, Any] | None = event.worker.result  # run_change's outcome
        if result is None:
            return
        outcome, data = result
        if outcome == "refused":
            self.refused(data)
        elif outcome == "saved":
            self.dismiss(data[1])
        else:
            self.show_preview(*data)

    def refused(self, fields: dict[str, str]) -> None:
        self.busy = False
        self.show_errors(fields)

    def show_preview(self, wanted: tuple[str, date, str], change: SettingChange) -> None:
        self.busy = False
        try:
            now = (self._value("value"), self._effective(), self._value("reason").strip())
        except SettingInvalid:
            now = None
        if now != wanted:
            self.query_one("#status", Static).update("")
            return  # changed while it was being worked out: preview again
        self.previewed = wanted
        self.query_one("#preview", Static).update(change_summary(change))
        self.query_one("#preview-box").set_class(True, "shown")
        self.query_one("#save", Button).label = "Save (ctrl+s)"
        self.query_one("#save", Button).focus()
        self.query_one("#status", Static).update(Text(
            f"{change.before} → {change.after} from {change.effective_from:%a %d %b %Y}. "
            "Press ctrl+s again to save."))

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
