"""A file upgraded from schema 1 is costed as soon as it is opened, not when payroll opens."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from hotspot_tui.services import costing
from hotspot_tui.services.session import open_session

FIXTURE = Path(__file__).parent.parent / "fixtures" / "schema_v1.db"


def _totals(session) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    cost = session.db.execute(
        "SELECT coalesce(sum(cost_pence), 0) FROM assignments WHERE status IN ('planned', 'worked')"
    ).fetchone()[0]
    lines = session.db.execute("SELECT coalesce(sum(amount_pence), 0) FROM pay_lines").fetchone()[0]
    return cost, lines


def test_opening_an_upgraded_file_costs_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, path)
    path.chmod(0o600)
    session = open_session(path, "PS Tester")
    try:
        cost, lines = _totals(session)
        assert cost > 0
        assert cost == lines
    finally:
        session.close()

    again = open_session(path, "PS Tester")
    try:
        assert _totals(again) == (cost, lines)
        started = time.perf_counter()
        assert costing.ensure_costed(again) is False
        assert time.perf_counter() - started < 0.5
    finally:
        again.close()
