"""The operation file: the example is complete and valid; every mistake is named by key path
and line; money is exact; pay periods and the calendar come out as the rules expect."""

from __future__ import annotations

from datetime import date, time

import pytest

from hotspot_tui.domain.operation import FIRST_TWELVE_AREAS
from hotspot_tui.domain.operation_file import OperationFileError, read_operation_text
from hotspot_tui.domain.payroll import PayrollSettings, parse_period, period_for
from hotspot_tui.domain.payroll_numbers import fits
from hotspot_tui.domain.toml_lines import key_lines, line_of
from hotspot_tui.services.setup import example_text

EXAMPLE = example_text()


def line_number(text: str, needle: str) -> int:
    """The first line holding `needle` outside a comment."""
    return next(i for i, line in enumerate(text.splitlines(), 1)
                if needle in line and not line.lstrip().startswith("#"))


def mistakes(text: str) -> list[str]:
    with pytest.raises(OperationFileError) as caught:
        read_operation_text(text)
    return [str(m) for m in caught.value.mistakes]


def test_the_example_is_the_hertfordshire_operation() -> None:
    op = read_operation_text(EXAMPLE)
    assert op.operation.grant_pounds == 100_000_000  # £1,000,000 in pence
    assert (op.operation.starts_on, op.operation.ends_on) == (date(2026, 5, 1), date(2027, 4, 30))
    assert op.force.name == "Hertfordshire Constabulary"
    assert [(a.name, a.district, a.cost_code) for a in op.areas] == list(FIRST_TWELVE_AREAS)
    assert len(op.employers) == 3 and all(e.kind == "council" for e in op.employers)
    watford = op.employers[0]
    assert (watford.weekday_rate_pounds, watford.weekend_rate_pounds,
            watford.bank_holiday_rate_pounds) == (2150, 2580, 3225)
    assert sum(a.allocation_pounds or 0 for a in op.areas) <= op.operation.grant_pounds
    assert op.force.day_starts == time(7, 0)
    assert op.payroll_settings() == PayrollSettings(period_kind="month")


def test_every_kind_of_mistake_is_reported_with_its_key_and_line() -> None:
    bad = (EXAMPLE
           .replace("grant_pounds = 1_000_000", "grant_pounds = -5")
           .replace("ends_on = 2027-04-30", 'ends_on = "2027-02-30"')
           .replace('week_starts = "monday"', 'weeks_start = "monday"')
           .replace('cost_code = "HAF-WA-WAT"', 'cost_code = "HAF-EH-BST"')
           .replace('name = "Hitchin"', 'name = "hertford"')
           .replace("weekday_rate_pounds = 21.50", "weekday_rate_pounds = 21.505"))
    found = mistakes(bad)
    watford = line_number(bad, 'name = "Watford"')
    expected = [
        f"line {line_number(bad, 'grant_pounds')}: operation.grant_pounds: an amount cannot be negative",
        f"line {line_number(bad, 'ends_on')}: operation.ends_on: 2027-02-30 is not a date like 2026-05-01",
        f"line {line_number(bad, 'weeks_start')}: force.weeks_start: unknown key (did you mean week_starts?)",
        f"line {line_number(bad, 'hertford')}: areas[3].name: 'hertford' is already area 2",
        f"line {watford + 2}: areas[8].cost_code: "
        "HAF-EH-BST is already the cost code of area 1",
        f"line {line_number(bad, '21.505')}: employers[1].weekday_rate_pounds: 21.505 has more than "
        "two decimal places",
    ]
    assert len(found) == len(expected), found
    for want, got in zip(expected, found, strict=True):
        assert got.startswith(want), (want, got)


def test_a_duplicate_cost_code_is_placed_on_its_own_line() -> None:
    bad = EXAMPLE.replace('cost_code = "HAF-WA-WAT"', 'cost_code = "haf-eh-bst"')
    lines = bad.splitlines()
    watford = line_number(bad, 'name = "Watford"')
    code_line = next(i for i in range(watford, len(lines) + 1) if "cost_code" in lines[i - 1])
    assert mistakes(bad) == [f"line {code_line}: areas[8].cost_code: HAF-EH-BST is already the "
                             "cost code of area 1"]


def test_allocations_beyond_the_grant_and_a_council_named_like_the_force() -> None:
    bad = (EXAMPLE.replace("grant_pounds = 1_000_000", "grant_pounds = 500_000")
           .replace('name = "Dacorum Borough Council"', 'name = "HERTFORDSHIRE CONSTABULARY"'))
    found = mistakes(bad)
    assert found[0] == (f"line {line_number(bad, '[[areas]]')}: areas: the allocations total "
                        "£920,000.00, more than the grant £500,000.00")
    assert found[1] == (f"line {line_number(bad, 'HERTFORDSHIRE')}: employers[3].name: "
                        "'HERTFORDSHIRE CONSTABULARY' is already the force")


