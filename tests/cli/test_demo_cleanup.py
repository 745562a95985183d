"""The demo's temporary folder is removed however the program ends: quit, SIGTERM, SIGHUP
(the terminal window closed), and after SIGKILL at the next start."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from hotspot_tui.cli.demo_folder import PREFIX, remove_stale
from hotspot_tui.os_support import has_fchmod, process_alive, terminating_signals

CHILD = """
import sys, time
from hotspot_tui.cli import main, tui_launch

MODE = sys.argv[1]

def wait(session, **kw):
    print(session.path, flush=True)
    if MODE == "wait":
        time.sleep(120)
    session.close()

tui_launch._run = wait
sys.argv = ["hotspot-tui", "--demo"]
main()
"""


def _start(tmp_path: Path, mode: str = "wait") -> tuple[subprocess.Popen[str], Path]:
    env = dict(os.environ, TMPDIR=str(tmp_path), TEMP=str(tmp_path), TMP=str(tmp_path))
    child = subprocess.Popen([sys.executable, "-c", CHILD, mode], env=env, text=True,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert child.stdout is not None
    demo = Path(child.stdout.readline().strip())
    assert demo.parent.name.startswith(PREFIX), child.stderr
    assert mode != "wait" or demo.exists()
    return child, demo.parent


POSIX_SIGNALS = [s for s in (getattr(signal, "SIGTERM", None), getattr(signal, "SIGHUP", None)) if s]


@pytest.mark.skipif(os.name != "posix", reason="signals are sent with os.kill on POSIX")
@pytest.mark.parametrize("sig", POSIX_SIGNALS, ids=lambda s: signal.Signals(s).name)
def test_the_demo_folder_is_removed_when_the_program_is_ended(tmp_path: Path, sig: int) -> None:
    child, folder = _start(tmp_path)
    child.send_signal(sig)
    child.wait(timeout=20)
    assert child.returncode == 128 + sig
    assert not folder.exists()
    assert child.stderr is not None and "Traceback" not in child.stderr.read()


@pytest.mark.skipif(os.name != "posix", reason="SIGKILL is POSIX")
def test_a_demo_folder_left_by_sigkill_is_removed_at_the_next_start(tmp_path: Path) -> None:
    child, folder = _start(tmp_path)
    child.kill()
    child.wait(timeout=20)
    assert folder.exists(), "nothing can run on SIGKILL"
    again, second = _start(tmp_path, mode="quit")
    again.wait(timeout=20)
    assert again.returncode == 0
    assert not folder.exists() and not second.exists()


def test_a_running_demo_folder_is_kept(tmp_path: Path) -> None:
    live = tmp_path / f"{PREFIX}live"
    live.mkdir()
    (live / "owner.pid").write_text(f"{os.getpid() + 1}\n")
    dead = tmp_path / f"{PREFIX}dead"
    dead.mkdir()
    (dead / "owner.pid").write_text("12345\n")
    other = tmp_path / "hotspot-demo-not-ours"
    other.mkdir()  # no owner file: not a folder this program made
    removed = remove_stale(tmp_path, alive=lambda pid: pid != 12345)
    assert removed == [dead] and live.exists() and other.exists()


def test_platform_answers_can_be_asked_for_another_platform() -> None:
    assert not any(s.name == "SIGHUP" for s in terminating_signals("win32"))
    assert all(s.name in ("SIGTERM", "SIGBREAK") for s in terminating_signals("win32"))
    if hasattr(signal, "SIGHUP"):
        assert {s.name for s in terminating_signals("linux")} == {"SIGTERM", "SIGHUP"}
    assert process_alive(os.getpid(), "win32") is None  # never os.kill on Windows
    assert not has_fchmod("win32", (3, 11)) and has_fchmod("win32", (3, 13))
    assert has_fchmod("linux", (3, 11))
    if os.name == "posix":
        assert process_alive(os.getpid()) is True
