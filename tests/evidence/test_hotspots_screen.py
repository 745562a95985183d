"""The Hotspots section and an area's before and after, driven as a person would."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from app_settle import settle
from textual.widgets import DataTable, Input, Static

from hotspot_tui.domain import clock_utc
from hotspot_tui.services.session import open_session
from hotspot_tui.tui.app import HotspotApp, make_app
from hotspot_tui.tui.modals.budget_forms import FieldsForm
from hotspot_tui.tui.screens.area import AreaScreen
from hotspot_tui.tui.screens.hotspots import HotspotsScreen
from tests.cli.fresh_operation import ok

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
SIZES = [(80, 24), (160, 48)]


@pytest.fixture
def frozen(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


def _app(db: Path) -> HotspotApp:
    app = make_app(open_session(db, "PS Tester"))
    app.clock = lambda: NOW  # type: ignore[attr-defined]
    return app


def _cells(table: DataTable) -> list[list[str]]:  # type: ignore[type-arg]
    return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]


async def test_a_hotspot_becomes_an_area_in_one_step(county: tuple[Path, list[Path]], frozen: None) -> None:
    db, _ = county
    app = _app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, HotspotsScreen)
        assert (screen.query_one("#from", Input).value, screen.query_one("#to", Input).value) == (
            "2025-11", "2026-10")
        rows = _cells(screen.query_one("#places", DataTable))
        assert rows[0][1:] == ["Watford 007B", "90", "120", "90", "−25 %", "Watford"]
        assert rows[1][6] == "St Albans"
        third = rows[2][1]
        await pilot.press("down", "down")
        assert "n: make it an area" in str(screen.query_one("#detail", Static).content)
        await pilot.press("n")
        await settle(pilot)
        form = app.screen
        assert isinstance(form, FieldsForm)
        assert form.query_one("#f-name", Input).value == f"{third} (250 m cell)"
        district = form.query_one("#f-district", Input).value
        assert district and district in third
        form.query_one("#f-name", Input).value = "Town [/] Centre"
        form.query_one("#f-cost_code", Input).value = "HAF-XX-NEW"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, HotspotsScreen)
        rows = _cells(screen.query_one("#places", DataTable))
        assert "Town [/] Centre" in rows[2][6].split(", ")
    listed = ok(db, "area", "list")
    assert "Town [/] Centre" in listed and "HAF-XX-NEW" in listed
    data = json.loads(ok(db, "hotspots", "--from", "2025-11", "--to", "2026-10", "--json"))
    assert any("Town [/] Centre" in p["inside_areas"] for p in data["places"])
    import sqlite3

    conn = sqlite3.connect(db)
    actions = [r[0] for r in conn.execute(
        "SELECT action FROM audit_log WHERE actor = 'PS Tester' ORDER BY seq")]
    conn.close()
    assert actions[-2:] == ["area.add", "area.geography"]


async def test_an_area_shows_its_before_and_after(county: tuple[Path, list[Path]], frozen: None) -> None:
    db, _ = county
    app = _app(db)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("0")
        await settle(pilot)
        table = app.screen.query_one("#areas", DataTable)
        names = [str(table.get_row_at(i)[0]) for i in range(table.row_count)]
        table.move_cursor(row=names.index("Watford"))
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, AreaScreen)
        claims = str(screen.query_one("#claims", Static).content)
        assert "ASB down 50 % (60 → 30, May–Oct 2026 against May–Oct 2025)" in claims
        assert "ASB down 50 % (60 → 30, May–Oct 2026 against Nov 2025–Apr 2026)" in claims
        evidence = screen.evidence
        assert evidence is not None and len(evidence.months) == 18
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, AreaScreen)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_hotspots_look(snap_compare, county, frozen, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)

    assert snap_compare(_app(county[0]), terminal_size=size, run_before=run_before)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_area_look(snap_compare, county, frozen, size) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.app.push_screen(AreaScreen("Watford"))
        await settle(pilot)
        await pilot.press("r")
        await settle(pilot)

    assert snap_compare(_app(county[0]), terminal_size=size, run_before=run_before)


async def test_only_who_may_add_areas_is_offered_the_key(county: tuple[Path, list[Path]],
                                                         frozen: None) -> None:
    from textual.widgets import Footer

    from hotspot_tui.domain.accounts import Credentials
    from hotspot_tui.domain.hotspots import hotspot_query
    from hotspot_tui.errors import NotPermitted
    from hotspot_tui.services.accounts import add_account
    from hotspot_tui.services.hotspots import find_hotspots, make_area, new_area_for

    db, _ = county
    owner = open_session(db, "owner")
    add_account(owner, "Insp Admin", "admin", "admin phrase 1234")
    owner.close()
    admin = open_session(db, "x", sign_in=lambda: Credentials("Insp Admin", "admin phrase 1234"))
    add_account(admin, "PS Super", "supervisor", "supervisor 12345")
    admin.close()
    session = open_session(db, "x", sign_in=lambda: Credentials("PS Super", "supervisor 12345"))
    app = make_app(session)
    app.clock = lambda: NOW  # type: ignore[attr-defined]
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("9")
        await settle(pilot)
        footer = " ".join(str(k.description) for k in app.screen.query(Footer).first().query("FooterKey"))
        assert "Run" in footer and "New area here" not in footer
        assert "make it an area" not in str(app.screen.query_one("#detail", Static).content)
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, HotspotsScreen)
        place = find_hotspots(session, hotspot_query("2025-11", "2026-10")).places[0]
        proposal = new_area_for(place)
        with pytest.raises(NotPermitted):
            make_area(session, "Somewhere", "Watford", "HAF-WA-SOM", proposal.geography)
