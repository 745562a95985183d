"""Fixtures for the dashboard, budget and report tests."""

from __future__ import annotations

import asyncio
import inspect
from datetime import date

import pytest

from hotspot_tui.domain.access import Permission
from hotspot_tui.services.session import Session

TODAY = date(2026, 11, 25)  # the demo sample's "today"


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests (Pilot drives the app) on a fresh event loop, no plugin needed."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
    return True


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
