"""Add or edit a person: every field checked, each error shown beside its field, nothing
written until all are right."""

from __future__ import annotations

from datetime import date

from textual import getters
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Select

from hotspot_tui.domain.dates import parse_day
from hotspot_tui.domain.staff_input import StaffInput
from hotspot_tui.domain.text import NAME_MAX, REASON_MAX
from hotspot_tui.services import staff as staff_service
from hotspot_tui.services.staff import FormChoices
from hotspot_tui.tui.app import HotspotApp
from hotspot_tui.tui.clock import london_today
from hotspot_tui.tui.modals.form import FieldErrors, ValidatedForm, text_input

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


class StaffForm(ValidatedForm[str]):
    """Fill in the person's details; `ctrl+s` saves, `escape` cancels. Every field is
    checked by the service at once; each problem shows beside its field and the form stays
    open until the person is saved."""

    app = getters.app(HotspotApp)

    def __init__(self, choices: FormChoices, *, staff_id: str | None = None,
                 initial: StaffInput | None = None) -> None:
        super().__init__(save=self._store, title="Edit person" if staff_id else "Add a person")
        self.choices = choices
        self.staff_id = staff_id
        self.initial = initial or StaffInput()

    def compose_fields(self) -> ComposeResult:
        init = self.initial
        for key, label, hint in TEXT_FIELDS:
            yield from self.field(key, label, text_input(
                getattr(init, key), placeholder=hint, id=f"f-{key}",
                max_length=NAME_MAX if key == "name" else 40))
        yield from self.field("kind", "Kind", Select(
            KIND_OPTIONS, prompt="choose…", id="f-kind", compact=True,
            value=init.kind if init.kind in ("officer", "pcso", "ceo") else Select.NULL))
        yield from self.field("rank", "Rank", Select(
            RANK_OPTIONS, prompt="(officers only)", id="f-rank", compact=True,
            value=init.rank or Select.NULL))
        yield from self.field("employer", "Employer", Select(
            [(Content(c.name), c.id) for c in self.choices.employers], prompt="choose…",
            id="f-employer", compact=True, value=init.employer_id or Select.NULL))
        yield from self.field("home_area", "Home area", Select(
            [(Content(c.name), c.id) for c in self.choices.areas], prompt="(none)",
            id="f-home_area", compact=True, value=init.home_area_id or Select.NULL))
        for key, label, hint in PAY_FIELDS:
            yield from self.field(key, label, text_input(getattr(init, key), placeholder=hint,
                                                         id=f"f-{key}", max_length=20))
        if self.staff_id:
            yield from self.field("pay_from", "Pay change from", text_input(
                placeholder="e.g. 1 sep 2026 (blank: first open pay period)",
                id="f-pay_from", max_length=40))
            yield from self.field("reason", "Why (optional)", text_input(
                placeholder="reason for the change, kept in the audit trail", id="f-reason",
                max_length=REASON_MAX))

    def check(self, errors: FieldErrors) -> tuple[StaffInput, str | None, date | None]:
        raw = StaffInput(
            name=self.value("name"), payroll_number=self.value("payroll_number"),
            collar_number=self.value("collar_number"), kind=self.value("kind"),
            rank=self.value("rank"), employer_id=self.value("employer") or None,
            home_area_id=self.value("home_area") or None, salary=self.value("salary"),
            hourly_rate=self.value("hourly_rate"),
            contracted_hours=self.value("contracted_hours"),
        )
        pay_from = None
        if self.staff_id and self.value("pay_from").strip():
            pay_from = errors.catch("pay_from", parse_day, self.value("pay_from"),
                                    london_today(self.app))
        return raw, self.value("reason") if self.staff_id else None, pay_from

    def _store(self, value: tuple[StaffInput, str | None, date | None]) -> str:
        raw, reason, pay_from = value
        session = self.app.session
        if self.staff_id:
            staff_service.edit_person(session, self.staff_id, raw, reason, pay_from)
            return self.staff_id
        return staff_service.add_person(session, raw)
