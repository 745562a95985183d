"""The day's verbs from the command line, on a database made by `db init` and the public
commands: patrol add / plan / list, assign, book and outcome, each one transaction with its
audit row, each refusing bad input in one line with exit code 2."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest
from cli_tree import assert_one_line_refusal
from fresh_operation import ACTOR, build, ok, patrols, run

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.refs import ALPHABET, REF_LENGTH
from hotspot_tui.services.session import open_session
from hotspot_tui.services.shifts import find_patrol, shift_detail

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
PLAN = ("every Fri 18:00-02:00 in Watford from 2026-12-11 until 2027-01-29, "
        "need 2 officers and 1 PCSO")


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return build(tmp_path)


def audit(db: Path, action: str) -> list[tuple]:  # type: ignore[type-arg]
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT actor, reason, shift_id FROM audit_log WHERE action = ? ORDER BY seq", [action]
        ).fetchall()


def audit_count(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]


def detail(db: Path, ref: str):  # type: ignore[no-untyped-def]
    session = open_session(db, "reader")
    try:
        return shift_detail(session, find_patrol(session, ref))
    finally:
        session.close()


def add_patrol(db: Path, start: str, end: str, need: str = "ceo=2", area: str = "Watford") -> str:
    out = ok(db, "patrol", "add", "--area", area, "--start", start, "--end", end, "--need", need)
    return out.split("added patrol ")[1].split(":")[0]


def test_patrol_add_gives_a_short_reference_that_list_and_the_patrol_show(db: Path) -> None:
    out = ok(db, "patrol", "add", "--area", "watford", "--start", "2026-12-11 18:00",
             "--end", "2026-12-12 02:00", "--need", "officer=2,pcso=1,ceo=1")
    ref = out.split("added patrol ")[1].split(":")[0]
    assert len(ref) == REF_LENGTH and set(ref) <= set(ALPHABET)
    assert "Watford Fri 11 Dec 2026 18:00-02:00" in out
    [line] = patrols(db, "2026-12-01", "2026-12-31")
    assert line["ref"] == ref and line["area"] == "Watford" and line["status"] == "planned"
    assert (line["start"], line["end"]) == ("2026-12-11 18:00", "2026-12-12 02:00")
    assert (line["start_utc"], line["end_utc"]) == ("2026-12-11T18:00:00Z", "2026-12-12T02:00:00Z")
    assert line["need"] == {"officer": 2, "pcso": 1, "ceo": 1}
    assert ref in ok(db, "patrol", "list", "--from", "2026-12-11", "--to", "2026-12-11")
    assert detail(db, ref.lower()).ref == ref  # typed in any case
    [(actor, _, shift_id)] = audit(db, "shift.create")
    assert actor == ACTOR and shift_id == detail(db, ref).id


def test_patrol_list_filters_by_area_and_days(db: Path) -> None:
    watford = add_patrol(db, "2026-12-11 18:00", "2026-12-12 02:00")
    st_albans = add_patrol(db, "2026-12-12 18:00", "2026-12-13 02:00", area="St Albans")
    add_patrol(db, "2026-12-20 18:00", "2026-12-21 02:00")
    assert [p["ref"] for p in patrols(db, "2026-12-11", "2026-12-12")] == [watford, st_albans]
    assert [p["ref"] for p in patrols(db, "2026-12-01", "2026-12-13", "--area", "st albans")] == [
        st_albans]
    assert "no patrols" in ok(db, "patrol", "list", "--from", "2027-01-01", "--to", "2027-01-02")


def test_patrol_plan_previews_with_dry_run_then_makes_every_patrol(db: Path) -> None:
    before = audit_count(db)
    preview = ok(db, "patrol", "plan", PLAN, "--dry-run")
    assert preview.startswith("8 patrols: every Fri 18:00-02:00 in Watford")
    assert "Fri 25 Dec 2026" in preview and "nothing written" in preview
    assert patrols(db, "2026-12-01", "2027-02-28") == [] and audit_count(db) == before
    made = ok(db, "patrol", "plan", PLAN)
    listed = patrols(db, "2026-12-01", "2027-02-28")
    assert len(listed) == 8 and all(p["need"] == {"officer": 2, "pcso": 1, "ceo": 0} for p in listed)
    assert [p["date"] for p in listed][:2] == ["2026-12-11", "2026-12-18"]
    assert all(p["ref"] in made for p in listed)
    assert len({p["ref"] for p in listed}) == 8
    assert len(audit(db, "pattern.create")) == 1


def test_a_plan_that_clashes_is_refused_whole(db: Path) -> None:
    add_patrol(db, "2026-12-25 20:00", "2026-12-25 23:00")
    line = assert_one_line_refusal(run(db, "patrol", "plan", PLAN))
    assert "already has a patrol" in line
    assert len(patrols(db, "2026-12-01", "2027-02-28")) == 1
    dry = run(db, "patrol", "plan", PLAN, "--dry-run")
    assert dry.exit_code == 2 and "Fri 25 Dec 2026  (clashes" in dry.stdout


def test_assign_several_people_by_payroll_number(db: Path) -> None:
    ref = add_patrol(db, "2026-12-11 18:00", "2026-12-12 02:00")
    out = ok(db, "assign", ref, "WBC001", "wbc002", "--told", "2026-11-30")
    assert "assigned Ann Able, Bob Baker to" in out and "told Mon 30 Nov" in out
    on = detail(db, ref).people
    assert sorted(p.payroll_number for p in on) == ["WBC001", "WBC002"]
    assert all(p.status == "planned" for p in on)
    assert [a[0] for a in audit(db, "assignment.create")] == [ACTOR, ACTOR]
    assert patrols(db, "2026-12-11", "2026-12-11")[0]["have"]["ceo"] == 2


def test_assign_says_when_a_rest_day_does_not_apply_to_the_person(db: Path) -> None:
    ref = add_patrol(db, "2026-12-11 18:00", "2026-12-12 02:00")
    result = run(db, "assign", ref, "WBC001", "--rest-day")
    assert result.exit_code == 0, result.output
    assert "note: rest day does not apply to Ann Able (council officer)" in result.stderr
    assert "Ann Able: rest day" not in result.stdout


def test_assign_refuses_a_rule_break_with_the_apps_explanation_until_overridden(db: Path) -> None:
    night = add_patrol(db, "2026-12-11 18:00", "2026-12-12 02:00")
    morning = add_patrol(db, "2026-12-12 08:00", "2026-12-12 12:00", need="ceo=1")
    ok(db, "assign", night, "WBC001")
    before = audit_count(db)
    refused = run(db, "assign", morning, "WBC001")
    assert refused.exit_code == 2
    lines = refused.stderr.strip().splitlines()
    assert lines[0] == "Override a working-time rule:"
    assert lines[1].startswith("  Ann Able: only 6 h rest before") and "11 h needed" in lines[1]
    assert lines[-1].startswith("hotspot-tui: not assigned: give --override REASON")
    assert audit_count(db) == before and detail(db, morning).people == []
    out = ok(db, "assign", morning, "WBC001", "--override", "nobody else trained")
    assert "override recorded" in out
    assert audit(db, "assignment.override")[-1][:2] == (ACTOR, "nobody else trained")
    assert detail(db, morning).people[0].override_reason == "nobody else trained"


def test_book_one_person_and_then_the_rest_as_planned(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ref = add_patrol(db, "2026-12-11 18:00", "2026-12-12 02:00", need="ceo=3")
    ok(db, "assign", ref, "WBC001", "WBC002", "WBC003")
    early = assert_one_line_refusal(run(db, "book", ref, "--as-planned"))  # on Wed 2 Dec
    assert "cannot be booked as worked before it has started" in early
    monkeypatch.setattr(clock_utc, "utc_now", lambda: datetime(2026, 12, 12, 3, 0, tzinfo=UTC))
    out = ok(db, "book", ref, "WBC002", "--on", "2026-12-11 18:05", "--off", "2026-12-12 02:30",
             "--reason", "late arrest")
    assert "booked Bob Baker" in out and "8 h 25 min" in out
    rest = ok(db, "book", ref, "--as-planned")
    assert rest.count("as planned: 8 h 00 min") == 2 and "Cat [/] Cole" in rest
    people = {p.payroll_number: p for p in detail(db, ref).people}
    assert all(p.status == "worked" for p in people.values())
    bob = people["WBC002"]
    assert (bob.actual_start, bob.actual_end) == (datetime(2026, 12, 11, 18, 5, tzinfo=UTC),
                                                  datetime(2026, 12, 12, 2, 30, tzinfo=UTC))
    assert people["WBC001"].actual_end == datetime(2026, 12, 12, 2, 0, tzinfo=UTC)
    booked = audit(db, "assignment.book")
    assert len(booked) == 3 and booked[0][:2] == (ACTOR, "late arrest")
    assert patrols(db, "2026-12-11", "2026-12-11")[0]["cost_pence"] > 0
    line = assert_one_line_refusal(run(db, "book", ref, "--as-planned"))
    assert "nobody on this patrol is still planned" in line


def test_outcome_records_every_field_and_keeps_the_ones_not_given(db: Path) -> None:
    ref = add_patrol(db, "2026-12-11 18:00", "2026-12-12 02:00")
    counts = ("--arrests", "2", "--stop-searches", "3", "--weapons", "1",
              "--dispersals", "4", "--cpw", "5", "--cpn", "6", "--pspo", "7", "--other", "8",
              "--informal-warnings", "9", "--notes", "knife found [b]")
    line = assert_one_line_refusal(run(db, "outcome", ref, *counts))  # nobody is on it yet
    assert "Arrests: 2 on a patrol of 0 people" in line and "--confirm" in line
    ok(db, "outcome", ref, *counts, "--confirm")
    out = ok(db, "outcome", ref, "--weapons", "2", "--confirm")
    assert "Weapons recovered 2" in out
    assert detail(db, ref).outcomes == {
        "arrests": 2, "stop_searches": 3, "weapons": 2, "dispersals": 4, "cpw": 5, "cpn": 6,
        "pspo": 7, "informal_warnings": 9, "other": 8, "notes": "knife found [b]"}
    assert len(audit(db, "outcomes.record")) == 2


def test_the_second_0130_when_the_clocks_go_back_is_typed_and_paid_as_510_minutes(db: Path) -> None:
    refused = run(db, "patrol", "add", "--area", "Watford", "--start", "2026-10-24 18:00",
                  "--end", "2026-10-25 01:30", "--need", "ceo=1")
    line = assert_one_line_refusal(refused)
    assert "happens twice" in line and "01:30 BST" in line and "01:30 GMT" in line
    ref = add_patrol(db, "2026-10-24 18:00", "2026-10-25 01:30 GMT", need="ceo=1")
    [listed] = patrols(db, "2026-10-24", "2026-10-24")
    assert listed["end"] == "2026-10-25 01:30 GMT" and listed["end_utc"] == "2026-10-25T01:30:00Z"
    ok(db, "assign", ref, "WBC001")
    out = ok(db, "book", ref, "WBC001", "--on", "2026-10-24 18:00", "--off", "2026-10-25 01:30 gmt")
    assert "8 h 30 min" in out and "01:30 GMT" in out
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT worked_minutes FROM assignments").fetchone()[0] == 510
    ok(db, "book", ref, "WBC001", "--on", "2026-10-24 18:00", "--off", "2026-10-25 01:30 BST")
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT worked_minutes FROM assignments").fetchone()[0] == 450


BAD = [
    (["patrol", "add", "--area", "Nowhere", "--start", "2026-12-11 18:00", "--end",
      "2026-12-12 02:00", "--need", "ceo=1"], "no area called"),
    (["patrol", "add", "--area", "Watford", "--start", "11/12 6pm", "--end", "2026-12-12 02:00",
      "--need", "ceo=1"], "--start:"),
    (["patrol", "add", "--area", "Watford", "--start", "2026-12-11 18:00", "--end",
      "2026-12-13 02:00", "--need", "ceo=1"], "at most 16 hours"),
    (["patrol", "add", "--area", "Watford", "--start", "2026-12-11 18:00", "--end",
      "2026-12-12 02:00", "--need", "dogs=2"], "--need:"),
    (["patrol", "add", "--area", "Watford", "--start", "2026-12-11 18:00", "--end",
      "2026-12-12 02:00", "--need", "ceo=0"], "at least one person"),
    (["patrol", "add", "--area", "Watford", "--start", "2026-03-28 22:00", "--end",
      "2026-03-29 01:30", "--need", "ceo=1"], "clocks go forward that night from 01:00 GMT to 02:00 BST"),
    (["patrol", "add", "--area", "Watford", "--start", "2026-07-01 18:00 GMT", "--end",
      "2026-07-01 22:00", "--need", "ceo=1"], "on BST then, not GMT"),
    (["patrol", "plan", "every Fri 18:00-02:00 in Watford, need 2 officers"], "until when"),
    (["patrol", "plan", "every Sat 18:00-01:30 in Watford from 2026-10-01 until 2026-10-31, "
      "need 1 CEO"], "Sat 24 Oct 2026: 2026-10-25 01:30 happens twice"),
    (["patrol", "list", "--from", "someday", "--to", "2026-12-31"], "--from:"),
    (["patrol", "list", "--from", "2026-12-31", "--to", "2026-12-01"], "before the start"),
    (["assign", "NOT-A-REF!", "WBC001"], "is not a patrol reference"),
    (["assign", "ZZZZZZZZ", "WBC001"], "there is no patrol ZZZZZZZZ"),
    (["assign", "{ref}", "NOBODY"], "nobody has payroll number NOBODY"),
    (["assign", "{ref}", "WBC001", "--told", "next fri"], "cannot be in the future"),
    (["assign", "{ref}", "WBC001", "--override", "  "], "say why"),
    (["book", "{ref}", "WBC001", "--on", "2026-12-11 18:00", "--off", "2026-12-12 02:00"],
     "not on this patrol"),
    (["book", "{ref}", "WBC001"], "both --on and --off"),
    (["book", "{ref}", "WBC001", "--as-planned"], "--as-planned books everyone"),
    (["book", "{ref}", "--as-planned"], "nobody on this patrol is still planned"),
    (["book", "{ref}", "WBC001", "--on", "2026-10-25 01:30", "--off", "2026-10-25 03:00"],
     "--on: 2026-10-25 01:30 happens twice"),
    (["book", "{ref}", "WBC001", "--on", "2026-03-29 01:15", "--off", "2026-03-29 03:00"],
     "--on: 2026-03-29 01:15 does not exist"),
    (["outcome", "{ref}"], "at least one count"),
    (["outcome", "{ref}", "--arrests", "-1"], "Arrests must be a whole number"),
    (["outcome", "{ref}", "--arrests", "two"], "not a valid integer"),
]


@pytest.mark.parametrize(("args", "expected"), BAD, ids=[" ".join(a[:3]) for a, _ in BAD])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(db: Path, args: list[str], expected: str) -> None:
    ref = add_patrol(db, "2026-12-11 18:00", "2026-12-12 02:00")
    before = audit_count(db)
    line = assert_one_line_refusal(run(db, *[a.replace("{ref}", ref) for a in args]))
    assert expected in line, line
    assert audit_count(db) == before


def test_a_plan_across_the_clock_change_says_which_0130_and_makes_that_night_longer(db: Path) -> None:
    plan = ("every Sat 18:00-01:30 GMT in Watford from 2026-10-17 until 2026-10-31, "
            "need 1 council officer")
    assert "18:00-01:30 GMT" in ok(db, "patrol", "plan", plan, "--dry-run")
    ok(db, "patrol", "plan", plan)
    listed = {p["date"]: p for p in patrols(db, "2026-10-17", "2026-10-31")}
    assert listed["2026-10-24"]["end"] == "2026-10-25 01:30 GMT"
    assert listed["2026-10-24"]["end_utc"] == "2026-10-25T01:30:00Z"  # 8 h 30 min that night
    assert listed["2026-10-17"]["end_utc"] == "2026-10-18T00:30:00Z"  # 01:30 BST, 7 h 30 min
    assert listed["2026-10-31"]["end_utc"] == "2026-11-01T01:30:00Z"  # 01:30 GMT, 7 h 30 min
