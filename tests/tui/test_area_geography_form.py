"""A supervisor places an area from the Areas screen (`w`): a centre and radius, LSOA codes
or a GeoJSON file, each mistake beside its field and nothing saved until all is right; the
table says where each area lies; the place is audited and the area's police records are
counted again. Area names are shown as typed, never as markup."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Select
from tui_helpers import NOW, drive, rows, settle, submit

from hotspot_tui.domain.geography import circle, lsoa_set
from hotspot_tui.services.area_geography import set_area_geography
from hotspot_tui.services.organisation import add_area
from hotspot_tui.services.session import open_session
from hotspot_tui.tui.app import make_app
from hotspot_tui.tui.modals.area_geography import AreaGeographyForm
from tests.accounts.helpers import add_accounts, signed_in

ODD = "Cat [/] Corner [b]"


async def _open_form(pilot: Any, name: str) -> AreaGeographyForm:
    await pilot.press("0")
    await settle(pilot)
    table = pilot.app.screen.query_one("#areas", DataTable)
    row = next(i for i in range(table.row_count) if str(table.get_row_at(i)[0]) == name)
    table.move_cursor(row=row)
    table.focus()
    await pilot.press("w")
    await settle(pilot)
    form = pilot.app.screen
    assert isinstance(form, AreaGeographyForm)
    return form


def _geography(app: Any, name: str) -> list[tuple[Any, ...]]:
    return rows(app, "SELECT g.kind, g.centre_lat, g.centre_lon, g.radius_m, g.lsoa_codes "
                     "FROM area_geographies g JOIN areas a ON a.id = g.area_id WHERE a.name = ?", [name])


def test_a_centre_and_radius_with_mistakes_shown_beside_their_fields(demo_db: Path) -> None:
    session = open_session(demo_db, "PS Tester")
    try:
        add_area(session, ODD, "Watford", "HAF-WA-ODD")
    finally:
        session.close()

    async def script(pilot: Any) -> None:
        form = await _open_form(pilot, ODD)
        assert str(form.query_one("#form-title").content) == f"Where {ODD} lies"
        await submit(pilot, form, {"f-centre": "-0.39, 51.65", "f-radius": "20"})
        assert pilot.app.screen is form, "nothing saved while a field is wrong"
        shown = form.error_text
        assert "latitude -0.39 is not in Great Britain" in shown
        assert "the radius must be 50 m to 5,000 m" in shown
        assert "2 fields need fixing; nothing was saved" in shown
        assert _geography(pilot.app, ODD) == []
        await submit(pilot, form, {"f-centre": "51.6562, -0.3965", "f-radius": "450"})
        assert not isinstance(pilot.app.screen, AreaGeographyForm)
        assert _geography(pilot.app, ODD) == [("circle", 51.6562, -0.3965, 450, None)]
        table = pilot.app.screen.query_one("#areas", DataTable)
        row = next(table.get_row_at(i) for i in range(table.row_count) if str(table.get_row_at(i)[0]) == ODD)
        assert str(row[2]) == "450 m circle"
        [(actor, _, _, _, _)] = [r for r in rows(
            pilot.app, "SELECT actor, entity_id, shift_id, staff_id, details FROM audit_log "
                       "WHERE action = 'area.geography' ORDER BY seq") if ODD in r[4]]
        assert actor == "PS Tester"

    drive(demo_db, script, size=(80, 24))


def test_lsoa_codes_then_a_polygon_file_then_nowhere(demo_db: Path, tmp_path: Path) -> None:
    polygon = tmp_path / "watford.geojson"
    polygon.write_text('{"type": "Polygon", "coordinates": [[[-0.40, 51.65], [-0.39, 51.65], '
                       '[-0.39, 51.66], [-0.40, 51.66], [-0.40, 51.65]]]}', encoding="utf-8")

    async def script(pilot: Any) -> None:
        form = await _open_form(pilot, "Watford")
        form.query_one("#f-kind", Select).value = "lsoa"
        await settle(pilot)
        assert not form.query_one("#row-centre").display and form.query_one("#row-lsoa").display
        await submit(pilot, form, {"f-lsoa": "E0102379"})
        assert "'E0102379' is not an LSOA code" in form.error_text
        await submit(pilot, form, {"f-lsoa": "e01023791, E01023792"})
        assert _geography(pilot.app, "Watford") == [
            ("lsoa", None, None, None, '["E01023791", "E01023792"]')]

        form = await _open_form(pilot, "Watford")
        assert form.query_one("#f-kind", Select).value == "lsoa", "it opens on what the area has"
        form.query_one("#f-kind", Select).value = "polygon"
        await settle(pilot)
        await submit(pilot, form, {"f-polygon": str(tmp_path / "missing.geojson")})
        assert "no GeoJSON file at" in form.error_text
        await submit(pilot, form, {"f-polygon": str(polygon)})
        assert [r[0] for r in _geography(pilot.app, "Watford")] == ["polygon"]

        form = await _open_form(pilot, "Watford")
        form.query_one("#f-kind", Select).value = "none"
        await settle(pilot)
        await submit(pilot, form, {})
        assert _geography(pilot.app, "Watford") == []
        assert len(rows(pilot.app, "SELECT 1 FROM audit_log WHERE action = 'area.geography_cleared'")) == 1

    drive(demo_db, script, size=(80, 24))


def test_a_viewer_is_not_offered_the_key(demo_db: Path) -> None:
    add_accounts(demo_db)

    async def run() -> None:
        app = make_app(signed_in(demo_db, "Mr Viewer"))
        app.clock = lambda: NOW  # type: ignore[attr-defined]
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            await pilot.press("0")
            await settle(pilot)
            await pilot.press("w")
            await settle(pilot)
            assert not isinstance(pilot.app.screen, AreaGeographyForm)
            assert not pilot.app.screen.check_action("edit_place", ())

    asyncio.run(run())


SIZES = [(80, 24), (160, 48)]


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "160x48"])
def test_the_areas_screen_look(snap_compare, app, size) -> None:  # type: ignore[no-untyped-def]
    set_area_geography(app.session, "Watford", circle(51.6562, -0.3965, 800))
    set_area_geography(app.session, "Hitchin", lsoa_set("E01023791, E01023792"))

    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        await pilot.press("0")
        await settle(pilot)

    assert snap_compare(app, terminal_size=size, run_before=run_before)


def test_the_form_look(snap_compare, app) -> None:  # type: ignore[no-untyped-def]
    async def run_before(pilot) -> None:  # type: ignore[no-untyped-def]
        await settle(pilot)
        form = await _open_form(pilot, "Hitchin")
        await submit(pilot, form, {"f-centre": "51.9487, 0.2806 [/]", "f-radius": "600"})

    assert snap_compare(app, terminal_size=(80, 24), run_before=run_before)
