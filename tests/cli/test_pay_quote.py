"""`hotspot-tui pay quote` end to end through the root command group."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli


def run(*args: str):
    return CliRunner().invoke(cli, ["pay", "quote", *args])


def quote_json(*args: str) -> dict:
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


PC = ("--kind", "officer", "--rank", "constable", "--salary", "43800")


@pytest.mark.parametrize(
    ("args", "lines", "total_minutes"),
    [
        # £43,800 → 2,100 p/h; × 4/3 = 2,800 p/h
        ((*PC, "--start", "2026-10-24 22:00", "--end", "2026-10-25 06:00"),
         [("OT_4_3", 540, 25200)], 540),
        ((*PC, "--start", "2026-03-28 22:00", "--end", "2026-03-29 06:00"),
         [("OT_4_3", 420, 19600)], 420),
        # 11 h × 3,150 = 34,650 rest day; 2 h × 4,200 = 8,400 May Day from 07:00
        ((*PC, "--start", "2026-05-03 20:00", "--end", "2026-05-04 09:00", "--rest-day",
          "--told", "2026-04-30"),
         [("RD_1_5", 660, 34650), ("PH_2_0", 120, 8400)], 780),
        # Boxing Day on Saturday is ordinary overtime; the observed Monday is × 2
        ((*PC, "--start", "2026-12-26 10:00", "--end", "2026-12-26 18:00"),
         [("OT_4_3", 480, 22400)], 480),
        ((*PC, "--start", "2026-12-28 10:00", "--end", "2026-12-28 18:00", "--told", "2026-11-01"),
         [("PH_2_0", 480, 33600)], 480),
        # rest day 3 h 59 on 14 clear days → 4 h × 3,150
        ((*PC, "--start", "2026-06-17 10:00", "--end", "2026-06-17 13:59", "--rest-day",
          "--told", "2026-06-02"),
         [("RD_1_5", 240, 12600)], 239),
        ((*PC, "--start", "2026-06-17 10:00", "--end", "2026-06-17 18:00", "--rest-day",
          "--told", "2026-06-01"),
         [("RD_LIEU", 480, 0)], 480),
        # casual 45 min: occasion 1 pays 15 min (700), occasion 5 pays 45 min (2,100)
        ((*PC, "--start", "2026-06-16 18:00", "--end", "2026-06-16 18:45", "--casual"),
         [("OT_4_3", 15, 700)], 45),
        ((*PC, "--start", "2026-06-16 18:00", "--end", "2026-06-16 18:45", "--casual",
          "--occasion", "5"),
         [("OT_4_3", 45, 2100)], 45),
        ((*PC, "--start", "2026-06-16 18:00", "--end", "2026-06-16 18:14"),
         [("OT_NIL", 0, 0)], 14),
        (("--kind", "officer", "--rank", "inspector", "--salary", "60000",
          "--start", "2026-08-31 10:00", "--end", "2026-08-31 18:00"),
         [("NIL_RANK", 480, 0)], 480),
        # PCSO £27,010 → 1,400 p/h; 30.5 h before: 6 h 30 plain 9,100 + 1 h 30 × 2,100 = 3,150
        (("--kind", "pcso", "--salary", "27010", "--worked-this-week", "30.5",
          "--start", "2026-06-16 10:00", "--end", "2026-06-16 18:00"),
         [("PCSO_PLAIN", 390, 9100), ("PCSO_1_5", 90, 3150)], 480),
        # council 2,150 p/h weekday; the October Saturday night at the same rate (no table)
        (("--kind", "ceo", "--rate", "2150", "--start", "2026-06-17 10:00",
          "--end", "2026-06-17 18:00"),
         [("CEO_WEEKDAY", 480, 17200)], 480),
        # repeated hour, later: 01:30 GMT → 09:00 GMT is 7 h 30 × 2,800 = 21,000
        ((*PC, "--start", "2026-10-25 01:30", "--end", "2026-10-25 09:00", "--fold", "later"),
         [("OT_4_3", 450, 21000)], 450),
        ((*PC, "--start", "2026-10-25 01:30", "--end", "2026-10-25 09:00", "--fold", "earlier"),
         [("OT_4_3", 510, 23800)], 510),
        # the zone typed after the time says which, as in every other time field
        ((*PC, "--start", "2026-10-25 01:30 GMT", "--end", "2026-10-25 09:00"),
         [("OT_4_3", 450, 21000)], 450),
        ((*PC, "--start", "2026-10-24 18:00", "--end", "2026-10-25 01:30 GMT"),
         [("OT_4_3", 510, 23800)], 510),
    ],
)
def test_quote_json(args, lines, total_minutes):
    data = quote_json(*args)
    assert [(ln["code"], ln["minutes"], ln["amount_pence"]) for ln in data["lines"]] == lines
    assert data["total_minutes"] == total_minutes
    assert data["total_pence"] == sum(p for *_, p in lines)
    assert set(data) == {"lines", "total_minutes", "total_pence", "owed"}
    assert all(
        set(ln) == {"code", "minutes", "rate_pence", "multiplier", "amount_pence", "reason"}
        for ln in data["lines"]
    )


def test_json_numbers():
    data = quote_json("--kind", "officer", "--rank", "constable", "--salary", "50257.00",
                      "--start", "2026-10-24 22:00", "--end", "2026-10-25 06:00")
    (line,) = data["lines"]
    # 5,025,700 × 7 / 365 / 40 = 2,409.58219… p/h
    assert line["rate_pence"] == pytest.approx(2409.5822)
    assert line["multiplier"] == pytest.approx(4 / 3, abs=1e-6)
    assert line["amount_pence"] == 28915
    assert data["owed"] == []


def test_owed_is_listed():
    data = quote_json(*PC, "--start", "2026-08-31 10:00", "--end", "2026-08-31 18:00",
                      "--told", "2026-08-24")
    assert data["owed"] == ["day off in lieu owed for 2026-08-31 (told 7 days before)"]


def test_table_output():
    result = run(*PC, "--start", "2026-05-03 20:00", "--end", "2026-05-04 09:00", "--rest-day",
                 "--told", "2026-04-30")
    assert result.exit_code == 0
    assert "RD_1_5" in result.stdout and "PH_2_0" in result.stdout
    assert "£430.50" in result.stdout  # 34,650 + 8,400 = 43,050 p
    assert "day off in lieu" in result.stdout


@pytest.mark.parametrize(
    ("args", "fragment"),
    [
        (("--kind", "bob", "--start", "2026-06-16 10:00", "--end", "2026-06-16 11:00"), "unknown kind"),
        (("--kind", "officer", "--salary", "43800", "--start", "2026-06-16 10:00",
          "--end", "2026-06-16 11:00"), "--rank"),
        ((*PC[:4], "--salary", "lots", "--start", "2026-06-16 10:00", "--end", "2026-06-16 11:00"),
         "not an amount"),
        # documented bounds: dates 2000-2099, a patrol at most 16 h, salary at most £500,000,
        # rate 1 to 50,000 p, contracted more than 0 and at most 56 h, a week at most 168 h
        ((*PC, "--start", "9999-12-31 20:00", "--end", "9999-12-31 23:00"), "between"),
        ((*PC, "--start", "1847-12-01 20:00", "--end", "1847-12-01 23:00"), "between"),
        ((*PC, "--start", "2026-06-16 10:00", "--end", "2026-06-16 11:00", "--told", "0001-01-01"),
         "between"),
        ((*PC, "--start", "2026-06-16 00:00", "--end", "2026-06-17 06:00"), "at most 16 hours"),
        ((*PC[:4], "--salary", "99999999999999", "--start", "2026-06-16 10:00",
          "--end", "2026-06-16 11:00"), "at most £500,000"),
        ((*PC[:4], "--salary", "500000.01", "--start", "2026-06-16 10:00",
          "--end", "2026-06-16 11:00"), "at most £500,000"),
        ((*PC, "--rate", "2000", "--start", "2026-06-16 10:00", "--end", "2026-06-16 11:00"),
         "not both"),
        (("--kind", "ceo", "--rate", "50001", "--start", "2026-06-16 10:00",
          "--end", "2026-06-16 11:00"), "1 to 50000"),
        (("--kind", "pcso", "--salary", "27010", "--contracted", "200",
          "--start", "2026-06-16 10:00", "--end", "2026-06-16 11:00"), "cannot exceed 56"),
        (("--kind", "pcso", "--salary", "27010", "--contracted", "0",
          "--start", "2026-06-16 10:00", "--end", "2026-06-16 11:00"), "more than 0"),
        (("--kind", "pcso", "--salary", "27010", "--worked-this-week", "169",
          "--start", "2026-06-16 10:00", "--end", "2026-06-16 11:00"), "168 hours"),
        ((*PC, "--start", "2026-06-16 10:00", "--end", "2026-06-16 09:00"), "after --start"),
        ((*PC, "--start", "2026-03-29 01:30", "--end", "2026-03-29 06:00"), "does not exist"),
        ((*PC, "--start", "2026-10-25 01:30", "--end", "2026-10-25 06:00"), "--fold"),
        ((*PC, "--start", "tomorrow", "--end", "2026-10-25 06:00"), "not a date and time"),
        ((*PC, "--start", "2026-06-16 10:00", "--end", "2026-06-16 11:00", "--told", "soon"), "--told"),
        ((*PC, "--start", "2026-06-16 10:00", "--end", "2026-06-16 11:00", "--casual",
          "--occasion", "0"), "--occasion"),
        ((*PC, "--start", "2026-06-16 10:00", "--end", "2026-06-16 11:00", "--told", "2026-06-17"),
         "--told is after"),
        ((*PC, "--start", "2026-06-16 10:00"), "--end"),
        ((*PC, "--start", "2026-06-16 10:00", "--end", "2026-06-16 11:00", "--salry", "1"), "--salry"),
        (("--kind", "ceo", "--start", "2026-06-16 10:00", "--end", "2026-06-16 11:00"), "--rate"),
        (("--kind", "pcso", "--salary", "27010", "--worked-this-week", "x",
          "--start", "2026-06-16 10:00", "--end", "2026-06-16 11:00"), "--worked-this-week"),
    ],
)
def test_bad_arguments_one_line_exit_2(args, fragment):
    result = run(*args)
    assert result.exit_code == 2
    err = result.stderr.strip()
    assert err.startswith("hotspot-tui: ")
    assert "\n" not in err
    assert fragment in err
    assert "Traceback" not in result.output


def test_employer_rates_from_database(demo_db):
    # Watford Borough Council: weekday 2,150, weekend 2,580, holiday 3,225 p/h.
    # Sun 30 Aug 20:00 → Mon 31 Aug 02:00: 4 h × 2,580 = 10,320 + 2 h × 3,225 = 6,450
    result = CliRunner().invoke(cli, [
        "--db", str(demo_db), "pay", "quote", "--kind", "ceo", "--employer", "watford borough council",
        "--start", "2026-08-30 20:00", "--end", "2026-08-31 02:00", "--json",
    ])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [(ln["code"], ln["amount_pence"]) for ln in data["lines"]] == [
        ("CEO_WEEKEND", 10320), ("CEO_HOLIDAY", 6450)
    ]


def test_unknown_employer(demo_db):
    result = CliRunner().invoke(cli, [
        "pay", "quote", "--db", str(demo_db), "--kind", "ceo", "--employer", "Nowhere Council",
        "--start", "2026-08-30 20:00", "--end", "2026-08-31 02:00",
    ])
    assert result.exit_code == 2
    assert "no employer named" in result.stderr
