"""Wait for a driven app to be quiet: no worker pending or running, no message queued.

Screens chain work (a modal's worker dismisses it, the dismiss callback starts a reload
worker, whose result is handed back to the screen), so a fixed number of pauses is not
enough on a loaded machine. This waits until the app has been idle with no live worker
for two rounds in a row, and fails loudly instead of hanging.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

from textual.worker import WorkerCancelled

TIMEOUT_SECONDS = 30.0


def _busy(app: Any) -> bool:
    return any(not worker.is_finished for worker in app.workers)


async def settle(pilot: Any, *, timeout: float = TIMEOUT_SECONDS) -> None:
    app = pilot.app
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    quiet = 0
    while quiet < 2:
        await pilot.pause()
        if _busy(app):
            quiet = 0
            with contextlib.suppress(WorkerCancelled):
                # A screen's workers are cancelled as it closes: then they are done too.
                await app.workers.wait_for_complete()
        else:
            quiet += 1
        if loop.time() > deadline:
            raise AssertionError(f"the app was still busy after {timeout:.0f} s: {list(app.workers)}")


async def wait_for_timer(pilot: Any, seconds: float) -> None:
    """Let a debounce timer of `seconds` fire, then settle (the timer is the app's own)."""
    await asyncio.sleep(seconds)
    await settle(pilot)


def steady_cursors(app: Any) -> None:
    """Stop the text cursors of the screen shown blinking, so that a snapshot catches each
    one shown, not on or off at random."""
    for widget in app.screen.query("Input, TextArea"):
        widget.cursor_blink = False
