"""Did it work: police-recorded counts over the operation's months against the months before.

Two comparisons answer it, each pairing every month of the operation with one month before:

- the same months a year before (October 2026 against October 2025: the same season);
- the same number of months just before the operation started (a six-month operation from
  May against the November to April before it).

Police data arrives a force-month at a time, so a month may not be loaded. A pair counts
only when both of its months are loaded; a pair with a month missing is left out of both
sides and named, so a figure never compares a loaded month with an empty one.

Change is `(during - before) / before` as a percentage to one decimal place, rounded half
away from zero, computed in integers; with nothing before there is no percentage. A claim
sentence always carries its two counts and its two periods.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from hotspot_tui.domain.clock import to_local_naive
from hotspot_tui.domain.months import BY_INDEX, Month, describe, month_range

ASB = "Anti-social behaviour"
YEAR = 12


def short_name(crime_type: str) -> str:
    """How a claim names a crime type: ASB for anti-social behaviour, else its own name."""
    return "ASB" if crime_type == ASB else crime_type


def operation_months(starts_on: date, ends_on: date, last_loaded: Month | None) -> list[Month]:
    """The operation's months that police data can speak of yet: from the month it started
    to the month it ends or the latest month loaded, whichever is earlier. The month of the
    start day counts as a month of the operation."""
    if last_loaded is None:
        return []
    return month_range(Month.of(starts_on), min(Month.of(ends_on), last_loaded))


def area_starts(operation_starts: date, set_up_at: datetime | None,
                first_entry_at: datetime | None) -> date:
    """The day an area's patrols started, from which it is measured: the operation's
    start for an area of the operation's set-up (its first entry, adding or placing it, no
    later than the set-up's), else the day of that entry in London when the area came
    later than the operation's start. An area with no entry is the operation's."""
    if first_entry_at is None or (set_up_at is not None and first_entry_at <= set_up_at):
        return operation_starts
    return max(operation_starts, to_local_naive(first_entry_at).date())


def change_pct(before: int, during: int) -> Decimal | None:
    """The change from `before` to `during` in per cent, to one decimal place, half away
    from zero; None when `before` is zero (no percentage of nothing)."""
    if before <= 0:
        return None
    tenths, rest = divmod(abs(during - before) * 1000, before)
    if 2 * rest >= before:
        tenths += 1
    return Decimal(tenths if during >= before else -tenths).scaleb(-1)


def pct_text(pct: Decimal) -> str:
    """A percentage without its sign and without a needless ".0": 50, 14.5."""
    value = abs(pct)
    return str(value.quantize(Decimal(1))) if value == value.to_integral_value() else str(value)


@dataclass(frozen=True)
class LeftOut:
    during: Month
    before: Month
    missing: tuple[Month, ...]
    """Which of the two months is not loaded (one or both)."""


@dataclass(frozen=True)
class Comparison:
    """Counts over paired months, both months of every pair loaded."""

    crime_type: str
    during_months: tuple[Month, ...]
    before_months: tuple[Month, ...]
    during: int
    before: int
    left_out: tuple[LeftOut, ...] = ()
    notes: tuple[str, ...] = ()
    """Places added up over fewer months than these (`combine`), each with its own."""

    @property
    def months(self) -> int:
        return len(self.during_months)

    @property
    def change_pct(self) -> Decimal | None:
        return change_pct(self.before, self.during) if self.months else None

    @property
    def during_text(self) -> str:
        return describe(self.during_months)

    @property
    def before_text(self) -> str:
        return describe(self.before_months)

    def left_out_text(self) -> str:
        """The pairs left out and why, pairs missing the same side told together: "Feb
        2026 left out: Feb 2025 not loaded", "May 2024–Oct 2025 left out: Nov 2021–Apr 2023
        not loaded"."""
        sides: dict[tuple[bool, bool], list[LeftOut]] = {}
        for pair in sorted(self.left_out, key=lambda p: p.during):
            sides.setdefault((pair.before in pair.missing, pair.during in pair.missing), []).append(pair)
        return "; ".join(f"{describe(p.during for p in pairs)} left out: "
                         f"{describe(m for p in pairs for m in p.missing)} not loaded"
                         for pairs in sides.values())


