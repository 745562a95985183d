"""A screen's styles kept in a `.tcss` file of `tui/styles`, given to the screen as its
DEFAULT_CSS: Textual then reads that one file when the screen is first built, where a
CSS_PATH makes it read every style sheet of the app again and restyle every screen."""

from __future__ import annotations

from pathlib import Path

STYLES = Path(__file__).resolve().parent / "styles"


def style_file(name: str) -> str:
    """The text of `tui/styles/NAME`."""
    return (STYLES / name).read_text(encoding="utf-8")
