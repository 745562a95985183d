"""`checks rescan`: a force re-runs the full working-time check, on a database made by
`db init` and the public commands. After the daily-rest setting is raised, patrols that were
fine break it: the check records those breaches, the dashboard lists them, and running it
again changes nothing."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from fresh_operation import ACTOR, build, ok

from hotspot_tui.domain import clock_utc
from hotspot_tui.services.dashboard import dashboard
from hotspot_tui.services.session import open_session

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


def _patrol(db: Path, start: str, end: str) -> str:
    out = ok(db, "patrol", "add", "--area", "Watford", "--start", start, "--end", end, "--need", "ceo=1")
    return out.split("added patrol ")[1].split(":")[0]


def _query(db: Path, sql: str) -> list[tuple]:  # type: ignore[type-arg]
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _breach_alerts(db: Path) -> list[str]:
    session = open_session(db, "PS Reader")
    try:
        return [a.text for a in dashboard(session, date(2026, 12, 2)).alerts if a.kind == "breach"]
    finally:
        session.close()


def test_rescan_finds_the_breaches_a_stricter_rule_brings_and_running_it_again_changes_nothing(
        tmp_path: Path) -> None:
    db = build(tmp_path)
    ok(db, "assign", _patrol(db, "2026-12-11 18:00", "2026-12-12 02:00"), "WBC001")
    ok(db, "assign", _patrol(db, "2026-12-12 14:00", "2026-12-12 18:00"), "WBC001")  # 12 h rest
    assert "0 breaches recorded; 0 held" in ok(db, "checks", "rescan")

    ok(db, "settings", "set", "working_time.daily_rest_minutes", "780", "--from", "2026-06-01",
       "--reason", "Force agreement: 13 hours between duties")
    assert _breach_alerts(db) == []  # a setting changed: nothing is checked again by itself

    out = ok(db, "checks", "rescan")
    assert out.strip() == ("working time checked for 1 person's 2 patrols: 2 breaches recorded; "
                           "2 held, listed on the dashboard until dealt with")
    found = _query(db, "SELECT assignment_id, rule, message, override_reason, found_at "
                       "FROM working_time_breaches ORDER BY message")
    assert [(rule, override) for _, rule, _, override, _ in found] == [("daily_rest", None)] * 2
    assert found[0][2].startswith("only 12 h rest after") and "13 h needed" in found[0][2]
    assert found[1][2].startswith("only 12 h rest before") and "13 h needed" in found[1][2]
    alerts = _breach_alerts(db)
    assert len(alerts) == 2 and all(a.startswith("Working-time breach, not overridden: Ann Able, "
                                                 "Watford ") for a in alerts)

    again = ok(db, "checks", "rescan")
    assert "0 breaches recorded; 2 held" in again
    assert _query(db, "SELECT assignment_id, rule, message, override_reason, found_at "
                      "FROM working_time_breaches ORDER BY message") == found
    scans = _query(db, "SELECT actor, details FROM audit_log WHERE action = 'checks.scan' ORDER BY seq")
    assert [actor for actor, _ in scans] == [ACTOR] * 3
    assert '"found":2' in scans[1][1] and '"found":0' in scans[2][1]
    assert len(_query(db, "SELECT 1 FROM audit_log WHERE action = 'breach.found'")) == 1


def test_rescan_clears_breaches_the_checks_no_longer_find_and_keeps_overrides(tmp_path: Path) -> None:
    db = build(tmp_path)
    night = _patrol(db, "2026-12-11 18:00", "2026-12-12 02:00")
    ok(db, "assign", night, "WBC001")
    ok(db, "assign", _patrol(db, "2026-12-12 08:00", "2026-12-12 12:00"), "WBC001",
       "--override", "nobody else trained")
    ok(db, "assign", _patrol(db, "2026-12-12 18:00", "2026-12-12 22:00"), "WBC002")
    before = _query(db, "SELECT * FROM working_time_breaches ORDER BY 1, 2")
    assert sorted(r[5] for r in before) == ["nobody else trained"] * 2

    assert "0 breaches recorded; 2 held" in ok(db, "checks", "rescan")
    assert _query(db, "SELECT * FROM working_time_breaches ORDER BY 1, 2") == before

    ok(db, "settings", "set", "working_time.daily_rest_minutes", "360", "--from", "2026-06-01",
       "--reason", "Trial of a shorter rest")
    out = ok(db, "checks", "rescan")
    assert "0 breaches recorded, 2 no longer found; 0 held" in out
    assert _query(db, "SELECT count(*) FROM working_time_breaches") == [(0,)]
