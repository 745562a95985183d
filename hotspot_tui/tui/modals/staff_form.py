"""Add or edit a person: every field checked, each error shown beside its field, nothing
written until all are right."""

from __future__ import annotations

import contextlib
from datetime import date

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from hotspot_tui.domain.dates import parse_day
from hotspot_tui.domain.staff_input import StaffInput
from hotspot_tui.errors import HotspotError
from hotspot_tui.services import staff as staff_service
from hotspot_tui.services.staff import FormChoices, FormInvalid
from hotspot_tui.tui.clock import london_today

KIND_OPTIONS = [("Officer", "officer"), ("PCSO", "pcso"), ("Council CEO", "ceo")]
RANK_OPTIONS = [("PC (constable)", "constable"), ("PS (sergeant)", "sergeant"),
                ("Inspector", "inspector"), ("Chief inspector", "chief_inspector"),
                ("Superintendent", "superintendent"), ("Chief superintendent", "chief_superintendent")]

TEXT_FIELDS = (
    ("name", "Name", "e.g. Sam Taylor"),
    ("payroll_number", "Payroll number", "e.g. HC104233"),
    ("collar_number", "Collar number", "officers and PCSOs, e.g. 4521"),
)
PAY_FIELDS = (
    ("salary", "Annual salary £", "e.g. 31,163"),
    ("hourly_rate", "Hourly rate £", "only if paid by the hour"),
    ("contracted_hours", "Hours a week", "contracted, e.g. 40 or 37.5"),
)


