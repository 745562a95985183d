"""Pay rules with dates: the rules in force on a date, each setting's history, changing one
setting from a date (checked, audited, recosting only patrols from that date), and files
whose rules were stored before settings had dates."""

from __future__ import annotations

import shutil
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from hotspot_tui.domain.rules import default_rules
from hotspot_tui.domain.settings import BEGINNING, SETTINGS
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.pay_rules import load_rules, rule_history
from hotspot_tui.services.session import open_session
from hotspot_tui.services.settings import change_setting, preview_change, settings_view
from tests.payroll.helpers import mismatched_costs

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
CHANGE_ON = date(2026, 9, 1)


def _costs(session) -> dict[str, tuple[str, int]]:  # type: ignore[no-untyped-def]
    return {row[0]: (row[1], row[2]) for row in session.db.execute(
        "SELECT a.id, s.start_utc, a.cost_pence FROM assignments a JOIN shifts s ON s.id = a.shift_id")}


def _state(session) -> tuple[object, ...]:  # type: ignore[no-untyped-def]
    db = session.db
    return (
        _costs(session),
        db.execute("SELECT * FROM setting_values ORDER BY key, effective_from").fetchall(),
        db.execute("SELECT count(*) FROM audit_log").fetchone()[0],
        db.execute("SELECT count(*), sum(amount_pence) FROM pay_lines").fetchone(),
    )


def test_a_new_file_has_the_default_rules_on_every_date(session) -> None:  # type: ignore[no-untyped-def]
    assert load_rules(session.db) == default_rules()
    assert load_rules(session.db, on=date(2001, 1, 1)) == default_rules()
    assert rule_history(session.db) == []
    view = settings_view(session, on=date(2026, 12, 1))
    assert {line.key for line in view.lines} == set(SETTINGS)
    overtime = next(line for line in view.lines if line.key == "officer.overtime_multiplier")
    assert (overtime.value, overtime.default, overtime.history) == ("4/3", "4/3", ())


def test_a_change_takes_effect_from_its_date_and_recosts_only_patrols_from_then(session) -> None:  # type: ignore[no-untyped-def]
    before = _costs(session)
    change = change_setting(session, "officer.overtime_multiplier", "2", CHANGE_ON,
                            "Force agreement 2026/27 ([/] kept as typed)")
    assert change.saved and (change.before, change.after) == ("4/3", "2")
    assert load_rules(session.db, on=date(2026, 8, 31)).officer.overtime_multiplier == "4/3"
    assert load_rules(session.db, on=CHANGE_ON).officer.overtime_multiplier == "2"
    assert load_rules(session.db, on=date(2027, 1, 1)).officer.overtime_multiplier == "2"
    [entry] = rule_history(session.db, "officer.overtime_multiplier")
    assert (entry.effective_from, entry.value, entry.recorded_by) == (CHANGE_ON, "2", "PS Tester")
    assert entry.reason == "Force agreement 2026/27 ([/] kept as typed)"

    after = _costs(session)
    changed = {k for k in before if before[k] != after[k]}
    assert changed, "officers' overtime from September is paid at the new multiplier"
    # the force day of 1 September starts at 07:00 BST, 06:00 UTC
    assert all(after[k][0] >= "2026-09-01T06:00:00Z" for k in changed)
    assert all(before[k] == after[k] for k in before if before[k][0] < "2026-08-24")
    assert mismatched_costs(session) == 0
    assert change.assignment_count == len(changed)
    assert change.patrol_count == len({p.shift_id for p in change.patrols})
    assert change.after_pence - change.before_pence == sum(after[k][1] - before[k][1] for k in changed)
    assert all(p.start.date() >= CHANGE_ON for p in change.patrols)

    audit = session.db.execute(
        "SELECT actor, entity_id, reason, details FROM audit_log WHERE action = 'setting.change'"
    ).fetchall()
    assert len(audit) == 1 and audit[0][:2] == ("PS Tester", "officer.overtime_multiplier")
    assert '"effective":"2026-09-01"' in audit[0][3]

    view = settings_view(session, on=date(2026, 8, 1))
    line = next(x for x in view.lines if x.key == "officer.overtime_multiplier")
    assert line.value == "4/3" and line.next_change is not None and line.next_change.value == "2"


def test_a_preview_shows_what_saving_does_and_keeps_nothing(session) -> None:  # type: ignore[no-untyped-def]
    state = _state(session)
    preview = preview_change(session, "pcso.weekday_multiplier", "7/4", date(2026, 10, 1))
    assert not preview.saved and preview.patrol_count > 0
    assert _state(session) == state
    saved = change_setting(session, "pcso.weekday_multiplier", "7/4", date(2026, 10, 1), "new terms")
    assert (saved.patrols, saved.patrol_count, saved.before_pence, saved.after_pence) == (
        preview.patrols, preview.patrol_count, preview.before_pence, preview.after_pence)


