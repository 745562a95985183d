"""Every parser that reads what a supervisor types into a form, fed any text: it returns a
value or refuses in one plain line (ValueError or HotspotError), never anything else."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from hotspot_tui.domain import budget as budget_calc
from hotspot_tui.domain import clock, dates, patterns, payroll, rules, staff_input
from hotspot_tui.errors import HotspotError
from hotspot_tui.services import audit_view, report
from hotspot_tui.services import budget as budget_service
from hotspot_tui.tui.modals import shift_form

TODAY = date(2026, 11, 25)

PARSERS: dict[str, Callable[[str], Any]] = {
    "patrol start/finish": lambda t: shift_form.parse_clock(t, "Start"),
    "patrol break": shift_form.parse_break,
    "patrol cover": lambda t: shift_form.parse_count(t, "Officers"),
    "a day (told on, dates)": lambda t: dates.parse_day(t, TODAY),
    "booked on/off time": clock.parse_instant,
    "salary or hourly rate": staff_input.parse_pounds,
    "contracted hours": staff_input.parse_hours,
    "recurring pattern": lambda t: patterns.parse_pattern(t, TODAY),
    "pay period": lambda t: payroll.parse_period(t, payroll.PayrollSettings()),
    "pay rule multiplier": rules.parse_ratio,
    "grant or allocation": budget_calc.parse_pounds,
    "spend line amount": budget_service.parse_money,
    "budget end date": budget_service.parse_day,
    "report from/to": lambda t: report.parse_day(t, "from"),
    "audit from/to": lambda t: audit_view.parse_day(t, "from"),
}

TEXT = st.one_of(
    st.text(max_size=60),
    st.from_regex(r"\A[0-9 :.,£/-]{0,14}\Z"),
    st.from_regex(r"\Aevery (mon|fri|sat|sun|[a-z]{1,9})( and [a-z]{3})? [0-9:-]{0,12}"
                  r"( in [A-Za-z ']{0,20})?( until [0-9-]{0,12})?(, need [0-9]{1,3} [a-z]{0,9})?\Z"),
)


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(max_examples=300, deadline=None)
@given(text=TEXT)
@example(text="")
@example(text="25:00")
@example(text="9" * 40)
@example(text="2026-03-29 01:30")
@example(text="1/0")
@example(text="nan")
@example(text="²")
@example(text="+99999999 days")
@example(text="in 99999999 days")
@example(text="every Fri 18:00-02:00 in Watford until 9999-12-31, need 2 officers")
def test_any_text_is_read_or_refused_in_one_plain_line(name: str, text: str) -> None:
    # Readers whose refusal a form shows as it is: only the app's own refusal will do.
    direct = name.startswith("patrol") or name == "a day (told on, dates)"
    refusals = HotspotError if direct else (ValueError, HotspotError)
    try:
        PARSERS[name](text)
    except refusals as exc:
        message = str(exc)
        assert message.strip() and "\n" not in message, f"{name}: {message!r}"
        assert "Traceback (most recent call last)" not in message
