"""Text that is safe to put in a spreadsheet cell.

A cell whose text starts with ``=``, ``+``, ``-`` or ``@`` (or a tab, carriage return or
line feed, which some programs skip before reading a formula) may be run as a formula when
the file is opened. `neutralise` puts an apostrophe in front, so the value shows as the
same text and is never evaluated. Every writer passes every text cell through it; numbers
are written as numbers and are not touched.
"""

from __future__ import annotations

DANGEROUS_FIRST = ("=", "+", "-", "@", "\t", "\r", "\n")


def neutralise(value: object) -> str:
    """Text for a cell: ``None`` → ``""``; a formula-like start gets a leading apostrophe."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(DANGEROUS_FIRST):
        return "'" + text
    return text
