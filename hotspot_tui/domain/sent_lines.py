"""What was paid for each duty of a pay period locked before locked lines were kept.

Before schema 22 a locked period's pay lines followed every later change, and the next final
export paid the difference between them and what had been sent for the period (its own
rows, and the adjustments sent for it since), per person, pay element, cost code, rate and
multiplier. A difference still waiting when a file is upgraded is in no file yet. The
period's locked lines are therefore made to add up, group by group, to what was really
sent, so that the adjustment rule (`domain.pay_adjustments`) then pays what was still
waiting, once, for the duties it belongs to:

- a group whose lines add up to what was sent keeps them as they are;
- otherwise each line starts from what was sent for it: its row in the period's own file
  where that file names duties (force payroll files since duty lines; nothing for a line
  with no row there, such as a duty booked after the lock), kept as a line of its duty
  when the line has gone since (a rate changed, a no-show); or, where the file does not
  name duties (grouped rows, council statements), from its figures now;
- what was sent for the group besides (adjustments sent since, grouped rows) is then
  placed on those lines: first bringing lines back towards their figures now (the change
  that an adjustment paid), then on lines of duties changed since the lock, then on the
  others in order, never taking a line below nothing; a group with no line at all is
  carried by one duty of the person in the period, one paid under the group's cost code
  (changed since the lock first).

Minutes and pence are placed each on their own, so every group adds up to what was sent in
both; lines of nothing are left out.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field

GroupKey = tuple[str, str, str, str]
"""(pay rule, cost code, rate, multiplier) as stored: how a payroll file's rows for one
person are grouped (rate and multiplier as their exact text)."""


@dataclass(frozen=True)
class SentLine:
    """One line of a duty in the period: its group, duty (assignment), number, minutes and pence."""

    key: GroupKey
    duty: str
    line_no: int
    minutes: int
    amount_pence: int


@dataclass
class _Slot:
    key: GroupKey
    duty: str
    line_no: int | None
    """The number it has (a line now) or would like (a row sent); None: any free one."""
    now: tuple[int, int]
    value: list[int] = field(default_factory=lambda: [0, 0])
    existing: bool = False
    """A line there is now (else one made for a row sent, or to carry a group)."""
    paired: bool = False
    """Matched with its duty's row in the period's own file."""


class CannotCarry(ValueError):
    """What was sent cannot be carried by lines: it adds up to less than nothing, or the
    person has no duty to carry it."""


def lines_as_sent(
    current: Sequence[SentLine],
    own: Sequence[SentLine],
    sent: Mapping[GroupKey, tuple[int, int]],
    *,
    named: bool,
    changed: Collection[str],
    duties: Sequence[tuple[str, str]],
    taken: Mapping[str, Collection[int]] | None = None,
) -> list[SentLine]:
    """One person's worked lines in a locked period as sent (see the module docstring).

    `current`: the person's worked lines in the period now. `own`: the rows of the
    period's own file for the person's duties (used when `named`, i.e. the file names each
    line's duty). `sent`: minutes and pence sent for the period per group, everything
    included. `changed`: duties changed since the period was locked. `duties`: the
    person's duties in the period, in order, with the cost code each is paid under, to
    carry a group that has no line. `taken`:
    line numbers in the period used by a duty's other lines (estimates), left alone.

    Returns the lines, in the order of `current` (those kept) then the new ones; a new line
    keeps the number of the row it was sent as when free, else takes the next one."""
    keys: list[GroupKey] = []
    for key in [*(line.key for line in current), *(line.key for line in own), *sent]:
        if key not in keys:
            keys.append(key)
    out: list[_Slot] = []
    for key in keys:
        now = [line for line in current if line.key == key]
        total = sent.get(key, (0, 0))
        if (sum(line.minutes for line in now), sum(line.amount_pence for line in now)) == total:
            out.extend(_Slot(key, line.duty, line.line_no, (line.minutes, line.amount_pence),
                             [line.minutes, line.amount_pence], existing=True) for line in now)
            continue
        slots = _starts(key, now, [line for line in own if line.key == key] if named else None)
        if not slots:
            slots = [_Slot(key, _carrier(duties, changed, key[1]), None, (0, 0))]
        for dim in (0, 1):
            _settle(slots, dim, total[dim], changed)
        out.extend(slots)
    return _numbered([s for s in out if s.value != [0, 0] or (s.existing and s.now == (0, 0))], taken or {})


def _starts(key: GroupKey, now: list[SentLine], own: list[SentLine] | None) -> list[_Slot]:
    """The group's lines, each at what is known to have been sent for it (see the module
    docstring); `own` None when the file does not name duties."""
    slots = [_Slot(key, line.duty, line.line_no, (line.minutes, line.amount_pence), existing=True)
             for line in now]
    if own is None:
        for slot in slots:
            slot.value = list(slot.now)
        return slots
    rows = list(own)
    for exact in (True, False):
        for slot in slots:
            match = None if slot.paired else next(
                (r for r in rows if r.duty == slot.duty and (not exact or r.line_no == slot.line_no)), None)
            if match is not None:
                slot.value, slot.paired = [match.minutes, match.amount_pence], True
                rows.remove(match)
    slots.extend(_Slot(key, row.duty, row.line_no, (0, 0), [row.minutes, row.amount_pence]) for row in rows)
    return slots


def _carrier(duties: Sequence[tuple[str, str]], changed: Collection[str], cost_code: str) -> str:
    """The duty that carries a group with no line: one paid under the group's cost code
    (so that its adjustments are too), changed since the lock first, else the first."""
    if not duties:
        raise CannotCarry("something was sent for a person with no duty to carry it")
    ranked = sorted(duties, key=lambda d: (d[1] != cost_code, d[0] not in changed))
    return ranked[0][0]


def _by_priority(slots: list[_Slot], changed: Collection[str]) -> list[_Slot]:
    return sorted(slots, key=lambda s: s.duty not in changed)


def _settle(slots: list[_Slot], dim: int, total: int, changed: Collection[str]) -> None:
    """Place what the lines lack of `total` (or have beyond it) in one dimension."""
    rest = total - sum(s.value[dim] for s in slots)
    order = _by_priority(slots, changed)
    for slot in order:
        if rest == 0:
            return
        gap = slot.now[dim] - slot.value[dim]
        if gap * rest > 0:
            step = gap if abs(gap) <= abs(rest) else rest
            slot.value[dim] += step
            rest -= step
    if rest > 0:
        order[0].value[dim] += rest
        return
    for slot in order:
        step = min(slot.value[dim], -rest)
        slot.value[dim] -= step
        rest += step
    if rest:
        raise CannotCarry("what was sent for a group adds up to less than nothing")


def _numbered(slots: list[_Slot], taken: Mapping[str, Collection[int]]) -> list[SentLine]:
    used: dict[str, set[int]] = {}
    for slot in slots:
        if slot.existing and slot.line_no is not None:
            used.setdefault(slot.duty, set(taken.get(slot.duty, ()))).add(slot.line_no)
    out: list[SentLine] = []
    for slot in slots:
        numbers = used.setdefault(slot.duty, set(taken.get(slot.duty, ())))
        line_no = slot.line_no
        if not slot.existing:
            if line_no is None or line_no in numbers:
                line_no = max(numbers, default=-1) + 1
            numbers.add(line_no)
        assert line_no is not None
        out.append(SentLine(slot.key, slot.duty, line_no, slot.value[0], slot.value[1]))
    return out
