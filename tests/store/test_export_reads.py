"""A payroll export reads its lines with a large page cache and the file memory-mapped,
and leaves the connection as it found it, whether or not the export succeeds."""

from __future__ import annotations

import pytest

from hotspot_tui.store import payroll as payroll_store


def _settings(db) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    return (db.execute("PRAGMA mmap_size").fetchone()[0], db.execute("PRAGMA cache_size").fetchone()[0])


def test_an_export_reads_mapped_and_cached_then_puts_the_connection_back(session) -> None:  # type: ignore[no-untyped-def]
    db = session.db
    before = _settings(db)
    with payroll_store.export_cache(db):
        mapped, cache = _settings(db)
        assert mapped > 0 and cache == -65_536
        assert list(payroll_store.iter_uncoded_draft_lines(db, "2026-06"))
    assert _settings(db) == before
    with pytest.raises(RuntimeError), payroll_store.export_cache(db):
        raise RuntimeError("the file could not be written")
    assert _settings(db) == before
