"""A hub upgraded from before working-time breaches were kept owes the full check; a copy
checked out from it does not check for itself (found on both, every breach would meet the
other's as a conflict) but receives the hub's findings at its next sync."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from old_files import short_rest_before_breaches
from sync_helpers import checkout, must, reading, sync

from hotspot_tui.domain import clock_utc

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _wednesday(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


def _owed(db: Path) -> int:
    with reading(db) as conn:
        return conn.execute("SELECT count(*) FROM upkeep_due").fetchone()[0]


def _breaches(db: Path) -> list[tuple[str, str, str]]:
    with reading(db) as conn:
        return conn.execute("SELECT assignment_id, rule, message FROM working_time_breaches "
                            "ORDER BY 1, 2").fetchall()


def test_a_copy_leaves_the_owed_check_to_its_hub_and_receives_what_it_finds(tmp_path: Path) -> None:
    hub, _ = short_rest_before_breaches(tmp_path / "station.db")
    laptop = checkout(hub, tmp_path / "laptop.db")  # upgrades the hub first
    assert _owed(hub) == 1 and _owed(laptop) == 0
    assert _breaches(hub) == [] == _breaches(laptop)

    assert " 2 breaches recorded" in must("db", "migrate", "--db", str(hub))
    assert _owed(hub) == 0 and len(_breaches(hub)) == 2

    sync(laptop, hub)
    assert _breaches(laptop) == _breaches(hub)
    with reading(laptop) as conn:
        assert conn.execute("SELECT count(*) FROM sync_conflicts").fetchone()[0] == 0
