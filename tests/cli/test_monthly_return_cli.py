"""The funder's monthly return, from an empty file through the public commands only: db init,
setup --example, staff imported from the spreadsheets people have, patrols (one over the
night the clocks go back, one from the month's last evening into the next, one the evening
before the month began), assignments, bookings, approvals and outcomes with informal
warnings; then `report monthly` in each format, every figure checked against a count made
here from what was typed."""

from __future__ import annotations

import csv
import io
import json
import math
import os
import stat
from collections import Counter
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from cli_tree import assert_clean_exit, assert_one_line_refusal
from click.testing import CliRunner, Result

from hotspot_tui.cli import cli

LONDON = ZoneInfo("Europe/London")
ODD_AREA = "=SUM(1) [/] Centre"
FORCE_STAFF = (
    "Employee number,Warrant no,Surname,Forename,Rank,Job title,Annual salary,Weekly hours\n"
    'HC104233,4521,Patel,Asha,Sergeant,Police Sergeant,"£52,064.00",40\n'
    'HC104234,1234,Jones,Kim,Constable,Police Constable,"£50,257.00",40\n'
    'HC104235,7001,Smith,John,,PCSO,"£23,406.00",37\n'
)
COUNCIL_STAFF = (
    "Staff number,Name,Role,Employer\n"
    "WBC0001,Lee Brown,Community Safety Warden,Watford Borough Council\n"
)
ROLE = {"HC104233": "officer", "HC104234": "officer", "HC104235": "pcso", "WBC0001": "ceo"}
SUPERVISOR, INSPECTOR = "PS 1234 Patel", "Insp 77 Mercer"

# (key, area, start, end, people, booked: {payroll: (on, off)} or "planned", approved, outcomes)
PATROLS = [
    ("sep", "St Albans", "2026-09-30 22:00", "2026-10-01 02:00", ["HC104233"], "planned", True,
     {"arrests": 5, "informal_warnings": 7}),
    ("first", "Watford", "2026-10-02 18:00", "2026-10-03 02:00",
     ["HC104233", "HC104234", "HC104235", "WBC0001"], "planned", True,
     {"arrests": 2, "stop_searches": 3, "weapons": 1, "dispersals": 2, "cpw": 1,
      "informal_warnings": 4}),
    ("clocks", "Watford", "2026-10-24 22:00", "2026-10-25 06:00", ["HC104234", "HC104235"],
     "planned", False, {"cpn": 1, "pspo": 1, "informal_warnings": 2, "other": 1}),
    ("unbooked", "St Albans", "2026-10-15 18:00", "2026-10-15 22:00", ["HC104235"], None, False, {}),
    ("last", ODD_AREA, "2026-10-31 22:00", "2026-11-01 02:00", ["HC104233", "WBC0001"],
     {"HC104233": ("2026-10-31 22:00", "2026-11-01 03:10"), "WBC0001": None}, True,
     {"arrests": 1, "informal_warnings": 1}),
]
OUTCOME_KEYS = ("arrests", "stop_searches", "weapons", "dispersals", "cpw", "cpn", "pspo",
                "informal_warnings", "other")


