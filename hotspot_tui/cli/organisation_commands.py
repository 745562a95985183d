"""`hotspot-tui area ...` and `hotspot-tui employer ...`: the operation's areas and employers."""

from __future__ import annotations

import click

from hotspot_tui.cli.common import HotspotGroup, db_option, one_line, settings_from
from hotspot_tui.errors import ValidationFailed


def _session(ctx: click.Context, db: str | None):
    from hotspot_tui.services.session import open_session

    settings = settings_from(ctx, db)
    return open_session(settings.db_path, settings.user, sign_in=settings.sign_in)


def _reading_session(ctx: click.Context, db: str | None):
    """For the lists: nothing is written, so a read-only file or folder will do."""
    from hotspot_tui.services.session import open_reading_session

    settings = settings_from(ctx, db)
    return open_reading_session(settings.db_path, settings.user, sign_in=settings.sign_in)


def _pence(text: str, what: str) -> int:
    from hotspot_tui.domain.budget import parse_pounds

    try:
        return parse_pounds(text)
    except ValueError as exc:
        raise ValidationFailed(f"{what}: {exc}") from None


def _money(pence: int | None) -> str:
    from hotspot_tui.domain.budget import pounds

    return "-" if pence is None else pounds(pence)


@click.group(cls=HotspotGroup)
def area() -> None:
    """List, add, retire and reinstate hotspot areas."""


@area.command("list")
@db_option
@click.pass_context
def area_list(ctx: click.Context, db: str | None) -> None:
    """Every area with its district and cost code."""
    from hotspot_tui.services.organisation import list_areas

    session = _reading_session(ctx, db)
    try:
        for line in list_areas(session):
            state = "" if line.active else "  (retired)"
            click.echo(f"{one_line(line.name):<26} {one_line(line.district):<22} "
                       f"{one_line(line.cost_code)}{state}")
    finally:
        session.close()


@area.command("add")
@click.argument("name")
@click.option("--district", required=True, help="The district council area it lies in.")
@click.option("--cost-code", required=True, help="Finance cost code for its patrol pay.")
@db_option
@click.pass_context
def area_add(ctx: click.Context, name: str, district: str, cost_code: str, db: str | None) -> None:
    """Add a hotspot area."""
    from hotspot_tui.services.organisation import add_area

    session = _session(ctx, db)
    try:
        add_area(session, name, district, cost_code)
    finally:
        session.close()
    click.echo(f"added {one_line(name.strip())}")


@area.command("retire")
@click.argument("name")
@click.option("--reason", required=True, help="Why (recorded in the audit trail).")
@db_option
@click.pass_context
def area_retire(ctx: click.Context, name: str, reason: str, db: str | None) -> None:
    """Retire an area: no new patrols; its history and figures are kept."""
    from hotspot_tui.services.organisation import set_area_active

    session = _session(ctx, db)
    try:
        set_area_active(session, name, False, reason)
    finally:
        session.close()
    click.echo(f"retired {one_line(name.strip())}")


@area.command("reinstate")
@click.argument("name")
@db_option
@click.pass_context
def area_reinstate(ctx: click.Context, name: str, db: str | None) -> None:
    """Bring a retired area back."""
    from hotspot_tui.services.organisation import set_area_active

    session = _session(ctx, db)
    try:
        set_area_active(session, name, True)
    finally:
        session.close()
    click.echo(f"reinstated {one_line(name.strip())}")


@area.command("geography")
@click.argument("name")
@click.option("--lsoa", "lsoa", metavar="CODE,CODE...", help="The area is these LSOAs (E01/W01 codes).")
@click.option("--centre", metavar="LAT,LON", help="The area is a circle round this point (decimal degrees).")
@click.option("--radius", metavar="METRES", help="The circle's radius with --centre (50 to 5000 m).")
@click.option("--polygon", "polygon_file", metavar="FILE.geojson",
              help="The area is the (Multi)Polygon in this GeoJSON file (longitude, latitude).")
