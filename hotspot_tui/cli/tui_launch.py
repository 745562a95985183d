"""Open the TUI on the chosen database, or on a throwaway copy of the demo data."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from hotspot_tui.config import Settings, bundled_sample_path, default_db_path
from hotspot_tui.errors import DatabaseFileError

if TYPE_CHECKING:
    from hotspot_tui.services.session import Session


def demo_copy(target_dir: Path) -> Path:
    source = bundled_sample_path()
    if not source.exists():
        raise DatabaseFileError(
            "the demo data (sample.db) is missing; create it with "
            "`hotspot-tui sample --out sample.db`"
        )
    target = target_dir / "hotspot-demo.db"
    shutil.copyfile(source, target)
    os.chmod(target, 0o600)
    return target


def launch(settings: Settings) -> None:
    """Open the app. The cycle collector is held off from here, before the app's modules
    and Textual are imported (`collector.hold_through_start`): the objects they make are
    kept for the app's life, and walking them as they pile up finds nothing (about 9 ms of
    Textual's import alone). It is given back however the app ends, or if it never opens."""
    from hotspot_tui.services import collector

    collector.hold_through_start()
    try:
        _open(settings)
    finally:
        collector.release_the_start()


def _open(settings: Settings) -> None:
    from hotspot_tui.services.session import open_session

    if settings.demo:
        from hotspot_tui.cli.demo_folder import demo_folder

        with demo_folder() as tmp:
            path = demo_copy(tmp)
            _run(open_session(path, settings.user, create=False, verify=True, background_check=True,
                              sign_in=settings.sign_in),
                 demo=True)
        return
    create = settings.db_path == default_db_path()
    _run(open_session(settings.db_path, settings.user, create=create, verify=True,
                      background_check=True, sign_in=settings.sign_in))


CRASH_EXIT_CODE = 70


def _run(session: Session, *, headless: bool = False, demo: bool = False) -> None:
    """Run the app; an app that ended on an unhandled error exits non-zero with one line
    (Textual has already printed its traceback panel above it). The demo opens on the day
    its data describes."""
    from hotspot_tui.tui.app import make_app

    app = make_app(session)
    if demo:
        from hotspot_tui.services.sample_data import DEMO
        from hotspot_tui.tui.clock import clock_as_on
        from hotspot_tui.tui.roles import who

        app.clock = clock_as_on(DEMO.as_of)
        app.sub_title = f"demo data as on {DEMO.as_of:%a %d %b %Y} · {who(app.session)}"
    if headless:
        app.run(headless=True)
    else:
        app.run()
    damaged = session.damaged()
    if damaged is not None:  # found by the background quick check: nothing was written
        raise damaged
    if getattr(app, "return_code", 0):
        click.echo("hotspot-tui: the app stopped after an unexpected error (details above); "
                   "your saved changes are kept", err=True)
        sys.exit(CRASH_EXIT_CODE)