def _instant(text: str) -> datetime:
    """A London wall time as a UTC instant (aware datetimes in one zone subtract as wall
    clocks, so the difference is taken in UTC)."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON).astimezone(UTC)


def _minutes(on: str, off: str) -> int:
    return int((_instant(off) - _instant(on)).total_seconds() // 60)


def run(*args: str, actor: str = SUPERVISOR) -> Result:
    return CliRunner().invoke(cli, ["--as", actor, *args])


def ok(*args: str, actor: str = SUPERVISOR) -> str:
    result = run(*args, actor=actor)
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


def build(folder: Path) -> dict[str, str]:
    """The operation of PATROLS, from `db init` on (HOTSPOT_DB names the file)."""
    ok("db", "init")
    (folder / "operation.toml").write_text(ok("setup", "--example"), encoding="utf-8")
    ok("setup", "operation.toml")
    ok("area", "add", ODD_AREA, "--district", "Watford", "--cost-code", "HAF-WA-ODD")
    (folder / "force.csv").write_text(FORCE_STAFF, encoding="utf-8")
    (folder / "council.csv").write_text(COUNCIL_STAFF, encoding="utf-8")
    ok("import", "staff", "force.csv")
    ok("import", "staff", "council.csv")
    refs = {}
    for key, area, start, end, people, booked, approved, outcomes in PATROLS:
        ok("patrol", "add", "--area", area, "--start", start, "--end", end,
           "--need", "officer=2,pcso=1,ceo=1")
        [ref] = [p["ref"] for p in json.loads(ok("patrol", "list", "--from", start[:10], "--to",
                                                 start[:10], "--json")) if p["area"] == area]
        refs[key] = ref
        ok("assign", ref, *people, "--told", "2026-09-01")
        if booked == "planned":
            ok("book", ref, "--as-planned")
        elif isinstance(booked, dict):
            for number, times in booked.items():
                if times is not None:
                    ok("book", ref, number, "--on", times[0], "--off", times[1],
                       "--reason", "Arrest at 01:40, custody handover")
            ok("book", ref, "--as-planned")
        if approved:
            ok("approve", ref, actor=INSPECTOR)
        if outcomes:
            ok("outcome", ref, *(x for k, v in outcomes.items()
                                 for x in (f"--{k.replace('_', '-')}", str(v))), "--confirm")
    return refs


@pytest.fixture(scope="module")
def station(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("monthly")
    mp = pytest.MonkeyPatch()
    mp.setenv("HOTSPOT_DB", str(folder / "station.db"))
    mp.chdir(folder)
    refs = build(folder)
    yield folder, refs
    mp.undo()


def expected(month: str) -> dict[tuple[str, str], int | None]:
    """Every figure of the month, counted here from PATROLS: (area, figure) -> value."""
    figures: dict[tuple[str, str], int | None] = Counter()  # type: ignore[assignment]
    for _key, area, start, end, people, booked, _approved, outcomes in PATROLS:
        if start[:7] != month:
            continue
        worked = []
        for number in people:
            if booked == "planned" or (isinstance(booked, dict) and booked.get(number) is None):
                worked.append((number, _minutes(start, end)))
            elif isinstance(booked, dict):
                worked.append((number, _minutes(*booked[number])))
        for where in (area, "Total"):
            for number, minutes in worked:
                figures[where, f"hours_{ROLE[number]}"] += minutes
                figures[where, "hours_total"] += minutes
            figures[where, "patrols"] += 1 if worked else 0
            for k, v in outcomes.items():
                name = "other_outcomes" if k == "other" else k if k in (
                    "arrests", "stop_searches", "weapons") else f"asb_{k}"
                figures[where, name] += v
                if name.startswith("asb_"):
                    figures[where, "asb_powers_total"] += v
    return figures


def csv_figures(text: str) -> tuple[dict[tuple[str, str], str], list[list[str]]]:
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["month", "from", "to", "area", "figure", "label", "value", "unit", "note"]
    body = [r for r in rows[1:] if r[0] != "AUDIT"]
    return {(r[3], r[4]): r[6] for r in body}, body


def _value(text: str, unit: str) -> int:
    return int(Decimal(text) * 60) if unit == "hours" else int(text)


def test_every_figure_of_october_matches_a_count_made_from_what_was_typed(station) -> None:  # type: ignore[no-untyped-def]
    text = ok("report", "monthly", "--month", "2026-10", "--format", "csv")
    got, body = csv_figures(text)
    want = expected("2026-10")
    # hand-checked anchors: the night the clocks went back is 9 hours, the late booking 5 h 10
    assert want["Watford", "hours_officer"] == 8 * 60 * 2 + 9 * 60
    assert want[ODD_AREA, "hours_officer"] == 5 * 60 + 10
    assert {r[0] for r in body} == {"2026-10"}
    assert {(r[1], r[2]) for r in body} == {("2026-10-01", "2026-10-31")}
    for row in body:
        area, figure, value, unit = row[3], row[4], row[6], row[7]
        area = ODD_AREA if area == "'" + ODD_AREA else area
        if figure == "asb_incidents":
            assert value == "" and row[8] == "not yet published/imported"
            continue
        if area == "Total" and figure.startswith(("bookings_", "hours_awaiting", "people_",
                                                  "patrols_not")):
            continue
        assert _value(value, unit) == want.get((area, figure), 0), (area, figure, value)
    assert "'" + ODD_AREA in {r[3] for r in body}, "a formula-like area name is made inert"
    assert ODD_AREA not in {r[3] for r in body}
    # the state of the bookings: the clocks night is not approved, one PCSO not booked
    assert got["Total", "bookings_awaiting_approval"] == "2"
    assert got["Total", "hours_awaiting_approval"] == "18.00"
    assert (got["Total", "people_not_booked"], got["Total", "patrols_not_booked"]) == ("1", "1")
    assert got["Total", "people_to_come"] == "0"
    assert got["Total", "asb_informal_warnings"] == "7"
    assert text.rstrip().splitlines()[-1].startswith("AUDIT,Audit checkpoint,")


def test_september_holds_the_patrol_that_began_the_evening_before_october(station) -> None:  # type: ignore[no-untyped-def]
    got, _ = csv_figures(ok("report", "monthly", "--month", "2026-09", "--format", "csv"))
    assert got["St Albans", "hours_officer"] == "4.00"
    assert (got["Total", "arrests"], got["Total", "asb_informal_warnings"]) == ("5", "7")
    assert got["Total", "patrols"] == "1"


def test_the_markdown_says_what_the_month_covers_and_what_is_left_out(station) -> None:  # type: ignore[no-untyped-def]
    md = ok("report", "monthly", "--month", "2026-10")
    assert md.startswith("# Monthly return: October 2026\n")
    assert "Covers 01 to 31 October 2026 (Europe/London calendar month; a patrol counts in the " \
        "month of the day it starts)." in md
    assert "Hours include 2 bookings (18.00 h) not yet approved for payment." in md
    assert "Not counted: 1 person on 1 patrol that has ended but is not booked yet." in md
    assert "police data for October 2026 is not yet published/imported" in md
    want = expected("2026-10")
    total = want["Total", "hours_total"]
    assert total == 3550  # 4 x 8 h, 2 x 9 h, 5 h 10 and 4 h
    assert "| Person-hours, all roles | 59.1667 |" in md  # 4 places when not exact
    assert "| Informal warnings | 7 |" in md
    assert f"| {ODD_AREA} | " in md
    assert md.rstrip().splitlines()[-1].startswith("Audit checkpoint: ")


def test_xlsx_holds_the_same_figures_as_numbers_and_the_checkpoint(station) -> None:  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    folder, _ = station
    result = run("report", "monthly", "--month", "2026-10", "--out", "october.xlsx")
    assert result.exit_code == 0, result.output
    path = folder / "october.xlsx"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    wb = load_workbook(path)
    sheet = wb["Return 2026-10"]
    rows = list(sheet.iter_rows(values_only=True))
    csv_got, _ = csv_figures(ok("report", "monthly", "--month", "2026-10", "--format", "csv"))
    assert len(rows) - 1 == len(csv_got)
    for month, _first, _last, area, figure, _label, value, _unit, note in rows[1:]:
        assert month == "2026-10"
        if figure == "asb_incidents":
            assert value is None and note == "not yet published/imported"
            continue
        assert isinstance(value, (int, float)), (area, figure, value)
        assert Decimal(str(value)) == Decimal(csv_got["'" + ODD_AREA if area == ODD_AREA else area,
                                                      figure]), (area, figure)
    [odd] = [c for c in sheet["D"] if c.value == ODD_AREA][:1]
    assert odd.data_type == "s" and odd.quotePrefix, "the formula-like name is a text cell"
    held = ok("audit", "verify", "--against", str(path))
    assert held.startswith("ok:")


def test_files_are_new_and_owner_only_and_never_replace_or_follow(station) -> None:  # type: ignore[no-untyped-def]
    folder, _ = station
    for fmt in ("md", "csv"):
        target = folder / f"return.{fmt}"
        assert run("report", "monthly", "--month", "2026-10", "--out", str(target)).exit_code == 0
        assert stat.S_IMODE(target.stat().st_mode) == 0o600
        before = target.read_bytes()
        line = assert_one_line_refusal(run("report", "monthly", "--month", "2026-10", "--out",
                                           str(target)))
        assert "already exists" in line and target.read_bytes() == before
    victim = folder / "victim.txt"
    victim.write_text("keep me")
    link = folder / "link.csv"
    os.symlink(victim, link)
    line = assert_one_line_refusal(run("report", "monthly", "--month", "2026-10", "--out", str(link)))
    assert "already exists" in line and victim.read_text() == "keep me"
    md = (folder / "return.md").read_text(encoding="utf-8")
    assert md.startswith("# Monthly return: October 2026")
    assert (folder / "return.csv").read_text(encoding="utf-8").startswith("month,from,to,area")


@pytest.mark.parametrize(("args", "words"), [
    (["--month", "2026-13"], "is not a month: write it as YYYY-MM"),
    (["--month", "10/2026"], "is not a month"),
    (["--month", ""], "is not a month"),
    (["--month", "1999-12"], "out of range"),
    ([], "Missing option '--month'"),
    (["--month", "2026-10", "--format", "pdf"], "'pdf' is not one of"),
    (["--month", "2026-10", "--format", "xlsx"], "an XLSX goes to a file"),
    (["--month", "2026-10", "--out", "/no/such/folder/r.md"], "no folder"),
])
def test_bad_arguments_get_one_line_and_exit_2(station, args: list[str], words: str) -> None:  # type: ignore[no-untyped-def]
    line = assert_one_line_refusal(run("report", "monthly", *args))
    assert words in line, line


def test_range_options_belong_to_report_alone(station) -> None:  # type: ignore[no-untyped-def]
    line = assert_one_line_refusal(run("report", "--from", "2026-10-01", "monthly", "--month", "2026-10"))
    assert "--from" in line and "report monthly" in line
    assert_clean_exit(run("report", "--format", "csv"), (0,))


def test_a_file_with_no_operation_yet_gives_a_return_of_noughts(tmp_path: Path) -> None:
    db = tmp_path / "empty.db"
    assert run("db", "init", "--db", str(db)).exit_code == 0
    got, body = csv_figures(ok("report", "monthly", "--month", "2026-10", "--format", "csv",
                               "--db", str(db)))
    assert {r[3] for r in body} == {"Total"}
    assert got["Total", "hours_total"] == "0.00" and got["Total", "asb_incidents"] == ""


# --- with October's police data imported ---------------------------------------------------

POLICE_HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,"
                 "LSOA name,Crime type,Last outcome category,Context")
FORCE = "Hertfordshire Constabulary"
WATFORD = (51.6562, -0.3965, 800)  # the example operation's centre and radius
ODD_PLACE = (51.7000, -0.2000, 300)  # set below with `area geography`
FAR = (52.5000, -1.0000)


def _metres(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (math.sin((lat2 - lat1) / 2) ** 2
         + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2)
    return 2 * 6_371_008.8 * math.asin(math.sqrt(h))


def police_rows() -> list[tuple[str, float | None, float | None]]:
    """(crime type, latitude, longitude): ASB in and around the areas, other crime, ASB far
    away and ASB without a location."""
    rows: list[tuple[str, float | None, float | None]] = []
    for i in range(6):
        rows.append(("Anti-social behaviour", WATFORD[0] + 0.0004 * i, WATFORD[1] - 0.0003 * i))
    for i in range(3):
        rows.append(("Anti-social behaviour", ODD_PLACE[0] + 0.0005 * i, ODD_PLACE[1]))
    for i in range(4):
        rows.append(("Violence and sexual offences", WATFORD[0] + 0.0002 * i, WATFORD[1]))
    rows += [("Anti-social behaviour", FAR[0] + 0.01 * i, FAR[1]) for i in range(5)]
    rows += [("Anti-social behaviour", None, None)] * 2
    return rows


def police_csv(month: str) -> str:
    lines = [POLICE_HEADER]
    for n, (kind, lat, lon) in enumerate(police_rows()):
        crime_id = "" if kind == "Anti-social behaviour" else f"{n:064x}"
        where = "" if lat is None else f"{lon:.6f},{lat:.6f}"
        where = where or ","
        lines.append(f"{crime_id},{month},{FORCE},{FORCE},{where},On or near High Street,"
                     f"E01023{n % 100:03d},Watford 0{n % 10}A,{kind},,")
    return "\n".join(lines) + "\n"


def counted_inside(centre: tuple[float, float, int]) -> int:
    return sum(1 for kind, lat, lon in police_rows()
               if kind == "Anti-social behaviour" and lat is not None and lon is not None
               and _metres((lat, lon), centre[:2]) <= centre[2])


@pytest.fixture(scope="module")
def with_police(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    folder = tmp_path_factory.mktemp("monthly-police")
    mp = pytest.MonkeyPatch()
    mp.setenv("HOTSPOT_DB", str(folder / "station.db"))
    mp.chdir(folder)
    build(folder)
    ok("area", "geography", ODD_AREA, "--centre", f"{ODD_PLACE[0]},{ODD_PLACE[1]}",
       "--radius", str(ODD_PLACE[2]))
    ok("area", "add", "Nowhere Yet", "--district", "Watford", "--cost-code", "HAF-WA-NOW")
    (folder / "2026-10-hertfordshire-street.csv").write_text(police_csv("2026-10"), encoding="utf-8")
    ok("import", "crime", "2026-10-hertfordshire-street.csv")
    yield folder
    mp.undo()


def test_asb_incidents_per_area_match_a_count_made_from_the_file(with_police) -> None:  # type: ignore[no-untyped-def]
    got, body = csv_figures(ok("report", "monthly", "--month", "2026-10", "--format", "csv"))
    assert counted_inside(WATFORD) == 6 and counted_inside(ODD_PLACE) == 3
    assert got["Watford", "asb_incidents"] == str(counted_inside(WATFORD))
    assert got["'" + ODD_AREA, "asb_incidents"] == str(counted_inside(ODD_PLACE))
    assert got["St Albans", "asb_incidents"] == "0", "a month held with no ASB there is 0"
    assert got["Nowhere Yet", "asb_incidents"] == ""
    notes = {(r[3], r[4]): r[8] for r in body}
    assert notes["Nowhere Yet", "asb_incidents"] == "area has no geography"
    assert got["Total", "asb_incidents"] == "9"
    assert notes["Total", "asb_incidents"] == "leaves out Nowhere Yet (area has no geography)"
    # the patrols' figures are those of the file without police data
    assert got["Watford", "hours_officer"] == "25.00"
    md = ok("report", "monthly", "--month", "2026-10")
    assert ("ASB incidents: anti-social behaviour recorded by Hertfordshire Constabulary "
            "(data.police.uk, October 2026) inside each area's geography; 2 records without a "
            "location counted only in areas set by LSOA. No count for 1 area with no geography: "
            "Nowhere Yet.") in md
    assert "| ASB incidents (police data) | 9 |" in md
    # a month with no police data imported still says so, and importing again changes nothing
    later, _ = csv_figures(ok("report", "monthly", "--month", "2026-11", "--format", "csv"))
    assert later["Watford", "asb_incidents"] == "" and later["Total", "asb_incidents"] == ""
    ok("import", "crime", "2026-10-hertfordshire-street.csv")
    again, _ = csv_figures(ok("report", "monthly", "--month", "2026-10", "--format", "csv"))
    assert again == got
