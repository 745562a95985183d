"""Where the database lives and who is acting: resolved once, passed in, never global."""

from __future__ import annotations

import functools
import getpass
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from platformdirs import user_config_path, user_data_path

APP_NAME = "hotspot-tui"
DB_ENV_VAR = "HOTSPOT_DB"
DEFAULT_DB_NAME = "hotspot.db"
KEY_DIR_ENV_VAR = "HOTSPOT_KEY_DIR"


def user_path(text: str | os.PathLike[str]) -> Path:
    """A path as typed, with a leading `~` or `~user` expanded as a shell does; a `~name`
    naming nobody (or a home that cannot be found) is kept as typed, as a shell keeps it."""
    path = Path(text)
    try:
        return path.expanduser()
    except RuntimeError:
        return path


def audit_key_dir() -> Path:
    """Where each database's audit key is kept: `$HOTSPOT_KEY_DIR`, else `audit-keys` in
    the per-user config folder (not created here). Never beside the database."""
    return _key_dir(os.environ.get(KEY_DIR_ENV_VAR) or "")


@functools.lru_cache(maxsize=8)
def _key_dir(from_env: str) -> Path:
    """(Worked out once for each setting: every audit entry asks.)"""
    if from_env:
        return user_path(from_env)
    return user_config_path(APP_NAME, appauthor=False) / "audit-keys"


def default_db_path() -> Path:
    """`hotspot.db` in the per-user data folder (not created here)."""
    return user_data_path(APP_NAME, appauthor=False) / DEFAULT_DB_NAME


def resolve_db_path(explicit: str | os.PathLike[str] | None) -> Path:
    """`--db PATH`, else `$HOTSPOT_DB`, else the per-user default."""
    if explicit:
        return user_path(explicit)
    from_env = os.environ.get(DB_ENV_VAR)
    if from_env:
        return user_path(from_env)
    return default_db_path()


def current_user(explicit: str | None = None) -> str:
    """Who is recorded in the audit trail: `--as NAME`, else the OS login."""
    if explicit and explicit.strip():
        return explicit.strip()
    try:
        return getpass.getuser()
    except Exception:
        return "unknown"


def bundled_sample_path() -> Path:
    """The demo database shipped with the source tree or the installed package."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent / "sample.db", here / "data" / "sample.db"):
        if candidate.exists():
            return candidate
    return here.parent / "sample.db"


@dataclass(frozen=True)
class Settings:
    """What one run of the program works with."""

    db_path: Path
    user: str
    demo: bool = False
    sign_in: Callable[[], Any] | None = None
    """Asks who is signing in, called only for a file with accounts (see
    `hotspot_tui.services.sign_in`)."""
