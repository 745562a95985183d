"""Fixtures for the dashboard, budget and report tests."""

from __future__ import annotations

from datetime import date

import pytest

from hotspot_tui.domain.access import Permission
from hotspot_tui.services.session import Session

TODAY = date(2026, 11, 25)  # the demo sample's "today"


def set_costs(session: Session) -> tuple[int, int]:
    """Give every planned and worked assignment a known cost; returns (committed, actual)."""
    with session.writing(Permission.UPKEEP) as db:
        db.execute("UPDATE assignments SET cost_pence = worked_minutes * 64 + 7 WHERE status = 'worked'")
        db.execute("UPDATE assignments SET cost_pence = 12345 WHERE status = 'planned'")
        db.execute("UPDATE assignments SET cost_pence = 99999 WHERE status IN ('cancelled', 'no_show')")
        actual = db.execute("SELECT sum(cost_pence) FROM assignments WHERE status = 'worked'").fetchone()[0]
        committed = db.execute(
            "SELECT sum(cost_pence) FROM assignments WHERE status = 'planned'").fetchone()[0]
    return committed, actual


@pytest.fixture
def costed(session: Session) -> tuple[Session, int, int]:
    committed, actual = set_costs(session)
    return session, committed, actual
