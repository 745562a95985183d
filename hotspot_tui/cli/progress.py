"""A progress bar on standard error for long work (a terminal only: nothing in a pipe)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterator


@contextlib.contextmanager
def progress_bar(description: str, unit: str) -> Iterator[Callable[[int, int], None]]:
    """Yields the function the work tells (done, total) as it goes; the bar is there from
    the first time it is told until the work ends, then cleared."""
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    console = Console(stderr=True)
    bar = Progress(TextColumn("{task.description}"), BarColumn(),
                   TextColumn(f"{{task.completed:,}}/{{task.total:,}} {unit}"), TimeElapsedColumn(),
                   console=console, transient=True, disable=not console.is_terminal)
    task: TaskID | None = None

    def tell(done: int, total: int) -> None:
        nonlocal task
        if task is None:
            bar.start()
            task = bar.add_task(description, total=total)
        bar.update(task, completed=done, total=total)

    try:
        yield tell
    finally:
        bar.stop()
