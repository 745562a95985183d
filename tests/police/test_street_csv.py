"""A street-level file read a block at a time gives the rows the csv module gives for the
whole file (blank lines left out), wherever the blocks are cut: unquoted files split at
their commas, quoted values, carriage returns and line ends of every kind."""

from __future__ import annotations

import csv
import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hotspot_tui.services import street_csv
from hotspot_tui.services.street_csv import StreetBlocks


def _csv_rows(data: bytes) -> tuple[list[str] | None, list[list[str]]]:
    reader = csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""))
    header = next(reader, None)
    return header, [row for row in reader if row]


def _blocks(data: bytes, block: int = street_csv.BLOCK) -> tuple[list[str] | None, list[list[str]]]:
    blocks = StreetBlocks(io.BytesIO(data), block=block)
    return blocks.header, [row for rows in blocks for row in rows]


VALUE = st.one_of(st.sampled_from(["", " ", "Drugs", "On or near High Street", "a,b", 'say "no"',
                                   "51.5", "-0.25", "Café", "x y "]),
                  st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\r\n"),
                          max_size=6))
ROWS = st.lists(st.lists(VALUE, min_size=1, max_size=4), min_size=0, max_size=12)


@pytest.mark.parametrize("block", [7, 64, 1 << 18])
@settings(max_examples=150, deadline=None)
@given(rows=ROWS, end=st.sampled_from(["\n", "\r\n"]), blank=st.booleans(), bom=st.booleans())
def test_the_rows_are_the_csv_modules(block: int, rows: list[list[str]], end: str, blank: bool,
                                      bom: bool) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator=end).writerows([["Crime ID", "Month"], *rows])
    text = out.getvalue()
    if blank:
        text = text.replace(end, end + end, 2)
    data = ("\ufeff" if bom else "").encode() + text.encode("utf-8")
    assert _blocks(data, block) == _csv_rows(data)


@pytest.mark.parametrize("text", [
    "",
    "Crime ID,Month",
    "Crime ID,Month\n",
    "Crime ID,Month\r\n1,2\r\n\r\n3,4",
    "Crime ID,Month\n1,2\r3,4\n",
    "Crime ID,Month\r1,2\r3,4\r",
    "Crime ID,Month\n1,2\r\n3,4\n5,6",
    "Crime ID,Month\n1,a\x00b\n",
    "\n\nCrime ID,Month\n1,2\n",
])
@pytest.mark.parametrize("block", [3, 5, 1 << 18])
def test_line_ends_of_every_kind(text: str, block: int) -> None:
    data = text.encode("utf-8")
    assert _blocks(data, block) == _csv_rows(data)


@pytest.mark.parametrize("block", [3, 5, 20, 1 << 18])
def test_a_quoted_line_break_leaves_a_line_break_in_a_row_wherever_the_cut(block: int) -> None:
    """Read whole, the value holds the line break; cut by a block, the row before the cut
    does: either way a row holds a control character, which the row check refuses."""
    _, rows = _blocks(b'Crime ID,Month\n1,"two\nlines"\n3,4\n', block)
    assert any("\n" in value for row in rows for value in row)
    assert rows[-1] == ["3", "4"]


def test_a_block_that_is_not_utf8_is_refused() -> None:
    with pytest.raises(UnicodeDecodeError):
        _blocks("Crime ID,Month\n1,Café\n".encode("cp1252"))
