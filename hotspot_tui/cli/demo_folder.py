"""The demo's private temporary folder: removed however the program ends.

- On a normal exit (or ctrl+c) by the context manager.
- On SIGTERM, and SIGHUP when the terminal window is closed (SIGBREAK on Windows), by a
  handler that removes it and then exits.
- After SIGKILL or a power cut nothing can run, so each start of the demo first removes
  the demo folders left by processes that no longer run (the folder names its owner's
  process id). On Windows, where that cannot be asked safely, a folder still in use cannot
  be deleted, so trying is safe.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from types import FrameType

from hotspot_tui.os_support import process_alive, terminating_signals

PREFIX = "hotspot-demo-"
OWNER_FILE = "owner.pid"
OWNER_ONLY_FOLDER = 0o700


def remove_stale(parent: Path | None = None, *,
                 alive: Callable[[int], bool | None] = process_alive) -> list[Path]:
    """Remove demo folders whose process is gone; returns those removed."""
    parent = Path(parent or tempfile.gettempdir())
    removed = []
    for folder in parent.glob(f"{PREFIX}*"):
        try:
            if not folder.is_dir() or folder.is_symlink():
                continue
            if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():
                continue
            pid = int((folder / OWNER_FILE).read_text().strip())
        except (OSError, ValueError):
            continue
        if pid == os.getpid() or alive(pid) is True:
            continue
        try:
            shutil.rmtree(folder)
        except OSError:
            continue  # still in use (Windows), or not ours to remove
        removed.append(folder)
    return removed


@contextlib.contextmanager
def demo_folder(parent: Path | None = None, *,
                signals: list[signal.Signals] | None = None) -> Iterator[Path]:
    """A fresh owner-only folder for the demo copy, removed on exit and on `signals`
    (default: the platform's terminating signals)."""
    remove_stale(parent)
    folder = Path(tempfile.mkdtemp(prefix=PREFIX, dir=parent))
    os.chmod(folder, OWNER_ONLY_FOLDER)
    (folder / OWNER_FILE).write_text(f"{os.getpid()}\n")
    chosen = terminating_signals() if signals is None else signals

    def tidy_and_exit(signum: int, frame: FrameType | None) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        signal.signal(signum, signal.SIG_DFL)
        sys.exit(128 + signum)

    previous = {}
    for sig in chosen:
        with contextlib.suppress(ValueError, OSError):  # not the main thread, or not allowed
            previous[sig] = signal.signal(sig, tidy_and_exit)
    try:
        yield folder
    finally:
        for sig, handler in previous.items():
            with contextlib.suppress(ValueError, OSError):
                signal.signal(sig, handler)
        shutil.rmtree(folder, ignore_errors=True)
