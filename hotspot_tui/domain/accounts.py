"""Accounts: names, passwords a person may choose, and the sign-in policy (lockout, expiry).

Pure rules only; hashing and storing are the services' and the store's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from pydantic import BaseModel, ConfigDict, Field

from hotspot_tui.domain.text import ACTOR_MAX, plain_text_problem

SIGN_IN_KEY = "sign_in"
PASSWORD_MIN = 10
PASSWORD_MAX = 256


class SignInPolicy(BaseModel):
    """How sign-ins are guarded (the settings group ``sign_in``)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    failures_before_lockout: int = Field(
        5, ge=1, le=100, description="Wrong passwords in a row that lock an account.")
    lockout_minutes: int = Field(
        15, ge=1, le=24 * 60, description="How long a locked account stays locked.")
    idle_minutes: int = Field(
        30, ge=1, le=24 * 60, description="A browser session with no key or click for this long ends.")
    session_hours: int = Field(
        12, ge=1, le=24, description="A browser session ends this long after signing in, whatever.")


@dataclass(frozen=True)
class Credentials:
    """A name and password typed by the person signing in."""

    name: str
    password: str

    def __repr__(self) -> str:  # never show the password, in a log or a traceback
        return f"Credentials(name={self.name!r}, password=<hidden>)"


@dataclass(frozen=True)
class Ticket:
    """A one-time ticket the web front issued to the app process it starts for a person
    who signed in there."""

    token: str

    def __repr__(self) -> str:
        return "Ticket(<hidden>)"


def name_problem(name: str) -> str | None:
    """Why `name` cannot be an account name, or None."""
    if not name.strip():
        return "is empty"
    if name != name.strip():
        return "starts or ends with a space"
    return plain_text_problem(name, ACTOR_MAX)


def password_problem(password: str, name: str) -> str | None:
    """Why a person may not choose `password`, or None."""
    if len(password) < PASSWORD_MIN:
        return f"is too short: use at least {PASSWORD_MIN} characters"
    if len(password) > PASSWORD_MAX:
        return f"is too long: keep it under {PASSWORD_MAX + 1} characters"
    if password.strip().casefold() == name.strip().casefold():
        return "is the account's name"
    if len(set(password)) < 4:
        return "repeats too few characters: choose a longer phrase"
    if "\x00" in password:
        return "contains a NUL character"
    return None


def locked_until(failures: int, policy: SignInPolicy, now: datetime) -> datetime | None:
    """When an account with `failures` wrong passwords in a row unlocks (None: not locked)."""
    if failures < policy.failures_before_lockout:
        return None
    return now + timedelta(minutes=policy.lockout_minutes)


def failure_delay_seconds(failures: int) -> float:
    """How long to wait before answering a wrong password: longer with each in a row."""
    return min(0.5 * max(failures, 1), 3.0)
