"""The laptop kit: one folder of wheels that installs hotspot-tui with no network.

Police laptops run Windows or Linux, with Python 3.11, 3.12 or 3.13, and are often offline.
The kit holds the program's own wheel and every dependency's wheel for each of those, taken
as built wheels only (`--only-binary=:all:`), so that installing from it never compiles:

    pip install --no-index --find-links KIT hotspot-tui

Once gathered, the kit is checked: for each platform and Python, pip resolves the whole
install from the folder alone (`--no-index --dry-run`); a missing wheel is named.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from hotspot_tui.errors import HotspotError

PYTHONS = ("3.11", "3.12", "3.13")
PLATFORMS = {"linux": "manylinux2014_x86_64", "windows": "win_amd64"}
PROJECT = "hotspot-tui"


class KitError(HotspotError):
    """The kit could not be gathered or is incomplete; the message names what is missing."""


@dataclass(frozen=True)
class Target:
    system: str
    python: str

    @property
    def platform(self) -> str:
        return PLATFORMS[self.system]

    def pip_options(self) -> list[str]:
        return ["--only-binary=:all:", "--implementation", "cp", "--platform", self.platform,
                "--python-version", self.python]

    def __str__(self) -> str:
        return f"{self.system.title()}, Python {self.python}"


TARGETS = tuple(Target(system, python) for system in PLATFORMS for python in PYTHONS)

Runner = Callable[[Sequence[str]], "subprocess.CompletedProcess[str]"]


def _pip(args: Sequence[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", *args],
                          capture_output=True, text=True, check=False)


def _last_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line.strip() for line in (result.stderr or result.stdout).splitlines()
             if line.strip() and not line.startswith("WARNING: Location")]
    errors = [line for line in lines if line.startswith("ERROR")]
    return (errors or lines or [f"pip exited {result.returncode}"])[0]


def source_folder(start: Path | None = None) -> Path | None:
    """The project folder this program runs from (the one holding pyproject.toml), if any."""
    here = (start or Path(__file__)).resolve().parent.parent
    return here if (here / "pyproject.toml").is_file() and (here / "hotspot_tui").is_dir() else None


def build_project_wheel(source: Path, kit: Path, pip: Runner | None = None) -> Path:
    result = (pip or _pip)(["wheel", "--no-deps", "--quiet", "--wheel-dir", str(kit), str(source)])
    wheels = sorted(kit.glob("hotspot_tui-*.whl"), key=lambda p: p.stat().st_mtime)
    if result.returncode != 0 or not wheels:
        raise KitError(f"could not build the hotspot-tui wheel from {source}: {_last_line(result)}")
    return wheels[-1]


def gather(wheel: Path, kit: Path, targets: Sequence[Target] = TARGETS, pip: Runner | None = None,
           progress: Callable[[Target], None] | None = None) -> None:
    """Every dependency's wheels for each target, into `kit` (pip's cache makes repeats quick)."""
    for target in targets:
        if progress:
            progress(target)
        result = (pip or _pip)(["download", "--quiet", *target.pip_options(), "--dest", str(kit), str(wheel)])
        if result.returncode != 0:
            raise KitError(f"could not gather the wheels for {target}: {_last_line(result)}")


def check(kit: Path, scratch: Path, targets: Sequence[Target] = TARGETS, pip: Runner | None = None) -> None:
    """Resolve the install of hotspot-tui for each target from `kit` alone."""
    for target in targets:
        result = (pip or _pip)(["install", "--dry-run", "--quiet", "--no-index", "--find-links", str(kit),
                      "--ignore-installed", *target.pip_options(),
                      "--target", str(scratch / f"{target.system}-{target.python}"), PROJECT])
        if result.returncode != 0:
            raise KitError(f"the kit cannot install hotspot-tui on {target}: {_last_line(result)}")


INSTRUCTIONS = """\
hotspot-tui laptop kit: install with no network.

Windows (PowerShell), with Python 3.11, 3.12 or 3.13 from python.org, in the kit's folder:

    py -3.11 -m venv $HOME\\hotspot-tui
    $HOME\\hotspot-tui\\Scripts\\python -m pip install --no-index --find-links . hotspot-tui
    $HOME\\hotspot-tui\\Scripts\\hotspot-tui --version

Linux (x86-64), with Python 3.11, 3.12 or 3.13, in the kit's folder:

    python3 -m venv ~/hotspot-tui
    ~/hotspot-tui/bin/python -m pip install --no-index --find-links . hotspot-tui
    ~/hotspot-tui/bin/hotspot-tui --version
"""


def make_kit(kit: Path, source: Path, scratch: Path, pip: Runner | None = None,
             progress: Callable[[Target], None] | None = None) -> list[Path]:
    """Build, gather and check the kit in `kit` (a new or empty folder); returns its wheels.
    A kit that fails is not left behind half-gathered: the folder is emptied (and removed if
    this made it)."""
    new = not kit.exists()
    if not new and (not kit.is_dir() or any(kit.iterdir())):
        raise KitError(f"{kit} is not an empty folder; give a new folder for the kit")
    kit.mkdir(parents=True, exist_ok=True)
    try:
        wheel = build_project_wheel(source, kit, pip)
        gather(wheel, kit, TARGETS, pip, progress)
        check(kit, scratch, TARGETS, pip)
        (kit / "INSTALL.txt").write_text(INSTRUCTIONS, encoding="utf-8", newline="\r\n")
    except BaseException:
        for item in kit.iterdir():
            shutil.rmtree(item) if item.is_dir() else item.unlink()
        if new:
            kit.rmdir()
        raise
    return sorted(kit.glob("*.whl"))
