"""Files are what they say: new, owner-only, never over an existing name or through a symlink."""

from __future__ import annotations

import multiprocessing
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from hotspot_tui.errors import ValidationFailed
from hotspot_tui.exports.files import FileExists, new_file, write_new_file


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_a_new_file_is_written_owner_only_and_no_temporary_file_is_left(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        path = write_new_file(tmp_path / "out.csv", b"a,b\r\n")
    finally:
        os.umask(old)
    assert path == tmp_path / "out.csv" and path.read_bytes() == b"a,b\r\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600 and path.stat().st_nlink == 1
    assert _listing(tmp_path) == ["out.csv"]


def test_an_existing_file_is_refused_untouched(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    target.write_bytes(b"keep")
    target.chmod(0o644)
    with pytest.raises(FileExists, match="already exists"):
        write_new_file(target, b"new")
    assert target.read_bytes() == b"keep" and stat.S_IMODE(target.stat().st_mode) == 0o644
    assert _listing(tmp_path) == ["out.csv"]


@pytest.mark.skipif(os.name == "nt", reason="symlinks need privileges on Windows")
def test_a_symlink_at_the_target_is_never_followed(tmp_path: Path) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_bytes(b"precious")
    victim.chmod(0o644)
    link = tmp_path / "report.md"
    link.symlink_to(victim)
    with pytest.raises(FileExists):
        write_new_file(link, b"report")
    assert victim.read_bytes() == b"precious" and stat.S_IMODE(victim.stat().st_mode) == 0o644
    assert link.is_symlink()
    # A dangling symlink is not followed to create the file it points at either.
    dangling = tmp_path / "dangling.md"
    dangling.symlink_to(tmp_path / "elsewhere.md")
    with pytest.raises(FileExists):
        write_new_file(dangling, b"report")
    assert not (tmp_path / "elsewhere.md").exists()
    assert _listing(tmp_path) == ["dangling.md", "report.md", "victim.txt"]


def test_a_name_taken_while_writing_is_not_replaced(tmp_path: Path) -> None:
    """The check before writing is only a courtesy: the link itself refuses a taken name."""
    target = tmp_path / "out.csv"
    with pytest.raises(FileExists), new_file(target) as out:
        out.write(b"mine")
        target.write_bytes(b"theirs")
    assert target.read_bytes() == b"theirs" and _listing(tmp_path) == ["out.csv"]


def test_next_free_takes_the_next_free_name_and_says_which(tmp_path: Path) -> None:
    (tmp_path / "p.csv").write_bytes(b"1")
    (tmp_path / "p-2.csv").symlink_to(tmp_path / "nowhere")
    path = write_new_file(tmp_path / "p.csv", b"3", next_free=True)
    assert path == tmp_path / "p-3.csv" and path.read_bytes() == b"3"


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    with pytest.raises(RuntimeError), new_file(tmp_path / "out.csv") as out:
        out.write(b"half")
        raise RuntimeError("disk gone")
    assert _listing(tmp_path) == []


def test_a_missing_folder_is_one_plain_line(tmp_path: Path) -> None:
    with pytest.raises(ValidationFailed, match="no folder"):
        write_new_file(tmp_path / "nowhere" / "out.csv", b"x")


def _racer(target: str, payload: bytes, start, results) -> None:  # type: ignore[no-untyped-def]
    start.wait()
    try:
        with new_file(Path(target)) as out:
            for _ in range(50):
                out.write(payload * 1000)
        results.put(("wrote", payload))
    except FileExists:
        results.put(("exists", payload))


@pytest.mark.parametrize("round_", range(5))
def test_two_writers_racing_for_one_name_one_wins_the_other_is_told(tmp_path: Path, round_: int) -> None:
    """Both pass the courtesy check (the name is free when they start); the link decides."""
    ctx = multiprocessing.get_context("spawn" if sys.platform == "win32" else "fork")
    start, results = ctx.Barrier(2), ctx.Queue()
    target = tmp_path / "out.csv"
    procs = [ctx.Process(target=_racer, args=(str(target), p, start, results)) for p in (b"A", b"B")]
    for p in procs:
        p.start()
    for p in procs:
        p.join(30)
    outcome = sorted(results.get(timeout=5) for _ in procs)
    kinds = [k for k, _ in outcome]
    assert kinds == ["exists", "wrote"], outcome
    winner = next(p for k, p in outcome if k == "wrote")
    assert target.read_bytes() == winner * 50_000
    assert _listing(tmp_path) == ["out.csv"]


def test_two_export_commands_racing_for_one_out(demo_db: Path, tmp_path: Path) -> None:
    """A draft and a final export to the same --out at once: one writes, the other says the
    file exists; the file on disk is the winner's, and a final that lost locked nothing."""
    out = tmp_path / "may.csv"
    base = [sys.executable, "-m", "hotspot_tui", "export", "payroll", "--db", str(demo_db),
            "--period", "2026-05", "--out", str(out)]
    procs = [subprocess.Popen(base + extra, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for extra in ([], ["--final"])]
    (draft_out, draft_err), (final_out, final_err) = (p.communicate(timeout=120) for p in procs)
    codes = [p.returncode for p in procs]
    assert sorted(codes) == [0, 2], (draft_err, final_err)
    loser_err = draft_err if codes[0] == 2 else final_err
    assert "already exists" in loser_err and loser_err.count("\n") == 1
    from hotspot_tui.services.payroll import list_periods
    from hotspot_tui.services.session import open_session

    session = open_session(demo_db, "PS Tester")
    try:
        may = next(p for p in list_periods(session) if p.id == "2026-05")
    finally:
        session.close()
    if codes[1] == 0:
        assert f"wrote {out}" in final_out and "period locked" in final_out and may.status == "locked"
    else:
        assert f"wrote {out}" in draft_out and "draft" in draft_out and may.status == "open"
    assert "may.csv" in _listing(tmp_path) and not any(n.endswith(".part") for n in _listing(tmp_path))
