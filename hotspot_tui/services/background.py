"""Work started on a plain thread before the UI exists, collected later as a Future."""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future
from threading import Thread
from typing import TypeVar

T = TypeVar("T")


def in_background(name: str, load: Callable[[], T]) -> Future[T]:
    """Run `load` on a daemon thread; its result (or exception) is the returned Future's.

    SQLite releases the GIL while it reads, so queries started this way overlap with the
    imports and layout of the first screen on a second core."""
    future: Future[T] = Future()

    def run() -> None:
        try:
            future.set_result(load())
        except BaseException as exc:  # handed to whoever takes the result
            future.set_exception(exc)

    Thread(target=run, name=name, daemon=True).start()
    return future
