"""The set-up form describes the same operation as the file it was loaded from, and refuses
what the file would refuse, each message placed by its input."""

from __future__ import annotations

import pytest

from hotspot_tui.domain.operation import FIRST_TWELVE_AREAS
from hotspot_tui.domain.operation_file import read_operation_text
from hotspot_tui.domain.operation_form import (
    FormRefused,
    FormText,
    form_to_operation,
    operation_to_form,
    preset_areas_text,
)
from hotspot_tui.services.setup import example_text


def test_a_loaded_file_round_trips_through_the_form() -> None:
    text = (example_text().replace('week_starts = "monday"', 'week_starts = "sunday"')
            .replace("extra_days = []", "extra_days = [2026-06-12]")
            .replace('name = "Hitchin"', 'name = "Hitchin, town centre"'))
    op = read_operation_text(text)
    assert form_to_operation(operation_to_form(op)) == op


def test_the_preset_is_the_twelve_areas() -> None:
    form = FormText({"operation.name": "Op", "operation.grant_pounds": "£10,000",
                     "operation.starts_on": "2026-05-01", "operation.ends_on": "2027-04-30",
                     "force.name": "Force"}, preset_areas_text())
    op = form_to_operation(form)
    assert [(a.name, a.district, a.cost_code) for a in op.areas] == list(FIRST_TWELVE_AREAS)
    assert op.operation.grant_pounds == 1_000_000 and op.employers == []


def test_mistakes_are_placed_by_input() -> None:
    form = FormText({"operation.grant_pounds": "ten", "force.day_starts": "25:00",
                     "pay_periods.kind": "weekly"},
                    "A, B, C1, 5\nA, B, C2\n",
                    "Council, 1, 2\nBID, 1, 2, 3, shop")
    with pytest.raises(FormRefused) as caught:
        form_to_operation(form)
    errors = caught.value.errors.by_field
    assert errors["operation.name"] == ["is required"]
    assert errors["operation.grant_pounds"][0].startswith("'ten' is not an amount in pounds")
    assert errors["force.day_starts"] == ["25:00 is not a time like 07:00"]
    assert errors["pay_periods.first_starts_on"] == ["weekly pay periods need the first day of one period"]
    assert errors["areas"] == ["line 2: name: 'A' is already area 1"]
    assert errors["employers"] == ["line 1: 3 items; expected 4 or 5, separated by commas",
                                   "line 2: kind: must be 'council' or 'bid'"]
