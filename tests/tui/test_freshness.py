"""A screen coming into view reads again only when the file may have changed: a read on
another thread that ends within a moment does not count as a change; one that goes on
does (the mark is then unknown)."""

from __future__ import annotations

import threading
import time
from datetime import date
from datetime import time as clock
from pathlib import Path

from hotspot_tui.services.roster import area_choices
from hotspot_tui.services.session import open_session
from hotspot_tui.services.shifts import ShiftDraft, create_shift
from hotspot_tui.tui.freshness import MOMENT_S, Freshness


def _hold(lock: threading.RLock, seconds: float, held: threading.Event) -> threading.Thread:
    def run() -> None:
        with lock:
            held.set()
            time.sleep(seconds)

    thread = threading.Thread(target=run)
    thread.start()
    held.wait()
    return thread


def test_a_short_read_elsewhere_is_waited_for_and_a_long_one_counts_as_a_change(
        demo_db: Path) -> None:
    session = open_session(demo_db, "PS Tester")
    try:
        fresh = Freshness()
        fresh.note(session, "today")
        assert not fresh.stale(session, "today")

        held = threading.Event()
        thread = _hold(session.lock, MOMENT_S / 4, held)
        assert not fresh.stale(session, "today")  # waited for it: nothing changed
        thread.join()

        held.clear()
        thread = _hold(session.lock, MOMENT_S * 10, held)
        assert fresh.stale(session, "today")  # could not tell: read again
        thread.join()
        assert fresh.stale(session, "today")  # noted as unknown, so again until a read notes it
        fresh.note(session, "today")
        assert not fresh.stale(session, "today")
        assert fresh.stale(session, "tomorrow")
    finally:
        session.close()


def test_a_change_by_another_program_is_seen(demo_db: Path) -> None:
    session = open_session(demo_db, "PS Tester")
    try:
        fresh = Freshness()
        fresh.note(session)
        other = open_session(demo_db, "PS Other")
        try:
            area = area_choices(other)[0].id
            create_shift(other, ShiftDraft(area, date(2026, 12, 9), clock(10), clock(14),
                                           {"officer": 1}))
        finally:
            other.close()
        assert fresh.stale(session)
        assert not fresh.stale(session)
    finally:
        session.close()
