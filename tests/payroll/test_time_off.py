"""Time off owed: kept with the duty that earned it, overdue on the dashboard, taken
(audited) and exported with the payroll file rules."""

from __future__ import annotations

import csv
import io
from datetime import date, time
from pathlib import Path

import pytest
from click.testing import CliRunner
from openpyxl import load_workbook

from hotspot_tui.cli import cli
from hotspot_tui.domain.access import Permission
from hotspot_tui.domain.staff_input import StaffInput
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services import staff as staff_service
from hotspot_tui.services.dashboard import dashboard
from hotspot_tui.services.time_off import export_time_off, overdue, owed_for_person, set_taken
from tests.payroll.world import rebook, work


def _officer(session, name: str) -> str:  # type: ignore[no-untyped-def]
    force = session.db.execute("SELECT id FROM employers WHERE kind = 'force'").fetchone()[0]
    return staff_service.add_person(session, StaffInput(
        name=name, payroll_number="TO0001", kind="officer", rank="constable", employer_id=force,
        salary="41000", contracted_hours="40"))


def test_a_rest_day_worked_on_long_notice_owes_a_replacement_kept_with_its_duty(session) -> None:  # type: ignore[no-untyped-def]
    pc = _officer(session, "Sam Rest")
    made = work(session, pc, date(2026, 7, 4), time(10), time(18), kind="officer", rest_day=True,
                told_on=date(2026, 6, 1))
    [owed] = owed_for_person(session, pc)
    assert (owed.assignment_id, owed.kind, owed.for_date, owed.due_by) == (
        made, "replacement_rest_day", date(2026, 7, 4), date(2026, 8, 1))
    assert owed.worked and owed.taken_on is None
    assert owed.overdue(date(2026, 8, 2)) and not owed.overdue(date(2026, 8, 1))

    count, lines = overdue(session, date(2026, 8, 2), limit=100_000)
    assert count == len(lines)
    assert [line.for_date for line in lines if line.staff_id == pc] == [date(2026, 7, 4)]
    alerts = [a.text for a in dashboard(session, date(2026, 8, 2)).alerts if a.kind == "time_off"]
    assert alerts, "overdue time off is a dashboard alert"

    rebook(session, made, longer_by=30)  # a correction keeps what is owed, once
    assert [o.assignment_id for o in owed_for_person(session, pc)] == [made]

    with pytest.raises(ValidationFailed):
        set_taken(session, made, "replacement_rest_day", date(2026, 7, 4), date(2026, 7, 1))
    set_taken(session, made, "replacement_rest_day", date(2026, 7, 4), date(2026, 7, 20))
    [taken] = owed_for_person(session, pc)
    assert taken.taken_on == date(2026, 7, 20) and not taken.overdue(date(2026, 9, 1))
    assert session.db.execute("SELECT actor FROM audit_log WHERE action = 'time_off.taken'").fetchall() == [
        ("PS Tester",)]


def test_a_duty_that_no_longer_earns_time_off_drops_it_unless_taken(session) -> None:  # type: ignore[no-untyped-def]
    pc = _officer(session, "Sam Later")
    made = work(session, pc, date(2026, 7, 11), time(10), time(18), kind="officer", rest_day=True,
                told_on=date(2026, 6, 1))
    set_taken(session, made, "replacement_rest_day", date(2026, 7, 11), date(2026, 7, 25))
    with session.writing(Permission.UPKEEP) as db:  # the rest-day flag was wrong: a working day after all
        db.execute("UPDATE assignments SET rest_day = 0 WHERE id = ?", [made])
    rebook(session, made, longer_by=15)
    [kept] = owed_for_person(session, pc)
    assert kept.taken_on == date(2026, 7, 25) and not kept.earned


def test_the_time_off_file_is_owner_only_and_inert_in_a_spreadsheet(session, demo_db, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pc = _officer(session, "=HYPERLINK(\"http://x\")")
    work(session, pc, date(2026, 7, 18), time(10), time(18), kind="officer", rest_day=True,
         told_on=date(2026, 6, 1))
    result = export_time_off(session, "2026-07", out=tmp_path / "t.csv")
    assert (tmp_path / "t.csv").stat().st_mode & 0o777 == 0o600
    rows = list(csv.reader(io.StringIO((tmp_path / "t.csv").read_text(encoding="utf-8"))))
    assert rows[0][:4] == ["Payroll number", "Name", "Kind", "Time off"]
    mine = [r for r in rows if r[0] == "TO0001"]
    assert mine == [["TO0001", "'=HYPERLINK(\"http://x\")", "Officer", "Replacement rest day", "2026-07-18",
                     "2026-08-15", "", "", mine[0][8], "replacement rest day owed for 2026-07-18"]]
    assert result.rows == len(rows) - 1

    export_time_off(session, "2026-07", fmt="xlsx", out=tmp_path / "t.xlsx")
    sheet = load_workbook(tmp_path / "t.xlsx").active
    names = [row[1] for row in sheet.iter_rows(values_only=True)]
    assert "'=HYPERLINK(\"http://x\")" in names
    cli_out = CliRunner().invoke(cli, ["export", "time-off", "--period", "2026-07", "--db", str(demo_db),
                                       "--out", str(tmp_path / "cli.csv")])
    assert cli_out.exit_code == 0, cli_out.output
    again = CliRunner().invoke(cli, ["export", "time-off", "--period", "2026-07", "--db", str(demo_db),
                                     "--out", str(tmp_path / "cli.csv")])
    assert again.exit_code == 2 and "already exists" in again.output
