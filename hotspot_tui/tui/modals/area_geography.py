"""Where an area lies: a centre and radius, LSOA codes, or a GeoJSON polygon file (or none),
each checked beside its field before anything is saved."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Select

from hotspot_tui.config import user_path
from hotspot_tui.domain import geography as geo
from hotspot_tui.domain.text import plain_text_problem
from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.area_geography import polygon_from_file
from hotspot_tui.tui.modals.form import FieldErrors, ValidatedForm, text_input

KINDS = (("Centre and radius", "circle"), ("LSOA codes", "lsoa"), ("GeoJSON polygon file", "polygon"),
         ("Nowhere (forget where it lies)", "none"))
ROWS = {"circle": ("centre", "radius"), "lsoa": ("lsoa",), "polygon": ("polygon",), "none": ()}
TEXT_MAX = 4000


@dataclass(frozen=True)
class Placing:
    """What the form asks for: a geography, or None to forget the area's."""

    geography: geo.Geography | None


class AreaGeographyForm(ValidatedForm[Placing]):
    """Say where an area lies, for counting police records inside it."""

    HINT = ("Centre: latitude, longitude (e.g. 51.6562, -0.3965); radius 50 to 5000 m. "
            "LSOA codes: E01 or W01 and six digits, separated by commas.")

    def __init__(self, area_name: str, current: geo.Geography | None,
                 save: Callable[[Placing], Any]) -> None:
        super().__init__(save=save, title=f"Where {area_name} lies")
        self.current = current

    def compose_fields(self) -> ComposeResult:
        c = self.current
        kind = c.kind if c is not None else "circle"
        yield from self.field("kind", "Kind", Select([(Content(label), value) for label, value in KINDS],
                                                     value=kind, allow_blank=False, id="f-kind",
                                                     compact=True))
        centre = f"{c.lat:.5f}, {c.lon:.5f}" if isinstance(c, geo.Circle) else ""
        radius = str(c.radius_m) if isinstance(c, geo.Circle) else ""
        codes = ", ".join(c.codes) if isinstance(c, geo.LsoaSet) else ""
        yield from self.field("centre", "Centre", text_input(centre, id="f-centre",
                                                             placeholder="51.6562, -0.3965"))
        yield from self.field("radius", "Radius (m)", text_input(radius, id="f-radius", placeholder="600"))
        yield from self.field("lsoa", "LSOA codes", text_input(codes, id="f-lsoa", max_length=TEXT_MAX,
                                                               placeholder="E01023791, E01023792"))
        yield from self.field("polygon", "GeoJSON file", text_input(
            "", id="f-polygon", max_length=TEXT_MAX,
            placeholder="(the polygon it has)" if isinstance(c, geo.Polygon) else "area.geojson"))

    def on_mount(self) -> None:
        self._show_rows(self.value("kind") or "circle")

    @on(Select.Changed, "#f-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        self._show_rows(str(event.value))

    def _show_rows(self, kind: str) -> None:
        for name in ("centre", "radius", "lsoa", "polygon"):
            shown = name in ROWS.get(kind, ())
            self.query_one(f"#row-{name}").display = shown
            self.query_one(f"#e-{name}").display = shown

    def check(self, errors: FieldErrors) -> Placing | None:
        kind = self.value("kind")
        for name in ROWS.get(kind, ()):
            problem = plain_text_problem(self.value(name), TEXT_MAX)
            if problem:
                errors.add(name, problem)
        if errors:
            return None
        try:
            if kind == "circle":
                return self._circle(errors)
            if kind == "lsoa":
                return Placing(geo.lsoa_set(self.value("lsoa")))
            if kind == "polygon":
                return self._polygon(errors)
        except geo.GeographyError as exc:
            errors.add("lsoa", str(exc))
            return None
        return Placing(None)

    def _circle(self, errors: FieldErrors) -> Placing | None:
        centre = radius = None
        try:
            centre = geo.parse_centre(self.value("centre"))
        except geo.GeographyError as exc:
            errors.add("centre", str(exc))
        try:
            radius = geo.parse_radius(self.value("radius"))
        except geo.GeographyError as exc:
            errors.add("radius", str(exc))
        if centre is None or radius is None:
            return None
        return Placing(geo.Circle(centre[0], centre[1], radius))

    def _polygon(self, errors: FieldErrors) -> Placing | None:
        typed = self.value("polygon").strip()
        if not typed:
            if isinstance(self.current, geo.Polygon):
                return Placing(self.current)
            errors.add("polygon", "name the GeoJSON file holding the area's polygon")
            return None
        try:
            return Placing(polygon_from_file(user_path(typed)))
        except ValidationFailed as exc:
            errors.add("polygon", str(exc))
            return None
