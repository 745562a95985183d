"""A file from before working-time breaches were kept (schema 9, written by the code of its
day) whose patrols already break the 11-hour daily rest: `db migrate` records the breach at
once and the dashboard lists it; upgrading again records nothing twice. (Opening such a
file in the app: tests/tui/test_upgraded_file.py.)"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner
from old_files import short_rest_before_breaches

from hotspot_tui.cli import cli
from hotspot_tui.domain import clock_utc
from hotspot_tui.services.dashboard import dashboard
from hotspot_tui.services.session import open_session
from hotspot_tui.store.database import inspect_file, upgrade_file

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)  # Wednesday 2 December 2026


@pytest.fixture(autouse=True)
def _wednesday(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


def _old_file_with_short_rest(tmp_path: Path) -> tuple[Path, str]:
    path, name = short_rest_before_breaches(tmp_path / "old.db")
    assert inspect_file(path).schema_version == 9
    return path, name


def _breaches(path: Path) -> list[tuple[str, str, str, str | None, str]]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT assignment_id, rule, message, override_reason, found_at "
                            "FROM working_time_breaches ORDER BY 1, 2").fetchall()
    finally:
        conn.close()


def _audit_count(path: Path) -> int:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM audit_log").fetchone()[0]
    finally:
        conn.close()


def _listed(path: Path, name: str) -> list[str]:
    """The dashboard's working-time breach alerts naming the person (as the screen reads them)."""
    session = open_session(path, "PS Tester")
    try:
        alerts = dashboard(session, date(2026, 12, 2)).alerts
    finally:
        session.close()
    return [a.text for a in alerts if a.kind == "breach" and f": {name}, " in a.text]


def test_db_migrate_records_the_breaches_already_there_and_twice_records_nothing_twice(
        tmp_path: Path) -> None:
    path, name = _old_file_with_short_rest(tmp_path)
    first = CliRunner().invoke(cli, ["--as", "PS Upgrade", "db", "migrate", "--db", str(path)])
    assert first.exit_code == 0, first.output
    assert "applied: " in first.stdout
    assert "working time checked for " in first.stdout and " 2 breaches recorded" in first.stdout

    kept = _breaches(path)
    assert [(aid, rule, override) for aid, rule, _, override, _ in kept if aid == "early-duty"] == [
        ("early-duty", "daily_rest", None)]
    assert len(kept) == 2  # the early patrol, and Sunday's patrol before it
    alerts = _listed(path, name)
    assert len(alerts) == 2
    assert any("Mon 30 Nov 03:00: only 7 h rest before" in a and "11 h needed" in a for a in alerts)
    assert any("Sun 29 Nov 12:00: only 7 h rest after" in a for a in alerts)

    entries = _audit_count(path)
    again = CliRunner().invoke(cli, ["--as", "PS Upgrade", "db", "migrate", "--db", str(path)])
    assert again.exit_code == 0, again.output
    assert again.stdout.strip() == "already at the current schema; nothing to do"
    assert _breaches(path) == kept
    assert _audit_count(path) == entries
    assert len(_listed(path, name)) == 2


def test_the_upgrade_and_its_check_are_audited_as_done_on_behalf_of_who_upgraded(
        tmp_path: Path) -> None:
    path, _ = _old_file_with_short_rest(tmp_path)
    result = CliRunner().invoke(cli, ["--as", "PS Upgrade", "db", "migrate", "--db", str(path)])
    assert result.exit_code == 0, result.output
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        rows = conn.execute("SELECT actor, action, entity, details FROM audit_log "
                            "WHERE action IN ('breach.found', 'checks.scan') ORDER BY seq").fetchall()
        owed = conn.execute("SELECT count(*) FROM upkeep_due").fetchone()[0]
    finally:
        conn.close()
    assert [(actor, action, entity) for actor, action, entity, _ in rows] == [
        ("PS Upgrade", "breach.found", "staff"), ("PS Upgrade", "checks.scan", "database")]
    assert '"found":{"daily_rest":2}' in rows[0][3]
    assert owed == 0


def test_a_check_stopped_part_way_keeps_nothing_and_is_done_by_the_next_migrate(
        tmp_path: Path) -> None:
    from hotspot_tui.services.worktime_scan import checks_owed, do_owed_checks

    path, name = _old_file_with_short_rest(tmp_path)
    upgrade_file(path)  # the schema alone, as any opening of the file upgrades it
    entries = _audit_count(path)
    told: list[tuple[int, int]] = []

    def interrupted(done: int, total: int) -> None:
        told.append((done, total))
        if done:
            raise KeyboardInterrupt

    session = open_session(path, "PS Upgrade")
    try:
        with pytest.raises(KeyboardInterrupt):
            do_owed_checks(session, interrupted)
        assert checks_owed(session)
    finally:
        session.close()
    assert told[0][0] == 0 and 0 < told[-1][0] < told[-1][1]
    assert _breaches(path) == [] and _audit_count(path) == entries

    done = CliRunner().invoke(cli, ["--as", "PS Upgrade", "db", "migrate", "--db", str(path)])
    assert done.exit_code == 0, done.output
    assert "already at the current schema" not in done.stdout and " 2 breaches recorded" in done.stdout
    assert len(_listed(path, name)) == 2