@click.option("--clear", is_flag=True, help="Forget where the area lies.")
@db_option
@click.pass_context
def area_geography(ctx: click.Context, name: str, lsoa: str | None, centre: str | None,
                   radius: str | None, polygon_file: str | None, clear: bool, db: str | None) -> None:
    """Say where an area lies, for counting police records inside it: a set of LSOAs, a
    centre and radius, or a GeoJSON polygon. Replaces any geography it had (audited).
    With none of them, shows where it lies."""
    from hotspot_tui.domain import geography as geo
    from hotspot_tui.services.area_geography import area_geography as where
    from hotspot_tui.services.area_geography import clear_area_geography, set_area_geography

    chosen = [flag for flag, given in (("--lsoa", lsoa), ("--centre", centre),
                                       ("--polygon", polygon_file), ("--clear", clear)) if given]
    if not chosen and radius is None:
        reader = _reading_session(ctx, db)
        try:
            found = where(reader, name)
        finally:
            reader.close()
        click.echo(f"{one_line(name.strip())} lies at {found.describe()}" if found else
                   f"{one_line(name.strip())} has no geography (give --lsoa, --centre with --radius, "
                   "or --polygon)")
        return
    if radius is not None and not centre:
        raise ValidationFailed("--radius goes with --centre")
    if len(chosen) != 1:
        raise ValidationFailed("give one of --lsoa CODES, --centre LAT,LON --radius METRES, "
                               "--polygon FILE.geojson or --clear")
    place: geo.Geography | None = None
    try:
        if lsoa is not None:
            place = geo.lsoa_set(lsoa)
        elif centre:
            lat, lon = geo.parse_centre(centre)
            if radius is None:
                raise ValidationFailed("--centre needs --radius METRES (50 to 5000)")
            place = geo.circle(lat, lon, radius)
        elif polygon_file:
            from hotspot_tui.config import user_path
            from hotspot_tui.services.area_geography import polygon_from_file

            place = polygon_from_file(user_path(polygon_file))
    except geo.GeographyError as exc:
        raise ValidationFailed(str(exc)) from None
    session = _session(ctx, db)
    try:
        if place is None:
            had = clear_area_geography(session, name)
            click.echo(f"{one_line(name.strip())} has no geography now" if had
                       else f"{one_line(name.strip())} had no geography")
            return
        set_area_geography(session, name, place)
    finally:
        session.close()
    click.echo(f"{one_line(name.strip())} lies at {place.describe()}")


@click.group(cls=HotspotGroup)
def employer() -> None:
    """List employers, add a council or BID, and set council recharge rates."""


@employer.command("list")
@db_option
@click.pass_context
def employer_list(ctx: click.Context, db: str | None) -> None:
    """Employers and their hourly recharge rates (weekday / weekend / bank holiday)."""
    from hotspot_tui.services.organisation import list_employers

    session = _reading_session(ctx, db)
    try:
        for line in list_employers(session):
            rates = " / ".join(_money(r) for r in (line.weekday_rate_pence, line.weekend_rate_pence,
                                                   line.holiday_rate_pence))
            click.echo(f"{one_line(line.name):<40} {line.kind:<8} {rates if line.kind != 'force' else ''}")
    finally:
        session.close()


RATE_OPTIONS = [
    click.option("--weekday", required=True, metavar="POUNDS", help="Hourly recharge, Monday to Friday."),
    click.option("--weekend", required=True, metavar="POUNDS", help="Hourly recharge, weekends."),
    click.option("--holiday", required=True, metavar="POUNDS", help="Hourly recharge, bank holidays."),
]


def rate_options(func):
    for option in reversed(RATE_OPTIONS):
        func = option(func)
    return func


@employer.command("add")
@click.argument("name")
@click.option("--kind", type=click.Choice(["council", "bid"]), default="council", show_default=True)
@rate_options
@db_option
@click.pass_context
def employer_add(ctx: click.Context, name: str, kind: str, weekday: str, weekend: str, holiday: str,
                 db: str | None) -> None:
    """Add a council (or Business Improvement District) whose staff patrol on recharge."""
    from hotspot_tui.services.organisation import add_employer

    rates = (_pence(weekday, "--weekday"), _pence(weekend, "--weekend"), _pence(holiday, "--holiday"))
    session = _session(ctx, db)
    try:
        add_employer(session, name, kind, rates)
    finally:
        session.close()
    click.echo(f"added {one_line(name.strip())}")


@employer.command("set-rates")
@click.argument("name")
@rate_options
@click.option("--from", "effective", type=click.DateTime(["%Y-%m-%d"]), default=None,
              help="Date the new rates apply from (default today); later patrols are recosted.")
@click.option("--reason", required=True, help="Why (recorded in the audit trail).")
@db_option
@click.pass_context
def employer_set_rates(ctx: click.Context, name: str, weekday: str, weekend: str, holiday: str,
                       effective, reason: str, db: str | None) -> None:
    """Change a council's recharge rates and recost its people's patrols from a date."""
    from hotspot_tui.services.dashboard import local_today
    from hotspot_tui.services.organisation import set_recharge_rates

    rates = (_pence(weekday, "--weekday"), _pence(weekend, "--weekend"), _pence(holiday, "--holiday"))
    when = effective.date() if effective else local_today()
    session = _session(ctx, db)
    try:
        count = set_recharge_rates(session, name, rates, when, reason)
    finally:
        session.close()
    click.echo(f"rates changed for {one_line(name.strip())} from {when:%d %b %Y}; {count} people recosted")
