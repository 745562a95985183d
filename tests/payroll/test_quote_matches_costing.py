"""`hotspot-tui pay quote` and costing give the same pence for the sample's duties, every
kind of worker: the figures a supervisor would type into the quote (the person's pay, the
patrol's times, rest day, notice, a PCSO's hours so far that force week) give the cost
stored for the patrol.

The sample is the demo-scale database of the same generator as the county benchmark's.
"""

from __future__ import annotations

import json
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.domain.calendar import force_week_of, split_by_force_day
from hotspot_tui.domain.clock import minutes_between
from hotspot_tui.domain.clock_utc import from_utc_text
from hotspot_tui.domain.rules import PayRules

RULES = PayRules()
PER_KIND = {"officer": 14, "pcso": 14, "ceo": 8}


def _duties(session) -> list[dict]:  # type: ignore[no-untyped-def,type-arg]
    return list(session.db.query("""
        SELECT a.id, a.staff_id, a.status, a.cost_pence, a.told_on, a.rest_day, a.casual, a.straight_on,
               coalesce(a.actual_start_utc, a.start_utc) AS start_utc,
               coalesce(a.actual_end_utc, a.end_utc) AS end_utc,
               st.kind, st.rank, st.pay_basis, st.annual_salary_pence, st.hourly_rate_pence,
               st.contracted_weekly_minutes, e.name AS employer
        FROM assignments a JOIN staff st ON st.id = a.staff_id JOIN employers e ON e.id = st.employer_id
        WHERE a.status IN ('planned', 'worked')
        ORDER BY a.id
    """))


def _chosen(duties: list[dict]) -> list[dict]:  # type: ignore[type-arg]
    rng = random.Random(15)
    picked = []
    for kind, count in PER_KIND.items():
        of_kind = [d for d in duties if d["kind"] == kind]
        rest = [d for d in of_kind if d["rest_day"]]
        picked += rng.sample(of_kind, count - min(4, len(rest))) + rng.sample(rest, min(4, len(rest)))
    return picked


def _hours_before(duty: dict, duties: list[dict]) -> str:  # type: ignore[type-arg]
    """A PCSO's hours in the force week before this duty, normal hours included, as a
    supervisor would add them up."""
    start = from_utc_text(duty["start_utc"])
    week = force_week_of(start, RULES)
    minutes = duty["contracted_weekly_minutes"]
    for other in duties:
        if other["staff_id"] != duty["staff_id"] or other["id"] == duty["id"]:
            continue
        o_start, o_end = from_utc_text(other["start_utc"]), from_utc_text(other["end_utc"])
        if o_start >= start:
            continue
        for piece in split_by_force_day(o_start, o_end, RULES):
            if force_week_of(piece.start, RULES) == week:
                minutes += minutes_between(piece.start, piece.end)
    return _hours(minutes)


def _hours(minutes: int) -> str:
    """Hours as typed: exact decimals only (the quote refuses 20 minutes as 0.333)."""
    hours = Decimal(minutes) / 60
    assert hours * 60 == minutes, f"{minutes} minutes cannot be typed as decimal hours"
    return format(hours.normalize(), "f")


def _wall(text: str) -> tuple[str, int]:
    """Europe/London wall time, and which of two (1: the later) on the night the clocks go back."""
    local = from_utc_text(text).astimezone(ZoneInfo(RULES.calendar.timezone))
    return f"{local:%Y-%m-%d %H:%M}", local.fold


def _quote_args(duty: dict, duties: list[dict], db: str) -> list[str]:  # type: ignore[type-arg]
    start, start_fold = _wall(duty["start_utc"])
    end, end_fold = _wall(duty["end_utc"])
    args = ["pay", "quote", "--kind", duty["kind"], "--start", start, "--end", end, "--json"]
    if start_fold or end_fold:
        args += ["--fold", "later"]
    if duty["kind"] == "officer":
        args += ["--rank", duty["rank"]]
    if duty["kind"] == "ceo":
        args += ["--employer", duty["employer"], "--db", db]
    elif duty["pay_basis"] == "annual":
        salary = duty["annual_salary_pence"]
        args += ["--salary", f"{salary // 100}.{salary % 100:02d}"]
    else:
        args += ["--rate", str(duty["hourly_rate_pence"])]
    if duty["kind"] == "pcso":
        args += ["--worked-this-week", _hours_before(duty, duties),
                 "--contracted", _hours(duty["contracted_weekly_minutes"])]
    if duty["rest_day"]:
        args.append("--rest-day")
    if duty["told_on"]:
        args += ["--told", duty["told_on"]]
    return args


def test_pay_quote_gives_each_duty_the_cost_costing_stored(session, demo_db) -> None:  # type: ignore[no-untyped-def]
    duties = _duties(session)
    chosen = _chosen(duties)
    assert {d["kind"] for d in chosen} == {"officer", "pcso", "ceo"}
    assert any(d["kind"] == "pcso" and d["rest_day"] for d in chosen)
    assert not any(d["casual"] or d["straight_on"] for d in chosen), "the sample has none of these"
    runner = CliRunner()
    wrong = []
    for duty in chosen:
        args = _quote_args(duty, duties, str(demo_db))
        result = runner.invoke(cli, args)
        assert result.exit_code == 0, (args, result.output)
        quoted = json.loads(result.output)["total_pence"]
        if quoted != duty["cost_pence"]:
            wrong.append((duty["kind"], args, quoted, duty["cost_pence"]))
    assert not wrong, wrong[:3]
