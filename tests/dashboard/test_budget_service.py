"""Budget edits: checked before anything is written, and audited with before and after."""

from __future__ import annotations

import json
from typing import Any

import pytest

from hotspot_tui.errors import NotFound, ValidationFailed
from hotspot_tui.services import budget
from hotspot_tui.services.session import Session


def _audit(session: Session) -> list[dict[str, Any]]:
    return list(session.db.query("SELECT * FROM audit_log ORDER BY seq"))


def _area(session: Session, name: str) -> str:
    return session.db.execute("SELECT id FROM areas WHERE name = ?", [name]).fetchone()[0]


def test_update_grant_and_end_date(session: Session) -> None:
    budget.update_budget(session, grant="£1,200,000.50", ends_on="2027-06-30")
    view = budget.budget_view(session)
    assert view.grant_pence == 120_000_050 and view.ends_on.isoformat() == "2027-06-30"
    entry = _audit(session)[-1]
    assert (entry["action"], entry["entity"], entry["actor"]) == ("budget.update", "budget", "PS Tester")
    details = json.loads(entry["details"])
    assert details["before"]["grant_pence"] == 100_000_000
    assert details["after"] == {"name": "Hotspot Action Fund", "grant_pence": 120_000_050,
                                "ends_on": "2027-06-30"}


@pytest.mark.parametrize(("grant", "ends_on", "message"), [
    ("abc", "2027-04-30", "grant:"),
    ("0", "2027-04-30", "more than £0.00"),
    ("-5", "2027-04-30", "negative"),
    ("1,000,000", "31/04/2027", "not a date"),
    ("1,000,000", "2026-04-01", "after the start date"),
    ("900,000", "2027-04-30", "allocations total £935,150.00"),
    ("10,000,000,000", "2027-04-30", "too large"),
])
def test_bad_budget_changes_write_nothing(session: Session, grant: str, ends_on: str, message: str) -> None:
    before = (budget.budget_view(session), len(_audit(session)))
    with pytest.raises(ValidationFailed, match=message):
        budget.update_budget(session, grant=grant, ends_on=ends_on)
    assert (budget.budget_view(session), len(_audit(session))) == before


def test_unchanged_budget_is_not_audited(session: Session) -> None:
    n = len(_audit(session))
    budget.update_budget(session, grant="1,000,000", ends_on="2027-04-30")
    assert len(_audit(session)) == n


def test_set_and_clear_allocation(session: Session) -> None:
    watford = _area(session, "Watford")
    budget.set_allocation(session, watford, "95,000")
    assert budget.budget_view(session).allocations[-2].allocation_pence == 9_500_000
    entry = _audit(session)[-1]
    assert entry["action"] == "allocation.set" and entry["entity_id"] == watford
    assert json.loads(entry["details"]) == {"area": "Watford", "before": {"allocation_pence": 10_000_000},
                                            "after": {"allocation_pence": 9_500_000}}
    budget.set_allocation(session, watford, "")
    line = next(a for a in budget.budget_view(session).allocations if a.area_id == watford)
    assert line.allocation_pence is None
    assert json.loads(_audit(session)[-1]["details"])["after"] == {"allocation_pence": None}


def test_allocations_may_not_exceed_the_grant(session: Session) -> None:
    watford = _area(session, "Watford")
    n = len(_audit(session))
    with pytest.raises(ValidationFailed, match="more than the grant"):
        budget.set_allocation(session, watford, "200,000")
    with pytest.raises(NotFound):
        budget.set_allocation(session, "no-such-area", "1")
    assert len(_audit(session)) == n
    assert next(a for a in budget.budget_view(session).allocations
                if a.area_id == watford).allocation_pence == 10_000_000


def test_spend_line_add_edit_delete(session: Session) -> None:
    stevenage = _area(session, "Stevenage")
    line_id = budget.add_spend_line(session, description=" Mobile CCTV van ", amount="8,250",
                                    spent_on="2026-10-01", area_id=stevenage)
    view = budget.budget_view(session)
    line = next(x for x in view.spend_lines if x.id == line_id)
    assert (line.description, line.amount_pence, line.area, line.category) == (
        "Mobile CCTV van", 825_000, "Stevenage", "crime prevention")
    added = _audit(session)[-1]
    assert added["action"] == "spend_line.add" and json.loads(added["details"])["before"] is None

    budget.edit_spend_line(session, line_id, description="Mobile CCTV van (hire)", amount="9000.50",
                           spent_on="2026-10-02", area_id=None, category="equipment")
    edited = json.loads(_audit(session)[-1]["details"])
    assert edited["before"]["amount_pence"] == 825_000 and edited["after"]["amount_pence"] == 900_050
    assert edited["after"]["area_id"] is None and edited["after"]["category"] == "equipment"

    budget.delete_spend_line(session, line_id)
    assert line_id not in {x.id for x in budget.budget_view(session).spend_lines}
    deleted = _audit(session)[-1]
    assert deleted["action"] == "spend_line.delete"
    assert json.loads(deleted["details"])["before"]["description"] == "Mobile CCTV van (hire)"
    with pytest.raises(NotFound):
        budget.delete_spend_line(session, line_id)


@pytest.mark.parametrize(("fields", "message"), [
    ({"description": "  "}, "describe"),
    ({"description": "x" * 201}, "too long"),
    ({"amount": "0"}, "more than £0.00"),
    ({"amount": "12.345"}, "not an amount"),
    ({"spent_on": "2026-02-30"}, "not a real date"),
    ({"spent_on": "2025-01-01"}, "within the operation"),
    ({"area_id": "nowhere"}, "no longer exists"),
])
def test_bad_spend_lines_write_nothing(session: Session, fields: dict[str, str], message: str) -> None:
    good = {"description": "Knife amnesty bins", "amount": "500", "spent_on": "2026-09-01", "area_id": None}
    n_lines = len(budget.budget_view(session).spend_lines)
    n_audit = len(_audit(session))
    with pytest.raises((ValidationFailed, NotFound), match=message):
        budget.add_spend_line(session, **{**good, **fields})  # type: ignore[arg-type]
    assert len(budget.budget_view(session).spend_lines) == n_lines
    assert len(_audit(session)) == n_audit


def test_the_audit_chain_stays_intact(session: Session) -> None:
    from hotspot_tui.store.audit import verify

    budget.update_budget(session, grant="1,100,000", ends_on="2027-05-31")
    budget.add_spend_line(session, description="Signs", amount="10", spent_on="2026-06-01")
    _, broken = verify(session.db)
    assert broken is None
