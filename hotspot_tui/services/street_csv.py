"""Read a street-level CSV a block at a time: the header, then its rows in batches.

A block is about a quarter of a megabyte of the file, cut after its last line break, so
memory stays bounded whatever the file's size. A block without double quotes, whose
lines all end alike (a line feed, or a carriage return and a line feed), as data.police.uk
writes its files, is split at its line ends and commas in C (`str.split`); any other block
is read by the csv module. Both give the rows the csv module
gives for the whole file, with one exception that never reaches the records: a quoted value
that holds a line break at a block's end is cut in two, and the row before the cut then
holds a line break, which the row check refuses (the caller reads the file again row by
row to name the line).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import repeat
from operator import itemgetter
from typing import IO

BLOCK = 1 << 18
WIDTH = 12
"""The values of a street-level row."""

Rows = list[list[str]]


class StreetBlocks:
    """The file's header (`header`), then its rows in batches (iterate), blank lines left out.
    Raises UnicodeDecodeError for a block that is not UTF-8 and csv.Error for a block the
    csv module cannot read; `read` is the bytes read so far."""

    def __init__(self, raw: IO[bytes], progress: Callable[[int], None] | None = None, *,
                 block: int = BLOCK) -> None:
        self._blocks = _texts(raw, self, block)
        self._progress = progress
        self.read = 0
        self._rest = ""
        self.header: list[str] | None = None
        first = next(self._blocks, None)
        if first is None:
            return
        text = io.StringIO(first, newline="")
        self.header = next(csv.reader(text), None)
        self._rest = first[text.tell():]

    def __iter__(self) -> Iterator[Rows]:
        rest, self._rest = self._rest, ""
        if rest:
            rows = _rows(rest)
            if rows:
                yield rows
        for text in self._blocks:
            if self._progress is not None:
                self._progress(self.read)
            rows = _rows(text)
            if rows:
                yield rows

    def values(self, places: Sequence[int]) -> Iterator[Iterable[tuple[str, ...]]]:
        """The rest of the file, after the batches iterated so far, a block at a time: of
        each row the values at `places`, in that order, for rows written unchecked (another
        process checks them). A block of plain lines, each of twelve values, is split once
        into one list of its values and each place's values sliced from it, with no list
        made for each row; any other block is read as rows, and a row too short for a
        place raises IndexError as its values are taken."""
        pick = itemgetter(*places)
        for text in self._blocks:
            if self._progress is not None:
                self._progress(self.read)
            flat = _flat(text)
            if flat is not None:
                yield zip(*(flat[place::WIDTH + 1] for place in places), strict=True)
            else:
                yield map(pick, _rows(text))


def _texts(raw: IO[bytes], counter: StreetBlocks, block: int) -> Iterator[str]:
    """The file's text a block at a time, each cut after its last line break (a line longer
    than a block is kept whole); the byte-order mark left out."""
    pending = b""
    first = True
    while True:
        data = raw.read(block)
        counter.read += len(data)
        if not data:
            if pending:
                yield pending.decode("utf-8-sig" if first else "utf-8")
            return
        data = pending + data if pending else data
        cut = data.rfind(b"\n") + 1 or data.rfind(b"\r") + 1
        if not cut:
            pending = data
            continue
        pending = data[cut:]
        yield data[:cut].decode("utf-8-sig" if first else "utf-8")
        first = False


def _flat(text: str) -> list[str] | None:
    """The values of whole lines of the file as one list, each line's twelve followed by a
    line feed; None unless every line is plain (no quotes, no carriage returns) with twelve
    values."""
    if '"' in text or "\r" in text:
        return None
    flat = text.replace("\n", ",\n,").split(",")
    if flat[-1]:
        flat.append("\n")  # the file's last line, without a line break
    else:
        flat.pop()
    lines, extra = divmod(len(flat), WIDTH + 1)
    if extra or flat.count("\n") != lines or flat[WIDTH::WIDTH + 1].count("\n") != lines:
        return None
    return flat


def _rows(text: str) -> Rows:
    """The rows of whole lines of the file, blank lines left out."""
    end = "\n"
    if "\r" in text and '"' not in text and text.count("\r") == text.count("\r\n") == text.count("\n"):
        end = "\r\n"
    elif '"' in text or "\r" in text:
        return [row for row in csv.reader(io.StringIO(text, newline="")) if row]
    lines = text.split(end)
    if not lines[-1]:
        lines.pop()  # the block ends with a line break
    if "" in lines:
        lines = list(filter(None, lines))
    return list(map(str.split, lines, repeat(",")))
