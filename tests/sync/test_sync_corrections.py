"""The hub's corrections put rows as the hub has them; a row that stands as given already
is left alone, so a row its own rules keep unchanged (a locked pay period, a final
export) can be given again without the copy's reply failing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fresh_operation import build
from sync_helpers import add_patrol, checkout, must

from hotspot_tui.domain import clock_utc
from hotspot_tui.store import sync_apply, sync_db
from hotspot_tui.store.sync_apply import RowChange

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


def test_a_locked_period_and_its_export_given_again_as_they_stand(tmp_path: Path) -> None:
    station = build(tmp_path)
    ref = add_patrol(station, "2026-11-20 18:00", "2026-11-21 02:00")
    must("assign", ref, "WBC001", "--db", str(station))
    must("book", ref, "--as-planned", "--db", str(station))
    must("approve", ref, "--db", str(station), actor="Insp Jones")
    must("export", "payroll", "--period", "2026-11", "--final", "--out", str(tmp_path / "p.csv"),
         "--db", str(station))
    laptop = checkout(station, tmp_path / "laptop.db")
    with sync_db.opened(laptop) as conn, sync_db.transaction(conn):
        rows = [RowChange(table, "INSERT", key, None, sync_apply.current_row(conn, table, key))
                for table, key in (("pay_periods", {"id": "2026-11"}),
                                   ("payroll_exports", {"period_id": "2026-11"}))]
        assert all(r.new for r in rows)
        sync_apply.put_rows(conn, rows)
        assert [sync_apply.current_row(conn, r.table, r.key) for r in rows] == [r.new for r in rows]
