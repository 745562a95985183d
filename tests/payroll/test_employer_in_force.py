"""Each duty's pay goes to the employer in force for it: a council enforcement officer who
moves from one council to another has each council billed for its own work at its own
rates, and someone who moves between a council and the force is in the force's payroll
file for their force work and on the council's statement for their council work, whoever
employs them now. From a file made by `db init` and `setup`, through the services."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, time
from pathlib import Path

import pytest

from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.payroll import export_payroll
from hotspot_tui.services.session import Session, open_session
from hotspot_tui.services.staff import get_person
from tests.payroll.employers import (
    ACTOR,
    FORCE,
    STEVENAGE,
    WATFORD,
    moves,
    new_operation,
    payroll_lines,
    pence,
    person,
    statement,
)
from tests.payroll.helpers import approve_everything
from tests.payroll.world import cost, rebook, work


@pytest.fixture
def session(tmp_path: Path, pinned_clock: None) -> Iterator[Session]:
    opened = open_session(new_operation(tmp_path), ACTOR)
    yield opened
    opened.close()


def test_a_council_officer_who_moves_council_bills_each_council_its_own_work_at_its_own_rates(
        session: Session, tmp_path: Path) -> None:
    ann = person(session, "WBC001")
    for_watford = work(session, ann, date(2026, 6, 9), time(10), time(14), kind="ceo")
    # 03:00 on the day of the move is still the force day before it (days start at 07:00)
    early = work(session, ann, date(2026, 6, 15), time(3), time(6), kind="ceo")
    moves(session, ann, on=date(2026, 6, 15), employer=STEVENAGE)
    assert get_person(session, ann)["employer_name"] == STEVENAGE
    for_stevenage = work(session, ann, date(2026, 6, 16), time(10), time(14), kind="ceo")
    assert cost(session, for_watford) == 4 * 2150, "Watford's weekday rate"
    assert cost(session, early) == 3 * 2150, "Watford's: it starts in the force day before the move"
    assert cost(session, for_stevenage) == 4 * 2080, "Stevenage's weekday rate"

    watford = statement(session, "2026-06", WATFORD, tmp_path / "watford.csv")
    stevenage = statement(session, "2026-06", STEVENAGE, tmp_path / "stevenage.csv")
    assert [(r["Payroll number"], r["Employer"], r["Hourly rate (GBP)"], r["Hours"]) for r in watford] == [
        ("WBC001", WATFORD, "21.5000", "7.00")]
    assert pence(watford) == 7 * 2150
    assert [(r["Payroll number"], r["Employer"], r["Hourly rate (GBP)"], r["Hours"]) for r in stevenage] == [
        ("WBC001", STEVENAGE, "20.8000", "4.00")]
    assert pence(stevenage) == 4 * 2080

    approve_everything(session)
    export_payroll(session, "2026-06", out=tmp_path / "june.csv", final=True)
    assert statement(session, "2026-06", WATFORD, tmp_path / "watford-locked.csv") == watford
    assert statement(session, "2026-06", STEVENAGE, tmp_path / "stevenage-locked.csv") == stevenage

    rebook(session, for_watford, longer_by=60)
    july_watford = statement(session, "2026-07", WATFORD, tmp_path / "july-watford.csv")
    assert [(r["Adjustment for"], pence([r])) for r in july_watford] == [("2026-06", 2150)], \
        "the correction to Watford's work is billed to Watford"
    assert statement(session, "2026-07", STEVENAGE, tmp_path / "july-stevenage.csv") == []


def test_a_move_dated_back_into_a_locked_month_credits_one_council_and_bills_the_other(
        session: Session, tmp_path: Path) -> None:
    sam = person(session, "SBC001")
    duty = work(session, sam, date(2026, 6, 10), time(10), time(14), kind="ceo")
    approve_everything(session)
    export_payroll(session, "2026-06", out=tmp_path / "june.csv", final=True)
    sent = statement(session, "2026-06", STEVENAGE, tmp_path / "stevenage.csv")
    assert pence(sent) == 4 * 2080

    moves(session, sam, on=date(2026, 6, 1), employer=WATFORD)  # the transfer letter came late

    assert statement(session, "2026-06", STEVENAGE, tmp_path / "stevenage-again.csv") == sent
    assert statement(session, "2026-06", WATFORD, tmp_path / "watford.csv") == []
    credited = statement(session, "2026-07", STEVENAGE, tmp_path / "july-stevenage.csv")
    billed = statement(session, "2026-07", WATFORD, tmp_path / "july-watford.csv")
    assert [(r["Adjustment for"], r["Hourly rate (GBP)"], pence([r])) for r in credited] == [
        ("2026-06", "20.8000", -4 * 2080)]
    assert [(r["Adjustment for"], r["Hourly rate (GBP)"], pence([r])) for r in billed] == [
        ("2026-06", "21.5000", 4 * 2150)]
    assert cost(session, duty) == 4 * 2150


def test_a_pcso_who_becomes_a_council_officer_is_in_each_file_for_the_work_done_there(
        session: Session, tmp_path: Path) -> None:
    kim = person(session, "700002")
    as_pcso = work(session, kim, date(2026, 6, 9), time(10), time(14), kind="pcso")
    moves(session, kim, on=date(2026, 6, 15), employer=WATFORD, kind="CEO")
    as_ceo = work(session, kim, date(2026, 6, 16), time(10), time(14), kind="ceo")
    assert cost(session, as_ceo) == 4 * 2150

    lines = payroll_lines(session, "2026-06", tmp_path / "draft.csv")
    assert {(r["Payroll number"], r["Duty date"]) for r in lines} == {("700002", "2026-06-09")}
    assert pence(lines) == cost(session, as_pcso)
    watford = statement(session, "2026-06", WATFORD, tmp_path / "watford.csv")
    assert [(r["Payroll number"], pence([r])) for r in watford] == [("700002", 4 * 2150)]

    with pytest.raises(ValidationFailed, match="not approved"):
        export_payroll(session, "2026-06", out=tmp_path / "final.csv", final=True)
    approve_everything(session)
    final = export_payroll(session, "2026-06", out=tmp_path / "final.csv", final=True)
    assert final.total_pence == cost(session, as_pcso)


def test_a_council_officer_who_joins_the_force_as_a_pcso_leaves_the_council_work_with_the_council(
        session: Session, tmp_path: Path) -> None:
    sam = person(session, "SBC001")
    as_ceo = work(session, sam, date(2026, 6, 10), time(10), time(14), kind="ceo")
    moves(session, sam, on=date(2026, 6, 15), employer=FORCE, kind="PCSO",
           salary="23406", hours="37")
    as_pcso = work(session, sam, date(2026, 6, 17), time(10), time(14), kind="pcso")

    stevenage = statement(session, "2026-06", STEVENAGE, tmp_path / "stevenage.csv")
    assert [(r["Payroll number"], pence([r])) for r in stevenage] == [("SBC001", cost(session, as_ceo))]
    lines = payroll_lines(session, "2026-06", tmp_path / "draft.csv")
    assert {(r["Payroll number"], r["Duty date"]) for r in lines} == {("SBC001", "2026-06-17")}
    assert cost(session, as_pcso) > 0
