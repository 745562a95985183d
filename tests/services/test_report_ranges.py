"""The operation report of the whole operation (read from each area's totals) holds the
same figures as its two halves added up (each read from the days' summaries)."""

from __future__ import annotations

from datetime import timedelta

from hotspot_tui.domain.report import Figures, OperationReport
from hotspot_tui.services.report import operation_report


def _per_area(report: OperationReport) -> dict[str, tuple[int, ...]]:
    return {a.area: _numbers(a.figures) for a in report.by_area}


def _numbers(f: Figures) -> tuple[int, ...]:
    return (f.patrols, f.minutes, f.patrol_spend_pence, f.other_spend_pence, f.arrests,
            f.stop_searches, f.weapons, *f.asb_powers.values())


def _added(a: tuple[int, ...], b: tuple[int, ...]) -> tuple[int, ...]:
    return tuple(x + y for x, y in zip(a, b, strict=True))


def test_the_whole_operation_is_its_two_halves_added_up(session) -> None:  # type: ignore[no-untyped-def]
    whole = operation_report(session)
    middle = whole.first + (whole.last - whole.first) / 2
    early = operation_report(session, whole.first, middle)
    late = operation_report(session, middle + timedelta(days=1), whole.last)
    assert whole.total.patrols and whole.total.arrests and early.total.patrols and late.total.patrols
    halves = _per_area(early)
    for area, figures in _per_area(late).items():
        halves[area] = _added(halves[area], figures)
    assert _per_area(whole) == halves
    assert _numbers(whole.total) == _added(_numbers(early.total), _numbers(late.total))


def test_one_area_of_the_whole_operation_is_its_line_of_the_whole(session) -> None:  # type: ignore[no-untyped-def]
    whole = operation_report(session)
    line = next(a for a in whole.by_area if a.figures.patrols)
    alone = operation_report(session, area=line.area)
    assert [a.area for a in alone.by_area] == [line.area]
    assert _numbers(alone.total) == _numbers(line.figures)
