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
from hotspot_tui.services.pay_rules import load_group, load_rules, rule_history
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
    ("officer.overtime_multiplier", "37.5", CHANGE_ON, "why", "a multiplier is 0 to 10"),
    ("officer.weekly_hours", "0", CHANGE_ON, "why", "more than zero"),
    ("pcso.hourly_days", "36500", CHANGE_ON, "why", "more than 1000"),
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


def test_a_group_of_settings_is_read_as_on_a_date_on_its_own(session) -> None:  # type: ignore[no-untyped-def]
    change_setting(session, "working_time.reference_weeks", "26", date(2027, 1, 1), "agreement")
    assert load_group(session.db, "working_time", on=date(2026, 12, 31)).reference_weeks == 17  # type: ignore[attr-defined]
    assert load_group(session.db, "working_time", on=date(2027, 1, 1)) == load_rules(
        session.db, on=date(2027, 1, 1)).working_time
    with pytest.raises(ValidationFailed, match="not a group"):
        load_group(session.db, "nonsense")


def test_a_change_reaching_into_a_sent_period_leaves_its_file_and_pays_the_difference_later(
        session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from hotspot_tui.services.payroll import export_payroll

    export_payroll(session, "2026-05", out=tmp_path / "may.csv", final=True)
    preview = preview_change(session, "officer.rest_day_multiplier", "2", date(2026, 5, 15))
    assert any(p.locked for p in preview.patrols), "May's patrols are marked as already sent"
    assert not any(p.locked for p in preview.patrols if p.start.date() >= date(2026, 6, 1))
    change_setting(session, "officer.rest_day_multiplier", "2", date(2026, 5, 15), "backdated award")
    again = export_payroll(session, "2026-05", out=tmp_path / "may-again.csv")
    assert again.relocked
    assert (tmp_path / "may-again.csv").read_bytes() == (tmp_path / "may.csv").read_bytes()
    june = export_payroll(session, "2026-06", out=tmp_path / "june.csv")
    assert june.adjustments > 0, "the difference for May's patrols is paid with June"
    assert mismatched_costs(session) == 0


def test_each_patrol_is_costed_with_the_value_in_force_on_its_day(session) -> None:  # type: ignore[no-untyped-def]
    """Two changes, the later one entered first: September's patrols are paid September's
    value, not the value in force today."""
    from hotspot_tui.services.costing import lines_for_assignment

    change_setting(session, "officer.rest_day_multiplier", "5/2", date(2026, 10, 1), "award 2")
    change_setting(session, "officer.rest_day_multiplier", "2", date(2026, 9, 1), "award 1")
    seen: dict[str, set[str]] = {}
    for assignment_id, local_date in session.db.execute(
            "SELECT a.id, s.local_date FROM assignments a JOIN shifts s ON s.id = a.shift_id "
            "WHERE a.status = 'worked' AND s.local_date BETWEEN '2026-08-01' AND '2026-10-31'"):
        for line in lines_for_assignment(session.db, assignment_id):
            if "rest day" in line["reason"].lower() and line["multiplier"] > 1:
                seen.setdefault(local_date[:7], set()).add(str(line["multiplier"]))
    assert seen["2026-08"] == {"3/2"}
    assert seen["2026-09"] == {"2"}
    assert seen["2026-10"] == {"5/2"}