class StaffForm(ModalScreen[str | None]):
    """Fill in the person's details; `ctrl+s` saves, `escape` cancels."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel", id="form.cancel"),
        Binding("ctrl+s", "save", "Save", id="form.save"),
    ]
    DEFAULT_CSS = """
    StaffForm { align: center middle; }
    StaffForm > Vertical {
        width: 76; max-width: 100%; height: auto; max-height: 100%;
        border: round $accent; background: $surface; padding: 0 1;
    }
    StaffForm #title { text-style: bold; margin-bottom: 1; }
    StaffForm VerticalScroll { height: auto; max-height: 1fr; }
    StaffForm .row { height: 1; margin-bottom: 0; }
    StaffForm .row > Label { width: 18; color: $text-muted; }
    StaffForm .row > Input, StaffForm .row > Select { width: 1fr; }
    StaffForm .error { color: $error; padding-left: 18; height: auto; display: none; }
    StaffForm .error.shown { display: block; }
    StaffForm #form-status { color: $error; height: auto; }
    StaffForm #buttons { height: 1; margin-top: 1; align-horizontal: right; }
    StaffForm #buttons Button { margin-left: 2; }
    """

    def __init__(self, choices: FormChoices, *, staff_id: str | None = None,
                 initial: StaffInput | None = None) -> None:
        super().__init__()
        self.choices = choices
        self.staff_id = staff_id
        self.initial = initial or StaffInput()

    def compose(self) -> ComposeResult:
        init = self.initial
        with Vertical():
            yield Static("Edit person" if self.staff_id else "Add a person", id="title")
            with VerticalScroll():
                for key, label, hint in TEXT_FIELDS:
                    yield from self._row(key, label, Input(getattr(init, key), placeholder=hint,
                                                           id=f"f-{key}", compact=True))
                yield from self._row("kind", "Kind", Select(
                    KIND_OPTIONS, prompt="choose…", id="f-kind", compact=True,
                    value=init.kind if init.kind in ("officer", "pcso", "ceo") else Select.NULL))
                yield from self._row("rank", "Rank", Select(
                    RANK_OPTIONS, prompt="(officers only)", id="f-rank", compact=True,
                    value=init.rank or Select.NULL))
                yield from self._row("employer", "Employer", Select(
                    [(c.name, c.id) for c in self.choices.employers], prompt="choose…",
                    id="f-employer", compact=True, value=init.employer_id or Select.NULL))
                yield from self._row("home_area", "Home area", Select(
                    [(c.name, c.id) for c in self.choices.areas], prompt="(none)",
                    id="f-home_area", compact=True, value=init.home_area_id or Select.NULL))
                for key, label, hint in PAY_FIELDS:
                    yield from self._row(key, label, Input(getattr(init, key), placeholder=hint,
                                                           id=f"f-{key}", compact=True))
                if self.staff_id:
                    yield from self._row("pay_from", "Pay change from", Input(
                        placeholder="date a pay change takes effect (blank: first open period)",
                        id="f-pay_from", compact=True))
                    yield from self._row("reason", "Why (optional)", Input(
                        placeholder="reason for the change, kept in the audit trail",
                        id="f-reason", compact=True))
            yield Static("", id="form-status")
            with Horizontal(id="buttons"):
                yield Button("Cancel", id="cancel", compact=True)
                yield Button("Save (ctrl+s)", id="save", variant="primary", compact=True)

    def on_mount(self) -> None:
        self.query_one("#f-name", Input).focus()

    def _row(self, key: str, label: str, widget: Input | Select[str]) -> ComposeResult:
        with Horizontal(classes="row"):
            yield Label(label)
            yield widget
        yield Static("", id=f"e-{key}", classes="error")

    def _value(self, key: str) -> str:
        return self.query_one(f"#f-{key}", Input).value

    def _select(self, key: str) -> str | None:
        value = self.query_one(f"#f-{key}", Select).value
        return None if value is Select.NULL else str(value)

    def gather(self) -> StaffInput:
        return StaffInput(
            name=self._value("name"), payroll_number=self._value("payroll_number"),
            collar_number=self._value("collar_number"), kind=self._select("kind") or "",
            rank=self._select("rank") or "", employer_id=self._select("employer"),
            home_area_id=self._select("home_area"), salary=self._value("salary"),
            hourly_rate=self._value("hourly_rate"), contracted_hours=self._value("contracted_hours"),
        )

    def show_errors(self, fields: dict[str, str]) -> None:
        for error in self.query(".error").results(Static):
            key = (error.id or "").removeprefix("e-")
            message = fields.get(key, "")
            error.update(message)
            error.set_class(bool(message), "shown")
        count = len(fields)
        self.query_one("#form-status", Static).update(
            f"{count} field{'s' if count != 1 else ''} need{'s' if count == 1 else ''} fixing; "
            "nothing was saved" if fields else "")
        first = next(iter(fields), None)
        if first:
            from textual.css.query import NoMatches

            with contextlib.suppress(NoMatches):
                self.query_one(f"#f-{first}").focus()

    @on(Button.Pressed, "#save")
    def action_save(self) -> None:
        pay_from = None
        if self.staff_id and self._value("pay_from").strip():
            try:
                pay_from = parse_day(self._value("pay_from"), london_today(self.app))
            except HotspotError as exc:
                self.show_errors({"pay_from": exc.message})
                return
        self.query_one("#form-status", Static).update("Saving…")
        self.save(self.gather(), self._value("reason") if self.staff_id else None, pay_from)

    @on(Button.Pressed, "#cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)

    @work(thread=True, exclusive=True, group="staff-form")
    def save(self, raw: StaffInput, reason: str | None, pay_from: date | None = None) -> None:
        session = self.app.session  # type: ignore[attr-defined]
        try:
            if self.staff_id:
                staff_service.edit_person(session, self.staff_id, raw, reason, pay_from)
                result = self.staff_id
            else:
                result = staff_service.add_person(session, raw)
        except FormInvalid as exc:
            self.app.call_from_thread(self.show_errors, exc.fields)
            return
        except HotspotError as exc:
            self.app.call_from_thread(self.show_failure, exc.message)
            return
        self.app.call_from_thread(self.dismiss, result)

    def show_failure(self, message: str) -> None:
        self.show_errors({})
        self.query_one("#form-status", Static).update(message)