def test_missing_sections_and_keys_are_named() -> None:
    assert mistakes("") == ["areas: is required", "force: is required", "operation: is required"]
    no_district = EXAMPLE.replace('district = "Hertsmere"\n', "")
    # A missing key is reported at its table: the [[areas]] line above the name.
    assert mistakes(no_district) == [
        f"line {line_number(no_district, 'Borehamwood') - 1}: areas[7].district: is required"]


def test_toml_syntax_errors_give_the_line() -> None:
    bad = EXAMPLE.replace("[force]", "[force")
    assert mistakes(bad) == [f"line {line_number(bad, '[force')}: not valid TOML: "
                             "Expected ']' at the end of a table declaration"]


@pytest.mark.parametrize(("written", "pence"), [
    ("1_000_000", 100_000_000), ("999999.99", 99_999_999), ('"£1,000,000"', 100_000_000),
    ("0.10", 10),
])
def test_money_is_exact(written: str, pence: int) -> None:
    text = EXAMPLE.replace("grant_pounds = 1_000_000", f"grant_pounds = {written}").replace(
        "allocation_pounds = 90_000", "allocation_pounds = 0").replace(
        "allocation_pounds = 70_000", "allocation_pounds = 0")
    assert read_operation_text(text).operation.grant_pounds == pence


@pytest.mark.parametrize("written", ["true", "nan", '"lots"', "0", "-0.01", "1.001", "[1]"])
def test_a_grant_that_is_not_money_is_refused(written: str) -> None:
    found = mistakes(EXAMPLE.replace("grant_pounds = 1_000_000", f"grant_pounds = {written}"))
    assert found and all("operation.grant_pounds" in m or "not valid TOML" in m for m in found[:1]), found


def test_control_characters_in_names_are_refused() -> None:
    found = mistakes(EXAMPLE.replace('name = "Hertford"', 'name = "Hert\\u001bford"'))
    where = line_number(EXAMPLE, 'name = "Hertford"')
    assert found == [f"line {where}: areas[2].name: contains a "
                     "control character (U+001B); type plain text"]


def test_weekly_and_four_weekly_periods_need_their_first_day() -> None:
    weekly = EXAMPLE.replace('kind = "calendar_month"', 'kind = "weekly"')
    assert mistakes(weekly) == [f"line {line_number(weekly, '[pay_periods]')}: "
                                "pay_periods.first_starts_on: weekly pay periods need the first day "
                                "of one period"]
    op = read_operation_text(weekly.replace("# first_starts_on = 2026-04-06", "first_starts_on = 2026-04-06"))
    settings = op.payroll_settings()
    period = period_for(date(2026, 12, 2), settings)
    assert (period.starts_on, period.ends_on) == (date(2026, 11, 30), date(2026, 12, 7))
    assert parse_period("2026-11-30", settings) == period


def test_force_day_and_bank_holiday_policy_reach_the_calendar_rules() -> None:
    text = (EXAMPLE.replace('day_starts = "07:00"', "day_starts = 06:00:00")
            .replace('policy = "observed"', 'policy = "both"')
            .replace("extra_days = []", "extra_days = [2026-06-12]"))
    calendar = read_operation_text(text).calendar()
    assert calendar.day_starts == time(6, 0)
    assert calendar.holiday_date_policy == "both"
    assert calendar.extra_holidays == [date(2026, 6, 12)]
    assert mistakes(text.replace('policy = "both"', 'policy = "sometimes"'))[0].endswith(
        "bank_holidays.policy: must be 'observed', 'actual' or 'both'")


def test_payroll_number_format() -> None:
    assert fits("HC104233", "HC######") and not fits("HC1042", "HC######")
    assert fits("AB1234", "@@####") and fits("anything", None)
    assert read_operation_text(EXAMPLE).force.payroll_number_format is None  # the example accepts any
    good = EXAMPLE.replace('# payroll_number_format = "HC######"', 'payroll_number_format = "HC######"')
    assert read_operation_text(good).force.payroll_number_format == "HC######"
    bad = good.replace('payroll_number_format = "HC######"', 'payroll_number_format = "HC"')
    assert "force.payroll_number_format" in mistakes(bad)[0]


