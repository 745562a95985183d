"""Python's cycle collector at start: held off while the first screen is built, then
everything the start made set aside, so that later collections walk only what came after
(a full collection over the whole program once took 30 ms and more in the middle of a key)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PROBE = """
import asyncio, gc, sys
from pathlib import Path
from hotspot_tui.services.session import open_session
from hotspot_tui.tui import app as app_module
from hotspot_tui.tui.app import make_app

full = []
before = gc.get_threshold()
gc.callbacks.append(lambda phase, info: phase == "stop" and info["generation"] == 2 and full.append(1))
building = []
shown = app_module.HotspotApp.first_screen_shown
def first_screen_shown(self):
    building.extend((gc.isenabled(), len(full)))
    shown(self)
app_module.HotspotApp.first_screen_shown = first_screen_shown
if sys.argv[2] == "never-whole":  # a first screen that is never shown whole
    app_module.START_HOLD_S = 0.3
    mount = app_module.HotspotApp.on_mount
    def on_mount(self):
        building.extend((gc.isenabled(), len(full)))
        mount(self)
    app_module.HotspotApp.on_mount = on_mount
    app_module.HotspotApp.first_screen_shown = lambda self: None

async def main():
    app = make_app(open_session(Path(sys.argv[1]), "probe", verify=True))
    async with app.run_test() as pilot:
        await pilot.pause()
        for _ in range(300):
            await pilot.pause(0.02)
            if gc.isenabled() and not any(w.group == "warm-up" and not w.is_finished for w in app.workers):
                break
        print("building", *building)
        print("after", gc.isenabled(), gc.get_freeze_count() > 0)
    print("ended", gc.isenabled(), gc.get_freeze_count(), gc.get_threshold() == before)

asyncio.run(main())
"""


def _run(db: Path, how: str) -> dict[str, list[str]]:
    out = subprocess.run([sys.executable, "-c", PROBE, str(db), how], capture_output=True,
                         text=True, check=True).stdout
    return {line.split()[0]: line.split()[1:] for line in out.splitlines()}


def test_the_collector_waits_for_the_first_screen_then_walks_only_what_came_after(demo_db: Path) -> None:
    seen = _run(demo_db, "whole")
    assert seen["building"] == ["False", "0"], "a full collection while the first screen was built"
    assert seen["after"] == ["True", "True"]
    assert seen["ended"] == ["True", "0", "True"], "the app's objects stay set aside after it ended"


def test_the_collector_is_back_even_if_the_first_screen_is_never_shown_whole(demo_db: Path) -> None:
    seen = _run(demo_db, "never-whole")
    assert seen["building"][0] == "False"
    assert seen["after"] == ["True", "True"]


IDLE_PROBE = """
import asyncio, gc, sys, time
from pathlib import Path
from hotspot_tui.services import collector
from hotspot_tui.services.session import open_session
from hotspot_tui.tui import app as app_module
from hotspot_tui.tui.app import make_app

app_module.IDLE_S = 0.4
ran = []
real = collector.collect_while_idle
collector.collect_while_idle = lambda: ran.append(real()) or ran[-1]

async def main():
    app = make_app(open_session(Path(sys.argv[1]), "probe", verify=True))
    async with app.run_test() as pilot:
        while not app._start_kept:
            await pilot.pause(0.05)
        ran.clear()
        until = time.monotonic() + 1.5
        while time.monotonic() < until:  # a key every 0.1 s: never idle for 0.4 s
            await pilot.press("down")
            await pilot.pause(0.1)
        print("typing", sum(ran))
        for _ in range(60):
            await pilot.pause(0.05)
        print("idle", sum(ran), gc.get_count()[2])

asyncio.run(main())
"""


def test_the_full_collection_waits_for_a_pause_in_the_keys(demo_db: Path) -> None:
    out = subprocess.run([sys.executable, "-c", IDLE_PROBE, str(demo_db)], capture_output=True,
                         text=True, check=True).stdout
    seen = {line.split()[0]: line.split()[1:] for line in out.splitlines()}
    assert seen["typing"] == ["0"], "a full collection ran while keys were coming"
    assert int(seen["idle"][0]) >= 1 and seen["idle"][1] == "0"
