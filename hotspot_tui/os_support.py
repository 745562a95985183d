"""What differs between the operating systems the program runs on, decided in one place.

Each answer takes the platform as an argument (default: this one), so tests can ask what
Windows would do on Linux and the other way round.
"""

from __future__ import annotations

import os
import shlex
import signal
import sys


def is_windows(platform: str = sys.platform) -> bool:
    return platform == "win32"


def has_fchmod(platform: str = sys.platform, version: tuple[int, ...] = sys.version_info[:2]) -> bool:
    """`os.fchmod` exists on POSIX, and on Windows only from Python 3.13."""
    return not is_windows(platform) or version >= (3, 13)


def terminating_signals(platform: str = sys.platform) -> list[signal.Signals]:
    """The signals that end the program and after which it should still tidy up: SIGTERM
    (a polite kill), SIGHUP (the terminal window closed; POSIX only) and, on Windows,
    SIGBREAK (ctrl+break, or the console closing)."""
    names = ["SIGTERM"] + (["SIGBREAK"] if is_windows(platform) else ["SIGHUP"])
    return [getattr(signal, name) for name in names if hasattr(signal, name)]


def process_alive(pid: int, platform: str = sys.platform) -> bool | None:
    """Whether process `pid` still runs: True or False on POSIX; None (unknown) on Windows,
    where `os.kill` would end the process instead of asking about it."""
    if is_windows(platform):
        return None
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, run by someone else
    except OSError:
        return None
    return True


_WINDOWS_SHELL_SPECIAL = set(" \t&()[]{}^=;!'+,`~$@#%<>|")


def command_argument(text: str, platform: str = sys.platform) -> str:
    """`text` (a file name, say) as one argument of a command the user may copy into their
    shell: quoted for a POSIX shell, or in double quotes for PowerShell and cmd.exe when it
    holds a space or another character those shells read (a Windows path has no `"`)."""
    if not is_windows(platform):
        return shlex.quote(text)
    if not text or any(ch in _WINDOWS_SHELL_SPECIAL for ch in text):
        return f'"{text}"'
    return text
