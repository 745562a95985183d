"""Text cells safe to open in a spreadsheet.

A cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return can be run as a
formula by Excel, LibreOffice or Sheets (CSV/formula injection). Such text is prefixed with
a single quote, which spreadsheets show as plain text. Numbers written by our own code are
not passed through here.
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """The text, made inert if a spreadsheet would treat it as a formula."""
    if text and text.startswith(FORMULA_STARTS):
        return "'" + text
    return text
