"""`b`: book what happened — actual on/off times, a no-show, or a cancellation."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from textual.app import ComposeResult
from textual.widgets import Select

from hotspot_tui.domain.clock import BadTimeText, LocalTimeError, parse_instant, wall_text
from hotspot_tui.domain.text import REASON_MAX, clean_text
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.tui.modals.form import FieldErrors, ValidatedForm, text_input


@dataclass(frozen=True)
class Booking:
    outcome: str  # "worked" | "no_show" | "cancelled"
    start: datetime | None = None
    end: datetime | None = None
    reason: str | None = None


def _instant(text: str, what: str) -> datetime:
    try:
        return parse_instant(text)
    except BadTimeText as exc:
        raise ValidationFailed(f"{what}: type a date and time like 2026-11-27 18:00") from exc
    except LocalTimeError as exc:
        raise ValidationFailed(f"{what}: {exc}") from exc


class BookModal(ValidatedForm[Booking]):
    HINT = ("Times are Europe/London, e.g. 2026-11-27 18:00; when the clocks go back, "
            "01:30 BST is the first 01:30 and 01:30 GMT the second.")

    def __init__(self, name: str, planned_start: datetime, planned_end: datetime,
                 save: Callable[[Booking], Any] | None = None) -> None:
        """`planned_start` and `planned_end` are instants (shown in Europe/London)."""
        super().__init__(save=save, title=f"Book hours: {name}")
        self.person = name
        self.planned = (planned_start, planned_end)

    def compose_fields(self) -> ComposeResult:
        start, end = self.planned
        yield from self.field("outcome", "What happened", Select(
            [("Worked", "worked"), ("No-show", "no_show"), ("Cancelled (came off)", "cancelled")],
            value="worked", allow_blank=False, id="outcome", compact=True))
        yield from self.field("on", "On duty", text_input(wall_text(start), id="on",
                                                          max_length=40))
        yield from self.field("off", "Off duty", text_input(wall_text(end), id="off",
                                                            max_length=40))
        yield from self.field("reason", "Reason", text_input(
            placeholder="needed when cancelled", id="reason", max_length=REASON_MAX))

    def check(self, errors: FieldErrors) -> Booking | None:
        outcome = self.value("outcome")
        reason = errors.catch("reason", clean_text, self.value("reason"), "Reason", REASON_MAX)
        if outcome == "no_show":
            return Booking("no_show", reason=reason or None)
        if outcome == "cancelled":
            if not reason and "reason" not in errors.fields:
                errors.add("reason", "Reason: say why this person came off the patrol")
            return Booking("cancelled", reason=reason)
        start = errors.catch("on", _instant, self.value("on"), "On duty")
        end = errors.catch("off", _instant, self.value("off"), "Off duty")
        if start is None or end is None:
            return None
        if end <= start:
            errors.add("off", "Off duty: the off-duty time must be after the on-duty time")
        elif (end - start).total_seconds() > 24 * 3600:
            errors.add("off", "Off duty: those times span more than 24 hours: check the dates")
        return Booking("worked", start, end, reason or None)