def test_key_lines_know_tables_arrays_and_dotted_keys() -> None:
    text = '[a]\nx = 1\n"y.z" = 2\n\n[[b]]\nc.d = 3\nlong = [\n  1,\n  "[not a table]",\n]\n[[b]]\nc = 4\n'
    lines = key_lines(text)
    assert lines[("a", "x")] == 2 and lines[("a", "y.z")] == 3
    assert lines[("b", 0, "c", "d")] == 6 and lines[("b", 1, "c")] == 12
    assert line_of(lines, ("b", 0, "long", 1)) == 7
    assert line_of(lines, ("nowhere", "x")) is None


def test_the_example_places_every_area_at_its_town_centre() -> None:
    from hotspot_tui.domain.geography import Circle, haversine_m

    op = read_operation_text(EXAMPLE)
    places = {a.name: a.geography() for a in op.areas}
    assert all(isinstance(p, Circle) and 400 <= p.radius_m <= 1000 for p in places.values())
    watford, st_albans = places["Watford"], places["St Albans"]
    assert isinstance(watford, Circle) and isinstance(st_albans, Circle)
    # the two town centres are some 10 km apart; no two areas overlap
    assert 9_000 < haversine_m(watford.lat, watford.lon, st_albans.lat, st_albans.lon) < 12_000
    circles = [p for p in places.values() if isinstance(p, Circle)]
    for i, a in enumerate(circles):
        for b in circles[i + 1:]:
            assert haversine_m(a.lat, a.lon, b.lat, b.lon) > a.radius_m + b.radius_m


def test_an_area_may_lie_by_lsoas_or_a_polygon_instead() -> None:
    from hotspot_tui.domain.geography import LsoaSet, Polygon

    text = (EXAMPLE
            .replace("centre = [51.6562, -0.3965]\nradius_metres = 800",
                     'lsoa_codes = ["e01023791", "E01023792"]')
            .replace("centre = [51.9027, -0.2026]\nradius_metres = 800",
                     "polygon_geojson = '''{\"type\": \"Polygon\", \"coordinates\": [[[-0.21, 51.90], "
                     "[-0.19, 51.90], [-0.19, 51.91], [-0.21, 51.91], [-0.21, 51.90]]]}'''"))
    places = {a.name: a.geography() for a in read_operation_text(text).areas}
    assert places["Watford"] == LsoaSet(("E01023791", "E01023792"))
    stevenage = places["Stevenage"]
    assert isinstance(stevenage, Polygon) and stevenage.inside([(51.905, -0.2, None)]) == [True]


def test_a_bad_geography_is_named_with_its_line() -> None:
    bad = (EXAMPLE
           .replace("centre = [51.6562, -0.3965]", "centre = [-0.3965, 51.6562]")
           .replace("radius_metres = 800\n", "radius_metres = 8000\n", 1)
           .replace('cost_code = "HAF-EH-HTF"', 'cost_code = "HAF-EH-HTF"\nlsoa_codes = ["E0102379"]')
           .replace("centre = [51.9487, -0.2806]\nradius_metres = 600", "centre = [51.9487, -0.2806]")
           .replace("allocation_pounds = 70_000\ncentre = [51.6393, -0.4700]",
                    "allocation_pounds = 70_000\nlsoa_codes = [\"E01023791\"]\ncentre = [51.6393, -0.4700]"))
    found = mistakes(bad)
    assert any("areas[2].lsoa_codes: 'E0102379' is not an LSOA code" in m for m in found), found
    assert any("areas[3].centre: needs radius_metres beside it" in m for m in found), found
    assert any("areas[5].centre: an area lies in one way: lsoa_codes or centre, not both" in m
               for m in found), found
    assert any("areas[8].centre: latitude -0.3965 is not in Great Britain" in m for m in found), found
    assert any("radius_metres: the radius must be 50 m to 5,000 m" in m for m in found), found
    assert all(m.startswith("line ") for m in found), found


def test_the_example_and_the_preset_place_the_areas_at_the_same_town_centres() -> None:
    from hotspot_tui.domain.geography import Circle
    from hotspot_tui.domain.operation import TOWN_CENTRES
    from hotspot_tui.domain.operation_form import (
        FormText,
        form_to_operation,
        preset_area_places,
        preset_areas_text,
    )

    for area in read_operation_text(EXAMPLE).areas:
        assert area.geography() == Circle(*TOWN_CENTRES[area.name])
    form = FormText({"operation.name": "Op", "operation.grant_pounds": "£10,000",
                     "operation.starts_on": "2026-05-01", "operation.ends_on": "2027-04-30",
                     "force.name": "Force"}, preset_areas_text(), area_places=preset_area_places())
    assert {a.name: a.geography() for a in form_to_operation(form).areas} == \
        {name: Circle(*TOWN_CENTRES[name]) for name, _, _ in FIRST_TWELVE_AREAS}
