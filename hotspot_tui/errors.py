"""Errors a user can act on: each carries one plain line and an exit code."""

from __future__ import annotations


class HotspotError(Exception):
    """A failure the user can understand and fix; never shown with a traceback."""

    exit_code = 2

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DatabaseFileError(HotspotError):
    """The database file is missing, not SQLite, corrupt, locked, read-only or too new."""


class DatabaseBusyError(DatabaseFileError):
    """Another process held the write lock for longer than the busy timeout."""


class ValidationFailed(HotspotError):
    """Input that breaks a rule; the message says which and how to fix it."""


class NotFound(HotspotError):
    """A named record does not exist."""


class RuleViolation(HotspotError):
    """An action breaks a working-time or cover rule and no override reason was given."""


class PeriodLocked(HotspotError):
    """A change would alter figures already exported for payment."""
