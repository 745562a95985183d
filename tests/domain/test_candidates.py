"""Candidate ranking: eligibility, then violations, then fairness, cost and home area."""

from __future__ import annotations

import pytest

from hotspot_tui.domain.candidates import CandidateInput, rank_candidates
from hotspot_tui.domain.clock import parse_local
from hotspot_tui.domain.rules import PayRules
from hotspot_tui.domain.working_time import Interval

RULES = PayRules()
SHIFT = Interval(start=parse_local("2026-06-16 18:00"), end=parse_local("2026-06-16 22:00"))
CLASH = Interval(start=parse_local("2026-06-16 20:00"), end=parse_local("2026-06-16 23:00"))
LONG = Interval(start=parse_local("2026-06-16 10:00"), end=parse_local("2026-06-16 18:00"))


def person(staff_id: str, **kw) -> CandidateInput:
    base = {"name": staff_id.upper(), "kind": "officer", "home_area_id": "watford",
            "hourly_cost_pence": 2800, "extra_minutes_last_4_weeks": 600}
    return CandidateInput(staff_id=staff_id, **(base | kw))


def order(candidates, kind="officer", area="watford") -> list[str]:
    return [r.staff_id for r in rank_candidates(SHIFT, kind, area, candidates, RULES)]


@pytest.mark.parametrize(
    ("candidates", "expected"),
    [
        # ineligible go last whatever else they have going for them
        ([person("pcso", kind="pcso", extra_minutes_last_4_weeks=0), person("a")], ["a", "pcso"]),
        ([person("gone", active=False, extra_minutes_last_4_weeks=0), person("a")], ["a", "gone"]),
        ([person("on", already_on_shift=True, extra_minutes_last_4_weeks=0), person("a")], ["a", "on"]),
        # an error-level clash ranks after someone with none
        ([person("clash", nearby=[CLASH], extra_minutes_last_4_weeks=0), person("a")], ["a", "clash"]),
        # a warning only (no planned break in a 12 h spell) sits between clean and error
        ([person("err", nearby=[CLASH]), person("warn", nearby=[LONG]), person("ok")],
         ["ok", "warn", "err"]),
        # fewest extra minutes in 4 weeks first
        ([person("busy", extra_minutes_last_4_weeks=900), person("quiet", extra_minutes_last_4_weeks=120)],
         ["quiet", "busy"]),
        # then cheaper
        ([person("dear", hourly_cost_pence=3200), person("cheap", hourly_cost_pence=2800)],
         ["cheap", "dear"]),
        # then home area
        ([person("away", home_area_id="hitchin"), person("home")], ["home", "away"]),
        # then name
        ([person("b"), person("a")], ["a", "b"]),
    ],
)
def test_order(candidates, expected):
    assert order(candidates) == expected


def test_reasons_explain_each_person():
    ranked = rank_candidates(
        SHIFT, "officer", "watford",
        [person("clash", nearby=[CLASH]), person("pcso", kind="pcso"), person("ok", home_area_id="x")],
        RULES,
    )
    by_id = {r.staff_id: r for r in ranked}
    assert by_id["ok"].can_assign and by_id["ok"].position == 1
    assert "no working-time problems" in by_id["ok"].reasons
    assert "10 h extra duty in the patrol's week and the 3 before" in by_id["ok"].reasons
    assert "costs £28.00 an hour" in by_id["ok"].reasons
    assert "based in another area" in by_id["ok"].reasons
    assert not by_id["clash"].can_assign
    assert any(r.startswith("error: overlaps another duty") for r in by_id["clash"].reasons)
    assert by_id["pcso"].eligible is False
    assert by_id["pcso"].reasons == ["is a PCSO; this patrol needs officers"]
    assert [r.position for r in ranked] == [1, 2, 3]


def test_average_week_breach_is_a_violation():
    heavy = person("heavy", normal_weekly_minutes=48 * 60, reference_extra_minutes=0,
                   extra_minutes_last_4_weeks=0)
    ranked = rank_candidates(SHIFT, "officer", "watford", [heavy, person("a")], RULES)
    assert [r.staff_id for r in ranked] == ["a", "heavy"]
    assert ranked[1].violations[0].rule == "average_week"