def compare(crime_type: str, during: Sequence[Month], offset: int, loaded: Collection[Month],
            counts: Mapping[Month, int]) -> Comparison:
    """Pair each month of `during` with the month `offset` months before it and add up the
    counts over the pairs whose two months are both loaded (a month loaded but absent from
    `counts` counted nothing)."""
    kept: list[tuple[Month, Month]] = []
    left_out: list[LeftOut] = []
    for month in sorted(set(during), key=BY_INDEX):
        earlier = month.shift(-offset)
        missing = tuple(m for m in (earlier, month) if m not in loaded)
        if missing:
            left_out.append(LeftOut(month, earlier, missing))
        else:
            kept.append((month, earlier))
    return Comparison(
        crime_type=crime_type,
        during_months=tuple(d for d, _ in kept),
        before_months=tuple(b for _, b in kept),
        during=sum(counts.get(d, 0) for d, _ in kept),
        before=sum(counts.get(b, 0) for _, b in kept),
        left_out=tuple(left_out),
    )


def against_year_before(crime_type: str, during: Sequence[Month], loaded: Collection[Month],
                        counts: Mapping[Month, int]) -> Comparison:
    """The operation's months against the same months a year before."""
    return compare(crime_type, during, YEAR, loaded, counts)


def against_run_up(crime_type: str, during: Sequence[Month], loaded: Collection[Month],
                   counts: Mapping[Month, int]) -> Comparison:
    """The operation's months against as many months just before they began: each month is
    paired with the one that many months earlier (the operation's span counts, loaded or
    not, so the run-up ends the month before the first)."""
    span = (max(during).index - min(during).index + 1) if during else 0
    return compare(crime_type, during, span, loaded, counts)


def combine(parts: Sequence[tuple[str, Comparison]]) -> Comparison | None:
    """Several places' comparisons as one (the operation's total): the counts added up
    over every pair any of them counts, with a note naming each place counted over fewer
    pairs and the months it covers (an area added later, a force not loaded yet). None
    when there are none."""
    if not parts:
        return None
    during = tuple(sorted({m for _, c in parts for m in c.during_months}, key=BY_INDEX))
    before = tuple(sorted({m for _, c in parts for m in c.before_months}, key=BY_INDEX))
    notes = []
    for name, c in parts:
        if (c.during_months, c.before_months) != (during, before):
            notes.append(f"{name} over {c.during_text} against {c.before_text}" if c.months
                         else f"{name} not counted: no months to compare")
    left_out: dict[Month, LeftOut] = {}
    for _, c in parts:
        for pair in c.left_out:
            if pair.during not in during:
                left_out.setdefault(pair.during, pair)
    first = parts[0][1]
    return Comparison(first.crime_type, during, before, sum(c.during for _, c in parts),
                      sum(c.before for _, c in parts),
                      tuple(left_out[m] for m in sorted(left_out, key=BY_INDEX)), tuple(notes))


def change_words(before: int, during: int) -> str:
    """The change from `before` to `during` as a claim words it: "down 50 %", "up 12.5 %",
    "unchanged", "up from none", "none in either period"."""
    if before == during:
        return "unchanged" if before else "none in either period"
    pct = change_pct(before, during)
    if pct is None:
        return "up from none"
    return f"{'down' if pct < 0 else 'up'} {pct_text(pct)} %"


def claim(comparison: Comparison) -> str:
    """One sentence a person can check: the change with both counts and both periods,
    e.g. "ASB down 50 % (120 → 60, Oct 2025–Mar 2026 against Oct 2024–Mar 2025)"."""
    subject = short_name(comparison.crime_type)
    if not comparison.months:
        if not comparison.left_out:
            return f"{subject}: no months to compare yet"
        return f"{subject}: no months to compare ({comparison.left_out_text()})"
    before, during = comparison.before, comparison.during
    verdict = change_words(before, during)
    detail = f"{before} → {during}, {comparison.during_text} against {comparison.before_text}"
    if comparison.left_out:
        detail += f"; {comparison.left_out_text()}"
    for note in comparison.notes:
        detail += f"; {note}"
    return f"{subject}{':' if before == during == 0 else ''} {verdict} ({detail})"
