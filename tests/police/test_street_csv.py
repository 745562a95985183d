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
    return blocks.header, [row for batch in blocks for row in batch.rows]


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


# ------------------------------------------------------------------ values at chosen places

PLACES = (0, 4, 5, 6, 7, 8, 9, 10, 11)
TEXT = (0, 6, 7, 8, 9, 10, 11)
TWELVE = st.lists(VALUE, min_size=12, max_size=12)
ANY_WIDTH = st.lists(VALUE, min_size=1, max_size=15)


def _kept(data: bytes, block: int) -> list[tuple[str, ...]]:
    return [values for batch in StreetBlocks(io.BytesIO(data), block=block) for values in batch.kept(PLACES)]


@pytest.mark.parametrize("block", [40, 300, 1 << 18])
@settings(max_examples=150, deadline=None)
@given(rows=st.lists(st.one_of(TWELVE, TWELVE, TWELVE, ANY_WIDTH), max_size=25),
       end=st.sampled_from(["\n", "\n", "\r\n"]), blank=st.booleans(), last_end=st.booleans())
def test_the_values_at_places_are_the_csv_modules(block: int, rows: list[list[str]], end: str,
                                                  blank: bool, last_end: bool) -> None:
    """Whatever the widths, quoting and line ends: the values at the places of each row the
    csv module reads, or IndexError when a row is too short for them; the rows and, when
    every row has twelve values, the columns are the csv module's too."""
    out = io.StringIO()
    csv.writer(out, lineterminator=end).writerows([["Crime ID", "Month"], *rows])
    text = out.getvalue() if last_end else out.getvalue().removesuffix(end)
    if blank:
        text = text.replace(end, end + end, 3)
    data = text.encode("utf-8")
    _, expected_rows = _csv_rows(data)
    assert _blocks(data, block)[1] == expected_rows
    if any(len(row) <= max(PLACES) for row in expected_rows):
        with pytest.raises(IndexError):
            _kept(data, block)
    else:
        assert _kept(data, block) == [tuple(row[p] for p in PLACES) for row in expected_rows]
    for batch in StreetBlocks(io.BytesIO(data), block=block):
        columns = batch.columns()
        if all(len(row) == 12 for row in batch.rows):
            assert columns is not None
            assert [list(c) for c in columns] == [list(c) for c in zip(*batch.rows, strict=True)]
            assert batch.longest() >= max(len("".join(row)) for row in batch.rows)
            assert batch.text().replace(",", "") == "".join(map("".join, batch.rows)).replace(",", "")
            padded = any(v[:1] == " " or v[-1:] == " " for row in batch.rows for v in (row[p] for p in TEXT))
            assert batch.spaced(TEXT) if padded else (batch.flat is not None or not batch.spaced(TEXT))
        else:
            assert columns is None


def test_plain_lines_of_twelve_values_are_split_once_and_no_other_lines_are() -> None:
    twelve = ",".join(f"v{i}" for i in range(12))
    assert street_csv._flat(f"{twelve}\n{twelve}\n") is not None
    assert street_csv._flat(f"{twelve}\n{twelve}") is not None, "the file's last line, without a line end"
    for text in (f"{twelve}\n\n{twelve}\n", f"{twelve},x\n{twelve}\n", f'{twelve}\n"a",{twelve[3:]}\n',
                 f"{twelve}\r\n", "a,b,c,d,e\nf,g,h,i,j,k\n"):
        assert street_csv._flat(text) is None, text
    with pytest.raises(IndexError):
        [list(b.kept(PLACES)) for b in StreetBlocks(io.BytesIO(b"h\na,b,c,d,e\nf,g,h,i,j,k\n"), block=2)]


@pytest.mark.parametrize("place, value", [(0, " id"), (0, "id "), (11, " context"), (11, "context "),
                                          (6, " On or near"), (6, "On or near "), (11, " ")])
@pytest.mark.parametrize("last_end", [True, False])
def test_a_value_with_a_space_at_an_end_is_seen_in_a_plain_block(place: int, value: str,
                                                                 last_end: bool) -> None:
    plain = [f"v{i}" for i in range(12)]
    spaced = list(plain)
    spaced[place] = value
    for lines in ([spaced, plain], [plain, spaced]):
        text = "h\n" + "\n".join(map(",".join, lines)) + ("\n" if last_end else "")
        batches = list(StreetBlocks(io.BytesIO(text.encode())))
        assert all(b.flat is not None for b in batches)
        assert any(b.spaced(TEXT) for b in batches)
    text = "h\n" + "\n".join(map(",".join, [plain, plain])) + ("\n" if last_end else "")
    assert not any(b.spaced(TEXT) for b in StreetBlocks(io.BytesIO(text.encode())))