@pytest.mark.parametrize(("key", "value", "on", "reason", "message"), [
    ("officer.overtime", "2", CHANGE_ON, "why", "not a setting"),
    ("officer.overtime_multiplier", "-1", CHANGE_ON, "why", "must not be negative"),
    ("officer.overtime_multiplier", "lots", CHANGE_ON, "why", "not a number"),
    ("officer.unit_minutes", "0", CHANGE_ON, "why", "officer.unit_minutes"),
    ("calendar.day_starts", "25:00", CHANGE_ON, "why", "calendar.day_starts"),
    ("calendar.holiday_date_policy", "sometimes", CHANGE_ON, "why", "calendar.holiday_date_policy"),
    ("officer.overtime_multiplier", "4/3", CHANGE_ON, "why", "already 4/3"),
    ("officer.overtime_multiplier", "2", date(1999, 12, 31), "why", "between"),
    ("officer.overtime_multiplier", "2", date(2100, 1, 1), "why", "between"),
    ("officer.overtime_multiplier", "2", CHANGE_ON, "  ", "say why"),
    ("officer.overtime_multiplier", "2", CHANGE_ON, "bad\x1b[31m", "control characters"),
    ("officer.overtime_multiplier", "2\u202e", CHANGE_ON, "why", "control characters"),
])
def test_a_bad_change_is_one_line_and_changes_nothing(session, key, value, on, reason, message) -> None:  # type: ignore[no-untyped-def]
    state = _state(session)
    with pytest.raises(ValidationFailed, match=message) as caught:
        change_setting(session, key, value, on, reason)
    assert "\n" not in caught.value.message
    assert _state(session) == state


def test_values_of_every_kind_are_typed_as_people_write_them(session) -> None:  # type: ignore[no-untyped-def]
    day = date(2027, 1, 4)
    for key, typed in [("calendar.day_starts", "06:00"), ("calendar.holiday_date_policy", "both"),
                       ("calendar.extra_holidays", "2027-01-05, 2027-02-01"),
                       ("council.weekend_days", "sunday"), ("calendar.holiday_subdiv", "none"),
                       ("officer.rest_day_minimum_minutes", "180")]:
        change_setting(session, key, typed, day, "force policy")
    rules = load_rules(session.db, on=day)
    assert rules.calendar.day_starts.hour == 6
    assert rules.calendar.holiday_date_policy == "both"
    assert rules.calendar.extra_holidays == [date(2027, 1, 5), date(2027, 2, 1)]
    assert rules.council.weekend_days == ["sunday"]
    assert rules.calendar.holiday_subdiv is None
    assert rules.officer.rest_day_minimum_minutes == 180
    line = {x.key: x for x in settings_view(session, on=day).lines}
    assert line["calendar.day_starts"].value == "06:00"
    assert line["calendar.extra_holidays"].value == "2027-01-05, 2027-02-01"
    assert load_rules(session.db, on=date(2027, 1, 3)) == default_rules()


def test_a_later_change_must_stay_valid_with_earlier_ones(session) -> None:  # type: ignore[no-untyped-def]
    change_setting(session, "calendar.holiday_subdiv", "none", date(2026, 6, 1), "whole country")
    change_setting(session, "calendar.holiday_subdiv", "SCT", date(2027, 2, 1), "Scotland")
    state = _state(session)
    # France with no region is valid on 1 July 2026, but not with Scotland from February
    with pytest.raises(ValidationFailed, match="no bank-holiday list for country 'FR' region 'SCT'"):
        change_setting(session, "calendar.holiday_country", "FR", date(2026, 7, 1), "test")
    assert _state(session) == state


def test_rules_stored_before_dates_are_in_force_from_the_start(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURES / "schema_v9.db", path)
    path.chmod(0o600)
    conn = sqlite3.connect(path)
    conn.execute(
        "INSERT INTO pay_rules (key, value, updated_at, updated_by) VALUES ('officer', ?, "
        "'2026-05-01T08:00:00Z', 'PS Old')",
        ['{"overtime_multiplier": "3/2", "unit_minutes": 30, "no_overtime_ranks": ["inspector"]}'])
    conn.execute(
        "INSERT INTO pay_rules (key, value, updated_at, updated_by) VALUES ('calendar', ?, "
        "'2026-05-01T08:00:00Z', 'PS Old')", ['{"holiday_subdiv": null, "day_starts": "06:00:00"}'])
    conn.commit()
    conn.close()
    session = open_session(path, "PS Tester")
    try:
        for day in (date(2001, 1, 1), date(2026, 12, 2)):
            rules = load_rules(session.db, on=day)
            assert rules.officer.overtime_multiplier == "3/2"
            assert rules.officer.unit_minutes == 30
            assert rules.officer.no_overtime_ranks == ["inspector"]
            assert rules.calendar.holiday_subdiv is None
            assert rules.calendar.day_starts.hour == 6
            assert rules.pcso == default_rules().pcso
        history = rule_history(session.db, "officer.overtime_multiplier")
        assert [(h.effective_from, h.recorded_by) for h in history] == [(BEGINNING, "PS Old")]
    finally:
        session.close()


def test_bad_stored_values_are_one_line(session) -> None:  # type: ignore[no-untyped-def]
    session.db.execute(
        "INSERT INTO setting_values (key, effective_from, value, recorded_at, recorded_by) "
        "VALUES ('officer.weekly_hours', '2026-06-01', '\"zero\"', 'x', 'y')")
    assert load_rules(session.db, on=date(2026, 5, 31)) == default_rules()
    with pytest.raises(ValidationFailed, match=r"pay rules are invalid .*officer.weekly_hours"):
        load_rules(session.db, on=date(2026, 6, 1))
