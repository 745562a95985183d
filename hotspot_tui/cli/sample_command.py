"""`hotspot-tui sample`: write a database of deterministic sample data."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from hotspot_tui.config import user_path
from hotspot_tui.errors import DatabaseFileError

if TYPE_CHECKING:
    from hotspot_tui.services.sample_data import Scale


@click.command()
@click.option("--out", "out", required=True, metavar="PATH", help="New database file to create.")
@click.option("--seed", default=2026, show_default=True, type=click.IntRange(0, 2**63 - 1),
              help="Same seed, same content.")
@click.option("--scale", type=click.Choice(["demo", "county", "national"]), default="demo",
              show_default=True,
              help="demo: the published 7-month operation; county: 1,000,000 assignments; "
                   "national: 5,000,000 (three times the areas, five years).")
def sample(out: str, seed: int, scale: Scale) -> None:
    """Create a database of sample data (never overwrites an existing file)."""
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from hotspot_tui.services.sample import create_sample_database

    path = user_path(out)
    if path.exists():
        raise DatabaseFileError(f"{path} already exists; choose a new file name")
    console = Console(stderr=True)
    with Progress(
        TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
        TimeElapsedColumn(), console=console, transient=True, disable=not console.is_terminal,
    ) as bar:
        task = bar.add_task("generating", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, description=stage, completed=done, total=total)

        counts = create_sample_database(path, seed=seed, scale=scale, progress=progress)
    click.echo(
        f"wrote {path}: {counts['areas']} areas, {counts['staff']:,} staff, "
        f"{counts['shifts']:,} patrols, {counts['assignments']:,} assignments"
    )
