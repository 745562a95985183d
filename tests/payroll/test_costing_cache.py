"""Reused quotes are only reused where the engine's lines cannot differ."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from hotspot_tui.domain.pay import Duty, RechargeRates, Worker, quote_duty
from hotspot_tui.domain.rules import default_rules

RULES = default_rules()
WORKERS = {
    "officer": Worker(kind="officer", rank="constable", annual_salary_pence=5_025_700),
    "sergeant": Worker(kind="officer", rank="sergeant", annual_salary_pence=5_315_700),
    "pcso": Worker(kind="pcso", annual_salary_pence=2_227_000, contracted_weekly_minutes=1800),
    "ceo": Worker(kind="ceo", recharge=RechargeRates(weekday_pence=2150, weekend_pence=2580,
                                                     holiday_pence=3225)),
}
STARTS = [datetime(2026, 5, 3, 19, tzinfo=UTC), datetime(2026, 12, 24, 17, tzinfo=UTC),
          datetime(2026, 8, 30, 7, tzinfo=UTC), datetime(2026, 6, 10, 11, tzinfo=UTC)]


def _lines(worker: Worker, start: datetime, told: date | None, rest_day: bool, before: int = 0):  # type: ignore[no-untyped-def]
    duty = Duty(start=start, end=start + timedelta(hours=9), told_on=told, rest_day=rest_day)
    q = quote_duty(worker, duty, RULES, minutes_worked_this_week_before=before)
    return [line.model_dump() for line in q.lines]


@pytest.mark.parametrize("who", ["officer", "pcso", "ceo"])
@pytest.mark.parametrize("start", STARTS)
def test_notice_only_matters_for_officer_rest_days(who: str, start: datetime) -> None:
    worker = WORKERS[who]
    notices = [None, *(start.date() - timedelta(days=n) for n in (1, 3, 7, 8, 14, 15, 16, 30))]
    for rest_day in (False, True):
        seen = {repr(_lines(worker, start, told, rest_day, before=2000)) for told in notices}
        if who == "officer" and rest_day:
            assert len(seen) > 1
        else:
            assert len(seen) == 1, (who, start, rest_day)


@pytest.mark.parametrize("start", STARTS)
def test_officer_and_pcso_lines_scale_with_the_rate_only(start: datetime) -> None:
    from hotspot_tui.domain.pay import hourly_rate

    for a, b in (("officer", "sergeant"),):
        la, lb = _lines(WORKERS[a], start, None, True), _lines(WORKERS[b], start, None, True)
        strip = [(x["code"], x["minutes"], x["multiplier"], x["reason"]) for x in la]
        assert strip == [(x["code"], x["minutes"], x["multiplier"], x["reason"]) for x in lb]
        assert all(x["rate_pence"] == str(hourly_rate(WORKERS[a], RULES)) for x in la)
