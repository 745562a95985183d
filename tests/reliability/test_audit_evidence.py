"""Audit evidence outside the file: the database's key, and checkpoints written down or sent.

Each forgery here is done the way someone holding the file (but not the key) would: drop the
append-only triggers, change or delete entries, recompute every hash with the program's own
`entry_hash`, reset SQLite's counter, and put the triggers back.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
from click.testing import CliRunner

from hotspot_tui.cli import cli
from hotspot_tui.config import KEY_DIR_ENV_VAR
from hotspot_tui.domain.audit_chain import GENESIS_HASH, entry_hash, parse_checkpoint
from hotspot_tui.store.schema_audit_key import MIGRATION_NAME
from hotspot_tui.store.schema_v1 import TRIGGERS as V1_TRIGGERS

AREAS = [f"Area {n}" for n in range(1, 9)]


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(cli, list(args))
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture(scope="module")
def keyed_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A database made through the public commands: created, then eight areas added."""
    path = tmp_path_factory.mktemp("evidence") / "station.db"
    assert run("db", "init", "--db", str(path))[0] == 0
    for n, name in enumerate(AREAS):
        code, _, err = run("area", "add", name, "--district", "Watford", "--cost-code", f"CC{n}",
                           "--db", str(path))
        assert code == 0, err
    return path


def _copy(source: Path, folder: Path) -> Path:
    """A copy at another place, with this computer's record of what it has seen there."""
    target = folder / "copy.db"
    shutil.copyfile(source, target)
    key_dir = Path(os.environ[KEY_DIR_ENV_VAR])
    for heads in key_dir.glob("*.head"):
        seen = json.loads(heads.read_text())
        if str(source.resolve()) in seen:
            seen[str(target.resolve())] = seen[str(source.resolve())]
            heads.write_text(json.dumps(seen))
    return target


def _entries(path: Path) -> list[dict[str, object]]:
    conn = sqlite3.connect(str(path))
    conn.row_factory = sqlite3.Row
    rows = [dict(r) for r in conn.execute("SELECT * FROM audit_log ORDER BY seq")]
    conn.close()
    return rows


def forge(path: Path, keep: list[dict[str, object]], *, empty_identity: bool = False) -> None:
    """Replace the log by `keep`, renumbered and re-hashed with the program's own function,
    signatures left as they were (the forger has no key), counter reset, triggers restored."""
    conn = sqlite3.connect(str(path))
    conn.execute("DROP TRIGGER audit_log_no_update")
    conn.execute("DROP TRIGGER audit_log_no_delete")
    conn.execute("DELETE FROM audit_log")
    prev = GENESIS_HASH
    for seq, entry in enumerate(keep, start=1):
        row = dict(entry, seq=seq, prev_hash=prev)
        row["hash"] = entry_hash(row, prev)
        prev = str(row["hash"])
        cols = ", ".join(row)
        conn.execute(f"INSERT INTO audit_log ({cols}) VALUES ({', '.join('?' * len(row))})",
                     list(row.values()))
    conn.execute("UPDATE sqlite_sequence SET seq = ? WHERE name = 'audit_log'", [len(keep)])
    if empty_identity:
        conn.execute("DROP TRIGGER audit_identity_no_delete")
        conn.execute("DELETE FROM audit_identity")
    for trigger in V1_TRIGGERS[:2]:
        conn.execute(trigger)
    conn.commit()
    conn.close()


def _rewrite(entries: list[dict[str, object]]) -> list[dict[str, object]]:
    """Change entry #4's actor and reason, and delete entry #6."""
    out = [dict(e) for e in entries]
    out[3].update(actor="Someone Else", reason="nothing to see")
    del out[5]
    return out


FORGERIES = {
    "rewrite": _rewrite,
    "delete-tail": lambda entries: entries[:-3],
    "empty": lambda entries: [],
}


@pytest.fixture
def no_key_here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Checked on another computer, which does not hold the database's key."""
    monkeypatch.setenv(KEY_DIR_ENV_VAR, str(tmp_path / "no-keys"))


def _checkpoint(path: Path) -> str:
    code, out, err = run("audit", "checkpoint", "--db", str(path))
    assert code == 0, err
    return out.strip()


