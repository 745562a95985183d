"""`hotspot-tui hotspots`: places ranked by police records over chosen months."""

from __future__ import annotations

import json
from typing import Any

import click

from hotspot_tui.cli.common import OneLineCommand, db_option, one_line, settings_from
from hotspot_tui.domain.grid import DEFAULT_CELL
from hotspot_tui.domain.hotspots import DEFAULT_LIMIT, Place


def _place_json(rank: int, place: Place) -> dict[str, Any]:
    trend = place.trend
    out: dict[str, Any] = {
        "rank": rank, "kind": place.kind, "key": place.key, "name": place.name,
        "count": place.count,
        "trend": {"during": trend.during, "before": trend.before,
                  "change_pct": None if trend.change_pct is None else float(trend.change_pct),
                  "during_months": [m.text() for m in trend.during_months],
                  "before_months": [m.text() for m in trend.before_months]},
        "latitude": place.latitude, "longitude": place.longitude,
        "lsoa_code": place.lsoa_code, "lsoa_name": place.lsoa_name,
        "inside_areas": list(place.inside),
    }
    if place.cell is not None:
        out["cell"] = {"size_m": place.cell.size, "south": place.cell.south, "west": place.cell.west,
                       "north": place.cell.north, "east": place.cell.east}
    return out


def _text(ranking: Any) -> str:
    query = ranking.query
    by = f"{query.cell_size} m cell" if query.by == "cell" else "LSOA"
    lines = [one_line(f"{query.subject} by {by}: {ranking.describe()}")]
    if not ranking.places:
        if ranking.plan.months:
            lines.append("No records in these months.")
        return "\n".join(lines) + "\n"
    name_width = max(len(p.name) for p in ranking.places)
    lines.append(f"{'#':>3}  {'place':<{name_width}}  {'count':>6}  {'before':>6}  {'after':>6}  "
                 f"{'trend':>8}  in area")
    for i, place in enumerate(ranking.places, start=query.offset + 1):
        counted = bool(place.trend.months)
        before = str(place.trend.before) if counted else "–"
        after = str(place.trend.during) if counted else "–"
        lines.append(f"{i:>3}  {one_line(place.name):<{name_width}}  {place.count:>6}  {before:>6}  "
                     f"{after:>6}  {place.trend_text:>8}  {one_line(', '.join(place.inside)) or '–'}")
        if counted and place.trend.during_months != ranking.plan.trend.during_months:
            lines.append(f"{'':>3}  trend over {place.trend.during_text} against "
                         f"{place.trend.before_text} ({place.trend.left_out_text()})")
        if place.kind == "cell" and place.cell is not None:
            lines.append(f"{'':>3}  {place.cell.label()} ({place.key})")
    if ranking.more:
        lines.append(f"… more places follow (--limit {query.limit * 2} shows more)")
    return "\n".join(lines) + "\n"


@click.command(cls=OneLineCommand)
@db_option
@click.option("--from", "first", metavar="YYYY-MM", required=True, help="First month counted.")
@click.option("--to", "last", metavar="YYYY-MM", required=True, help="Last month counted, included.")
@click.option("--type", "crime_type", metavar="TYPE",
              help='One crime type, e.g. "Anti-social behaviour" (or ASB); default: all types.')
@click.option("--by", "by", default="cell", show_default=True, metavar="cell|lsoa",
              help="Rank grid cells or LSOAs.")
@click.option("--cell-size", "cell_size", default=str(DEFAULT_CELL), show_default=True, metavar="METRES",
              help="Grid cell size in metres (50 to 5000).")
@click.option("--limit", "limit", default=str(DEFAULT_LIMIT), show_default=True, metavar="N",
              help="How many places (1 to 500).")
@click.option("--json", "as_json", is_flag=True, help="JSON instead of a table.")
@click.pass_context
def hotspots(ctx: click.Context, db: str | None, first: str, last: str, crime_type: str | None,
             by: str, cell_size: str, limit: str, as_json: bool) -> None:
    """Places ranked by police records over the months chosen, with the trend against as
    many months before and the areas each already lies in.

    A month counts only if its police data is imported; the trend pairs each month with
    the one as many months earlier and counts pairs whose two months are both loaded.
    """
    from hotspot_tui.domain.hotspots import hotspot_query
    from hotspot_tui.services.hotspots import find_hotspots
    from hotspot_tui.services.session import open_reading_session

    query = hotspot_query(first, last, crime=crime_type, by=by, size=cell_size, count=limit)
    settings = settings_from(ctx, db)
    session = open_reading_session(settings.db_path, settings.user, sign_in=settings.sign_in)
    try:
        ranking = find_hotspots(session, query)
    finally:
        session.close()
    if as_json:
        click.echo(json.dumps({
            "crime_type": query.crime_type, "by": query.by,
            "cell_size_m": query.cell_size if query.by == "cell" else None,
            "months": [m.text() for m in ranking.plan.months],
            "not_loaded": [m.text() for m in ranking.plan.not_loaded],
            "trend_during_months": [m.text() for m in ranking.plan.trend.during_months],
            "trend_before_months": [m.text() for m in ranking.plan.trend.before_months],
            "periods": ranking.describe(),
            "places": [_place_json(i, p) for i, p in enumerate(ranking.places, start=query.offset + 1)],
            "more": ranking.more,
        }, indent=2, ensure_ascii=False))
        return
    click.echo(_text(ranking), nl=False)
