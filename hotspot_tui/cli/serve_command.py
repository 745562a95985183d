"""`hotspot-tui serve`: the app in the browsers of a station, with sign-in."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import click

from hotspot_tui.cli.common import HotspotClickError, db_option, settings_from


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@click.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on; any but this machine's own needs TLS or --behind-proxy.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--certfile", type=click.Path(dir_okay=False, path_type=Path),
              help="TLS certificate (PEM), with --keyfile.")
@click.option("--keyfile", type=click.Path(dir_okay=False, path_type=Path), help="TLS private key (PEM).")
@click.option("--behind-proxy", is_flag=True,
              help="A reverse proxy in front terminates TLS (see docs/SECURITY.md).")
@click.pass_context
def serve(ctx: click.Context, db: str | None, host: str, port: int, certfile: Path | None,
          keyfile: Path | None, behind_proxy: bool) -> None:
    """Serve the app to browsers: a sign-in page first, then each browser its own app.

    The database stays on this machine's disk; every person signs in with their account
    (see `hotspot-tui user`), and does what their role allows.
    """
    if (certfile is None) != (keyfile is None):
        raise HotspotClickError("--certfile and --keyfile go together")
    for given in (certfile, keyfile):
        if given is not None and not given.is_file():
            raise HotspotClickError(f"no file at {given}")
    if not _loopback(host) and certfile is None and not behind_proxy:
        raise HotspotClickError(
            f"serving on {host} sends passwords over the network: give --certfile and --keyfile (TLS), "
            "or --behind-proxy if a reverse proxy in front provides TLS")
    root = ctx.find_root().obj or {}
    if root.get("as_user"):
        raise HotspotClickError("--as does not go with serve: each person signs in in their browser")
    settings = settings_from(ctx, db)
    from hotspot_tui.errors import DatabaseFileError
    from hotspot_tui.services.sign_in import ensure_servable

    if not settings.db_path.exists():
        raise DatabaseFileError(f"no database at {settings.db_path} (create one with `hotspot-tui db init`)")
    ensure_servable(settings.db_path)
    from hotspot_tui.serve.server import ServeOptions, StationServer, private_environment

    private_environment()
    options = ServeOptions(settings.db_path.resolve(), host, port, certfile, keyfile, behind_proxy)
    try:
        StationServer(options).serve()
    except OSError as exc:
        raise HotspotClickError(f"cannot serve on {host}:{port}: {exc.strerror or exc}") from None