def test_a_new_database_is_keyed_outside_the_file_and_verifies_signed(keyed_db: Path) -> None:
    code, out, err = run("audit", "verify", "--db", str(keyed_db))
    assert code == 0, err
    assert out.strip() == (f"ok: {len(AREAS) + 2} audit entries, the chain is intact and signed "
                           "with this database's key")
    key_dir = Path(os.environ[KEY_DIR_ENV_VAR])
    conn = sqlite3.connect(str(keyed_db))
    [(database_id,)] = conn.execute("SELECT database_id FROM audit_identity").fetchall()
    secret = json.loads((key_dir / f"{database_id}.key").read_text())["key"]
    dump = b"".join(line.encode() for line in conn.iterdump())
    conn.close()
    assert secret.encode() not in dump and secret.encode() not in keyed_db.read_bytes()
    if os.name == "posix":
        assert stat.S_IMODE((key_dir / f"{database_id}.key").stat().st_mode) == 0o600
        assert stat.S_IMODE(key_dir.stat().st_mode) & 0o077 == 0


def test_the_checkpoint_is_a_short_code_that_verifies(keyed_db: Path) -> None:
    code = _checkpoint(keyed_db)
    point = parse_checkpoint(code)
    assert point.seq == len(AREAS) + 2 and len(code) <= 26
    ok, out, err = run("audit", "verify", "--db", str(keyed_db), "--against", code)
    assert ok == 0, err
    assert f"holds checkpoint {code}" in out
    spaced = code.replace("-", " ").upper()
    assert run("audit", "verify", "--db", str(keyed_db), "--against", spaced)[0] == 0


@pytest.mark.parametrize("how", list(FORGERIES))
def test_a_forged_log_fails_against_an_earlier_checkpoint(keyed_db: Path, tmp_path: Path, how: str) -> None:
    path = _copy(keyed_db, tmp_path)
    code = _checkpoint(path)
    forge(path, FORGERIES[how](_entries(path)))
    result, _, err = run("audit", "verify", "--db", str(path), "--against", code)
    assert result == 1, err
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("hotspot-tui: audit chain broken at entry #")


