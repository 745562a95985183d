"""The day the screens treat as today: the real one, or one fixed for tests and demos.

Set `app.fixed_today = date(...)` before the app runs to freeze it.
"""

from __future__ import annotations

from datetime import date
from typing import Any


def app_today(app: Any) -> date | None:
    """The fixed day, or None for the real date (the services then use today in London)."""
    value = getattr(app, "fixed_today", None)
    return value if isinstance(value, date) else None
