"""`hotspot-tui kit`: gather the laptop kit, a folder of wheels to install with no network."""

from __future__ import annotations

import tempfile
from pathlib import Path

import click

from hotspot_tui.errors import ValidationFailed


@click.command()
@click.option("--out", "out", required=True, metavar="FOLDER", help="New (or empty) folder for the kit.")
@click.option("--source", "source", metavar="FOLDER", default=None,
              help="The hotspot-tui project folder to build from (default: the one this runs from).")
def kit(out: str, source: str | None) -> None:
    """Gather the laptop kit: the wheels of hotspot-tui and every dependency, for Windows and
    Linux, Python 3.11 to 3.13, checked to install with `pip install --no-index`."""
    from hotspot_tui import laptop_kit

    project = Path(source).expanduser() if source else laptop_kit.source_folder()
    if project is None or not (project / "pyproject.toml").is_file():
        raise ValidationFailed("no hotspot-tui project folder to build from: give --source FOLDER")
    folder = Path(out).expanduser()

    def gathering(target: laptop_kit.Target) -> None:
        click.echo(f"gathering the wheels for {target}", err=True)

    with tempfile.TemporaryDirectory(prefix="hotspot-kit-") as scratch:
        wheels = laptop_kit.make_kit(folder, project, Path(scratch), progress=gathering)
    pythons = laptop_kit.PYTHONS
    click.echo(f"wrote {folder}: {len(wheels)} wheels for Linux and Windows, Python {pythons[0]} "
               f"to {pythons[-1]}, checked to install with no network; see INSTALL.txt")
