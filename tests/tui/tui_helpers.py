"""Driving the app in tests: a fixed clock, waiting for workers, reading the database."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from app_settle import settle as app_settle
from textual.widgets import Input

from hotspot_tui.services.session import open_session
from hotspot_tui.tui.app import HotspotApp, make_app

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)  # Wednesday 25 November 2026


class Counted:
    """Calls of `real` counted, patched into each module that looks it up by name."""

    def __init__(self, monkeypatch: Any, real: Callable[..., Any], *where: Any) -> None:
        self.count = 0
        self.real = real

        def counted(*args: Any, **kwargs: Any) -> Any:
            self.count += 1
            return real(*args, **kwargs)

        for module in where:
            monkeypatch.setattr(module, real.__name__, counted)


def build_app(db: Path) -> HotspotApp:
    app = make_app(open_session(db, "PS Tester"))
    app.clock = lambda: NOW  # type: ignore[attr-defined]
    return app


async def settle(pilot: Any) -> None:
    await app_settle(pilot)


def drive(db: Path, script: Callable[[Any], Awaitable[None]], size: tuple[int, int] = (160, 48)) -> None:
    async def run() -> None:
        app = build_app(db)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            await script(pilot)

    asyncio.run(run())


async def submit(pilot: Any, form: Any, fields: dict[str, str], key: str = "ctrl+s") -> None:
    """Fill in a form's text fields (by id) and press its key, as a person would; wait until
    the app has settled (an error shown inline, or the change saved)."""
    for field_id, value in fields.items():
        form.query_one(f"#{field_id}", Input).value = value
    await pilot.press(key)
    await settle(pilot)


async def type_text(pilot: Any, text: str) -> None:
    await pilot.press(*[("space" if c == " " else c) for c in text])


def rows(app: Any, sql: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    with app.session.reading() as db:
        return db.execute(sql, params or []).fetchall()


def audit_rows(app: Any, action: str) -> list[tuple[Any, ...]]:
    return rows(app, "SELECT actor, entity_id, shift_id, staff_id, reason FROM audit_log "
                     "WHERE action = ? ORDER BY seq", [action])


def assign_elsewhere(db: Path, shift_id: str, staff_id: str) -> None:
    """Another supervisor, at another desk, assigns `staff_id` to the patrol."""
    from hotspot_tui.services import assignments

    other = open_session(db, "PS Elsewhere")
    try:
        assignments.assign(other, shift_id, [staff_id], assignments.AssignOptions())
    finally:
        other.close()
