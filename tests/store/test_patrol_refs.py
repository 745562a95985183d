"""Schema 11: every patrol has a short reference, unique, including patrols made before it."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

from hotspot_tui.domain.refs import refs_for
from hotspot_tui.store.database import upgrade_file

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v9.db"


def test_upgrading_gives_every_existing_patrol_its_reference_in_creation_order(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copyfile(FIXTURE, path)
    path.chmod(0o600)
    applied, _ = upgrade_file(path)
    assert "0011_patrol_refs" in applied
    with sqlite3.connect(path) as conn:
        rows = conn.execute("SELECT id, ref FROM shifts ORDER BY id").fetchall()
        assert rows and all(ref for _, ref in rows)
        assert dict(rows) == refs_for([i for i, _ in rows])
        try:
            conn.execute("UPDATE shifts SET ref = ? WHERE id = ?", [rows[0][1], rows[1][0]])
        except sqlite3.IntegrityError as exc:
            assert "UNIQUE" in str(exc)
        else:
            raise AssertionError("two patrols took one reference")