@pytest.mark.parametrize("how", list(FORGERIES))
def test_a_forged_log_fails_against_a_checkpoint_even_without_the_key(
        keyed_db: Path, tmp_path: Path, how: str, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy(keyed_db, tmp_path)
    code = _checkpoint(path)
    forge(path, FORGERIES[how](_entries(path)))
    monkeypatch.setenv(KEY_DIR_ENV_VAR, str(tmp_path / "elsewhere"))
    result, _, err = run("audit", "verify", "--db", str(path), "--against", code)
    assert result == 1, err
    point = parse_checkpoint(code)
    if how != "empty":
        assert f"entry #{point.seq}" in err and f"checkpoint {code}" in err


@pytest.mark.parametrize("how", list(FORGERIES))
def test_a_forged_log_fails_verify_alone_where_the_key_is(keyed_db: Path, tmp_path: Path, how: str) -> None:
    path = _copy(keyed_db, tmp_path)
    forge(path, FORGERIES[how](_entries(path)))
    result, _, err = run("audit", "verify", "--db", str(path))
    assert result == 1, err
    assert err.startswith("hotspot-tui: audit chain broken at entry #")
    check, _, check_err = run("db", "check", "--db", str(path))
    assert check == 1 and "audit chain broken" in check_err


def test_the_rewritten_entry_is_named_where_the_key_is(keyed_db: Path, tmp_path: Path) -> None:
    path = _copy(keyed_db, tmp_path)
    forge(path, _rewrite(_entries(path)))
    _, _, err = run("audit", "verify", "--db", str(path))
    assert "entry #4 " in err and "not signed with this database's key" in err


def test_emptying_the_log_and_its_identity_fails(keyed_db: Path, tmp_path: Path) -> None:
    path = _copy(keyed_db, tmp_path)
    forge(path, [], empty_identity=True)
    result, _, err = run("audit", "verify", "--db", str(path))
    assert result == 1 and "identity" in err


def test_a_file_stripped_back_to_an_unkeyed_schema_fails_where_it_was_keyed(tmp_path: Path) -> None:
    """Someone strips the identity, the signatures and the migration that added them, so the
    file looks older than the key: where it was keyed, that is caught, and no upgrade will
    give the rebuilt log a new key."""
    path = tmp_path / "station.db"
    assert run("db", "init", "--db", str(path))[0] == 0
    for n, name in enumerate(AREAS):
        assert run("area", "add", name, "--district", "Watford", "--cost-code", f"CC{n}",
                   "--db", str(path))[0] == 0
    forge(path, _rewrite(_entries(path)), empty_identity=True)
    conn = sqlite3.connect(str(path))
    conn.execute("DROP TABLE audit_identity")
    conn.execute("DROP INDEX idx_audit_entity")
    conn.execute("ALTER TABLE audit_log DROP COLUMN mac")
    conn.execute("DELETE FROM _sqlite_migrations WHERE name = ?", [MIGRATION_NAME])
    conn.commit()
    conn.close()
    result, _, err = run("audit", "verify", "--db", str(path))
    assert result == 1 and "has lost it" in err
    upgrade, _, up_err = run("db", "migrate", "--db", str(path))
    assert upgrade == 2 and "lost that identity" in up_err


def test_without_the_key_verify_says_so_honestly(keyed_db: Path, tmp_path: Path, no_key_here: None) -> None:
    path = _copy(keyed_db, tmp_path)
    code, out, err = run("audit", "verify", "--db", str(path))
    assert code == 0, err
    assert "no key here for database" in out and "chain checked without authentication" in out
    forge(path, _rewrite(_entries(path)))
    code, out, _ = run("audit", "verify", "--db", str(path))
    assert code == 0 and "without authentication" in out  # the limit: see docs/RELIABILITY.md


def test_entries_written_without_the_key_fail_where_the_key_is(keyed_db: Path, tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = _copy(keyed_db, tmp_path)
    key_dir = os.environ[KEY_DIR_ENV_VAR]
    monkeypatch.setenv(KEY_DIR_ENV_VAR, str(tmp_path / "laptop-without-key"))
    assert run("area", "add", "Late", "--district", "Watford", "--cost-code", "CCX",
               "--db", str(path))[0] == 0
    monkeypatch.setenv(KEY_DIR_ENV_VAR, key_dir)
    result, _, err = run("audit", "verify", "--db", str(path))
    assert result == 1 and f"entry #{len(AREAS) + 3} " in err


def test_a_final_payroll_export_carries_the_log_as_it_was_locked(demo_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "payroll.csv"
    code, _, err = run("export", "payroll", "--period", "2026-05", "--final", "--out", str(out),
                       "--db", str(demo_db))
    assert code == 0, err
    last = out.read_bytes().decode().rstrip("\r\n").splitlines()[-1]
    assert last.startswith("AUDIT,Audit checkpoint,")
    point = parse_checkpoint(last.split(",")[2])
    conn = sqlite3.connect(str(demo_db))
    action, details = conn.execute(
        "SELECT action, details FROM audit_log WHERE seq = ?", [point.seq + 1]).fetchone()
    conn.close()
    assert action == "payroll.lock" and json.loads(details)["file"] == str(out)
    again = tmp_path / "again.csv"
    assert run("export", "payroll", "--period", "2026-05", "--out", str(again),
               "--db", str(demo_db))[0] == 0
    assert again.read_bytes() == out.read_bytes()
    ok, stdout, err = run("audit", "verify", "--db", str(demo_db), "--against", str(out))
    assert ok == 0, err
    assert point.code in stdout


@pytest.mark.parametrize("fmt", ["md", "csv", "json"])
def test_every_report_carries_a_checkpoint_that_verifies(demo_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"report.{fmt}"
    assert run("report", "--db", str(demo_db), "--format", fmt, "--out", str(out))[0] == 0
    code, _, err = run("audit", "verify", "--db", str(demo_db), "--against", str(out))
    assert code == 0, err
    entries = _entries(demo_db)
    forge(demo_db, entries[:-1])
    code, _, err = run("audit", "verify", "--db", str(demo_db), "--against", str(out))
    assert code == 1 and "missing" in err


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_recharge_statements_and_xlsx_files_carry_a_checkpoint(
        demo_db: Path, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / f"recharge.{fmt}"
    code, _, err = run("export", "recharge", "--period", "2026-06", "--employer",
                       "Watford Borough Council", "--format", fmt, "--out", str(out),
                       "--db", str(demo_db))
    assert code == 0, err
    final = tmp_path / f"final.{fmt}"
    assert run("export", "payroll", "--period", "2026-05", "--final", "--format", fmt,
               "--out", str(final), "--db", str(demo_db))[0] == 0
    code, out_text, err = run("audit", "verify", "--db", str(demo_db), "--against", str(out),
                              "--against", str(final))
    assert code == 0, err
    if fmt == "xlsx":
        from openpyxl import load_workbook

        props = {p.name: p.value for p in load_workbook(final).custom_doc_props}
        assert props["Audit checkpoint"] in out_text


def test_a_file_without_a_checkpoint_or_a_bad_code_is_one_line_exit_2(keyed_db: Path, tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    plain.write_text("a,b\n1,2\n")
    for value in (str(plain), "12-zzzz", ""):
        code, _, err = run("audit", "verify", "--db", str(keyed_db), "--against", value)
        assert code == 2 and len(err.strip().splitlines()) == 1, err


def test_an_older_database_is_keyed_on_upgrade_covering_its_earlier_entries(tmp_path: Path) -> None:
    fixture = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v9.db"
    path = tmp_path / "old.db"
    shutil.copyfile(fixture, path)
    before = _entries(path)
    code, out, _ = run("audit", "verify", "--db", str(path))
    assert code == 0 and "no audit key yet" in out
    assert run("db", "migrate", "--db", str(path))[0] == 0
    after = _entries(path)
    anchor = after[len(before)]
    assert anchor["action"] == "audit.key"
    assert json.loads(str(anchor["details"]))["covers_seq"] == len(before)
    code, out, err = run("audit", "verify", "--db", str(path))
    assert code == 0 and "signed with this database's key" in out, err
    # an entry from before the upgrade, changed and every hash recomputed: the key's
    # signature on the entry that covered the old chain no longer holds
    forged = [dict(e) for e in after]
    forged[0]["actor"] = "Someone Else"
    forge(path, forged)
    code, _, err = run("audit", "verify", "--db", str(path))
    assert code == 1 and f"entry #{len(before) + 1} " in err


def test_a_database_whose_key_cannot_be_written_is_not_created(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the key folder would go")
    monkeypatch.setenv(KEY_DIR_ENV_VAR, str(blocked / "audit-keys"))
    code, _, err = run("db", "init", "--db", str(tmp_path / "new.db"))
    assert code == 2 and "audit key" in err and len(err.strip().splitlines()) == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


FORCE_STAFF = (
    "Employee number,Warrant no,Surname,Forename,Rank,Job title,Annual salary,Weekly hours\n"
    'HC104233,4521,Patel,Asha,Sergeant,Police Sergeant,"£52,064.00",40\n'
    'HC104234,1234,Jones,Kim,Constable,Police Constable,"£50,257.00",40\n'
)


def as_user(actor: str, *args: str) -> str:
    result = CliRunner().invoke(cli, ["--as", actor, *args])
    assert result.exit_code == 0, (args, result.output)
    return result.stdout


@pytest.fixture(scope="module")
def operated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A month of an operation set up from the example file through the public commands:
    patrols booked by one supervisor, approved by another, then the final payroll file of
    duty lines (CSV) and its locked re-export as XLSX. (database, CSV, XLSX)"""
    from hotspot_tui.domain import clock_utc

    with pytest.MonkeyPatch.context() as patch:
        # October is locked for payment: the run must not depend on the day it happens
        patch.setattr(clock_utc, "utc_now", lambda: clock_utc.from_utc_text("2026-12-03T07:00:00Z"))
        folder = tmp_path_factory.mktemp("operated")
        db = folder / "station.db"
        sergeant, inspector = "PS 1234 Patel", "Insp 77 Mercer"
        as_user(sergeant, "db", "init", "--db", str(db))
        (folder / "operation.toml").write_text(as_user(sergeant, "setup", "--example"), encoding="utf-8")
        as_user(sergeant, "setup", str(folder / "operation.toml"), "--db", str(db))
        (folder / "force.csv").write_text(FORCE_STAFF, encoding="utf-8")
        as_user(sergeant, "import", "staff", str(folder / "force.csv"), "--db", str(db))
        as_user(sergeant, "patrol", "plan", "every Fri 18:00-22:00 in Watford from 2026-10-02 until "
                "2026-10-09, need 2 officers", "--db", str(db))
        refs = [p["ref"] for p in json.loads(as_user(
            sergeant, "patrol", "list", "--from", "2026-10-01", "--to", "2026-10-31", "--json",
            "--db", str(db)))]
        assert len(refs) == 2
        for ref in refs:
            as_user(sergeant, "assign", ref, "HC104233", "HC104234", "--told", "2026-09-01", "--db", str(db))
            as_user(sergeant, "book", ref, "--as-planned", "--db", str(db))
            as_user(inspector, "approve", ref, "--db", str(db))
        csv_file, xlsx_file = folder / "pay.csv", folder / "pay.xlsx"
        as_user(inspector, "export", "payroll", "--period", "2026-10", "--final", "--out", str(csv_file),
                "--db", str(db))
        as_user(inspector, "export", "payroll", "--period", "2026-10", "--format", "xlsx",
                "--out", str(xlsx_file), "--db", str(db))
    return db, csv_file, xlsx_file


def test_a_final_payroll_file_of_duty_lines_carries_the_log_as_it_was_locked(
        operated: tuple[Path, Path, Path]) -> None:
    from openpyxl import load_workbook

    from hotspot_tui.exports.payroll_lines import HEADER

    db, csv_file, xlsx_file = operated
    with csv_file.open(newline="", encoding="utf-8-sig") as fh:
        lines = list(csv.reader(fh))
    assert lines[0] == list(HEADER)
    assert [line[0] for line in lines[-2:]] == ["TOTAL", "AUDIT"]
    footer = lines[-1]
    assert footer[:2] == ["AUDIT", "Audit checkpoint"] and len(footer) == len(HEADER)
    point = parse_checkpoint(footer[2])
    entries = _entries(db)
    lock = entries[point.seq]  # the entry after the checkpoint is the lock naming the file
    assert lock["action"] == "payroll.lock" and json.loads(str(lock["details"]))["file"] == str(csv_file)
    approvals = [e for e in entries if e["action"] == "assignment.approve"]
    assert len(approvals) == 4 and all(int(str(e["seq"])) <= point.seq for e in approvals)
    assert {e["actor"] for e in approvals} == {"Insp 77 Mercer"}
    props = {p.name: p.value for p in load_workbook(xlsx_file).custom_doc_props}
    assert props["Audit checkpoint"] == point.code  # the re-export carries the lock's checkpoint
    code, out, err = run("audit", "verify", "--db", str(db), "--against", str(csv_file),
                         "--against", str(xlsx_file))
    assert code == 0, err
    assert point.code in out


@pytest.mark.parametrize("key_here", [True, False], ids=["key-here", "no-key"])
def test_a_rewritten_approval_fails_against_the_payroll_file(
        operated: tuple[Path, Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        key_here: bool) -> None:
    """The approver is changed in the log (and every later hash recomputed): the final
    payroll file, kept by payroll, proves it, naming the entry with the key and the
    checkpoint's entry without it."""
    db, csv_file, xlsx_file = operated
    path = _copy(db, tmp_path)
    entries = _entries(path)
    [first] = [i for i, e in enumerate(entries) if e["action"] == "assignment.approve"][:1]
    entries[first] = dict(entries[first], actor="PS 1234 Patel")
    forge(path, entries)
    if not key_here:
        monkeypatch.setenv(KEY_DIR_ENV_VAR, str(tmp_path / "elsewhere"))
    for evidence in (csv_file, xlsx_file):
        code, _, err = run("audit", "verify", "--db", str(path), "--against", str(evidence))
        assert code == 1 and len(err.strip().splitlines()) == 1, err
        point = parse_checkpoint(csv_file.read_text(encoding="utf-8-sig").rstrip().splitlines()[-1]
                                 .split(",")[2])
        named = first + 1 if key_here else point.seq
        assert err.startswith("hotspot-tui: audit chain broken at entry #") and f"#{named} " in err, err


def test_a_database_made_by_setup_alone_is_keyed(tmp_path: Path) -> None:
    folder = tmp_path
    (folder / "operation.toml").write_text(as_user("Insp Clarke", "setup", "--example"), encoding="utf-8")
    db = folder / "new.db"
    as_user("Insp Clarke", "setup", str(folder / "operation.toml"), "--db", str(db))
    out = as_user("Insp Clarke", "audit", "verify", "--db", str(db))
    assert "signed with this database's key" in out
    assert [e["action"] for e in _entries(db)[:2]] == ["audit.key", "database.create"]
