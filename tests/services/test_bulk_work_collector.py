"""Bulk work holds Python's cycle collector off while it runs (a sixth of the full check's
and the costing's time went on the collector walking objects that hold no cycles) and gives
it back as it found it: the full working-time check (`checks rescan`) and costing every
assignment again, on a file made by the public commands."""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from hotspot_tui.domain import clock_utc
from hotspot_tui.services import costing, worktime_scan
from hotspot_tui.services.session import open_session
from hotspot_tui.store import pay_lines
from tests.cli.fresh_operation import ACTOR, build, ok

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    db = build(tmp_path)
    for start, end in (("2026-12-11 18:00", "2026-12-12 02:00"), ("2026-12-13 14:00", "2026-12-13 18:00")):
        out = ok(db, "patrol", "add", "--area", "Watford", "--start", start, "--end", end, "--need", "ceo=1")
        ok(db, "assign", out.split("added patrol ")[1].split(":")[0], "WBC001")
    return db


@pytest.fixture(params=[True, False], ids=["collector-on", "collector-off"])
def collecting(request: pytest.FixtureRequest) -> Iterator[bool]:
    was = gc.isenabled()
    (gc.enable if request.param else gc.disable)()
    try:
        yield request.param
    finally:
        (gc.enable if was else gc.disable)()


def _spy(monkeypatch: pytest.MonkeyPatch, module: Any, name: str) -> list[bool]:
    """The collector's state each time `module.name` is called during the work."""
    seen: list[bool] = []
    real: Callable[..., Any] = getattr(module, name)

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.isenabled())
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, spy)
    return seen


def test_the_full_working_time_check_runs_with_the_collector_held_off(
        db: Path, collecting: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _spy(monkeypatch, worktime_scan, "_check_group")
    assert "1 person's 2 patrols" in ok(db, "checks", "rescan")
    assert seen and not any(seen)
    assert gc.isenabled() is collecting


def test_costing_every_assignment_runs_with_the_collector_held_off(
        db: Path, collecting: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    seen = _spy(monkeypatch, pay_lines, "insert_lines")
    session = open_session(db, ACTOR)
    try:
        assert costing.recost_all(session.db) > 0
    finally:
        session.close()
    assert seen and not any(seen)
    assert gc.isenabled() is collecting
