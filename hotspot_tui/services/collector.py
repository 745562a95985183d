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

FULL_EVERY = 100
"""Collections of the middle generation between the collector's own full collections
once the app has started (Python's default: 10). An incremental collector (Python
3.14's), which works through the oldest generation a step at a time and so holds no key
for long, reads this setting differently or not at all."""

_thresholds_before: tuple[int, ...] | None = None


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


def hold_through_start() -> None:
    """The collector off while the app builds its first screen: Textual's widgets, styles
    and caches, and the modules imported meanwhile, are kept for the app's life, so walking
    them as they pile up finds nothing (on the county sample, a dozen collections and a
    tenth of the time to the whole first screen). See `keep_what_the_start_made`."""
    gc.disable()


def keep_what_the_start_made() -> None:
    """Everything the start made is set aside from the collector for good, and the
    collector is on again: each collection after walks only what came later, where once
    every full one walked the whole program (about 300,000 objects, 30 ms and more, in
    the middle of a key).

    Full collections are also left to `collect_while_idle` from now on: the collector
    itself starts one only after FULL_EVERY collections of the middle generation, ten
    times as seldom as Python's default."""
    global _thresholds_before
    if _thresholds_before is None:
        _thresholds_before = gc.get_threshold()
    young, middle, *_ = _thresholds_before
    gc.freeze()
    gc.set_threshold(young, middle, FULL_EVERY)
    gc.enable()


def collect_while_idle() -> bool:
    """A full collection now, if the collector is on and anything has reached the oldest
    generation since the last one (the app calls this when nobody has pressed a key for a
    while: on this machine a full collection of a few keys' leftovers takes 100 to 250 ms,
    which a key should not wait for). Whether one ran."""
    if not gc.isenabled() or gc.get_count()[2] == 0:
        return False
    gc.collect()
    return True


def release_the_start() -> None:
    """The app has ended: what it set aside can be collected again (a process that opens
    another app after, as the tests do, does not keep the first one's)."""
    global _thresholds_before
    gc.unfreeze()
    if _thresholds_before is not None:
        gc.set_threshold(*_thresholds_before)
        _thresholds_before = None
    gc.enable()
