"""The three row triggers that keep a summary equal to a GROUP BY over one table."""

from __future__ import annotations

from collections.abc import Callable, Sequence


def summary_triggers(prefix: str, table: str, watched: Sequence[str],
                     add: Callable[[str], str], remove: Callable[[str], str]) -> list[str]:
    """`{prefix}_insert`, `_delete` and `_update` on `table`: a new row is added, a removed
    row taken away, and a row whose `watched` columns change is taken away as it was and
    added as it is. `add(r)` and `remove(r)` give the statements for row alias `r`."""
    changed = " OR ".join(f"OLD.{c} IS NOT NEW.{c}" for c in watched)
    return [
        f"CREATE TRIGGER {prefix}_insert AFTER INSERT ON {table} BEGIN {add('NEW')} END",
        f"CREATE TRIGGER {prefix}_delete AFTER DELETE ON {table} BEGIN {remove('OLD')} END",
        f"CREATE TRIGGER {prefix}_update AFTER UPDATE OF {', '.join(watched)} ON {table} "
        f"WHEN {changed} BEGIN {remove('OLD')} {add('NEW')} END",
    ]
