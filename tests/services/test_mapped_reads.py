"""The dashboard reads its figures with the file memory-mapped (a cold page cache's pages
read in place, not copied in by a system call) and leaves the connection as it found it,
whether or not the reading succeeded."""

from __future__ import annotations

import pytest

from hotspot_tui.services.dashboard import dashboard
from hotspot_tui.store.database import MAP_BYTES


def _mapped(session) -> int:  # type: ignore[no-untyped-def]
    return int(session.conn.execute("PRAGMA mmap_size").fetchone()[0])


def test_the_dashboard_reads_mapped_then_puts_the_connection_back(session) -> None:  # type: ignore[no-untyped-def]
    before = _mapped(session)
    statements: list[str] = []
    session.conn.set_trace_callback(statements.append)
    try:
        figures = dashboard(session)
    finally:
        session.conn.set_trace_callback(None)
    assert figures.areas
    first_select = next(i for i, s in enumerate(statements) if s.lstrip().upper().startswith("SELECT"))
    assert f"PRAGMA mmap_size = {MAP_BYTES}" in statements[:first_select]
    assert _mapped(session) == before


def test_a_failed_mapped_read_puts_the_connection_back(session) -> None:  # type: ignore[no-untyped-def]
    before = _mapped(session)
    with pytest.raises(RuntimeError), session.querying(mapped=True):
        assert _mapped(session) > 0  # SQLite reports the map it allows (at most 2 GiB)
        raise RuntimeError("the screen went away")
    assert _mapped(session) == before
    with session.querying():
        assert _mapped(session) == before
