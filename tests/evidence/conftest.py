"""A county's operation built from an empty file through the public commands, with two
years of police data imported from files in the official format."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.fresh_operation import ok
from tests.evidence.police_files import hertfordshire


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """`db init`, `setup` of the example operation (May 2026 to April 2027), Nov 2024 to
    Oct 2026 of police data imported, Watford placed as a 300 m circle round its High
    Street and St Albans as one LSOA."""
    folder = tmp_path_factory.mktemp("county")
    db = folder / "station.db"
    ok(db, "db", "init")
    operation = folder / "operation.toml"
    operation.write_text(ok(db, "setup", "--example"), encoding="utf-8")
    ok(db, "setup", str(operation))
    files = hertfordshire(folder)
    ok(db, "import", "crime", *map(str, files))
    ok(db, "area", "geography", "Watford", "--centre", "51.6556,-0.3960", "--radius", "300")
    ok(db, "area", "geography", "St Albans", "--lsoa", "E01023686")
    return db, files


@pytest.fixture
def county(built: tuple[Path, list[Path]], tmp_path: Path) -> tuple[Path, list[Path]]:
    """A copy of the built county for a test that changes it."""
    db = tmp_path / "station.db"
    shutil.copyfile(built[0], db)
    db.chmod(0o600)
    return db, built[1]
