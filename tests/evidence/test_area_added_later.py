"""An area added while the operation runs is measured from the day it was added: its
before and after, its chart's start marker and its claims; the areas of the set-up from
the operation's start."""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from app_settle import settle
from textual.widgets import Static

from hotspot_tui.domain import clock_utc
from hotspot_tui.domain.months import Month
from hotspot_tui.services.evidence import area_evidence
from hotspot_tui.services.session import open_session
from hotspot_tui.tui.app import make_app
from hotspot_tui.tui.screens.area import AreaScreen, draw_chart
from tests.cli.fresh_operation import ok
from tests.evidence.police_files import HIGH_STREET, hertfordshire

LATER = "Market [/] Street"


def _at(monkeypatch: pytest.MonkeyPatch, moment: datetime) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: moment)


@pytest.fixture(scope="module")
def added_later(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example operation (from 1 May 2026) set up in April; on 12 Aug 2026 a new area
    is added round Watford's High Street (where ASB halved in May); police data to Oct 2026
    imported in November."""
    folder = tmp_path_factory.mktemp("added-later")
    db = folder / "station.db"
    with pytest.MonkeyPatch.context() as patch:
        _at(patch, datetime(2026, 4, 20, 9, 0, tzinfo=UTC))
        ok(db, "db", "init")
        operation = folder / "operation.toml"
        operation.write_text(ok(db, "setup", "--example"), encoding="utf-8")
        ok(db, "setup", str(operation))
        ok(db, "area", "geography", "Watford", "--centre", "51.6556,-0.3960", "--radius", "300")
        # 23:30 UTC on 11 Aug is 00:30 on 12 Aug in London
        _at(patch, datetime(2026, 8, 11, 23, 30, tzinfo=UTC))
        ok(db, "area", "add", LATER, "--district", "Watford", "--cost-code", "HAF-WA-MKT")
        ok(db, "area", "geography", LATER, "--centre", f"{HIGH_STREET.lat},{HIGH_STREET.lon}",
           "--radius", "200")
        _at(patch, datetime(2026, 11, 20, 9, 0, tzinfo=UTC))
        ok(db, "import", "crime", *map(str, hertfordshire(folder)))
    return db


@pytest.fixture
def station(added_later: Path, tmp_path: Path) -> Path:
    db = tmp_path / "station.db"
    shutil.copyfile(added_later, db)
    db.chmod(0o600)
    return db


def test_the_area_is_compared_from_the_month_it_was_added(station: Path) -> None:
    session = open_session(station, "PS Tester")
    try:
        later = area_evidence(session, LATER)
        watford = area_evidence(session, "Watford")
    finally:
        session.close()
    assert later.starts == Month(2026, 8)
    assert later.claims() == [
        "ASB down 50 % (30 → 15, Aug–Oct 2026 against Aug–Oct 2025)",
        "ASB unchanged (15 → 15, Aug–Oct 2026 against May–Jul 2026)",
        "Added on 12 Aug 2026: measured from Aug 2026, not from the operation's start.",
    ]
    assert min(later.months) == Month(2025, 8) and max(later.months) == Month(2026, 10)
    assert watford.starts == Month(2026, 5)
    assert watford.claims() == [
        "ASB down 50 % (60 → 30, May–Oct 2026 against May–Oct 2025)",
        "ASB down 50 % (60 → 30, May–Oct 2026 against Nov 2025–Apr 2026)",
    ]


def test_the_report_counts_the_area_from_when_it_was_added(station: Path) -> None:
    data = json.loads(ok(station, "report", "--format", "json"))
    later = next(a for a in data["by_area"] if a["area"] == LATER)
    assert (later["asb_before"], later["asb_during"], later["asb_change_pct"]) == (30, 15, -50.0)
    assert (later["asb_during_months"], later["asb_before_months"]) == ("Aug–Oct 2026", "Aug–Oct 2025")
    assert data["asb_during_months"] == "May–Oct 2026"
    assert f"; {LATER} over Aug–Oct 2026 against Aug–Oct 2025" in data["asb_claim"]
    september = json.loads(ok(station, "report", "--format", "json", "--area", LATER, "--from", "2026-09-01"))
    assert september["by_area"][0]["asb_during_months"] == "Sep–Oct 2026"


class _Plot:
    """Records what the chart draws."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: self.calls.append((name, args, kwargs))


def test_the_chart_marks_the_month_the_area_started(station: Path) -> None:
    session = open_session(station, "PS Tester")
    try:
        evidence = area_evidence(session, LATER)
    finally:
        session.close()
    plot = _Plot()
    draw_chart(plot, evidence)
    line = next(args for name, args, _ in plot.calls if name == "vertical_line")
    assert line == (Month(2026, 8).index - Month(2025, 8).index - 0.5,)


async def test_the_area_view_says_when_it_started(station: Path) -> None:
    app = make_app(open_session(station, "PS Tester"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await app.push_screen(AreaScreen(LATER))
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AreaScreen)
        claims = str(screen.query_one("#claims", Static).content)
        assert "ASB unchanged (15 → 15, Aug–Oct 2026 against May–Jul 2026)" in claims
        assert "Added on 12 Aug 2026" in claims
        assert str(screen.query_one("#name", Static).content).startswith(LATER)


def _claim_row(line: str) -> tuple[str, str]:
    name, _, claim = line.strip().partition("  ")
    return name, claim.strip()


async def test_the_report_screen_shows_each_areas_asb_with_its_counts_and_months(station: Path) -> None:
    from tests.dashboard.test_screens import text_of

    app = make_app(open_session(station, "PS Tester"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("6")
        await settle(pilot)
        summary = " ".join(text_of(app.screen.query_one("#report", Static)).split())
        assert "Recorded by the police in the placed areas: ASB down" in summary
        section = text_of(app.screen.query_one("#asb", Static))
        lines = dict(_claim_row(line) for line in section.splitlines() if "  " in line.strip())
        assert lines[LATER] == "ASB down 50 % (30 → 15, Aug–Oct 2026 against Aug–Oct 2025)"
        assert lines["Watford"] == "ASB down 50 % (60 → 30, May–Oct 2026 against May–Oct 2025)"
        assert "SAMPLE DATA" not in section
        for claim in lines.values():
            if "%" in claim:
                assert "→" in claim and " against " in claim
        app.screen.query_one("#area").value = LATER
        await settle(pilot)
        section = text_of(app.screen.query_one("#asb", Static))
        assert LATER in section and "Watford" not in section
