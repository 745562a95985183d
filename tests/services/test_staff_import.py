"""Staff import: header variants, row-level problems, encodings, all-or-nothing commit."""

from __future__ import annotations

from pathlib import Path

import pytest

from hotspot_tui.errors import ValidationFailed
from hotspot_tui.services.staff_import import ImportRefused, commit, import_staff, parse

HEADER = "Payroll number,Collar,Name,Kind,Employer,Annual salary,Contracted hours,Home area\n"


def write(tmp_path: Path, text: str, name: str = "staff.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def count(session, sql: str = "SELECT count(*) FROM staff") -> int:  # type: ignore[no-untyped-def]
    return session.db.execute(sql).fetchone()[0]


def test_header_variants_are_recognised(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    before = count(session)
    path = write(tmp_path, (
        "EMPLOYEE NUMBER,warrant_no,First Name,Last Name,ROLE,Rank,"
        "Council,Salary,Hourly rate,Weekly hours,Home Area,Notes\n"
        "HC810001,4810,Amy,Brown,officer,Sergeant,,\"£52,064\",,40,Watford,ignored\n"
        "CE810002,,Ben,Cole,Community Enforcement Officer,,Watford,,,37:00,,\n"
        "HC810003,7810,Cat,Dee,P.C.S.O.,,,21135,,37,hemel hempstead,\n"
    ))
    preview = parse(session, path)
    assert preview.errors == []
    assert any("ignored column(s): Notes" in n for n in preview.notes)
    rows = {r.member.payroll_number: r for r in preview.rows}
    assert rows["HC810001"].member.rank == "sergeant"
    assert rows["CE810002"].employer_name == "Watford Borough Council"
    assert rows["CE810002"].member.pay_basis == "recharge"
    assert rows["HC810003"].home_area_name == "Hemel Hempstead"
    assert count(session) == before  # parse writes nothing


def test_row_problems_are_all_reported_with_row_numbers(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    taken = session.db.execute("SELECT payroll_number, collar_number, name FROM staff "
                               "WHERE collar_number IS NOT NULL LIMIT 1").fetchone()
    path = write(tmp_path, HEADER + (
        "HC820001,4820,Good Row,PC,,31163,40,Watford\n"
        f"{taken[0]},4821,Clash Db,PC,,31163,40,\n"
        "HC820003,4820,Clash File,PC,,31163,40,\n"
        "HC820004,4824,No Where,PC,,31163,40,Atlantis\n"
        "HC820005,4825,No Boss,PCSO,Gotham Council,21135,37,\n"
        "HC820006,4826,Big Pay,PC,,999999999999,40,\n"
        "HC820007,4827,,PC,,31163,40,\n"
    ))
    before, audit_before = count(session), count(session, "SELECT count(*) FROM audit_log")
    with pytest.raises(ImportRefused) as caught:
        import_staff(session, path)
    errors = {e.row: e.message for e in caught.value.preview.errors}
    assert sorted(errors) == [3, 4, 5, 6, 7, 8]
    assert taken[2] in errors[3]
    assert "also on row 2" in errors[4]
    assert "unknown home area 'Atlantis'" in errors[5]
    assert "unknown employer 'Gotham Council'" in errors[6]
    assert "too large" in errors[7]
    assert "name" in errors[8]
    assert "rows 3, 4, 5, 6, 7, 8" in str(caught.value)
    assert count(session) == before
    assert count(session, "SELECT count(*) FROM audit_log") == audit_before


def test_clean_file_goes_in_whole_with_audit(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    body = "".join(f"HC83{i:04d},{4830 + i},Person {i},PC,,31163,40,\n" for i in range(150))
    path = write(tmp_path, HEADER + body)
    before = count(session)
    preview = import_staff(session, path, dry_run=True)
    assert len(preview.rows) == 150 and count(session) == before
    import_staff(session, path)
    assert count(session) == before + 150
    assert count(session, "SELECT count(*) FROM audit_log WHERE action = 'staff.import'") == 150
    assert count(session, "SELECT count(*) FROM audit_log WHERE action = 'staff.import_file'") == 1


def test_commit_is_all_or_nothing_when_the_database_changed(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, HEADER + "HC840001,4840,One,PC,,31163,40,\nHC840002,4841,Two,PC,,31163,40,\n")
    preview = parse(session, path)
    from hotspot_tui.domain.staff_input import StaffInput
    from hotspot_tui.services.staff import add_person

    force = session.db.execute("SELECT id FROM employers WHERE kind = 'force'").fetchone()[0]
    add_person(session, StaffInput(name="Sneaky", payroll_number="HC840002", kind="PC",
                                   employer_id=force, salary="31163"))
    before = count(session)
    with pytest.raises(ValidationFailed, match="nothing was imported"):
        commit(session, preview)
    assert count(session) == before


@pytest.mark.parametrize(("content", "words"), [
    (b"", "is empty"),
    (b"\n\n  \n", "is empty"),
    (b"Payroll number,Name,Kind\n", "no people"),
    (b"colour,size\nred,big\n", "no recognisable header row"),
    (b"Payroll number,Collar\nHC1,12\n", "missing the column(s): Name"),
    (b"Payroll number,Employee number,Name,Kind\n", "two columns mean the same thing"),
    (b"\x00\x01\x02binary", "looks binary"),
    (b'Payroll number,Name,Kind\nHC1,"' + b"x" * 200_000 + b'",PC\n', "not a valid CSV"),
])
def test_file_problems_are_one_clear_line(session, tmp_path: Path, content, words) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "f.csv"
    path.write_bytes(content)
    with pytest.raises(ValidationFailed) as caught:
        import_staff(session, path)
    assert words in str(caught.value)
    assert "\n" not in str(caught.value)


def test_missing_file_and_folder(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationFailed, match="no file at"):
        import_staff(session, tmp_path / "missing.csv")
    with pytest.raises(ValidationFailed, match="is a folder"):
        import_staff(session, tmp_path)


def test_windows_1252_file_is_read_with_a_note(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, HEADER + "HC850001,4850,Zoë Café,PC,,\"£31,163\",40,\n", encoding="cp1252")
    preview = parse(session, path)
    assert preview.rows[0].member.name == "Zoë Café"
    assert any("Windows-1252" in n for n in preview.notes)


def test_utf8_with_bom_is_read(session, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    path = write(tmp_path, "\ufeff" + HEADER + "HC860001,4860,Ann Bom,PC,,31163,40,\n")
    assert parse(session, path).rows[0].member.payroll_number == "HC860001"
