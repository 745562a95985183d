"""The lines of a period locked before locked lines were kept, as sent: every group adds up
to what was sent for it, the difference sits on the duty that changed, and no line is
negative."""

from __future__ import annotations

import pytest

from hotspot_tui.domain.sent_lines import CannotCarry, SentLine, lines_as_sent

OT = ("OT_4_3", "CC1", "2193/100", "4/3")
OT_NEW = ("OT_4_3", "CC1", "2300/100", "4/3")
CEO = ("CEO_WEEKDAY", "CC1", "2500", "1")
ABC = [("a", "CC1"), ("b", "CC1"), ("c", "CC1")]
"""Duties of the person in the period, with the cost code each is paid under."""


def line(key, duty: str, line_no: int, minutes: int, pence: int) -> SentLine:  # type: ignore[no-untyped-def]
    return SentLine(key, duty, line_no, minutes, pence)


def totals(lines: list[SentLine]) -> dict:  # type: ignore[type-arg]
    out: dict = {}  # type: ignore[type-arg]
    for x in lines:
        m, a = out.get(x.key, (0, 0))
        out[x.key] = (m + x.minutes, a + x.amount_pence)
    return out


def test_a_person_whose_groups_add_up_to_what_was_sent_keeps_every_line() -> None:
    now = [line(OT, "a", 0, 240, 7000), line(OT, "b", 0, 240, 7000)]
    sent = {OT: (480, 14000)}
    # Lines that add up keep their figures even where each differs from its own row.
    own = [line(OT, "a", 0, 270, 7800), line(OT, "b", 0, 210, 6200)]
    assert lines_as_sent(now, own, sent, named=True, changed={"a"}, duties=ABC[:2]) == now


def test_a_duty_corrected_after_the_lock_takes_its_row_as_sent_and_its_neighbour_keeps_its_line() -> None:
    now = [line(OT, "a", 0, 240, 7000), line(OT, "b", 0, 270, 7900)]
    own = [line(OT, "a", 0, 240, 7000), line(OT, "b", 0, 240, 7000)]
    got = lines_as_sent(now, own, {OT: (480, 14000)}, named=True, changed={"b"}, duties=ABC[:2])
    assert got == [line(OT, "a", 0, 240, 7000), line(OT, "b", 0, 240, 7000)]


def test_a_rate_changed_since_keeps_the_old_rate_as_sent_under_the_lines_number() -> None:
    now = [line(OT_NEW, "a", 0, 240, 7360)]
    own = [line(OT, "a", 0, 240, 7016)]
    got = lines_as_sent(now, own, {OT: (240, 7016)}, named=True, changed=set(), duties=ABC[:1])
    assert got == [line(OT, "a", 0, 240, 7016)], "the new rate was not sent: its line goes"


def test_a_no_show_keeps_what_was_sent_for_it_and_a_duty_booked_after_the_lock_has_nothing() -> None:
    now = [line(OT, "late", 0, 180, 5200)]
    own = [line(OT, "gone", 0, 240, 7000)]
    got = lines_as_sent(now, own, {OT: (240, 7000)}, named=True, changed={"gone", "late"},
                        duties=[("gone", "CC1"), ("late", "CC1")])
    assert got == [line(OT, "gone", 0, 240, 7000)]


def test_an_adjustment_sent_since_is_put_back_on_the_duty_it_paid() -> None:
    # May sent a 240 and b 240; June paid +30 for b; b then went to 300 (30 still waiting).
    now = [line(OT, "a", 0, 240, 7000), line(OT, "b", 0, 300, 8800)]
    own = [line(OT, "a", 0, 240, 7000), line(OT, "b", 0, 240, 7000)]
    sent = {OT: (510, 14900)}
    got = lines_as_sent(now, own, sent, named=True, changed={"b"}, duties=ABC[:2])
    assert got == [line(OT, "a", 0, 240, 7000), line(OT, "b", 0, 270, 7900)]


def test_a_file_that_does_not_name_duties_takes_the_difference_from_the_duty_changed_since() -> None:
    now = [line(CEO, "a", 0, 240, 10000), line(CEO, "b", 0, 300, 12500), line(CEO, "c", 0, 60, 2500)]
    sent = {CEO: (540, 22500)}  # b was 240 when sent
    got = lines_as_sent(now, [], sent, named=False, changed={"b"}, duties=ABC)
    assert got == [line(CEO, "a", 0, 240, 10000), line(CEO, "b", 0, 240, 10000), line(CEO, "c", 0, 60, 2500)]


def test_a_group_with_no_line_now_is_carried_by_a_duty_of_its_cost_code_changed_since_or_the_first() -> None:
    sent = {CEO: (240, 10000)}
    duties = [("x", "CC2"), ("a", "CC1"), ("b", "CC1")]
    got = lines_as_sent([], [], sent, named=False, changed={"b", "x"}, duties=duties)
    assert got == [line(CEO, "b", 0, 240, 10000)]
    got = lines_as_sent([], [], sent, named=False, changed=set(), duties=duties)
    assert got == [line(CEO, "a", 0, 240, 10000)], "its adjustments go to the cost code it was sent under"
    got = lines_as_sent([], [], sent, named=False, changed=set(), duties=[("x", "CC2")])
    assert got == [line(CEO, "x", 0, 240, 10000)], "else any duty of the person carries it"


def test_a_new_line_takes_a_number_free_in_the_period() -> None:
    now = [line(OT_NEW, "a", 0, 240, 7360), line(CEO, "a", 1, 60, 2500)]
    own = [line(OT, "a", 1, 240, 7016), line(CEO, "a", 1, 60, 2500)]
    sent = {OT: (240, 7016), OT_NEW: (240, 7360), CEO: (60, 2500)}
    got = lines_as_sent(now, own, sent, named=True, changed=set(), duties=ABC[:1], taken={"a": {2}})
    assert got == [line(OT_NEW, "a", 0, 240, 7360), line(CEO, "a", 1, 60, 2500), line(OT, "a", 3, 240, 7016)]


@pytest.mark.parametrize("named", [True, False])
def test_every_group_adds_up_to_what_was_sent_and_no_line_is_negative(named: bool) -> None:
    now = [line(OT, "a", 0, 300, 8800), line(OT, "b", 0, 120, 3500), line(OT_NEW, "c", 0, 60, 1800)]
    own = [line(OT, "a", 0, 240, 7000), line(OT, "c", 0, 60, 1750)]
    sent = {OT: (200, 5000), OT_NEW: (400, 9000), CEO: (30, 1250)}
    got = lines_as_sent(now, own, sent, named=named, changed={"c"}, duties=ABC)
    assert totals(got) == sent
    assert all(x.minutes >= 0 and x.amount_pence >= 0 for x in got)
    assert len({(x.duty, x.line_no) for x in got}) == len(got)


def test_what_was_sent_below_nothing_cannot_be_carried() -> None:
    with pytest.raises(CannotCarry):
        lines_as_sent([line(OT, "a", 0, 60, 1750)], [], {OT: (-60, -1750)}, named=False, changed=set(),
                      duties=ABC[:1])
    with pytest.raises(CannotCarry):
        lines_as_sent([], [], {OT: (60, 1750)}, named=False, changed=set(), duties=[])
