"""Audit trail: append-only by trigger, hash-chained, and `hotspot-tui audit verify` names the
first entry that was tampered with (exit 1)."""

from __future__ import annotations

import hashlib
import shutil
import sqlite3
from pathlib import Path

import pytest
import workload
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hotspot_tui.cli import cli
from hotspot_tui.domain.audit_chain import GENESIS_HASH, entry_hash
from hotspot_tui.services.assignments import AssignOptions, assign, unassign
from hotspot_tui.services.maintenance import verify_audit_chain
from hotspot_tui.services.session import open_session

ENTRIES = 2 + 4 * 5 + 3  # identity, setup, 20 assignments, 3 taken off


@pytest.fixture(scope="module")
def chained_db(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path_factory.mktemp("audit") / "chain.db"
    shifts, people = workload.build(path, people=5, shifts=workload.separate_shifts(4))
    session = open_session(path, "PS Auditor")
    try:
        made = [assign(session, shift, [p], AssignOptions())[0] for shift in shifts for p in people]
        for assignment_id in made[:3]:
            unassign(session, assignment_id, "Rest day cancelled")
        session.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        session.close()
    return path


def _tamperable_copy(source: Path, tmp: Path) -> Path:
    """A copy with the append-only triggers dropped, as someone editing the file would."""
    target = tmp / "tampered.db"
    shutil.copyfile(source, target)
    conn = sqlite3.connect(str(target))
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.commit()
    conn.close()
    return target


def _sql(path: Path, statement: str, params: list[object] | None = None) -> None:
    conn = sqlite3.connect(str(path))
    conn.execute(statement, params or [])
    conn.commit()
    conn.close()


def _verify_cli(path: Path):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(cli, ["audit", "verify", "--db", str(path)])


def test_every_change_is_chained_to_the_one_before(chained_db) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(str(chained_db))
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM audit_log ORDER BY seq")]
    conn.close()
    assert len(rows) == ENTRIES
    previous = GENESIS_HASH
    for row in rows:
        assert row["prev_hash"] == previous
        assert row["hash"] == entry_hash(row, previous)
        previous = row["hash"]


@pytest.mark.parametrize("statement", [
    "UPDATE audit_log SET reason = 'nothing to see' WHERE seq = 3",
    "UPDATE audit_log SET hash = hash",
    "DELETE FROM audit_log WHERE seq = 5",
    "DELETE FROM audit_log",
])
def test_the_triggers_refuse_any_update_or_delete(chained_db, tmp_path, statement) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "copy.db"
    shutil.copyfile(chained_db, path)
    with pytest.raises(sqlite3.IntegrityError, match="append-only"):
        _sql(path, statement)
    assert verify_audit_chain(path).intact


def test_verify_passes_an_intact_trail_and_writes_nothing(chained_db) -> None:  # type: ignore[no-untyped-def]
    before = hashlib.sha256(chained_db.read_bytes()).hexdigest()
    result = _verify_cli(chained_db)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == (
        f"ok: {ENTRIES} audit entries, the chain is intact and signed with this database's key")
    assert hashlib.sha256(chained_db.read_bytes()).hexdigest() == before


TAMPERING = [
    ("changed actor", "UPDATE audit_log SET actor = 'Someone Else' WHERE seq = 7", 7, "was changed"),
    ("changed reason", "UPDATE audit_log SET reason = 'Sick' WHERE seq = 23", 23, "was changed"),
    ("changed time", "UPDATE audit_log SET at_utc = '2020-01-01T00:00:00Z' WHERE seq = 1", 1, "was changed"),
    ("changed details", "UPDATE audit_log SET details = '{}' WHERE seq = 12", 12, "was changed"),
    ("deleted entry", "DELETE FROM audit_log WHERE seq = 9", 10, "missing before #10"),
    ("deleted tail", f"DELETE FROM audit_log WHERE seq >= {ENTRIES - 1}", ENTRIES - 1, "are missing"),
    ("rewritten hash", "UPDATE audit_log SET hash = 'x' || substr(hash, 2) WHERE seq = 4", 4, "was changed"),
    ("forged prev hash", "UPDATE audit_log SET prev_hash = hash WHERE seq = 15", 15, "does not follow"),
]


@pytest.mark.parametrize(("statement", "seq", "why"), [t[1:] for t in TAMPERING],
                         ids=[t[0].replace(" ", "-") for t in TAMPERING])
def test_verify_names_the_first_tampered_entry(chained_db, tmp_path, statement, seq, why) -> None:  # type: ignore[no-untyped-def]
    path = _tamperable_copy(chained_db, tmp_path)
    _sql(path, statement)
    result = _verify_cli(path)
    assert result.exit_code == 1, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"hotspot-tui: audit chain broken at entry #{seq}"), lines[0]
    assert why in lines[0]
    check = CliRunner().invoke(cli, ["db", "check", "--db", str(path)])
    assert check.exit_code == 1 and f"#{seq}" in check.stderr


@pytest.mark.parametrize(("key_here", "seq", "why"), [
    (True, 6, "not signed with this database's key"),
    (False, 7, "does not follow"),
], ids=["key-here", "no-key-here"])
def test_a_rehashed_forgery_is_caught(chained_db, tmp_path, monkeypatch, key_here, seq, why) -> None:  # type: ignore[no-untyped-def]
    """Changing an entry and recomputing its own hash: where the key is, its signature no
    longer holds; anywhere, the link to the next entry breaks."""
    if not key_here:
        monkeypatch.setenv("HOTSPOT_KEY_DIR", str(tmp_path / "no-keys"))
    path = _tamperable_copy(chained_db, tmp_path)
    conn = sqlite3.connect(str(path))
    conn.row_factory = sqlite3.Row
    entry = dict(conn.execute("SELECT * FROM audit_log WHERE seq = 6").fetchone())
    conn.close()
    entry["actor"] = "Someone Else"
    _sql(path, "UPDATE audit_log SET actor = ?, hash = ? WHERE seq = 6",
         [entry["actor"], entry_hash(entry, entry["prev_hash"])])
    report = verify_audit_chain(path)
    assert report.broken_seq == seq and why in (report.problem or "")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(seq=st.integers(1, ENTRIES),
       column=st.sampled_from(["at_utc", "actor", "action", "entity", "entity_id", "shift_id",
                               "staff_id", "reason", "details"]),
       # SQLite's length() ends at a NUL, so the file's own checks refuse one: no tamperer's value
       value=st.text(st.characters(codec="utf-8", exclude_characters="\x00"), min_size=1, max_size=20)
       .filter(lambda s: s.strip()))
def test_any_single_change_is_found_at_its_entry(chained_db, tmp_path_factory, seq, column, value) -> None:  # type: ignore[no-untyped-def]
    conn = sqlite3.connect(str(chained_db))
    current = conn.execute(f"SELECT {column} FROM audit_log WHERE seq = ?", [seq]).fetchone()[0]
    conn.close()
    if column == "details":
        value = f'{{"x": {len(value)}}}'
    if value == current:
        return
    path = _tamperable_copy(chained_db, tmp_path_factory.mktemp("t"))
    _sql(path, f"UPDATE audit_log SET {column} = ? WHERE seq = ?", [value, seq])
    report = verify_audit_chain(path)
    assert report.broken_seq == seq, report.describe()
