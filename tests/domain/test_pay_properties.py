"""Properties of the pay engine that must hold for any duty, person and rules."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from hotspot_tui.domain.calendar import split_by_force_day
from hotspot_tui.domain.clock import minutes_between
from hotspot_tui.domain.pay import Duty, PricedDuty, RechargeRates, Worker, quote_duties, quote_duty
from hotspot_tui.domain.rules import PayRules

RULES = PayRules()
YEAR_START = datetime(2026, 1, 1, tzinfo=UTC)

workers = st.one_of(
    st.builds(
        lambda rank, salary: Worker(kind="officer", rank=rank, annual_salary_pence=salary),
        st.sampled_from(["constable", "sergeant", "inspector", "superintendent"]),
        st.integers(1_000_000, 10_000_000),
    ),
    st.builds(
        lambda salary, hours: Worker(kind="pcso", annual_salary_pence=salary,
                                     contracted_weekly_minutes=hours),
        st.integers(1_000_000, 4_000_000),
        st.one_of(st.none(), st.integers(600, 2220)),
    ),
    st.builds(
        lambda a, b, c: Worker(kind="ceo", recharge=RechargeRates(weekday_pence=a, weekend_pence=b,
                                                                    holiday_pence=c)),
        st.integers(0, 10_000), st.integers(0, 10_000), st.integers(0, 10_000),
    ),
)


@st.composite
def duties(draw, max_minutes: int = 16 * 60) -> Duty:
    start = YEAR_START + timedelta(minutes=draw(st.integers(0, 365 * 24 * 60)))
    length = draw(st.integers(1, max_minutes))
    told_back = draw(st.one_of(st.none(), st.integers(0, 40)))
    return Duty(
        start=start,
        end=start + timedelta(minutes=length),
        told_on=None if told_back is None else start.date() - timedelta(days=told_back),
        rest_day=draw(st.booleans()),
        casual=draw(st.booleans()),
        casual_occasion=draw(st.integers(1, 6)),
        straight_on=draw(st.booleans()),
    )


before_minutes = st.integers(0, 60 * 60)


@settings(max_examples=300, deadline=None)
@given(workers, duties(), before_minutes)
def test_amounts_never_negative_and_total_is_sum_of_lines(worker, duty, before):
    quote = quote_duty(worker, duty, RULES, minutes_worked_this_week_before=before)
    assert quote.lines
    assert all(line.amount_pence >= 0 and line.minutes >= 0 for line in quote.lines)
    assert all(isinstance(line.amount_pence, int) for line in quote.lines)
    assert quote.total_pence == sum(line.amount_pence for line in quote.lines)
    assert quote.total_minutes == minutes_between(duty.start, duty.end)


@settings(max_examples=300, deadline=None)
@given(workers, duties(), st.data())
def test_splitting_never_changes_minutes_worked(worker, duty, data):
    length = duty.minutes
    if length < 2:
        return
    cut = duty.start + timedelta(minutes=data.draw(st.integers(1, length - 1)))
    first = duty.model_copy(update={"end": cut})
    second = duty.model_copy(update={"start": cut})
    whole = quote_duty(worker, duty, RULES).total_minutes
    parts = [q.total_minutes for q in quote_duties([PricedDuty(d, worker, RULES) for d in (second, first)])]
    assert sum(parts) == whole == length


@settings(max_examples=200, deadline=None)
@given(duties(max_minutes=3 * 24 * 60))
def test_force_day_pieces_cover_the_span(duty):
    pieces = split_by_force_day(duty.start, duty.end, RULES)
    assert pieces[0].start == duty.start and pieces[-1].end == duty.end
    assert sum(minutes_between(p.start, p.end) for p in pieces) == duty.minutes
    assert len({p.day for p in pieces}) == len(pieces)


@settings(max_examples=200, deadline=None)
@given(
    st.sampled_from(["pcso", "ceo"]),
    duties(),
    before_minutes,
    st.data(),
)
def test_minute_paid_staff_split_keeps_minutes_per_pay_code(kind, duty, before, data):
    """PCSO and council minutes are paid exactly: cutting a duty in two moves no minute
    to another pay code, and the pence differ by at most rounding (½p a line). The PCSO's
    normal minutes are their contracted hours, which start every force week's count."""
    worker = (
        Worker(kind="pcso", annual_salary_pence=2_701_000, contracted_weekly_minutes=before or None)
        if kind == "pcso"
        else Worker(kind="ceo", recharge=RechargeRates(weekday_pence=2150, weekend_pence=2500,
                                                       holiday_pence=3000))
    )
    length = duty.minutes
    if length < 2:
        return
    cut = duty.start + timedelta(minutes=data.draw(st.integers(1, length - 1)))
    parts = [duty.model_copy(update={"end": cut}), duty.model_copy(update={"start": cut})]
    whole = quote_duty(worker, duty, RULES, minutes_worked_this_week_before=before)
    split = quote_duties([PricedDuty(d, worker, RULES) for d in parts])

    def per_code(quotes) -> Counter:
        counts: Counter = Counter()
        for q in quotes:
            for line in q.lines:
                counts[line.code] += line.minutes
        return counts

    assert per_code([whole]) == per_code(split)
    assert sum(per_code([whole]).values()) == length
    lines = len(whole.lines) + sum(len(q.lines) for q in split)
    assert abs(whole.total_pence - sum(q.total_pence for q in split)) <= lines


@settings(max_examples=200, deadline=None)
@given(duties(max_minutes=10 * 60), st.integers(1, 6 * 60))
def test_officer_longer_duty_within_one_force_day_never_pays_less(duty, extra):
    worker = Worker(kind="officer", rank="constable", annual_salary_pence=4_380_000)
    longer = duty.model_copy(update={"end": duty.end + timedelta(minutes=extra)})
    if len(split_by_force_day(longer.start, longer.end, RULES)) > 1:
        return
    assert quote_duty(worker, longer, RULES).total_pence >= quote_duty(worker, duty, RULES).total_pence
