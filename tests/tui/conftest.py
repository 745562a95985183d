"""Fixtures for driving the real app on a throwaway copy of the demo data, with time frozen."""

from __future__ import annotations

import asyncio
import inspect
from datetime import UTC, datetime
from pathlib import Path

import pytest

from hotspot_tui.domain import clock_utc
from hotspot_tui.services.session import open_session
from hotspot_tui.tui.app import HotspotApp, make_app

FROZEN_NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem: pytest.Function) -> bool | None:
    """Run `async def` tests (Pilot drives the app) on a fresh event loop, no plugin needed."""
    if not inspect.iscoroutinefunction(pyfuncitem.obj):
        return None
    names = pyfuncitem._fixtureinfo.argnames
    asyncio.run(pyfuncitem.obj(**{n: pyfuncitem.funcargs[n] for n in names}))
    return True


@pytest.fixture
def frozen_now(monkeypatch: pytest.MonkeyPatch) -> datetime:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: FROZEN_NOW)
    return FROZEN_NOW


@pytest.fixture
def app(demo_db: Path, frozen_now: datetime) -> HotspotApp:
    return make_app(open_session(demo_db, "PS Tester"))


@pytest.fixture
def query(demo_db: Path):  # type: ignore[no-untyped-def]
    """Read the database file directly (a second connection), as any user of the file would."""
    import sqlite3

    def run(sql: str, params: list[object] | None = None) -> list[tuple]:
        conn = sqlite3.connect(demo_db)
        try:
            return conn.execute(sql, params or []).fetchall()
        finally:
            conn.close()

    return run
