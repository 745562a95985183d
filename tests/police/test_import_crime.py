"""`hotspot-tui import crime` and `area geography` on an operation set up from an empty file:
the real sample and generated months go in, the counts inside each area agree with a
count made here from the CSV, importing again replaces, and every bad file is refused in
one line with nothing written."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
import zipfile
from pathlib import Path

import pytest

from hotspot_tui.services.police_data import (
    area_counts_by_month,
    crime_types,
    force_month_totals,
    loaded_force_months,
)
from hotspot_tui.services.session import open_reading_session
from tests.cli.fresh_operation import ACTOR, ok, run
from tests.police.street_files import (
    FORCE,
    HEADER,
    HODDESDON,
    SAMPLE,
    count_in_circle,
    count_in_lsoas,
    count_in_rectangle,
    generated_month,
    rectangle_geojson,
    rows_of,
    station,
)

ASB = "Anti-social behaviour"
LSOAS = {"E01023320", "E01023321", "E01023330"}
RECT = (51.765, -0.016, 51.776, -0.004)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return station(tmp_path)


def _place_three(db: Path, tmp_path: Path) -> None:
    ok(db, "area", "geography", "Waltham Cross", "--centre", f"{HODDESDON[0]},{HODDESDON[1]}",
       "--radius", "800")
    ok(db, "area", "geography", "Hertford", "--lsoa", ",".join(sorted(LSOAS)).lower())
    polygon = tmp_path / "rectangle.geojson"
    polygon.write_text(rectangle_geojson(*RECT), encoding="utf-8")
    ok(db, "area", "geography", "Hitchin", "--polygon", str(polygon))


THREE = {"Waltham Cross", "Hertford", "Hitchin"}


def _counts(db: Path, first: str, last: str, crime_type: str | None = None,
            names: set[str] | None = THREE) -> dict[str, dict[str, int]]:
    """Records inside each placed area (of `names`; None: every one) by month."""
    session = open_reading_session(db, ACTOR)
    try:
        return {a.name: a.months for a in area_counts_by_month(session, first, last, crime_type=crime_type)
                if names is None or a.name in names}
    finally:
        session.close()


def _expected(rows: list[dict[str, str]], crime_type: str | None = None) -> dict[str, dict[str, int]]:
    return {
        "Waltham Cross": dict(count_in_circle(rows, *HODDESDON, 800, crime_type)),
        "Hertford": dict(count_in_lsoas(rows, LSOAS, crime_type)),
        "Hitchin": dict(count_in_rectangle(rows, *RECT, crime_type)),
    }


def _with_zeros(expected: dict[str, dict[str, int]], months: list[str]) -> dict[str, dict[str, int]]:
    return {name: {m: counts.get(m, 0) for m in months} for name, counts in expected.items()}


def _table(db: Path, sql: str) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _fresh_counts(db: Path) -> list[tuple[object, ...]]:
    """What `area_crime_counts` holds, to compare before and after."""
    return _table(db, "SELECT area_id, month, crime_type, records FROM area_crime_counts ORDER BY 1, 2, 3")


def test_the_real_sample_counted_inside_each_area(db: Path, tmp_path: Path) -> None:
    _place_three(db, tmp_path)
    out = ok(db, "import", "crime", str(SAMPLE))
    assert out.strip() == (f"imported Hertfordshire Constabulary 2018-12: 133 rows, 0 without a "
                           f"location, from {SAMPLE.name}")
    rows = rows_of(SAMPLE)
    expected = _expected(rows)
    assert all(sum(v.values()) > 5 for v in expected.values()), "the places hold some of the sample"
    assert _counts(db, "2018-01", "2018-12") == _with_zeros(expected, ["2018-12"])
    assert _counts(db, "2018-12", "2018-12", ASB) == _with_zeros(_expected(rows, ASB), ["2018-12"])
    session = open_reading_session(db, ACTOR)
    try:
        [month] = loaded_force_months(session)
        assert (month.force, month.month, month.rows, month.unlocated, month.sample) == \
            ("Hertfordshire Constabulary", "2018-12", 133, 0, False)
        assert ASB in crime_types(session) and "Drugs" in crime_types(session)
        totals = force_month_totals(session, "2018-12", "2018-12")["2018-12"]
        assert totals[ASB] == sum(1 for r in rows if r["Crime type"] == ASB)
        assert sum(totals.values()) == 133
    finally:
        session.close()
    [(details,)] = _table(db, "SELECT details FROM audit_log WHERE action = 'police_data.import'")
    assert '"rows":133' in str(details) and SAMPLE.name in str(details)


def test_importing_again_replaces_the_month_and_keeps_repeated_asb_rows(db: Path, tmp_path: Path) -> None:
    _place_three(db, tmp_path)
    month = tmp_path / "2026-09-hertfordshire-street.csv"
    month.write_text(generated_month("2026-09", 2000, seed=1), encoding="utf-8")
    ok(db, "import", "crime", str(month))
    rows = rows_of(month)
    assert len(rows) > 2000, "the generator repeated some ASB rows"
    assert _table(db, "SELECT rows FROM police_force_months") == [(len(rows),)]
    first = _fresh_counts(db)
    again = ok(db, "import", "crime", str(month))
    assert f"replacing {len(rows):,} rows imported before" in again
    assert _table(db, "SELECT count(*), sum(crime_id IS NULL) FROM police_records") == \
        [(len(rows), sum(1 for r in rows if not r["Crime ID"]))]
    assert _fresh_counts(db) == first
    # a corrected file for the month replaces it: the counts follow it, never adding up
    month.write_text(generated_month("2026-09", 1500, seed=2), encoding="utf-8")
    ok(db, "import", "crime", str(month))
    assert _counts(db, "2026-09", "2026-09") == _with_zeros(_expected(rows_of(month)), ["2026-09"])
    assert _table(db, "SELECT count(*) FROM police_force_months") == [(1,)]
    assert _table(db, "SELECT count(*) FROM audit_log WHERE action = 'police_data.import'") == [(3,)]


def test_rows_without_a_location_are_kept_and_counted(db: Path, tmp_path: Path) -> None:
    _place_three(db, tmp_path)
    month = tmp_path / "2026-10-hertfordshire-street.csv"
    month.write_text(generated_month("2026-10", 600, seed=3, unlocated=40), encoding="utf-8")
    total = len(rows_of(month))
    assert f"{total:,} rows, 40 without a location" in ok(db, "import", "crime", str(month))
    assert _table(db, "SELECT rows, unlocated FROM police_force_months") == [(total, 40)]
    assert _table(db, "SELECT count(*) FROM police_records WHERE latitude IS NULL") == [(40,)]
    assert _counts(db, "2026-10", "2026-10") == _with_zeros(_expected(rows_of(month)), ["2026-10"])


def test_the_archive_as_downloaded(db: Path, tmp_path: Path) -> None:
    _place_three(db, tmp_path)
    archive = tmp_path / "police-data.zip"
    texts = {m: generated_month(m, 300, seed=i) for i, m in enumerate(["2026-07", "2026-08"])}
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for m, text in texts.items():
            z.writestr(f"{m}/{m}-hertfordshire-street.csv", text)
            z.writestr(f"{m}/{m}-hertfordshire-outcomes.csv", "Crime ID,Month\nx,y\n")
            z.writestr(f"{m}/{m}-hertfordshire-stop-and-search.csv", "Type,Date\nx,y\n")
    out = ok(db, "import", "crime", str(archive))
    assert out.count("imported Hertfordshire Constabulary") == 2
    assert "police-data.zip:2026-07/2026-07-hertfordshire-street.csv" in out
    written = []
    for m, text in texts.items():
        path = tmp_path / f"{m}-hertfordshire-street.csv"
        path.write_text(text, encoding="utf-8")
        written.append(path)
    rows = rows_of(*written)
    assert _counts(db, "2026-01", "2026-12") == _with_zeros(_expected(rows), ["2026-07", "2026-08"])
    assert _table(db, "SELECT month, rows FROM police_force_months ORDER BY month") == \
        [(m, len(rows_of(p))) for m, p in zip(texts, written, strict=True)]


def test_changing_an_areas_geography_counts_again(db: Path, tmp_path: Path) -> None:
    month = tmp_path / "2026-06-hertfordshire-street.csv"
    month.write_text(generated_month("2026-06", 1000, seed=5), encoding="utf-8")
    for name in THREE:  # setup --example placed them at their town centres
        ok(db, "area", "geography", name, "--clear")
    ok(db, "import", "crime", str(month))
    assert _counts(db, "2026-06", "2026-06") == {}, "the three are not placed"
    _place_three(db, tmp_path)  # placed after the import: counted from the records there
    rows = rows_of(month)
    assert _counts(db, "2026-06", "2026-06") == _with_zeros(_expected(rows), ["2026-06"])
    ok(db, "area", "geography", "Waltham Cross", "--centre", f"{HODDESDON[0]},{HODDESDON[1]}",
       "--radius", "300")
    assert _counts(db, "2026-06", "2026-06")["Waltham Cross"] == \
        {"2026-06": count_in_circle(rows, *HODDESDON, 300)["2026-06"]}
    ok(db, "area", "geography", "Waltham Cross", "--lsoa", "E01023317")
    assert _counts(db, "2026-06", "2026-06")["Waltham Cross"] == \
        {"2026-06": count_in_lsoas(rows, {"E01023317"})["2026-06"]}
    assert "has no geography now" in ok(db, "area", "geography", "Waltham Cross", "--clear")
    assert "Waltham Cross" not in _counts(db, "2026-06", "2026-06")
    assert _table(db, "SELECT count(*) FROM area_crime_counts c JOIN areas a ON a.id = c.area_id "
                      "WHERE a.name = 'Waltham Cross'") == [(0,)]
    assert _table(db, "SELECT count(*) FROM audit_log WHERE action LIKE 'area.geography%'") == [(12 + 3 + 6,)]


def test_several_files_a_bad_one_is_named_and_the_good_ones_go_in(db: Path, tmp_path: Path) -> None:
    good = tmp_path / "2026-05-hertfordshire-street.csv"
    good.write_text(generated_month("2026-05", 50, seed=6), encoding="utf-8")
    bad = tmp_path / "2026-04-hertfordshire-street.csv"
    bad.write_text(generated_month("2026-04", 50, seed=7).replace("2026-04", "2026-4", 1), encoding="utf-8")
    result = run(db, "import", "crime", str(bad), str(good), str(tmp_path / "missing.csv"))
    assert result.exit_code != 0
    assert "imported Hertfordshire Constabulary 2026-05" in result.stdout
    lines = result.stderr.splitlines()
    assert lines[0].startswith(f"not imported: {bad.name} line 2: Month '2026-4' is not a month")
    assert lines[1].startswith("hotspot-tui: no file at") and lines[1].endswith("(2 files not imported)")
    assert len(lines) == 2
    assert "Traceback" not in result.output
    assert _table(db, "SELECT month FROM police_force_months") == [("2026-05",)]


# ------------------------------------------------------------------ bad files, one kind each

def _good(month: str = "2026-03", *, plain: bool = False) -> str:
    """A good file; `plain`: with no value quoted (each comma in a value a semicolon), as
    data.police.uk writes its files, which are read by another path than quoted ones."""
    text = generated_month(month, 30, seed=8)
    if not plain:
        return text
    rows = csv.reader(io.StringIO(text, newline=""))
    return "".join(",".join(value.replace(",", ";") for value in row) + "\n" for row in rows)


def _lines(text: str) -> list[str]:
    return text.splitlines(keepends=True)


def _edit_line(text: str, line: int, old: str, new: str) -> str:
    lines = _lines(text)
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    return "".join(lines)


def _bad_month(text: str) -> str:
    return _edit_line(text, 5, ",2026-03,", ",2026-13,")


def _other_month(text: str) -> str:
    return _edit_line(text, 7, ",2026-03,", ",2026-02,")


def _bad_longitude(text: str) -> str:
    lines = _lines(text)
    cells = lines[8].split(",")
    cells[4] = "west"
    lines[8] = ",".join(cells)
    return "".join(lines)


def _latitude_out_of_range(text: str) -> str:
    lines = _lines(text)
    cells = lines[9].split(",")
    cells[5] = "951.5"
    lines[9] = ",".join(cells)
    return "".join(lines)


def _one_coordinate(text: str) -> str:
    lines = _lines(text)
    cells = lines[3].split(",")
    cells[5] = ""
    lines[3] = ",".join(cells)
    return "".join(lines)


def _short_row(text: str) -> str:
    lines = _lines(text)
    lines[4] = ",".join(lines[4].split(",")[:8]) + "\n"
    return "".join(lines)


BAD_TEXT = {
    "wrong header": (lambda t: t.replace("Falls within", "Falls in", 1), "the header should be"),
    "outcomes file": (lambda t: "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
                      "LSOA code,LSOA name,Outcome type\n", "the header should be"),
    "bad month": (_bad_month, "line 5: Month '2026-13' is not a month"),
    "month not the file's": (_other_month, "line 7: Month 2026-02 is not the file's month 2026-03"),
    "bad longitude": (_bad_longitude, "line 9: Longitude 'west' is not a number"),
    "latitude out of range": (_latitude_out_of_range, "line 10: Latitude '951.5' is out of range"),
    "one coordinate": (_one_coordinate, "line 4: has one coordinate without the other"),
    "short row": (_short_row, "line 5: 8 columns, not 12"),
    "header only": (lambda t: _lines(t)[0], "has a header but no rows"),
    "empty": (lambda t: "", "is empty"),
    "control characters": (lambda t: _edit_line(t, 6, "On or near", "On or\x1b[2J near"),
                           "line 6: a value holds control characters"),
    "a value too long": (lambda t: _edit_line(t, 11, "On or near", "On or near " + "x" * 600),
                         "line 11: a value is longer than 500 characters"),
    "another force's row": (lambda t: _edit_line(t, 8, ",Hertfordshire Constabulary,H",
                                                 ",Bedfordshire Police,H"),
                            "line 8: Reported by 'Bedfordshire Police' is not the file's force"),
}


def _month_held(db: Path, month: str) -> tuple[list[tuple[object, ...]], ...]:
    """Everything the file holds of one month."""
    return (_table(db, f"SELECT area_id, crime_type, records FROM area_crime_counts WHERE month = '{month}' "
                       "ORDER BY 1, 2"),
            _table(db, f"SELECT * FROM police_force_months WHERE month = '{month}'"),
            _table(db, f"SELECT * FROM police_records WHERE month = '{month}' ORDER BY id"),
            _table(db, f"SELECT count(*) FROM audit_log WHERE entity_id LIKE '% {month}'"))


@pytest.mark.parametrize("quoting", ["quoted", "plain"])
@pytest.mark.parametrize("company", ["alone", "after-another-file"])
@pytest.mark.parametrize("kind", list(BAD_TEXT))
def test_a_bad_file_is_refused_in_one_line_and_nothing_is_written(db: Path, tmp_path: Path,
                                                                  kind: str, company: str,
                                                                  quoting: str) -> None:
    """Alone, a file's rows are checked as they are read; after another file of the same
    command, by a second process while they are written (`rows_checked_ahead`): the same
    line is named either way, and nothing of the file stays. Files with quoted values and
    plain ones are read by different paths: both are tried."""
    _place_three(db, tmp_path)
    earlier = tmp_path / "earlier" / "2026-03-hertfordshire-street.csv"
    earlier.parent.mkdir()
    earlier.write_text(_good(), encoding="utf-8")
    ok(db, "import", "crime", str(earlier))
    before = _month_held(db, "2026-03")
    edit, message = BAD_TEXT[kind]
    plain = quoting == "plain"
    bad = tmp_path / "2026-03-hertfordshire-street.csv"
    bad.write_text(edit(_good(plain=plain)), encoding="utf-8")
    if plain:
        assert '"' not in bad.read_text(encoding="utf-8")
    other = tmp_path / "2026-02-hertfordshire-street.csv"
    other.write_text(_good("2026-02", plain=plain), encoding="utf-8")
    files = [str(bad)] if company == "alone" else [str(other), str(bad)]
    result = run(db, "import", "crime", *files)
    assert result.exit_code != 0
    first = result.stderr.splitlines()[0]
    assert first.startswith(f"hotspot-tui: {bad.name}") and message in first, result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output
    assert _month_held(db, "2026-03") == before, "the earlier import of the month is untouched"
    if company != "alone":
        assert "imported Hertfordshire Constabulary 2026-02: 30 rows" in result.stdout
        assert _table(db, "SELECT rows FROM police_force_months WHERE month = '2026-02'") == [(30,)]


def test_a_bad_row_far_into_a_large_file_undoes_the_rows_read_before_it(db: Path, tmp_path: Path) -> None:
    """The rows are written as they are read, a block of the file at a time: a bad row past
    the first blocks is named by its line and takes every row before it out again."""
    _place_three(db, tmp_path)
    earlier = tmp_path / "earlier" / "2026-03-hertfordshire-street.csv"
    earlier.parent.mkdir()
    earlier.write_text(_good(), encoding="utf-8")
    ok(db, "import", "crime", str(earlier))
    before = _everything(db)
    text = generated_month("2026-03", 6000, seed=10)
    lines = _lines(text)
    assert len(text.encode()) > 3 * (1 << 18) and len(lines) > 6000, "several blocks of the file"
    cells = lines[5999].split(",")
    cells[4] = "west"
    lines[5999] = ",".join(cells)
    bad = tmp_path / "2026-03-hertfordshire-street.csv"
    bad.write_text("".join(lines), encoding="utf-8")
    result = run(db, "import", "crime", str(bad))
    assert result.exit_code != 0
    assert result.stderr.splitlines()[0] == (
        f"hotspot-tui: {bad.name} line 6000: Longitude 'west' is not a number; nothing was imported from it")
    assert _everything(db) == before, "the earlier import of the month is untouched"


def _everything(db: Path) -> tuple[list[tuple[object, ...]], ...]:
    return (_fresh_counts(db), _table(db, "SELECT * FROM police_force_months"),
            _table(db, "SELECT * FROM police_records ORDER BY id"),
            _table(db, "SELECT count(*) FROM audit_log"))


def test_values_are_kept_trimmed_whatever_the_line_ends_and_quoting(db: Path, tmp_path: Path) -> None:
    """Spaces round a value are trimmed, an empty value is none, coordinates are numbers:
    the same for plain lines, quoted values, carriage returns and blank lines."""
    rows = [
        [" ", "2026-02", FORCE, FORCE, "-0.011000", "51.762000", " On or near High Street ", " E01023320",
         "Broxbourne 020A ", " Drugs ", " Under investigation", " "],
        ["", "2026-02", FORCE, FORCE, "", "", "No location", "", "", "Anti-social behaviour", "", ""],
        ["ab12", "2026-02", FORCE, FORCE, "-0.5", "51.5", "On or near Amwell Street, Hoddesdon (North)",
         "E01023321", "Broxbourne 021A", "Burglary", 'Said "no"', "Context, with a comma"],
    ]
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([HEADER.split(","), *rows])
    path = tmp_path / "2026-02-hertfordshire-street.csv"
    path.write_text(out.getvalue().replace("\r\n", "\r\n\r\n", 2), encoding="utf-8", newline="")
    ok(db, "import", "crime", str(path))
    stored = _table(db, "SELECT crime_id, month, longitude, latitude, location, lsoa_code, lsoa_name, "
                        "crime_type, last_outcome, context FROM police_records ORDER BY id")
    expected = []
    for r in rows:
        text = [v.strip(" ") or None for v in r]
        expected.append((text[0], r[1], float(r[4]) if r[4] else None, float(r[5]) if r[5] else None,
                         r[6].strip(" "), *text[7:]))
    assert stored == expected
    assert _table(db, "SELECT crime_type, records, unlocated FROM police_month_types ORDER BY 1") == \
        [("Anti-social behaviour", 1, 1), ("Burglary", 1, 0), ("Drugs", 1, 0)]


@pytest.mark.parametrize("padded", [False, True], ids=["plain", "with-a-padded-value"])
def test_coordinates_are_stored_as_the_numbers_the_file_writes(db: Path, tmp_path: Path,
                                                                padded: bool) -> None:
    """Each coordinate is kept as a number (SQLite's REAL), equal to the decimal the file
    writes, whole numbers and twelve decimal places alike; a row without a place has none.
    The same whether or not some value of the file has spaces to trim."""
    places = [("0", "51"), ("-1", "-0.5"), ("180", "-90"), ("-0.000000000001", "1.123456789012"),
              ("-0.011000", "51.762000"), ("", "")]
    rows = [["", "2026-03", FORCE, FORCE, lon, lat, "On or near High Street" + (" " if padded else ""),
             "E01023320" if lon else "", "Broxbourne 020A" if lon else "", "Drugs", "", ""]
            for lon, lat in places]
    path = tmp_path / "2026-03-hertfordshire-street.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows([HEADER.split(","), *rows])
    ok(db, "import", "crime", str(path))
    stored = _table(db, "SELECT typeof(longitude), typeof(latitude), longitude, latitude "
                        "FROM police_records ORDER BY id")
    assert stored == [("real", "real", float(lon), float(lat)) if lon else ("null", "null", None, None)
                      for lon, lat in places]


def test_a_file_in_another_encoding_is_refused(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "2026-03-hertfordshire-street.csv"
    text = _edit_line(_good(), 20, "On or near", "On or near Café")
    bad.write_bytes(text.encode("cp1252"))
    result = run(db, "import", "crime", str(bad))
    assert result.exit_code != 0
    assert "line 20: not UTF-8 text" in result.stderr and result.stderr.count("\n") == 1
    assert _table(db, "SELECT count(*) FROM police_records") == [(0,)]


def test_a_binary_file_is_refused(db: Path, tmp_path: Path) -> None:
    bad = tmp_path / "2026-03-hertfordshire-street.csv"
    bad.write_bytes(_good().encode()[:400] + b"\x00\x01\x02" * 50)
    result = run(db, "import", "crime", str(bad))
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert result.stderr.startswith(f"hotspot-tui: {bad.name}")
    assert _table(db, "SELECT count(*) FROM police_records") == [(0,)]


def test_a_missing_file_a_folder_and_a_pipe_are_refused(db: Path, tmp_path: Path) -> None:
    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)
    for path, message in ((tmp_path / "nowhere.csv", "no file at"), (tmp_path, "is a folder"),
                          (pipe, "not a regular file")):
        result = run(db, "import", "crime", str(path))
        assert result.exit_code != 0
        assert message in result.stderr.splitlines()[0]
    assert _table(db, "SELECT count(*) FROM police_force_months") == [(0,)]


def test_a_broken_archive_and_one_with_no_street_files(db: Path, tmp_path: Path) -> None:
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    empty = tmp_path / "outcomes.zip"
    with zipfile.ZipFile(empty, "w") as z:
        z.writestr("2026-01/2026-01-hertfordshire-outcomes.csv", "Crime ID\n")
    assert "not a readable zip archive" in run(db, "import", "crime", str(broken)).stderr
    assert "holds no street-level files" in run(db, "import", "crime", str(empty)).stderr


def test_bad_geographies_are_refused_in_one_line(db: Path, tmp_path: Path) -> None:
    polygon = tmp_path / "bowtie.geojson"
    polygon.write_text('{"type": "Polygon", "coordinates": [[[-0.02, 51.76], [0.0, 51.78], '
                       '[0.0, 51.76], [-0.02, 51.78], [-0.02, 51.76]]]}', encoding="utf-8")
    point = tmp_path / "point.geojson"
    point.write_text('{"type": "Point", "coordinates": [-0.02, 51.76]}', encoding="utf-8")
    cases = [
        (["--lsoa", "E0102331"], "is not an LSOA code"),
        (["--centre", "51.76"], "should be LATITUDE,LONGITUDE"),
        (["--centre", "-0.011,51.762", "--radius", "400"], "latitude -0.011 is not in Great Britain"),
        (["--centre", "51.762,-0.011", "--radius", "20"], "the radius must be 50 m to 5,000 m"),
        (["--centre", "51.762,-0.011"], "--centre needs --radius"),
        (["--polygon", str(polygon)], "not valid"),
        (["--polygon", str(point)], "not a Polygon or MultiPolygon"),
        (["--polygon", str(tmp_path / "none.geojson")], "no GeoJSON file at"),
        (["--lsoa", "E01023317", "--centre", "51.7,-0.01"], "give one of"),
        (["--radius", "400"], "--radius goes with --centre"),
    ]
    for args, message in cases:
        result = run(db, "area", "geography", "Hitchin", *args)
        assert result.exit_code != 0, args
        assert message in result.stderr and result.stderr.count("\n") == 1, (args, result.stderr)
    result = run(db, "area", "geography", "Nowhere [/]", "--lsoa", "E01023317")
    assert result.exit_code != 0 and "no area called Nowhere [/]" in result.stderr
    assert _table(db, "SELECT count(*) FROM area_geographies") == [(12,)], "as setup --example placed them"
    assert ok(db, "area", "geography", "Hitchin").strip() == "Hitchin lies at 600 m round 51.94870, -0.28060"


def test_setup_example_places_the_twelve_areas_and_counts_their_records(db: Path, tmp_path: Path) -> None:
    month = tmp_path / "2026-06-hertfordshire-street.csv"
    watford = (51.6562, -0.3965)
    month.write_text(generated_month("2026-06", 3000, seed=9, centre=watford, spread=0.015),
                     encoding="utf-8")
    ok(db, "import", "crime", str(month))
    counts = _counts(db, "2026-06", "2026-06", names=None)
    assert len(counts) == 12
    rows = rows_of(month)
    assert counts["Watford"] == dict(count_in_circle(rows, *watford, 800))
    assert counts["Watford"]["2026-06"] > 100
    assert counts["St Albans"] == {"2026-06": 0}
    assert "Hitchin has no geography now" in ok(db, "area", "geography", "Hitchin", "--clear")
    assert "Hitchin has no geography (" in ok(db, "area", "geography", "Hitchin")


@pytest.mark.parametrize("collecting", [True, False], ids=["collector-on", "collector-off"])
def test_an_import_leaves_pythons_cycle_collector_as_it_found_it(db: Path, tmp_path: Path,
                                                                 collecting: bool) -> None:
    """The collector is held off while a file goes in, and given back as it was, whether
    the file went in or was refused."""
    import gc

    good = tmp_path / "2026-03-hertfordshire-street.csv"
    good.write_text(generated_month("2026-03", 300, seed=3), encoding="utf-8")
    bad = tmp_path / "2026-04-hertfordshire-street.csv"
    lines = generated_month("2026-04", 300, seed=4).splitlines(keepends=True)
    lines[250] = lines[250].replace("2026-04", "2026-05")  # refused once rows are going in
    bad.write_text("".join(lines), encoding="utf-8")
    was = gc.isenabled()
    try:
        (gc.enable if collecting else gc.disable)()
        assert "imported" in ok(db, "import", "crime", str(good))
        assert gc.isenabled() is collecting
        result = run(db, "import", "crime", str(bad))
        assert result.exit_code != 0 and "line 251" in result.output, result.output
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()
