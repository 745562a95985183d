"""Python's cycle collector held off during bulk work.

Reading a file of police records, costing every assignment or checking everyone's working
time makes millions of small objects (a list per row, a tuple per line, a dict per duty)
that hold no cycles. The collector would otherwise walk every object of the program again
and again as they pile up: on the county sample that was about a sixth of the costing's
and the full check's time. Whatever cycles bulk work does leave are collected as usual once
the collector is back.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def paused() -> Iterator[None]:
    """The collector off for the block, and given back as it was (on, unless the caller
    had turned it off), whether the block ends or raises."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
