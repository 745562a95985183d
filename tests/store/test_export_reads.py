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


def test_an_export_reads_its_lines_person_by_person(session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Every read of the period's lines walks the people and takes each one's lines from
    the index of a period's lines, so that a person's duties are looked up together and
    the lines come out near the file's order, on a file of any size."""
    from hotspot_tui.services import payroll

    seen: list[str] = []
    session.db.conn.set_trace_callback(seen.append)
    try:
        result = payroll.export_payroll(session, "2026-06", fmt="csv", out=tmp_path / "june.csv")
    finally:
        session.db.conn.set_trace_callback(None)
    assert result.rows > 0
    reads = [sql for sql in seen if sql.lstrip().upper().startswith("SELECT")
             and "pay_lines l" in sql and "payroll_export_rows r" in sql]
    assert reads, "the export read no period's lines"
    for sql in reads:
        plan = [row[3] for row in session.db.execute("EXPLAIN QUERY PLAN " + sql).fetchall()]
        steps = [step for step in plan if step.startswith(("SCAN", "SEARCH"))]
        assert steps[0].startswith("SCAN st "), plan
        assert steps[1] == ("SEARCH l USING INDEX idx_pay_lines_period "
                            "(period_id=? AND basis=? AND staff_id=?)"), plan
