"""`o`: what the patrol achieved — arrests, searches, weapons and ASB powers used."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual.app import ComposeResult

from hotspot_tui.domain.text import NOTES_MAX, clean_text
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.outcomes import COUNTS, LABELS
from hotspot_tui.tui.modals.form import FieldErrors, ValidatedForm, text_input

MAX_COUNT = 10_000


def parse_count(text: str) -> int:
    text = text.strip() or "0"
    if not (text.isascii() and text.isdigit()) or int(text) > MAX_COUNT:
        raise ValidationFailed(f"{text[:20]!r} is not a whole number from 0 to {MAX_COUNT}")
    return int(text)


class OutcomesModal(ValidatedForm[dict]):
    TITLE = "Patrol outcomes"

    def __init__(self, current: Mapping[str, object],
                 save: Callable[[dict[str, Any]], Any] | None = None) -> None:
        super().__init__(save=save)
        self.current = current

    def compose_fields(self) -> ComposeResult:
        for key in COUNTS:
            yield from self.field(key, LABELS[key], text_input(
                str(self.current.get(key, 0)), id=key, max_length=6))
        yield from self.field("notes", "Notes", text_input(
            str(self.current.get("notes", "") or ""), id="notes", max_length=NOTES_MAX))

    def check(self, errors: FieldErrors) -> dict[str, object]:
        counts: dict[str, object] = {}
        for key in COUNTS:
            value = errors.catch(key, parse_count, self.value(key))
            counts[key] = value or 0
        counts["notes"] = errors.catch("notes", clean_text, self.value("notes"), "Notes",
                                       NOTES_MAX) or ""
        return counts
