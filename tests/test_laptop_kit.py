"""The laptop kit installs hotspot-tui with no network, on Windows and Linux, Python 3.11-3.13.

The kit is gathered from the package index (as `make laptop-kit` does), so these tests need
it reachable; pip's cache makes a second run quick.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hotspot_tui import laptop_kit

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kit") / "laptop-kit"
    made = subprocess.run([sys.executable, "-m", "hotspot_tui", "kit", "--out", str(folder)],
                          capture_output=True, text=True, timeout=900, check=False)
    assert made.returncode == 0, made.stderr
    assert made.stdout.startswith(f"wrote {folder}: ")
    return folder


def test_the_kit_holds_built_wheels_for_windows_and_linux_for_each_python(kit: Path) -> None:
    names = {p.name for p in kit.glob("*.whl")}
    assert not list(kit.glob("*.tar.gz"))  # nothing to compile on a laptop
    for python in laptop_kit.PYTHONS:
        tag = "cp" + python.replace(".", "")
        assert any(n.startswith("pydantic_core-") and f"-{tag}-{tag}-win_amd64" in n for n in names)
        assert any(n.startswith("pydantic_core-") and f"-{tag}-{tag}-manylinux" in n for n in names)
    for needed in ("hotspot_tui-", "textual-", "tzdata-", "sqlite_utils-", "openpyxl-"):
        assert any(n.startswith(needed) for n in names), needed
    assert "--no-index --find-links . hotspot-tui" in (kit / "INSTALL.txt").read_text(encoding="utf-8")


def test_the_kit_installs_with_no_network(kit: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    installed = subprocess.run(
        [str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--no-index", "--find-links",
         str(kit), "hotspot-tui"], capture_output=True, text=True, timeout=600, check=False)
    assert installed.returncode == 0, installed.stderr
    version = subprocess.run([str(bin_dir / "hotspot-tui"), "--version"], capture_output=True,
                             text=True, timeout=120, check=True)
    assert version.stdout.strip() == "hotspot-tui, version 0.1.0"


def test_a_kit_missing_one_platforms_wheel_is_refused_naming_it(kit: Path, tmp_path: Path) -> None:
    partial = tmp_path / "partial"
    partial.mkdir()
    for wheel in kit.glob("*.whl"):
        if not (wheel.name.startswith("pydantic_core-") and "cp312-win_amd64" in wheel.name):
            (partial / wheel.name).symlink_to(wheel)
    laptop_kit.check(partial, tmp_path / "scratch", [laptop_kit.Target("linux", "3.12")])
    with pytest.raises(laptop_kit.KitError, match=r"cannot install hotspot-tui on Windows, Python 3\.12"):
        laptop_kit.check(partial, tmp_path / "scratch", laptop_kit.TARGETS)


def test_a_folder_already_holding_files_is_refused(tmp_path: Path) -> None:
    (tmp_path / "old.whl").write_text("", encoding="utf-8")
    made = subprocess.run([sys.executable, "-m", "hotspot_tui", "kit", "--out", str(tmp_path)],
                          capture_output=True, text=True, timeout=120, check=False)
    assert (made.returncode, made.stderr.strip()) == (
        2, f"hotspot-tui: {tmp_path} is not an empty folder; give a new folder for the kit")


def test_a_kit_that_cannot_be_gathered_leaves_nothing(tmp_path: Path) -> None:
    def offline(args):  # type: ignore[no-untyped-def]
        if args[0] == "wheel":  # the project's own wheel builds with no network
            (Path(args[args.index("--wheel-dir") + 1]) / "hotspot_tui-0.1.0-py3-none-any.whl").touch()
            return subprocess.CompletedProcess(args, 0, "", "")
        return subprocess.CompletedProcess(args, 1, "", "ERROR: Could not find a version that "
                                                        "satisfies the requirement textual")

    folder = tmp_path / "kit"
    with pytest.raises(laptop_kit.KitError, match=r"^could not gather the wheels for Linux, "
                                                  r"Python 3\.11: ERROR: Could not find"):
        laptop_kit.make_kit(folder, Path("."), tmp_path / "scratch", pip=offline)
    assert not folder.exists()
