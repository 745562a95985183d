"""Pay rules in the database, and how pay periods are cut."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from hotspot_tui.domain.payroll import PayrollSettings, hours_text, parse_period, period_for, ratio_text
from hotspot_tui.domain.rules import default_rules
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.exports.payroll import neutralise
from hotspot_tui.services.pay_rules import (
    load_payroll_settings,
    load_rules,
    save_payroll_settings,
    save_rules,
)
from hotspot_tui.services.payroll import export_payroll, list_periods
from tests.payroll.helpers import mismatched_costs


def test_rules_default_then_saved_and_audited(session) -> None:  # type: ignore[no-untyped-def]
    assert load_rules(session.db) == default_rules()
    changed = default_rules().model_copy(
        update={"officer": default_rules().officer.model_copy(update={"weekly_hours": "37.5"})})
    assert save_rules(session, changed, "Force policy 2026/27") == ["officer"]
    assert load_rules(session.db).officer.weekly_hours == "37.5"
    assert save_rules(session, changed, "again") == []
    row = session.db.execute(
        "SELECT actor, entity_id, reason FROM audit_log WHERE action = 'pay_rules.update'").fetchall()
    assert row == [("PS Tester", "officer", "Force policy 2026/27")]
    with pytest.raises(ValidationFailed):
        save_rules(session, changed, "  ")


def test_bad_stored_rules_are_one_line(session) -> None:  # type: ignore[no-untyped-def]
    session.db.execute("INSERT INTO setting_values (key, effective_from, value, recorded_at, "
                       "recorded_by) VALUES ('officer.weekly_hours', '0001-01-01', '\"zero\"', 'x', 'y')")
    with pytest.raises(ValidationFailed, match="pay rules"):
        load_rules(session.db)


def test_periods_month_and_four_weekly() -> None:
    month = PayrollSettings()
    assert period_for(date(2026, 12, 31), month).id == "2026-12"
    assert period_for(date(2026, 12, 31), month).ends_on == date(2027, 1, 1)
    four = PayrollSettings(period_kind="four_weekly", anchor=date(2026, 4, 6))
    p = period_for(date(2026, 6, 10), four)
    assert (p.id, p.starts_on, p.ends_on) == ("2026-06-01", date(2026, 6, 1), date(2026, 6, 29))
    assert period_for(date(2026, 4, 5), four).id == "2026-03-09"
    assert parse_period("2026-06-01", four) == p
    with pytest.raises(ValueError, match="first day"):
        parse_period("2026-06-02", four)
    with pytest.raises(ValueError):
        parse_period("2026-00", month)


def test_number_text() -> None:
    assert hours_text(485) == "8.08" and hours_text(-45) == "-0.75" and hours_text(1) == "0.02"
    assert ratio_text("4/3") == "1.3333" and ratio_text("351799/14600") == "24.0958"


@pytest.mark.parametrize("text", ["=1+1", "+44", "-2", "@SUM(A1)", "\tx", "\rx"])
def test_neutralise(text: str) -> None:
    assert neutralise(text) == "'" + text
    assert neutralise("Smith") == "Smith" and neutralise(None) == ""


def test_switch_to_four_weekly_refiles_lines_until_a_lock(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    four = PayrollSettings(period_kind="four_weekly", anchor=date(2026, 4, 6))
    assert save_payroll_settings(session, four, "Force pays four-weekly")
    assert load_payroll_settings(session.db) == four
    ids = {p.id for p in list_periods(session, limit=100)}
    assert "2026-06-01" in ids and "2026-06" not in ids
    monthly = "SELECT count(*) FROM pay_lines WHERE period_id GLOB '????-??'"
    assert session.db.execute(monthly).fetchone()[0] == 0
    assert mismatched_costs(session) == 0
    first = min(ids)
    export_payroll(session, first, out=tmp_path / "p.csv", final=True)
    with pytest.raises(ValidationFailed, match="re-cut"):
        save_payroll_settings(session, PayrollSettings(), "back to months")
