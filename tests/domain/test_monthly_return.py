"""The monthly return's shape and arithmetic, from rows as the store gives them."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from hotspot_tui.domain.monthly_return import (
    NO_GEOGRAPHY,
    NOT_LOADED,
    Bookings,
    PoliceMonth,
    booking_notes,
    build,
    month_days,
    police_note,
)
from hotspot_tui.domain.months import Month

OCT = Month(2026, 10)
AREAS = [{"id": "a", "name": "Watford", "active": 1}, {"id": "b", "name": "Old Town", "active": 0},
         {"id": "c", "name": "Hitchin", "active": 1}, {"id": "d", "name": "Gone", "active": 0}]
ZERO_OUTCOMES = dict.fromkeys(("arrests", "stop_searches", "weapons", "dispersals", "cpw", "cpn",
                               "pspo", "informal_warnings", "other"), 0)
AFTER = datetime(2026, 12, 3, 6, 0, tzinfo=UTC)


def _return(police: PoliceMonth | None = None, bookings: Bookings | None = None,
            as_at: datetime = AFTER):  # type: ignore[no-untyped-def]
    return build(
        OCT, AREAS,
        patrols=[{"area_id": "a", "patrols": 3}, {"area_id": "b", "patrols": 1}],
        minutes=[{"area_id": "a", "kind": "officer", "minutes": 960},
                 {"area_id": "a", "kind": "ceo", "minutes": 490},
                 {"area_id": "b", "kind": "pcso", "minutes": 245}],
        outcomes=[{"area_id": "a", **ZERO_OUTCOMES, "arrests": 2, "informal_warnings": 4, "cpw": 1,
                   "other": 3},
                  {"area_id": "c", **ZERO_OUTCOMES, "informal_warnings": 1}],
        police=police or PoliceMonth(loaded=False), bookings=bookings or Bookings(), as_at=as_at)


def test_totals_add_up_by_role_and_retired_areas_show_only_with_figures() -> None:
    ret = _return()
    assert [a.area for a in ret.areas] == ["Watford", "Old Town", "Hitchin"]  # not "Gone"
    t = ret.total
    assert t.minutes == {"officer": 960, "pcso": 245, "ceo": 490} and t.total_minutes == 1695
    assert (t.patrols, t.arrests, t.asb_powers["informal_warnings"], t.asb_powers_total,
            t.other_outcomes) == (4, 2, 5, 6, 3)
    figures = {f.key: f for f in t.figures()}
    assert figures["hours_total"].value == 1695 and figures["hours_total"].unit == "hours"
    assert figures["asb_incidents"].value is None and figures["asb_incidents"].note == NOT_LOADED
    rows = ret.rows()
    assert rows[-1][0] == "Total" and rows[-1][1].key == "people_to_come"
    assert len(rows) == 4 * len(t.figures()) + len(ret.status_figures())


def test_police_counts_per_area_and_areas_without_a_geography_are_named() -> None:
    police = PoliceMonth(loaded=True, incidents={"a": 40, "b": 2}, placed=frozenset({"a", "b"}),
                         forces=("Hertfordshire Constabulary",), unlocated=3)
    ret = _return(police)
    by_area = {a.area: a for a in ret.areas}
    assert by_area["Watford"].asb_incidents == 40 and by_area["Old Town"].asb_incidents == 2
    assert by_area["Hitchin"].asb_incidents is None
    assert by_area["Hitchin"].incidents_note == NO_GEOGRAPHY
    assert ret.total.asb_incidents == 42
    assert ret.total.incidents_note == f"leaves out Hitchin ({NO_GEOGRAPHY})"
    assert police_note(ret) == (
        "ASB incidents: anti-social behaviour recorded by Hertfordshire Constabulary "
        "(data.police.uk, October 2026) inside each area's geography; 3 records without a "
        "location counted only in areas set by LSOA. No count for 1 area with no geography: "
        "Hitchin.")
    sample = _return(PoliceMonth(loaded=True, placed=frozenset({"a"}), forces=("Demo",), sample=True))
    assert police_note(sample).endswith("SAMPLE DATA: generated for the demonstration, not real "
                                        "police records.")
    quiet = _return(PoliceMonth(loaded=True, placed=frozenset({"a", "c"})))
    assert quiet.total.asb_incidents == 0, "a month held with no ASB in the areas is 0"
    unplaced = _return(PoliceMonth(loaded=True))
    assert unplaced.total.asb_incidents is None
    assert unplaced.total.incidents_note == "no area has a geography"


def test_a_month_not_loaded_is_said_so() -> None:
    assert "police data for October 2026 is not yet published/imported" in police_note(_return())


def test_booking_notes_say_what_is_included_and_left_out() -> None:
    ret = _return(bookings=Bookings(awaiting_approval=1, awaiting_minutes=490, unbooked_people=3,
                                    unbooked_patrols=2))
    notes = booking_notes(ret, datetime(2026, 12, 3, 6, 0))
    assert notes == [
        "Hours include 1 booking (8.1667 h) not yet approved for payment.",
        "Not counted: 3 people on 2 patrols that have ended but are not booked yet.",
    ]
    assert booking_notes(_return(), datetime(2026, 12, 3)) == [
        "Every booking counted is approved for payment."]
    during = booking_notes(_return(bookings=Bookings(to_come_people=5)), datetime(2026, 10, 20, 9, 30))
    assert during[-1] == ("The month is not over: figures to 20 Oct 2026 09:30; 5 planned places "
                          "on patrols still to come are not counted.")


@pytest.mark.parametrize(("month", "days"), [
    (Month(2028, 2), (date(2028, 2, 1), date(2028, 2, 29))),
    (Month(2026, 12), (date(2026, 12, 1), date(2026, 12, 31))),
    (OCT, (date(2026, 10, 1), date(2026, 10, 31))),
])
def test_month_days(month: Month, days: tuple[date, date]) -> None:
    assert month_days(month) == days


def test_a_row_of_an_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="no role"):
        build(OCT, AREAS, [], [{"area_id": "a", "kind": "volunteer", "minutes": 1}], [],
              PoliceMonth(loaded=False), Bookings(), AFTER)
