"""A database on a network share is never opened for writing: the refusal says what to do
instead (a local copy, synced)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fresh_operation import build
from sync_helpers import cmd

from hotspot_tui.store import network_fs
from hotspot_tui.store.network_fs import filesystem_from_mounts

MOUNTS = """\
/dev/sda1 / ext4 rw,relatime 0 0
proc /proc proc rw 0 0
server:/export/station /mnt/station nfs4 rw,relatime 0 0
//fileserver/hotspot /mnt/share\\040drive cifs rw 0 0
/dev/sdb1 /mnt/station/local ext4 rw 0 0
"""


@pytest.mark.parametrize(("path", "kind"), [
    ("/home/sgt/hotspot.db", "ext4"),
    ("/mnt/station/hub.db", "nfs4"),
    ("/mnt/share drive/ops/hub.db", "cifs"),
    ("/mnt/station/local/copy.db", "ext4"),
    ("/mnt/stationery/x.db", "ext4"),
])
def test_the_file_system_of_a_path_is_read_from_the_mount_table(path: str, kind: str) -> None:
    assert filesystem_from_mounts(Path(path), MOUNTS) == kind


def test_a_database_on_a_share_is_refused_for_writing_with_what_to_do(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    station = build(tmp_path)
    monkeypatch.setattr(network_fs, "network_share",
                        lambda p: "nfs4" if str(p).startswith(str(tmp_path)) else None)
    result = cmd("patrol", "add", "--area", "Watford", "--start", "2026-12-11 18:00",
                 "--end", "2026-12-12 02:00", "--need", "ceo=1", "--db", str(station))
    assert result.exit_code == 2
    [line] = result.stderr.strip().splitlines()
    assert "is on a network share (nfs4)" in line and "sync checkout" in line
    checked = cmd("audit", "verify", "--db", str(station))
    assert checked.exit_code == 0, checked.output  # opened read-only: allowed
    made = cmd("db", "init", "--db", str(tmp_path / "new.db"))
    assert made.exit_code == 2 and "network share" in made.stderr
    assert not (tmp_path / "new.db").exists()
