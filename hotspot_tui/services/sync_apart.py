"""Sync work asked for by a process that keeps its own connection to the file open (the
app): done in a child process.

Sync works through apsw, which brings its own SQLite: a second copy of the library beside
the one Python's sqlite3 uses. Two copies of SQLite must never have one database open in
one process at once: POSIX locks belong to the process, so closing the file in either copy
drops the other's locks, and the last connection either copy closes takes the WAL file and
its index away under the other's feet (SQLite's "How To Corrupt" notes, 2.2.1). The app's
session holds the file open for as long as it runs, so every sync operation it asks for
runs in a process of its own, as the command line's would.
"""

from __future__ import annotations

import pickle
import subprocess
import sys
from collections.abc import Callable
from typing import IO, Any

from hotspot_tui.errors import HotspotError

Progress = Callable[[str], None]
NAMES = ("status", "list_conflicts", "resolve", "sync_with_hub")
CHILD = "from hotspot_tui.services.sync_apart import child; child()"


def _send(stream: IO[bytes], message: tuple[str, Any]) -> None:
    data = pickle.dumps(message)
    stream.write(len(data).to_bytes(8, "big") + data)
    stream.flush()


def _receive(stream: IO[bytes]) -> tuple[str, Any] | None:
    size = stream.read(8)
    if len(size) < 8:
        return None
    data = stream.read(int.from_bytes(size, "big"))
    message: tuple[str, Any] = pickle.loads(data)  # from our own child process
    return message


def child() -> None:
    """The child's side: one request on stdin, progress and the answer on stdout."""
    from hotspot_tui.services import sync

    out = sys.stdout.buffer
    name, args = pickle.loads(sys.stdin.buffer.read())  # from our own parent

    def progress(step: str) -> None:
        _send(out, ("progress", step))

    try:
        work = getattr(sync, name)
        done = work(*args, progress=progress) if name == "sync_with_hub" else work(*args)
    except HotspotError as exc:
        _send(out, ("refused", exc.message))
    except Exception as exc:  # reported to the app in one line, not lost
        _send(out, ("failed", f"{type(exc).__name__}: {exc}"))
    else:
        _send(out, ("done", done))


def run(name: str, *args: Any, progress: Progress | None = None) -> Any:
    """`services.sync.<name>(*args)` in a child process; its result, or its refusal raised
    here as a HotspotError with the same one line."""
    if name not in NAMES:
        raise ValueError(f"not a sync operation: {name}")
    with subprocess.Popen([sys.executable, "-c", CHILD], stdin=subprocess.PIPE,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write(pickle.dumps((name, args)))
        process.stdin.close()
        while True:
            message = _receive(process.stdout)
            if message is None:
                process.wait()
                assert process.stderr is not None
                said = process.stderr.read().decode(errors="replace").strip().splitlines()
                raise HotspotError("the sync stopped before it finished; each file is as it was "
                                   "or fully synced: run it again"
                                   + (f" ({said[-1][:200]})" if said else ""))
            kind, value = message
            if kind == "progress":
                if progress is not None:
                    progress(value)
                continue
            if kind == "done":
                return value
            raise HotspotError(value if kind == "refused" else f"the sync failed: {value}")
