"""The sample data looks like an operation whose assignments were checked as they were made:
the full working-time check finds nothing the file does not already hold, and what it holds
is overridden with a reason or nothing at all; those whose hours need the 48-hour opt-out
have signed it."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from hotspot_tui.domain.operation import ALL_AREAS
from hotspot_tui.services import sample_data, worktime, worktime_scan
from hotspot_tui.services.sample import create_sample_database
from hotspot_tui.services.session import Session, open_session

SMALL_COUNTY = replace(
    sample_data.COUNTY, areas=ALL_AREAS[:3], officers=120, pcsos=20, ceos=8,
    first_day=date(2026, 3, 1), last_day=date(2027, 2, 28), approved_until=date(2027, 2, 28),
    assignments=20_000, police=sample_data.DEMO.police)
"""The county's shape (alternate-day patrols, a normal-duty roster, the clock changes of a
whole year) in a year of three areas."""


@pytest.fixture(scope="module")
def county_like(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("county") / "county.db"
    create_sample_database(path, seed=31, scale="county", spec=SMALL_COUNTY)
    return path


def test_county_sample_holds_what_the_full_check_finds_and_it_finds_no_breach(county_like: Path) -> None:
    session = open_session(county_like, "PS Tester")
    try:
        report = worktime_scan.rescan(session)
    finally:
        session.close()
    assert report.patrols > 15_000
    assert (report.found, report.cleared, report.held) == (0, 0, 0)


def test_county_sample_people_who_need_the_opt_out_have_signed_it(county_like: Path) -> None:
    session = open_session(county_like, "PS Tester")
    try:
        signed = worktime.opted_out_people(session, SMALL_COUNTY.first_day)
        people = SMALL_COUNTY.officers + SMALL_COUNTY.pcsos + SMALL_COUNTY.ceos
        assert 0.8 * people <= len(signed) < people
        assert all(p.since < SMALL_COUNTY.first_day and p.reason for p in signed)
        # their hours need it: without it, the 48-hour average is broken
        first = min(signed, key=lambda p: p.payroll_number)
        found = worktime.set_opt_out(session, first.staff_id, False, SMALL_COUNTY.first_day,
                                     "Withdrew the opt-out in writing")
    finally:
        session.close()
    assert found > 0


def test_demo_sample_holds_what_the_full_check_finds_every_breach_overridden(session: Session) -> None:
    report = worktime_scan.rescan(session)
    assert report.patrols > 1_000
    assert (report.found, report.cleared) == (0, 0)
    assert report.held == 0
