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


class FormInvalid(ValidationFailed):
    """Bad input in a form: one message per field (by the form's field names), nothing
    written."""

    def __init__(self, fields: dict[str, str], message: str | None = None) -> None:
        first = next(iter(fields.items()))
        super().__init__(message or f"{first[0].replace('_', ' ')}: {first[1]}")
        self.fields = fields


class NotFound(HotspotError):
    """A named record does not exist."""


class RuleViolation(HotspotError):
    """An action breaks a working-time or cover rule and no override reason was given."""


class PeriodLocked(HotspotError):
    """A change would alter figures already exported for payment."""


class NotPermitted(HotspotError):
    """The signed-in person's role may not do this; nothing was changed."""
