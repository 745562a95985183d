"""Checkout, offline work on both sides, and sync: two-way, and by files carried by hand.
Everything from an empty file through the public commands."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from fresh_operation import build
from sync_helpers import add_patrol, assert_same, checkout, cmd, must, sql, sync

from hotspot_tui.domain import clock_utc

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock_utc, "utc_now", lambda: NOW)


@pytest.fixture
def station(tmp_path: Path) -> Path:
    return build(tmp_path)


def test_checkout_is_a_private_copy_that_knows_its_hub(station: Path, tmp_path: Path) -> None:
    add_patrol(station, "2026-12-11 18:00", "2026-12-12 02:00")
    laptop = checkout(station, tmp_path / "laptop.db")
    assert laptop.stat().st_mode & 0o777 == 0o600
    assert_same(station, laptop)
    status = must("sync", "status", "--db", str(laptop))
    assert f"copy of {station.resolve()}" in status
    assert "to send: 0 changes" in status and "to receive: 0 changes" in status
    again = cmd("sync", "checkout", "--from", str(station), "--out", str(laptop))
    assert again.exit_code == 2 and "already exists" in again.stderr
    nested = cmd("sync", "checkout", "--from", str(laptop), "--out", str(tmp_path / "n.db"))
    assert nested.exit_code == 2 and "itself a checkout" in nested.stderr


def test_offline_work_on_both_sides_meets_in_one_sync(station: Path, tmp_path: Path) -> None:
    laptop = checkout(station, tmp_path / "laptop.db")
    on_laptop = add_patrol(laptop, "2026-12-12 18:00", "2026-12-13 02:00", area="St Albans")
    must("assign", on_laptop, "WBC001", "--db", str(laptop))
    at_station = add_patrol(station, "2026-12-14 18:00", "2026-12-15 02:00")
    must("assign", at_station, "WBC002", "WBC003", "--db", str(station))
    status = must("sync", "status", "--db", str(laptop))
    assert "to send: 3 changes" in status and "to receive: 4 changes" in status
    out = sync(laptop, station)
    assert "sent 3 changes in 1 batches; received" in out
    assert_same(station, laptop)
    assert sql(station, "SELECT count(*) FROM assignments") == [(3,)]
    assert "already in step" in sync(laptop, station)
    assert "to send: 0 changes" in must("sync", "status", "--db", str(laptop))


def test_bookings_and_pay_made_on_a_laptop_arrive_costed(station: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    ref = add_patrol(station, "2026-12-11 18:00", "2026-12-12 02:00")
    must("assign", ref, "WBC001", "WBC002", "--db", str(station))
    laptop = checkout(station, tmp_path / "laptop.db")
    monkeypatch.setattr(clock_utc, "utc_now", lambda: datetime(2026, 12, 12, 3, 0, tzinfo=UTC))
    must("book", ref, "WBC001", "--on", "2026-12-11 18:00", "--off", "2026-12-12 03:00",
         "--reason", "late arrest", "--db", str(laptop))
    must("outcome", ref, "--arrests", "1", "--db", str(laptop))
    sync(laptop, station)
    assert_same(station, laptop)
    assert sql(station, "SELECT status, worked_minutes FROM assignments a JOIN staff s ON "
                        "s.id = a.staff_id WHERE s.payroll_number = 'WBC001'") == [("worked", 540)]
    assert sql(station, "SELECT arrests FROM area_arrests") == [(1,)]


def test_changes_carried_by_hand_and_the_reply_brought_back(station: Path, tmp_path: Path) -> None:
    laptop = checkout(station, tmp_path / "laptop.db")
    ref = add_patrol(laptop, "2026-12-12 18:00", "2026-12-13 02:00")
    must("assign", ref, "WBC001", "--db", str(laptop))
    add_patrol(station, "2026-12-20 18:00", "2026-12-21 02:00")
    stick = tmp_path / "stick"
    stick.mkdir()
    changes = stick / "week.hsync"
    out = must("sync", "export", "--db", str(laptop), "--out", str(changes))
    assert "3 changes in 1 batches" in out and changes.stat().st_mode & 0o777 == 0o600
    applied = must("sync", "apply", str(changes), "--db", str(station))
    reply = stick / "week.reply.hsync"
    assert "applied 3 changes in 1 batches" in applied and str(reply) in applied
    again = must("sync", "apply", str(changes), "--db", str(station))  # run twice: no change
    assert "applied 0 changes in 0 batches" in again
    # the laptop keeps working before the reply comes back
    later = add_patrol(laptop, "2026-12-22 18:00", "2026-12-23 02:00")
    assert "applied the hub's reply" in must("sync", "apply", str(reply), "--db", str(laptop))
    assert "already applied" in must("sync", "apply", str(reply), "--db", str(laptop))
    sync(laptop, station)
    assert_same(station, laptop)
    assert sql(station, "SELECT count(*) FROM shifts WHERE ref = ?", later) == [(1,)]


def test_several_copies_meet_through_the_hub(station: Path, tmp_path: Path) -> None:
    one = checkout(station, tmp_path / "one.db")
    two = checkout(station, tmp_path / "two.db")
    a = add_patrol(one, "2026-12-12 18:00", "2026-12-13 02:00")
    must("assign", a, "WBC001", "--db", str(one))
    b = add_patrol(two, "2026-12-13 18:00", "2026-12-14 02:00")
    must("assign", b, "WBC002", "--db", str(two))
    sync(one, station)
    sync(two, station)
    sync(one, station)
    assert_same(station, one, two)
    assert sql(one, "SELECT count(*) FROM assignments") == [(2,)]


@pytest.mark.parametrize("damage", ["truncated", "tampered", "garbage", "reply_at_hub"])
def test_a_bad_changes_file_is_refused_in_one_line(station: Path, tmp_path: Path, damage: str) -> None:
    laptop = checkout(station, tmp_path / "laptop.db")
    add_patrol(laptop, "2026-12-12 18:00", "2026-12-13 02:00")
    changes = tmp_path / "c.hsync"
    must("sync", "export", "--db", str(laptop), "--out", str(changes))
    data = changes.read_bytes()
    target = station
    if damage == "truncated":
        changes.write_bytes(data[: len(data) // 2])
    elif damage == "tampered":
        changes.write_bytes(data[:-40] + bytes([data[-40] ^ 1]) + data[-39:])
    elif damage == "garbage":
        changes.write_bytes(b"PK\x03\x04 not ours")
    else:
        must("sync", "apply", str(changes), "--db", str(station))
        changes = tmp_path / "c.reply.hsync"
    before = sql(target, "SELECT count(*) FROM shifts")
    result = cmd("sync", "apply", str(changes), "--db", str(target))
    assert result.exit_code == 2, result.output
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output
    assert sql(target, "SELECT count(*) FROM shifts") == before


def test_a_changes_file_from_another_operation_is_refused(station: Path, tmp_path: Path) -> None:
    laptop = checkout(station, tmp_path / "laptop.db")
    add_patrol(laptop, "2026-12-12 18:00", "2026-12-13 02:00")
    other_folder = tmp_path / "other"
    other_folder.mkdir()
    other = build(other_folder)
    must("sync", "checkout", "--from", str(other), "--out", str(other_folder / "x.db"))
    changes = tmp_path / "c.hsync"
    must("sync", "export", "--db", str(laptop), "--out", str(changes))
    result = cmd("sync", "apply", str(changes), "--db", str(other))
    assert result.exit_code == 2 and "not to this database's operation" in result.stderr
    never = build(tmp_path / "never") if (tmp_path / "never").mkdir() is None else None
    assert never is not None
    result = cmd("sync", "apply", str(changes), "--db", str(never))
    assert result.exit_code == 2 and "never synced" in result.stderr


def test_sync_with_a_hub_it_did_not_come_from_is_refused(station: Path, tmp_path: Path) -> None:
    laptop = checkout(station, tmp_path / "laptop.db")
    (tmp_path / "o").mkdir()
    other = build(tmp_path / "o")
    must("sync", "checkout", "--from", str(other), "--out", str(tmp_path / "o" / "x.db"))
    result = cmd("sync", "--db", str(laptop), "--with", str(other))
    assert result.exit_code == 2 and "was not checked out from" in result.stderr
    plain = cmd("sync", "--db", str(station), "--with", str(laptop))
    assert plain.exit_code == 2 and "not a checkout" in plain.stderr


def test_every_table_says_whether_it_travels(tmp_path: Path) -> None:
    from hotspot_tui.store.sync_tables import unclassified

    db = build(tmp_path)
    tables = {row[0] for row in sql(db, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert unclassified(tables) == set()


def test_audit_entries_travel_with_their_author_and_time(station: Path, tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from sync_helpers import assert_audit_holds

    before = must("audit", "checkpoint", "--db", str(station)).split()[0]
    one = checkout(station, tmp_path / "one.db")
    two = checkout(station, tmp_path / "two.db")
    monkeypatch.setattr(clock_utc, "utc_now", lambda: datetime(2026, 12, 3, 7, 0, tzinfo=UTC))
    ref = add_patrol(one, "2026-12-12 18:00", "2026-12-13 02:00")
    must("assign", ref, "WBC001", "--db", str(one), actor="PS 99 Laptop")
    monkeypatch.setattr(clock_utc, "utc_now", lambda: datetime(2026, 12, 3, 8, 0, tzinfo=UTC))
    add_patrol(station, "2026-12-14 18:00", "2026-12-15 02:00")
    add_patrol(two, "2026-12-16 18:00", "2026-12-17 02:00")
    changes = tmp_path / "one.hsync"
    must("sync", "export", "--db", str(one), "--out", str(changes))
    must("sync", "apply", str(changes), "--db", str(station))
    must("sync", "apply", str(tmp_path / "one.reply.hsync"), "--db", str(one))
    sync(two, station)
    sync(one, station)
    assert sql(station, "SELECT actor, at_utc FROM audit_log WHERE action = 'assignment.create'") == [
        ("PS 99 Laptop", "2026-12-03T07:00:00Z")]
    merges = sql(station, "SELECT details FROM audit_log WHERE action = 'sync.merge'")
    assert len(merges) == 2 and '"entries":' in merges[0][0]
    assert_audit_holds(station, one, two)
    assert_same(station, one, two)
    # a checkpoint written down at the station before the checkouts holds on every copy,
    # and one taken at the station now still holds after more syncs
    for copy in (station, one, two):
        assert "intact" in must("audit", "verify", "--against", before, "--db", str(copy))
    now = must("audit", "checkpoint", "--db", str(station)).split()[0]
    add_patrol(one, "2026-12-18 18:00", "2026-12-19 02:00")
    sync(one, station)
    assert "intact" in must("audit", "verify", "--against", now, "--db", str(station))


def test_station_pcs_sync_through_a_shared_folder(station: Path, tmp_path: Path) -> None:
    """No SQLite file is opened over the network: PCs export to a shared folder, the hub's
    machine applies the folder, each PC applies its reply."""
    share = tmp_path / "share"
    share.mkdir()
    pcs = [checkout(station, tmp_path / f"pc{n}.db") for n in (1, 2)]
    for n, pc in enumerate(pcs, start=1):
        add_patrol(pc, f"2026-12-1{n} 18:00", f"2026-12-1{n + 1} 02:00")
        must("sync", "export", "--db", str(pc), "--out", str(share / f"pc{n}.hsync"))
    (share / "junk.hsync").write_bytes(b"nothing")
    out = must("sync", "inbox", str(share), "--db", str(station))
    assert "pc1.hsync: 1 changes applied" in out and "junk.hsync: not applied" in out
    for n, pc in enumerate(pcs, start=1):
        must("sync", "apply", str(share / f"pc{n}.reply.hsync"), "--db", str(pc))
    sync(pcs[0], station)
    assert_same(station, *pcs)


def test_status_counts_the_changes_a_sync_sends_not_figures_worked_out_again(
        station: Path, tmp_path: Path) -> None:
    """A booking changes its cost and a rate change every cost: those figures are worked
    out again at the other end, never sent, so status does not count them."""
    ref = add_patrol(station, "2026-11-20 18:00", "2026-11-21 02:00", need="ceo=2")
    must("assign", ref, "WBC001", "WBC002", "--db", str(station))
    laptop = checkout(station, tmp_path / "laptop.db")
    must("book", ref, "WBC001", "--on", "2026-11-20 18:00", "--off", "2026-11-21 03:00",
         "--reason", "late arrest", "--db", str(laptop))
    must("employer", "set-rates", "Watford Borough Council", "--weekday", "40", "--weekend", "48",
         "--holiday", "60", "--from", "2026-11-01", "--reason", "letter", "--db", str(station))
    status = must("sync", "status", "--db", str(laptop))
    assert "to send: 1 changes" in status and "to receive: 3 changes" in status
    assert "sent 1 changes in 1 batches; received 3" in sync(laptop, station)
